"""Changes stated in the agreement's own terms: field titles from the catalogue, items by name, values formatted.

"Lead scoring › MQL threshold: 100 points → 120 points (+20)", "Hand-offs › Inside sales →
Sales › Response time: 1 business day → 4 business hours", "KPIs: added 商談化率". Every
phrase is a Document `Text`, so the same statement serves the terminal, JSON and the report.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from sla_docgen.diff.compare import Change, ItemKey, Kind, item_key
from sla_docgen.document.blocks import Text, Variant
from sla_docgen.document.context import STAGE_NAMES, Context
from sla_docgen.document.targets import measure_target
from sla_docgen.document.wording import Wording
from sla_docgen.i18n import N_
from sla_docgen.i18n.formatting import Formatter
from sla_docgen.model import Agreement
from sla_docgen.model.funnel import FunnelStage
from sla_docgen.model.goals import Measure
from sla_docgen.model.leads import LeadStage
from sla_docgen.model.sections import Handoff, Party, Period, Revision, Signatory
from sla_docgen.model.types import Duration

MSG_CHANGED = N_("{where}: {old} → {new}")
MSG_CHANGED_BY = N_("{where}: {old} → {new} ({delta})")
MSG_ADDED = N_("{where}: added {what}")
MSG_REMOVED = N_("{where}: removed {what}")
MSG_MOVED = N_("{where}: moved {what}")
MSG_SET = N_("{where}: set to {new}")
MSG_CLEARED = N_("{where}: {old} removed")
QUOTED = N_("“{text}”")
SEPARATOR = " › "

NAME_FIELDS = ("name", "title", "description", "item", "responsibility", "action", "metric", "definition")
"""Fields that name an item, in order of preference, when it has no name of its own kind."""

POINT_FIELDS = frozenset({"mql_threshold", "points", "high", "mid", "low"})
PERCENT_FIELDS = frozenset({"rate", "marketing_share"})
MONEY_FIELDS = frozenset({"average_deal_size"})
MEASURED = frozenset({"target", "minimum", "best_effort", "value"})
"""Numbers whose unit is the `unit` field beside them (a goal's target, a KPI target's value)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One change, worded: `where` it is, the whole sentence, and the sentence within its section."""

    change: Change
    where: Text
    sentence: Text
    line: Text
    """The sentence without the section's title, for a listing grouped by section."""
    old: Text | None
    new: Text | None

    @property
    def kind(self) -> Kind:
        return self.change.kind


