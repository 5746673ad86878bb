"""`report`: business time, encodings, strict mode, mapping errors, its files judged by pdftotext and jsonschema."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from sla_docgen.model.business_calendar import BusinessCalendar
from sla_docgen.report.business_time import span_for
from sla_docgen.report.export import scan
from tests.conftest import DATA, ROOT

ACME = ROOT / "samples" / "acme-ja.yaml"
HAND = DATA / "report" / "hand.csv"
SAMPLE = ROOT / "samples" / "crm" / "acme-ja-export.csv"


def hours(calendar: BusinessCalendar, start: str, end: str) -> float:
    work = span_for(calendar, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    a, b = np.array([start], dtype="datetime64[ms]"), np.array([end], dtype="datetime64[ms]")
    return float(work.between(a, b)[0]) / 60


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-06-10T10:00", "2026-06-10T13:30", 3.5),  # same day
        ("2026-06-10T17:00", "2026-06-11T10:00", 2.0),  # over a night
        ("2026-06-10T20:00", "2026-06-11T08:00", 0.0),  # the whole wait outside working hours
        ("2026-06-12T17:30", "2026-06-15T09:30", 1.0),  # over a weekend
        ("2026-06-13T11:00", "2026-06-15T11:00", 2.0),  # handed over on a Saturday
        ("2026-09-18T17:00", "2026-09-24T10:00", 2.0),  # Respect for the Aged Day, the citizens' holiday, the equinox
        ("2026-04-28T17:00", "2026-04-30T10:00", 2.0),  # Showa Day
        ("2026-05-01T17:30", "2026-05-07T11:00", 2.5),  # Golden Week with its substitute holiday (05-06)
        ("2026-12-28T17:00", "2027-01-04T10:00", 2.0),  # year-end closure (closed days), New Year's Day, a weekend
        ("2026-06-10T12:00", "2026-06-10T11:00", -1.0),  # an end before the start stays visible
    ],
)
def test_business_hours_across_nights_weekends_and_holidays(start: str, end: str, expected: float) -> None:
    calendar = BusinessCalendar(closed_days=[dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)])
    assert hours(calendar, start, end) == pytest.approx(expected)


def test_calendar_settings_change_the_count() -> None:
    short_day = BusinessCalendar(start="10:00", end="16:00", public_holidays="none", working_days=["mon", "tue"])
    assert hours(short_day, "2026-09-21T09:00", "2026-09-23T12:00") == pytest.approx(12.0)  # Mon and Tue, 6 h each
    assert hours(short_day, "2026-09-23T12:00", "2026-09-28T11:00") == pytest.approx(1.0)  # Wed-Sun are off


def test_scan_finds_lines_and_field_counts_with_quoted_line_breaks() -> None:
    records = scan(b'id,a,b\r\n1,x,y\r\n2,x\r\n\r\n3,"p\r\nq, r",z\r\n4,,\r\n5,x,y,EXTRA\r\n')
    assert records.lines.tolist() == [1, 2, 3, 4, 5, 7, 8]
    assert records.fields.tolist() == [3, 3, 2, 1, 3, 3, 4]
    assert records.blank.tolist() == [False, False, False, True, False, False, False]


def _report(tmp_path: Path, export: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["report", str(ACME), "--crm", str(export), "--as-of", "2026-05-15", "-o", str(out), *args]
    )
    return result.exit_code, result.output, out


def _copy(tmp_path: Path, data: bytes, name: str = "hand.csv") -> Path:
    target = tmp_path / name
    target.write_bytes(data)
    shutil.copy(DATA / "report" / "hand.mapping.yaml", target.with_name(target.stem + ".mapping.yaml"))
    return target


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_utf8_bom_and_shift_jis_give_the_same_figures(tmp_path: Path, encoding: str) -> None:
    export = _copy(tmp_path, HAND.read_text(encoding="utf-8").encode(encoding))
    code, output, out = _report(tmp_path, export, "--format", "json")
    assert code == 0, output
    data = json.loads((out / "acme-ja.report.json").read_text(encoding="utf-8"))
    assert data["export"]["encoding"] == encoding
    assert data["volumes"][0] == {
        "stage": "lead",
        "measured": True,
        "months": [7, 3],
        "so_far": 10,
        "needed_to_date": data["volumes"][0]["needed_to_date"],
    }
    feedback = {(r["handoff"], r["reason"]) for r in data["sent_back"]}
    assert ("mkt-to-is", "時期尚早") in feedback


def test_undecodable_export_names_the_line(tmp_path: Path) -> None:
    export = _copy(tmp_path, HAND.read_bytes().replace(b"L3,", b"L3\x81\xff,"))
    code, output, out = _report(tmp_path, export)
    assert code == 1
    assert "hand.csv:4:" in output and "0x81" in output
    assert not out.exists()


def test_strict_fails_listing_every_bad_row_and_writes_nothing(tmp_path: Path) -> None:
    export = _copy(tmp_path, HAND.read_bytes())
    code, output, out = _report(tmp_path, export, "--strict", "--format", "md,json", "--lang", "en")
    assert code == 1
    for line, code_word in [(10, "bad-date"), (11, "duplicate-id"), (13, "unknown-stage"), (14, "dates-backwards")]:
        assert f"hand.csv:{line}: " in output and f"[{code_word}]" in output
    assert "hand.csv:15: 4 fields where the header has 15" in output
    assert not out.exists()


def test_mapping_errors_are_located(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    text = (DATA / "report" / "hand.mapping.yaml").read_text(encoding="utf-8")
    mapping.write_text(text.replace("routes:", "routez:"), encoding="utf-8")
    code, output, _ = _report(tmp_path, HAND, "--mapping", str(mapping), "--lang", "en")
    assert code == 1
    assert f"{mapping}:23:1: routez: unknown field 'routez'; did you mean 'routes'?" in output
    mapping.write_text(text.replace("  sal: SAL日時", "  sall: SAL日時"), encoding="utf-8")
    code, output, _ = _report(tmp_path, HAND, "--mapping", str(mapping), "--lang", "en")
    assert code == 1
    assert f"{mapping}:14:3: stage_dates.sall: 'sall' is neither a stage id of the agreement nor a stage kind" in output


def test_shared_stage_without_routes_is_refused(tmp_path: Path) -> None:
    code, output, _ = _report(tmp_path, HAND, "--mapping", "salesforce-ja", "--lang", "en")
    assert code == 1
    assert "hand-offs mkt-to-is, mkt-to-sales all start at stage 'mql'" in output


def test_init_mapping_writes_a_ready_made_mapping(tmp_path: Path) -> None:
    target = tmp_path / "crm.yaml"
    result = CliRunner().invoke(main, ["report", "--init-mapping", "--from", "hubspot", "--mapping", str(target)])
    assert result.exit_code == 0, result.output
    assert "Record ID" in target.read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["report", "--init-mapping", "--mapping", str(target)])
    assert again.exit_code == 1


REPORT_SCHEMA = {
    "type": "object",
    "required": ["agreement", "as_of", "export", "volumes", "goal_line", "goals", "handoffs", "conversions"],
    "properties": {
        "as_of": {"type": "string", "format": "date"},
        "volumes": {"type": "array", "items": {"required": ["stage", "months", "so_far"]}},
        "goals": {
            "type": "array",
            "items": {
                "required": ["goal", "status", "periods"],
                "properties": {"status": {"enum": ["on_track", "at_risk", "missed", None]}},
            },
        },
        "handoffs": {
            "type": "array",
            "items": {"required": ["handoff", "so_far", "median_minutes", "p90_minutes", "distribution"]},
        },
        "data_quality": {
            "type": "object",
            "properties": {
                "issues": {"type": "array", "items": {"required": ["line", "kind", "column", "value", "scope"]}}
            },
        },
    },
}


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(main, ["report", str(ACME), "--crm", str(SAMPLE), "-f", "pdf,json,md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_sample_json_structure(sample_report: Path) -> None:
    data = json.loads((sample_report / "acme-ja.report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert data["as_of"] == "2026-10-15"  # the export's latest stage date
    assert data["data_quality"]["by_kind"] == {
        "bad-date": 4,
        "bad-number": 4,
        "dates-backwards": 4,
        "duplicate-id": 8,
        "field-count": 4,
        "unknown-stage": 4,
    }


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_sample_pdf_reads_in_japanese(sample_report: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(sample_report / "acme-ja.report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for words in [
        "目標と達成状況",
        "ステージごとの件数",
        "目標線と実績",
        "マーケティング部 → インサイドセールス部",
        "期限内の割合",
        "ステージ間の転換率",
        "差し戻し・対象外になったリード",
        "データの品質",
        "acme-ja-export.csv:",
        "合意書に定めた目標未達時の対応",
        "敬老の日",
    ]:
        assert words in text, words
    assert (sample_report / "acme-ja.report.goal-line-actual.svg").read_text(encoding="utf-8").startswith("<?xml")
