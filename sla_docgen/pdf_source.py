"""Get the questionnaire back out of a PDF made by sla-docgen, and nothing else.

Only the attachment sla-docgen itself makes is taken: a file specification in the catalog's
associated files (/AF) whose relationship is /Source and whose name is a questionnaire's
(`NAME.yaml` or `NAME.yml`, no folder, not hidden). Its data is decompressed with a bound and
checked against the size and MD5 checksum the PDF records. Every object is checked for its type
on the way, references are followed a bounded number of steps, and any damage is reported as
"this PDF's embedded questionnaire cannot be read: REASON" instead of a parser's traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from sla_docgen.errors import Reason, UserError
from sla_docgen.i18n import N_
from sla_docgen.loader import MAX_BYTES

MAX_PDF_BYTES = 100 * 1024 * 1024
"""The largest PDF `extract` reads (sla-docgen's own are a few MiB even for a 1 MiB questionnaire)."""
MAX_REFERENCE_STEPS = 16

_QUESTIONNAIRE_NAME = re.compile(r"^[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]{0,200}\.ya?ml$", re.IGNORECASE)

MSG_NOT_PDF = N_("{path} is not a PDF file")
MSG_NO_SOURCE = N_("{path} has no embedded questionnaire (only PDFs made by sla-docgen carry one)")
MSG_UNREADABLE = N_("{path}: this PDF's embedded questionnaire cannot be read: {reason}")
REASON_STRUCTURE = N_("the PDF's structure is damaged ({detail})")
REASON_ENCRYPTED = N_("the PDF is encrypted")
REASON_TYPE = N_("{key} is {found} where {expected} belongs")
REASON_LOOP = N_("a chain of references does not end")
REASON_FILTER = N_("it is compressed with {detail}, which sla-docgen does not use")
REASON_CORRUPT = N_("its compressed data is damaged")
REASON_TOO_LARGE = N_("it is larger than {limit} bytes")
REASON_CHECKSUM = N_("its data does not match the size or checksum the PDF records")
REASON_NO_DATA = N_("the attachment has no data")
REASON_NO_CHECKSUM = N_("the attachment has no checksum (sla-docgen always records one)")


# What a PDF parser raises on a damaged file besides its own errors: those of the data it decodes.
_PARSER_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    struct.error,
    zlib.error,
    EOFError,
    NotImplementedError,
    ArithmeticError,  # decimal.InvalidOperation on a malformed number, among others
)


class NoSourceError(UserError):
    """The PDF carries no embedded questionnaire, or it cannot be read."""


class _Damaged(Exception):
    """A structure is not what sla-docgen writes; `reason` is a Reason with its parameters."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = Reason(reason)
        self.params = params


def extract_source(pdf: bytes, *, display: str = "PDF") -> tuple[str, bytes]:
    """The embedded questionnaire's file name and exact bytes; NoSourceError naming `display` otherwise."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in pdf[:1024]:
        raise NoSourceError(MSG_NOT_PDF, path=display)
    with _unreadable(display):
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise _Damaged(REASON_ENCRYPTED)
        root = _resolve(reader.trailer.raw_get("/Root"), "/Root", dict)
    return source_of(root, display=display)


def source_of(root: Any, *, display: str = "PDF", check_integrity: bool = True) -> tuple[str, bytes]:
    """The questionnaire attached to a document catalog (also one of an earlier revision, for `verify`):
    its file name and exact bytes; NoSourceError when there is none or it cannot be read.

    `check_integrity=False` skips the checksum the PDF records: `verify` compares the bytes with the
    fingerprint printed on the pages instead, which tells a forged attachment from a damaged one.
    """
    with _unreadable(display):
        spec = _source_spec(root)
        if spec is None:
            raise NoSourceError(MSG_NO_SOURCE, path=display)
        name, stream = spec
        return name, _stream_bytes(stream, check_integrity=check_integrity)


@contextlib.contextmanager
def _unreadable(display: str) -> Iterator[None]:
    """Turn a damaged structure, a reference loop or a parser's error into NoSourceError."""
    from pyhanko.pdf_utils.misc import PdfError

    parser_errors: tuple[type[Exception], ...] = (*_PARSER_ERRORS, PdfError)
    try:
        yield
    except _Damaged as damaged:
        raise NoSourceError(MSG_UNREADABLE, path=display, reason=damaged.reason, **damaged.params) from None
    except RecursionError:
        raise NoSourceError(MSG_UNREADABLE, path=display, reason=Reason(REASON_LOOP)) from None
    except parser_errors as error:
        detail = (str(error).splitlines() or [type(error).__name__])[0][:120] or type(error).__name__
        raise NoSourceError(MSG_UNREADABLE, path=display, reason=Reason(REASON_STRUCTURE), detail=detail) from None


