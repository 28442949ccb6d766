"""Atomic writes, and cleaning up after writes that a killed build left half done.

A file is written to ``.<name>.<pid>.tmp`` beside its target, flushed to disk and
renamed into place, so a crash, a full disk or Ctrl-C never leaves a truncated
target. Every writer in foldline (PDFs, proofs, the manifest, the report) uses
``write_atomic``, which is what lets ``remove_leftovers`` find what a killed one left.

Standard library only: the build imports this before it knows whether it has
anything to render. Knows nothing of PDFs, manifests or reports.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>[0-9]+)\.tmp")


def temporary_path(path: Path, pid: int | None = None) -> Path:
    return path.with_name(f".{path.name}.{os.getpid() if pid is None else pid}.tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a crash never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files under folder whose writer is gone; returns what was deleted.

    A temporary file of a process that still runs (a ``watch`` next to a build, say)
    is left alone: its writer will rename or remove it.
    """
    removed = []
    for parent, _, files in os.walk(folder):
        for name in files:
            match = TEMPORARY_NAME.fullmatch(name)
            if match and not _running(int(match["pid"])):
                path = Path(parent) / name
                try:
                    path.unlink()
                    removed.append(path)
                except FileNotFoundError:
                    pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier failed write in this run: nothing writes it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    try:  # a zombie has finished writing; some containers never reap them
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[-1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True
