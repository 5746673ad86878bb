"""The Jinja environment of the HTML and Markdown templates: sandboxed, reading only its folders, bounded.

A user's `--template-dir` is untrusted code, and the built-in templates run the same way (one code
path, so what a user copies from them works unchanged):

- Jinja's ImmutableSandboxedEnvironment: no Python internals (`__class__`, `__globals__`), no
  changing lists or dicts; calls are limited to template helpers (`template_limits.allowed_call`);
- templates and the files helpers read (`stylesheet`) come only from the template folders: a name
  with `..`, a symbolic link that leads out, a FIFO or device, or a file over MAX_TEMPLATE_BYTES
  is refused;
- `random` and `lipsum` are gone (they would make two renders of one questionnaire differ);
- steps, time, value sizes and output are bounded (`template_limits`), and every failure is a
  RenderError naming the template file and line.

Compiled templates are kept between runs (`template_cache`).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sla_docgen.errors import InputError, Reason, RenderError
from sla_docgen.i18n import N_
from sla_docgen.reading import read_input
from sla_docgen.render.template_cache import template_cache
from sla_docgen.render.template_limits import (
    CONCAT_FILTER,
    INTERCEPTED_BINOPS,
    LOOP_FILTER,
    MAX_VALUE,
    MSG_NOT_CALLABLE,
    OUTPUT_FILTER,
    Bounder,
    TemplateRefused,
    allowed_call,
    before_call,
    binop,
    bounded_filter,
    check_value,
    concat,
    count_text,
    finalize,
    loop_turns,
    spending,
)

MAX_TEMPLATE_BYTES = 1024 * 1024

MSG_OUTSIDE = N_("the template file {name!r} lies outside the template folder {folder}")
MSG_NOT_FOUND = N_("template file {name!r} not found")
MSG_NOT_TEXT = N_("the template file {path} is not UTF-8 text")
MSG_AT = N_("{template}:{line}: {reason}")
REASON_ERROR = N_("template error: {detail}")
REASON_FORBIDDEN = N_("the template uses something templates may not: {detail}")
REASON_OUTPUT = N_("the template makes more than {limit} characters of output")

# Errors a template's own code can cause (1/0, int('x'), a missing key, too deep a recursion ...).
_TEMPLATE_FAULTS = (
    jinja2.TemplateError,
    ArithmeticError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    RecursionError,
)


def read_template_file(dirs: list[Path], name: str) -> tuple[str, Path] | None:
    """The text of `name` from the first folder holding it, or None; only regular files inside the folder."""
    pieces = split_template_path(name)  # refuses '..' parts (TemplateNotFound)
    for folder in dirs:
        root = folder.resolve()
        path = root.joinpath(*pieces).resolve()  # follows symbolic links: one that leads out is refused
        if not path.is_relative_to(root):
            raise RenderError(MSG_OUTSIDE, name=name, folder=str(folder))
        if not path.exists():
            continue
        try:
            data = read_input(path, limit=MAX_TEMPLATE_BYTES)
        except InputError as error:
            raise RenderError(error.msgid, **error.params) from None
        try:
            return data.decode("utf-8"), path
        except UnicodeDecodeError:
            raise RenderError(MSG_NOT_TEXT, path=str(path)) from None
    return None


class FolderLoader(jinja2.BaseLoader):
    """Templates from folders searched in order, read by `read_template_file`."""

    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = dirs

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        found = read_template_file(self.dirs, template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        text, path = found
        mtime = path.stat().st_mtime

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return text, str(path), uptodate


class SafeEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with sla-docgen's bounds (see the module docstring)."""

    intercepted_binops = INTERCEPTED_BINOPS

    def __init__(
        self,
        dirs: list[Path],
        *,
        filters: Mapping[str, Callable[..., Any]] = {},
        globals: Mapping[str, Any] = {},
        tests: Mapping[str, Callable[..., bool]] = {},
        **options: Any,
    ) -> None:
        super().__init__(
            loader=FolderLoader(dirs),
            undefined=jinja2.StrictUndefined,
            finalize=finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            **options,
        )
        self.globals.pop("lipsum", None)
        self.filters.pop("random", None)
        self.filters.update(filters)
        self.filters = {name: bounded_filter(name, func) for name, func in self.filters.items()}
        self.filters.update({LOOP_FILTER: loop_turns, CONCAT_FILTER: concat, OUTPUT_FILTER: count_text})
        self.globals.update(globals)
        self.tests.update(tests)
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self.bytecode_cache = template_cache(self)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's answer depends only on the object's type and the attribute's name: ask once per pair
        # (a third of the rendering time otherwise).
        key = (type(obj), attr)
        known = self._safe_attributes.get(key)
        if known is None:
            known = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return known

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        tree = Bounder().visit(super()._parse(source, name, filename))
        assert isinstance(tree, jinja2.nodes.Template)
        return tree

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        return binop(operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not allowed_call(__obj):
            name = getattr(__obj, "__qualname__", None) or type(__obj).__name__
            raise TemplateRefused(MSG_NOT_CALLABLE, name=name)
        before_call(__obj, args, kwargs)
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (loop_turns(args[0]), *args[1:])
        return check_value(super().call(__context, __obj, *args, **kwargs))


def block_kind(block: object) -> str:
    """The kind of a Document block ("Section", "Paragraph", "Table" ...), for templates to choose a macro
    (the sandbox refuses `x.__class__.__name__`)."""
    return type(block).__name__


def render_template(env: SafeEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template within the bounds; every failure is a RenderError naming the template and line."""
    with spending():
        try:
            template = env.get_template(name)
            chunks: list[str] = []
            size = 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_VALUE:
                    raise TemplateRefused(REASON_OUTPUT, limit=MAX_VALUE)
                chunks.append(chunk)
            return "".join(chunks)
        except TemplateRefused as limit:
            raise _located(limit, Reason(limit.msgid), **limit.params) from None
        except SecurityError as error:
            raise _located(error, Reason(REASON_FORBIDDEN), detail=str(error)) from None
        except RenderError:
            raise
        except jinja2.TemplateNotFound as error:
            raise RenderError(MSG_NOT_FOUND, name=error.name) from None
        except _TEMPLATE_FAULTS as error:
            detail = (str(error).splitlines() or [""])[0][:200] or type(error).__name__
            raise _located(error, Reason(REASON_ERROR), detail=detail) from None


def _located(error: BaseException, reason: Reason, **params: Any) -> RenderError:
    """A RenderError at the template line where `error` happened (Jinja puts template lines in tracebacks)."""
    template, line = "?", 0
    if isinstance(error, jinja2.TemplateSyntaxError):
        template, line = error.filename or error.name or "?", error.lineno
    else:
        for frame in traceback.extract_tb(error.__traceback__):
            if not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
                template, line = frame.filename, frame.lineno or 0
    return RenderError(MSG_AT, template=template, line=line, reason=reason, **params)
