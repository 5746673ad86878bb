"""The `sla-docgen` command: thin click commands over the library API; heavy imports stay inside commands."""

from __future__ import annotations

import errno
import gc
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from sla_docgen import __version__
from sla_docgen.errors import UsageError, UserError
from sla_docgen.i18n import N_, default_lang, translate

LANG_CHOICES = ("ja", "en", "ja+en", "en+ja")
DIFF_FORMATS = ("text", "json", "md", "html", "pdf", "docx")
MSG_BINARY_TO_TERMINAL = N_("a {format} file cannot be shown on a terminal; give --output FILE")
EXIT_INTERNAL = 3
"""An error sla-docgen did not expect: a bug, distinct from 1 (invalid input) and 2 (usage)."""

MSG_INTERNAL = N_("internal error ({error}): this is a bug in sla-docgen; run `{command}` to see the details")

# sla-docgen uses no pydantic plugins; looking them up reads every installed package's
# metadata (~25 ms of each command's start). Only this process is affected.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> None:
    """The `sla-docgen` program: the command, then an immediate exit once its output is flushed.

    By then every output file is complete and renamed into place. Tearing down what a PDF render
    leaves behind (WeasyPrint's and pydantic's objects, the native font maps) would only make the
    user wait: about 80 ms of CPU time of a cold `render --format pdf` (benchmarks/ab.py).

    The cyclic garbage collector runs a hundred times less often than Python's default (every
    700 allocations): a command's imports and models make few cycles, and with the default it
    spent about 40 ms of a cold `render --format md` (136 collections) scanning them.
    """
    gc.set_threshold(100_000, 50, 100)
    try:
        main(prog_name="sla-docgen")
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `sla-docgen ... | head`: the reader has gone
        code = code or 1
    logging.shutdown()
    os._exit(code)


@contextmanager
def _reported(lang: str) -> Iterator[None]:
    """Turn user errors into a message on stderr in the user's language and the error's exit code."""
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta["sla_docgen.lang"] = lang  # the language of an internal-error line, too
    try:
        yield
    except UserError as exc:
        click.echo(exc.message(lang), err=True)
        sys.exit(exc.exit_code)


def _message_lang(value: str | None) -> str:
    return value or default_lang()


def internal_error_line(error: BaseException, lang: str, argv: Sequence[str]) -> str:
    """One line for an unexpected exception: what it was, and the command that shows its traceback."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {first}" if first else type(error).__name__
    if len(detail) > 200:
        detail = detail[:199] + "…"
    import shlex

    command = shlex.join(["sla-docgen", "--debug", *argv])
    return " / ".join(translate(MSG_INTERNAL, one).format(error=detail, command=command) for one in lang.split("+"))


class _Main(click.Group):
    """The command group, with the safety net: an exception that escapes a command is a bug.

    It is reported on one line with the command that shows its traceback (`--debug`), and the exit
    code is 3; user errors (1), usage errors (2), ^C and a closed pipe keep click's handling.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        argv = list(args)
        context = super().make_context(info_name, args, parent=parent, **extra)
        context.meta["sla_docgen.argv"] = [a for a in argv if a != "--debug"]
        return context

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, EOFError):
            raise
        except UserError as exc:  # a command that forgot `_reported`: still the user's error, not a bug
            click.echo(exc.message(ctx.meta.get("sla_docgen.lang") or default_lang()), err=True)
            ctx.exit(exc.exit_code)
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader of our output went away: click exits quietly
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            else:
                lang = ctx.meta.get("sla_docgen.lang") or default_lang()
                click.echo(internal_error_line(exc, lang, ctx.meta.get("sla_docgen.argv", [])), err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sla-docgen")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (exit 3).")
def main(debug: bool) -> None:
    """Write, validate and render sales & marketing service level agreements.

    Exit codes: 0 success, 1 invalid input or a file that cannot be read or written, 2 usage
    error, 3 internal error (a bug: rerun with --debug for the traceback).
    """


@main.command()
@click.argument("file", type=click.Path(path_type=Path), default="agreement.yaml")
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Language of the guidance comments; ja+en / en+ja for a bilingual agreement.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(file: Path, lang: str | None, force: bool) -> None:
    """Write a questionnaire covering every field, with guidance, and beside it the schema editors read."""
    from sla_docgen.api import init_questionnaire

    lang = lang or default_lang()
    with _reported(lang):
        written = init_questionnaire(file, lang=lang, force=force)
    for path in written:
        click.echo(path)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--lang", type=click.Choice(LANG_CHOICES), help="Language of the messages; ja+en gives both.")
