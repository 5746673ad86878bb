"""`python -m sla_docgen`: the same as the `sla-docgen` command."""

from sla_docgen.cli import run

if __name__ == "__main__":  # worker processes started by `spawn` import this module too
    run()
