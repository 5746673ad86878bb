"""YAML questionnaire → plain data plus the line:column of every key and value.

The tree is built straight from ruamel.yaml's event stream, so that hostile input is
refused before anything is constructed: aliases and anchors (alias bombs), explicit
tags, duplicate keys, non-text keys, a `%YAML 1.1` directive, nesting deeper than
MAX_DEPTH and files over MAX_BYTES. Plain scalars are resolved by the YAML 1.2 core
schema; dates stay text for the models to parse, so an impossible date is a located
field error rather than a parser crash. A line break folded between two Japanese characters
joins them without a space (see `folding`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sla_docgen.errors import InputTooLarge, Issue, ValidationFailed, format_path
from sla_docgen.folding import unfold
from sla_docgen.i18n import N_
from sla_docgen.reading import read_input

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 24

FieldPath = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"
)
# Plain words a YAML 1.1 reader (PyYAML, many editors) would turn into booleans.
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
# Characters refused in text: C0 and C1 controls (NUL, ESC, DEL, NEXT LINE ...), the line and
# paragraph separators (YAML 1.1 readers such as libyaml take these three for line breaks, YAML 1.2
# readers do not, so a file holding them reads differently in different editors), bidirectional
# overrides and isolates (they make text display in another order than it is read), BOM and
# non-characters, lone surrogates.
_FORBIDDEN_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
# The same characters written raw in the file (tab, LF and CR are the file's own whitespace): found
# before parsing, so that each is reported where it stands rather than where the parser gives up.
_RAW_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
_LINE_BREAK = re.compile("\r\n|\r|\n")
# Names of the control characters, which have no Unicode character name (only aliases).
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}

MSG_TOO_LARGE = N_("the file is {size} bytes; the limit is {limit} bytes")
MSG_NOT_UTF8 = N_("the file is not valid UTF-8 (byte {byte} cannot be decoded)")
MSG_EMPTY = N_("the file is empty; start from `sla-docgen init`")
MSG_NOT_MAPPING = N_("the top level must be a mapping of sections, not {kind}")
MSG_SYNTAX = N_("YAML syntax error: {detail}")
MSG_YAML_VERSION = N_("YAML {version} is not supported; remove the %YAML directive (files are read as YAML 1.2)")
MSG_ALIAS = N_("anchors and aliases are not allowed; write the value out")
MSG_TAG = N_("explicit tags such as {tag} are not allowed")
MSG_MULTI_DOC = N_("only one YAML document is allowed per file")
MSG_DEPTH = N_("nesting deeper than {limit} levels is not allowed")
MSG_DUPLICATE_KEY = N_("duplicate key {key!r} (first on line {first})")
MSG_KEY_TYPE = N_("keys must be text, got {key!r}")
MSG_AMBIGUOUS = N_("{value!r} is true/false to YAML 1.1 readers and text to YAML 1.2; quote it, or write true/false")
MSG_CHAR = N_("character U+{code:04X} ({name}) is not allowed in text")
MSG_CHAR_OUTSIDE_TEXT = N_("character U+{code:04X} ({name}) is not allowed in a questionnaire")
MSG_NUMBER_RANGE = N_("the number {value} is too large")


@dataclass(frozen=True, slots=True)
class Mark:
    line: int
    """1-based."""
    column: int
    """1-based."""
    raw: str | None = None
    """The source text of a plain scalar, to quote it back in messages."""


@dataclass(slots=True)
class Loaded:
    """A questionnaire read from disk: its data, where every key and value stands, and its exact bytes."""

    file: str
    data: dict[str, Any]
    values: dict[FieldPath, Mark]
    keys: dict[FieldPath, Mark]
    source: bytes
    path: Path | None = None
    """The file on disk, when it came from one (relative assets such as a logo resolve beside it)."""

    def mark(self, path: FieldPath) -> Mark:
        """The position to report for a path: its value, else its key, else its nearest ancestor."""
        while True:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: FieldPath | None
    """None inside a subtree whose key was rejected: it is read but not kept."""
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    is_key: bool = False
    """A collection used as a mapping key (`? [a, b]`): refused, then its value is skipped."""


_REJECTED = "\x00rejected"


def load_file(path: Path, *, display: str | None = None) -> Loaded:
    """Read and parse a questionnaire; every problem found is raised together as ValidationFailed."""
    name = display or str(path)
    try:
        source = read_input(path, limit=MAX_BYTES, display=name)
    except InputTooLarge as error:
        raise ValidationFailed(
            [Issue(name, 1, 1, "", MSG_TOO_LARGE, {"size": error.size, "limit": MAX_BYTES})]
        ) from None
    loaded = load_bytes(source, name)
    loaded.path = path.resolve()
    return loaded


def load_bytes(source: bytes, file: str) -> Loaded:
    if len(source) > MAX_BYTES:
        raise ValidationFailed([Issue(file, 1, 1, "", MSG_TOO_LARGE, {"size": len(source), "limit": MAX_BYTES})])
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.count(b"\n", 0, exc.start) + 1
        column = exc.start - (source.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ValidationFailed(
            [Issue(file, line, column, "", MSG_NOT_UTF8, {"byte": f"0x{source[exc.start]:02X}"})]
        ) from None
    return _Builder(file, source).build(text)


class _Builder:
    """Turns the event stream into plain data, collecting located issues as it goes."""

    def __init__(self, file: str, source: bytes) -> None:
        self.file = file
        self.source = source
        self.issues: list[Issue] = []
        self.values: dict[FieldPath, Mark] = {}
        self.keys: dict[FieldPath, Mark] = {}
        self.text = ""
        self.raw_forbidden: list[tuple[int, str]] = []
        self.spans: list[tuple[int, int, FieldPath]] = []
        """Where each scalar stands (start and end index, path): only kept when raw_forbidden is not empty."""

    def issue(self, mark: Any, path: FieldPath, msgid: str, **params: Any) -> None:
        self.issues.append(Issue(self.file, mark.line + 1, mark.column + 1, format_path(path), msgid, params))

    def build(self, text: str) -> Loaded:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        yaml = YAML(typ="safe")  # libyaml's parser via ruamel.yaml.clib: ~12x faster than the pure one
        text = self._blank_raw_forbidden(text)
        self.text = text
        root: Any = None
        try:
            root = self._walk(yaml.parse(text))
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
            self.issues.append(
                Issue(
                    self.file,
                    (mark.line + 1) if mark else 1,
                    (mark.column + 1) if mark else 1,
                    "",
                    MSG_SYNTAX,
                    {"detail": detail},
                )
            )
        except YAMLError as exc:
            self.issues.append(Issue(self.file, 1, 1, "", MSG_SYNTAX, {"detail": str(exc)}))
        except _Abort:
            pass
        self._report_raw_forbidden()
        if not self.issues:
            if root is _NOTHING:
                self.issues.append(Issue(self.file, 1, 1, "", MSG_EMPTY))
            elif not isinstance(root, dict):
                kind = N_("a list") if isinstance(root, list) else N_("a single value")
                self.issues.append(Issue(self.file, 1, 1, "", MSG_NOT_MAPPING, {"kind": kind}))
        if self.issues:
            raise ValidationFailed(self.issues)
        return Loaded(self.file, root, self.values, self.keys, self.source)

    def _blank_raw_forbidden(self, text: str) -> str:
        """Note every raw forbidden character and put a space in its place, so that the parser reads on
        and counts lines as YAML 1.2 does (libyaml takes U+0085, U+2028 and U+2029 for line breaks)."""
        self.raw_forbidden = [(m.start(), m.group()) for m in _RAW_FORBIDDEN.finditer(text)]
        if not self.raw_forbidden:
            return text
        chars = list(text)
        for index, _char in self.raw_forbidden:
            chars[index] = " "
        return "".join(chars)

    def _report_raw_forbidden(self) -> None:
        """One issue per raw forbidden character, at its line and column, with the field it stands in."""
        if not self.raw_forbidden:
            return
        starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        for index, char in self.raw_forbidden:
            line = bisect.bisect_right(starts, index)
            column = index - starts[line - 1] + 1
            path = next((p for start, end, p in self.spans if start <= index < end), None)
            msgid = MSG_CHAR if path is not None else MSG_CHAR_OUTSIDE_TEXT
            self.issues.append(
                Issue(self.file, line, column, format_path(path or ()), msgid, {"code": ord(char), "name": _name(char)})
            )

    def _walk(self, events: Any) -> Any:
        from ruamel.yaml import events as ev

        root: Any = _NOTHING
        stack: list[_Frame] = []
        documents = 0
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.issue(event.start_mark, (), MSG_MULTI_DOC)
                    raise _Abort
                if event.version is not None and tuple(event.version) != (1, 2):
                    self.issue(event.start_mark, (), MSG_YAML_VERSION, version=".".join(map(str, event.version)))
                    raise _Abort
                continue
            if isinstance(event, ev.AliasEvent):
                self.issue(event.start_mark, self._child_path(stack), MSG_ALIAS)
                raise _Abort
            if isinstance(event, (ev.ScalarEvent, ev.CollectionStartEvent)):
                if event.anchor is not None:
                    self.issue(event.start_mark, self._child_path(stack), MSG_ALIAS)
                    raise _Abort
                explicit = event.tag is not None and not (isinstance(event, ev.ScalarEvent) and event.tag == "!")
                if explicit:
                    self.issue(event.start_mark, self._child_path(stack), MSG_TAG, tag=event.tag)
                    raise _Abort
            if isinstance(event, ev.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    self.issue(event.start_mark, self._child_path(stack), MSG_DEPTH, limit=MAX_DEPTH)
                    raise _Abort
                container: dict[str, Any] | list[Any] = {} if isinstance(event, ev.MappingStartEvent) else []
                parent = stack[-1] if stack else None
                if parent is not None and isinstance(parent.container, dict) and parent.pending_key is None:
                    self.issue(event.start_mark, parent.path or (), MSG_KEY_TYPE, key="[...]")
                    stack.append(_Frame(container, None, is_key=True))
                    continue
                path = self._place(stack, container, event.start_mark)
                if parent is None:
                    root = container
                stack.append(_Frame(container, path))
            elif isinstance(event, ev.CollectionEndEvent):
                if stack.pop().is_key:
                    stack[-1].pending_key = _REJECTED
            elif isinstance(event, ev.ScalarEvent):
                if self.raw_forbidden:
                    self.spans.append((event.start_mark.index, event.end_mark.index, self._child_path(stack)))
                value = self._scalar(event, stack)
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame.container, dict) and frame.pending_key is None:
                    self._key(frame, value, event)
                else:
                    self._place(stack, value, event.start_mark, raw=self._raw(event))
                    if frame is None:
                        root = value
        return root

    @staticmethod
    def _raw(event: Any) -> str | None:
        return event.value if not event.style else None

    def _child_path(self, stack: list[_Frame]) -> FieldPath:
        if not stack or stack[-1].path is None:
            return ()
        frame = stack[-1]
        assert frame.path is not None
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.pending_key in (None, _REJECTED):
            return frame.path
        return (*frame.path, frame.pending_key)

    def _key(self, frame: _Frame, key: Any, event: Any) -> None:
        path = frame.path or ()
        if not isinstance(key, str):
            self.issue(event.start_mark, path, MSG_KEY_TYPE, key=key)
            frame.pending_key = _REJECTED
        elif key in frame.key_lines:
            self.issue(event.start_mark, (*path, key), MSG_DUPLICATE_KEY, key=key, first=frame.key_lines[key])
            frame.pending_key = _REJECTED
        else:
            frame.key_lines[key] = event.start_mark.line + 1
            frame.pending_key = key
            if frame.path is not None:
                self.keys[(*frame.path, key)] = Mark(event.start_mark.line + 1, event.start_mark.column + 1)

    def _place(self, stack: list[_Frame], value: Any, mark: Any, raw: str | None = None) -> FieldPath | None:
        """Put a value into the open container; returns its path, or None inside a rejected subtree."""
        path: FieldPath | None
        if not stack:
            path = ()
        else:
            frame = stack[-1]
            if isinstance(frame.container, list):
                path = None if frame.path is None else (*frame.path, len(frame.container))
                frame.container.append(value)
            else:
                key, frame.pending_key = frame.pending_key, None
                if key is None or key == _REJECTED or frame.path is None:
                    return None
                path = (*frame.path, key)
                frame.container[key] = value
        if path is not None:
            self.values[path] = Mark(mark.line + 1, mark.column + 1, raw)
        return path

    def _scalar(self, event: Any, stack: list[_Frame]) -> Any:
        value: str = event.value
        if not event.style:  # plain scalar (None or "" by parser): resolve by the YAML 1.2 core schema
            if _NULL.match(value):
                return None
            if _BOOL.match(value):
                return value[0] in "tT"
            if _INT.match(value):
                try:
                    if value.startswith("0o"):
                        return int(value[2:], 8)
                    return int(value, 16) if value.startswith("0x") else int(value, 10)
                except ValueError:
                    self.issue(event.start_mark, self._child_path(stack), MSG_NUMBER_RANGE, value=value[:20])
                    return None
            if _FLOAT.match(value):
                return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
            if _YAML11_BOOL.match(value):
                self.issue(event.start_mark, self._child_path(stack), MSG_AMBIGUOUS, value=value)
        if event.start_mark.line != event.end_mark.line:
            value = unfold(value, self.text[event.start_mark.index : event.end_mark.index], event.style)
        bad = _FORBIDDEN_CHAR.search(value)
        if bad:
            char = bad.group()
            self.issue(event.start_mark, self._child_path(stack), MSG_CHAR, code=ord(char), name=_name(char))
        return value


def _name(char: str) -> str:
    if 0xD800 <= ord(char) <= 0xDFFF:
        return "surrogate"
    return _CONTROL_NAMES.get(ord(char), unicodedata.name(char, "control character"))


class _Abort(Exception):
    """Stop reading: the input is refused as a whole."""


_NOTHING: Any = object()
