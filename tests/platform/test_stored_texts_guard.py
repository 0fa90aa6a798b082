"""Generated text is stored as a message key (pmis.core.texts), never rendered in the clicker's language: no
notify() title/body, job progress message, JobOutput message or JobError is a gettext result. Read from the source,
so a new call site that renders on store fails here before a reader sees the wrong language."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# notify() call sites owned by the platform, projects and monitoring (portfolio and expertise convert theirs too)
NOTIFY_AREAS = ["pmis", "projects", "monitoring"]
JOB_MODULES = sorted(ROOT.glob("*/jobs.py")) + [ROOT / "pmis/core/jobs.py"]
GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy"}


def _is_rendered(node: ast.AST | None) -> bool:
    """A gettext call, or a gettext template already filled with `%` / `.format()`."""
    if node is None:
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT:
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_rendered(node.left)
    if isinstance(node, ast.IfExp):
        return _is_rendered(node.body) or _is_rendered(node.orelse)
    return False


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _offences(path: Path, *, notify: bool) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        args = {kw.arg: kw.value for kw in node.keywords}
        suspects: list[ast.AST | None] = []
        if notify and name == "notify":
            suspects = [args.get("title"), args.get("body")]
        elif name == "progress" and len(node.args) > 1:
            suspects = [node.args[1]]
        elif name == "JobError" and node.args:
            suspects = [node.args[0]]
        elif name == "JobOutput":
            suspects = [args.get("message")]
        if any(_is_rendered(s) for s in suspects):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}()")
    return found


def test_the_guard_sees_a_rendered_title() -> None:
    tree = "notify(recipients=[u], title=_('Report %(p)s') % {'p': 1})\nprogress(5, _('Reading'))\n"
    calls = [
        n for n in ast.walk(ast.parse(tree)) if isinstance(n, ast.Call) and _name(n) in ("notify", "progress")
    ]
    assert _is_rendered({kw.arg: kw.value for kw in calls[0].keywords}["title"])
    assert _is_rendered(calls[1].args[1])
    assert not _is_rendered(ast.parse("msg('Report %(p)s', p=1)").body[0].value)  # type: ignore[attr-defined]


def test_notifications_are_stored_as_message_keys() -> None:
    offences = [
        o
        for area in NOTIFY_AREAS
        for path in sorted((ROOT / area).rglob("*.py"))
        for o in _offences(path, notify=True)
    ]
    assert offences == []


def test_job_messages_and_errors_are_stored_as_message_keys() -> None:
    offences = [o for path in JOB_MODULES for o in _offences(path, notify=False)]
    assert offences == []
