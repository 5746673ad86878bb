"""The comparison as a list: text for a terminal or a log, JSON for scripts and CI (a stable, documented shape)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from pydantic import BaseModel

from sla_docgen.diff import Comparison
from sla_docgen.diff.compare import Kind, key_path
from sla_docgen.document.blocks import Text
from sla_docgen.i18n import N_, N_plural, translations

SIGNS: dict[Kind, str] = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
COLOURS: dict[Kind, str] = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan"}
KIND_COUNTS: dict[Kind, str] = {
    "added": N_("{n} added"),
    "removed": N_("{n} removed"),
    "changed": N_("{n} changed"),
    "moved": N_("{n} moved"),
}
MSG_SUMMARY = N_("{total}: {parts}")
MSG_VERSIONS = N_("{old_version} ({old_date}) → {new_version} ({new_date})")
MSG_COUNT = N_plural("{n} change", "{n} changes")
MSG_SAME = N_("No changes in the terms.")
MSG_OTHER_AGREEMENT = N_("warning: comparing two different agreements ({old} and {new})")
JSON_VERSION = 1
"""Raised when the JSON's shape changes in a way a script could notice."""


def sections(comparison: Comparison) -> dict[str, Text]:
    """Section key → the section's title, in the order of NEW's questionnaire."""
    return {s.change.section: comparison.presenter.section_title(s.change.section) for s in comparison.statements}


def counts(comparison: Comparison, lang: str) -> str:
    """ "5 changes: 1 added, 1 removed, 2 changed, 1 moved" in `lang`."""
    from sla_docgen.document.wording import LIST_SEPARATORS

    t = translations(lang)
    total = len(comparison.changes)
    by_kind = Counter(change.kind for change in comparison.changes)
    parts = [t.gettext(KIND_COUNTS[kind]).format(n=by_kind[kind]) for kind in KIND_COUNTS if by_kind[kind]]
    head = t.ngettext(*MSG_COUNT, total).format(n=total)
    return t.gettext(MSG_SUMMARY).format(total=head, parts=LIST_SEPARATORS[lang].join(parts)) if parts else head


def as_text(comparison: Comparison, *, colour: bool = False) -> str:
    """Sections and their changes, one per line with a sign (+ - ~ >), each line in every chosen language."""
    import click

    lines = [_versions(comparison, lang) for lang in comparison.langs[:1]]
    if not comparison.changes:
        lines.append(translations(comparison.langs[0]).gettext(MSG_SAME))
        return "\n".join(lines) + "\n"
    lines.append(counts(comparison, comparison.langs[0]))
    titles = sections(comparison)
    for section, title in titles.items():
        lines += ["", " / ".join(v.text for v in title.variants)]
        for statement in (s for s in comparison.statements if s.change.section == section):
            for index, variant in enumerate(statement.line.variants):
                sign = SIGNS[statement.kind] if index == 0 else " "
                line = f"  {sign} {variant.text}"
                lines.append(click.style(line, fg=COLOURS[statement.kind]) if colour else line)
    return "\n".join(lines) + "\n"


def _versions(comparison: Comparison, lang: str) -> str:
    from sla_docgen.i18n.formatting import Formatter

    old, new = comparison.old.agreement.agreement, comparison.new.agreement.agreement
    f = Formatter(lang, new.currency)
    return (
        translations(lang)
        .gettext(MSG_VERSIONS)
        .format(
            old_version=old.version,
            old_date=f.date(old.last_updated),
            new_version=new.version,
            new_date=f.date(new.last_updated),
        )
    )


def as_json(comparison: Comparison) -> str:
    """The changes as JSON: see the README's "diff --format json" for the shape."""
    old, new = comparison.old, comparison.new
    document = {
        "format": JSON_VERSION,
        "langs": list(comparison.langs),
        "old": _side(old),
        "new": _side(new),
        "changes": [
            {
                "kind": statement.kind,
                "path": key_path(statement.change.key),
                "section": statement.change.section,
                "where": _text(statement.where, comparison.langs),
                "old": _plain(statement.change.old),
                "new": _plain(statement.change.new),
                "text": _text(statement.sentence, comparison.langs),
            }
            for statement in comparison.statements
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _side(questionnaire: Any) -> dict[str, Any]:
    meta = questionnaire.agreement.agreement
    return {
        "file": questionnaire.source.file,
        "id": meta.id,
        "version": meta.version,
        "last_updated": meta.last_updated.isoformat(),
    }


def _text(text: Text, langs: tuple[str, ...]) -> dict[str, str]:
    return {lang: text.variant(lang).text for lang in langs}


def _plain(value: Any) -> Any:
    """A value as JSON: models as mappings with the questionnaire's keys, dates as YYYY-MM-DD."""
    if isinstance(value, BaseModel):  # model_dump(mode="json") warns on the plain-validated dates
        return _plain(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
