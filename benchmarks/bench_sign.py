"""Speed of signing and verifying: per signature in-process (ECDSA P-256, RSA 2048), and a cold `sla-docgen verify`.

    python benchmarks/bench_sign.py [SAMPLE.yaml] [--runs N]

The sample is rendered to PDF once; keys and certificates are made on the spot (as the tests make
them). Sign: one party's signature added to the PDF (the key already loaded, as `sign` does it
once per command). Verify: the whole report on the PDF signed by all three parties, divided by
three. Cold: the real command `sla-docgen verify --trust ROOT` in a new process. Medians of wall
time, with CPU time beside them: on a busy machine the wall time also counts waiting for a core.
Targets on the 2-core reference machine: sign <= 100 ms and verify <= 100 ms per signature,
cold verify <= 500 ms.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.sign_support makes the keys

DEFAULT_SAMPLE = ROOT / "samples" / "acme-ja.yaml"
CLI = Path(sys.executable).with_name("sla-docgen")


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `fn` (the child processes' CPU included)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((_cpu() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from sla_docgen.api import render_files
    from sla_docgen.sign.credentials import load_credentials
    from sla_docgen.sign.signing import sign_pdf_bytes
    from sla_docgen.sign.verification import load_trust, verify_pdf_bytes
    from tests.sign_support import PASSPHRASE, make_pki

    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        pki = make_pki(Path(folder))
        (pdf,) = render_files(args.sample, formats=("pdf",), output_dir=Path(folder))
        data = pdf.read_bytes()
        for party, identity in pki.signers.items():
            credentials = load_credentials(key=identity.p12_file, passphrase=lambda: PASSPHRASE.encode())
            kind = "RSA 2048" if party == "inside_sales" else "ECDSA P-256"

            def sign(data: bytes = data, party: str = party, credentials: object = credentials) -> bytes:
                return sign_pdf_bytes(data, name=pdf.name, party=party, credentials=credentials)  # type: ignore[arg-type]

            sign()  # first call: fonts, the HarfBuzz face, pyHanko's imports
            wall, cpu = measure(sign, args.runs)
            rows.append((f"sign {party} ({kind})", wall, cpu, "<= 100 ms"))
            data = sign()
        trust = load_trust([pki.root_file])
        count = 3

        def verify() -> object:
            report = verify_pdf_bytes(data, name=pdf.name, trust=trust)
            assert report.ok, report
            return report

        verify()
        wall, cpu = measure(verify, args.runs)
        rows.append((f"verify, per signature (of {count})", wall / count, cpu / count, "<= 100 ms"))
        rows.append((f"verify, whole report ({count} signatures)", wall, cpu, ""))
        signed = Path(folder) / "signed.pdf"
        signed.write_bytes(data)
        command = [str(CLI), "verify", str(signed), "--trust", str(pki.root_file)]
        subprocess.run(command, check=True, capture_output=True)
        wall, cpu = measure(lambda: subprocess.run(command, check=True, capture_output=True), max(5, args.runs // 2))
        rows.append(("cold `sla-docgen verify` (3 signatures)", wall, cpu, "<= 500 ms"))
        size = len(data) - pdf.stat().st_size

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median ms':>10} {'cpu ms':>8}  target")
    for name, wall, cpu, target in rows:
        print(f"{name:<{width}}  {wall:>10.1f} {cpu:>8.1f}  {target}")
    print(f"three signatures add {size / 1024:.0f} KiB to the PDF; peak RSS in-process: {peak:.0f} MiB")
    print(f"sample: {args.sample.name}, runs per figure: {args.runs}")


if __name__ == "__main__":
    main()
