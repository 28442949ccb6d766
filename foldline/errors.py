"""Errors a person can act on: every one names the file, line, column and key.

Nothing here knows about YAML, models or rendering; the stages raise these and
the command line prints them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    path: Path
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One finding about content: an error (fails the build) or a warning."""

    location: Location | None
    key: str  # key path such as "sections[3].title", or "" for the whole file
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = "invalid"  # stable identifier for machines and docs

    def __str__(self) -> str:
        where = str(self.location) if self.location else ""
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}" if where else f"{self.key}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": display_path(self.location.path) if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
            "key": self.key,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class ContentError(Exception):
    """Content that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def key_path(parts: tuple) -> str:
    """('sections', 3, 'title') -> 'sections[3].title'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
