"""The command line: build, check, verify, schema.

Thin: parses options, calls the stages, prints one line per output and a
summary, and returns a documented exit code. It holds no layout or content logic.

Exit codes:
  0  success
  1  content errors (nothing was rendered) or verification failures
  2  usage errors (unknown option, format, leaflet or language)
  3  some outputs failed to build (the others were written)
  130 interrupted (Ctrl-C)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .errors import ContentError, display_path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EPILOG = """exit codes: 0 success, 1 content errors or verification failures,
2 usage errors, 3 some outputs failed to build, 130 interrupted"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE if all(p.code in ("bad-name", "unknown-format") for p in exc.problems) else EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted: outputs written so far are intact", file=sys.stderr)
        return EXIT_INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_leaflet.py",
        description="Build print-ready and screen-ready PDF leaflets from YAML content.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")

    def command(name, help, example, run):
        sub = commands.add_parser(
            name,
            help=help,
            description=f"{help}\n\nexample:\n  python make_leaflet.py {example}",
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        sub.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current folder)")
        return sub

    def selection(sub):
        sub.add_argument("--leaflet", action="append", help="only this leaflet (repeatable)")
        sub.add_argument("--lang", action="append", help="only this language, e.g. es (repeatable)")

    def outputs(sub):
        selection(sub)
        sub.add_argument("--format", dest="formats", action="append", help="only this format, e.g. a4 (repeatable)")
        sub.add_argument("--variant", choices=("screen", "print"), action="append", help="only this variant")
        sub.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")

    build = command("build", "Validate the content, then render every leaflet, language, format and variant.", "build --lang en --format a4", _build)
    outputs(build)

    check = command("check", "Validate content files without rendering anything.", "check --leaflet myoclonus", _check)
    selection(check)
    check.add_argument("--format", dest="output_format", choices=("text", "json"), default="text", help="report format")

    verify = command("verify", "Check built PDFs: sections, contacts, page size, fonts.", "verify --format a4", _verify)
    outputs(verify)
    verify.add_argument("--report-format", dest="output_format", choices=("text", "json"), default="text")

    proof = command("proof", "Render every page of the built PDFs to PNG and write output/proofs/index.html.", "proof --lang es", _proof)
    outputs(proof)
    proof.add_argument("--dpi", type=int, default=40, help="thumbnail resolution (default 40)")

    schema = command("schema", "Print the JSON Schema of content files (for editors).", "schema > schema/leaflet.schema.json", _schema)
    del schema
    return parser


# --- commands ------------------------------------------------------------------------------


def _project(args):
    from .project import Project

    return Project.at(args.root, getattr(args, "output", None))


def _load(args):
    from .content import discover, load_all

    project = _project(args)
    files = discover(project, args.leaflet, args.lang)
    if not files:
        raise ContentError([_no_match(args)])
    loaded, problems = load_all(project, files)
    return project, loaded, problems


def _no_match(args):
    from .errors import Problem

    wanted = " ".join(f"--{k} {v}" for k in ("leaflet", "lang") for v in (getattr(args, k) or []))
    return Problem(None, "source", f"no content files match {wanted or 'source/*/*.yaml'}", code="bad-name")


def _check(args) -> int:
    project, loaded, problems = _load(args)
    if args.output_format == "json":
        print(json.dumps({"files": len(loaded) + len({p.location.path for p in problems if p.location}), "problems": [p.as_dict() for p in problems]}, indent=2))
    else:
        for problem in problems:
            print(f"{problem.severity}: {problem}")
        print(f"checked {len(loaded) + len({p.location.path for p in problems if p.location})} file(s): {len(problems)} problem(s)")
    return EXIT_CONTENT if any(p.severity == "error" for p in problems) else EXIT_OK


def _build(args) -> int:
    from .build import plan, run_output, selected_formats

    started = time.perf_counter()
    project, loaded, problems = _load(args)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"nothing built: {len(problems)} content error(s)", file=sys.stderr)
        return EXIT_CONTENT
    formats = selected_formats(project, args.formats)
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    outputs = plan([item.file for item in loaded], formats, tuple(args.variant or ("screen", "print")))
    results = []
    for output in outputs:
        result = run_output(project, output, by_key[(output.leaflet, output.language)])
        results.append(result)
        _print_result(project, result)
    built = sum(r.status == "built" for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"{built} built, {failed} failed, {len(results)} outputs in {time.perf_counter() - started:.1f} s")
    return EXIT_FAILED if failed else EXIT_OK


def _print_result(project, result) -> None:
    path = display_path(result.output.path(project))
    if result.status == "built":
        print(f"built   {path}  {result.pages} pages  {result.body_size:g} pt  {result.seconds:.2f} s", flush=True)
    else:
        print(f"FAILED  {path}  {result.output.label}: {result.reason}", flush=True)


def _verify(args) -> int:
    from .build import plan, selected_formats
    from .formats import load_format
    from .verify import verify_pdf

    project, loaded, problems = _load(args)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_CONTENT
    formats = selected_formats(project, args.formats)
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    reports = []
    for output in plan([item.file for item in loaded], formats, tuple(args.variant or ("screen", "print"))):
        path = output.path(project)
        if not path.is_file():
            reports.append({"output": output, "path": path, "pages": 0, "problems": ["not built"]})
            continue
        report = verify_pdf(path, by_key[(output.leaflet, output.language)].leaflet, load_format(project, output.format), output.variant)
        reports.append({"output": output, "path": path, "pages": report.pages, "problems": report.problems})
    failed = [r for r in reports if r["problems"]]
    if args.output_format == "json":
        print(json.dumps([{"pdf": display_path(r["path"]), "pages": r["pages"], "ok": not r["problems"], "problems": r["problems"]} for r in reports], indent=2))
    else:
        for r in reports:
            status = "ok  " if not r["problems"] else "FAIL"
            print(f"{status}  {display_path(r['path'])}  {r['pages']} pages")
            for problem in r["problems"]:
                print(f"      {problem}")
        print(f"{len(reports) - len(failed)} of {len(reports)} PDFs pass")
    return EXIT_CONTENT if failed else EXIT_OK


def _proof(args) -> int:
    from .build import plan, selected_formats
    from .formats import load_format
    from .proof import Proofed, contact_sheet, proof_pdf

    project, loaded, problems = _load(args)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_CONTENT
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    proofs, missing = [], 0
    for output in plan([item.file for item in loaded], selected_formats(project, args.formats), tuple(args.variant or ("screen", "print"))):
        pdf = output.path(project)
        if not pdf.is_file():
            print(f"missing {display_path(pdf)}: build it first", file=sys.stderr)
            missing += 1
            continue
        fmt = load_format(project, output.format)
        direction = by_key[(output.leaflet, output.language)].language.direction
        pages, panels = proof_pdf(pdf, project.output_path("proofs", output.leaflet), fmt, direction, args.dpi)
        proofs.append(Proofed(pdf, output.leaflet, output.language, output.format, output.variant, pages, panels))
        print(f"proofed {display_path(pdf)}  {len(pages)} pages")
    index = project.output_path("proofs", "index.html")
    contact_sheet(proofs, index)
    print(f"contact sheet: {display_path(index)} ({len(proofs)} PDFs)")
    return EXIT_CONTENT if missing else EXIT_OK


def _schema(args) -> int:
    from .models import Leaflet

    print(json.dumps(Leaflet.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
