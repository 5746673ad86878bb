"""Output failures are one-line errors naming the path and the reason; a batch is written all or nothing.

Read-only folders and full disks are real: the tests mount small tmpfs file systems (CI runs as root).
Where mounting is not permitted, the same failures are injected into the writer's system calls instead
(and the test says so in its output).
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile_support import BASE, assert_refused, invoke, previous_outputs, snapshot


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "q.yaml"
    path.parent.mkdir()
    path.write_text(BASE, encoding="utf-8")
    return path


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on a 32 KiB file system holding an earlier run's outputs: a Markdown file fits, a PDF does not."""
    disk = tmp_path / "disk"
    mounted = _mount(disk, "size=32k,mode=0755")
    if not mounted:
        print("mount not permitted: a full disk is injected into os.write instead")
        written = {"bytes": 0}
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            written["bytes"] += len(data)
            if written["bytes"] > 32 * 1024:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        monkeypatch.setattr("sla_docgen.writing.os.write", write)
    try:
        previous_outputs(disk, "q", (".md", ".pdf"))
        yield disk
    finally:
        if mounted:
            _unmount(disk)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A read-only folder (a tmpfs mounted read-only; chmod 555 where mounting is not permitted)."""
    folder = tmp_path / "ro"
    if _mount(folder, "size=64k"):
        previous_outputs(folder, "q", (".md",))
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield folder, "the file system is read-only"
        finally:
            _unmount(folder)
    else:
        if os.geteuid() == 0:
            pytest.fail("running as root, yet mounting a tmpfs was refused: no way to make a read-only folder")
        previous_outputs(folder, "q", (".md",))
        folder.chmod(0o555)
        yield folder, "permission denied"
        folder.chmod(0o755)


def test_a_full_disk_is_one_line_and_replaces_nothing(source: Path, small_disk: Path) -> None:
    args = ["render", str(source), "-f", "md,pdf", "-o", str(small_disk)]
    assert_refused(
        args,
        words=f"cannot write {small_disk / 'q.pdf'}: the disk is full",
        watched=[source.parent, small_disk],
        one_line=True,
    )


def test_a_read_only_folder_is_one_line(source: Path, read_only: tuple[Path, str]) -> None:
    folder, reason = read_only
    args = ["render", str(source), "-f", "md", "-o", str(folder)]
    assert_refused(
        args, words=f"cannot write {folder / 'q.md'}: {reason}", watched=[source.parent, folder], one_line=True
    )


def _device(path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("making a device file needs root (CI runs as root)")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own: the real one is never touched
    return path


def _blockers(tmp_path: Path, kind: str) -> tuple[list[str], str]:
    """Arguments that put `kind` in the writer's way, and the English words of the refusal."""
    out = tmp_path / "out"
    source = tmp_path / "in" / "q.yaml"
    if kind == "output below a file":
        (tmp_path / "afile").write_text("x")
        return ["render", str(source), "-o", str(tmp_path / "afile" / "sub")], f"{tmp_path / 'afile'} is not a folder"
    if kind == "output is a device":
        null = _device(tmp_path / "null")
        return ["render", str(source), "-o", str(null)], f"{null} is not a folder"
    if kind == "folder in the way":
        (out / "q.md").mkdir()
        return ["render", str(source), "-f", "docx,md", "-o", str(out)], f"cannot write {out / 'q.md'}: it is a folder"
    if kind == "fifo in the way":
        os.mkfifo(out / "q.md")
        return ["render", str(source), "-o", str(out)], "it is a named pipe (FIFO), not a regular file"
    if kind == "device in the way":
        _device(out / "q.md")
        return ["render", str(source), "-o", str(out)], "it is a device, not a regular file"
    if kind == "schema to a device":
        null = _device(out / "schema.json")
        return ["schema", "-o", str(null)], f"cannot write {null}: it is a device, not a regular file"
    if kind == "schema to a folder":
        return ["schema", "-o", str(out)], f"cannot write {out}: it is a folder"
    if kind == "init below a file":
        (tmp_path / "afile").write_text("x")
        return ["init", str(tmp_path / "afile" / "x.yaml")], "is not a folder"
    if kind == "init over a folder":
        return ["init", str(out), "--force"], f"cannot write {out}: it is a folder"
    if kind == "render over its input":
        named_md = tmp_path / "in" / "x.md"
        named_md.write_text(BASE, encoding="utf-8")
        return ["render", str(named_md), "-o", str(named_md.parent)], "it is the input file"
    raise AssertionError(kind)


