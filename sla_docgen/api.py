"""The library API behind the CLI: keyword-only functions from file paths to validated data and documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sla_docgen.errors import Issue, UsageError, UserError, format_path
from sla_docgen.i18n import N_

if TYPE_CHECKING:
    from sla_docgen.bump import Bumped
    from sla_docgen.diff import Comparison
    from sla_docgen.document import Document
    from sla_docgen.model import Agreement
    from sla_docgen.sign.verification import Verification
    from sla_docgen.validate import Questionnaire

# Every stage is imported inside the functions that use it: `validate` does not pay for rendering,
# and `verify` (pyHanko only) does not pay for pydantic.

__all__ = [
    "Questionnaire",
    "build",
    "bump_version",
    "calc",
    "check",
    "compare_versions",
    "diff_output",
    "extract_questionnaire",
    "findings",
    "init_questionnaire",
    "load",
    "load_agreement",
    "render",
    "render_files",
    "render_outputs",
    "report_files",
    "sign_pdf",
    "verify_pdf",
    "write_mapping",
]

MSG_EXISTS = N_("{path} already exists; use --force to overwrite it")
MSG_NO_FUNNEL = N_("{file} has no funnel section: add one to work the goals back through the funnel")
MSG_OUTPUT_AND_IN_PLACE = N_("--output and --in-place cannot be used together")
MSG_OVER_INPUT = N_("The signed PDF would replace {path}; give --in-place to sign it in place, or --output")
MSG_TIMESTAMP_URL = N_("The timestamp URL must start with http:// or https://: {url}")


def __getattr__(name: str) -> Any:
    if name == "Questionnaire":  # re-exported without importing pydantic at `import sla_docgen.api`
        from sla_docgen.validate import Questionnaire

        return Questionnaire
    raise AttributeError(name)


def load(path: str | Path, *, template_dir: Path | None = None) -> Questionnaire:
    """Read and validate a questionnaire and the files it names (a logo is also looked up in `template_dir`);
    raises ValidationFailed listing every problem, InputError when the file cannot be read."""
    from sla_docgen.loader import load_file
    from sla_docgen.validate import validate

    return validate(load_file(Path(path)), template_dir=template_dir)


def check(path: str | Path, *, template_dir: Path | None = None, allow_fallback: bool = False) -> Questionnaire:
    """Everything `render` checks before it renders with the same options and its default languages:
    the questionnaire, the files it names, and (unless `allow_fallback`) a translation of every text."""
    from sla_docgen.translations import default_langs, refuse_missing_translations

    questionnaire = load(path, template_dir=template_dir)
    if not allow_fallback:
        refuse_missing_translations(questionnaire, default_langs(questionnaire.agreement))
    return questionnaire


def load_agreement(path: str | Path) -> Agreement:
    return load(path).agreement


def output_name(source: Path, suffix: str, langs: tuple[str, ...] | None) -> str:
    """`acme.yaml` → `acme.pdf`, or `acme.ja+en.pdf` when a language was asked for."""
    return f"{source.stem}.{'+'.join(langs)}{suffix}" if langs else f"{source.stem}{suffix}"


def build(questionnaire: Questionnaire | Agreement, **options: object) -> Document:
    """The format-neutral Document; see `sla_docgen.document.build.build` for the options."""
    from sla_docgen.document.build import build as build_document

    return build_document(questionnaire, **options)  # type: ignore[arg-type]


def render(document: Document, format_name: str) -> bytes:
    """The bytes of one format, with the default options."""
    from sla_docgen.render import render as render_format

    return render_format(document, format_name)


def render_outputs(
    file: Path,
    *,
    formats: tuple[str, ...] = ("md",),
    langs: tuple[str, ...] | None = None,
    output_dir: Path = Path("."),
    template_dir: Path | None = None,
    reference_docx: Path | None = None,
    allow_fallback: bool = False,
) -> dict[Path, bytes]:
    """Every file one questionnaire renders to, made in memory: the path each would be written to, and its bytes."""
    from sla_docgen.render import RenderOptions, get_format

    chosen = [get_format(name) for name in formats]
    questionnaire = load(file, template_dir=template_dir)
    document = build(questionnaire, langs=langs, allow_fallback=allow_fallback)
    options = RenderOptions(
        template_dir=template_dir,
        source=questionnaire.source.source,
        source_name=file.name,
        reference_docx=reference_docx,
        output_stem=output_name(file, "", langs),
    )
    outputs = {output_dir / output_name(file, fmt.suffix, langs): fmt.renderer()(document, options) for fmt in chosen}
    for fmt in chosen:  # files a format links to (the Markdown's charts) are written with it, or not at all
        maker = fmt.assets()
        if maker is not None:
            outputs.update({output_dir / name: data for name, data in maker(document, options).items()})
    return outputs


def render_files(
    file: Path,
    *,
    formats: tuple[str, ...] = ("md",),
    langs: tuple[str, ...] | None = None,
    output_dir: Path = Path("."),
    template_dir: Path | None = None,
    reference_docx: Path | None = None,
    allow_fallback: bool = False,
) -> list[Path]:
    """Render a questionnaire into each format; every document is made in memory before any is written."""
    from sla_docgen.writing import write_all

    outputs = render_outputs(
        file,
        formats=formats,
        langs=langs,
        output_dir=output_dir,
        template_dir=template_dir,
        reference_docx=reference_docx,
        allow_fallback=allow_fallback,
    )
    return write_all(outputs, protect=[file, *([reference_docx] if reference_docx else [])])


MSG_NOT_OUR_SCHEMA = N_("{path} exists and is not a schema made by sla-docgen; use --force to overwrite it")


def init_questionnaire(path: Path, *, lang: str, force: bool = False) -> list[Path]:
    """Write the starter questionnaire with guidance in `lang`, and beside it the editor schema it points to.

    The `$schema` line names the schema file by its bare name, so that the two travel together:
    copied, shared or opened on another machine, the editor still finds the schema. An existing
    schema file made by sla-docgen is refreshed; the questionnaire itself is never overwritten
    without `force`.
    """
    from sla_docgen.reading import read_head
    from sla_docgen.schema import json_schema, schema_file
    from sla_docgen.schema.generate import MARK
    from sla_docgen.schema.guidance import annotate, init_template
    from sla_docgen.writing import write_all

    langs = lang.split("+")
    schema = path.parent / schema_file(langs[0])
    if (path.exists() or path.is_symlink()) and not force:
        raise UserError(MSG_EXISTS, path=str(path))
    if schema.exists() and not force and MARK.encode("utf-8") not in read_head(schema, 400):
        raise UserError(MSG_NOT_OUR_SCHEMA, path=str(schema))
    text = annotate(init_template(langs), langs).replace("{schema}", schema.name, 1)
    return write_all({path: text.encode("utf-8"), schema: json_schema(langs[0]).encode("utf-8")})


def extract_questionnaire(pdf: Path, *, output: Path | None = None, force: bool = False) -> Path:
    """Write out the questionnaire embedded in a PDF made by sla-docgen, byte for byte."""
    from sla_docgen.pdf_source import MAX_PDF_BYTES, extract_source
    from sla_docgen.reading import read_input
    from sla_docgen.writing import write_atomic

    name, data = extract_source(read_input(pdf, limit=MAX_PDF_BYTES), display=str(pdf))
    target = output or Path(name)
    if (target.exists() or target.is_symlink()) and not force:
        raise UserError(MSG_EXISTS, path=str(target))
    write_atomic(target, data, protect=[pdf])
    return target


def bump_version(
    file: Path,
    *,
    summary: tuple[str, ...],
    author: tuple[str, ...] = (),
    date: dt.date | None = None,
    major: bool = False,
) -> Bumped:
    """Raise the questionnaire's version in place for a review; only the lines that must change do."""
    from sla_docgen.bump import bump

    return bump(file, summary=summary, author=author, date=date, major=major)


