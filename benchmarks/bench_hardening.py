"""What the hardening costs, and what the worst hostile input costs before it is refused.

    python benchmarks/bench_hardening.py [--runs N]

- template rendering in the bounded sandbox (Markdown and HTML of each sample);
- checking the largest logo allowed (4096 x 4096 px), and refusing a decompression bomb;
- writing a batch of four outputs all-or-nothing (temporary files, fsync, journal);
- extract on a rendered PDF;
- how long the worst hostile template runs before its step bound stops it.
Peak memory of the last three is measured in a fresh process each (its VmHWM), so one figure's
allocations do not hide another's.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

SETUP = textwrap.dedent(
    """
    import io, struct, sys, tempfile, zlib
    from pathlib import Path
    from PIL import Image

    def big_logo():
        image = Image.linear_gradient("L").resize((4096, 4096)).convert("RGB")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()

    def bomb():
        chunk = lambda k, d: struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
        head = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
        body = chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(bytes(64))) + chunk(b"IEND", b"")
        return b"\\x89PNG\\r\\n\\x1a\\n" + body
    """
)

# (measure, setup code, code timed in a fresh process)
CHILD_FIGURES = [
    ("check a 4096x4096 logo", "data = big_logo()", "from sla_docgen.logo import check_image; check_image(data)"),
    (
        "refuse a 100000x100000 bomb",
        "data = bomb()",
        "from sla_docgen.logo import ImageRejected, check_image\n"
        "try:\n    check_image(data)\nexcept ImageRejected:\n    pass",
    ),
    (
        "hostile template to its bound",
        "from sla_docgen.api import load, build\nfrom sla_docgen.render import RenderOptions\n"
        "doc = build(load(sys.argv[1]))\nfolder = Path(tempfile.mkdtemp())\n"
        "(folder / 'document.md.j2').write_text('{% macro b(n) %}{% if n %}{{ b(n-1) }}{{ b(n-1) }}"
        "{% endif %}x{% endmacro %}{{ b(40) }}')",
        "from sla_docgen.errors import RenderError\nfrom sla_docgen.render.markdown import render\n"
        "try:\n    render(doc, RenderOptions(template_dir=folder))\nexcept RenderError:\n    pass",
    ),
]


def child(setup: str, timed: str) -> tuple[float, float]:
    """Milliseconds of `timed` and the child's peak RSS in MiB, measured in a fresh process."""
    code = SETUP + setup + "\nimport time\nstart = time.perf_counter()\n" + timed
    # VmHWM, not ru_maxrss: the latter keeps the parent's high-water mark across exec.
    code += "\nms = (time.perf_counter() - start) * 1000"
    code += "\nhwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))"
    code += "\nprint(ms, int(hwm.split()[1]) / 1024)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES[0])], check=True, capture_output=True, text=True, cwd=ROOT
    )
    ms, rss = done.stdout.split()
    return float(ms), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    from sla_docgen.api import build, load
    from sla_docgen.pdf_source import extract_source
    from sla_docgen.render import RenderOptions, render
    from sla_docgen.render.pdf.renderer import render as render_pdf
    from sla_docgen.writing import write_all

    rows: list[tuple[str, str, float, str]] = []
    for sample in SAMPLES:
        document = build(load(sample))
        for fmt in ("md", "html"):
            render(document, fmt)
            ms = median_ms(lambda d=document, f=fmt: render(d, f), runs)
            rows.append((sample.name, f"{fmt} render (sandboxed)", ms, ""))
    sample = SAMPLES[0]
    document = build(load(sample))
    outputs = {name: render(document, name) for name in ("md", "html", "docx")}
    pdf = render_pdf(document, RenderOptions(source=sample.read_bytes(), source_name=sample.name))
    outputs["pdf"] = pdf
    with tempfile.TemporaryDirectory() as folder:
        batch = {Path(folder) / f"out.{name}": data for name, data in outputs.items()}
        rows.append((sample.name, "write 4 outputs, all or nothing", median_ms(lambda: write_all(batch), runs), ""))

        def plain() -> None:
            for path, data in batch.items():
                path.write_bytes(data)

        rows.append((sample.name, "  (plain write_bytes, for scale)", median_ms(plain, runs), ""))
    rows.append((sample.name, "extract from the PDF", median_ms(lambda: extract_source(pdf), runs), ""))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for measure, setup, timed in CHILD_FIGURES:
        ms, rss = child(setup, timed)
        rows.append(("(cold, own process)", measure, ms, f"peak RSS {rss:.0f} MiB"))

    width = max(len(r[0]) for r in rows)
    print(f"{'input':<{width}}  {'measure':<34} {'median ms':>10}  note")
    for name, measure, ms, note in rows:
        print(f"{name:<{width}}  {measure:<34} {ms:>10.1f}  {note}")
    print(f"peak RSS of the in-process runs: {peak:.0f} MiB (runs per figure: {runs})")


if __name__ == "__main__":
    main()
