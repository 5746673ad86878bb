"""Compiled templates kept between runs: used when they fit, never when they could be wrong, never in the way."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sla_docgen.render import template_cache
from sla_docgen.render.templating import SafeEnvironment, render_template
from tests.conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SLA_DOCGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SLA_DOCGEN_NO_CACHE", raising=False)
    template_cache.cache_folder.cache_clear()
    yield folder
    template_cache.cache_folder.cache_clear()


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("{% for x in items %}[{{ x }}]{% endfor %}\n{{ 1 // zero }}", encoding="utf-8")
    (folder / "shared.j2").write_text("{{ value }}", encoding="utf-8")
    return folder


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("templates-*/*.jinja"))


def never_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the template was compiled instead of loaded from the cache")

    monkeypatch.setattr(SafeEnvironment, "_parse", refuse)


def test_a_new_process_loads_what_an_earlier_one_compiled(
    cache_dir: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_template(SafeEnvironment([templates]), "shared.j2", {"value": "one"})
    assert first == "one"
    assert len(entries(cache_dir)) == 1
    assert oct(os.stat(entries(cache_dir)[0].parent).st_mode & 0o777) == "0o700"
    never_compile(monkeypatch)  # a second environment is what a second process has: nothing in memory
    assert render_template(SafeEnvironment([templates]), "shared.j2", {"value": "two"}) == "two"


def test_an_error_in_cached_code_still_names_the_template_line(
    cache_dir: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sla_docgen.errors import RenderError

    context = {"items": [1, 2], "zero": 0}
    messages = []
    for attempt in range(2):
        if attempt:
            never_compile(monkeypatch)
        with pytest.raises(RenderError) as raised:
            render_template(SafeEnvironment([templates]), "page.j2", context)
        messages.append(raised.value.message("en"))
    assert messages[0] == messages[1]
    assert "page.j2:2:" in messages[0] and "by zero" in messages[0]


def test_a_changed_template_is_compiled_again(cache_dir: Path, templates: Path) -> None:
    assert render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1}) == "1"
    (templates / "shared.j2").write_text("<{{ value }}>", encoding="utf-8")
    assert render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1}) == "<1>"


def test_escaping_and_not_escaping_environments_never_share_code(cache_dir: Path, templates: Path) -> None:
    # One file included by an HTML and a Markdown template: the compiled code differs (autoescape), in
    # either order of first use.
    value = {"value": "<b>&</b>"}
    for _ in range(2):
        assert render_template(SafeEnvironment([templates], autoescape=True), "shared.j2", value) == (
            "&lt;b&gt;&amp;&lt;/b&gt;"
        )
        assert render_template(SafeEnvironment([templates], autoescape=False), "shared.j2", value) == "<b>&</b>"
    assert len(entries(cache_dir)) == 2


def test_an_autoescape_function_has_no_cache(cache_dir: Path, templates: Path) -> None:
    environment = SafeEnvironment([templates], autoescape=lambda name: True)
    assert environment.bytecode_cache is None
    assert render_template(environment, "shared.j2", {"value": "<"}) == "&lt;"


@pytest.mark.parametrize(
    "damage",
    [b"", b"j2 not a pickle", b"\x00" * 100],
    ids=["empty", "garbage", "zeros"],
)
def test_a_damaged_entry_is_compiled_again(cache_dir: Path, templates: Path, damage: bytes) -> None:
    render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1})
    (entry,) = entries(cache_dir)
    entry.write_bytes(damage)
    assert render_template(SafeEnvironment([templates]), "shared.j2", {"value": 2}) == "2"
    assert entry.read_bytes() != damage  # and written anew


def test_an_entry_that_is_a_fifo_is_not_waited_for(cache_dir: Path, templates: Path) -> None:
    render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1})
    (entry,) = entries(cache_dir)
    entry.unlink()
    os.mkfifo(entry)
    assert render_template(SafeEnvironment([templates]), "shared.j2", {"value": 3}) == "3"


def test_a_folder_others_may_open_is_not_used(cache_dir: Path, templates: Path) -> None:
    render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1})
    (entry,) = entries(cache_dir)
    entry.parent.chmod(0o777)
    template_cache.cache_folder.cache_clear()
    environment = SafeEnvironment([templates])
    assert environment.bytecode_cache is None
    assert render_template(environment, "shared.j2", {"value": 1}) == "1"


def test_a_cache_that_cannot_be_made_is_no_obstacle(
    cache_dir: Path, templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SLA_DOCGEN_CACHE_DIR", str(blocker / "cache"))
    template_cache.cache_folder.cache_clear()
    environment = SafeEnvironment([templates])
    assert environment.bytecode_cache is None
    assert render_template(environment, "shared.j2", {"value": 1}) == "1"


def test_a_cache_that_cannot_be_written_is_no_obstacle(
    cache_dir: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = SafeEnvironment([templates])

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(template_cache.os, "replace", no_space)
    assert render_template(environment, "shared.j2", {"value": 1}) == "1"
    assert entries(cache_dir) == []
    assert list(cache_dir.glob("templates-*/*.tmp")) == []


def test_the_cache_can_be_turned_off(cache_dir: Path, templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLA_DOCGEN_NO_CACHE", "1")
    template_cache.cache_folder.cache_clear()
    render_template(SafeEnvironment([templates]), "shared.j2", {"value": 1})
    assert not cache_dir.exists()


def test_the_default_folder_is_in_the_users_cache_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(template_cache.sys, "platform", "linux")  # the XDG rules, on any system
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert template_cache.user_cache_root() == tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    assert template_cache.user_cache_root() == Path.home() / ".cache"


def test_rendered_documents_are_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "acme-ja.yaml"
    outputs = {}
    for name, extra in {"off": {"SLA_DOCGEN_NO_CACHE": "1"}, "cold": {}, "warm": {}}.items():
        env = {**os.environ, "SLA_DOCGEN_CACHE_DIR": str(tmp_path / "cache"), **extra}
        out = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "sla_docgen", "render", str(sample), "-f", "md", "-f", "html", "-o", str(out)],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs[name] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert outputs["off"] == outputs["cold"] == outputs["warm"]
    assert len(list((tmp_path / "cache").glob("templates-*/*.jinja"))) == 4  # two Markdown, two HTML templates