def findings(questionnaire: Questionnaire, *, include_accepted: bool = False) -> list[Issue]:
    """The consistency findings of a valid questionnaire, located, each with its stable code, in file order."""
    from sla_docgen.funnel.findings import consistency_findings

    source = questionnaire.source
    issues = []
    for finding in consistency_findings(questionnaire.agreement, include_accepted=include_accepted):
        mark = source.mark(finding.path)
        path = format_path(finding.path)
        issues.append(Issue(source.file, mark.line, mark.column, path, finding.msgid, finding.params, finding.code))
    return sorted(issues, key=lambda i: (i.line, i.column, i.code))


def calc(questionnaire: Questionnaire, *, lang: str | None = None, output_format: str = "text") -> str:
    """The funnel worked back from the revenue goal, as text, JSON or CSV in `lang` (default: the prevailing one)."""
    from sla_docgen.calc import as_csv, as_json, as_text
    from sla_docgen.document import Paragraph, Table
    from sla_docgen.document.context import Context
    from sla_docgen.document.numbers_section import TITLE, numbers_section
    from sla_docgen.document.wording import Wording
    from sla_docgen.funnel.numbers import funnel_numbers

    agreement = questionnaire.agreement
    numbers = funnel_numbers(agreement)
    if numbers is None:
        raise UserError(MSG_NO_FUNNEL, file=questionnaire.source.file)
    langs = (lang or agreement.agreement.prevailing_language,)
    context = Context(agreement, Wording(langs, list(agreement.agreement.languages), agreement.agreement.currency))
    names = {stage: text.primary.text for stage, text in context.stage_names.items()}
    if output_format == "json":
        return as_json(numbers, names)
    if output_format == "csv":
        return as_csv(numbers, names)
    children = numbers_section(context, numbers)
    paragraphs = [b for b in children if isinstance(b, Paragraph)]
    (table,) = [b for b in children if isinstance(b, Table)]
    return as_text(context.w.label(TITLE), paragraphs, table)


