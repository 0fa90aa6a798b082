"""Stored files: random storage names, and the one way a stored file reaches a reader.

No file under MEDIA_ROOT is served by URL (no settings module maps MEDIA_URL): every uploaded or generated
file goes out through an access-checked download view that calls `file_response`. Storage names are random
(`RandomName`), so neither a project code nor an uploader's file name appears in a path; the name a reader
sees comes from the row (an original-name field or a name built by the server).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import PurePath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")


def safe_extension(name: str) -> str:
    """The lower-cased extension of a file name, or "" when it is not a plain short one."""
    suffix = PurePath(name or "").suffix.lower()
    return suffix if _EXTENSION.match(suffix) else ""


def display_name(name: str, *, limit: int = 255) -> str:
    """A file name fit for a Content-Disposition header: its last path part, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(cleaned) > limit:
        extension = safe_extension(cleaned)
        cleaned = cleaned[: limit - len(extension)] + extension
    return cleaned


def random_storage_name(folder: str, filename: str) -> str:
    """`<folder>/<year>/<32 random hex digits><extension>`: nothing in it can be guessed from the content."""
    return f"{folder}/{timezone.now():%Y}/{secrets.token_hex(16)}{safe_extension(filename)}"


@deconstructible
class RandomName:
    """An `upload_to` that keeps only the extension of the given name and stores under a random one."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        return random_storage_name(self.folder, filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def file_response(file: FieldFile, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Send a stored file as an attachment named `filename`; a missing file is a 404, never a 500.

    Called only by views that have already checked the reader's access to the row the file belongs to.
    """
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=display_name(filename) or "download",
        content_type=content_type,  # None: guessed from `filename`
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
