"""Before/after: the same `sla-docgen` work from two source trees, timed interleaved, and their PDFs compared.

    python benchmarks/ab.py BEFORE_TREE [--runs N] -- render samples/acme-ja.yaml --format pdf
    python benchmarks/ab.py BEFORE_TREE [--runs N] --warm samples/acme-ja.yaml

BEFORE_TREE is a checkout of the older code (for example `git worktree add /tmp/before main`); the
current tree is this one. Both run with this interpreter, each tree first on `sys.path`, in the
order A B B A A B ... so that a change in the machine's load falls on both alike. Cold (the
default): `python -m sla_docgen ARGS --output DIR`, timed as a whole process (wall and CPU time).
--warm: a process renders the sample's PDF once to warm up, then times three more renders and
reports their median. The PDFs each side wrote last are compared by their text (pdftotext) and
page images (pdftoppm), which a change meant only to be faster must leave identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

WARM = """
import statistics, sys, time
from pathlib import Path
from sla_docgen.api import build, load
from sla_docgen.render import RenderOptions, render
sample, out = Path(sys.argv[1]), Path(sys.argv[2])
questionnaire = load(sample)
document = build(questionnaire)
options = RenderOptions(source=questionnaire.source.source, source_name=sample.name)
data = render(document, "pdf", options)
times = []
for _ in range(3):
    start = time.perf_counter()
    data = render(document, "pdf", options)
    times.append((time.perf_counter() - start) * 1000)
(out / (sample.stem + ".pdf")).write_bytes(data)
print(statistics.median(times))
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(tree: Path, args: list[str], out: Path, warm: bool) -> tuple[float, float]:
    """Milliseconds of one run: wall and CPU time of a cold command, or twice the median warm render."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    command = [sys.executable, "-c", WARM, *args, str(out)] if warm else [sys.executable, "-m", "sla_docgen", *args]
    if not warm:
        command += ["--output", str(out)]
    cpu = _children_cpu()
    start = time.perf_counter()
    # cwd: `python -m` and `-c` put the working folder first on sys.path
    done = subprocess.run(command, check=True, env=env, cwd=tree, capture_output=True, text=True)
    wall, used = (time.perf_counter() - start) * 1000, (_children_cpu() - cpu) * 1000
    if warm:
        figure = float(done.stdout.split()[-1])
        return figure, figure
    return wall, used


def pdf_fingerprint(pdf: Path) -> tuple[str, int, str]:
    """The PDF's text, its page count and a hash of its pages rendered at 50 dpi."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), f"{folder}/p"], check=True)
        pages = sorted(Path(folder).glob("p-*.pgm"))
        digest = hashlib.sha256(b"".join(page.read_bytes() for page in pages)).hexdigest()[:16]
    return text, len(pages), digest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="source tree of the older code")
    parser.add_argument("--runs", type=int, default=10, help="runs per side")
    parser.add_argument("--warm", action="store_true", help="time warm in-process renders of ARGS[0] instead")
    parser.add_argument("args", nargs="+", help="the sla-docgen arguments (after --), or the sample with --warm")
    options = parser.parse_args()
    sides = {"before": options.before.resolve(), "after": HERE}
    args = [str(Path(arg).resolve()) if Path(arg).exists() else arg for arg in options.args]
    figures: dict[str, dict[str, list[float]]] = {"wall": {}, "cpu": {}} if not options.warm else {"warm": {}}
    for per_side in figures.values():
        per_side.update({name: [] for name in sides})
    with tempfile.TemporaryDirectory() as folder:
        outs = {name: Path(folder) / name for name in sides}
        for name, tree in sides.items():  # warm the file cache and bytecode once
            run(tree, args, outs[name], options.warm)
        for index in range(options.runs):
            for name in list(sides) if index % 2 == 0 else list(reversed(sides)):
                first, second = run(sides[name], args, outs[name], options.warm)
                for label, value in zip(figures, (first, second), strict=False):
                    figures[label][name].append(value)
        print(f"load average {os.getloadavg()[0]:.2f} after the runs; {options.runs} runs each, interleaved")
        for label, per_side in figures.items():
            for name, values in per_side.items():
                print(
                    f"{label:<4} {name:<7} median {statistics.median(values):8.1f} ms"
                    f"  min {min(values):8.1f}  max {max(values):8.1f}"
                )
            before, after = (statistics.median(per_side[name]) for name in sides)
            print(f"{label:<4} after / before = {after / before:.3f} ({after - before:+.1f} ms)")
        same = True
        for old, new in zip(sorted(outs["before"].glob("*.pdf")), sorted(outs["after"].glob("*.pdf")), strict=True):
            a, b = pdf_fingerprint(old), pdf_fingerprint(new)
            print(
                f"{old.name}: text {'same' if a[0] == b[0] else 'DIFFERS'}, pages {a[1]} -> {b[1]}, "
                f"page images {'same' if a[2] == b[2] else 'DIFFER'}"
            )
            same &= a == b
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