def report_files(
    file: Path,
    *,
    crm: Path,
    mapping: str | None = None,
    as_of: dt.date | None = None,
    formats: tuple[str, ...] = ("md",),
    langs: tuple[str, ...] | None = None,
    output_dir: Path = Path("."),
    strict: bool = False,
) -> list[Path]:
    """The SLA attainment report from a CRM export; every file is made in memory before any is written.

    `mapping` is a mapping file or a built-in mapping's name; without it, EXPORT.mapping.yaml beside the
    export, else the built-in mapping whose columns fit the export's header.
    """
    from sla_docgen.report.run import make_report
    from sla_docgen.writing import write_all

    report = make_report(
        load(file),
        crm,
        mapping=mapping,
        as_of=as_of,
        formats=formats,
        langs=langs,
        output_dir=output_dir,
        strict=strict,
    )
    return write_all(report.files, protect=[file, crm])  # a report never overwrites what it was made from


def write_mapping(path: Path, *, start_from: str = "salesforce", force: bool = False) -> None:
    """Write a ready-made CRM mapping (salesforce, salesforce-ja, hubspot) to edit."""
    from sla_docgen.report.run import init_mapping

    init_mapping(path, start_from=start_from, force=force)


def _read(path: Path) -> bytes:
    """A PDF to sign or verify: a regular file of at most MAX_PDF_BYTES (a FIFO or /dev/zero is refused)."""
    from sla_docgen.pdf_source import MAX_PDF_BYTES
    from sla_docgen.reading import read_input

    return read_input(path, limit=MAX_PDF_BYTES)


def signed_output(pdf: Path, output: Path | None, in_place: bool) -> Path:
    """Where the signed PDF goes: `output`, the input itself with `in_place`, else `NAME.signed.pdf` beside it."""
    if in_place:
        if output is not None:
            raise UsageError(MSG_OUTPUT_AND_IN_PLACE)
        return pdf
    stem = pdf.stem.removesuffix(".signed")
    target = output if output is not None else pdf.with_name(f"{stem}.signed.pdf")
    if target.resolve() == pdf.resolve():
        raise UsageError(MSG_OVER_INPUT, path=str(pdf))
    return target


