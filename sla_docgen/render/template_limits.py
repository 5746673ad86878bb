"""Bounds on what a template may cost: steps (loop turns and calls), time, the size of each value, all output.

Jinja's sandbox stops a template from reaching Python internals, files or commands, but not from
looping for hours or building gigabytes (`'x' * 10**10`, a doubling loop, a huge `center()`).
The hooks here close that gap. They are installed by `templating.SafeEnvironment`:

- every loop turn, call, filter and arithmetic operator is a step: at most MAX_STEPS, and the
  clock is checked at each (TIME_LIMIT);
- a value a template makes (by an operator, `~`, a filter or a call) may hold at most MAX_VALUE
  characters or items, checked *before* it is made where it could grow (repeat, pad, replace,
  join, indent, wrap, %-format), and all of them together at most MAX_MADE;
- every character of output counts, wherever it goes (inside macros too): the literal text of a
  loop body once per turn, of a macro once per call, every `{{ expression }}`: at most MAX_MADE.

A render runs with a Budget set (`spending`); `templating.render_template` does that.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.utils import Namespace, pass_context, pass_eval_context
from jinja2.visitor import NodeTransformer

from sla_docgen.errors import RenderError
from sla_docgen.i18n import N_

MAX_STEPS = 1_000_000
TIME_LIMIT = 20.0
"""Seconds; the built-in templates need well under one for the largest questionnaire."""
MAX_VALUE = 32 * 1024 * 1024
"""Characters (or items) in one value; also the largest output of one template."""
MAX_MADE = 256 * 1024 * 1024
"""Characters of values and output made in one render, all together."""
MAX_INT_BITS = 4096

MSG_STEPS = N_("the template takes more than {limit} steps (loop turns and calls)")
MSG_TIME = N_("the template takes longer than {limit} seconds")
MSG_VALUE = N_("the template makes a value of more than {limit} characters or items")
MSG_MADE = N_("the template makes more than {limit} characters of text and values in all")
MSG_NUMBER = N_("the template makes a number of more than {limit} bits")
MSG_WIDTH = N_("a width or count of {value} is more than a template may ask for ({limit})")
MSG_NOT_CALLABLE = N_("{name} cannot be called in a template")


class TemplateRefused(RenderError):
    """A template went past one of the bounds above, or called what templates may not."""


@dataclass(slots=True)
class Budget:
    """What one render has spent so far."""

    deadline: float
    steps: int = 0
    made: int = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateRefused(MSG_STEPS, limit=MAX_STEPS)
        if time.monotonic() > self.deadline:
            raise TemplateRefused(MSG_TIME, limit=int(TIME_LIMIT))

    def spend(self, size: int) -> None:
        self.made += size
        if self.made > MAX_MADE:
            raise TemplateRefused(MSG_MADE, limit=MAX_MADE)


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("sla_docgen_template_budget", default=None)


class spending:
    """Set a fresh Budget for the renders in the block (per thread and task, through a context variable)."""

    def __enter__(self) -> Budget:
        budget = Budget(time.monotonic() + TIME_LIMIT)
        self._token = _BUDGET.set(budget)
        return budget

    def __exit__(self, *_exc: object) -> None:
        _BUDGET.reset(self._token)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


def _spend(size: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend(size)


# --- sizes -------------------------------------------------------------------------------------------

_CONTAINERS = (bytes, list, tuple, set, frozenset, dict, Namespace)
_TEXT, _NUMBER, _OPAQUE, _CONTAINER = range(4)
_KINDS: dict[type, int] = {}
"""Each type's kind, decided once: weight() runs for every argument of every call and filter."""


def _kind(cls: type) -> int:
    kind = _KINDS.get(cls)
    if kind is None:
        if issubclass(cls, str):
            kind = _TEXT
        elif issubclass(cls, int) and not issubclass(cls, bool):
            kind = _NUMBER
        elif issubclass(cls, _CONTAINERS):
            kind = _CONTAINER
        else:
            kind = _OPAQUE
        _KINDS[cls] = kind
    return kind


def weight(value: Any, limit: int = MAX_VALUE) -> int:
    """Characters and items in a value, through nested lists, dicts and namespaces; stops counting past `limit`."""
    kind = _kind(type(value))
    if kind == _TEXT:
        return len(value)
    if kind == _OPAQUE:
        return 1
    if kind == _NUMBER:
        return 1 + int(value.bit_length()) // 3
    total = 0
    stack = [value]
    seen: set[int] = set()
    while stack and total <= limit:
        item = stack.pop()
        kind = _kind(type(item))
        if kind != _CONTAINER:
            total += len(item) if kind == _TEXT else 1 + item.bit_length() // 3 if kind == _NUMBER else 1
            continue
        if id(item) in seen:  # a namespace may hold itself
            total += 1
            continue
        seen.add(id(item))
        if isinstance(item, bytes):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Namespace):
            stack.append(getattr(item, "_Namespace__attrs", {}))
        else:
            total += len(item)
            stack.extend(item)
    return total


