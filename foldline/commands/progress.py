"""A progress line for terminals: outputs done of total, and the estimated time left.

Drawn on stderr only when stderr is a terminal, and cleared before each line the
build prints, so logs and pipes see only the one line per output.
"""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.enabled = total > 1 and _is_terminal(self.stream)

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def advance(self) -> None:
        self.done += 1
        if not self.enabled or self.done >= self.total:
            self.clear()
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done)
        width = 24
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total}  about {_duration(left)} left")
        self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
