"""`bump`: raise an agreement's version, date it, and add the revision entry, editing only the lines that change.

The questionnaire must be valid before and after. The new text is made by replacing the spans
of `agreement.version` and `agreement.last_updated` and inserting one revision item after the
last one, in the style of its neighbour (block or flow, quoting, indentation, line endings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sla_docgen.errors import InputTooLarge, UsageError, UserError
from sla_docgen.i18n import N_
from sla_docgen.loader import MAX_BYTES, load_bytes
from sla_docgen.reading import read_input
from sla_docgen.validate import validate
from sla_docgen.yaml_text import Edit, Node, YamlText, scalar

MSG_LANG_MISSING = N_("{option} has no {lang} text; give {option} {lang}:TEXT for each of the languages {langs}")
MSG_LANG_UNKNOWN = N_("{option} {lang}: the agreement is not written in {lang} (its languages: {langs})")
MSG_LANG_TWICE = N_("{option} is given twice for {lang}")
MSG_DATE_BACK = N_("the new revision's date {date} comes before the latest revision's date {previous}")
MSG_CHANGED = N_("{path} changed while it was being bumped; nothing was written, run the command again")
MSG_TOO_LARGE = N_("{path} is larger than {limit} bytes")

_LANG_PREFIX = ("ja:", "en:")


@dataclass(frozen=True, slots=True)
class Bumped:
    """What `bump` did."""

    previous: str
    version: str
    date: dt.date


def next_version(version: str, *, major: bool = False) -> str:
    """1.2 → 1.3 (1.2.5 → 1.3, 1 → 1.1); with `major`, 1.2 → 2.0."""
    parts = [int(p) for p in version.split(".")]
    if major:
        return f"{parts[0] + 1}.0"
    return f"{parts[0]}.{(parts[1] if len(parts) > 1 else 0) + 1}"


Entry = dict[str, "str | dict[str, str]"]
"""A revision entry to write: version, date, author, summary (text, or text per language)."""


def per_language(values: tuple[str, ...], langs: list[str], option: str = "--summary") -> str | dict[str, str]:
    """`--summary` (or `--author`) values → the text of the revision: plain for one language, or {lang: text} for each.

    A value prefixed `ja:` or `en:` is that language's text; a value without a prefix is the text of
    a monolingual agreement. A bilingual agreement needs one prefixed value per language.
    """
    texts: dict[str, str] = {}
    plain: list[str] = []
    for value in values:
        prefix = value[:3]
        if prefix in _LANG_PREFIX:
            lang = prefix[:2]
            if lang not in langs:
                raise UsageError(MSG_LANG_UNKNOWN, option=option, lang=lang, langs=", ".join(langs))
            if lang in texts:
                raise UsageError(MSG_LANG_TWICE, option=option, lang=lang)
            texts[lang] = value[3:].strip()
        else:
            plain.append(value.strip())
    if len(langs) == 1 and not texts and len(plain) == 1:
        return plain[0]
    if len(langs) == 1 and len(texts) == 1 and not plain:
        return texts[langs[0]]
    missing = [lang for lang in langs if lang not in texts]
    if missing or plain:
        raise UsageError(MSG_LANG_MISSING, option=option, lang=(missing or langs)[0], langs=", ".join(langs))
    return {lang: texts[lang] for lang in langs}


def bump(
    path: Path,
    *,
    summary: tuple[str, ...],
    author: tuple[str, ...] = (),
    date: dt.date | None = None,
    major: bool = False,
) -> Bumped:
    """Raise the version of the questionnaire at `path` in place; see the module docstring."""
    from sla_docgen.writing import replace_if_unchanged

    source = _read(path)
    questionnaire = validate(load_bytes(source, str(path)))
    agreement = questionnaire.agreement
    langs: list[str] = list(agreement.agreement.languages)
    latest = agreement.revisions[-1]
    day = date or dt.date.today()
    if day < latest.date:
        raise UserError(MSG_DATE_BACK, date=day.isoformat(), previous=latest.date.isoformat())
    version = next_version(agreement.agreement.version, major=major)
    entry: Entry = {
        "version": version,
        "date": day.isoformat(),
        "author": per_language(author, langs, "--author") if author else latest.author,
        "summary": per_language(summary, langs),
    }
    updated = _edit(YamlText(source), entry)
    validate(load_bytes(updated, str(path)))  # the result is checked before it replaces the original
    replace_if_unchanged(path, expected=source, data=updated, changed_message=MSG_CHANGED)
    return Bumped(agreement.agreement.version, version, day)


def _read(path: Path) -> bytes:
    try:
        return read_input(path, limit=MAX_BYTES)  # a regular file only: a FIFO would block open()
    except InputTooLarge:
        raise UserError(MSG_TOO_LARGE, path=str(path), limit=MAX_BYTES) from None


def _edit(doc: YamlText, entry: Entry) -> bytes:
    version = doc.node(("agreement", "version"))
    updated = doc.node(("agreement", "last_updated"))
    edits = [
        Edit(version.start, version.end, scalar(str(entry["version"]), quote=version.style or '"')),
        Edit(updated.start, updated.end, scalar(str(entry["date"]), quote=updated.style)),
        _append_revision(doc, doc.node(("revisions",)), entry),
    ]
    return doc.apply(edits)


def _append_revision(doc: YamlText, revisions: Node, entry: Entry) -> Edit:
    last = revisions.children[len(revisions.children) - 1]
    order = [k for k in last.children if k in entry] + [k for k in entry if k not in last.children]

    def style(key: str) -> str | None:
        node = last.children.get(key)
        return node.style if node is not None and node.kind == "scalar" and node.style in ("'", '"') else None

    def value(key: str, flow: bool, indent: str) -> str:
        text = entry[key]
        quote = style(key) or ('"' if key == "version" else None)
        if isinstance(text, str):
            return scalar(text, flow=flow, quote=quote)
        pairs = [(lang, scalar(t, flow=flow)) for lang, t in text.items()]
        if flow:
            return "{" + ", ".join(f"{lang}: {t}" for lang, t in pairs) + "}"
        return "".join(f"{doc.newline}{indent}{lang}: {t}" for lang, t in pairs)

    if last.flow or revisions.flow:
        item = "{" + ", ".join(f"{k}: {value(k, True, '')}" for k in order) + "}"
        if revisions.flow:  # revisions: [{...}, {...}] → insert before the closing bracket
            return Edit(last.end, last.end, f", {item}")
        start = doc.line_start(last.start)
        prefix = doc.text[start : last.start]
        return _insert_line(doc, doc.line_end(last.end), f"{prefix}{item}")
    line_start = doc.line_start(last.start)
    prefix = doc.text[line_start : last.start]  # "  - "
    key_indent = " " * len(prefix)
    nested = key_indent + _step(doc, last)
    lines = []
    for i, key in enumerate(order):
        rendered = value(key, False, nested)
        separator = "" if rendered.startswith(doc.newline) else " "
        lines.append(f"{prefix if i == 0 else key_indent}{key}:{separator}{rendered}")
    return _insert_line(doc, _item_end(doc, last), doc.newline.join(lines))


def _insert_line(doc: YamlText, at: int, lines: str) -> Edit:
    """Lines inserted at the start of a line (after a final line that has no line break of its own)."""
    lead = doc.newline if at == len(doc.text) and doc.text and not doc.text.endswith("\n") else ""
    return Edit(at, at, f"{lead}{lines}{doc.newline}")


def _step(doc: YamlText, item: Node) -> str:
    """The indentation step of a nested mapping in this item, e.g. under `summary:` (two spaces if none)."""

    def column(index: int) -> int:
        return index - doc.line_start(index)

    for child in item.children.values():
        if child.kind == "mapping" and not child.flow and child.children:
            return " " * max(column(child.start) - column(item.start), 1)
    return "  "


def _item_end(doc: YamlText, item: Node) -> int:
    """Where a new block item goes: after the line holding the last character of the last item's last value
    (a block scalar's span also takes in the blank lines after it, which stay after the new item)."""
    last_value = item
    while last_value.children:
        last_value = list(last_value.children.values())[-1]
    content = doc.text[last_value.start : last_value.end].rstrip()
    return doc.line_end(last_value.start + len(content) - 1)
