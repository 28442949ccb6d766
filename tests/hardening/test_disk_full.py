"""A full disk while writing fails that output with a message; earlier files stay intact.

Two ways to fill the disk: a tiny tmpfs mounted over a copy of output/ (needs
root and mount rights, skipped otherwise), and a file size limit
(RLIMIT_FSIZE) on the build process, which makes every write past the limit
fail the same way a full disk does and runs anywhere.
"""
import os
import resource
import shutil
import subprocess
import sys

import pytest

from .harness import ROOT, SMALL


def _new_content(sandbox):
    sandbox.write(sandbox.minimal().replace("Some text.", "Some revised text."))


def _assert_failed_cleanly(sandbox, result, output, before, said):
    text = result.stdout + result.stderr
    assert result.returncode == 3, text
    assert "FAILED" in text and said in text and "0 built, 1 failed" in text, text
    assert "Traceback" not in text
    now = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert now == before, "output/ changed, or a temporary file was left behind"


@pytest.fixture
def small_disk(sandbox):
    """output/ on a 1 MB tmpfs, filled up after the earlier build was copied onto it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = sandbox.root.parent / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        output = mount / "output"
        shutil.copytree(sandbox.output, output)
        filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:  # ENOSPC: the disk is full
            pass
        finally:
            os.close(filler)
        yield output
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full(sandbox, small_disk):
    before = {p.relative_to(small_disk).as_posix(): p.read_bytes() for p in small_disk.rglob("*") if p.is_file()}
    _new_content(sandbox)
    result = sandbox.build("--output", str(small_disk))
    _assert_failed_cleanly(sandbox, result, small_disk, before, "No space left on device")
    sandbox.assert_nothing_leaked()


def test_write_limit_reached(sandbox):
    """RLIMIT_FSIZE: writes past 8 KB fail (EFBIG) as they would on a full disk."""
    output = sandbox.output
    before = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert all(len(data) > 8192 for name, data in before.items() if name.endswith(".pdf"))  # so the limit bites on the PDF

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    _new_content(sandbox)
    result = subprocess.run(
        [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(sandbox.root), *SMALL],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True, text=True, timeout=120, preexec_fn=limit,
    )
    _assert_failed_cleanly(sandbox, result, output, before, "File too large")
    sandbox.assert_nothing_leaked()
