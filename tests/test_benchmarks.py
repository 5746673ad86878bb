"""The benchmark scripts are not run by the tests (they measure, on a quiet machine), but what they import
from sla-docgen must exist: a module moved by a refactoring would otherwise be found only when timing."""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import ROOT

SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_every_name_a_benchmark_imports_from_sla_docgen_exists(script) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sla_docgen":
            module = importlib.import_module(node.module)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    try:
                        importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        missing.append(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sla_docgen":
                    importlib.import_module(alias.name)
    assert not missing, f"{script.name} imports what does not exist: {missing}"
