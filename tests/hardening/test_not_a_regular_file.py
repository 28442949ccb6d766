"""A language file that is not a regular file is refused with its path, never read.

A FIFO named like a language file used to hang ``build`` (with the output lock
held) while it fingerprinted the file; a folder named ``de.yaml`` and a link loop
ended in tracebacks; a dangling link was reported under its target's name. Each is
now an error line naming the path and what it is, before anything opens it, and
every command finishes (a hard subprocess timeout, not a timing assertion).
"""
import os

import pytest

# (case, how to make it at a path, what the message says about it)
CASES = [
    ("fifo", lambda path: os.mkfifo(path), "is a named pipe (FIFO), not a file; refused"),
    ("folder", lambda path: path.mkdir(), "is a folder, not a file; refused"),
    ("link-loop", lambda path: path.symlink_to(path.name), "is a symbolic link loop; refused"),
    ("dangling-link", lambda path: path.symlink_to("nothing-here.yaml"),
     "is a link to nothing-here.yaml, which does not exist; refused"),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case, make, said", CASES, ids=[case[0] for case in CASES])
def test_language_file_that_is_not_a_file(sandbox, command, case, make, said):
    path = sandbox.root / "source" / "sample" / "fr.yaml"
    make(path)
    before = sandbox.snapshot()
    # Every language (not --lang en): the file is found by discovery, not named.
    args = ("--format", "a4", "--variant", "screen") if command == "build" else ()
    result = sandbox.run(command, *args, timeout=60)
    sandbox.assert_refused(result, 1, f"error: {path}:1:1: {said}", before=before)
    assert "Traceback" not in result.stdout + result.stderr


def test_device_as_content_file_is_not_read(sandbox):
    """en.yaml -> /dev/zero: refused at once, not read until the size cap."""
    sandbox.content.unlink()
    sandbox.content.symlink_to("/dev/zero")
    result = sandbox.run("check", timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode in (1, 2), said
    assert "Traceback" not in said
    assert str(sandbox.content) in said, said
