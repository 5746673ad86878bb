"""The questionnaire's logo: found only beside the questionnaire or in the template folder, decoded and checked once.

Pillow (installed anyway: it is WeasyPrint's image decoder) decodes the whole image here, during
validation, so that every renderer gets the same verified bytes and sizes: a file with an image
signature and a broken body, a GIF header followed by HTML, or a decompression bomb is a located
error in `validate` instead of a crash, a silently missing logo or gigabytes of memory in `render`.
The bytes are embedded as they are (not re-encoded), so the output does not depend on Pillow's encoder.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sla_docgen.errors import REASON_TOO_LARGE, InputError, Issue, Reason, ValidationFailed
from sla_docgen.i18n import N_
from sla_docgen.loader import Loaded
from sla_docgen.reading import read_input

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 4096
"""Pixels, on each side: at most 64 MiB once decoded (RGBA), whatever the file's compression."""

# The image types both the PDF and the Word renderer can embed (python-docx has no SVG), by signature.
IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"GIF87a", "image/gif", "GIF"),
    (b"GIF89a", "image/gif", "GIF"),
)
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}

MSG_LOGO_OUTSIDE = N_("the logo {path!r} must be inside the questionnaire's folder or the template folder")
MSG_LOGO_MISSING = N_("the logo {path!r} does not exist")
MSG_LOGO_UNUSABLE = N_("the logo {path!r} cannot be used: {reason}")
REASON_TYPE = N_("it is not a PNG, JPEG or GIF image")
REASON_DIMENSIONS = N_("it is {width}×{height} pixels; the limit is {limit}×{limit}")
REASON_DAMAGED = N_("it starts like a {format} image but cannot be decoded: the file is damaged")

LOGO_PATH = ("agreement", "branding", "logo")


@dataclass(frozen=True, slots=True)
class Logo:
    """A logo whose bytes decoded completely as a PNG, JPEG or GIF image within the limits."""

    mime: str
    data: bytes
    width: int
    """Pixels."""
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime]


class ImageRejected(Exception):
    """An image failed a check; `reason` (a Reason) and `params` say why."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = Reason(reason)
        self.params = params


def image_type(data: bytes) -> tuple[str, str] | None:
    """The MIME type and Pillow format name of a PNG, JPEG or GIF image from its first bytes, else None."""
    return next(((mime, name) for magic, mime, name in IMAGE_TYPES if data.startswith(magic)), None)


def check_image(data: bytes) -> Logo:
    """Decode the whole image once; raises ImageRejected unless it is a sound PNG, JPEG or GIF within the limits."""
    if len(data) > MAX_LOGO_BYTES:
        raise ImageRejected(REASON_TOO_LARGE, size=len(data), limit=MAX_LOGO_BYTES)
    kind = image_type(data)
    if kind is None:
        raise ImageRejected(REASON_TYPE)
    mime, name = kind
    from PIL import GifImagePlugin, JpegImagePlugin, PngImagePlugin

    # The format's own reader rather than Image.open: it reads the header only, so that the size is
    # checked here (Image.open refuses huge pictures itself, as an error that does not say their size).
    reader: dict[str, Callable[[io.BytesIO], Any]] = {
        "PNG": PngImagePlugin.PngImageFile,
        "JPEG": JpegImagePlugin.JpegImageFile,
        "GIF": GifImagePlugin.GifImageFile,
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Pillow warns of corrupt data it reads on: refuse it
            with reader[name](io.BytesIO(data)) as image:
                width, height = image.size
                if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:  # before decoding a single pixel
                    raise ImageRejected(REASON_DIMENSIONS, width=width, height=height, limit=MAX_LOGO_SIDE)
                image.load()
    except ImageRejected:
        raise
    except Exception:  # Pillow raises many kinds on damaged data (OSError, SyntaxError, struct.error ...)
        raise ImageRejected(REASON_DAMAGED, format=name) from None
    if width < 1 or height < 1:
        raise ImageRejected(REASON_DAMAGED, format=name)
    return Logo(mime, data, width, height)


def find_logo(source: Loaded, logo: str, template_dir: Path | None) -> Logo:
    """The logo named in the questionnaire, looked up beside it and then in the template folder, checked.

    Every problem is a ValidationFailed at `agreement.branding.logo`.
    """
    roots = [r for r in (source.path.parent if source.path else None, template_dir) if r is not None]

    def fail(msgid: str, **params: Any) -> ValidationFailed:
        mark = source.mark(LOGO_PATH)
        issue = Issue(source.file, mark.line, mark.column, "agreement.branding.logo", msgid, {"path": logo, **params})
        return ValidationFailed([issue])

    if Path(logo).is_absolute() or "://" in logo:
        raise fail(MSG_LOGO_OUTSIDE)
    for root in roots:
        root = root.resolve()
        candidate = (root / logo).resolve()  # follows symbolic links: one that leads out is refused
        if not candidate.is_relative_to(root):
            raise fail(MSG_LOGO_OUTSIDE)
        if not candidate.exists():
            continue
        try:
            return check_image(read_input(candidate, limit=MAX_LOGO_BYTES))
        except InputError as error:
            raise fail(MSG_LOGO_UNUSABLE, **{**error.params, "path": logo}) from None
        except ImageRejected as rejected:
            raise fail(MSG_LOGO_UNUSABLE, reason=rejected.reason, **rejected.params) from None
    raise fail(MSG_LOGO_MISSING)
