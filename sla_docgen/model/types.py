"""Value types shared by the questionnaire models: per-language text, ids, numbers, dates, durations.

Each type validates strictly (YAML `1.10` is a number, not the text "1.10") and raises a
`PydanticCustomError` whose message is an English gettext msgid, so that the loader can
translate it and locate it in the file.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from sla_docgen.i18n import LANGS, N_

Lang = Literal["ja", "en"]


class Strict(BaseModel):
    """Base of every questionnaire model: unknown keys are errors, values are not coerced."""

    # Field docstrings document the schema; `sla_docgen.schema` reads them when it generates the
    # JSON Schema rather than pydantic at import (use_attribute_docstrings costs ~100 ms per start).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


# --- messages of the custom value errors (translated by the loader) ---------------------------------

MSG_TEXT_TYPE = N_("expected text, got {kind} {given}; put it in quotes if it is meant as text")
MSG_TEXT_EMPTY = N_("text must not be empty")
MSG_TEXT_LANG = N_("unsupported language {lang!r}; use one of: {langs}")
MSG_TEXT_MAP_EMPTY = N_("give the text in at least one language")
MSG_NUMBER_TYPE = N_("expected a number, got {kind} {given}")
MSG_NUMBER_FINITE = N_("expected a finite number")
MSG_DATE = N_("expected a date written as YYYY-MM-DD, got {given}")
MSG_DATE_INVALID = N_("{given} is not a date in the calendar")
MSG_PHONE = N_("{given} is not a phone number: use digits, spaces, '-', '(' and ')', optionally a leading '+'")

CUSTOM_MESSAGES = {
    "sla_text_type": MSG_TEXT_TYPE,
    "sla_text_empty": MSG_TEXT_EMPTY,
    "sla_text_lang": MSG_TEXT_LANG,
    "sla_text_map_empty": MSG_TEXT_MAP_EMPTY,
    "sla_number_type": MSG_NUMBER_TYPE,
    "sla_number_finite": MSG_NUMBER_FINITE,
    "sla_date": MSG_DATE,
    "sla_date_invalid": MSG_DATE_INVALID,
    "sla_phone": MSG_PHONE,
}
"""Error type → English msgid, for the custom errors raised below."""


def describe(value: Any) -> tuple[str, str]:
    """A kind word (a msgid, translated when the message is) and a short rendering of a wrong value."""
    if value is None:
        return N_("null"), ""
    if isinstance(value, bool):
        return N_("a boolean"), "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 64:
        # Python refuses to write out integers of more than 4,300 digits; the first digits are enough.
        return N_("a number"), (str(value)[:12] if value.bit_length() < 14_000 else "") + "…"
    if isinstance(value, (int, float)):
        return N_("a number"), repr(value)
    if isinstance(value, str):
        return N_("text"), repr(value[:40])
    if isinstance(value, dict):
        return N_("a mapping"), ""
    if isinstance(value, list):
        return N_("a list"), ""
    return type(value).__name__, ""


def _nonempty_str(value: Any) -> str:
    if not isinstance(value, str):
        kind, given = describe(value)
        raise PydanticCustomError("sla_text_type", MSG_TEXT_TYPE, {"kind": kind, "given": given})
    if not value.strip():
        raise PydanticCustomError("sla_text_empty", MSG_TEXT_EMPTY)
    return value


def _local_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("sla_text_map_empty", MSG_TEXT_MAP_EMPTY)
        for lang, text in value.items():
            if lang not in LANGS:
                raise PydanticCustomError("sla_text_lang", MSG_TEXT_LANG, {"lang": lang, "langs": ", ".join(LANGS)})
            _nonempty_str(text)
        return dict(value)
    return _nonempty_str(value)


_TEXT_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1}

Str = Annotated[str, PlainValidator(_nonempty_str), WithJsonSchema(_TEXT_SCHEMA)]
"""Non-empty text that is the same in every language (names, tools, e-mail addresses)."""

LocalText = Annotated[
    str | dict[str, str],
    PlainValidator(_local_text),
    WithJsonSchema(
        {
            "anyOf": [
                {**_TEXT_SCHEMA, "description": "The same text for every language."},
                {
                    "type": "object",
                    "description": "The text per language.",
                    "properties": {lang: _TEXT_SCHEMA for lang in LANGS},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }
    ),
]
"""Free text: a plain string, or a mapping with one entry per language (`{ja: ..., en: ...}`)."""

# Field patterns, named so that the validator can give each its own message.
ID_PATTERN = r"^[a-z][a-z0-9_-]{0,62}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
VERSION_PATTERN = r"^\d{1,9}(\.\d{1,9}){0,3}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
AGREEMENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

Id = Annotated[str, Field(pattern=ID_PATTERN, examples=["marketing", "mql-volume"])]
"""A stable key: lower-case letters, digits, `-` and `_`, starting with a letter."""

Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254)]

PHONE_PATTERN = r"^\+?[0-9(][0-9 ()-]{4,30}[0-9]$"
_PHONE = re.compile(PHONE_PATTERN)


def _phone(value: Any) -> str:
    text = _nonempty_str(value)
    if not _PHONE.match(text):
        raise PydanticCustomError("sla_phone", MSG_PHONE, {"given": repr(text[:40])})
    return text


Phone = Annotated[str, PlainValidator(_phone), WithJsonSchema({"type": "string", "pattern": PHONE_PATTERN})]
"""A phone number as people write it: 03-1234-5678, +81 3 1234 5678, (03) 1234-5678."""

Version = Annotated[str, Field(pattern=VERSION_PATTERN, examples=["1.0", "2.3"])]
"""A version written as text, e.g. "1.10" (quote it: YAML reads 1.10 as the number 1.1)."""


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind, given = describe(value)
        raise PydanticCustomError("sla_number_type", MSG_NUMBER_TYPE, {"kind": kind, "given": given})
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("sla_number_finite", MSG_NUMBER_FINITE)
    return value


def _range(low: int, high: int) -> tuple[Any, ...]:
    """The checks of a finite number (whole or not) in [low, high], with the range in the JSON Schema."""
    return (
        PlainValidator(_number),
        Field(ge=low, le=high),
        WithJsonSchema({"type": "number", "minimum": low, "maximum": high}),
    )


MAX_QUANTITY = 10**15
"""The largest goal or KPI value: 1,000 trillion (yen, leads, hours ...), well inside a float's exact integers."""