BLOCKERS = [
    "output below a file",
    "output is a device",
    "folder in the way",
    "fifo in the way",
    "device in the way",
    "schema to a device",
    "schema to a folder",
    "init below a file",
    "init over a folder",
    "render over its input",
]


@pytest.mark.parametrize("kind", BLOCKERS)
def test_what_stands_in_the_way_is_one_line(tmp_path: Path, source: Path, kind: str) -> None:
    out = tmp_path / "out"
    previous_outputs(out, "q", (".docx",))
    args, words = _blockers(tmp_path, kind)
    assert_refused(args, words=words, watched=[source.parent, out], one_line=True)


def test_overwriting_keeps_permissions_and_new_files_get_the_usual_ones(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out"
    previous_outputs(out, "q", (".md",))
    (out / "q.md").chmod(0o600)
    result = invoke(["render", str(source), "-f", "md,html", "-o", str(out)], "en")
    assert result.exit_code == 0, result.output
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((out / "q.md").stat().st_mode) == 0o600
    assert (out / "q.md").read_text(encoding="utf-8").startswith("# Marketing and sales SLA")
    assert stat.S_IMODE((out / "q.html").stat().st_mode) == 0o666 & ~mask
    assert sorted(p.name for p in out.iterdir()) == ["q.html", "q.md"]


def test_a_link_is_followed_and_the_file_it_names_replaced(tmp_path: Path, source: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "real.md").write_text("old")
    (out / "q.md").symlink_to(elsewhere / "real.md")
    assert invoke(["render", str(source), "-f", "md", "-o", str(out)], "en").exit_code == 0
    assert (out / "q.md").is_symlink() and (elsewhere / "real.md").read_text(encoding="utf-8").startswith("# ")


# --- killed runs -------------------------------------------------------------------------------------------

HOLD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from sla_docgen import writing

    out = Path(sys.argv[1])
    stage = sys.argv[2]
    if stage == "replacing":
        real = os.replace

        def replace(src, dst):
            real(src, dst)
            if str(dst).endswith("a.txt"):
                print("half", flush=True)
                time.sleep(600)

        writing.os.replace = replace
    batch = writing.Batch()
    batch.add(out / "a.txt", b"new a")
    batch.add(out / "b.txt", b"new b")
    if stage == "writing":
        print("written", flush=True)
        time.sleep(600)
    batch.commit()
    """
)


def _killed_at(out: Path, stage: str) -> None:
    """Start a batch of a.txt and b.txt in its own process and kill -9 it at `stage`."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), stage], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    with process.stdout:
        try:
            assert process.stdout.readline().strip() in ("written", "half")
        finally:
            process.kill()
            process.wait()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".sla-docgen-" in p.name)


def test_a_run_killed_while_writing_leaves_its_outputs_untouched_and_is_tidied(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    (out / "keep.tmp").write_text("not ours")
    _killed_at(out, "writing")
    assert (out / "a.txt").read_text() == "old a" and not (out / "b.txt").exists()
    left = _leftovers(out)
    assert len(left) == 2 and all(n.endswith(".tmp") and ".sla-docgen-" in n for n in left), left
    assert invoke(["render", str(source), "-f", "md", "-o", str(out)], "en").exit_code == 0
    assert _leftovers(out) == [] and (out / "a.txt").read_text() == "old a" and (out / "keep.tmp").exists()


def test_a_run_killed_while_replacing_is_completed_by_the_next(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    (out / "b.txt").write_text("old b")
    _killed_at(out, "replacing")
    assert (out / "a.txt").read_text() == "new a" and (out / "b.txt").read_text() == "old b"  # half a batch ...
    assert any(n.endswith(".batch") for n in _leftovers(out))
    assert invoke(["render", str(source), "-f", "md", "-o", str(out)], "en").exit_code == 0
    assert (out / "b.txt").read_text() == "new b" and _leftovers(out) == []  # ... completed by the next run


def test_files_of_a_running_batch_are_left_alone(tmp_path: Path) -> None:
    from sla_docgen.writing import clean_leftovers

    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), "writing"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    with process.stdout:
        try:
            assert process.stdout.readline().strip() == "written"
            before = snapshot(out)
            assert clean_leftovers(out) == [] and snapshot(out) == before
        finally:
            process.kill()
            process.wait()
    assert len(clean_leftovers(out)) == 2 and _leftovers(out) == []
