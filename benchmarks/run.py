"""Run every benchmark in this folder, one after another, each printing its own table.

python benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.name}", flush=True)
        failed |= subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
