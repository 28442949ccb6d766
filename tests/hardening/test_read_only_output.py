"""An output folder that cannot be written fails the outputs with a message; nothing changes.

Tests run as root in CI, where chmod does not stop writes: there the folder is
made read-only with a read-only bind mount (skipped where mounting is not
allowed); as any other user, chmod 555 does it. A regular file standing where
the output folder should be is tested everywhere.
"""
import os
import stat
import subprocess

import pytest


def _new_content(sandbox):
    sandbox.write(sandbox.minimal().replace("Some text.", "Some revised text."))


@pytest.fixture
def read_only_output(sandbox):
    folder = sandbox.output / "sample"
    if os.geteuid() != 0:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        yield folder
        folder.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if bind.returncode != 0:
        pytest.skip(f"running as root and cannot bind-mount here: {bind.stderr.strip()}")
    try:
        ro = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True)
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only: {ro.stderr.strip()}")
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
            probe.unlink()
            pytest.skip("the read-only mount is still writable")
        except OSError:
            pass
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_output_folder(sandbox, read_only_output):
    before = sandbox.snapshot()
    _new_content(sandbox)
    result = sandbox.build()
    text = result.stdout + result.stderr
    assert result.returncode == 3, text
    assert "FAILED" in text and "cannot write" in text, text
    assert "Read-only file system" in text or "Permission denied" in text, text
    assert "Traceback" not in text
    assert sandbox.snapshot() == before
    sandbox.assert_nothing_leaked()


def test_file_where_the_output_folder_should_be(sandbox):
    blocker = sandbox.root / "not-a-folder"
    blocker.write_text("a file, not a folder\n")
    _new_content(sandbox)
    result = sandbox.build("--output", str(blocker))
    text = result.stdout + result.stderr
    assert result.returncode == 3, text
    assert "FAILED" in text and "cannot write" in text and "Traceback" not in text, text
    assert blocker.read_text() == "a file, not a folder\n"
    sandbox.assert_nothing_leaked()
