"""The preview's PDF refresh after a save, broken down, against a warm render; optionally against an older tree.

    python benchmarks/bench_preview.py [--runs N] [--before TREE]

Starts `sla-docgen preview` on a copy of samples/acme-ja.yaml (with --before, a second one running the
code of TREE, an older checkout), asks it for the PDF once (from then on every save makes one, as when
the PDF view is open), then saves the copy as an editor does (a new file renamed over the old) and
follows the server's event stream, which is what the page listens to:
  html     the save until the event of the new revision: watchfiles noticing the save, then the HTML
  pdf      the save until the event that the PDF of that save is ready
  worker   of that, the worker's own time: reading, validating and building the questionnaire, the render
           (reported by the server since the PDF view shows it; "-" for a tree that does not report it)
  warm     a render of the sample's built Document in this process, after each save: the yardstick of the
           target "PDF refresh <= a warm render" (bench_targets.py measures it so); and the same render in
           a second, fresh process that only renders (as the worker is), in turn with the first
With --before the saves go to the two servers in the order A B B A ..., so that a change in the machine's
load falls on both alike. Medians; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from timing import warm_pdf_render  # noqa: E402

from tests.preview_support import StatusStream  # noqa: E402  (the tests' reader of the page's event stream)

SAMPLE = ROOT / "samples" / "acme-ja.yaml"
COMPANY = "company: アクメ・ファクトリークラウド株式会社"
PDF_TIMEOUT = 120.0


@dataclass
class Server:
    name: str
    url: str
    file: Path
    events: StatusStream
    company: str = COMPANY
    figures: dict[str, list[float]] = field(default_factory=lambda: {"html": [], "pdf": [], "worker": []})

    def save(self, index: int) -> float:
        """Change the company's name as an editor saves (a new file renamed over the old); the moment it is done."""
        new = f"company: アクメ計測{index:03d}株式会社"
        text = self.file.read_text(encoding="utf-8").replace(self.company, new)
        temporary = self.file.with_name(f".{self.file.name}.saving")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.file)
        self.company = new
        return time.perf_counter()

    def refresh(self, index: int) -> None:
        """One save, timed until its HTML and then its PDF are announced."""
        revision = self.events.seen[-1]["revision"] + 1
        saved = self.save(index)
        self.events.until(lambda status: status["goodRevision"] >= revision)
        html_at = time.perf_counter()
        status = self.events.until(lambda status: status["pdfRevision"] >= revision)
        pdf_at = time.perf_counter()
        self.figures["html"].append((html_at - saved) * 1000)
        self.figures["pdf"].append((pdf_at - saved) * 1000)
        if "pdfMilliseconds" in status:
            self.figures["worker"].append(status["pdfMilliseconds"])


