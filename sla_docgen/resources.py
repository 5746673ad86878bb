"""Where the built-in templates live, in a wheel (sla_docgen/templates) or a source checkout (templates/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_root() -> Path:
    """The built-in templates folder: shipped inside the wheel, or the checkout's top-level `templates/`."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sla-docgen's templates folder is missing from this installation")


@cache
def schemas_root() -> Path:
    for candidate in (_PACKAGE / "schemas", _PACKAGE.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sla-docgen's schemas folder is missing from this installation")


def template_dirs(kind: str, user_dir: Path | None = None) -> list[Path]:
    """Folders to search for templates of one kind ("markdown", "html", "docx"), the user's first."""
    dirs = [templates_root() / kind]
    if user_dir is not None:
        dirs.insert(0, user_dir)
    return dirs
