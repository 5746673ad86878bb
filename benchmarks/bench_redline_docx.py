"""What the Word redline costs: writing the redline Document with tracked changes, against the plain DOCX.

    python benchmarks/bench_redline_docx.py [OLD.yaml NEW.yaml] [--langs ja,en] [--runs N]

In-process, the redline Document built once (bench_diff.py times that): its DOCX with tracked changes
and the plain DOCX of NEW, medians; the tracked changes may cost at most 20% more than the plain DOCX
(most of either is drawing the charts, whose budget is bench_docx.py's). Cold process: `sla-docgen
diff OLD NEW --format docx` end to end, for the record. A language NEW lacks texts in stands in
(--allow-fallback). The sample pair samples/review/acme-ja-v1.2 → v1.3 is used by default.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIR = (ROOT / "samples" / "review" / "acme-ja-v1.2.yaml", ROOT / "samples" / "review" / "acme-ja-v1.3.yaml")
OVERHEAD = 1.2
"""The redline DOCX render against the plain one, medians."""


def timed(action: Callable[[], object], runs: int) -> list[float]:
    action()  # the first call imports what the rest reuse
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def cold(old: Path, new: Path, langs: str | None, runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "review.docx"
        command = [sys.executable, "-m", "sla_docgen", "diff", str(old), str(new), "--format", "docx", "-o", str(out)]
        command += ["--lang", langs.replace(",", "+"), "--allow-fallback"] if langs else []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
            times.append((time.perf_counter() - start) * 1000)
            assert done.returncode in (0, 1) and out.read_bytes()[:2] == b"PK", done.stderr
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pair", nargs="*", type=Path, default=list(PAIR))
    parser.add_argument("--langs", default=None, help="comma-separated languages (default: NEW's)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from sla_docgen.api import build, compare_versions
    from sla_docgen.render import RenderOptions
    from sla_docgen.render.docx import render

    old, new = args.pair
    langs = tuple(args.langs.split(",")) if args.langs else None
    comparison = compare_versions(old, new, langs=langs)
    marked = comparison.redline_document(allow_fallback=True)
    plain = build(comparison.new, langs=comparison.langs, allow_fallback=True)
    results = {
        "redline DOCX render": timed(lambda: render(marked, RenderOptions()), args.runs),
        "plain DOCX render": timed(lambda: render(plain, RenderOptions()), args.runs),
        "cold diff --format docx": cold(old, new, args.langs, max(3, args.runs // 3)),
    }
    pair = f"{old.name} → {new.name} ({','.join(comparison.langs)})"
    print(f"Redline DOCX benchmark: {pair}, python {sys.version.split()[0]}")
    print(f"{'measure':<24} {'runs':>5} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'budget':>8}  ok")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:<24} {len(times):>5} {median:>10.1f} {min(times):>8.1f} {max(times):>8.1f} {'-':>8}")
    ratio = statistics.median(results["redline DOCX render"]) / statistics.median(results["plain DOCX render"])
    ok = ratio <= OVERHEAD
    print(f"{'tracked / plain render':<24} {'':>5} {ratio:>10.2f} {'':>17} {OVERHEAD:>8.2f}  {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
