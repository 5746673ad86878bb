"""From an agreement and a CRM export to the report's files: pick the mapping, read, measure, render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sla_docgen.errors import UsageError, UserError
from sla_docgen.i18n import N_, translate
from sla_docgen.reading import read_head
from sla_docgen.report.mapping import BUILT_IN, MSG_UNKNOWN_MAPPING, Mapping, load_mapping, resolve

if TYPE_CHECKING:
    from sla_docgen.report.leads import Leads
    from sla_docgen.validate import Questionnaire

FORMATS = ("md", "html", "pdf", "json")
MSG_NO_MAPPING = N_(
    "{file}: no mapping fits its header; give one with --mapping (a file, or one of {known}), "
    "or write one to edit with --init-mapping"
)
MSG_FORMAT = N_("unknown report format {name!r}; known formats: {known}")


class BadData(UserError):
    """The export has bad data and strict mode is on: every problem, one per line, as FILE:LINE: message."""

    def __init__(self, file: str, issues: list[tuple[int, str, str, str, str, str]]) -> None:
        super().__init__("{count} problem(s) found", count=len(issues))
        self.file = file
        self.issues = issues

    def message(self, lang: str) -> str:
        from sla_docgen.report.leads import ISSUE_MESSAGES, SCOPES

        out = []
        for line, kind, column, value, detail, scope in self.issues:
            parts = []
            for one in lang.split("+"):
                params = {"column": column, "value": value, "detail": detail, "scope": translate(SCOPES[scope], one)}
                if kind == "field-count":
                    params = {"found": value, "expected": detail}
                parts.append(translate(ISSUE_MESSAGES[kind], one).format(**params))
            out.append(f"{self.file}:{line}: {' / '.join(parts)} [{kind}]")
        return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Report:
    files: dict[Path, bytes]
    problems: int


def choose_mapping(crm: Path, mapping: str | None) -> str | Path:
    """--mapping as given; else EXPORT.mapping.yaml beside the export; else the built-in mapping whose columns fit."""
    if mapping is not None:
        return mapping
    beside = crm.with_name(crm.stem + ".mapping.yaml")
    if beside.is_file():
        return beside
    from sla_docgen.report.export import decode

    head = read_head(crm, 65536)
    try:
        text, _ = decode(head, str(crm), "auto")
    except UserError:
        text = head
    header = text.decode("utf-8", errors="replace").splitlines()[0] if text else ""
    best, best_score = None, 0
    for name in BUILT_IN:
        candidate, _ = load_mapping(name)
        wanted = _columns(candidate)
        if candidate.columns.lead_id not in header:
            continue
        score = sum(1 for column in wanted if column in header)
        if score > best_score:
            best, best_score = name, score
    if best is None:
        raise UsageError(MSG_NO_MAPPING, file=str(crm), known=", ".join(BUILT_IN))
    return best


def _columns(m: Mapping) -> list[str]:
    cols = [m.columns.lead_id, *(c for c in (m.columns.stage, m.columns.owner_team, m.columns.reason) if c)]
    return cols + list(m.stage_dates.values())


def read_leads(questionnaire: Questionnaire, crm: Path, mapping: str | None) -> Leads:
    from sla_docgen.report.export import read_export
    from sla_docgen.report.leads import typed_leads

    agreement = questionnaire.agreement
    model, loaded = load_mapping(choose_mapping(crm, mapping))
    resolved = resolve(model, loaded, agreement)
    wanted = [resolved.columns.lead_id]
    wanted += [c for c in (resolved.columns.stage, resolved.columns.owner_team, resolved.columns.reason) if c]
    wanted += [resolved.columns.amount] if resolved.columns.amount else []
    wanted += list(resolved.stage_dates.values())
    for h in resolved.handoffs.values():
        wanted += [c for c in (h.first_contact, h.attempts, h.route.column if h.route else None) if c]
    export = read_export(crm, columns=wanted, id_column=resolved.columns.lead_id, encoding=resolved.encoding)
    return typed_leads(export, resolved, agreement)


def make_report(
    questionnaire: Questionnaire,
    crm: Path,
    *,
    mapping: str | None = None,
    as_of: dt.date | None = None,
    formats: tuple[str, ...] = ("md",),
    langs: tuple[str, ...] | None = None,
    output_dir: Path = Path("."),
    output_stem: str | None = None,
    strict: bool = False,
) -> Report:
    """Every output in memory (nothing written): the report's files by path."""
    for name in formats:
        if name not in FORMATS:
            raise UsageError(MSG_FORMAT, name=name, known=", ".join(FORMATS))
    from sla_docgen.report.figures import compute, default_as_of

    agreement = questionnaire.agreement
    leads = read_leads(questionnaire, crm, mapping)
    if strict and leads.issues.height:
        raise BadData(str(crm), list(leads.issues.iter_rows()))
    figures = compute(leads, agreement, as_of or default_as_of(leads, agreement))
    stem = output_stem or f"{Path(questionnaire.source.file).stem}.report"
    meta = agreement.agreement
    langs = langs or (meta.prevailing_language,)
    files: dict[Path, bytes] = {}
    if "json" in formats:
        from sla_docgen.report.as_json import as_json

        files[output_dir / f"{stem}.json"] = as_json(
            agreement, figures, export_name=crm.name, encoding=leads.export.encoding
        )
    documents = [name for name in formats if name != "json"]
    if documents:
        from sla_docgen.render import RenderOptions, get_format
        from sla_docgen.report.document import report_document

        document = report_document(agreement, figures, langs=langs, export_name=crm.name)
        options = RenderOptions(output_stem=stem)
        for name in documents:
            fmt = get_format(name)
            files[output_dir / f"{stem}{fmt.suffix}"] = fmt.renderer()(document, options)
            maker = fmt.assets()
            if maker is not None:
                files.update({output_dir / n: data for n, data in maker(document, options).items()})
    return Report(files, leads.issues.height)


def init_mapping(target: Path, *, start_from: str, force: bool = False) -> None:
    """Write a ready-made mapping to edit."""
    from sla_docgen.api import MSG_EXISTS
    from sla_docgen.resources import templates_root
    from sla_docgen.writing import write_atomic

    if start_from not in BUILT_IN:
        raise UsageError(MSG_UNKNOWN_MAPPING, name=start_from, known=", ".join(BUILT_IN))
    if target.exists() and not force:
        raise UserError(MSG_EXISTS, path=str(target))
    write_atomic(target, (templates_root() / "crm" / f"{start_from}.yaml").read_bytes())
