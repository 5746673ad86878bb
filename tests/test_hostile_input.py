"""Hostile questionnaires: numbers out of range, control characters, files that are not regular files.

Each case is refused by `validate` and by `render` alike, located, in English and Japanese, and nothing
is written (see hostile_support.assert_refused).
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import replace_once
from tests.hostile_support import BASE, assert_refused, locate, previous_outputs

HUGE = "9" * 400
ENORMOUS = "9" * 5000  # more digits than Python converts to an integer by default

# --- numbers: every numeric field has a range, and .nan/.inf/huge numbers are located errors --------------

ADD_RATE = (
    "    response_time: {value: 24, unit: business_hours}\n",
    "    conversion_target: {rate: RATE, to_stage: sql}\n",
)
SCOPE = "  scope: All inbound leads for the core product.\n"
ADD_KPI = ("      frequency: monthly\n", "      target: {value: VALUE, unit: count}\n")
ADD_FOLLOW = (
    "    response_time: {value: 24, unit: business_hours}\n",
    "    follow_up: {attempts: N, within_days: 5, channels: [phone]}\n",
)
ADD_DECAY = (
    "  mql_threshold: 100\n",
    "  decay:\n    - {id: idle, description: No activity, points: -10, after_days: D}\n",
)

# (name, anchor, replacement, the token whose position is reported, field path, English words)
NUMBERS = [
    ("nan target", "target: 100000000", "target: .nan", ".nan", "goals.company[0].target", "expected a finite number"),
    ("NaN minimum", "minimum: 250", "minimum: .NaN", ".NaN", "goals.parties.marketing[0].minimum", "finite"),
    (
        "inf best effort",
        "best_effort: 360",
        "best_effort: .inf",
        ".inf",
        "goals.parties.marketing[0].best_effort",
        "finite",
    ),
    ("minus inf", "target: 100000000", "target: -.Inf", "-.Inf", "goals.company[0].target", "finite"),
    ("1e400", "target: 100000000", "target: 1e400", "1e400", "goals.company[0].target", "finite"),
    (
        "1e308",
        "target: 100000000",
        "target: 1e308",
        "1e308",
        "goals.company[0].target",
        "at most 1,000,000,000,000,000",
    ),
    (
        "400 digits",
        "target: 100000000",
        f"target: {HUGE}",
        HUGE,
        "goals.company[0].target",
        "at most 1,000,000,000,000,000",
    ),
    ("5000 digits", "target: 100000000", f"target: {ENORMOUS}", ENORMOUS, "goals.company[0].target", "is too large"),
    ("huge hex", "target: 100000000", "target: 0x" + "f" * 3000, "0xfff", "goals.company[0].target", "at most"),
    ("negative", "target: 100000000", "target: -5", "-5", "goals.company[0].target", "must be at least 0"),
    (
        "just over",
        "target: 100000000",
        "target: 1000000000000001",
        "1000000000000001",
        "goals.company[0].target",
        "at most",
    ),
    (
        "nan as text",
        "company: Minimal Corp",
        "company: .nan",
        ".nan",
        "agreement.company",
        "expected text, got a number .nan",
    ),
    (
        "huge as text",
        "company: Minimal Corp",
        f"company: {HUGE}",
        HUGE,
        "agreement.company",
        "expected text, got a number 999",
    ),
    (
        "float threshold",
        "mql_threshold: 100",
        "mql_threshold: 1e400",
        "1e400",
        "lead_scoring.mql_threshold",
        "whole number",
    ),
    ("nan points", "high: 50", "high: .nan", ".nan", "lead_scoring.tier_points.high", "whole number"),
    ("huge points", "points: 80}", f"points: {HUGE}}}", HUGE, "lead_scoring.behaviours[0].points", "at most 1,000"),
    (
        "huge duration",
        "value: 24,",
        "value: 0x7fffffffffffffff,",
        "0x7f",
        "handoffs[0].response_time.value",
        "at most 10,000",
    ),
    (
        "inf rate",
        ADD_RATE[0],
        ADD_RATE[0] + ADD_RATE[1].replace("RATE", ".inf"),
        ".inf",
        "handoffs[0].conversion_target.rate",
        "finite",
    ),
    (
        "rate over 100",
        ADD_RATE[0],
        ADD_RATE[0] + ADD_RATE[1].replace("RATE", "150"),
        "150",
        "handoffs[0].conversion_target.rate",
        "at most 100",
    ),
    (
        "kpi value",
        ADD_KPI[0],
        ADD_KPI[0] + ADD_KPI[1].replace("VALUE", "1e16"),
        "1e16",
        "reporting.kpis[0].target.value",
        "at most",
    ),
    (
        "attempts",
        ADD_FOLLOW[0],
        ADD_FOLLOW[0] + ADD_FOLLOW[1].replace("N", HUGE),
        HUGE,
        "handoffs[0].follow_up.attempts",
        "at most 100",
    ),
    (
        "decay days",
        ADD_DECAY[0],
        ADD_DECAY[0] + ADD_DECAY[1].replace("D", "1e400"),
        "1e400",
        "lead_scoring.decay[0].after_days",
        "whole number",
    ),
    (
        "long version",
        '  version: "1.0"',
        f'  version: "1.{ENORMOUS}"',
        f'"1.{ENORMOUS[:5]}',
        "agreement.version",
        "is not a version",
    ),
]


@pytest.mark.parametrize("name,anchor,new,token,path,words", NUMBERS, ids=[c[0] for c in NUMBERS])
def test_numbers_out_of_range_are_located(
    tmp_path: Path, name: str, anchor: str, new: str, token: str, path: str, words: str
) -> None:
    text = replace_once(BASE, anchor, new)
    source = tmp_path / "in" / "q.yaml"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    previous_outputs(out, "q")
    where = f"{source}:{locate(text, token)}: {path}: "
    watched = [source.parent, out]
    assert_refused(["validate", str(source)], where=where, words=words, watched=watched)
    assert_refused(["render", str(source), "-f", "md,docx", "-o", str(out)], where=where, words=words, watched=watched)


def test_the_largest_numbers_render(tmp_path: Path) -> None:
    """The edges of the ranges are valid and render in every text format (Babel once crashed on 1e308)."""
    from tests.hostile_support import invoke

    text = replace_once(BASE, "target: 100000000", "target: 1000000000000000")
    text = replace_once(text, "best_effort: 360", "best_effort: 999999999999999.9")
    source = tmp_path / "q.yaml"
    source.write_text(text, encoding="utf-8")
    result = invoke(["render", str(source), "-f", "md,html,docx", "-o", str(tmp_path / "out")], "en")
    assert result.exit_code == 0, result.output
    assert "¥1,000,000,000,000,000" in (tmp_path / "out" / "q.md").read_text(encoding="utf-8")


# --- control characters: at their real line and column, with the field ------------------------------------

CHARS = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "VT": "\x0b",
    "FF": "\x0c",
    "NEL": "\x85",
    "LS": "\u2028",
    "PS": "\u2029",
    "RLO": "\u202e",
    "BOM": "\ufeff",
}
# (context, anchor, replacement with C for the character, field path or None outside text)
PLACES = [
    ("plain", "  scope: All inbound", "  scope: AllCinbound", "overview.scope"),
    ("double-quoted", "company: Minimal Corp", 'company: "MinimalCCorp"', "agreement.company"),
    ("single-quoted", "company: Minimal Corp", "company: 'MinimalCCorp'", "agreement.company"),
    ("literal block", SCOPE, "  scope: |\n    All\n    inCbound\n", "overview.scope"),
    ("folded block", SCOPE, "  scope: >-\n    All\n    inCbound\n", "overview.scope"),
    ("flow item", "[Generate qualified leads]", "[GenerateCqualified leads]", "overview.responsibilities.marketing[0]"),
    ("key", "  scope: All", "  scCope: All", "overview"),
    ("comment", "# The smallest", "# TheCsmallest", None),
]
CONTROL_CASES = [(f"{c}-{p[0]}", char, *p[1:]) for c, char in CHARS.items() for p in PLACES]


@pytest.mark.parametrize("name,char,anchor,new,path", CONTROL_CASES, ids=[c[0] for c in CONTROL_CASES])
def test_control_characters_are_located(
    tmp_path: Path, name: str, char: str, anchor: str, new: str, path: str | None
) -> None:
    text = replace_once(BASE, anchor, new.replace("C", char))
    source = tmp_path / "q.yaml"
    source.write_bytes(text.encode("utf-8"))
    where = f"{source}:{locate(text, char)}: " + (f"{path}: " if path else "")
    words = f"U+{ord(char):04X}"
    assert_refused(["validate", str(source)], where=where, words=words, watched=[tmp_path])


@pytest.mark.parametrize("char", ["NUL", "ESC", "NEL", "LS"])
def test_control_characters_fail_render_too(tmp_path: Path, char: str) -> None:
    text = replace_once(BASE, "  scope: All inbound", f"  scope: All{CHARS[char]}inbound")
    source = tmp_path / "q.yaml"
    source.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    previous_outputs(out, "q")
    where = f"{source}:{locate(text, CHARS[char])}: overview.scope: "
    assert_refused(["render", str(source), "-f", "md,pdf", "-o", str(out)], where=where, words="U+", watched=[tmp_path])


ESCAPES = [
    ("\\0", "U+0000"),
    ("\\e", "U+001B"),
    ("\\x7f", "U+007F"),
    ("\\N", "U+0085"),
    ("\\L", "U+2028"),
    ("\\P", "U+2029"),
    ("\\u202e", "U+202E"),
]


@pytest.mark.parametrize("escape,words", ESCAPES)
def test_escaped_control_characters_are_refused_like_raw_ones(tmp_path: Path, escape: str, words: str) -> None:
    text = replace_once(BASE, "company: Minimal Corp", f'company: "Minimal{escape}Corp"')
    source = tmp_path / "q.yaml"
    source.write_text(text, encoding="utf-8")
    where = f"{source}:{locate(text, chr(34) + 'Minimal')}: agreement.company: "
    assert_refused(["validate", str(source)], where=where, words=words, watched=[tmp_path])


def test_line_numbers_after_a_next_line_character_count_as_yaml_1_2_does(tmp_path: Path) -> None:
    """libyaml takes U+0085 for a line break; the problems after it are still reported on their own line."""
    text = replace_once(BASE, "# The smallest", "# The\x85smallest\u2028")
    text = replace_once(text, '  version: "1.0"\n', '  version: "1.0"\n  version: "1.1"\n')
    source = tmp_path / "q.yaml"
    source.write_bytes(text.encode("utf-8"))
    where = f"{source}:{locate(text, 'version: ' + chr(34) + '1.1')}: agreement.version: "
    assert_refused(["validate", str(source)], where=where, words="duplicate key 'version'", watched=[tmp_path])


# --- files that are not regular files: refused at once with the right reason --------------------------------


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail, rather than hang, if a command blocks (a FIFO opened for reading waits for a writer)."""

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def special_file(folder: Path, kind: str) -> Path:
    path = folder / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        if os.geteuid() == 0:
            os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))  # a /dev/zero of our own
        else:
            path = Path("/dev/zero")
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to fifo":
        os.mkfifo(folder / "fifo-target")
        path.symlink_to(folder / "fifo-target")
    return path


