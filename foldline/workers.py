"""Worker processes that render outputs: long-lived, each imports WeasyPrint once.

The parent hands each idle worker one small job: the stale variants of one
leaflet, language and format, and the digest of the content file. The worker
loads the content, copyfits, lays the leaflet out once and writes each variant
from that layout (``build.run_outputs``), and sends back a ``build.Result`` per
output. Workers are spawned (a fresh
interpreter, nothing inherited but the environment and resource limits).

Limits, so one runaway output fails alone while the others go on:
- time: the parent kills a worker whose job passes the time limit (per output,
  times the outputs in the job), reports the job's outputs as failed, removes its temporary file and starts a new worker;
- memory: each worker's address space is capped (RLIMIT_AS); an allocation past
  it fails that output (MemoryError), and a worker that dies of it is replaced.

Ctrl-C is the parent's: workers ignore SIGINT, die with their parent (Linux
PDEATHSIG, or a watchdog thread elsewhere), and ``close`` kills them and removes
what they left half written.
"""
from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing import connection, get_context
from pathlib import Path

from .atomic import remove_leftovers
from .build import Output, Result
from .project import Project

MB = 1024 * 1024
CACHED_CONTENT_FILES = 16  # per worker


@dataclass(frozen=True)
class Limits:
    seconds: float  # per output, wall time
    memory_mb: int  # address space per worker; 0: no limit


@dataclass(frozen=True)
class Job:
    outputs: tuple[Output, ...]  # variants of one leaflet, language and format; screen first
    content_digest: str  # lets a worker reuse a content file it already loaded
    hint: float | None = None  # the body size of the last build, to try first


class _Worker:
    def __init__(self, context, project: Project, limits: Limits):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(child, project, limits.memory_mb, os.getpid()), daemon=True, name="foldline-worker"
        )
        # Started with SIGINT ignored, which the new interpreter keeps: a Ctrl-C at the
        # terminal reaches the whole process group, and must not print a traceback per worker.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.process.start()
        finally:
            signal.signal(signal.SIGINT, previous)
        child.close()
        self.ready = False
        self.contents: set[str] = set()  # content digests of the jobs sent to it
        self.job: Job | None = None
        self.started = 0.0
        self.deadline = 0.0

    def send(self, job: Job, seconds_per_output: float) -> None:
        self.job, self.started = job, time.monotonic()
        self.deadline = self.started + seconds_per_output * len(job.outputs)
        self.conn.send(job)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        elif self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool:
    """Up to ``size`` workers; ``run`` yields the Result of each output as its job finishes."""

    def __init__(self, project: Project, size: int, limits: Limits):
        self.project = project
        self.size = max(1, size)
        self.limits = limits
        self._context = get_context("spawn")
        self._workers: list[_Worker] = []
        self.peak_rss_mb = 0.0
        self.startup_seconds: list[float] = []
        self._start_failures = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close(kill=exc[0] is not None)

    def start(self, jobs: int) -> None:
        """Start the workers ``jobs`` jobs need (up to ``size``), if not started yet."""
        while len(self._workers) < min(self.size, jobs):
            self._workers.append(self._start())

    def run(self, jobs: list[Job], prepare=None):
        """``prepare(job) -> job``, if given, is applied to each job as it is handed out
        (when the results before it are known)."""
        pending = deque(jobs)
        self.start(len(pending))
        while pending or any(w.job for w in self._workers):
            for worker in self._workers:
                if worker.ready and worker.job is None and pending:
                    job = _next_for(worker, pending)
                    worker.send(prepare(job) if prepare else job, self.limits.seconds)
            waiting = {w.conn: w for w in self._workers}
            waiting.update({w.process.sentinel: w for w in self._workers})
            ready = connection.wait(list(waiting), timeout=self._next_deadline())
            finished: list[_Worker] = []
            for handle in ready:
                worker = waiting[handle]
                if worker in finished:
                    continue
                results = self._receive(worker)
                yield from results
                if not worker.process.is_alive() or any(r.extra.get("restart") for r in results):
                    finished.append(worker)
            for worker in self._workers:
                if worker.job is not None and time.monotonic() > worker.deadline:
                    yield from self._time_out(worker)
                    finished.append(worker)
            for worker in finished:
                if not worker.ready:
                    self._start_failures += 1
                self._replace(worker, needed=bool(pending) and self._start_failures < 3)
            if pending and not self._workers:  # workers cannot even start: say so for each output
                code = finished[-1].process.exitcode if finished else None
                reason = _death("no worker process could start: the last one", code, self.limits)
                while pending:
                    for output in pending.popleft().outputs:
                        yield Result(output, "failed", reason=reason)

    def _start(self) -> _Worker:
        return _Worker(self._context, self.project, self.limits)

    def _replace(self, worker: _Worker, needed: bool) -> None:
        worker.stop(kill=True)
        self._workers.remove(worker)
        if needed:
            self._workers.append(self._start())

    def _next_deadline(self) -> float | None:
        busy = [w.deadline for w in self._workers if w.job is not None]
        return max(0.0, min(busy) - time.monotonic()) + 0.01 if busy else None

    def _receive(self, worker: _Worker) -> list[Result]:
        """The Results of the worker's job; failed ones when it died mid-job; [] for other messages."""
        message = None
        try:
            if worker.conn.poll():
                message = worker.conn.recv()
        except (EOFError, OSError):
            message = None
        if isinstance(message, tuple) and message[0] == "ready":
            worker.ready = True
            self.startup_seconds.append(message[1])
            return []
        if isinstance(message, list):
            worker.job = None
            for result in message:
                self.peak_rss_mb = max(self.peak_rss_mb, result.extra.get("peak_rss_mb", 0.0))
            return message
        if worker.process.is_alive() or worker.job is None:
            return []
        worker.process.join()
        job, worker.job = worker.job, None
        return self._failed(job, worker, _death("the worker process rendering it", worker.process.exitcode, self.limits))

    def _time_out(self, worker: _Worker) -> list[Result]:
        job, worker.job = worker.job, None
        worker.stop(kill=True)
        seconds = self.limits.seconds * len(job.outputs)
        return self._failed(
            job, worker, f"stopped after {seconds:g} s, the time limit per output (--time-limit) times {len(job.outputs)}"
            if len(job.outputs) > 1 else f"stopped after {seconds:g} s, the time limit per output (--time-limit)"
        )

    def _failed(self, job: Job, worker: _Worker, reason: str) -> list[Result]:
        # The worker is dead: a temporary file it was writing is nobody's now.
        remove_leftovers(self.project.output_path(job.outputs[0].leaflet))
        seconds = time.monotonic() - worker.started
        return [Result(output, "failed", reason=reason, seconds=seconds) for output in job.outputs]

    def close(self, kill: bool = False) -> None:
        """Stop every worker; after a kill, remove the temporary files they left."""
        for worker in self._workers:
            worker.stop(kill=kill)
        if kill and self._workers and self.project.output.is_dir():
            remove_leftovers(self.project.output)
        self._workers = []


