"""Two Agreements → the list of changes in their terms, field by field, list items matched by id.

Items of a list are matched by their id, or by their natural key where they have none (a
signatory by party, a revision by version, a plain text by its words); reordering alone is a
move, never a removal plus an addition. Values that read as one term (a duration, a period, a
KPI target) are compared whole.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

Kind = Literal["added", "removed", "changed", "moved"]


class ItemKey(str):
    """A list item's id or natural key in a change's key (a plain `str` there is a field name)."""

    __slots__ = ()


KeyPart = str | int
"""A step of a change's key: a field name, an ItemKey, or a text's position in a list of texts."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between OLD and NEW."""

    kind: Kind
    key: tuple[KeyPart, ...]
    """Where, by field names and item keys: ("handoffs", "is-to-sales", "response_time")."""
    old: Any
    """The OLD value (a model, a list item, text, number ...); None when added."""
    new: Any
    """The NEW value; None when removed."""
    old_parent: Any = None
    """The model holding the OLD value (its unit, its name), for presenting the change."""
    new_parent: Any = None

    @property
    def section(self) -> str:
        return str(self.key[0])


ATOMIC = frozenset({"Duration", "Period", "Measure", "Branding"})
"""Models compared as one value: a change of any of their fields is a change of the whole term."""

NATURAL_KEYS = {"Signatory": "party", "Revision": "version", "AcceptedFinding": "code", "FunnelStage": "stage"}
"""Item models without an id and the field that identifies them instead."""

UNKEYED = frozenset({"Remedy", "RatioPart", "EmployeeBand"})
"""Item models with nothing that identifies them: matched like texts, by their words (a test keeps this
list and NATURAL_KEYS covering every list of models in the questionnaire)."""

SIMILAR = 0.5
"""Two texts at matching places whose words are at least this similar are one text edited."""


def compare(old: BaseModel, new: BaseModel) -> list[Change]:
    """Every change from `old` to `new`, in the order of NEW's fields."""
    return list(_model(old, new, ()))


def item_key(item: Any) -> ItemKey | None:
    """The id or natural key of a list item, if it has one."""
    if isinstance(item, BaseModel):
        name = NATURAL_KEYS.get(type(item).__name__, "id")
        value = getattr(item, name, None)
        return ItemKey(value) if value is not None else None
    return None


def key_path(key: tuple[KeyPart, ...]) -> str:
    """`handoffs[is-to-sales].response_time`, `lead_stages[sal].criteria[1]`, `goals.parties.marketing[leads]`."""
    out = ""
    for part in key:
        if isinstance(part, (int, ItemKey)):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _model(old: BaseModel, new: BaseModel, key: tuple[KeyPart, ...]) -> Iterator[Change]:
    for name, field in type(new).model_fields.items():
        label = field.alias or name
        yield from _value(getattr(old, name), getattr(new, name), (*key, label), old, new)


def _value(old: Any, new: Any, key: tuple[KeyPart, ...], old_parent: Any, new_parent: Any) -> Iterator[Change]:
    if old == new:
        return
    if old is None or new is None:
        kind: Kind = "added" if old is None else "removed"
        yield Change(kind, key, old, new, old_parent, new_parent)
    elif isinstance(new, BaseModel) and type(old) is type(new) and type(new).__name__ not in ATOMIC:
        yield from _model(old, new, key)
    elif isinstance(new, list) and isinstance(old, list):
        yield from _list(old, new, key, old_parent, new_parent)
    elif isinstance(new, dict) and isinstance(old, dict) and not _is_text(new) and not _is_text(old):
        yield from _mapping(old, new, key, old_parent, new_parent)
    else:
        yield Change("changed", key, old, new, old_parent, new_parent)


def _is_text(value: Any) -> bool:
    """A per-language text `{ja: ..., en: ...}` rather than a mapping of ids."""
    return isinstance(value, dict) and bool(value) and all(k in ("ja", "en") for k in value)


def _mapping(
    old: dict[str, Any], new: dict[str, Any], key: tuple[KeyPart, ...], old_parent: Any, new_parent: Any
) -> Iterator[Change]:
    for name in [*new, *(k for k in old if k not in new)]:
        yield from _value(old.get(name), new.get(name), (*key, name), old_parent, new_parent)