KINDS = {
    "fifo": "it is a named pipe (FIFO), not a regular file",
    "device": "it is a device, not a regular file",
    "socket": "it is a socket, not a regular file",
    "folder": "it is a folder",
    "link to fifo": "it is a named pipe (FIFO), not a regular file",
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    "command",
    ["validate", "render", "extract", "reference-docx", "calc", "bump", "sign", "sign-key", "verify", "report"],
)
def test_special_files_are_refused_without_hanging(tmp_path: Path, no_hang: None, kind: str, command: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    special = special_file(inputs, kind)
    out = tmp_path / "out"
    previous_outputs(out, "q")
    signed = out / "s.pdf"
    args = {
        "validate": ["validate", str(special)],
        "render": ["render", str(special), "-o", str(out)],
        "extract": ["extract", str(special), "-o", str(out / "q.yaml")],
        "calc": ["calc", str(special)],
        "bump": ["bump", str(special), "-m", "a review"],
        "sign": ["sign", str(special), "--party", "sales", "--key", str(inputs / "q.yaml"), "-o", str(signed)],
        "sign-key": ["sign", str(inputs / "q.yaml"), "--party", "sales", "--key", str(special), "-o", str(signed)],
        "verify": ["verify", str(special)],
        "report": ["report", str(inputs / "q.yaml"), "--crm", str(special), "-o", str(out)],
        "reference-docx": [
            "render",
            str(inputs / "q.yaml"),
            "-f",
            "docx",
            "--reference-docx",
            str(special),
            "-o",
            str(out),
        ],
    }[command]
    (inputs / "q.yaml").write_text(BASE, encoding="utf-8")
    words = f"cannot read {special}" if command != "reference-docx" else f"cannot read the reference document {special}"
    code = 2 if command == "verify" else 1  # verify: 1 is a signature that fails, 2 a PDF it cannot check
    assert_refused(args, words=f"{words}: {KINDS[kind]}", watched=[out], one_line=True, code=code)


def test_a_missing_translation_fails_validate_as_it_fails_render(tmp_path: Path) -> None:
    """render builds every language of the agreement by default, so validate checks them all too."""
    from tests.hostile_support import invoke

    text = replace_once(BASE, "languages: [en]", "languages: [en, ja]")
    text = replace_once(text, "company: Minimal Corp", "company: {en: Minimal Corp}")
    source = tmp_path / "in" / "q.yaml"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    where = f"{source}:{locate(text, '{en: Minimal')}: agreement.company: "
    for args in (["validate", str(source)], ["render", str(source), "-o", str(out)]):
        assert_refused(args, where=where, words="no ja text", watched=[source.parent, out])
    assert invoke(["validate", str(source), "--allow-fallback"], "en").exit_code == 0


def test_a_funnel_rate_so_small_that_no_number_can_hold_the_funnel_is_located(tmp_path: Path) -> None:
    """Rates divide the counts above them: 1e-300 % is in range, but the funnel would need 10^300 leads."""
    from tests.test_fuzz import FUNNEL

    text = FUNNEL.replace("SHARE", "50").replace("DEAL", "1000000").replace("RATE1", "10")
    text = text.replace("RATE2", "1e-300").replace("RATE3", "20")
    source = tmp_path / "in" / "q.yaml"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    where = f"{source}:{locate(text, '1e-300')}: funnel.stages[2].rate: "
    words = "the funnel needs more than 1,000,000,000,000,000 leads a month at stage 'mql'"
    for args in (["validate", str(source)], ["calc", str(source)], ["render", str(source), "-o", str(out)]):
        assert_refused(args, where=where, words=words, watched=[source.parent, out])