@contextmanager
def preview(name: str, tree: Path, folder: Path) -> Iterator[Server]:
    """`sla-docgen preview` from the source tree `tree` on a copy of the sample, its PDF made once."""
    (folder / name).mkdir()
    file = folder / name / SAMPLE.name
    shutil.copyfile(SAMPLE, file)
    # cwd: `python -m` puts the working folder first on sys.path, and the worker inherits sys.path
    process = subprocess.Popen(
        [sys.executable, "-m", "sla_docgen", "preview", str(file), "--port", "0"],
        cwd=tree,
        env=dict(os.environ, LANGUAGE="en", PYTHONPATH=str(tree)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        line = b""
        while b"Previewing" not in line:
            line = process.stderr.readline()
            if not line:
                raise SystemExit(f"{name}: the preview did not start")
        match = re.search(rb"http://127\.0\.0\.1:\d+/", line)
        assert match, line
        url = match.group(0).decode()
        threading.Thread(target=process.stderr.read, daemon=True).start()  # a line per save: never let it fill
        urllib.request.urlopen(url + "document.pdf", timeout=PDF_TIMEOUT).read()  # from now on every save makes one
        events = StatusStream(url, timeout=PDF_TIMEOUT)
        events.until(lambda status: True)  # the status as it is now
        try:
            yield Server(name, url, file, events)
        finally:
            events.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        process.stderr.close()


def _render_on_request(requests: Connection) -> None:
    """The second yardstick's process: a warm render each time it is asked, its milliseconds sent back."""
    step = warm_pdf_render(SAMPLE)
    while requests.recv():
        requests.send(step())


class WarmProcess:
    """A fresh process that keeps the renderers loaded and times a warm render on request."""

    def __init__(self) -> None:
        self._connection, theirs = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_render_on_request, args=(theirs,))
        self._process.start()

    def __call__(self) -> float:
        self._connection.send(True)
        return float(self._connection.recv())

    def close(self) -> None:
        self._connection.send(False)
        self._process.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="saves per server")
    parser.add_argument("--before", type=Path, help="a checkout of older code, timed interleaved with this one")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a PDF and the next step")
    args = parser.parse_args()
    trees = {"after": ROOT} if args.before is None else {"before": args.before.resolve(), "after": ROOT}
    load_before = os.getloadavg()
    fresh = WarmProcess()
    warm: dict[str, Callable[[], float]] = {"this process": warm_pdf_render(SAMPLE), "a fresh process": fresh}
    warm_times: dict[str, list[float]] = {name: [] for name in warm}
    with tempfile.TemporaryDirectory() as name, _servers(trees, Path(name)) as servers:
        for server in servers:  # the worker's first render of a change: charts, contents numbers
            server.refresh(999)
            time.sleep(args.pause)
        for server in servers:
            server.figures = {key: [] for key in server.figures}
        for index in range(args.runs):
            for server in servers if index % 2 == 0 else reversed(servers):
                server.refresh(index)
                time.sleep(args.pause)  # the worker collects its garbage, as between two saves
                for yardstick in warm if index % 2 == 0 else reversed(warm):
                    warm_times[yardstick].append(warm[yardstick]())
                    time.sleep(args.pause / 3)
    fresh.close()
    load_after = os.getloadavg()
    python = sys.version.split()[0]
    print(f"preview refresh: {SAMPLE.name}, python {python}, {os.cpu_count()} CPUs, {args.runs} saves each")
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}")
    print(f"load average (1, 5, 15 min) after:  {', '.join(f'{v:.2f}' for v in load_after)}")
    warm_ms = {name: statistics.median(times) for name, times in warm_times.items()}
    for yardstick, times in warm_times.items():
        spread = f"min {min(times):.0f}, max {max(times):.0f}"
        print(f"warm render in {yardstick}: median {warm_ms[yardstick]:.0f} ms, {spread}")
    print(f"{'tree':<7} {'html':>6} {'pdf':>6} {'worker':>7} {'pdf - worker':>13} {'pdf / warm':>11} {'(fresh)':>8}")
    for server in servers:
        html, pdf = (statistics.median(server.figures[key]) for key in ("html", "pdf"))
        worker = f"{statistics.median(server.figures['worker']):7.0f}" if server.figures["worker"] else f"{'-':>7}"
        rest = f"{pdf - float(worker):13.0f}" if server.figures["worker"] else f"{'-':>13}"
        ratios = f"{pdf / warm_ms['this process']:11.3f} {pdf / warm_ms['a fresh process']:8.3f}"
        print(f"{server.name:<7} {html:6.0f} {pdf:6.0f} {worker} {rest} {ratios}")
    return 0


@contextmanager
def _servers(trees: dict[str, Path], folder: Path) -> Iterator[list[Server]]:
    with preview(*next(iter(trees.items())), folder) as first:
        if len(trees) == 1:
            yield [first]
            return
        name, tree = list(trees.items())[1]
        with preview(name, tree, folder) as second:
            yield [first, second]


if __name__ == "__main__":
    sys.exit(main())
