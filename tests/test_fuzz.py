"""Fuzzing with hypothesis: mutated questionnaires through validate and render, mutated PDFs through extract.

Whatever the input, a command ends in success or a user error (exit 0 or 1, never 3: the conftest guard
fails the test on an internal error), and a failed command leaves the output folder exactly as it was.
The number of examples is bounded and the seed fixed (derandomize), so the suite is repeatable; set
SLA_DOCGEN_FUZZ_EXAMPLES to run more.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_support import BASE, invoke, snapshot
from tests.test_hostile_extract import YAML, objects, pdf_with

EXAMPLES = int(os.environ.get("SLA_DOCGEN_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Scalars that have broken YAML readers and renderers before, mixed with random text.
NASTY = st.sampled_from(
    [
        ".nan", ".inf", "-.Inf", "1e400", "1e308", "9" * 400, "0x" + "f" * 100, "-0", "0o777", "1_000",
        "no", "yes", "~", "null", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!tag",
        "'", '"', "|", ">", "- ", ": ", "#", "%YAML 1.1", "---", "...", "\x00", "\x1b", "\x7f", "\x85",
        "\u2028", "\u2029", "\u202e", "\ufeff", "\ud7ff", "\t", "\r", "\\", '"\\x00"', '"\\N"', "2024-02-30",
        "x" * 5000, "日本語", "<script>", "{{ 7*7 }}", "../../etc/passwd", "$(id)",
    ]
)  # fmt: skip
TEXT = st.one_of(NASTY, st.text(max_size=40))


@st.composite
def questionnaires(draw: st.DrawFn) -> bytes:
    """The minimal questionnaire with a few lines, values or bytes changed."""
    lines = BASE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["value", "insert", "delete", "duplicate", "indent"]))
        if action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(TEXT)}\n"
        elif action == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(TEXT) + line[at:]
        elif action == "delete":
            lines[index] = ""
        elif action == "duplicate":
            lines.insert(index, line)
        else:
            lines[index] = " " * draw(st.integers(0, 6)) + line.lstrip(" ")
    data = "".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


@FUZZ
@given(questionnaires())
def test_fuzzed_questionnaires_validate_and_render_or_fail_cleanly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / "q.yaml"
        source.parent.mkdir()
        source.write_bytes(data)
        out = Path(folder) / "out"
        out.mkdir()
        (out / "q.md").write_text("an earlier run\n")
        before = snapshot(out)
        checked = invoke(["validate", str(source)], "en")
        assert checked.exit_code in (0, 1), checked.output
        rendered = invoke(["render", str(source), "-f", "md,html", "-o", str(out)], "en")
        assert rendered.exit_code in (0, 1), rendered.output
        assert rendered.exit_code == checked.exit_code, "a file that validates must render, and only such a file"
        if rendered.exit_code:
            assert snapshot(out) == before
        else:
            assert sorted(p.name for p in out.iterdir()) == ["q.html", "q.md"]
        assert source.read_bytes() == data


FUNNEL = BASE.replace(
    "lead_scoring:\n", "  - {id: won, kind: won, definition: Signed the contract., owner: sales}\nlead_scoring:\n", 1
).replace(
    "icp:\n",
    "funnel:\n  revenue_goal: revenue\n  marketing_share: SHARE\n  average_deal_size: DEAL\n  stages:\n"
    "    - {stage: lead}\n    - {stage: mql, rate: RATE1}\n    - {stage: sql, rate: RATE2}\n"
    "    - {stage: won, rate: RATE3}\nicp:\n",
    1,
)
NUMBER = st.one_of(
    st.sampled_from([".nan", ".inf", "0", "-1", "1e-300", "0.0001", "1e308", "9" * 40, "100", "1", "50"]),
    st.floats(min_value=0, max_value=1e16, allow_nan=False).map(repr),
    st.integers(min_value=-10, max_value=10**16).map(str),
)


@FUZZ
@given(share=NUMBER, deal=NUMBER, rates=st.tuples(NUMBER, NUMBER, NUMBER), target=NUMBER)
def test_fuzzed_funnel_numbers_validate_and_calc_or_fail_cleanly(
    share: str, deal: str, rates: tuple[str, str, str], target: str
) -> None:
    """The funnel divides by rates: a tiny one would make figures no float can hold; validate refuses it."""
    text = FUNNEL.replace("SHARE", share).replace("DEAL", deal)
    for index, rate in enumerate(rates, start=1):
        text = text.replace(f"RATE{index}", rate)
    text = text.replace("target: 100000000", f"target: {target}")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "q.yaml"
        source.write_text(text, encoding="utf-8")
        checked = invoke(["validate", str(source)], "en")
        worked = invoke(["calc", str(source)], "en")
        assert checked.exit_code in (0, 1) and worked.exit_code == checked.exit_code, (checked.output, worked.output)


HAND_MADE = pdf_with(objects())


@functools.cache
def real_pdf() -> bytes:
    """A PDF as sla-docgen makes it, of the minimal questionnaire (rendered once)."""
    from tests.conftest import MINIMAL, build_sample
    from tests.pdf_support import render_pdf

    return render_pdf(build_sample(MINIMAL), source=YAML, source_name="q.yaml")


@st.composite
def pdfs(draw: st.DrawFn) -> bytes:
    """sla-docgen's attachment structure (hand-made or real) with bytes flipped, cut, inserted or a token swapped."""
    data = bytearray(real_pdf() if draw(st.integers(0, 3)) == 0 else HAND_MADE)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "token"]))
        at = draw(st.integers(0, len(data) - 1))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            old = draw(
                st.sampled_from([b"/AF", b"/EF", b" R", b"/F ", b"/Source", b"stream", b"<<", b"[", b"4 0", b"5 0"])
            )
            new = draw(st.sampled_from([b"", b"/X", b" 0 R", b"[[", b"<<", b"1 0 R", b"-1", b"99999999999"]))
            data = bytearray(bytes(data).replace(old, new, 1))
        if not data:
            data = bytearray(b"%PDF-")
    return bytes(data)


@FUZZ
@given(pdfs())
def test_fuzzed_pdfs_extract_or_fail_cleanly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "a.pdf"
        pdf.write_bytes(data)
        out = Path(folder) / "out"
        out.mkdir()
        (out / "q.yaml").write_text("an earlier extract\n")
        before = snapshot(out)
        result = invoke(["extract", str(pdf), "-o", str(out / "q.yaml"), "--force"], "en")
        assert result.exit_code in (0, 1), result.output
        if result.exit_code:
            assert snapshot(out) == before
            assert len(result.stderr.strip().splitlines()) == 1
        else:
            assert (out / "q.yaml").read_bytes() == YAML and sorted(p.name for p in out.iterdir()) == ["q.yaml"]
        assert pdf.read_bytes() == data
