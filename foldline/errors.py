"""Errors a person can act on, and the exit code each one means.

Every problem names the file, line, column and key it is about. The stages raise
``FoldlineError`` subclasses; ``cli.main`` catches them in one place, prints their
problems and returns their exit code. Nothing here knows about YAML, models or
rendering.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_CONTENT = 1  # content or layout errors (nothing rendered), or PDFs failing verification
EXIT_USAGE = 2  # unknown option, format, leaflet or language
EXIT_FAILED = 3  # some outputs failed to build (the others were written)
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Location:
    path: Path
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


def shown(text: str) -> str:
    """Untrusted text (a value, a key, a file or folder name) as a message shows it.

    Control characters (newline, ESC and the rest), format characters (bidi
    overrides and isolates, zero-width ones) and every other character that is not
    printable are written as their code point (``\\x1b``, ``\\u202e``), so a name or a
    value can neither start a new line in a log, recolour or move the terminal, nor
    reorder the message around it. The one place messages are escaped: Problem,
    Location and display_path use it.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _code_point(char) for char in text)


def _code_point(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working folder when inside it."""
    # Not resolved: a link is shown as the link (a dangling one has nothing to resolve to).
    absolute = Path(os.path.abspath(path))
    try:
        return shown(str(absolute.relative_to(Path.cwd())))
    except ValueError:
        return shown(str(path))


@dataclass(frozen=True)
class Problem:
    """One finding about content: an error (fails the build) or a warning."""

    location: Location | None
    key: str  # key path such as "sections[3].title", or "" for the whole file
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = "invalid"  # stable identifier for machines and docs
    details: tuple[tuple[str, object], ...] = ()  # extra fields for --format json, e.g. a stale unit's texts

    def __str__(self) -> str:
        where = str(self.location) if self.location else ""
        key = f" {shown(self.key)}:" if self.key else ""
        message = shown(self.message)
        return f"{where}:{key} {message}" if where else f"{shown(self.key)}: {message}"

    def as_dict(self) -> dict:
        return {
            "file": display_path(self.location.path) if self.location else None,
            "line": self.location.line if self.location else None,
            "column": self.location.column if self.location else None,
            "key": self.key,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            **dict(self.details),
        }


class FoldlineError(Exception):
    """The base of every error the command line reports: its problems, and its exit code."""

    exit_code = EXIT_CONTENT

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(None, "", problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        """What the command line prints: one line per problem."""
        return [f"error: {p}" if p.key or p.location else f"error: {shown(p.message)}" for p in self.problems]


class ContentError(FoldlineError):
    """Content (or a layout or font data file) that cannot be used; every problem found, not just the first."""


class UsageError(FoldlineError):
    """An unknown format, leaflet or language, a name that is not allowed, a bad option value."""

    exit_code = EXIT_USAGE


class BuildError(FoldlineError):
    """The build could not run or record its work (another build holds the lock, the manifest cannot be written)."""

    exit_code = EXIT_FAILED


def key_path(parts: tuple) -> str:
    """('sections', 3, 'title') -> 'sections[3].title'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
