"""``check``: validate content files and compare translations with their source; render nothing."""
from __future__ import annotations

import json

from ..errors import EXIT_CONTENT, EXIT_OK
from .common import load_selected


def run(args) -> int:
    from ..content.history import SourceHistory
    from ..content.translations import check, progress, readings

    project, loaded, problems = load_selected(args)
    files = len(loaded) + len({p.location.path for p in problems if p.location})
    history = SourceHistory(project.root, project.output)
    problems = problems + check(project, loaded, strict=args.strict, history=history)
    history.save()  # the source texts seen, so that a later edit of the source shows what changed
    errors = sum(p.severity == "error" for p in problems)
    done = progress(project, loaded, problems)
    graded, without_formula = readings(project, loaded)
    if args.output_format == "json":
        report = {
            "files": files, "problems": [p.as_dict() for p in problems], "translations": [t.as_dict() for t in done],
            "readability": [r.as_dict() for r in graded], "no_readability_formula": without_formula,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(f"{problem.severity}: {problem}")
        for translation in done:
            print(translation.line())
        for reading in graded:
            print(reading.line())
        for language in without_formula:
            print(f"no readability formula for {language}")
        counts = f" ({errors} error(s), {len(problems) - errors} warning(s))" if problems else ""
        print(f"checked {files} file(s): {len(problems)} problem(s){counts}")
    return EXIT_CONTENT if errors else EXIT_OK
