"""The parent side of the worker processes: start them, hand out jobs, enforce limits.

Workers (``worker.py``) are long-lived and each imports WeasyPrint once. The pool
hands each idle worker one small job (``jobs.Job``: the stale variants of one
leaflet, language and format) and yields each output's ``jobs.Result`` as the job
finishes. Workers are spawned (a fresh interpreter, nothing inherited but the
environment and resource limits).

Limits, so one runaway output fails alone while the others go on:
- time: the pool kills a worker whose job passes the time limit (per output,
  times the outputs in the job), reports the job's outputs as failed, removes its
  temporary file and starts a new worker;
- memory: each worker's address space is capped (RLIMIT_AS, set by the worker);
  a worker that dies of it is replaced.

Ctrl-C is the parent's: workers ignore SIGINT and die with their parent, and
``close`` kills them and removes what they left half written.
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from multiprocessing import connection, get_context

from ..atomic import remove_leftovers
from ..project import Project
from .jobs import Job, Limits, Ready, Result, failed
from .schedule import next_for
from .worker import serve


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
        self.worker_rss_mb: dict[int, float] = {}  # each worker's peak, by process id
        self.startup_seconds: list[float] = []
        self._start_failures = 0

    def __enter__(self) -> WorkerPool:
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
                    job = next_for(worker.contents, pending)
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
                if not worker.process.is_alive() or any(r.restart for r in results):
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
                        yield failed(output, reason)

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
        if isinstance(message, Ready):
            worker.ready = True
            self.startup_seconds.append(message.seconds)
            return []
        if isinstance(message, list):
            worker.job = None
            for result in message:
                self.peak_rss_mb = max(self.peak_rss_mb, result.peak_rss_mb)
                self.worker_rss_mb[result.worker] = max(self.worker_rss_mb.get(result.worker, 0.0), result.peak_rss_mb)
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
        return [failed(output, reason, seconds) for output in job.outputs]

    def close(self, kill: bool = False) -> None:
        """Stop every worker; after a kill, remove the temporary files they left."""
        for worker in self._workers:
            worker.stop(kill=kill)
        if kill and self._workers and self.project.output.is_dir():
            remove_leftovers(self.project.output)
        self._workers = []


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