def check_value(value: Any) -> Any:
    """`value` if it is within MAX_VALUE; counted as made."""
    size = weight(value)
    if size > MAX_VALUE:
        raise TemplateRefused(MSG_VALUE, limit=MAX_VALUE)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateRefused(MSG_NUMBER, limit=MAX_INT_BITS)
    _spend(size)
    return value


def _expect(size: int) -> None:
    """Refuse to make a value that would hold `size` characters or items."""
    if size > MAX_VALUE:
        raise TemplateRefused(MSG_VALUE, limit=MAX_VALUE)


def _width(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE:
        raise TemplateRefused(MSG_WIDTH, value=value, limit=MAX_VALUE)


def _inputs(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    total = 0
    for value in (*args, *kwargs.values()):
        total += weight(value)
        if total > MAX_VALUE:
            raise TemplateRefused(MSG_VALUE, limit=MAX_VALUE)
        if _kind(type(value)) == _NUMBER:
            _width(value)


# --- operators -----------------------------------------------------------------------------------------

INTERCEPTED_BINOPS = frozenset({"+", "-", "*", "/", "//", "%", "**"})
"""Every arithmetic operator: intercepted ones are also never computed at compile time."""

_FORMAT_WIDTH = re.compile(r"[0-9]{6,}|\*")


def binop(operator: str, left: Any, right: Any) -> Any:
    """Check that the result stays small before computing it."""
    _step()
    number = (int, float)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                _expect(len(seq) * max(times, 0))
        if isinstance(left, int) and isinstance(right, int):
            _bits(left.bit_length() + right.bit_length())
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _expect(len(left) + len(right))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _bits(max(left.bit_length(), 1) * right if abs(left) > 1 else 1)
        elif isinstance(left, number) and isinstance(right, number) and abs(right) > MAX_INT_BITS:
            _bits(int(abs(right)))
    elif operator == "%" and isinstance(left, str):
        _format_spec(left)
        _inputs([right], {})
    return check_value(_OPERATORS[operator](left, right))


def _bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateRefused(MSG_NUMBER, limit=MAX_INT_BITS)


def _format_spec(text: str) -> None:
    """Refuse %- and {}-formats that ask for a huge width or precision, or take it from an argument."""
    for match in _FORMAT_WIDTH.finditer(text):
        token = match.group()
        if token == "*" or int(token) > MAX_VALUE:
            raise TemplateRefused(MSG_WIDTH, value=token, limit=MAX_VALUE)


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "**": lambda a, b: a**b,
}


# --- filters and calls ----------------------------------------------------------------------------------


def _before_growth(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter or string method call whose result would be too large, before it runs."""
    text = value if isinstance(value, str) else ""
    arg = list(args)

    def option(index: int, key: str, default: Any) -> Any:
        return kwargs.get(key, arg[index] if len(arg) > index else default)

    if name in ("center", "ljust", "rjust", "zfill"):
        _expect(max(len(text), int(option(0, "width", 0) or 0)))
    elif name == "replace":
        old, new = str(option(0, "old", "")), str(option(1, "new", ""))
        count = option(2, "count", None)
        found = (text.count(old) if old else len(text) + 1) if not isinstance(count, int) or count < 0 else count
        _expect(len(text) + found * max(len(new) - len(old), 0))
    elif name == "indent":
        width = option(0, "width", 4)
        _expect(len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else int(width)))
    elif name == "wordwrap":
        width = max(int(option(0, "width", 79)), 1)
        wrap = option(2, "wrapstring", None) or "\n"
        _expect(len(text) + (len(text) // width + 1) * len(str(wrap)))
    elif name == "join":
        separator = option(0, "d", "")
        items = value if isinstance(value, (list, tuple)) else ()
        _expect(weight(value) + len(items) * len(str(separator)))
    elif name in ("format", "format_map"):
        _format_spec(text)
    elif name in ("batch", "slice"):
        _expect(int(option(0, "linecount" if name == "batch" else "slices", 1)))
    elif name == "sum":
        start = option(1, "start", 0)
        if not isinstance(start, (int, float)):
            raise TemplateRefused(MSG_VALUE, limit=MAX_VALUE)


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` (a filter) with a step, its inputs and growth checked before, its result counted after."""
    passes = getattr(func, "jinja_pass_arg", None)

    def run(*args: Any, **kwargs: Any) -> Any:
        _step()
        own = args[1:] if passes is not None else args
        value, params = (own[0], own[1:]) if own else (None, ())
        _inputs(own, kwargs)
        _before_growth(name, value, params, kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):
            return loop_turns(result)
        return check_value(result)

    if passes is not None:
        run.jinja_pass_arg = passes  # type: ignore[attr-defined]
    run.__name__ = getattr(func, "__name__", name)
    return run


STRING_METHODS = frozenset(
    "lower upper title capitalize casefold swapcase strip lstrip rstrip split rsplit splitlines startswith "
    "endswith count find rfind index rindex partition rpartition removeprefix removesuffix replace format "
    "format_map join center ljust rjust zfill isdigit isalpha isalnum isspace islower isupper isnumeric "
    "isdecimal istitle striptags unescape escape".split()
)
CONTAINER_METHODS = {dict: frozenset({"keys", "values", "items", "get"}), list: frozenset({"count", "index"})}


def before_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A step, and the growth check of a string method, before a template calls `obj`.

    Macros and sla-docgen's own helpers get no size check of their arguments: every value a template
    can pass was checked when it was made, and they make nothing larger by themselves (what they
    return is checked after the call)."""
    _step()
    if isinstance(obj, Macro):
        return
    obj = getattr(obj, "__wrapped__", obj)
    owner = getattr(obj, "__self__", None)
    if (getattr(obj, "__module__", None) or "").startswith("sla_docgen."):
        return
    _inputs(args, kwargs)
    if isinstance(owner, str):
        name = obj.__name__
        if name == "join":  # the text is the separator; the items come as the argument
            items = args[0] if args else kwargs.get("iterable", ())
            if isinstance(items, (list, tuple)):
                _expect(weight(items) + len(items) * len(owner))
        else:
            _before_growth(name, owner, args, kwargs)


def allowed_call(obj: Any) -> bool:
    """Whether a template may call `obj`: sla-docgen's own helpers, Jinja's template helpers (macros,
    `loop`, `cycler`, `joiner`, `namespace`, `range`, `dict`), and methods of text, lists and dicts that
    cannot grow without bound. Anything else (e.g. `int.to_bytes`, `str.expandtabs`) is refused."""
    if isinstance(obj, Macro) or obj in (dict, range):
        return True
    obj = getattr(obj, "__wrapped__", obj)  # the sandbox's safe wrapper of str.format
    owner = getattr(obj, "__self__", None)
    if owner is not None and not isinstance(owner, type):
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in STRING_METHODS
        for kind, names in CONTAINER_METHODS.items():
            if isinstance(owner, kind):
                return name in names
        return _ours_or_jinjas(type(owner))
    return _ours_or_jinjas(obj)


def _ours_or_jinjas(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "") or ""
    return module.startswith("sla_docgen.") or module in ("jinja2.runtime", "jinja2.utils", "jinja2.sandbox")


def loop_turns(iterable: Iterable[Any]) -> Iterator[Any]:
    """Iterate, taking a step per item."""
    for item in iterable:
        _step()
        yield item


# --- the template tree, rewritten before compiling --------------------------------------------------------

LOOP_FILTER = "sla_loop_turns"
CONCAT_FILTER = "sla_concat"
OUTPUT_FILTER = "sla_count_text"


@pass_context
def count_text(_context: Any, size: int) -> str:
    """Count the literal text a body is about to output (inserted at the start of every body)."""
    _spend(size)
    return ""


@pass_eval_context
def concat(eval_ctx: Any, items: list[Any]) -> str:
    """The `~` operator, with the size of the result checked before it is made."""
    _step()
    _expect(sum(weight(item) for item in items))
    joined = markup_join(items) if eval_ctx.autoescape else str_join(items)
    return str(check_value(joined))


def finalize(value: Any) -> Any:
    """Every `{{ expression }}` output counts, wherever it goes."""
    if type(value) is str:  # the common case, without a call
        _spend(len(value))
        return value
    size = weight(value)
    if size > MAX_VALUE:
        raise TemplateRefused(MSG_VALUE, limit=MAX_VALUE)
    _spend(size)
    return value


class Bounder(NodeTransformer):
    """Rewrite a parsed template so that loops take steps, `~` is checked and all literal text is counted."""

    # Bodies that run as a unit (once per loop turn, macro call, ...) and count their own literal text.
    _OWN_BODY = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock, nodes.Block)

    def visit_Template(self, node: nodes.Template) -> nodes.Node:
        self.generic_visit(node)
        node.body = self._counted(node.body)
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        node.body = self._counted(node.body)
        node.else_ = self._counted(node.else_)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(list(node.nodes), lineno=node.lineno)
        return nodes.Filter(items, CONCAT_FILTER, [], [], None, None, lineno=node.lineno)

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> nodes.Node:
        node = super().generic_visit(node, *args, **kwargs)
        if isinstance(node, self._OWN_BODY) and not isinstance(node, nodes.For):
            node.body = self._counted(node.body)
        return node

    def _counted(self, body: list[nodes.Node]) -> list[nodes.Node]:
        size = _literal_size(body)
        if not size:
            return body
        lineno = body[0].lineno if body else 1
        counter = nodes.Filter(nodes.Const(size), OUTPUT_FILTER, [], [], None, None, lineno=lineno)
        return [nodes.Output([counter], lineno=lineno), *body]


def _literal_size(body: list[nodes.Node]) -> int:
    """Characters of literal text a body outputs directly (nested bodies that run on their own count apart)."""
    total = 0
    for node in body:
        if isinstance(node, nodes.Output):
            total += sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        elif isinstance(node, Bounder._OWN_BODY):
            continue
        else:
            for field in ("body", "elif_", "else_"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    total += _literal_size(inner)
    return total
