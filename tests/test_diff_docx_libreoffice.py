"""The tracked-changes DOCX opened by LibreOffice: it shows both versions, and its own accept-all gives NEW.

LibreOffice runs headless with a private profile. Accepting or rejecting every change is LibreOffice's
own command (.uno:AcceptAllTrackedChanges / RejectAllTrackedChanges), run by a small Basic macro written
into that profile, after which the document is saved as DOCX again. Its text is compared with the plain
DOCX of the same version after the same trip through LibreOffice, so only the changes can differ.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sla_docgen.api import compare_versions, diff_output
from tests.test_diff_docx import V12, V13, make_bilingual_pair, make_section_removed_pair, plain_docx
from tests.test_docx_libreoffice import convert_with_libreoffice, fontconfig_env, needs_libreoffice
from tests.tracked_support import blocks, document_xml, revisions, settings_names

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Tracked" script:language="StarBasic">
Sub Resolve(source As String, target As String, choice As String)
    Dim load(0) As New com.sun.star.beans.PropertyValue
    load(0).Name = "Hidden"
    load(0).Value = True
    document = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
    frame = document.getCurrentController().getFrame()
    dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
    If choice = "accept" Then
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    ElseIf choice = "reject" Then
        dispatcher.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
    End If
    Dim save(0) As New com.sun.star.beans.PropertyValue
    save(0).Name = "FilterName"
    save(0).Value = "MS Word 2007 XML"
    document.storeToURL(ConvertToURL(target), save())
    document.close(True)
End Sub
</script:module>
"""
LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false"><library:element library:name="Tracked"/></library:library>
"""


def profile_with_macro(folder: Path) -> Path:
    """A new LibreOffice profile (made by LibreOffice, which replaces a Basic library it did not make) with
    the Resolve macro added to its Standard library."""
    profile = folder / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--terminate_after_init"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    standard = profile / "user" / "basic" / "Standard"
    assert (standard / "script.xlb").is_file(), "LibreOffice made no Basic library in its profile"
    (standard / "script.xlb").write_text(LIBRARY, encoding="utf-8")
    (standard / "Tracked.xba").write_text(MACRO, encoding="utf-8")
    return profile


def through_libreoffice(data: bytes, choice: str, folder: Path) -> bytes:
    """The DOCX after LibreOffice opened it, accepted or rejected every change (or neither) and saved it."""
    profile = folder / "lo-profile"
    if not profile.exists():
        profile_with_macro(folder)
    source, target = folder / f"in-{choice}.docx", folder / f"out-{choice}.docx"
    source.write_bytes(data)
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            f"macro:///Standard.Tracked.Resolve({source},{target},{choice})",
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=fontconfig_env(folder),
    )
    assert target.is_file(), "LibreOffice did not run the macro"
    return target.read_bytes()


@pytest.fixture(scope="module")
def bilingual_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_bilingual_pair(tmp_path_factory.mktemp("bilingual"))


@pytest.fixture(scope="module")
def section_removed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_section_removed_pair(tmp_path_factory.mktemp("section-removed"))


@needs_libreoffice
@pytest.mark.parametrize("which", ["sample", "bilingual", "section-removed"])
def test_libreoffice_accepting_every_change_gives_new_and_rejecting_gives_old(
    which: str, bilingual_files: tuple[Path, Path], section_removed_files: tuple[Path, Path], tmp_path: Path
) -> None:
    """Paragraph by paragraph with their styles, tables cell by cell (a heading before a removed table
    included: LibreOffice cannot join a paragraph to the table after it)."""
    files = {"sample": (V12, V13), "bilingual": bilingual_files, "section-removed": section_removed_files}
    comparison = compare_versions(*files[which])
    marked = diff_output(comparison, output_format="docx")
    saved = through_libreoffice(marked, "none", tmp_path)
    untouched = document_xml(saved)
    plain_new = through_libreoffice(plain_docx(comparison, "new"), "none", tmp_path)
    new = blocks(document_xml(plain_new))
    assert revisions(untouched) and blocks(untouched) != new  # LibreOffice read the changes
    # ... and keeps recording a reviewer's own changes to the redline, which the plain agreement does not
    assert "trackRevisions" in settings_names(saved) and "trackRevisions" not in settings_names(plain_new)
    accepted = document_xml(through_libreoffice(marked, "accept", tmp_path))
    assert revisions(accepted) == [] and blocks(accepted) == new
    rejected = document_xml(through_libreoffice(marked, "reject", tmp_path))
    old = blocks(document_xml(through_libreoffice(plain_docx(comparison, "old"), "none", tmp_path)))
    assert revisions(rejected) == [] and blocks(rejected) == old


@needs_libreoffice
def test_libreoffice_shows_both_versions_words(tmp_path: Path) -> None:
    text = "".join(
        convert_with_libreoffice(diff_output(compare_versions(V12, V13), output_format="docx"), tmp_path).split()
    )
    assert "スコアが100120点に達したリードをMQLとします。" in text  # deleted and inserted side by side
    assert "SGL創出数" in text and "MQLの差し戻し率" in text  # a goal removed, a KPI added
    assert "第3四半期レビューの結果を反映" in text  # the new revision's row
