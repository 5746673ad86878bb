"""Watching the questionnaire (and its logo) for saves, with watchfiles: inotify on Linux, no polling.

The folders are watched rather than the files, so that editors which save by writing a new
file and renaming it over the old one are followed too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

STEP_MS = 10
"""How long watchfiles waits for more changes before it reports them. An editor's save is often
several writes (a new file renamed over the old, or the old renamed to a backup first), and
rendering half a file would flash an error. watchfiles looks every STEP_MS and reports once a
look finds no new kind of change, so a save is seen 10 to 20 ms after its first write (30 to
60 ms with the 30 ms used before, most of the preview's own cost over a warm PDF render), and
every write made within STEP_MS of the first is in the same batch. Editors write a save within a
millisecond or two; tests/test_preview_refresh.py saves in three editors' ways."""


Signature = tuple[int, int, int] | None
"""A file's inode, size and modification time in nanoseconds; None when it is missing."""


def signatures(files: set[Path]) -> dict[Path, Signature]:
    """What the files look like now, to tell later whether any was saved in between."""
    found: dict[Path, Signature] = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            found[path] = None
        else:
            found[path] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return found


def watch(
    watched: Callable[[], set[Path]],
    on_change: Callable[[], None],
    stop: threading.Event,
    baseline: dict[Path, Signature] | None = None,
) -> None:
    """Call `on_change` after each save of a file in `watched()`, until `stop` is set (run it in a thread).

    `baseline` is what the files looked like when they were last read. watchfiles only reports
    changes made once its watcher is set up, a moment after this starts; at its first report (a
    change, or a quiet second) the files are compared with the baseline, so that a save made in
    that moment is not missed either.
    """
    from watchfiles import watch as watch_folders

    while not stop.is_set():
        files = watched()
        folders = sorted({str(path.parent) for path in files})
        unchecked = baseline
        for changes in watch_folders(
            *folders,
            watch_filter=_only({str(path) for path in files}),
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
            yield_on_timeout=True,
            rust_timeout=1000,
            raise_interrupt=False,
        ):
            missed = unchecked is not None and not changes and signatures(set(unchecked)) != unchecked
            unchecked = None
            if changes or missed:
                on_change()
            if watched() != files:  # the logo moved: watch the new set of folders
                baseline = signatures(watched())
                break


def _only(names: set[str]) -> Callable[[object, str], bool]:
    return lambda _change, path: path in names