def _list(
    old: list[Any], new: list[Any], key: tuple[KeyPart, ...], old_parent: Any, new_parent: Any
) -> Iterator[Change]:
    keyed = [item_key(item) for item in (*old, *new)]
    if keyed and all(k is not None for k in keyed):
        yield from _keyed_list(old, new, key, old_parent, new_parent)
    else:
        yield from _text_list(old, new, key, old_parent, new_parent)


def _keyed_list(
    old: list[Any], new: list[Any], key: tuple[KeyPart, ...], old_parent: Any, new_parent: Any
) -> Iterator[Change]:
    old_by_key = {item_key(item): item for item in old}
    new_by_key = {item_key(item): item for item in new}
    common_old = [k for k in old_by_key if k in new_by_key]
    common_new = [k for k in new_by_key if k in old_by_key]
    in_place = _in_order(common_old, common_new)
    for item in new:
        k = item_key(item)
        assert k is not None
        if k not in old_by_key:
            yield Change("added", (*key, k), None, item, old_parent, new_parent)
            continue
        if k not in in_place:
            yield Change("moved", (*key, k), old_by_key[k], item, old_parent, new_parent)
        yield from _value(old_by_key[k], item, (*key, k), old_parent, new_parent)
    for item in old:
        k = item_key(item)
        if k not in new_by_key:
            assert k is not None
            yield Change("removed", (*key, k), item, None, old_parent, new_parent)


def _in_order(old: Sequence[Any], new: Sequence[Any]) -> set[Any]:
    """The items of `new` that keep their relative order (the longest common subsequence); the rest moved."""
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    kept: set[Any] = set()
    for block in matcher.get_matching_blocks():
        kept.update(new[block.b : block.b + block.size])
    return kept


def _words(value: Any) -> str:
    """The words of a text, or of every text in an unkeyed item, for judging how similar two are."""
    if isinstance(value, BaseModel):
        return " ".join(_words(v) for v in value.model_dump().values() if v is not None)
    if isinstance(value, dict):
        return " ".join(_words(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_words(v) for v in value)
    return str(value)


def _text_list(
    old: list[Any], new: list[Any], key: tuple[KeyPart, ...], old_parent: Any, new_parent: Any
) -> Iterator[Change]:
    """Lists of texts (criteria, agenda, responsibilities): equal texts match wherever they stand, and a text
    left over on both sides is one text edited when their words are similar enough."""
    old_norm, new_norm = [_norm(v) for v in old], [_norm(v) for v in new]
    matcher = difflib.SequenceMatcher(None, old_norm, new_norm, autojunk=False)
    removed: dict[int, Any] = dict(enumerate(old))
    added: dict[int, Any] = dict(enumerate(new))
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            del removed[block.a + offset], added[block.b + offset]
    changes: list[tuple[int, Change]] = []
    for j, value in list(added.items()):  # the same text elsewhere: moved
        i = next((i for i, v in removed.items() if _norm(v) == _norm(value)), None)
        if i is not None:
            del removed[i], added[j]
            changes.append((j, Change("moved", (*key, j), old[i], value, old_parent, new_parent)))
    for i, j in _similar_pairs(removed, added):
        changes.append((j, Change("changed", (*key, j), old[i], new[j], old_parent, new_parent)))
        del removed[i], added[j]
    changes += [(j, Change("added", (*key, j), None, v, old_parent, new_parent)) for j, v in added.items()]
    yield from (change for _, change in sorted(changes, key=lambda pair: pair[0]))
    for i, value in removed.items():
        yield Change("removed", (*key, i), value, None, old_parent, new_parent)


def _similar_pairs(removed: dict[int, Any], added: dict[int, Any]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of leftover texts that are one text edited, the most similar first."""
    scored = sorted(
        (
            (-difflib.SequenceMatcher(None, _words(before), _words(after), autojunk=False).ratio(), i, j)
            for i, before in removed.items()
            for j, after in added.items()
        ),
    )
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for negative, i, j in scored:
        if -negative < SIMILAR:
            break
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return pairs


def _norm(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value
