"""`python -m sla_docgen`: the same as the `sla-docgen` command."""

from sla_docgen.cli import main

main(prog_name="sla-docgen")
