"""The Japanese catalog: every message and label in the code has a translation, and the compiled .mo is current."""

from __future__ import annotations

from datetime import date

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from sla_docgen.i18n import LOCALE_DIR, default_lang, translate
from sla_docgen.i18n.formatting import FREQUENCIES, Formatter
from tests.conftest import ROOT

PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "sla_docgen.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "N_": None,
    "N_plural": (1, 2),
    "UserError": None,
    "UsageError": None,
    "RenderError": None,
    "NoSourceError": None,
}


def _catalog():  # type: ignore[no-untyped-def]
    with open(PO, "rb") as stream:
        return read_po(stream, locale="ja")


def _source_msgids() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "sla_docgen"), [("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_message_has_a_japanese_translation() -> None:
    catalog = _catalog()
    missing = []
    for msgid in sorted(_source_msgids(), key=str):
        key = msgid if isinstance(msgid, str) else msgid[0]
        entry = catalog.get(key)
        strings = entry.string if entry is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(msgid)
    assert not missing, f"translate these in {PO}: {missing}"


def test_catalog_has_no_dead_entries() -> None:
    used = {m if isinstance(m, str) else m[0] for m in _source_msgids()}
    dead = [m.id for m in _catalog() if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used]
    assert not dead, f"remove from {PO}: {dead}"


def _translations(catalog: Catalog) -> dict[tuple[object, str | None], object]:
    """(msgid, context) → translation, as gettext will look them up; the header entry left out."""

    def plain(value: str | tuple[str, ...] | list[str]) -> object:
        return value if isinstance(value, str) else tuple(value)

    def used(message: Message) -> bool:
        return bool(message.id) and not message.fuzzy

    return {(plain(m.id), m.context): plain(m.string) for m in catalog if used(m)}


def test_compiled_catalog_is_current() -> None:
    """The .mo holds the .po's translations and plural rule; its header (which names the compiler's
    version) is not compared, so a new Babel release does not make a current catalog look stale."""
    with open(MO, "rb") as stream:
        compiled = read_mo(stream)
    source = _catalog()
    hint = "run: pybabel compile -d sla_docgen/i18n/locale -D sla_docgen"
    assert _translations(compiled) == _translations(source), hint
    assert compiled.plural_forms == source.plural_forms, hint


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "ja",
            ["2027年4月1日", "￥1,200,000,000", "30%", "24時間", "3営業日", "四半期ごと", "+50点", "四半期あたり600"],
        ),
        (
            "en",
            [
                "April 1, 2027",
                "¥1,200,000,000",
                "30%",
                "24 hours",
                "3 business days",
                "Quarterly",
                "+50 points",
                "600 per quarter",
            ],
        ),
    ],
)
def test_locale_formatting(lang: str, expected: list[str]) -> None:
    f = Formatter(lang, "JPY")
    got = [
        f.date(date(2027, 4, 1)),
        f.money(1_200_000_000),
        f.percent(30),
        f.duration(24, "hours"),
        f.duration(3, "business_days"),
        translate(FREQUENCIES["quarterly"], lang),
        f.points(50),
        f.per_period(f.number(600), "quarter"),
    ]
    assert got == expected


def test_english_singular() -> None:
    assert Formatter("en", "USD").duration(1, "business_hours") == "1 business hour"
    assert Formatter("en", "USD").money(1250.5) == "$1,250.50"


@pytest.mark.parametrize(
    "env,lang",
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANGUAGE": "en:ja", "LANG": "ja_JP.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_default_language_from_environment(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang
