"""The logo named in a questionnaire: found only beside the questionnaire or in the template folder, images only."""

from __future__ import annotations

from pathlib import Path

from sla_docgen.errors import Issue, ValidationFailed
from sla_docgen.i18n import N_
from sla_docgen.validate import Questionnaire

# The formats both the PDF and the Word renderer can embed (python-docx has no SVG).
IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}

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
        return ValidationFailed([Issue(source.file, mark.line, mark.column, "agreement.branding.logo", msgid, {"path": logo})])

    if Path(logo).is_absolute() or "://" in logo:
        raise fail(MSG_LOGO_OUTSIDE)
    for root in roots:
        root = root.resolve()
        candidate = (root / logo).resolve()
        if not candidate.is_relative_to(root):
            raise fail(MSG_LOGO_OUTSIDE)
        if candidate.is_file():
            magic = IMAGE_MAGIC.get(candidate.suffix.lower())
            with open(candidate, "rb") as stream:
                head = stream.read(16)
            if magic is None or not head.startswith(magic):
                raise fail(MSG_LOGO_TYPE)
            return str(candidate)
    raise fail(MSG_LOGO_MISSING)
