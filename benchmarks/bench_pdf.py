"""How fast and how big the PDF is: warm in-process render, a cold `sla-docgen render` process, size and memory.

    python benchmarks/bench_pdf.py [SAMPLE.yaml] [--runs N] [--soffice] [--floor]

Warm: the Document is built once and rendered once (fonts, templates), then `render(document, "pdf")`
is timed (budget 500 ms). Cold: the real command `sla-docgen render SAMPLE --format pdf` in a new
process (budget 1200 ms), with its peak resident memory. With --soffice, LibreOffice converting the
project's own DOCX of the same sample is timed side by side (the issue's yardstick). With --floor, two
figures that bound what any template can reach: importing WeasyPrint in a new process (as sla-docgen does,
see render/pdf/engine.py), and WeasyPrint typesetting the same words as plain paragraphs (no stylesheet,
tables, contents or running header), with the cyclic garbage collector off as in sla-docgen's own render.
Medians over runs.
"""

from __future__ import annotations

import argparse
import gc
import html.parser
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "samples" / "acme-ja.yaml"
BUDGET = {"warm render ms": 500.0, "cold CLI ms": 1200.0, "PDF KB": 450.0}


def warm(sample: Path, runs: int) -> tuple[list[float], int, float]:
    """Render times (ms), the PDF size and this process's peak RSS (MB) after rendering."""
    from sla_docgen.api import build, load
    from sla_docgen.render import RenderOptions, render

    questionnaire = load(sample)
    document = build(questionnaire)
    options = RenderOptions(source=sample.read_bytes(), source_name=sample.name)
    data = render(document, "pdf", options)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        data = render(document, "pdf", options)
        times.append((time.perf_counter() - start) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times, len(data), peak


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cold(sample: Path, runs: int) -> tuple[list[float], float]:
    """Wall time of `sla-docgen render --format pdf` processes and their peak RSS (MB)."""
    command = shutil.which("sla-docgen", path=str(Path(sys.executable).parent)) or "sla-docgen"
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [command, "render", str(sample), "--format", "pdf", "--output", out],
                check=True,
                capture_output=True,
            )
            times.append((time.perf_counter() - start) * 1000)
    return times, _child_peak_mb()


def soffice(sample: Path, runs: int) -> list[float]:
    """LibreOffice converting the project's DOCX of the same sample to PDF."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return []
    from sla_docgen.api import build, load
    from sla_docgen.render import RenderOptions, render

    times = []
    with tempfile.TemporaryDirectory() as folder:
        docx = Path(folder) / f"{sample.stem}.docx"
        docx.write_bytes(render(build(load(sample)), "docx", RenderOptions()))
        profile = Path(folder) / "profile"
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(docx),
                ],
                check=True,
                capture_output=True,
            )
            times.append((time.perf_counter() - start) * 1000)
    return times[1:] or times  # the first run creates the LibreOffice profile


class _Words(html.parser.HTMLParser):
    """The text of an HTML page, one paragraph per block-level element."""

    BLOCKS = frozenset({"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "caption", "br", "tr"})

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = [""]
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "title")
        if tag in self.BLOCKS:
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.paragraphs[-1] += data


def floor(sample: Path, runs: int) -> tuple[list[float], list[float]]:
    """Importing WeasyPrint in a new process (ms, Python's own start subtracted), and plain-paragraph renders (ms)."""
    from html import escape

    from weasyprint import HTML

    from sla_docgen.api import build, load
    from sla_docgen.render import RenderOptions, fonts
    from sla_docgen.render.html import render_html

    def process(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000

    lean = "from sla_docgen.render.pdf.engine import load; load()"  # how sla-docgen imports it
    imports = [process(lean) - process("pass") for _ in range(max(3, runs // 2))]
    font_config, choice = fonts.font_configuration()
    words = _Words()
    words.feed(render_html(build(load(sample)), RenderOptions(), for_pdf=True))
    family = choice.family if choice else "sans-serif"
    body = "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in words.paragraphs if p.strip())
    page = f'<html lang="ja"><body style="font: 9.5pt \'{family}\'">{body}</body></html>'
    times = []
    for index in range(runs + 1):
        gc.disable()  # as sla-docgen's own render runs WeasyPrint
        start = time.perf_counter()
        try:
            HTML(string=page).write_pdf(font_config=font_config)
        finally:
            gc.enable()
        if index:  # the first render loads the fonts
            times.append((time.perf_counter() - start) * 1000)
    return imports, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--soffice", action="store_true", help="also time LibreOffice converting the DOCX")
    parser.add_argument("--floor", action="store_true", help="also time WeasyPrint's import and a plain render")
    args = parser.parse_args()

    cold_times, cold_peak = cold(args.sample, max(3, args.runs // 2))
    warm_times, size, warm_peak = warm(args.sample, args.runs)
    rows: list[tuple[str, list[float], float | None]] = [
        ("warm render ms", warm_times, BUDGET["warm render ms"]),
        ("cold CLI ms", cold_times, BUDGET["cold CLI ms"]),
    ]
    if args.soffice:
        rows.append(("soffice DOCX->PDF ms", soffice(args.sample, 4), None))
    if args.floor:
        imports, plain = floor(args.sample, args.runs)
        rows.append(("floor: import ms", imports, None))
        rows.append(("floor: plain words ms", plain, None))

    from sla_docgen.render.fonts import FONTS, harfbuzz_subset_available

    choice = FONTS.choice
    print(f"PDF benchmark: {args.sample.name}, python {sys.version.split()[0]}")
    print(
        f"font: {choice.family if choice else 'none'} ({choice.source if choice else '-'}), "
        f"harfbuzz-subset: {'yes' if harfbuzz_subset_available() else 'NO'}"
    )
    print(f"{'measure':<22} {'runs':>5} {'median':>9} {'min':>9} {'max':>9} {'budget':>8}  ok")
    failed = False
    for name, times, budget in rows:
        if not times:
            print(f"{name:<22} {'-':>5}  (not available)")
            continue
        median = statistics.median(times)
        ok = budget is None or median <= budget
        failed |= not ok
        print(
            f"{name:<22} {len(times):>5} {median:>9.1f} {min(times):>9.1f} {max(times):>9.1f}"
            f" {budget if budget is not None else '':>8}  {'' if budget is None else 'yes' if ok else 'NO'}"
        )
    kb = size / 1024
    ok = kb <= BUDGET["PDF KB"]
    failed |= not ok
    print(f"{'PDF KB':<22} {1:>5} {kb:>9.1f} {'':>9} {'':>9} {BUDGET['PDF KB']:>8.0f}  {'yes' if ok else 'NO'}")
    print(f"{'peak RSS MB, warm':<22} {'':>5} {warm_peak:>9.1f}")
    print(f"{'peak RSS MB, cold CLI':<22} {'':>5} {cold_peak:>9.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
