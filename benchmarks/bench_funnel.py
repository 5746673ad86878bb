"""Speed of the numbers behind the agreement: calc in-process, the charts' cost in each format, cold commands.

    python benchmarks/bench_funnel.py [--runs N] [--before CHECKOUT]

Targets on the 2-core reference machine: `calc` <= 20 ms in-process, cold validate <= 300 ms.
The chart cost of a format is its warm render of the sample minus the same Document with its
charts taken out. `--before` names another checkout (e.g. /work/main) whose package and samples
are timed with the same Python for the cold commands, to compare before and after.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "acme-ja.yaml"


def without_charts(document: Any) -> Any:
    from sla_docgen.document import Chart, Section

    def strip(section: Section) -> Section:
        children = tuple(
            strip(c) if isinstance(c, Section) else c for c in section.children if not isinstance(c, Chart)
        )
        return dataclasses.replace(section, children=children)

    return dataclasses.replace(document, sections=tuple(strip(s) for s in document.sections))


def cold(checkout: Path, args: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "sla_docgen", *[a.replace("{out}", out) for a in args]]
        return median_ms(lambda: subprocess.run(command, check=True, capture_output=True, env=env), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another checkout to time the cold commands against")
    options = parser.parse_args()
    runs = options.runs

    from sla_docgen.api import calc, findings, load
    from sla_docgen.document.build import build
    from sla_docgen.funnel import funnel_numbers
    from sla_docgen.render import RenderOptions, get_format

    rows: list[tuple[str, float, str]] = []
    questionnaire = load(ROOT / "samples" / SAMPLE)
    calc(questionnaire)
    rows.append(
        ("funnel_numbers (arithmetic only)", median_ms(lambda: funnel_numbers(questionnaire.agreement), runs), "")
    )
    rows.append(("consistency findings", median_ms(lambda: findings(questionnaire), runs), ""))
    for fmt in ("text", "json", "csv"):
        ms = median_ms(lambda fmt=fmt: calc(questionnaire, output_format=fmt), runs)
        rows.append((f"calc --format {fmt} (in-process)", ms, "<= 20 ms"))

    document = build(questionnaire)
    bare = without_charts(document)
    render_options = RenderOptions(source=questionnaire.source.source, source_name=SAMPLE, output_stem="acme-ja")
    for name in ("md", "html", "pdf", "docx"):
        fmt = get_format(name)
        renderer, assets = fmt.renderer(), fmt.assets()

        def full(renderer: Any = renderer, assets: Any = assets) -> None:
            renderer(document, render_options)
            if assets is not None:
                assets(document, render_options)

        full()
        renderer(bare, render_options)
        format_runs = runs if name in ("md", "html") else max(3, runs // 3)
        with_ms = median_ms(full, format_runs)
        bare_ms = median_ms(lambda renderer=renderer: renderer(bare, render_options), format_runs)
        rows.append((f"{name}: warm render, with charts", with_ms, ""))
        rows.append((f"{name}: chart cost (with - without)", with_ms - bare_ms, ""))

    cold_runs = max(5, runs // 2)
    sample = str(ROOT / "samples" / SAMPLE)
    rows.append(("cold validate (this checkout)", cold(ROOT, ["validate", sample], cold_runs), "<= 300 ms"))
    rows.append(("cold render md (this checkout)", cold(ROOT, ["render", sample, "-o", "{out}"], cold_runs), ""))
    if options.before is not None:
        before = str(options.before / "samples" / SAMPLE)
        rows.append(("cold validate (--before)", cold(options.before, ["validate", before], cold_runs), ""))
        rows.append(
            ("cold render md (--before)", cold(options.before, ["render", before, "-o", "{out}"], cold_runs), "")
        )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure (' + SAMPLE + ')':<{width}}  {'median ms':>10}  target")
    for measure, ms, target in rows:
        print(f"{measure:<{width}}  {ms:>10.1f}  {target}")
    load = os.getloadavg()[0]
    print(f"runs per figure: {runs} (PDF and DOCX: {max(3, runs // 3)}; cold: {cold_runs}); load average {load:.2f}")


if __name__ == "__main__":
    main()
