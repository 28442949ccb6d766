"""Running a build plan: decide what is stale, render it in workers, record what was done.

One ``Build`` is one run of the build command over its planned outputs, inside
the output folder's lock (``lock.py``):

1. ``prepare``: remove temporary files a killed build left, read the manifest
   (merging shard fragments), fingerprint every planned output and decide which
   are stale and why; find outputs whose inputs were removed.
2. the caller validates the content files of stale outputs (nothing here loads
   content, so a no-op build never does);
3. ``run``: render stale outputs in worker processes, longest first, yielding
   each Result as it finishes;
4. ``finish``: delete removed outputs, write the manifest (or the shard's
   fragment) and the report, each atomically. An interrupted build never gets
   here: the manifest stays as it was, describing files that are all still whole.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .atomic import remove_leftovers, write_atomic
from .build import Decision, Output, Result, decide, removed_entries
from .manifest import MANIFEST, Entry, Fingerprinter, Manifest, fragment_files, fragment_name, read_manifest
from .project import Project

REPORT_SCHEMA = 1


@dataclass(frozen=True)
class Settings:
    jobs: int
    force: bool = False
    shard: tuple[int, int] | None = None
    time_limit: float = 120.0
    memory_limit: int = 1024  # MB of address space per worker; 0 for none
    date: str | None = None  # the date PDFs carry, from SOURCE_DATE_EPOCH; None: the publication date


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
        self._manifest = Manifest()
        self._fragments: list[Path] = []
        self._fingerprints: Fingerprinter | None = None
        self._pool = None  # workers.WorkerPool, from start_workers to close_workers
        self._grids: dict[str, tuple] = {}  # format -> (layout, body sizes), for sibling hints
        self._sizes_found: dict[tuple, dict[str, float]] = {}  # (leaflet, language, grid) -> {format: size}

    # --- 1. deciding ------------------------------------------------------------------

    def prepare(self) -> None:
        output = self.project.output
        if output.is_dir():
            self.leftovers = remove_leftovers(output)
        self._manifest, self._fragments = read_manifest(output, self.settings.shard)
        self._fingerprints = Fingerprinter(self.project, self.settings.date, self._manifest.font_sets)
        self.decisions = decide(self.outputs, self._fingerprints, self._manifest, output, self.settings.force)
        if self.settings.shard is None:
            self.removed = removed_entries(self.project, self._manifest)

    @property
    def stale(self) -> list[Decision]:
        return [d for d in self.decisions if d.stale]

    def stale_sources(self) -> set[tuple[str, str]]:
        """(leaflet, language) of every content file with a stale output: what must be validated."""
        return {(d.output.leaflet, d.output.language) for d in self.stale}

    # --- 3. rendering -----------------------------------------------------------------

    def all_stale(self) -> bool:
        """Whether every planned output will be built whatever the fingerprints say: with
        --force, or when the output folder has no manifest (nor shard fragment) at all."""
        output = self.project.output
        return self.settings.force or not (output / MANIFEST).exists() and not fragment_files(output)

    def start_workers(self) -> None:
        """Start the worker processes now, so that they import WeasyPrint while the
        caller decides what is stale and validates the content (``close_workers`` stops
        them if that fails). Before ``prepare``, only when every output is stale."""
        from .workers import Limits, WorkerPool

        if self.decisions:
            outputs = [d.output for d in self.stale]
        else:  # not prepared yet
            outputs = self.outputs if self.all_stale() else []
        if self._pool is None and outputs:
            count = len({(o.leaflet, o.language, o.format) for o in outputs})
            limits = Limits(self.settings.time_limit, self.settings.memory_limit)
            self._pool = WorkerPool(self.project, min(self.settings.jobs, count), limits)
            self._pool.start(count)

    def close_workers(self, kill: bool = False) -> None:
        if self._pool is not None:
            self._pool.close(kill=kill)
            self._pool = None

    def run(self):
        """Render every stale output; yields each Result as it finishes. Ctrl-C propagates
        (after the workers are stopped and their temporary files removed)."""
        jobs = self.jobs()
        if not jobs:
            return
        self.start_workers()
        try:
            for result in self._pool.run(jobs, self._sibling_hint):
                self.results[result.output.key] = result
                self._record_size(result)
                yield result
            self.peak_rss_mb = self._pool.peak_rss_mb
        except BaseException:
            self.close_workers(kill=True)
            raise
        self.close_workers()

    def _record_size(self, result: Result) -> None:
        """Keep the size a built output found, by leaflet, language and size grid, for
        ``_sibling_hint`` (a lookup, not a scan of every result, per job handed out)."""
        out = result.output
        if result.status == "built" and result.body_size:
            found = self._sizes_found.setdefault((out.leaflet, out.language, self._size_grid(out.format)), {})
            found.setdefault(out.format, result.body_size)

    def _sibling_hint(self, job):
        """A job with no size from the last build starts from the size this build found for
        the same leaflet and language in a sibling format: one with the same layout and
        the same body sizes (an A4 and a Letter tri-fold), whose text fills nearly the
        same room. A first guess only; copyfitting confirms it."""
        import dataclasses

        if job.hint is not None:
            return job
        first = job.outputs[0]
        found = self._sizes_found.get((first.leaflet, first.language, self._size_grid(first.format)), {})
        size = next((size for name, size in found.items() if name != first.format), None)
        return job if size is None else dataclasses.replace(job, hint=size)

    def _size_grid(self, name: str) -> tuple:
        from .formats import load_format

        if name not in self._grids:
            fmt = load_format(self.project, name)
            self._grids[name] = (fmt.layout, tuple(fmt.body_size.candidates()))
        return self._grids[name]

    def jobs(self):
        """The stale outputs as worker jobs, longest first (so the last to finish is short).

        One job per leaflet, language and format, holding its stale variants (laid out
        once for all of them). Each job carries the size of the last build as a first
        guess. Length is counted in renders (the last build's, or a search's expected
        count) and then, within a format, in the size of the content file: so formats go
        one after the other, and a sibling format's job can start from the size found by
        the one before it (``_sibling_hint``, applied as each job is handed out), and the
        shortest texts come last.
        """
        from .workers import Job

        groups: dict[tuple, list[Decision]] = {}
        for decision in self.stale:
            output = decision.output
            groups.setdefault((output.leaflet, output.language, output.format), []).append(decision)
        jobs = []
        for decisions in groups.values():
            decisions.sort(key=lambda d: d.output.variant != "screen")
            entries = [self._manifest.entries.get(d.output.key) for d in decisions]
            hint = next((e.body_size for e in entries if e is not None and e.body_size), None)
            cost = sum(e.renders if e else self._renders_expected(d.output) for d, e in zip(decisions, entries, strict=True))
            job = Job(tuple(d.output for d in decisions), decisions[0].fingerprint.parts["content"], hint)
            first = decisions[0].output
            try:  # the longer the text, the longer each render: within a format, longest first
                length = first.content_path(self.project).stat().st_size
            except OSError:
                length = 0
            jobs.append(((-cost, first.format, -length, first.key), job))
        return [job for _, job in sorted(jobs, key=lambda item: item[0])]

    def _renders_expected(self, output: Output) -> float:
        """Without an earlier build: a copyfitting search is about log2(sizes) + 1 renders."""
        import math

        from .formats import load_format

        sizes = len(load_format(self.project, output.format).body_size.candidates())
        return 1 + math.log2(sizes) if output.variant == "screen" else 1

    # --- 4. recording -----------------------------------------------------------------

    def finish(self, report: Path | None = None) -> None:
        for key in self.removed:
            self._delete(key)
        manifest = self._manifest_to_write()
        output = self.project.output
        if manifest.entries or (output / MANIFEST).exists() or self._fragments:
            try:
                manifest.write(output / (MANIFEST if self.settings.shard is None else fragment_name(self.settings.shard)))
            except OSError as exc:
                if self.results or self.removed:  # something changed that the manifest must say
                    raise ManifestNotWritten(output / MANIFEST, exc) from exc
            else:
                for fragment in self._fragments:  # merged into manifest.json
                    fragment.unlink(missing_ok=True)
        if report is not None:
            write_atomic(report, self.report_bytes())

    def _manifest_to_write(self) -> Manifest:
        if self.settings.shard is None:
            base = Manifest(dict(self._manifest.entries))
        else:
            base = Manifest(dict(Manifest.read(self.project.output / fragment_name(self.settings.shard)).entries))
            base.entries.update({d.output.key: self._manifest.entries[d.output.key] for d in self.decisions
                                 if not d.stale and d.output.key in self._manifest.entries})
        for key in self.removed:
            base.entries.pop(key, None)
        fingerprints = {d.output.key: d.fingerprint for d in self.decisions}
        for key, result in self.results.items():
            if result.status == "built":
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
        entry = self._manifest.entries.get(key)
        for name in [key, *(entry.companions if entry else ())]:
            path = self.project.output_path(*name.split("/"))
            path.unlink(missing_ok=True)
        try:
            self.project.output_path(key.split("/")[0]).rmdir()  # only when empty
        except OSError:
            pass

    def counts(self) -> dict[str, int]:
        statuses = [r.status for r in self.results.values()]
        return {
            "built": statuses.count("built"),
            "failed": statuses.count("failed"),
            "skipped": sum(not d.stale for d in self.decisions),
            "removed": len(self.removed),
            "planned": len(self.decisions),
        }

    def report_bytes(self) -> bytes:
        outputs = []
        for decision in sorted(self.decisions, key=lambda d: d.output.key):
            output = decision.output
            result = self.results.get(output.key)
            entry = self._manifest.entries.get(output.key)
            row = {
                "output": output.key, "leaflet": output.leaflet, "language": output.language,
                "format": output.format, "variant": output.variant, "fingerprint": decision.fingerprint.value,
            }
            if result is not None:
                row.update(
                    status=result.status, reason=result.reason or decision.reason, pages=result.pages,
                    body_size=result.body_size, renders=result.renders, seconds=round(result.seconds, 3),
                    bytes=result.bytes, sha256=result.sha256 or None,
                )
            elif not decision.stale and entry is not None:
                row.update(
                    status="skipped", reason=decision.reason, pages=entry.pages, body_size=entry.body_size,
                    renders=0, seconds=0.0, bytes=entry.bytes, sha256=entry.sha256,
                )
            else:  # stale but not attempted: the build was stopped before it
                row.update(status="not built", reason=decision.reason)
            outputs.append(row)
        data = {
            "schema": REPORT_SCHEMA,
            "output_folder": str(self.project.output),
            "shard": f"{self.settings.shard[0]}/{self.settings.shard[1]}" if self.settings.shard else None,
            "jobs": self.settings.jobs,
            "seconds": round(time.perf_counter() - self.started, 3),
            "summary": self.counts(),
            "peak_worker_rss_mb": round(self.peak_rss_mb, 1),
            "outputs": outputs,
            "removed": self.removed,
            "leftovers_removed": [os.path.relpath(p, self.project.output) for p in self.leftovers],
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class ManifestNotWritten(OSError):
    def __init__(self, path: Path, cause: OSError):
        super().__init__(cause.errno, f"cannot write {path}: {cause.strerror or cause}")
