"""What passes between the build and its workers: jobs, results, and their types.

A ``Job`` is the stale variants of one leaflet, language and format (laid out
once for all of them); a ``Result`` says what became of one output. Both cross a
process boundary (pickled), so they hold plain data only. Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .plan import Output


class Status(StrEnum):
    BUILT = "built"
    SKIPPED = "skipped"  # up to date: not rendered
    FAILED = "failed"
    INVALID = "invalid content"  # not rendered: its content file (or its source) has errors


@dataclass(frozen=True)
class Limits:
    seconds: float  # per output, wall time
    memory_mb: int  # address space per worker; 0: no limit


@dataclass(frozen=True)
class Job:
    outputs: tuple[Output, ...]  # variants of one leaflet, language and format; screen first
    content_digest: str  # lets a worker reuse a content file it already loaded
    hint: float | None = None  # a body size to try first (the last build's, or a sibling format's)
    date: str | None = None  # the date every PDF carries (SOURCE_DATE_EPOCH); None: the publication date


@dataclass
class Result:
    output: Output
    status: Status
    reason: str = ""
    pages: int = 0
    body_size: float | None = None
    renders: int = 0
    seconds: float = 0.0
    bytes: int = 0
    sha256: str = ""
    companions: dict = field(default_factory=dict)  # path relative to the output folder -> sha256
    peak_rss_mb: float = 0.0  # of the worker that made it
    worker: int = 0  # its pid
    restart: bool = False  # the worker may be in a bad state (it ran out of memory): replace it

    @property
    def built(self) -> bool:
        return self.status is Status.BUILT


def failed(output: Output, reason: str, seconds: float = 0.0) -> Result:
    return Result(output, Status.FAILED, reason=reason, seconds=seconds)


@dataclass(frozen=True)
class Ready:
    """A worker's first message: it has imported what rendering needs."""

    seconds: float  # its start-up time


def own_peak_rss_mb() -> float:
    """This process's own peak resident set, in MB: VmHWM, which starts afresh at exec.
    (getrusage's ru_maxrss, the fallback off Linux, keeps the peak of the process that
    forked it, so a build started from a large process would report that one's.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # not on POSIX
        return 0.0
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)
