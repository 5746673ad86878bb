"""Speed of the review diff: the sample pair in-process and cold, the redline, and how time grows with size.

    python benchmarks/bench_diff.py [--runs N]

Targets on the 2-core reference machine: the diff of the sample pair in-process <= 50 ms, a cold
`sla-docgen diff` (text) <= 300 ms, and with 10x and 30x as many goals, KPIs and stages the time
grows no faster than linearly (the last column: time per item, which should stay flat).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "samples" / "review" / "acme-ja-v1.2.yaml"
V2 = ROOT / "samples" / "review" / "acme-ja-v1.3.yaml"


def scaled(agreement: Any, factor: int, *, edit: bool) -> Any:
    """The agreement with `factor` copies of every company goal, KPI and lead stage (ids made unique);
    with `edit`, every third copy has a changed number and every seventh is left out, as a review would."""

    def copies(items: list[Any], change: Any) -> list[Any]:
        out = []
        for n in range(factor):
            for i, item in enumerate(items):
                index = n * len(items) + i
                if edit and index % 7 == 6:
                    continue
                copy = item.model_copy(update={"id": f"{item.id}-{n}"} if n else {})
                out.append(change(copy) if edit and index % 3 == 0 else copy)
        return out

    goals = copies(agreement.goals.company, lambda g: g.model_copy(update={"target": (g.target or 0) + 1}))
    kpis = copies(agreement.reporting.kpis, lambda k: k.model_copy(update={"frequency": "daily"}))
    stages = copies(agreement.lead_stages, lambda s: s.model_copy(update={"criteria": [*s.criteria, "追加の条件"]}))
    return agreement.model_copy(
        update={
            "goals": agreement.goals.model_copy(update={"company": goals}),
            "reporting": agreement.reporting.model_copy(update={"kpis": kpis}),
            "lead_stages": stages,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    from sla_docgen.api import compare_versions, diff_output
    from sla_docgen.diff import Comparison
    from sla_docgen.diff.compare import compare
    from sla_docgen.diff.present import Presenter

    rows: list[tuple[str, str, str]] = []
    comparison = compare_versions(V1, V2)
    old, new = comparison.old.agreement, comparison.new.agreement

    def diff() -> None:
        presenter = Presenter(old, new, ("ja",))
        for change in compare(old, new):
            presenter.statement(change)

    diff()
    rows.append(("diff of the sample pair (compare + wording)", f"{median_ms(diff, runs):.1f} ms", "<= 50 ms"))
    rows.append(
        ("  including reading both files", f"{median_ms(lambda: compare_versions(V1, V2).statements, runs):.1f} ms", "")
    )
    text = median_ms(
        lambda: diff_output(Comparison(comparison.old, comparison.new, ("ja",)), output_format="text"), runs
    )
    rows.append(("  as text (from read files)", f"{text:.1f} ms", ""))
    redline = median_ms(lambda: Comparison(comparison.old, comparison.new, ("ja",)).redline_document(), runs)
    rows.append(("redline Document (both versions built, merged)", f"{redline:.1f} ms", ""))
    report = median_ms(
        lambda: diff_output(Comparison(comparison.old, comparison.new, ("ja",)), output_format="md"), runs
    )
    rows.append(("review report, Markdown", f"{report:.1f} ms", ""))

    command = [sys.executable, "-m", "sla_docgen", "diff", str(V1), str(V2)]
    cold = median_ms(lambda: subprocess.run(command, check=False, capture_output=True), max(5, runs // 2))
    rows.append(("cold `sla-docgen diff` (text)", f"{cold:.0f} ms", "<= 300 ms"))

    base = None
    for factor in (1, 10, 30):
        before, after = scaled(old, factor, edit=False), scaled(old, factor, edit=True)
        items = len(before.goals.company) + len(before.reporting.kpis) + len(before.lead_stages)

        def run(before: Any = before, after: Any = after) -> None:
            presenter = Presenter(before, after, ("ja",))
            for change in compare(before, after):
                presenter.statement(change)

        ms = median_ms(run, max(3, runs // 3))
        per_item = ms / items
        base = base or per_item
        rows.append(
            (
                f"scaled x{factor}: {items} goals+KPIs+stages",
                f"{ms:.1f} ms",
                f"{per_item * 1000:.0f} µs/item ({per_item / base:.2f}x)",
            )
        )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>10}  target / note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
