"""Speed of the foundation: load+validate and Markdown render per sample, and a cold `sla-docgen validate`.

    python benchmarks/bench_core.py [--runs N]

Targets on the 2-core reference machine: cold validate <= 300 ms, Markdown render <= 20 ms in-process.
Peak memory is the resident set of this process after all in-process runs (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
CLI = Path(sys.executable).with_name("sla-docgen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    from sla_docgen.api import load
    from sla_docgen.document.build import build
    from sla_docgen.render import render

    rows: list[tuple[str, str, float, str]] = []
    for sample in SAMPLES:
        load(sample)  # first call builds the pydantic validators
        rows.append((sample.name, "load + validate", median_ms(lambda sample=sample: load(sample), runs), ""))
        document = build(load(sample))
        render(document, "md")
        rows.append((sample.name, "build Document", median_ms(lambda sample=sample: build(load(sample)), runs), ""))
        rows.append(
            (
                sample.name,
                "Markdown render",
                median_ms(lambda document=document: render(document, "md"), runs),
                "<= 20 ms",
            )
        )
    for sample in SAMPLES:
        command = [str(CLI), "validate", str(sample)]
        cold = median_ms(
            lambda command=command: subprocess.run(command, check=True, capture_output=True), max(5, runs // 2)
        )
        rows.append((sample.name, "cold `sla-docgen validate`", cold, "<= 300 ms"))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(len(r[0]) for r in rows)
    print(f"{'sample':<{width}}  {'measure':<28} {'median ms':>10}  target")
    for sample_name, measure, ms, target in rows:
        print(f"{sample_name:<{width}}  {measure:<28} {ms:>10.1f}  {target}")
    print(f"peak RSS of the in-process runs: {peak:.0f} MiB (runs per figure: {runs})")


if __name__ == "__main__":
    main()