def sign_pdf(
    pdf: Path,
    *,
    party: str,
    key: Path,
    cert: Path | None = None,
    chain: Sequence[Path] = (),
    passphrase: Callable[[], bytes] | None = None,
    seal: Path | None = None,
    timestamp_url: str | None = None,
    output: Path | None = None,
    in_place: bool = False,
) -> Path:
    """Sign `party`'s field of a PDF made by sla-docgen; the result is written atomically and its path returned.

    `key` is a PKCS#12 file, or a PEM/DER private key with its certificate in `cert` (and issuers in
    `chain`). `passphrase` is called only when the key is encrypted. The first signature certifies
    the document; later ones approve it. Nothing is written when anything fails.
    """
    from sla_docgen.sign.appearance import read_seal
    from sla_docgen.sign.credentials import load_credentials
    from sla_docgen.sign.signing import sign_pdf_bytes
    from sla_docgen.writing import write_atomic

    target = signed_output(pdf, output, in_place)
    if timestamp_url is not None and not timestamp_url.startswith(("http://", "https://")):
        raise UsageError(MSG_TIMESTAMP_URL, url=timestamp_url)
    data = _read(pdf)
    image = read_seal(seal) if seal is not None else None
    credentials = load_credentials(key=key, cert=cert, chain=chain, passphrase=passphrase)
    signed = sign_pdf_bytes(
        data, name=str(pdf), party=party, credentials=credentials, seal=image, timestamp_url=timestamp_url
    )
    # The key, certificate and seal are never overwritten; the PDF itself only with --in-place.
    inputs = [p for p in (key, cert, seal, *chain, *([] if in_place else [pdf])) if p is not None]
    write_atomic(target, signed, protect=inputs)
    return target


def verify_pdf(pdf: Path, *, trust: Sequence[Path] = (), allow_untrusted: bool = False) -> Verification:
    """Check every signature of a PDF made by sla-docgen against the certificates in `trust` (PEM or DER)."""
    from sla_docgen.sign.verification import load_trust, verify_pdf_bytes

    roots = load_trust(list(trust))
    return verify_pdf_bytes(_read(pdf), name=str(pdf), trust=roots, allow_untrusted=allow_untrusted)


def compare_versions(old: Path, new: Path, *, langs: tuple[str, ...] | None = None) -> Comparison:
    """Compare two versions of an agreement, each a questionnaire or a PDF made by sla-docgen."""
    from sla_docgen.diff import compare_files

    return compare_files(old, new, langs=langs)


def diff_output(
    comparison: Comparison, *, output_format: str = "text", colour: bool = False, allow_fallback: bool = False
) -> bytes:
    """The comparison as a list of changes (text, json), as a review report (md, html, pdf) or as the new
    agreement with Word tracked changes (docx); `allow_fallback` renders a report or redline in a language
    the new version lacks texts in, as `render` does."""
    from sla_docgen.diff.listing import as_json, as_text

    if output_format == "json":
        return as_json(comparison).encode("utf-8")
    if output_format == "text":
        return as_text(comparison, colour=colour).encode("utf-8")
    if output_format in ("md", "html", "pdf"):
        from sla_docgen.diff.review import review_document
        from sla_docgen.render import render as render_format

        return render_format(review_document(comparison, allow_fallback=allow_fallback), output_format)
    if output_format == "docx":
        from sla_docgen.render import RenderOptions
        from sla_docgen.render.docx import render as render_docx

        return render_docx(comparison.redline_document(allow_fallback=allow_fallback), RenderOptions())
    raise UsageError(
        N_("unknown format {name!r}; known formats: {known}"),
        name=output_format,
        known="text, json, md, html, pdf, docx",
    )
