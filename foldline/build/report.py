"""What a build did: counts, the summary line, the JSON report, and the exit code, in one place.

Standard library only.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

from ..errors import EXIT_CONTENT, EXIT_FAILED, EXIT_OK
from .jobs import Result, Status, own_peak_rss_mb
from .plan import Decision

REPORT_SCHEMA = 1


@dataclass(frozen=True)
class Counts:
    built: int
    failed: int
    skipped: int
    removed: int
    planned: int
    invalid: int = 0  # not rendered: content errors

    @classmethod
    def of(cls, decisions: list[Decision], results: dict[str, Result], removed: list[str]) -> Counts:
        statuses = [r.status for r in results.values()]
        return cls(
            built=statuses.count(Status.BUILT),
            failed=statuses.count(Status.FAILED),
            skipped=sum(not d.stale for d in decisions),
            removed=len(removed),
            planned=len(decisions),
            invalid=statuses.count(Status.INVALID),
        )

    @property
    def exit_code(self) -> int:
        """0 when every output was built or up to date; 1 when some were not built for
        content errors, else 3 when some failed (the others were written)."""
        return EXIT_CONTENT if self.invalid else EXIT_FAILED if self.failed else EXIT_OK

    def summary(self, seconds: float) -> str:
        removed = f", {self.removed} removed" if self.removed else ""
        invalid = f", {self.invalid} not built (content errors)" if self.invalid else ""
        return (
            f"{self.built} built, {self.failed} failed{invalid}, {self.skipped} up to date{removed}: "
            f"{self.planned} outputs in {seconds:.1f} s"
        )

    def as_dict(self) -> dict:
        return {"built": self.built, "failed": self.failed, "invalid": self.invalid, "skipped": self.skipped,
                "removed": self.removed, "planned": self.planned}


def report_bytes(run) -> bytes:
    """The JSON report of a finished or stopped build (``run.Build``): every planned
    output with its status, reason, pages, body size, renders, time, bytes and sha256."""
    outputs = []
    for decision in sorted(run.decisions, key=lambda d: d.output.key):
        output = decision.output
        result = run.results.get(output.key)
        entry = run.manifest.entries.get(output.key)
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
                status=Status.SKIPPED, reason=decision.reason, pages=entry.pages, body_size=entry.body_size,
                renders=0, seconds=0.0, bytes=entry.bytes, sha256=entry.sha256,
            )
        else:  # stale but not attempted: the build was stopped before it
            row.update(status="not built", reason=decision.reason)
        outputs.append(row)
    settings = run.settings
    data = {
        "schema": REPORT_SCHEMA,
        "output_folder": str(run.project.output),
        "shard": f"{settings.shard[0]}/{settings.shard[1]}" if settings.shard else None,
        "jobs": settings.jobs,
        "seconds": round(run.seconds, 3),
        "summary": run.counts().as_dict(),
        "peak_worker_rss_mb": round(run.peak_rss_mb, 1),
        "worker_rss_mb": [round(mb, 1) for mb in run.worker_rss_mb],
        "build_rss_mb": round(own_peak_rss_mb(), 1),
        "first_job_seconds": None if run.first_job_seconds is None else round(run.first_job_seconds, 3),
        "outputs": outputs,
        "removed": run.removed,
        "leftovers_removed": [os.path.relpath(p, run.project.output) for p in run.leftovers],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