@click.option("--strict", is_flag=True, help="Treat consistency findings (warnings) as errors.")
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The template folder `render` will be given (a logo may be found there).",
)
@click.option("--allow-fallback", is_flag=True, help="Accept texts missing a translation, as `render` would with it.")
def validate(
    files: tuple[Path, ...], lang: str | None, strict: bool, template_dir: Path | None, allow_fallback: bool
) -> None:
    """Check questionnaires as `render` would; exit 0 when all are valid, 1 when any is not (or, with --strict,
    has findings)."""
    from sla_docgen.api import check, findings

    lang = _message_lang(lang)
    failed = False
    with _reported(lang):
        for file in files:
            try:
                questionnaire = check(file, template_dir=template_dir, allow_fallback=allow_fallback)
            except UserError as exc:
                click.echo(exc.message(lang), err=True)
                failed = True
                continue
            for finding in findings(questionnaire):
                click.echo(finding.format(lang), err=True)
                failed = failed or strict
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(("ja", "en")),
    help="Language of the table. Default: the agreement's prevailing language.",
)
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "csv")), default="text", show_default=True
)
def calc(file: Path, lang: str | None, output_format: str) -> None:
    """Work the revenue goal back through the funnel: customers, SQLs, SALs, MQLs and leads needed."""
    from sla_docgen.api import calc as calc_funnel
    from sla_docgen.api import load

    with _reported(_message_lang(lang)):
        text = calc_funnel(load(file), lang=lang, output_format=output_format)
    click.echo(text, nl=False)


def _formats(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for v in values for n in v.split(",") if n.strip()))
    return names or ("md",)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    callback=_formats,
    help="Output formats, comma-separated or repeated: md, html, pdf, docx. Default: md.",
)
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Document language; ja+en / en+ja for bilingual. Default: the agreement's languages.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the documents into.",
)
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates searched before the built-in ones.",
)
@click.option(
    "--reference-docx",
    type=click.Path(exists=True, path_type=Path),
    help="A .docx whose styles the DOCX output uses.",
)
@click.option(
    "--allow-fallback", is_flag=True, help="Render texts missing a translation in the other language, marked."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With several files: how many to render at once, each worker process loading the renderers once.",
)
def render(
    files: tuple[Path, ...],
    formats: tuple[str, ...],
    lang: str | None,
    output: Path,
    template_dir: Path | None,
    reference_docx: Path | None,
    allow_fallback: bool,
    jobs: int,
) -> None:
    """Render questionnaires into documents; each file's documents are written all together or not at all.

    With several files, a failing one is reported and the others go on; the exit status is then
    that of the worst failure.
    """
    message_lang = _message_lang(lang)
    langs = tuple(lang.split("+")) if lang else None
    with _reported(message_lang):
        if len(files) > 1:
            from sla_docgen.batch import BatchOptions, run

            options = BatchOptions(formats, langs, output, template_dir, reference_docx, allow_fallback, message_lang)
            sys.exit(run(list(files), options, jobs=jobs))
        from sla_docgen.api import render_files

        written = render_files(
            files[0],
            formats=formats,
            langs=langs,
            output_dir=output,
            template_dir=template_dir,
            reference_docx=reference_docx,
            allow_fallback=allow_fallback,
        )
    for path in written:
        click.echo(path)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Document language; ja+en / en+ja for bilingual. Default: the agreement's languages.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def preview(file: Path, lang: str | None, port: int, open_browser: bool) -> None:
    """Show the agreement in a browser and follow every save of FILE (HTML at once, PDF on request)."""
    from sla_docgen.preview import serve

    message_lang = _message_lang(lang)
    with _reported(message_lang):
        serve(
            file,
            langs=tuple(lang.split("+")) if lang else None,
            message_lang=message_lang,
            port=port,
            open_browser=open_browser,
        )


