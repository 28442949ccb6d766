"""``build``: validate what is stale, render it in worker processes, record it; one line per PDF."""
from __future__ import annotations

import os
import sys

from ..errors import EXIT_CONTENT, EXIT_INTERRUPTED, UsageError, display_path, shown
from ..project import VARIANTS
from .common import print_problems, project_of, selected_files


def run(args) -> int:
    from ..build.dates import source_date_epoch
    from ..build.plan import in_shard, parse_shard, plan, selected_formats
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
    outputs = in_shard(plan(files, formats, tuple(args.variant or VARIANTS)), settings.shard)
    build = Build(project, outputs, settings)
    progress = None

    def validate(needed: set[tuple[str, str]]) -> bool:
        nonlocal progress
        if not content_ok(project, [f for f in files if (f.leaflet, f.language) in needed], args.strict):
            return False
        progress = Progress(len(build.stale))
        return True

    def on_result(result) -> None:
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
    return counts.exit_code


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def content_ok(project, files, strict: bool) -> bool:
    """Validate content files and their translations; problems printed, errors stop the build."""
    from ..content.load import load_all
    from ..content.translations import check

    loaded, problems = load_all(project, files)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"nothing built: {len(problems)} content error(s)", file=sys.stderr)
        return False
    errors = print_problems(check(project, loaded, strict=strict))
    if errors:
        print(f"nothing built: {errors} translation error(s)", file=sys.stderr)
    return not errors


def print_result(project, result) -> None:
    path = display_path(result.output.path(project))
    if result.built:
        print(f"built   {path}  {result.pages} pages  {result.body_size:g} pt  {result.seconds:.2f} s", flush=True)
    else:
        print(f"FAILED  {path}  {result.output.label}: {shown(result.reason)}", flush=True)
