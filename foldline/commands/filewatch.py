"""File-system watching for the ``watch`` command: run a rebuild whenever what it reads changes.

The file-system events come from the watchdog library; this module only filters
them to the files that matter, waits for a quiet moment (an editor's save is
several events: write, rename, chmod) and calls the rebuild it is given. It
knows nothing of content, layouts or rendering.
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET_SECONDS = 0.3
# Events that mean a file's content may have changed. Reading a file also makes
# events (opened, closed_no_write): reacting to those would rebuild forever.
_CHANGES = {"created", "modified", "moved", "deleted", "closed"}


class _Changed(FileSystemEventHandler):
    def __init__(self, wanted: Callable[[Path], bool]):
        self.wanted = wanted
        self.paths: set[Path] = set()
        self.last = 0.0
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or event.is_directory:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(raw.decode() if isinstance(raw, bytes) else raw) if raw else None
            if path is not None and self.wanted(path):
                with self.lock:
                    self.paths.add(path)
                    self.last = time.monotonic()

    def settled(self) -> set[Path]:
        """The changed paths once nothing has changed for QUIET_SECONDS; else an empty set."""
        with self.lock:
            if not self.paths or time.monotonic() - self.last < QUIET_SECONDS:
                return set()
            paths, self.paths = self.paths, set()
            return paths


def watch(files: list[Path], folders: list[Path], rebuild: Callable[[set[Path]], None]) -> None:
    """Call rebuild(set()) once, then rebuild(changed paths) for every settled change
    of the files (exact paths) or anything inside the folders, until Ctrl-C, which
    returns normally."""
    files = [f.resolve() for f in files]
    folders = [f.resolve() for f in folders]

    def wanted(path: Path) -> bool:
        path = path.resolve()
        if path in files:
            return True
        if path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp")):
            return False  # editors' and our own temporary files
        return any(path.is_relative_to(folder) for folder in folders)

    handler = _Changed(wanted)
    observer = Observer()
    for parent in sorted({f.parent for f in files}):
        observer.schedule(handler, str(parent), recursive=False)
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        rebuild(set())
        while True:
            time.sleep(0.1)
            changed = handler.settled()
            if changed:
                rebuild(changed)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join()


def forget_cached_files() -> None:
    """Drop what foldline's modules cached from layouts/ and fonts/ (lru_cache'd
    readers), so a long-running watch sees edited layouts and fonts."""
    for name, module in list(sys.modules.items()):
        if name == "foldline" or name.startswith("foldline."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