@main.command()
@click.option("--lang", type=click.Choice(("ja", "en")), help="Language of the descriptions. Default: yours.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("json", "md")),
    default="json",
    show_default=True,
    help="json: the JSON Schema for editors; md: the field reference for people.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
def schema(lang: str | None, fmt: str, output: Path | None) -> None:
    """Print the questionnaire's JSON Schema (editor completion and help) or its field reference."""
    from sla_docgen.schema import json_schema
    from sla_docgen.writing import write_atomic

    lang = lang or default_lang()
    if fmt == "md":
        from sla_docgen.schema.reference import reference

        text = reference(lang)
    else:
        text = json_schema(lang)
    if output is None:
        click.echo(text, nl=False)
    else:
        with _reported(lang):
            write_atomic(output, text.encode("utf-8"))


@main.command()
@click.argument("pdf", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Where to write the questionnaire. Default: its original name in the current folder.",
)
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
@click.option("--lang", type=click.Choice(LANG_CHOICES), help="Language of the messages.")
def extract(pdf: Path, output: Path | None, force: bool, lang: str | None) -> None:
    """Write out the questionnaire embedded in a PDF made by sla-docgen, byte for byte."""
    from sla_docgen.api import extract_questionnaire

    with _reported(_message_lang(lang)):
        written = extract_questionnaire(pdf, output=output, force=force)
    click.echo(written)


@main.command()
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--summary",
    "-m",
    multiple=True,
    required=True,
    help="What changed. A bilingual agreement needs one per language: --summary 'ja:...' --summary 'en:...'.",
)
@click.option(
    "--author", multiple=True, help="Who made the change (ja:/en: prefixes as for --summary). Default: the last author."
)
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the new version. Default: today."
)
@click.option("--major", is_flag=True, help="Start a new major version (1.2 → 2.0) instead of 1.2 → 1.3.")
@click.option("--lang", type=click.Choice(LANG_CHOICES), help="Language of the messages.")
def bump(
    file: Path, summary: tuple[str, ...], author: tuple[str, ...], day: object, major: bool, lang: str | None
) -> None:
    """Raise the version for a review: version, last update and a new revision entry; nothing else changes."""
    import datetime as dt

    from sla_docgen.api import bump_version

    with _reported(_message_lang(lang)):
        done = bump_version(
            file,
            summary=summary,
            author=author,
            date=day.date() if isinstance(day, dt.datetime) else None,
            major=major,
        )
    click.echo(f"{file}: {done.previous} → {done.version} ({done.date.isoformat()})")


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--crm", type=click.Path(exists=True, path_type=Path), help="The CRM's lead export (CSV).")
@click.option(
    "--mapping",
    help="Mapping file, or a built-in one: salesforce, salesforce-ja, hubspot. "
    "Default: EXPORT.mapping.yaml beside the export, else the built-in one that fits its header.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Count up to this day. Default: the export's last.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    callback=_formats,
    help="Output formats, comma-separated or repeated: md, html, pdf, json. Default: md.",
)
@click.option(
    "--lang", type=click.Choice(LANG_CHOICES), help="Report language. Default: the agreement's prevailing language."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the report into.",
)
@click.option("--strict", is_flag=True, help="Fail on bad data in the export instead of reporting it.")
@click.option("--init-mapping", is_flag=True, help="Write a mapping to edit (to --mapping, default crm-mapping.yaml).")
@click.option(
    "--from",
    "start_from",
    type=click.Choice(("salesforce", "salesforce-ja", "hubspot")),
    default="salesforce",
    show_default=True,
    help="With --init-mapping: the ready-made mapping to start from.",
)
@click.option("--force", is_flag=True, help="With --init-mapping: overwrite the mapping file.")
def report(
    file: Path | None,
    crm: Path | None,
    mapping: str | None,
    as_of: object,
    formats: tuple[str, ...],
    lang: str | None,
    output: Path,
    strict: bool,
    init_mapping: bool,
    start_from: str,
    force: bool,
) -> None:
    """SLA attainment report from a CRM export: goals, goal line, hand-offs, conversions, feedback, data quality."""
    import datetime as dt

    from sla_docgen.api import report_files, write_mapping

    message_lang = _message_lang(lang)
    with _reported(message_lang):
        if init_mapping:
            target = Path(mapping or "crm-mapping.yaml")
            write_mapping(target, start_from=start_from, force=force)
            click.echo(target)
            return
        if file is None or crm is None:
            raise UsageError("give the agreement and --crm EXPORT.csv (or --init-mapping)")
        written = report_files(
            file,
            crm=crm,
            mapping=mapping,
            as_of=as_of.date() if isinstance(as_of, dt.datetime) else None,
            formats=formats,
            langs=tuple(lang.split("+")) if lang else None,
            output_dir=output,
            strict=strict,
        )
    for path in written:
        click.echo(path)


def _passphrase(variable: str | None) -> Callable[[], bytes]:
    """Where the key's passphrase comes from: the named environment variable, else a prompt without echo."""

    def read() -> bytes:
        if variable is not None:
            value = os.environ.get(variable)
            if value is None:
                raise UsageError(N_("The environment variable {name} is not set"), name=variable)
            return value.encode("utf-8")
        if not sys.stdin.isatty():
            raise UsageError(N_("The key is encrypted: give --passphrase-env VARIABLE, or run in a terminal"))
        return str(click.prompt(translate(N_("Passphrase"), default_lang()), hide_input=True, err=True)).encode()

    return read


