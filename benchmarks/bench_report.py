"""Speed and peak memory of `sla-docgen report` on synthetic Acme exports of 10k, 100k and 1M leads.

    python benchmarks/bench_report.py [--runs N] [--sizes 10000,100000,1000000] [--formats json,pdf]

Target on the 2-core reference machine: 1,000,000 leads in <= 15 s and <= 2 GB peak RSS.
Each export is made by samples/crm/make_export.py (fixed seed) in a temporary folder and never
kept; each run is a fresh `sla-docgen report` process, timed from start to exit, its peak
resident memory read from the kernel's accounting of that child (wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE = ROOT / "samples" / "crm" / "make_export.py"
MAPPING = ROOT / "samples" / "crm" / "acme-ja-export.mapping.yaml"
TARGET_S, TARGET_MB = 15.0, 2048.0


def run_once(export: Path, out: Path, formats: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one report process."""
    command = [sys.executable, "-m", "sla_docgen", "report", str(ROOT / "samples" / "acme-ja.yaml")]
    command += ["--crm", str(export), "--format", formats, "--output", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"report failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--formats", default="json,pdf")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"sla-docgen report --format {args.formats}: median of {args.runs} runs, peak RSS the largest")
    print(
        f"load average before: {os.getloadavg()[0]:.1f} (wall time grows with other work on the machine; CPU does not)"
    )
    print(f"{'leads':>10}  {'CSV MB':>7}  {'seconds':>8}  {'CPU s':>6}  {'peak MB':>8}  target")
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        for size in sizes:
            export = Path(folder) / f"acme-{size}.csv"
            subprocess.run(
                [sys.executable, str(MAKE), "--rows", str(size), "-o", str(export)], check=True, capture_output=True
            )
            shutil.copy(MAPPING, export.with_name(export.stem + ".mapping.yaml"))
            results = [run_once(export, Path(folder) / "out", args.formats) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[1] for r in results)
            peak = max(r[2] for r in results)
            verdict = "ok" if seconds <= TARGET_S and peak <= TARGET_MB else "MISSED"
            target = verdict if size >= 1_000_000 else ""
            megabytes = export.stat().st_size / 1e6
            print(f"{size:>10,}  {megabytes:>7.1f}  {seconds:>8.2f}  {cpu:>6.2f}  {peak:>8.0f}  {target}", flush=True)
            export.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
