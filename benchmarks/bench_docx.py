"""How fast the DOCX renderer is: in-process render time and a cold process, medians over several runs.

    python benchmarks/bench_docx.py [SAMPLE.yaml] [--runs N]

In-process: the Document is built once, then `render(document, "docx")` is timed (budget 100 ms).
Cold process: a new Python loads the sample, builds the Document and renders the DOCX (budget 500 ms);
the `sla-docgen render` command adds only click to that. The built-in Japanese sample is used by default.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "samples" / "acme-ja.yaml"
BUDGET_MS = {"in-process render": 100.0, "cold process": 500.0}

COLD = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
import sla_docgen
from sla_docgen.document.build import build
from sla_docgen.render import render
t1 = time.perf_counter()
agreement = sla_docgen.load_agreement(Path(sys.argv[1]))
t2 = time.perf_counter()
document = build(agreement, langs=tuple(sys.argv[2].split(",")))
t3 = time.perf_counter()
data = render(document, "docx")
t4 = time.perf_counter()
assert data[:2] == b"PK"
print(*(f"{1000 * (b - a):.3f}" for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4))))
"""
PHASES = ("  imports", "  load + validate", "  build Document", "  DOCX render, cold")


def document_for(sample: Path, langs: tuple[str, ...]):  # type: ignore[no-untyped-def]
    import sla_docgen
    from sla_docgen.document.build import build

    return build(sla_docgen.load_agreement(sample), langs=langs)


def in_process(sample: Path, langs: tuple[str, ...], runs: int) -> list[float]:
    from sla_docgen.render import render

    document = document_for(sample, langs)
    render(document, "docx")  # first call imports python-docx and parses the built-in styles
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render(document, "docx")
        times.append((time.perf_counter() - start) * 1000)
    return times


def cold(sample: Path, langs: tuple[str, ...], runs: int) -> tuple[list[float], list[list[float]]]:
    """Wall time of whole processes, and the time of each phase inside them."""
    times: list[float] = []
    phases: list[list[float]] = [[] for _ in PHASES]
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(sample), ",".join(langs)],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        times.append((time.perf_counter() - start) * 1000)
        for index, value in enumerate(out.split()):
            phases[index].append(float(value))
    return times, phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--langs", default="ja", help="comma-separated display languages (default: ja)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    langs = tuple(args.langs.split(","))
    cold_times, phases = cold(args.sample, langs, max(3, args.runs // 3))
    results = {"in-process render": in_process(args.sample, langs, args.runs), "cold process": cold_times}
    print(f"DOCX benchmark: {args.sample.name} ({args.langs}), python {sys.version.split()[0]}")
    print(f"{'measure':<20} {'runs':>5} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'budget':>8}  ok")
    failed = False
    for name, times in results.items():
        median = statistics.median(times)
        ok = median <= BUDGET_MS[name]
        failed |= not ok
        print(
            f"{name:<20} {len(times):>5} {median:>10.1f} {min(times):>8.1f} {max(times):>8.1f}"
            f" {BUDGET_MS[name]:>8.0f}  {'yes' if ok else 'NO'}"
        )
    for name, times in zip(PHASES, phases, strict=True):
        median = statistics.median(times)
        print(f"{name:<20} {len(times):>5} {median:>10.1f} {min(times):>8.1f} {max(times):>8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
