"""Running a build: one call that decides what is stale, renders it in workers and records it.

``Build(project, outputs, settings).run(validate, on_result, report)`` does it
all, inside the output folder's lock (``lock.py``), and owns the workers' lifetime:

1. start the workers early when every output is stale anyway (a first build,
   ``--force``), so that they import WeasyPrint while this process plans;
2. remove temporary files a killed build left, read the manifest (merging shard
   fragments), fingerprint every planned output and decide which are stale and
   why; find outputs whose inputs were removed;
3. ``validate`` the content files behind stale outputs only (an up-to-date PDF was
   built from these very bytes by this very code), or all of them when asked
   (``--strict``); the outputs of files with errors are reported, not rendered;
4. render stale outputs in worker processes, longest first, passing each Result
   to ``on_result`` as it finishes;
5. delete removed outputs, write the manifest (or the shard's fragment) and the
   report, each atomically. An interrupted build never gets here: the manifest
   stays as it was, describing files that are all still whole.

Standard library only until a worker starts: a build with nothing to do loads
neither the content models nor WeasyPrint.
"""
from __future__ import annotations

import errno
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..atomic import remove_leftovers, write_atomic
from ..errors import BuildError
from ..project import Project
from .jobs import Limits, Result, Status
from .lock import output_lock
from .manifest import MANIFEST, Entry, Fingerprinter, Manifest, fragment_files, fragment_name, read_manifest
from .plan import Decision, Output, decide, removed_entries
from .report import Counts, report_bytes
from .schedule import SizeHints, expected_renders, make_jobs


@dataclass(frozen=True)
class Settings:
    jobs: int
    force: bool = False
    shard: tuple[int, int] | None = None
    time_limit: float = 120.0
    memory_limit: int = 1024  # MB of address space per worker; 0 for none
    date: str | None = None  # the date PDFs carry, from SOURCE_DATE_EPOCH; None: the publication date
    check_all: bool = False  # validate every selected content file, not only those behind stale outputs


class Interrupted(Exception):
    """Ctrl-C during a build: the workers are stopped, earlier outputs and the manifest intact."""

    def __init__(self, counts: Counts, stale: int):
        self.counts = counts
        self.stale = stale
        super().__init__("interrupted")


