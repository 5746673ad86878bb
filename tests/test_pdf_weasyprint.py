"""WeasyPrint imported the lean way: its libraries found by soname without subprocesses, fontTools.subset left unrun."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from sla_docgen.render.pdf import engine as pdf_weasyprint
from sla_docgen.render.pdf.engine import SONAMES, find_library, soname


def weasyprint_library_names() -> list[list[str]]:
    """Every name list WeasyPrint's text/ffi.py hands to its _dlopen, read from the installed source."""
    spec = find_spec("weasyprint")
    assert spec is not None and spec.origin is not None
    source = (Path(spec.origin).parent / "text" / "ffi.py").read_text(encoding="utf-8")
    calls = re.findall(r"= _dlopen\(\s*ffi,(.*?)\)", source, flags=re.S)
    return [re.findall(r"'([^']+)'", call) for call in calls]


def test_every_name_weasyprint_tries_maps_to_one_soname_per_library() -> None:
    name_lists = weasyprint_library_names()
    assert len(name_lists) >= 6
    for names in name_lists:
        answers = {soname(name) for name in names}
        assert len(answers) == 1, names
        (answer,) = answers
        assert answer in SONAMES.values(), names
        assert answer in names, "WeasyPrint itself lists the Linux soname"


def test_other_names_go_to_the_real_find_library() -> None:
    asked: list[str] = []

    def fallback(name: str) -> str | None:
        asked.append(name)
        return None

    assert find_library("c", fallback=fallback) is None
    assert find_library("pango", fallback=fallback) is None
    assert find_library("libpango-1.0.so.0", fallback=fallback) == "libpango-1.0.so.0"
    assert asked == ["c", "pango"]


def test_a_library_that_is_not_installed_is_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SONAMES, "harfbuzz-vector", "libsla-docgen-no-such-library.so.0")
    monkeypatch.setattr(pdf_weasyprint, "_NAME", re.compile(r"(?:lib)?(?P<stem>harfbuzz-vector)(?:\.so\.0)?"))
    assert find_library("libharfbuzz-vector.so.0", fallback=lambda name: pytest.fail(name)) is None
    assert find_library("harfbuzz-vector", fallback=lambda name: pytest.fail(name)) is None


CHILD = r"""
import os, subprocess, sys
def refuse(*args, **kwargs):
    raise AssertionError(f"subprocess started: {args!r}")
subprocess.Popen.__init__ = refuse
os.posix_spawn = os.posix_spawnp = os.fork = os.execv = os.execve = refuse

from sla_docgen.render.pdf import engine as pdf_weasyprint
pdf_weasyprint.load()
from weasyprint.text import ffi
assert ffi.pango is not None and ffi.harfbuzz is not None and ffi.fontconfig is not None
maps = open("/proc/self/maps").read()
for name in ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1",
             "libgobject-2.0.so.0"):
    assert name in maps, name
import ctypes.util
assert ctypes.util.find_library.__module__ == "ctypes.util", "the look-up is answered only during the import"
print("subset:", ffi.harfbuzz_subset is not None)
print("fontTools.subset run:", "fontTools.subset.cff" in sys.modules)
"""


def test_weasyprint_imports_without_starting_a_subprocess() -> None:
    """This machine, like CI's, has the runtime libraries only: no `libpango-1.0.so` development symlink."""
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "fontTools.subset run: False" in done.stdout


RENDER = r"""
import sys
from sla_docgen.api import build, load
from sla_docgen.render import RenderOptions, render
from sla_docgen.render.fonts import harfbuzz_subset_available
data = render(build(load(sys.argv[1])), "pdf", RenderOptions())
assert data.startswith(b"%PDF")
print(harfbuzz_subset_available(), "fontTools.subset.cff" in sys.modules)
import fontTools.subset
assert callable(fontTools.subset.Subsetter), "the lazy module runs when used"
"""


def test_a_pdf_rendered_with_harfbuzz_never_runs_fonttools_subset(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "globex-en.yaml"
    done = subprocess.run([sys.executable, "-c", RENDER, str(sample)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


DEFERRED = r"""
import sys
from sla_docgen.render.pdf import engine as pdf_weasyprint
pdf_weasyprint.load()
import weasyprint.pdf.fonts as fonts
assert "fontTools.varLib" not in sys.modules, "WeasyPrint's variable-font support is not loaded up front"
import traceback
try:
    fonts.instantiateVariableFont(None, {})
except Exception as error:
    print(traceback.extract_tb(error.__traceback__)[-1].filename.endswith("fontTools/varLib/instancer/__init__.py"))
import fontTools.varLib.instancer as real
assert sys.modules["fontTools.varLib.instancer"] is real and hasattr(real, "instantiateAvar")
"""


def test_variable_font_support_is_imported_on_first_use() -> None:
    done = subprocess.run([sys.executable, "-c", DEFERRED], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True", "the real instantiateVariableFont ran (and failed on None)"
