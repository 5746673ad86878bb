"""sla-docgen: sales & marketing service level agreements as validated data, rendered to documents.

The library API lives in `sla_docgen.api` (load, build, render_files, ...); it is imported
lazily so that `sla-docgen --version` and `validate` stay fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "build", "load", "load_agreement", "render", "render_files"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sla_docgen import api

        return getattr(api, name)
    raise AttributeError(name)