class Presenter:
    """Words changes between two versions of one agreement in `langs`."""

    def __init__(self, old: Agreement, new: Agreement, langs: tuple[str, ...]) -> None:
        from sla_docgen.schema.catalog import catalog

        self.old, self.new = old, new
        meta = new.agreement
        self.w = Wording(langs, list(meta.languages), meta.currency)
        self.context = Context(new, self.w)
        self.langs = langs
        self.catalog = catalog()
        self._indexes: dict[int, dict[Any, Any]] = {}
        self.names: dict[str, Text] = {}
        for agreement in (new, old):  # what only OLD has keeps its name; NEW's names come first
            for p in agreement.parties:
                self.names.setdefault(p.id, self.w.local(p.name))
            for s in agreement.lead_stages:
                self.names.setdefault(s.id, self.w.local(s.name) if s.name else self.w.label(STAGE_NAMES[s.kind]))
            for k in agreement.reporting.kpis:
                self.names.setdefault(k.id, self.w.local(k.name))
            for h in agreement.handoffs:
                self.names.setdefault(h.id, self.w.join([self.names[h.from_], self.names[h.to]], " → "))

    # --- where -------------------------------------------------------------------------------------

    def where(self, change: Change, *, skip: int = 0) -> Text:
        """Section › item › field, each by its title or name; `skip` leaves out that many leading parts."""
        parts: list[Text] = []
        root: Any = self.new if change.kind != "removed" else self.old
        value: Any = root
        for index, part in enumerate(change.key):
            if isinstance(value, BaseModel) and isinstance(part, str):
                parts.append(self._field_title(type(value), part))
                value = getattr(value, _attribute(type(value), part))
            elif isinstance(value, list):
                item = self._find(value, part)
                if item is None:  # a moved or removed item: look on the other side
                    other = self._follow(self.old if root is self.new else self.new, change.key[:index])
                    item = self._find(other, part)
                if isinstance(part, ItemKey) and index < len(change.key) - 1:
                    parts.append(self.item_name(item))
                value = item
            elif isinstance(value, dict):
                parts.append(self.names.get(str(part), self.w.plain(str(part))))
                value = value.get(part)
        return self.w.join(parts[skip:], SEPARATOR)

    def _find(self, items: Any, part: Any) -> Any:
        """The item of a list at an index or with a key (each list's items indexed once: one by one would be
        quadratic in the size of the agreement)."""
        if not isinstance(items, list):
            return None
        if isinstance(part, int):
            return items[part] if 0 <= part < len(items) else None
        index = self._indexes.get(id(items))
        if index is None:  # the agreements hold every list while the presenter lives, so ids stay theirs
            index = self._indexes[id(items)] = {item_key(item): item for item in items}
        return index.get(part)

    def _follow(self, root: Any, key: tuple[Any, ...]) -> Any:
        value = root
        for part in key:
            if isinstance(value, BaseModel):
                value = getattr(value, _attribute(type(value), str(part)), None)
            elif isinstance(value, list):
                value = self._find(value, part)
            elif isinstance(value, dict):
                value = value.get(part)
        return value

    def section_title(self, section: str) -> Text:
        return self._field_title(Agreement, section)

    def _field_title(self, model: type[BaseModel], key: str) -> Text:
        words = [self.catalog.data["field"][f"{model.__name__}.{key}"]["title"][lang] for lang in self.langs]
        return Text.of([Variant(lang, text) for lang, text in zip(self.langs, words, strict=True)])

    def item_name(self, item: Any) -> Text:
        """What a reader calls a list item: its name or title, a hand-off's parties, a stage's name ..."""
        if isinstance(item, Handoff):
            return self.w.join([self._ref(item.from_), self._ref(item.to)], " → ")
        if isinstance(item, (LeadStage, Party)):
            return self._ref(item.id)
        if isinstance(item, Signatory):
            return self._ref(item.party)
        if isinstance(item, Revision):
            return self.w.plain(item.version)
        if isinstance(item, FunnelStage):
            return self._ref(item.stage)
        if isinstance(item, BaseModel):
            for name in NAME_FIELDS:
                value = getattr(item, name, None)
                if value is not None:
                    return self._quoted(value)
            key = item_key(item)
            return self.w.plain(str(key))
        if isinstance(item, str) and item in self.names:  # an id in a list of references
            return self.names[item]
        return self._quoted(item)

    def _ref(self, ref: str) -> Text:
        return self.names.get(ref, self.w.plain(ref))

    def _quoted(self, value: Any) -> Text:
        if isinstance(value, (str, dict)):
            return self.w.label(QUOTED, text=self.w.local(_short(value)))
        return self.w.plain(str(value))

    # --- values ------------------------------------------------------------------------------------

    def value(self, value: Any, field: str, parent: Any) -> Text:
        """A value as the agreement's document would write it."""
        if value is None:
            return self.w.plain("—")
        if isinstance(value, Duration):
            return self.w.value(lambda f: f.duration(value.value, value.unit))
        if isinstance(value, Period):
            return self.w.value(lambda f: f.period(value.start, value.end))
        if isinstance(value, Measure):
            return measure_target(self.context, value)
        if isinstance(value, BaseModel):
            return self.item_name(value)
        if isinstance(value, bool):
            return self.w.label(N_("yes") if value else N_("no"))
        if isinstance(value, dt.date):
            return self.w.value(lambda f: f.date(value))
        if isinstance(value, (int, float)):
            return self.w.value(lambda f: _number(f, value, field, parent))
        if isinstance(value, list):
            return self.w.join([self.value(v, field, parent) for v in value])
        choice = self._choice(parent, field, value)
        if choice is not None:
            return choice
        if isinstance(value, str) and value in self.names and field not in NAME_FIELDS:
            return self.names[value]
        if isinstance(value, dict) or (isinstance(value, str) and _free_text(parent, field)):
            return self._quoted(value)
        return self.w.local(value) if isinstance(value, str) else self.w.plain(str(value))

    def _choice(self, parent: Any, field: str, value: Any) -> Text | None:
        """An allowed value of a choice (`weekly`, `business_days`) in the catalogue's words."""
        if not isinstance(parent, BaseModel) or not isinstance(value, str):
            return None
        info = type(parent).model_fields.get(_attribute(type(parent), field))
        literal = _literal(info.annotation) if info is not None else None
        if literal is None:
            return None
        from sla_docgen.schema.catalog import enum_name

        try:
            name = enum_name(literal)
        except LookupError:
            return None
        words = [self.catalog.value(name, value, lang) for lang in self.langs]
        return Text.of([Variant(lang, _head(text)) for lang, text in zip(self.langs, words, strict=True)])

    def delta(self, old: Any, new: Any, field: str, parent: Any) -> Text | None:
        """The signed difference of two numbers in the field's unit (+20 points, −¥50,000,000)."""
        if isinstance(old, bool) or isinstance(new, bool):
            return None
        if not (isinstance(old, (int, float)) and isinstance(new, (int, float))):
            return None
        diff = new - old
        sign = "+" if diff > 0 else ("±" if diff == 0 else "−")
        return self.w.value(lambda f: sign + _number(f, abs(diff), field, parent))

    # --- sentences ---------------------------------------------------------------------------------

    def statement(self, change: Change) -> Statement:
        where = self.where(change)
        inner = self.where(change, skip=1)
        sentence, old, new = self._sentence(change, where)
        line, _, _ = self._sentence(change, inner) if inner.primary.text else (sentence, None, None)
        return Statement(change, where, sentence, line, old, new)

    def _sentence(self, change: Change, where: Text) -> tuple[Text, Text | None, Text | None]:
        field = str(change.key[-1])
        kind = change.kind
        if kind in ("added", "removed", "moved") and _is_item(change):
            item = change.new if kind != "removed" else change.old
            msgid = {"added": MSG_ADDED, "removed": MSG_REMOVED, "moved": MSG_MOVED}[kind]
            return self.w.label(msgid, where=where, what=self.item_name(item)), None, None
        old = self.value(change.old, field, change.old_parent) if change.old is not None else None
        new = self.value(change.new, field, change.new_parent) if change.new is not None else None
        if old is None:
            assert new is not None
            return self.w.label(MSG_SET, where=where, new=new), None, new
        if new is None:
            return self.w.label(MSG_CLEARED, where=where, old=old), old, None
        delta = self.delta(change.old, change.new, field, change.new_parent)
        if delta is not None:
            return self.w.label(MSG_CHANGED_BY, where=where, old=old, new=new, delta=delta), old, new
        return self.w.label(MSG_CHANGED, where=where, old=old, new=new), old, new