def _source_spec(root: Any) -> tuple[str, Any] | None:
    """The name and embedded-file stream of sla-docgen's attachment, or None when there is none."""
    root = _resolve(root, "/Root", dict)
    if "/AF" not in root:
        return None
    seen: set[int] = set()
    for entry in _resolve(root.raw_get("/AF"), "/AF", list):
        spec = _resolve(entry, "/AF", dict)
        if id(spec) in seen:
            continue
        seen.add(id(spec))
        relation = (
            _resolve(spec.raw_get("/AFRelationship"), "/AFRelationship", str) if "/AFRelationship" in spec else None
        )
        if relation != "/Source":
            continue
        name = _name(spec)
        if name is None:
            continue
        if "/EF" not in spec:
            raise _Damaged(REASON_NO_DATA)
        files = _resolve(spec.raw_get("/EF"), "/EF", dict)
        if "/F" not in files:
            raise _Damaged(REASON_NO_DATA)
        return name, _resolve(files.raw_get("/F"), "/EF /F", "stream")
    return None


def _name(spec: Any) -> str | None:
    """The attachment's file name if it is a questionnaire's, else None (not sla-docgen's attachment)."""
    for key in ("/UF", "/F"):
        if key in spec:
            value = _resolve(spec.raw_get(key), key, (str, bytes))
            if isinstance(value, bytes):
                try:
                    value = value.decode("utf-8")
                except UnicodeDecodeError:
                    return None
            name = str(value)
            return name if _QUESTIONNAIRE_NAME.match(name) else None
    return None


def _stream_bytes(stream: Any, *, check_integrity: bool) -> bytes:
    """The stream's data, inflated with a bound, checked against the recorded size and checksum."""
    filters = stream.raw_get("/Filter") if "/Filter" in stream else None
    filters = _resolve(filters, "/Filter", (str, list)) if filters is not None else []
    names = [str(_resolve(f, "/Filter", str)) for f in (filters if isinstance(filters, list) else [filters])]
    if names not in ([], ["/FlateDecode"]) or "/DecodeParms" in stream:
        raise _Damaged(REASON_FILTER, detail=" ".join(names) + (" /DecodeParms" if "/DecodeParms" in stream else ""))
    raw = stream.encoded_data
    if not isinstance(raw, bytes):
        raise _Damaged(REASON_NO_DATA)
    if names:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, MAX_BYTES + 1)
        except zlib.error:
            raise _Damaged(REASON_CORRUPT) from None
        if len(data) > MAX_BYTES or inflater.unconsumed_tail:
            raise _Damaged(REASON_TOO_LARGE, limit=MAX_BYTES)
        if not inflater.eof:  # cut short: the stream's own checksum (Adler-32) was never reached
            raise _Damaged(REASON_CORRUPT)
    else:
        if len(raw) > MAX_BYTES:
            raise _Damaged(REASON_TOO_LARGE, limit=MAX_BYTES)
        data = raw
    if check_integrity:
        _check_params(stream, data)
    return data


def _check_params(stream: Any, data: bytes) -> None:
    """The data must match the MD5 checksum (and the size, when given) that sla-docgen's PDFs always record:
    a damaged stream can still inflate, or lose its filter and be taken for plain data."""
    params = _resolve(stream.raw_get("/Params"), "/Params", dict) if "/Params" in stream else None
    if params is None or "/CheckSum" not in params:
        raise _Damaged(REASON_NO_CHECKSUM)
    if "/Size" in params and _resolve(params.raw_get("/Size"), "/Size", int) != len(data):
        raise _Damaged(REASON_CHECKSUM)
    checksum = _resolve(params.raw_get("/CheckSum"), "/CheckSum", (bytes, str))
    # A string the parser took for text (it may start like a UTF-16 mark) still has its bytes.
    expected = checksum if isinstance(checksum, bytes) else checksum.original_bytes
    if hashlib.md5(data, usedforsecurity=False).digest() != expected:
        raise _Damaged(REASON_CHECKSUM)


_KINDS = {dict: N_("a dictionary"), list: N_("an array"), str: N_("a name or text"), int: N_("a number")}


def _resolve(value: Any, key: str, expected: Any) -> Any:
    """Follow references (a bounded number of steps) and check the object's type."""
    from pyhanko.pdf_utils.generic import IndirectObject, NullObject, StreamObject

    for _step in range(MAX_REFERENCE_STEPS):
        if not isinstance(value, IndirectObject):
            break
        value = value.reference.get_object()
    else:
        raise _Damaged(REASON_LOOP)
    wanted = expected if isinstance(expected, tuple) else (expected,)
    ok = any(
        isinstance(value, StreamObject) if kind == "stream" else isinstance(value, kind) and not isinstance(value, bool)
        for kind in wanted
    )
    if ok and not isinstance(value, NullObject):
        return value
    found = "null" if value is None or isinstance(value, NullObject) else type(value).__name__.removesuffix("Object")
    expected_word = N_("a stream") if wanted == ("stream",) else _KINDS.get(wanted[0], N_("another kind of object"))
    raise _Damaged(REASON_TYPE, key=key, found=found, expected=Reason(expected_word))
