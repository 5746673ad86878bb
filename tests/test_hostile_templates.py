"""A user's templates are untrusted code: no files outside the template folders, no Python internals, bounded.

Every hostile template is a RenderError naming the template file and line, in English and Japanese, exit 1,
with nothing written; the questionnaire and the template folder stay as they were.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile_support import BASE, assert_refused, invoke, previous_outputs

# (name, template text, English words of the refusal)
ATTACKS = [
    ("python internals", "{{ ''.__class__.__mro__ }}", "templates may not: access to attribute '__class__'"),
    ("globals of a function", "{{ md.inline.__func__.__globals__ }}", "templates may not"),
    ("os through a format string", "{{ '{0.__class__}'.format(doc) }}", "templates may not"),
    ("huge range", "{{ range(10**9)|list|length }}", "more than a template may ask for"),
    ("nested loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "steps"),
    ("repeat a string", "{{ 'x' * 10**10 }}", "makes a value of more than"),
    ("repeat twice", "{% set n = 10**5 %}{{ 'x' * n * n }}", "makes a value of more than"),
    (
        "doubling loop",
        "{% set ns = namespace(x='ab') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
        "makes a value of more than",
    ),
    ("format width", "{{ '{:>999999999}'.format(1) }}", "more than a template may ask for"),
    ("percent width", "{{ '%999999999d' % 1 }}", "more than a template may ask for"),
    ("center", "{{ 'x'|center(10**9) }}", "more than a template may ask for"),
    ("ljust", "{{ 'x'.ljust(10**9) }}", "more than a template may ask for"),
    ("replace", "{% set s = 'x' * 100000 %}{{ s.replace('', s) }}", "makes a value of more than"),
    ("join", "{% set s = 'x' * 100000 %}{{ range(1000)|map('string')|join(s) }}", "makes a value of more than"),
    ("big power", "{{ 2**100000 }}", "a number of more than 4096 bits"),
    ("to_bytes", "{{ (10).to_bytes(10**9, 'big') }}", "int.to_bytes cannot be called in a template"),
    ("expandtabs", "{{ 'a'.expandtabs(10**9) }}", "str.expandtabs cannot be called"),
    ("list printed", "{% set s = 'x' * 1000000 %}{{ [s] * 1000 }}", "makes a value of more than"),
    ("sum of lists", "{{ [[1] * 1000] * 100000 | sum(start=[]) }}", "makes a value of more than"),
    ("recursion", "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "maximum recursion depth"),
    (
        "doubling macros",
        "{% macro b(n) %}{% if n %}{{ b(n-1) }}{{ b(n-1) }}{% endif %}x{% endmacro %}{{ b(40) }}",
        "steps",
    ),
    ("including itself", "{% include 'document.md.j2' %}", "maximum recursion depth"),
    (
        "literal text in a loop in a macro",
        "{% macro m() %}{% for i in range(100000) %}{% for j in range(100) %}" + "y" * 5000 + "{% endfor %}"
        "{% endfor %}{% endmacro %}{{ m()|length }}",
        "characters of text and values in all",
    ),
    ("random", "{{ [1, 2, 3]|random }}", "No filter named 'random'"),
    ("lipsum", "{{ lipsum() }}", "'lipsum' is undefined"),
    ("division by zero", "{{ 1 / 0 }}", "division by zero"),
    ("parent folder", "{% include '../q.yaml' %}", "template file '../q.yaml' not found"),
    ("absolute path", "{% include '/etc/passwd' %}", "template file '/etc/passwd' not found"),
    ("syntax error", "{% for %}", "template error"),
]


@pytest.mark.parametrize("name,template,words", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_hostile_markdown_template_is_refused(tmp_path: Path, name: str, template: str, words: str) -> None:
    source, theme, out = _setup(tmp_path)
    (theme / "document.md.j2").write_text(template, encoding="utf-8")
    args = ["render", str(source), "-f", "md,docx", "--template-dir", str(theme), "-o", str(out)]
    where = f"{theme / 'document.md.j2'}:1: " if name not in ("parent folder", "absolute path") else None
    assert_refused(args, where=where, words=words, watched=[source.parent, theme, out])


def _setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    source = tmp_path / "in" / "q.yaml"
    source.parent.mkdir()
    source.write_text(BASE, encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    out = tmp_path / "out"
    previous_outputs(out, "q")
    return source, theme, out


HTML_ATTACKS = [
    ("stylesheet up", '{{ stylesheet("../../../../etc/passwd") }}', "template file '../../../../etc/passwd' not found"),
    ("stylesheet link out", '{{ stylesheet("evil.css") }}', "lies outside the template folder"),
    ("include link out", "{% include 'evil.css' %}", "lies outside the template folder"),
    ("stylesheet fifo", '{{ stylesheet("pipe.css") }}', "it is a named pipe (FIFO), not a regular file"),
    ("include fifo", "{% include 'pipe.css' %}", "it is a named pipe (FIFO)"),
]


@pytest.mark.parametrize("name,template,words", HTML_ATTACKS, ids=[a[0] for a in HTML_ATTACKS])
def test_html_templates_read_only_regular_files_in_their_folders(
    tmp_path: Path, name: str, template: str, words: str
) -> None:
    source, theme, out = _setup(tmp_path)
    (theme / "evil.css").symlink_to("/etc/passwd")
    os.mkfifo(theme / "pipe.css")
    (theme / "document.html.j2").write_text(template, encoding="utf-8")
    args = ["render", str(source), "-f", "html", "--template-dir", str(theme), "-o", str(out)]
    assert_refused(args, words=words, watched=[source.parent, theme, out])


def test_a_decompression_bomb_in_the_template_folder_is_refused(tmp_path: Path) -> None:
    from tests.test_hostile_logo import _png_claiming

    source, theme, out = _setup(tmp_path)
    (theme / "bg.png").write_bytes(_png_claiming(60_000, 60_000))
    (theme / "style.css").write_text("body { background: url(bg.png) }", encoding="utf-8")
    args = ["render", str(source), "-f", "pdf", "--template-dir", str(theme), "-o", str(out)]
    assert_refused(args, words="is 60000×60000 pixels", watched=[source.parent, theme, out])


def test_what_templates_may_do_still_works(tmp_path: Path) -> None:
    source, theme, out = _setup(tmp_path)
    (theme / "part.md.j2").write_text("{{ 'a,b'.split(',') | join('-') }}", encoding="utf-8")
    (theme / "document.md.j2").write_text(
        "{% import 'blocks.md.j2' as b with context %}# {{ md.inline(doc.metadata.title) }}\n"
        "{% set ns = namespace(n=0) %}{% for s in doc.sections %}{% set ns.n = ns.n + 1 %}"
        "{{ loop.cycle('odd', 'even') }}{% endfor %} {{ ns.n }} {% include 'part.md.j2' %} "
        "{{ '%05.1f' | format(3.14159) }} {{ '{:>6}'.format('r') }} {{ (2 ** 10) ~ 'x' }}\n"
        "{{ b.section(doc.sections[0], md) }}",
        encoding="utf-8",
    )
    result = invoke(["render", str(source), "-f", "md", "--template-dir", str(theme), "-o", str(out)], "en")
    assert result.exit_code == 0, result.output
    text = (out / "q.md").read_text(encoding="utf-8")
    assert text.startswith("# Marketing and sales SLA\n")
    assert "oddevenodd" in text and " a-b 003.1      r 1024x" in text and "## 1. Overview" in text
