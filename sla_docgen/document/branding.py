"""Logos: found only beside the questionnaire or in the template folder, PNG, JPEG or GIF only; read for embedding."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sla_docgen.errors import Issue, RenderError, ValidationFailed
from sla_docgen.i18n import N_

if TYPE_CHECKING:  # renderers import read_logo without the validation stack
    from sla_docgen.validate import Questionnaire

# The image types both the PDF and the Word renderer can embed (python-docx has no SVG), by signature.
IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes) -> str | None:
    """The MIME type of a PNG, JPEG or GIF image from its first bytes, else None."""
    return next((mime for magic, mime in IMAGE_TYPES if data.startswith(magic)), None)


def read_logo(path: str) -> tuple[str, bytes]:
    """A logo's MIME type and bytes, for a renderer to embed; a RenderError if unreadable or no image."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RenderError("Cannot read the logo {path}: {reason}", path=path, reason=error.strerror) from None
    mime = image_type(data)
    if mime is None:
        raise RenderError("The logo {path} is not a PNG, JPEG or GIF image", path=path)
    return mime, data


MSG_LOGO_OUTSIDE = N_("the logo {path!r} must be inside the questionnaire's folder or the template folder")
MSG_LOGO_MISSING = N_("the logo {path!r} does not exist")
MSG_LOGO_TYPE = N_("the logo {path!r} is not a PNG, JPEG or GIF image")

_PATH = ("agreement", "branding", "logo")


def resolve_logo(questionnaire: Questionnaire, logo: str, template_dir: Path | None) -> str:
    """The absolute path of the logo, after checking where it lies and that it is an image."""
    source = questionnaire.source
    roots = [r for r in (source.path.parent if source.path else None, template_dir) if r is not None]

    def fail(msgid: str) -> ValidationFailed:
        mark = source.mark(_PATH)
        return ValidationFailed(
            [Issue(source.file, mark.line, mark.column, "agreement.branding.logo", msgid, {"path": logo})]
        )

    if Path(logo).is_absolute() or "://" in logo:
        raise fail(MSG_LOGO_OUTSIDE)
    for root in roots:
        root = root.resolve()
        candidate = (root / logo).resolve()
        if not candidate.is_relative_to(root):
            raise fail(MSG_LOGO_OUTSIDE)
        if candidate.is_file():
            with open(candidate, "rb") as stream:
                if image_type(stream.read(16)) is None:
                    raise fail(MSG_LOGO_TYPE)
            return str(candidate)
    raise fail(MSG_LOGO_MISSING)
