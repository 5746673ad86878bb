"""The questionnaire's logo: only beside the questionnaire or in the template folder, images only, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.api import build, load
from sla_docgen.cli import main
from sla_docgen.errors import ValidationFailed
from tests.conftest import MINIMAL, replace_once


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (2, 1), (31, 78, 121, 255)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def questionnaire(folder: Path, logo: str) -> Path:
    text = replace_once(
        MINIMAL.read_text(encoding="utf-8"),
        "  last_updated: 2027-03-20\n",
        f'  last_updated: 2027-03-20\n  branding:\n    logo: {logo}\n    accent_color: "#0b6e4f"\n',
    )
    path = folder / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_logo_beside_the_questionnaire(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    document = build(load(questionnaire(tmp_path, "logo.png")))
    assert document.metadata.logo is not None and document.metadata.logo.data == PNG
    assert document.metadata.accent_color == "#0b6e4f"


def test_logo_in_the_template_folder(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "brand.png").write_bytes(PNG)
    document = build(load(questionnaire(tmp_path, "brand.png"), template_dir=theme))
    assert document.metadata.logo is not None and document.metadata.logo.data == PNG


@pytest.mark.parametrize(
    "logo,content,words",
    [
        ("../outside.png", PNG, "must be inside the questionnaire's folder"),
        ("/etc/hostname", None, "must be inside the questionnaire's folder"),
        ("file:///etc/hostname", None, "must be inside the questionnaire's folder"),
        ("fake.png", b"<svg onload=alert(1)>", "is not a PNG, JPEG or GIF image"),
        ("missing.png", None, "does not exist"),
    ],
)
def test_bad_logos_are_located(tmp_path: Path, logo: str, content: bytes | None, words: str) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    if content is not None:
        (folder / logo).resolve().write_bytes(content)
    path = questionnaire(folder, logo)
    with pytest.raises(ValidationFailed) as caught:
        load(path)
    message = caught.value.message("en")
    assert message.startswith(f"{path}:12:11: agreement.branding.logo: the logo {logo!r} ")
    assert words in message


def test_extract_gives_the_questionnaire_back(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["render", str(MINIMAL), "-f", "pdf", "-o", str(tmp_path)]).exit_code == 0
    target = tmp_path / "back.yaml"
    result = runner.invoke(main, ["extract", str(tmp_path / "minimal.pdf"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == MINIMAL.read_bytes()
    again = runner.invoke(main, ["extract", str(tmp_path / "minimal.pdf"), "-o", str(target), "--lang", "en"])
    assert again.exit_code == 1 and "already exists; use --force" in again.output