def _next_for(worker: _Worker, pending: deque) -> Job:
    """The next job for this worker: the first pending one, or, among the pending jobs of
    the same format as the first, one whose content the worker has already rendered.

    A worker pays once for each content file's first render: loading the file, its
    language's hyphenation dictionary and the glyphs of its fonts (about 0.1-0.2 s).
    Keeping a language on the worker that started it saves that on the others, while
    the formats still go in the planned order (longest first, siblings after)."""
    chosen = 0
    for index, job in enumerate(pending):
        if job.outputs[0].format != pending[0].outputs[0].format:
            break
        if job.content_digest in worker.contents:
            chosen = index
            break
    job = pending[chosen]
    del pending[chosen]
    worker.contents.add(job.content_digest)
    return job


def _death(subject: str, exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    else:
        how = f"exited with status {exitcode}"
    memory = f" (limit {limits.memory_mb} MB, --memory-limit)" if limits.memory_mb else ""
    return f"{subject} {how}; it may have run out of memory{memory}"


# --- inside a worker ------------------------------------------------------------------------


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
    from . import render

    render.import_weasyprint()  # once per worker, not once per output
    _collect_less()

    conn.send(("ready", time.perf_counter() - started))
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
        if any(result.extra.get("restart") for result in results):
            return


def _collect_less() -> None:
    """Keep the cyclic garbage collector off what a worker keeps for its life.

    What the imports made (modules, WeasyPrint's stylesheets and tables) lives as long
    as the worker: frozen, it is no longer walked by every full collection. A render
    allocates objects by the hundred thousand, most of them freed by reference
    counting: young objects are collected every 5,000 allocations instead of every
    700, and older generations half as often. A worker's sequence of renders takes
    about a tenth less time, and its peak memory grows by about a tenth
    (benchmarks/RESULTS.md)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 20, 20)


def run_job(project: Project, job: Job, cache: dict, memory_mb: int = 0) -> list[Result]:
    """The job's outputs, from one layout; every failure becomes failed Results with a
    message, never a traceback."""
    from .build import run_outputs
    from .content import ContentFile, load
    from .errors import ContentError

    started = time.perf_counter()
    first = job.outputs[0]
    restart = False
    try:
        loaded = cache.get(job.content_digest)
        if loaded is None:
            loaded = load(project, ContentFile(first.leaflet, first.language, first.content_path(project)))
            # Jobs come format by format, so a worker sees each language again soon: keep
            # the last few content files (small: text and a few locations).
            while len(cache) >= CACHED_CONTENT_FILES:
                cache.pop(next(iter(cache)))
            cache[job.content_digest] = loaded
        results = run_outputs(project, list(job.outputs), loaded, job.hint)
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
        result.extra.update(peak_rss_mb=_peak_rss_mb(), worker=os.getpid(), restart=restart)
    return results


def _all_failed(job: Job, reason: str) -> list[Result]:
    return [Result(output, "failed", reason=reason) for output in job.outputs]


def _crash(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" (at {Path(last.filename).parent.name}/{Path(last.filename).name}:{last.lineno})"
    return f"{type(exc).__name__}: {exc}{where}".replace("\n", " ")


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MB


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
