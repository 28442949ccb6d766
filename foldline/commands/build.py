"""``build``: validate what is stale, render it in worker processes, record it; one line per PDF."""
from __future__ import annotations

import json
import os
import sys

from ..errors import EXIT_CONTENT, EXIT_INTERRUPTED, UsageError, display_path, shown
from ..project import SOURCE_LANGUAGE, VARIANTS
from .common import print_problems, project_of, selected_files


def run(args) -> int:
    from ..build.dates import source_date_epoch
    from ..build.jobs import Status
    from ..build.plan import in_shard, parse_shard, plan, selected_formats, shard_count
    from ..build.run import Build, Interrupted, Settings
    from .progress import Progress

    settings = Settings(
        jobs=cores() if args.jobs is None else args.jobs,
        force=args.force,
        shard=parse_shard(args.shard) if args.shard else None,
        time_limit=args.time_limit,
        memory_limit=args.memory_limit,
        date=source_date_epoch(),
        check_all=args.strict,
    )
    if settings.jobs < 1 or settings.time_limit <= 0 or settings.memory_limit < 0:
        raise UsageError("--jobs and --time-limit must be positive, --memory-limit 0 or more")
    project = project_of(args)
    formats = selected_formats(project, args.formats)
    files = selected_files(project, args)
    planned = plan(files, formats, tuple(args.variant or VARIANTS))
    if args.count:
        print(json.dumps(counted(planned, shard_count(len(planned)))))
        return 0
    outputs = in_shard(planned, settings.shard, shard_cost(project))
    build = Build(project, outputs, settings)
    progress = None
    refused: set[tuple[str, str]] = set()

    def validate(needed: set[tuple[str, str]]) -> set[tuple[str, str]]:
        nonlocal progress
        refused.update(content_errors(project, [f for f in files if (f.leaflet, f.language) in needed], args.strict))
        progress = Progress(sum((d.output.leaflet, d.output.language) not in refused for d in build.stale))
        return refused

    def on_result(result) -> None:
        if result.status is Status.INVALID:
            print_result(project, result)
            return
        progress.clear()
        print_result(project, result)
        progress.advance()

    try:
        counts = build.run(validate, on_result, args.report)
    except Interrupted as stopped:
        counts = stopped.counts
        left = stopped.stale - counts.built - counts.failed
        print(
            f"interrupted: {counts.built} built, {counts.failed} failed, {left} not built; "
            "earlier outputs and the manifest are intact",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if counts is None:
        return EXIT_CONTENT
    print(counts.summary(build.seconds))
    # Content errors exit 1 even when the outputs behind them were up to date (--strict).
    return EXIT_CONTENT if refused and counts.exit_code == 0 else counts.exit_code


def counted(outputs, shards: int) -> dict:
    """What ``build --count`` prints: the plan's size and the CI matrix it calls for."""
    layouts = {(o.leaflet, o.language, o.format) for o in outputs}
    return {"outputs": len(outputs), "layouts": len(layouts), "shards": shards,
            "matrix": {"shard": list(range(1, shards + 1))}}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def content_errors(project, files, strict: bool) -> set[tuple[str, str]]:
    """Validate content files and their translations, problems printed; the (leaflet,
    language) of every file with errors, and of every translation of a source with
    errors, whose outputs are then not built."""
    from ..content.load import load_all
    from ..content.translations import check

    loaded, problems = load_all(project, files)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    findings = check(project, loaded, strict=strict)
    errors = print_problems(findings)
    found = problems + [p for p in findings if p.severity == "error"]
    by_path = {f.path.resolve(): (f.leaflet, f.language) for f in files}
    refused: set[tuple[str, str]] = set()
    for problem in found:
        key = by_path.get(problem.location.path.resolve()) if problem.location else None
        if key is None:  # a problem no single file owns (a layout or font table): refuse them all
            return set(by_path.values())
        refused.add(key)
    bad_sources = {leaflet for leaflet, language in refused
                   if language == (project.source_language(leaflet) or SOURCE_LANGUAGE)}
    refused |= {key for key in by_path.values() if key[0] in bad_sources}
    counted = f"{len(problems)} content error(s)" if problems else f"{errors} translation error(s)"
    if refused and refused == set(by_path.values()):
        print(f"nothing built: {counted}", file=sys.stderr)
    elif refused:
        names = ", ".join(f"{leaflet}/{language}" for leaflet, language in sorted(refused))
        print(f"not built: the outputs of {names} ({counted}); the other outputs are built", file=sys.stderr)
    return refused


def print_result(project, result) -> None:
    path = display_path(result.output.path(project))
    if result.built:
        print(f"built   {path}  {result.pages} pages  {result.body_size:g} pt  {result.seconds:.2f} s", flush=True)
    else:
        print(f"FAILED  {path}  {result.output.label}: {shown(result.reason)}", flush=True)


def shard_cost(project):
    """A layout's weight when shards are shared out: its content file's size, read from
    the checkout (the same on every runner), the text being what a render lays out."""
    sizes: dict = {}

    def cost_of(output) -> float:
        key = (output.leaflet, output.language)
        if key not in sizes:
            try:
                sizes[key] = project.content_path(*key).stat().st_size
            except OSError:
                sizes[key] = 1
        return float(sizes[key])

    return cost_of
