"""Speed of what explains the questionnaire: schema generation, init guidance, a cold `sla-docgen init`.

    python benchmarks/bench_questionnaire.py [--runs N]

Also prints the size of each schema. None of this runs on `validate` or `render`: only `init`
and `sla-docgen schema` read the description catalogue.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import median_ms

CLI = Path(sys.executable).with_name("sla-docgen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs

    from sla_docgen.schema import json_schema
    from sla_docgen.schema.guidance import annotate, init_template
    from sla_docgen.schema.reference import reference

    rows: list[tuple[str, str, float, str]] = []
    sizes = []
    for lang in ("ja", "en"):
        sizes.append(f"{lang} {len(json_schema(lang).encode()) // 1024} KiB")
        rows.append((lang, "JSON Schema (in-process)", median_ms(lambda lang=lang: json_schema(lang), runs), ""))
        rows.append((lang, "field reference (in-process)", median_ms(lambda lang=lang: reference(lang), runs), ""))
    for lang in ("ja", "en", "ja+en", "en+ja"):
        langs = lang.split("+")
        rows.append(
            (
                lang,
                "init guidance (in-process)",
                median_ms(lambda langs=langs: annotate(init_template(langs), langs), runs),
                "",
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("ja", "ja+en"):
            target = Path(folder) / f"q-{lang}.yaml"
            command = [str(CLI), "init", str(target), "--lang", lang, "--force"]
            cold = median_ms(lambda command=command: subprocess.run(command, check=True, capture_output=True), runs)
            rows.append((lang, "cold `sla-docgen init`", cold, ""))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'lang':<6}  {'measure':<30} {'median ms':>10}  target")
    for lang, measure, ms, target in rows:
        print(f"{lang:<6}  {measure:<30} {ms:>10.1f}  {target}")
    print(f"schema sizes: {', '.join(sizes)}")
    print(f"peak RSS of the in-process runs: {peak:.0f} MiB (runs per figure: {runs})")


if __name__ == "__main__":
    main()
