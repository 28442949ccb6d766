"""The order jobs run in, and the hints they start from: pure functions, no processes.

- ``make_jobs``: the stale outputs grouped into jobs (one per leaflet, language and
  format), longest first, so the last to finish is short;
- ``SizeHints``: a job with no size from the last build starts from the size this
  build found for a sibling format;
- ``next_for``: which pending job an idle worker takes (one in a language it has
  already rendered, within the planned order of formats).

The costs and grids these need are passed in, so they are unit-tested without
reading a format or starting a worker. Standard library only.
"""
from __future__ import annotations

import dataclasses
import math
from collections import deque
from collections.abc import Callable

from ..project import Variant
from .jobs import Job, Result
from .plan import Decision, Output


def expected_renders(sizes: int, output: Output) -> float:
    """Without an earlier build: a copyfitting search is about log2(sizes) + 1 renders;
    the other variants of the layout cost none."""
    return 1 + math.log2(sizes) if output.variant == Variant.SCREEN else 1


def make_jobs(stale: list[Decision], entries: dict, cost_of: Callable[[Output], float],
              length_of: Callable[[Output], int], date: str | None = None) -> list[Job]:
    """The stale outputs as worker jobs, longest first.

    One job per leaflet, language and format, holding its stale variants (laid out once
    for all of them), screen first. Each job carries the size of the last build
    (``entries``: the manifest's, by output key) as a first guess. Length is counted in
    renders (the last build's, or ``cost_of`` an output without one) and then, within a
    format, in ``length_of`` (the size of the content file): so formats go one after the
    other, a sibling format's job can start from the size found by the one before it
    (``SizeHints``), and the shortest texts come last."""
    groups: dict[tuple, list[Decision]] = {}
    for decision in stale:
        output = decision.output
        groups.setdefault((output.leaflet, output.language, output.format), []).append(decision)
    jobs = []
    for decisions in groups.values():
        decisions.sort(key=lambda d: d.output.variant != Variant.SCREEN)
        found = [entries.get(d.output.key) for d in decisions]
        hint = next((e.body_size for e in found if e is not None and e.body_size), None)
        cost = sum(e.renders if e else cost_of(d.output) for d, e in zip(decisions, found, strict=True))
        job = Job(tuple(d.output for d in decisions), decisions[0].fingerprint.parts["content"], hint, date)
        first = decisions[0].output
        jobs.append(((-cost, first.format, -length_of(first), first.key), job))
    return [job for _, job in sorted(jobs, key=lambda item: item[0])]


class SizeHints:
    """The body sizes this build found, by leaflet, language and size grid (a format's
    layout mode, columns and body sizes): a job with no size from the last build starts from the
    size found for the same leaflet and language in a sibling format, one with the same
    grid (an A4 and a Letter tri-fold), whose text fills nearly the same room. A first
    guess only; copyfitting confirms it. A lookup per job, not a scan of every result."""

    def __init__(self, grid_of: Callable[[str], tuple]):
        self._grid_of = grid_of
        self._grids: dict[str, tuple] = {}
        self._found: dict[tuple, dict[str, float]] = {}

    def _grid(self, format_name: str) -> tuple:
        if format_name not in self._grids:
            self._grids[format_name] = self._grid_of(format_name)
        return self._grids[format_name]

    def record(self, result: Result) -> None:
        out = result.output
        if result.built and result.body_size:
            found = self._found.setdefault((out.leaflet, out.language, self._grid(out.format)), {})
            found.setdefault(out.format, result.body_size)

    def apply(self, job: Job) -> Job:
        """The job, with a sibling's size as its hint when it has none of its own."""
        if job.hint is not None:
            return job
        first = job.outputs[0]
        found = self._found.get((first.leaflet, first.language, self._grid(first.format)), {})
        size = next((size for name, size in found.items() if name != first.format), None)
        return job if size is None else dataclasses.replace(job, hint=size)


def next_for(contents: set[str], pending: deque) -> Job:
    """The next job for a worker that has rendered ``contents`` (content digests): the
    first pending one, or, among the pending jobs of the same format as the first, one
    whose content the worker has already rendered. Taken out of ``pending``; its
    content is added to ``contents``.

    A worker pays once for each content file's first render: loading the file, its
    language's hyphenation dictionary and the glyphs of its fonts. Keeping a language
    on the worker that started it saves that on the others, while the formats still
    go in the planned order (longest first, siblings after)."""
    chosen = 0
    for index, job in enumerate(pending):
        if job.outputs[0].format != pending[0].outputs[0].format:
            break
        if job.content_digest in contents:
            chosen = index
            break
    job = pending[chosen]
    del pending[chosen]
    contents.add(job.content_digest)
    return job