class Build:
    def __init__(self, project: Project, outputs: list[Output], settings: Settings):
        self.project = project
        self.outputs = outputs
        self.settings = settings
        self.started = time.perf_counter()
        self.decisions: list[Decision] = []
        self.results: dict[str, Result] = {}
        self.removed: list[str] = []
        self.leftovers: list[Path] = []
        self.peak_rss_mb = 0.0
        self.worker_rss_mb: list[float] = []  # each worker's peak
        self.first_job_seconds: float | None = None  # planning, fingerprinting, validation
        self.manifest = Manifest()
        self._fragments: list[Path] = []
        self._fingerprints: Fingerprinter | None = None
        self._pool = None  # pool.WorkerPool, while workers run

    # --- the one call ------------------------------------------------------------------

    def run(self, validate: Callable[[set[tuple[str, str]]], set[tuple[str, str]]], on_result: Callable[[Result], None],
            report: Path | None = None) -> Counts | None:
        """The whole build (see the module docstring). ``validate(needed)`` checks the
        content files {(leaflet, language)} behind stale outputs and returns those with
        errors: their outputs are not rendered (reported as invalid content), the others
        are. ``on_result`` sees each Result as it arrives. Returns the counts, or None when
        every stale output's content has errors (nothing rendered, nothing recorded).
        Raises BuildError when the lock is held or the manifest cannot be written,
        Interrupted on Ctrl-C."""
        try:
            with output_lock(self.project.output):
                try:
                    self._start_workers(before_planning=True)
                    self._prepare()
                    needed = ({(o.leaflet, o.language) for o in self.outputs} if self.settings.check_all
                              else {(d.output.leaflet, d.output.language) for d in self.stale})
                    self._start_workers()
                    refused = validate(needed) if needed else set()
                    if self.stale and all((d.output.leaflet, d.output.language) in refused for d in self.stale):
                        return None
                    self._refuse(refused, on_result)
                    self._render(on_result)
                finally:
                    self._close_workers(kill=True)  # only when still open: a failure or Ctrl-C
                self._finish(report)
        except KeyboardInterrupt:
            raise Interrupted(self.counts(), len(self.stale)) from None
        return self.counts()

    @property
    def stale(self) -> list[Decision]:
        return [d for d in self.decisions if d.stale]

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def counts(self) -> Counts:
        return Counts.of(self.decisions, self.results, self.removed)

    # --- deciding ----------------------------------------------------------------------

    def _prepare(self) -> None:
        output = self.project.output
        if output.is_dir():
            self.leftovers = remove_leftovers(output)
        self.manifest, self._fragments = read_manifest(output, self.settings.shard)
        self._fingerprints = Fingerprinter(self.project, self.settings.date, self.manifest.font_sets)
        self.decisions = decide(self.outputs, self._fingerprints, self.manifest, output, self.settings.force)
        if self.settings.shard is None:
            self.removed = removed_entries(self.project, self.manifest)

    def _all_stale(self) -> bool:
        """Whether every planned output will be built whatever the fingerprints say: with
        --force, or when the output folder has no manifest (nor shard fragment) at all."""
        output = self.project.output
        return self.settings.force or (not (output / MANIFEST).exists() and not fragment_files(output))

    # --- rendering ---------------------------------------------------------------------

    def _start_workers(self, before_planning: bool = False) -> None:
        """Start the worker processes the stale outputs need, if not started yet: before
        planning only when every output is stale anyway."""
        if self._pool is not None:
            return
        if before_planning:
            outputs = self.outputs if self._all_stale() else []
        else:
            outputs = [d.output for d in self.stale]
        if not outputs:
            return
        from .pool import WorkerPool

        count = len({(o.leaflet, o.language, o.format) for o in outputs})
        limits = Limits(self.settings.time_limit, self.settings.memory_limit)
        self._pool = WorkerPool(self.project, min(self.settings.jobs, count), limits)
        self._pool.start(count)

    def _close_workers(self, kill: bool = False) -> None:
        if self._pool is not None:
            self._pool.close(kill=kill)
            self._pool = None

    def _refuse(self, refused: set[tuple[str, str]], on_result: Callable[[Result], None]) -> None:
        """Stale outputs whose content has errors: reported, not rendered; their old files
        and manifest entries stay, so the next build tries again."""
        for decision in self.stale:
            output = decision.output
            if (output.leaflet, output.language) in refused:
                reason = f"not built: {output.leaflet}/{output.language} has content errors"
                result = Result(output, Status.INVALID, reason=reason)
                self.results[output.key] = result
                on_result(result)

    def _render(self, on_result: Callable[[Result], None]) -> None:
        jobs = self._jobs()
        if not jobs:
            return
        self._start_workers()
        hints = SizeHints(self._grid)
        self.first_job_seconds = self.seconds
        for result in self._pool.run(jobs, hints.apply):
            self.results[result.output.key] = result
            hints.record(result)
            on_result(result)
        self.peak_rss_mb = self._pool.peak_rss_mb
        self.worker_rss_mb = sorted(self._pool.worker_rss_mb.values(), reverse=True)
        self._close_workers()

    def _jobs(self):
        def cost_of(output: Output) -> float:
            return expected_renders(len(self._format(output.format).body_size.candidates()), output)

        def length_of(output: Output) -> int:
            try:  # the longer the text, the longer each render
                return self.project.content_path(output.leaflet, output.language).stat().st_size
            except OSError:
                return 0

        pending = [d for d in self.stale if d.output.key not in self.results]  # not refused for its content
        return make_jobs(pending, self.manifest.entries, cost_of, length_of, self.settings.date)

    def _format(self, name: str):
        from ..layout.formats import load_format

        return load_format(self.project, name)

    def _grid(self, name: str) -> tuple:
        """What makes two formats siblings for size hints: layout mode, columns and body sizes.
        (A booklet's A5 page holds half an A4's text: an A4's size is no guess for it; the
        wrong guess cost a booklet four renders where its own search takes one.)"""
        fmt = self._format(name)
        return (fmt.folded, fmt.booklet, fmt.columns, tuple(fmt.body_size.candidates()))

    # --- recording ---------------------------------------------------------------------

    def _finish(self, report: Path | None) -> None:
        for key in self.removed:
            self._delete(key)
        manifest = self._manifest_to_write()
        output = self.project.output
        unchanged = (self.manifest.whole and self.settings.shard is None and not self._fragments
                     and manifest.entries == self.manifest.entries and manifest.font_sets == self.manifest.font_sets)
        if unchanged:
            pass  # what the file says, as read: a no-op build leaves it alone without writing it out again
        elif manifest.entries or (output / MANIFEST).exists() or self._fragments:
            target = output / (MANIFEST if self.settings.shard is None else fragment_name(self.settings.shard))
            try:
                manifest.write(target)
            except OSError as exc:
                if self.results or self.removed:  # something changed that the manifest must say
                    raise BuildError(f"cannot write {target}: {_why(exc)}") from None
            else:
                for fragment in self._fragments:  # merged into manifest.json
                    fragment.unlink(missing_ok=True)
        if report is not None:
            try:
                write_atomic(report, report_bytes(self))
            except OSError as exc:
                raise BuildError(f"cannot write the report {report}: {_why(exc)}") from None

    def _manifest_to_write(self) -> Manifest:
        if self.settings.shard is None:
            base = Manifest(dict(self.manifest.entries))
        else:
            base = Manifest(dict(Manifest.read(self.project.output / fragment_name(self.settings.shard)).entries))
            base.entries.update({d.output.key: self.manifest.entries[d.output.key] for d in self.decisions
                                 if not d.stale and d.output.key in self.manifest.entries})
        for key in self.removed:
            base.entries.pop(key, None)
        fingerprints = {d.output.key: d.fingerprint for d in self.decisions}
        for key, result in self.results.items():
            if result.built:
                output, fingerprint = result.output, fingerprints[key]
                base.entries[key] = Entry(
                    output.leaflet, output.language, output.format, output.variant,
                    fingerprint=fingerprint.value, parts=fingerprint.parts, sha256=result.sha256, bytes=result.bytes,
                    pages=result.pages, body_size=result.body_size, renders=result.renders, companions=result.companions,
                )
            # A failed output keeps its old entry: the old file is still there, whole, and
            # its fingerprint no longer matches, so the next build tries again.
        base.font_sets = self._fingerprints.font_sets() if self._fingerprints else {}
        return base

    def _delete(self, key: str) -> None:
        entry = self.manifest.entries.get(key)
        for name in [key, *(entry.companions if entry else ())]:
            path = self.project.output_path(*name.split("/"))
            path.unlink(missing_ok=True)
        try:
            self.project.output_path(key.split("/")[0]).rmdir()  # only when empty
        except OSError:
            pass


def _why(exc: OSError) -> str:
    """An OSError in words, with what to do about the ones a person meets here."""
    hint = {
        errno.EPERM: " (is the file immutable? see lsattr)",
        errno.ENOSPC: " (free some space, then build again)",
        errno.EROFS: " (the folder is on a read-only disk)",
    }
    return f"{exc.strerror or exc}{hint.get(exc.errno, '')}"