def _attribute(model: type[BaseModel], key: str) -> str:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return name
    return key


def _is_item(change: Change) -> bool:
    """An added, removed or moved list item (rather than an optional field set or cleared)."""
    last = change.key[-1]
    return isinstance(last, int) or item_key(change.new if change.new is not None else change.old) == last


def _free_text(parent: Any, field: str) -> bool:
    """Whether a field holds prose that is quoted when shown (a text, an item of a list of texts),
    rather than a short value such as a version, a name or an e-mail address."""
    if not isinstance(parent, BaseModel) or field.isdigit():
        return True
    info = type(parent).model_fields.get(_attribute(type(parent), field))
    return info is None or _accepts_mapping(info.annotation)


def _accepts_mapping(annotation: Any) -> bool:
    """A per-language text (`str | dict[str, str]`) somewhere in the annotation."""
    if annotation is dict or typing.get_origin(annotation) is dict:
        return True
    return any(_accepts_mapping(arg) for arg in typing.get_args(annotation))


def _literal(annotation: Any) -> Any:
    """The `Literal[...]` inside an annotation such as `Frequency | None`, if any."""
    if typing.get_origin(annotation) is Literal:
        return annotation
    for arg in typing.get_args(annotation):
        found = _literal(arg)
        if found is not None:
            return found
    return None


def _head(text: str) -> str:
    """ "Marketing: wins and nurtures leads" → "Marketing": a choice's name without its explanation."""
    for mark in ("：", ": "):
        if mark in text:
            return text.split(mark, 1)[0]
    return text


def _short(value: str | dict[str, str], limit: int = 80) -> str | dict[str, str]:
    def cut(text: str) -> str:
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return cut(value) if isinstance(value, str) else {k: cut(v) for k, v in value.items()}


def _number(f: Formatter, value: float, field: str, parent: Any) -> str:
    unit = getattr(parent, "unit", None) if field in MEASURED else None
    if isinstance(unit, str):
        return f.measure(value, unit)
    if field in POINT_FIELDS:
        return f.measure(value, "points")
    if field in PERCENT_FIELDS:
        return f.percent(value)
    if field in MONEY_FIELDS:
        return f.money(value)
    return f.number(value)
