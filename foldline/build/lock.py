"""One build at a time per output folder: an exclusive lock on ``<output>/.foldline.lock``.

A second build into the same folder waits a few seconds for the lock, then refuses
and names the process that holds it, so two builds never leave a mixed set of
PDFs or overwrite each other's manifest. The lock is an ``flock`` on the file, so
the kernel releases it when its holder dies, even by SIGKILL; the file (holding
the pid, for the message) is removed when the build ends.

A folder nothing can write to needs no lock: the build goes on without one and
each output fails with the write error. Standard library and ``foldline.errors`` only.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError

LOCK_NAME = ".foldline.lock"
WAIT_SECONDS = 3.0
_UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST}


class OutputLocked(BuildError):
    """Another build holds the output folder."""

    def __init__(self, folder: Path, holder: int | None):
        self.folder = folder
        self.holder = holder
        who = f"pid {holder}" if holder else "a process whose pid could not be read"
        super().__init__(f"another build ({who}) holds the lock on {folder}; try again when it has finished; nothing built")


@contextmanager
def output_lock(folder: Path, wait: float = WAIT_SECONDS):
    """Hold the folder's lock for the duration of the block; raises OutputLocked."""
    path = Path(folder) / LOCK_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _acquire(path, wait)
    except OSError as exc:
        if exc.errno in _UNWRITABLE:
            yield None  # nothing can be written here; every output will say why
            return
        # output/ comes from a cache too: the lock's path may be a folder, a FIFO...
        raise BuildError(f"cannot lock {path}: {exc.strerror or exc}; nothing built") from None
    try:
        _record_holder(fd)
        yield path
    finally:
        # Removed while still held: a build waiting on this file notices it is gone
        # (the inode check in _acquire) and locks a fresh one instead.
        try:
            path.unlink()
        except OSError:
            pass
        os.close(fd)


def _acquire(path: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        # O_NONBLOCK: a FIFO put where the lock file belongs must not block the open.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK, 0o644)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", str(path))
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OutputLocked(path.parent, _holder(fd)) from None
                    time.sleep(0.05)
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            return fd
        os.close(fd)  # the holder finished and removed the file under us: lock the new one


def _record_holder(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass  # a full disk: the lock holds all the same, only the message lacks the pid


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None
