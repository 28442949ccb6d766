"""``watch``: rebuild one PDF (screen variant) whenever its YAML, its source, layouts/ or fonts/ change.

After the first run it prints only the problems the previous run did not show, and
one line counting those unchanged, new and gone (messages.py).
"""
from __future__ import annotations

import time
from pathlib import Path

from ..errors import EXIT_OK, Problem, UsageError, display_path
from ..project import SOURCE_LANGUAGE, Variant
from .build import print_result
from .common import project_of
from .new_language import named


def run(args) -> int:
    from ..build.dates import source_date_epoch
    from ..build.plan import Output, selected_formats
    from ..build.produce import produce
    from ..content.load import load_all
    from ..content.translations import check
    from .filewatch import forget_cached_files, watch

    project = project_of(args)
    leaflet, language = named(args)
    file = project.content_file(leaflet, language)
    if not file.path.is_file():
        raise UsageError(f"no content file {display_path(file.path)} (start one with: new-language {leaflet} {language})")
    known = project.format_names()
    name = args.format or ("a4" if "a4" in known else known[0])
    selected_formats(project, [name])  # an unknown format is a usage error, with the known ones listed
    output = Output(leaflet, language, name, Variant.SCREEN)
    date = source_date_epoch()
    shown: list | None = None  # the previous run's problems; None before the first run

    def rebuild(changed: set[Path]) -> None:
        nonlocal shown
        if any(project.inside(p, project.layouts) or project.inside(p, project.fonts) for p in changed):
            forget_cached_files()
        what = ", ".join(sorted(display_path(p) for p in changed)) or "first build"
        print(f"[{time.strftime('%H:%M:%S')}] {what}", flush=True)
        loaded, problems = load_all(project, [file])
        if loaded:
            problems += check(project, loaded)
        print_changes(shown, problems)
        shown = problems
        errors = sum(p.severity == "error" for p in problems)
        if errors:
            print(f"not rebuilt: {errors} error(s); the last PDF built stays as it was", flush=True)
            return
        print_result(project, produce(project, [output], loaded[0], date=date)[0])

    sources = [file.path, project.content_path(leaflet, project.source_language(leaflet) or SOURCE_LANGUAGE)]
    print(f"watching {display_path(file.path)}, its source, layouts/ and fonts/; Ctrl-C stops", flush=True)
    watch(sources, [project.layouts, project.fonts], rebuild)
    print("stopped", flush=True)
    return EXIT_OK


def print_changes(previous: list[Problem] | None, problems: list[Problem]) -> None:
    """The first run prints every problem; later runs only the new ones, and a summary line."""
    from .messages import compare

    diff = compare(previous or [], problems)
    for problem in diff.new:
        print(f"{problem.severity}: {problem}", flush=True)
    if previous is not None:
        print(diff.summary(), flush=True)
