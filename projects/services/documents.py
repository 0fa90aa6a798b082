"""Document uploads and the methodology library: checked, hashed, stored under server-chosen names."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Document, MethodologyTemplate, MethodologyTemplateVersion, Milestone, Project

# extension → (accepted declared content types, leading bytes the file must start with or None)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)
ALLOWED_TYPES: dict[str, tuple[tuple[str, ...], tuple[bytes, ...] | None]] = {
    ".pdf": (("application/pdf",), (b"%PDF-",)),
    ".docx": (("application/vnd.openxmlformats-officedocument.wordprocessingml.document",), _ZIP),
    ".xlsx": (("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",), _ZIP),
    ".pptx": (("application/vnd.openxmlformats-officedocument.presentationml.presentation",), _ZIP),
    ".doc": (("application/msword",), _OLE),
    ".xls": (("application/vnd.ms-excel",), _OLE),
    ".odt": (("application/vnd.oasis.opendocument.text",), _ZIP),
    ".ods": (("application/vnd.oasis.opendocument.spreadsheet",), _ZIP),
    ".png": (("image/png",), (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": (("image/jpeg",), (b"\xff\xd8\xff",)),
    ".jpeg": (("image/jpeg",), (b"\xff\xd8\xff",)),
    ".webp": (("image/webp",), (b"RIFF",)),
    ".txt": (("text/plain",), None),
    ".csv": (("text/csv", "text/plain"), None),
}
_GENERIC_TYPES = ("application/octet-stream", "")
# images are opened with Pillow before they are stored: extension → the format Pillow must find
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000


def allowed_extensions() -> list[str]:
    return sorted(ALLOWED_TYPES)


def _safe_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]", "_", base).strip(" .")
    return base[:200] or "file"


def _verify_image(uploaded: Any, extension: str) -> None:
    """Open the image with Pillow (header and structure, no full decode): a renamed or broken file, an image
    of another format or one of absurd dimensions is refused."""
    from PIL import Image, UnidentifiedImageError

    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            fmt, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a readable image.")) from exc
    finally:
        uploaded.seek(0)
    if fmt != IMAGE_FORMATS[extension]:
        raise ValidationError(_("The file's content does not match its extension."))
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The image is too large (at most %(mp)s megapixels).") % {"mp": PHOTO_MAX_PIXELS // 1_000_000}
        )


def inspect_upload(uploaded: Any, *, photo: bool = False) -> tuple[str, str, str, int]:
    """Check size, extension, declared type and leading bytes before anything is stored; images (and every
    photo, which must be a JPEG, PNG or WebP image) are also opened with Pillow.

    Returns (extension, content type, sha256, size). Raises ValidationError with a message for the user.
    """
    limit = min(settings.PMIS_UPLOAD_MAX_BYTES, PHOTO_MAX_BYTES) if photo else settings.PMIS_UPLOAD_MAX_BYTES
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > limit:
        raise ValidationError(_("The file is too large (limit %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
    extension = PurePath(uploaded.name or "").suffix.lower()
    if photo and extension not in IMAGE_FORMATS:
        raise ValidationError(_("A photo must be a JPEG, PNG or WebP image."))
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted. Allowed: %(list)s.")
            % {"list": ", ".join(allowed_extensions())}
        )
    types, magic = ALLOWED_TYPES[extension]
    declared = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in types and declared not in _GENERIC_TYPES:
        raise ValidationError(_("The file's type does not match its extension."))
    uploaded.seek(0)
    head = uploaded.read(16)
    if magic is not None and not any(head.startswith(m) for m in magic):
        raise ValidationError(_("The file's content does not match its extension."))
    if magic is None and b"\x00" in head:
        raise ValidationError(_("The file's content does not match its extension."))
    if extension in IMAGE_FORMATS:
        _verify_image(uploaded, extension)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return extension, types[0], digest.hexdigest(), size


def document_download_name(document: Document) -> str:
    """The name a download gets: built by the server from the project code, type and version (ASCII)."""
    extension = PurePath(document.file.name or "").suffix.lower()
    version = re.sub(r"[^0-9A-Za-z.-]", "", document.version) or "1"
    return f"{document.project.code}-{document.doc_type}-v{version}{extension}"


def template_download_name(version: MethodologyTemplateVersion) -> str:
    extension = PurePath(version.file.name or "").suffix.lower()
    return f"methodology-{version.template.kind}-{version.template_id}-v{version.version}{extension}"


@transaction.atomic
def document_upload(
    *,
    project: Project,
    actor: Any,
    uploaded_file: Any,
    doc_type: str,
    title: str,
    version: str = "1",
    milestone: Milestone | None = None,
    template_version: MethodologyTemplateVersion | None = None,
) -> Document:
    """Store a checked file for the project, with its SHA-256, size and type; the stored name is random."""
    extension, content_type, sha256, size = inspect_upload(
        uploaded_file, photo=doc_type == Document.Type.PHOTO
    )
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError({"milestone": _("The milestone belongs to another project.")})
    document = Document(
        project=project,
        doc_type=doc_type,
        title=title,
        version=version or "1",
        sha256=sha256,
        size=size,
        content_type=content_type,
        original_name=_safe_name(uploaded_file.name),
        uploaded_by=actor,
        milestone=milestone,
        template_version=template_version,
    )
    document.file.save(f"{uuid.uuid4().hex}{extension}", File(uploaded_file), save=False)
    try:
        document.full_clean()
    except ValidationError:
        document.file.delete(save=False)
        raise
    document.save()
    return document


@transaction.atomic
def methodology_template_version_publish(
    *, template: MethodologyTemplate, actor: Any, uploaded_file: Any, notes: str = ""
) -> MethodologyTemplateVersion:
    """Publish the next version of a template; it becomes the current one and the older ones stay downloadable."""
    extension, content_type, sha256, size = inspect_upload(uploaded_file)
    MethodologyTemplate.objects.select_for_update().filter(pk=template.pk).first()
    last = template.versions.order_by("-version").values_list("version", flat=True).first() or 0
    version = MethodologyTemplateVersion(
        template=template,
        version=last + 1,
        original_name=_safe_name(uploaded_file.name),
        sha256=sha256,
        size=size,
        content_type=content_type,
        published_at=timezone.now(),
        is_current=True,
        notes=notes,
    )
    version.file.save(f"{uuid.uuid4().hex}{extension}", File(uploaded_file), save=False)
    version.full_clean()
    for previous in template.versions.filter(is_current=True):
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
    version.save()
    return version


@transaction.atomic
def methodology_template_create(
    *, actor: Any, kind: str, title_ru: str, title_kk: str = "", title_en: str = ""
) -> MethodologyTemplate:
    template = MethodologyTemplate(kind=kind, title_ru=title_ru, title_kk=title_kk, title_en=title_en)
    template.full_clean()
    template.save()
    return template
