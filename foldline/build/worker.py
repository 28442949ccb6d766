"""The child side of the worker processes: import WeasyPrint once, then render jobs until told to stop.

A worker receives ``jobs.Job`` messages over its pipe, loads the job's content
(keeping the last few files), produces its outputs (``produce.py``) and sends back
a list of ``jobs.Result``. Every failure becomes failed Results with a message,
never a traceback. It caps its own address space (RLIMIT_AS): an allocation past
it fails that job (MemoryError) and asks to be replaced. It ignores SIGINT (Ctrl-C
is the parent's) and dies with its parent (Linux PDEATHSIG, or a watchdog thread
elsewhere), so an orphan never finishes a write after another build took over.
"""
from __future__ import annotations

import os
import signal
import time
import traceback
from pathlib import Path

from ..project import Project
from .jobs import Job, Ready, Result, failed, own_peak_rss_mb

MB = 1024 * 1024
CACHED_CONTENT_FILES = 16  # per worker




def serve(conn, project: Project, memory_mb: int, parent: int) -> None:
    """A worker's life: set limits, import WeasyPrint, then render jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    started = time.perf_counter()
    if memory_mb:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * MB if hard == resource.RLIM_INFINITY else min(memory_mb * MB, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    from ..layout.weasy import import_weasyprint

    import_weasyprint()  # once per worker, not once per output
    _collect_less()

    conn.send(Ready(time.perf_counter() - started))
    cache: dict[str, object] = {}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            # Every file is written and every result sent: skip the interpreter's
            # teardown of WeasyPrint's caches (a few tenths of a second per worker).
            os._exit(0)
        results = run_job(project, job, cache, memory_mb)
        try:
            conn.send(results)
        except (OSError, ValueError):
            return
        if any(result.restart for result in results):
            return


def _collect_less() -> None:
    """Keep the cyclic garbage collector off what a worker keeps for its life.

    What the imports made (modules, WeasyPrint's stylesheets and tables) lives as long
    as the worker: frozen, it is no longer walked by every full collection. A render
    allocates objects by the hundred thousand, most of them freed by reference
    counting: young objects are collected every 5,000 allocations instead of every
    700, and older generations half as often. A worker's sequence of renders takes
    less time, and its peak memory grows a little (measured in benchmarks/RESULTS.md)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 20, 20)


def run_job(project: Project, job: Job, cache: dict, memory_mb: int = 0) -> list[Result]:
    """The job's outputs, from one layout; every failure becomes failed Results with a
    message, never a traceback."""
    from ..content.load import load
    from ..errors import ContentError
    from .produce import produce

    started = time.perf_counter()
    first = job.outputs[0]
    restart = False
    try:
        loaded = cache.get(job.content_digest)
        if loaded is None:
            loaded = load(project, project.content_file(first.leaflet, first.language))
            # Jobs come format by format, so a worker sees each language again soon: keep
            # the last few content files (small: text and a few locations).
            while len(cache) >= CACHED_CONTENT_FILES:
                cache.pop(next(iter(cache)))
            cache[job.content_digest] = loaded
        results = produce(project, list(job.outputs), loaded, job.hint, job.date)
    except ContentError as exc:
        results = _all_failed(job, "; ".join(str(p) for p in exc.problems))
    except MemoryError:
        limit = f"{memory_mb} MB" if memory_mb else "the machine's memory"
        results = _all_failed(job, f"ran out of memory: the limit is {limit} per worker (--memory-limit)")
        restart = True  # a worker that hit its limit may be in a bad state
    except Exception as exc:  # noqa: BLE001 - a renderer crash fails these outputs, with where it happened
        results = _all_failed(job, f"the renderer failed: {_crash(exc)}")
    seconds = time.perf_counter() - started
    for result in results:
        result.seconds = result.seconds or seconds
        result.peak_rss_mb, result.worker, result.restart = own_peak_rss_mb(), os.getpid(), restart
    return results


def _all_failed(job: Job, reason: str) -> list[Result]:
    return [failed(output, reason) for output in job.outputs]


def _crash(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" (at {Path(last.filename).parent.name}/{Path(last.filename).name}:{last.lineno})"
    return f"{type(exc).__name__}: {exc}{where}".replace("\n", " ")


def _die_with(parent: int) -> None:
    """End this worker when the build process ends, even by SIGKILL: an orphan
    worker must never finish a write after another build has taken over."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
