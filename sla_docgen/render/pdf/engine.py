"""Importing WeasyPrint without the cost of finding its native libraries by subprocess, or of unused fontTools code.

WeasyPrint loads Pango, HarfBuzz, fontconfig and GObject through cffi, trying several names per
library (the Windows and macOS names first). cffi hands each name it cannot open directly to
`ctypes.util.find_library`, which on Linux runs `ldconfig -p` and then gcc and ld: about twenty
subprocesses, a fifth of a cold PDF render. While WeasyPrint is imported, `load()` answers those
look-ups, and only those, with the libraries' sonames (`libpango-1.0.so.0`): the names the
dynamic loader resolves by itself, present without the development packages' `.so` symlinks.
A name it does not know, and every look-up on other systems, goes to `find_library` as before.

WeasyPrint also imports two fontTools modules it seldom uses: `fontTools.subset`, called only
when HarfBuzz cannot subset fonts, becomes a lazy module executed on first use (the standard
library's `importlib.util.LazyLoader`); `fontTools.varLib.instancer`, from which WeasyPrint
imports one function for variable fonts (which sla-docgen's fonts are not), is replaced by a
stand-in whose function imports the real module on its first call. A render that needs
neither never pays for them (with the variable-font machinery they pull in, ~50 ms).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import importlib.util
import re
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any

SONAMES = {
    "gobject-2.0": "libgobject-2.0.so.0",
    "pango-1.0": "libpango-1.0.so.0",
    "pangoft2-1.0": "libpangoft2-1.0.so.0",
    "harfbuzz": "libharfbuzz.so.0",
    "harfbuzz-subset": "libharfbuzz-subset.so.0",
    "harfbuzz-vector": "libharfbuzz-vector.so.0",
    "fontconfig": "libfontconfig.so.1",
}
"""The libraries WeasyPrint loads, by the stem of their names, and their sonames on Linux."""

# A library's name as WeasyPrint spells it for some system: an optional `lib`, the stem, then a
# version and platform suffix (`-0`, `-0.0`, `.so.0`, `.0.dylib`, `-0.dll`).
_NAME = re.compile(
    r"(?:lib)?(?P<stem>{stems})(?:-\d+(?:\.\d+)?)?(?:\.so(?:\.\d+)*|(?:\.\d+)*\.dylib|\.dll)?".format(
        stems="|".join(re.escape(stem) for stem in sorted(SONAMES, key=len, reverse=True))
    )
)


def soname(name: str) -> str | None:
    """The soname WeasyPrint's library `name` stands for, or None for a name this module does not know."""
    match = _NAME.fullmatch(name)
    return SONAMES[match.group("stem")] if match else None


@cache
def _loadable(path: str) -> bool:
    try:
        ctypes.CDLL(path)
    except OSError:
        return False
    return True


def find_library(name: str, *, fallback: Callable[[str], str | None] = ctypes.util.find_library) -> str | None:
    """`ctypes.util.find_library` for WeasyPrint's libraries, without subprocesses: the soname when it loads."""
    known = soname(name)
    if known is None:
        return fallback(name)
    return known if _loadable(known) else None


@contextmanager
def _sonames_answered() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: find_library(name, fallback=original)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _lazy(module_name: str) -> None:
    """Register `module_name` so that its code runs on first attribute access, not on import."""
    if module_name in sys.modules:
        return
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    loader.exec_module(module)
    package, _, child = module_name.rpartition(".")
    setattr(sys.modules[package], child, module)


def _deferred(module_name: str, function_name: str) -> None:
    """Register a stand-in for `module_name` whose `function_name` imports the real module on its first call.

    For a module imported only for `from module import function`, which LazyLoader cannot defer.
    """
    if module_name in sys.modules:
        return

    def call(*args: Any, **kwargs: Any) -> Any:
        if sys.modules.get(module_name) is stand_in:
            del sys.modules[module_name]
        return getattr(importlib.import_module(module_name), function_name)(*args, **kwargs)

    stand_in = types.ModuleType(module_name, f"Stand-in until {function_name} is first called (sla-docgen).")
    setattr(stand_in, function_name, call)
    sys.modules[module_name] = stand_in


def load() -> None:
    """Import WeasyPrint (once per process) the lean way described above."""
    if "weasyprint" in sys.modules:
        return
    _lazy("fontTools.subset")
    _deferred("fontTools.varLib.instancer", "instantiateVariableFont")
    with _sonames_answered() if sys.platform.startswith("linux") else nullcontext():
        importlib.import_module("weasyprint")
