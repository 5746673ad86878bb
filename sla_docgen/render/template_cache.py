"""Compiled templates kept between runs: Jinja's bytecode cache in a private folder of the user's cache directory.

Compiling the two Markdown templates (parse, bound, generate Python, compile) takes about 24 ms
of a cold `render --format md` of about 300 ms, the HTML ones more; loading the code a previous
run compiled takes well under one. The cache changes no output: what it holds is exactly what
compiling would make, so it must never be found holding anything else:

- an entry is found by the template's name and file and by everything that decides its code:
  the environment's class and options (autoescape, delimiters, whitespace handling); the folder
  is named by the Python, Jinja and sla-docgen versions and by the source of the modules that
  shape the code (`templating`, `template_limits`); Jinja itself checks the template's source;
- the folder must be a directory of this user's that no one else may open (0700), as Jinja's own
  default cache requires: its entries are unmarshalled into code. Otherwise there is no cache;
- an entry that cannot be read (damaged, not a regular file) is compiled again, and a cache that
  cannot be written (read-only or full disk) is left alone: either way the render goes on.

`SLA_DOCGEN_CACHE_DIR` names another folder; `SLA_DOCGEN_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2.bccache import Bucket, BytecodeCache

if TYPE_CHECKING:
    import jinja2

MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""Larger than the code of any template within the 1 MiB source limit; a bigger entry is not ours."""


def user_cache_root() -> Path | None:
    """The platform's per-user cache directory (XDG on Linux), or None when there is no home."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no home directory to be found
        return None


def _code_version() -> str:
    """What the compiled code depends on besides the template: Python, Jinja, sla-docgen's code shaping."""
    import jinja2

    from sla_docgen import __version__
    from sla_docgen.render import template_limits, templating

    digest = hashlib.sha256()
    for part in (sys.version, jinja2.__version__, __version__):
        digest.update(part.encode("utf-8") + b"\0")
    for module in (templating, template_limits):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:20]


@cache
def cache_folder() -> Path | None:
    """This version's private folder for compiled templates, made if need be; None when there can be none."""
    if os.environ.get("SLA_DOCGEN_NO_CACHE"):
        return None
    chosen = os.environ.get("SLA_DOCGEN_CACHE_DIR")
    root = Path(chosen) if chosen else user_cache_root()
    if root is None:
        return None
    try:
        folder = (root if chosen else root / "sla-docgen") / f"templates-{_code_version()}"
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    if not private or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return folder


def flavor(environment: jinja2.Environment) -> str | None:
    """The environment's settings that shape compiled code, as text; None when they have no stable text
    (an autoescape function), so that such an environment compiles every time."""
    if callable(environment.autoescape):
        return None
    env = environment
    settings = (
        f"{type(env).__module__}.{type(env).__qualname__}",
        env.autoescape,
        env.optimized,
        sorted(env.extensions),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
    )
    return repr(settings)


class TemplateCache(BytecodeCache):
    """Compiled templates of one environment flavor in a private folder (see the module docstring)."""

    def __init__(self, folder: Path, flavor: str) -> None:
        self.folder = folder
        self.flavor = flavor

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        digest = hashlib.sha256()
        for part in (self.flavor, name, filename or ""):
            digest.update(part.encode("utf-8") + b"\0")
        return digest.hexdigest()[:40]

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jinja"

    def load_bytecode(self, bucket: Bucket) -> None:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            descriptor = os.open(self._path(bucket), flags)
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "rb") as entry:
                info = os.fstat(entry.fileno())
                if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_ENTRY_BYTES:
                    bucket.load_bytecode(entry)
        except Exception:  # a damaged entry (cut short, not ours): compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        target = self._path(bucket)
        try:
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=target.name, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as entry:
                bucket.write_bytecode(entry)
            os.replace(temporary, target)
        except OSError:  # a full or read-only disk: no cache this time
            try:
                os.unlink(temporary)
            except OSError:
                pass


def template_cache(environment: jinja2.Environment) -> TemplateCache | None:
    """The cache for this environment's compiled templates, or None (no private folder, no stable flavor)."""
    settings = flavor(environment)
    if settings is None:
        return None
    folder = cache_folder()
    return TemplateCache(folder, settings) if folder is not None else None