@main.command()
@click.argument("pdf", type=click.Path(exists=True, path_type=Path))
@click.option("--party", required=True, help="Id of the party signing (its signature field).")
@click.option(
    "--key",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="PKCS#12 file (.p12/.pfx), or a PEM/DER private key given with --cert.",
)
@click.option("--cert", type=click.Path(exists=True, path_type=Path), help="Certificate of a PEM key.")
@click.option(
    "--chain",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Issuer certificates to embed (repeatable).",
)
@click.option(
    "--passphrase-env",
    metavar="VARIABLE",
    help="Environment variable holding the key's passphrase. Without it, an encrypted key is asked for at a prompt.",
)
@click.option("--seal", type=click.Path(exists=True, path_type=Path), help="PNG or JPEG of the seal (印影).")
@click.option("--timestamp-url", metavar="URL", help="RFC 3161 timestamp server to add a trusted time (PAdES B-T).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Signed PDF. Default: NAME.signed.pdf.")
@click.option("--in-place", is_flag=True, help="Replace the input with the signed PDF.")
@click.option("--lang", type=click.Choice(LANG_CHOICES), help="Language of the messages.")
def sign(
    pdf: Path,
    party: str,
    key: Path,
    cert: Path | None,
    chain: tuple[Path, ...],
    passphrase_env: str | None,
    seal: Path | None,
    timestamp_url: str | None,
    output: Path | None,
    in_place: bool,
    lang: str | None,
) -> None:
    """Sign a party's field of a PDF made by sla-docgen; the first signature certifies the document."""
    from sla_docgen.api import sign_pdf

    _quiet_pyhanko()
    with _reported(_message_lang(lang)):
        written = sign_pdf(
            pdf,
            party=party,
            key=key,
            cert=cert,
            chain=chain,
            passphrase=_passphrase(passphrase_env),
            seal=seal,
            timestamp_url=timestamp_url,
            output=output,
            in_place=in_place,
        )
    click.echo(written)


@main.command()
@click.argument("pdf", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Certificate (PEM or DER) of a CA, or of a signer, to trust (repeatable).",
)
@click.option("--allow-untrusted", is_flag=True, help="Accept signatures whose certificate is not trusted.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANG_CHOICES), help="Language of the report.")
def verify(pdf: Path, trust: tuple[Path, ...], allow_untrusted: bool, output_format: str, lang: str | None) -> None:
    """Check every signature and the questionnaire; exit 0 when all hold, 1 when any fails, 2 on error."""
    from sla_docgen.api import verify_pdf
    from sla_docgen.sign.report import as_json, as_text

    message_lang = _message_lang(lang)
    _quiet_pyhanko()
    try:
        report = verify_pdf(pdf, trust=trust, allow_untrusted=allow_untrusted)
    except UserError as exc:
        click.echo(exc.message(message_lang), err=True)
        sys.exit(2)
    click.echo((as_json if output_format == "json" else as_text)(report, message_lang), nl=False)
    sys.exit(0 if report.ok else 1)


def _quiet_pyhanko() -> None:
    """pyHanko logs what it finds wrong (with tracebacks); the command reports it in the user's language instead."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())


@main.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="text and json list the changes; md, html, pdf and docx show the new agreement with them marked.",
)
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Language of the changes; ja+en / en+ja for both. Default: the new agreement's prevailing language.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout."
)
@click.option(
    "--allow-fallback", is_flag=True, help="Make a report in a language some texts lack, marking them untranslated."
)
def diff(old: Path, new: Path, output_format: str, lang: str | None, output: Path | None, allow_fallback: bool) -> None:
    """Compare two versions (questionnaires or PDFs made by sla-docgen); exit 0 same, 1 different, 2 error."""
    from sla_docgen.api import compare_versions, diff_output

    message_lang = _message_lang(lang)
    langs = tuple(lang.split("+")) if lang else None
    try:
        comparison = compare_versions(old, new, langs=langs)
        if not comparison.same_agreement:
            click.echo(comparison.warning(message_lang), err=True)
        colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        data = diff_output(comparison, output_format=output_format, colour=colour, allow_fallback=allow_fallback)
        if output is not None:
            from sla_docgen.writing import write_atomic

            write_atomic(output, data, protect=[old, new])
        elif output_format in ("pdf", "docx") and sys.stdout.isatty():
            raise UsageError(MSG_BINARY_TO_TERMINAL, format=output_format)
        else:
            click.echo(data, nl=False)
    except UserError as exc:
        click.echo(exc.message(message_lang), err=True)
        sys.exit(2)
    sys.exit(1 if comparison.changes else 0)