Quantity = Annotated[int | float, *_range(0, MAX_QUANTITY)]
"""A target, minimum or measured value: a finite number from 0 to 10^15 (`.nan` and `.inf` are refused)."""

Percent = Annotated[int | float, *_range(0, 100)]
"""A rate in per cent, from 0 to 100."""

Amount = Annotated[int | float, *_range(1, MAX_QUANTITY)]
"""An amount of money in the agreement's currency, from 1 to 10^15."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("sla_date", MSG_DATE, {"given": describe(value)[1] or repr(value)})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("sla_date_invalid", MSG_DATE_INVALID, {"given": value}) from None


IsoDate = Annotated[date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date written YYYY-MM-DD."""

Points = Annotated[int, Field(ge=-1000, le=1000)]
"""Lead-scoring points: a whole number from -1,000 to 1,000."""
Days = Annotated[int, Field(ge=1, le=3650)]
"""A number of days: a whole number from 1 to 3,650 (ten years)."""


Frequency = Literal["daily", "weekly", "biweekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly"]


GoalPeriod = Literal["week", "month", "quarter", "half_year", "year", "term"]
"""The span a target is counted over; `term` is the agreement's whole effective period."""


Unit = Literal["count", "percent", "currency", "currency_per_day", "hours", "days", "points"]
"""What a target counts; `currency` uses the agreement's currency, `currency_per_day` is e.g. sales velocity."""


Direction = Literal["at_least", "at_most"]
"""Whether more is better (`at_least`, e.g. leads) or less is better (`at_most`, e.g. cost per lead)."""


DurationUnit = Literal["minutes", "hours", "business_hours", "days", "business_days"]


class Duration(Strict):
    """A time limit such as 24 business hours."""

    value: Annotated[int, Field(ge=1, le=10_000)]
    unit: DurationUnit


SpanUnit = Literal["days", "weeks", "months"]


class Span(Strict):
    """A length of calendar time such as 90 days or 3 months (a rolling window, a freeze)."""

    value: Annotated[int, Field(ge=1, le=3650)]
    unit: SpanUnit


Tier: TypeAlias = Literal["high", "mid", "low"]
TIERS: tuple[Tier, ...] = ("high", "mid", "low")
