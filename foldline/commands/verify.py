"""``verify``: check built PDFs against their YAML and format; a table, or JSON."""
from __future__ import annotations

import json

from ..errors import EXIT_CONTENT, EXIT_OK, display_path
from ..project import VARIANTS
from .common import load_valid


def run(args) -> int:
    from ..build.plan import plan, selected_formats
    from ..layout.formats import load_format
    from ..layout.printing import load_print_profile
    from ..pdf.verify import Report, verify_pdf

    project, loaded = load_valid(args)
    profile = load_print_profile(project)  # what every print file is preflighted against
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    reports = []
    for output in plan([item.file for item in loaded], selected_formats(project, args.formats), tuple(args.variant or VARIANTS)):
        path = output.path(project)
        if not path.is_file():
            reports.append((output, Report(path, problems=["not built"])))
            continue
        item = by_key[(output.leaflet, output.language)]
        fmt = load_format(project, output.format)
        reports.append((output, verify_pdf(path, item.leaflet, fmt, output.variant, profile, item.language.direction, item.language.script)))
    failed = [r for _, r in reports if not r.ok]
    if args.output_format == "json":
        print(json.dumps(
            [
                {
                    "pdf": display_path(r.path), "leaflet": o.leaflet, "language": o.language, "format": o.format,
                    "variant": o.variant, "pages": r.pages, "bytes": r.bytes, "ok": r.ok, "checks": r.checks, "problems": r.problems, "warnings": r.warnings,
                }
                for o, r in reports
            ],
            indent=2, ensure_ascii=False,
        ))
    else:
        width = max((len(display_path(r.path)) for _, r in reports), default=10)
        print(f"{'result':6}  {'pdf':{width}}  {'pages':>5}  {'KB':>6}  checks")
        for _, r in reports:
            status = "ok" if r.ok else "FAIL"
            print(f"{status:6}  {display_path(r.path):{width}}  {r.pages:>5}  {r.bytes // 1024:>6}  {len(r.checks)} run, {len(r.problems)} problem(s)")
            for problem in r.problems:
                print(f"        - {problem}")
            for warning in r.warnings:
                print(f"        - warning: {warning}")
        print(f"{len(reports) - len(failed)} of {len(reports)} PDFs pass")
    return EXIT_CONTENT if failed else EXIT_OK
