"""Opening input files that must be regular files: FIFOs, devices, directories, link loops refused.

Every file foldline reads as input (content, the manifest and its shard fragments,
the files it fingerprints) may have been replaced by something that is not a
file: a named pipe blocks ``open`` until a writer comes (a build that hangs with
the lock held), ``/dev/zero`` never ends, a directory or a link loop raises
something other than the errors callers expect. Files are opened here with
``O_NONBLOCK`` (opening a FIFO returns at once) and checked with ``fstat`` on the
open descriptor (so a file swapped after a check is still caught), and every
refusal is a ``NotARegularFile``, an ``OSError`` whose ``strerror`` says what the
path is instead, so callers that already report ``OSError`` name the reason.

Standard library only; knows nothing of YAML, manifests or PDFs.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


class NotARegularFile(OSError):
    """A path that is something other than a regular file (or a link to one)."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(errno.EINVAL, reason, str(path))


def kind_problem(mode: int) -> str | None:
    """Why a file of this mode cannot be read as a file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((reason for test, reason in _KINDS if test(mode)), "is not a regular file")


def file_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be read as a regular file (a loop, a dangling link, a FIFO,
    a folder...), or None when it can. Never opens the file."""
    try:
        return kind_problem(os.stat(path).st_mode)
    except OSError as exc:
        return _reason(path, exc)


def _reason(path: Path | str, exc: OSError) -> str:
    if isinstance(exc, NotARegularFile):
        return exc.strerror
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"is a link to {os.readlink(path)}, which does not exist"
    return exc.strerror or str(exc)


def reason(path: Path | str, exc: OSError) -> str:
    """What an OSError raised while reading ``path`` means, in words (for messages)."""
    return _reason(path, exc)


def open_regular(path: Path | str):
    """A binary file object for reading ``path``; raises NotARegularFile (an OSError)
    for anything that is not a regular file, OSError for the rest."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        problem = kind_problem(os.fstat(fd).st_mode)
        if problem is not None:
            raise NotARegularFile(path, problem)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most ``limit`` of them); see open_regular."""
    with open_regular(path) as handle:
        return handle.read() if limit is None else handle.read(limit)
