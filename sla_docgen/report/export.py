"""Reading a CRM export: its encoding, its header, each record's physical line and field count, its text columns.

The file is decoded once (UTF-8, UTF-8 with a BOM, or Shift_JIS/CP932 as Japanese Excel writes
it) and handed to Polars as UTF-8 bytes. Polars cannot say on which line a record starts (a
quoted field may hold line breaks) nor tell a missing last field from an empty one, so a
vectorised scan with numpy finds the record boundaries (newlines outside quotes: an even
number of quote characters before them) and counts each record's separators.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_
from sla_docgen.reading import read_input

if TYPE_CHECKING:
    import polars as pl

MAX_EXPORT_BYTES = 2 * 1024 * 1024 * 1024
"""The largest CRM export read (a million leads take a few hundred MiB)."""
MSG_ENCODING = N_("{file}:{line}: the export is neither UTF-8 nor Shift_JIS (CP932): byte {byte} cannot be decoded")
MSG_NOT_ENCODING = N_("{file}:{line}: the export is not {encoding} as the mapping says: byte {byte} cannot be decoded")
MSG_EMPTY = N_("{file}: the export is empty; it needs a header line and one line per lead")
MSG_MISSING_ID_COLUMN = N_("{file}:1: the lead id column {column!r} is not in the export{hint}")

BOM = b"\xef\xbb\xbf"
LINE = "_line"
FIELDS = "_fields"


@dataclass(frozen=True, slots=True)
class Export:
    """The records of an export: the columns asked for, as text, with each record's line and field count."""

    file: str
    encoding: str
    """`utf-8`, `utf-8-sig` (with a byte order mark) or `cp932`."""
    header: tuple[str, ...]
    frame: pl.DataFrame
    """One row per record (blank lines left out): the columns found, `_line` and `_fields`."""
    missing: tuple[str, ...]
    """Columns asked for that the header lacks."""


def decode(data: bytes, file: str, encoding: str) -> tuple[bytes, str]:
    """The export as UTF-8 bytes without a BOM, and the encoding it was written in."""
    if encoding in ("auto", "utf-8") and data.startswith(BOM):
        data, found = data[len(BOM) :], "utf-8-sig"
    else:
        found = "utf-8" if encoding == "auto" else encoding
    utf8_error = None
    if found.startswith("utf-8"):
        try:
            data.decode("utf-8")
            return data, found
        except UnicodeDecodeError as exc:
            if encoding != "auto" or found == "utf-8-sig":
                raise _undecodable(MSG_NOT_ENCODING, data, exc, file, encoding="UTF-8") from None
            utf8_error = exc
    try:
        return data.decode("cp932").encode("utf-8"), "cp932"
    except UnicodeDecodeError as exc:
        if encoding != "auto":
            raise _undecodable(MSG_NOT_ENCODING, data, exc, file, encoding="Shift_JIS (CP932)") from None
        # The encoding that read further is the one the file is written in: report where it stopped.
        first = utf8_error if utf8_error is not None and utf8_error.start > exc.start else exc
        raise _undecodable(MSG_ENCODING, data, first, file) from None


def _undecodable(msgid: str, data: bytes, exc: UnicodeDecodeError, file: str, **params: str) -> UserError:
    line = data.count(b"\n", 0, exc.start) + 1
    return UserError(msgid, file=file, line=line, byte=f"0x{data[exc.start]:02X}", **params)


@dataclass(frozen=True, slots=True)
class Records:
    """Where each record of a CSV text starts and how many fields it has (the header is record 0)."""

    lines: np.ndarray
    """1-based physical line of each record's start."""
    fields: np.ndarray
    blank: np.ndarray
    """True for an empty line (no data at all)."""
    header: str
    """The first record's text."""


def scan(data: bytes) -> Records:
    """Record boundaries and field counts of RFC 4180 CSV, vectorised: each physical line read as one text."""
    import polars as pl

    unused = next(chr(c) for c in (0x1F, 0x1E, 0x1D, 0x1C, 0x07) if bytes([c]) not in data)
    text = pl.col("text")
    lines = pl.read_csv(
        data, has_header=False, separator=unused, quote_char=None, schema={"text": pl.String}, raise_if_empty=False
    ).with_columns(line=pl.int_range(1, pl.len() + 1, dtype=pl.Int64))
    if b'"' in data:
        # A line continues a record while an odd number of quotes came before it; quoted parts hold no separators.
        quotes = text.str.count_matches('"', literal=True).fill_null(0)
        starts_record = ((quotes.cum_sum() - quotes) % 2) == 0
        lines = lines.with_columns(record=starts_record.cum_sum())
        if lines.height and lines["record"][-1] != lines.height:
            lines = lines.group_by("record", maintain_order=True).agg(pl.col("line").first(), text.str.join("\n"))
        unquoted = text.str.replace_all('"[^"]*"', "")
    else:
        unquoted = text
    records = lines.select(
        "line",
        fields=unquoted.str.count_matches(",", literal=True).fill_null(0) + 1,
        blank=text.is_null() | (text.str.strip_chars("\r") == ""),
        text=text,
    )
    return Records(
        lines=records["line"].to_numpy(),
        fields=records["fields"].to_numpy(),
        blank=records["blank"].to_numpy(),
        header=(records["text"][0] or "") if records.height else "",
    )


def read_export(path: Path, *, columns: list[str], id_column: str, encoding: str = "auto") -> Export:
    """Read the columns asked for from the export at `path` (every value as text, empty as null)."""
    import polars as pl

    file = str(path)
    raw = read_input(path, limit=MAX_EXPORT_BYTES)  # a regular file only: a FIFO or /dev/zero is refused
    data, found = decode(raw, file, encoding)
    del raw
    records = scan(data)
    if not len(records.lines) or records.blank[0]:
        raise UserError(MSG_EMPTY, file=file)
    header = tuple(next(csv.reader(records.header.rstrip("\r").splitlines(keepends=True) or [""])))
    if id_column not in header:
        close = difflib.get_close_matches(id_column, header, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UserError(MSG_MISSING_ID_COLUMN, file=file, column=id_column, hint=hint)
    wanted = [c for c in dict.fromkeys(columns) if c in header]
    missing = tuple(c for c in dict.fromkeys(columns) if c not in header)
    body = slice(1, None)
    frame = pl.read_csv(
        data,
        columns=wanted,
        infer_schema=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    if frame.height != len(records.lines) - 1:
        # Polars keeps blank lines as empty rows; anything else would misplace every line number after it.
        raise AssertionError(f"{file}: {frame.height} rows read, {len(records.lines) - 1} records found")
    frame = frame.with_columns(
        pl.Series(LINE, records.lines[body], dtype=pl.Int64),
        pl.Series(FIELDS, records.fields[body], dtype=pl.Int32),
    ).filter(~pl.Series(records.blank[body]))
    return Export(file=file, encoding=found, header=header, frame=frame, missing=missing)
