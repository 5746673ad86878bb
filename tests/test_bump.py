"""`sla-docgen bump`: only the intended lines change, the result is valid, the write is safe."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.bump import bump, next_version
from sla_docgen.cli import main
from sla_docgen.errors import UserError
from sla_docgen.loader import load_bytes
from sla_docgen.validate import validate
from sla_docgen.writing import replace_if_unchanged
from tests.conftest import MINIMAL, SAMPLES, replace_once

DAY = dt.date(2027, 4, 2)


def _changes(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """Lines removed from and added to `old`, line endings included."""
    removed, added = [], []
    for line in difflib.ndiff(old.decode("utf-8").splitlines(True), new.decode("utf-8").splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def _summary_for(path: Path) -> tuple[str, ...]:
    langs = validate(load_bytes(path.read_bytes(), path.name)).agreement.agreement.languages
    if len(langs) == 1:
        return ("MQL threshold raised: 100 → 120 points",)
    return ("ja:MQLのしきい値を100点から120点に引き上げ", "en:MQL threshold raised from 100 to 120 points")


@pytest.mark.parametrize("sample", [*SAMPLES, MINIMAL], ids=[s.name for s in [*SAMPLES, MINIMAL]])
def test_only_the_version_the_date_and_a_new_revision_change(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / sample.name
    target.write_bytes(sample.read_bytes())
    before = validate(load_bytes(target.read_bytes(), target.name)).agreement
    done = bump(target, summary=_summary_for(target), date=DAY)
    after = validate(load_bytes(target.read_bytes(), target.name)).agreement

    assert done.previous == before.agreement.version and done.version == next_version(done.previous)
    assert after.agreement.version == done.version and after.agreement.last_updated == DAY
    assert after.revisions[:-1] == before.revisions
    new = after.revisions[-1]
    assert (new.version, new.date, new.author) == (done.version, DAY, before.revisions[-1].author)
    # Everything else is the same agreement ...
    unchanged = {"agreement", "revisions"}
    assert {k: v for k, v in after if k not in unchanged} == {k: v for k, v in before if k not in unchanged}
    assert after.agreement.model_copy(update={"version": before.agreement.version, "last_updated": DAY}) == (
        before.agreement.model_copy(update={"last_updated": DAY})
    )
    # ... and the same text: two lines replaced, the new revision's lines added.
    removed, added = _changes(sample.read_bytes(), target.read_bytes())
    assert len(removed) == 2, removed
    assert any(f'"{done.version}"' in line for line in added)


CRLF_BOM = (
    "\ufeff# Our SLA — the comment at the top stays.\r\n"
    "agreement:   # trailing comment\r\n"
    "  id: 'X-1'\r\n"
    "  company: Example KK\r\n"
    "  title:   Sales SLA   # odd spacing stays\r\n"
    "  languages: [en]\r\n"
    "  prevailing_language: en\r\n"
    "  period: {start: 2027-04-01, end: 2028-03-31}\r\n"
    "  version: '1.9'\r\n"
    "  last_updated: 2027-03-20\r\n"
)


def _crlf_questionnaire() -> bytes:
    body = MINIMAL.read_text(encoding="utf-8")
    body = body[body.index("parties:") :]
    body = body.replace(
        'revisions:\n  - {version: "1.0", date: 2027-03-20, author: Ann Lee, summary: First version.}\n',
        "revisions:\n"
        "    # indented four, one comment per item\n"
        "    -   version: '1.0'\n"
        "        date: 2027-03-01\n"
        '        author: "Ann Lee"\n'
        "        summary: >-\n"
        "          A folded summary that runs over\n"
        "          two lines.\n"
        "\n"
        "    -   version: '1.9'\n"
        "        date: 2027-03-20\n"
        '        author: "Ann Lee"\n'
        "        summary: A very long line that a YAML dumper would fold at eighty characters,"
        " but nobody asked it to do so.\n"
        "\n\n"
        "# comment before the signatures\n",
    )
    return (CRLF_BOM + body.replace("\n", "\r\n")).encode("utf-8")


def test_a_commented_crlf_file_with_a_bom_keeps_every_other_byte(tmp_path: Path) -> None:
    target = tmp_path / "sla.yaml"
    original = _crlf_questionnaire()
    target.write_bytes(original)
    validate(load_bytes(original, target.name))
    bump(target, summary=("Speed to lead: 4 → 2 business hours",), author=("Bo Kim",), date=DAY)
    result = target.read_bytes()

    assert result.startswith("\ufeff# Our SLA".encode())
    assert b"\n" not in result.replace(b"\r\n", b"")  # every line break is still CRLF
    removed, added = _changes(original, result)
    assert removed == ["  version: '1.9'\r\n", "  last_updated: 2027-03-20\r\n"]
    assert added == [
        "  version: '1.10'\r\n",
        "  last_updated: 2027-04-02\r\n",
        "    -   version: '1.10'\r\n",
        "        date: 2027-04-02\r\n",
        '        author: "Bo Kim"\r\n',
        '        summary: "Speed to lead: 4 → 2 business hours"\r\n',
    ]
    # the new item follows the last one directly; the blank lines and the comment stay after it
    text = result.decode("utf-8")
    assert "nobody asked it to do so.\r\n    -   version: '1.10'" in text
    assert 'hours"\r\n\r\n\r\n# comment before the signatures\r\n' in text
    assert validate(load_bytes(result, target.name)).agreement.agreement.version == "1.10"


def test_a_bilingual_agreement_gets_the_summary_in_each_language(tmp_path: Path) -> None:
    sample = next(s for s in SAMPLES if "bilingual" in s.name)
    target = tmp_path / sample.name
    target.write_bytes(sample.read_bytes())
    bump(
        target,
        summary=("en:Threshold raised", "ja:しきい値を引き上げ"),
        author=("ja:佐藤 健太", "en:Kenta Sato"),
        date=DAY,
    )
    new = validate(load_bytes(target.read_bytes(), target.name)).agreement.revisions[-1]
    assert new.summary == {"ja": "しきい値を引き上げ", "en": "Threshold raised"}  # the agreement's language order
    assert new.author == {"ja": "佐藤 健太", "en": "Kenta Sato"}


@pytest.mark.parametrize(
    "summaries,message",
    [
        (("ja:しきい値を引き上げ",), "--summary has no en text"),
        (("Threshold raised",), "--summary has no ja text"),
        (("ja:a", "ja:b", "en:c"), "--summary is given twice for ja"),
        (("ja:a", "en:b", "fr:c"), "--summary has no"),  # fr: is no language prefix: plain text is refused
    ],
)
def test_a_missing_language_is_a_usage_error(
    summaries: tuple[str, ...], message: str, tmp_path: Path, runner: CliRunner
) -> None:
    sample = next(s for s in SAMPLES if "bilingual" in s.name)
    target = tmp_path / sample.name
    target.write_bytes(sample.read_bytes())
    args = ["bump", str(target), "--date", "2027-04-02", "--lang", "en"]
    for summary in summaries:
        args += ["--summary", summary]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert target.read_bytes() == sample.read_bytes()


def test_the_cli_says_what_it_did_and_messages_are_translated(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(MINIMAL.read_bytes())
    result = runner.invoke(
        main, ["bump", str(target), "-m", "Goals for the second year", "--major", "--date", "2027-04-02"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"{target}: 1.0 → 2.0 (2027-04-02)\n"
    again = runner.invoke(main, ["bump", str(target), "-m", "x", "--date", "2027-04-01", "--lang", "ja"])
    assert again.exit_code == 1
    assert "最新の改訂の日付" in again.output


@pytest.mark.parametrize(
    "version,minor,major", [("1.2", "1.3", "2.0"), ("1.9", "1.10", "2.0"), ("1", "1.1", "2.0"), ("2.3.4", "2.4", "3.0")]
)
def test_next_version(version: str, minor: str, major: str) -> None:
    assert next_version(version) == minor
    assert next_version(version, major=True) == major


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "key: value inside",
        "# not a comment",
        "- not a list",
        "'quoted' and \"double\"",
        "yes",
        "1.10",
        "null",
        "trailing space ",
        "two\nlines",
        "tab\tinside",
        "{flow} [chars], here",
        "&anchor *alias !tag",
        "日本語: コロンの後に空白",
        "％全角と\\バックスラッシュ",
    ],
)
def test_summaries_read_back_exactly(text: str, tmp_path: Path) -> None:
    for source in (MINIMAL, SAMPLES[0]):  # a flow-style item and a block-style item
        target = tmp_path / source.name
        target.write_bytes(source.read_bytes())
        bump(target, summary=(text,) if "bilingual" not in source.name else (f"ja:{text}", f"en:{text}"), date=DAY)
        summary = validate(load_bytes(target.read_bytes(), target.name)).agreement.revisions[-1].summary
        assert summary in (text.strip(), {"ja": text.strip(), "en": text.strip()})


def test_flow_sequences_and_a_file_without_a_final_line_break(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = replace_once(
        text,
        'revisions:\n  - {version: "1.0", date: 2027-03-20, author: Ann Lee, summary: First version.}\n',
        'revisions: [{version: "1.0", date: 2027-03-20, author: Ann Lee, summary: First version.}]\n',
    )
    target = tmp_path / "flow.yaml"
    target.write_text(text, encoding="utf-8")
    bump(target, summary=("Second",), date=DAY)
    assert 'summary: First version.}, {version: "1.1", date: 2027-04-02, author: Ann Lee, summary: Second}]' in (
        target.read_text(encoding="utf-8")
    )
    text = MINIMAL.read_text(encoding="utf-8")
    revisions, signatories = text.index("revisions:"), text.index("signatories:")
    last = text[:revisions] + text[signatories:] + text[revisions:signatories].rstrip("\n")  # no final line break
    no_break = tmp_path / "no-break.yaml"
    no_break.write_text(last, encoding="utf-8")
    bump(no_break, summary=("Second",), date=DAY)
    assert no_break.read_text(encoding="utf-8").endswith(
        'summary: First version.}\n  - {version: "1.1", date: 2027-04-02, author: Ann Lee, summary: Second}\n'
    )


def test_permissions_are_kept_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(MINIMAL.read_bytes())
    os.chmod(target, 0o640)
    bump(target, summary=("Second",), date=DAY)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"edited meanwhile")
    with pytest.raises(UserError) as caught:
        replace_if_unchanged(target, expected=b"what was read", data=b"new", changed_message="{path} changed")
    assert str(caught.value) == f"{target} changed"
    assert target.read_bytes() == b"edited meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_an_invalid_questionnaire_is_not_bumped(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "m.yaml"
    broken = replace_once(MINIMAL.read_text(encoding="utf-8"), '  version: "1.0"\n', "  version: 1.0\n").encode()
    target.write_bytes(broken)
    result = runner.invoke(main, ["bump", str(target), "-m", "x", "--lang", "en"])
    assert result.exit_code == 1
    assert f"{target}:" in result.output and "agreement.version" in result.output
    assert target.read_bytes() == broken


def test_validation_ties_the_last_update_to_the_latest_revision() -> None:
    text = replace_once(MINIMAL.read_text(encoding="utf-8"), "last_updated: 2027-03-20", "last_updated: 2027-03-21")
    with pytest.raises(UserError) as caught:
        validate(load_bytes(text.encode(), "m.yaml"))
    assert (
        "agreement.last_updated: the last update 2027-03-21 must be the date of the latest revision (2027-03-20)"
        in (caught.value.message("en"))
    )
