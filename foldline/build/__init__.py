"""Stage 4, build: incremental, parallel, shardable execution of the plan.

Input: the selected outputs (``plan.plan``), the output folder and its manifest.
Output: the PDFs written by worker processes, ``manifest.json`` (or a shard's
fragment), the JSON report, and the counts the exit code comes from.

Modules: ``plan`` (which outputs exist, which are stale and why), ``manifest``
(fingerprints, what was built), ``schedule`` (job order, costs, size hints: pure
functions), ``run`` (one call that owns the workers and the "validate only what
is stale" step), ``pool`` (parent side) and ``worker`` (child side) with the
messages in ``jobs``, ``produce`` (one job's files, in a worker), ``report``
(counts, JSON report, exit code), ``lock``, ``dates``.

May import: the standard library and the top-level shared modules; the other
stages only inside functions that run when there is something to render
(``produce`` and ``worker`` in worker processes, a format's body sizes for
scheduling). A build with nothing to do imports neither WeasyPrint nor pydantic.
"""
