"""The questionnaire's fingerprint: the SHA-256 of its exact bytes, printed on the PDF's pages and checked by `verify`.

A printed copy carries the short form on every page and the full form on the signature page,
so paper can be tied to the signed data: `sla-docgen verify` prints the same digits.
"""

from __future__ import annotations

import hashlib

SHORT_DIGITS = 16
"""64 bits: enough to tell two versions of an agreement apart at a glance, short enough for a footer."""


def fingerprint(source: bytes) -> str:
    """The full fingerprint: 64 lower-case hexadecimal digits."""
    return hashlib.sha256(source).hexdigest()


def grouped(digits: str) -> str:
    """Digits in groups of four, easier to read aloud and compare: `3f2a 9c1b ...`."""
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def short(full: str) -> str:
    """The first 16 digits of a full fingerprint, grouped."""
    return grouped(full[:SHORT_DIGITS])
