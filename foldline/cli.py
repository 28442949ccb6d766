"""The command line: build, check, verify, proof, new-language, watch, schema.

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

    def strictness(sub):
        sub.add_argument("--strict", action="store_true", help="stale, untranslated and draft translations are errors (for releases)")

    def outputs(sub):
        selection(sub)
        sub.add_argument("--format", dest="formats", action="append", help="only this format, e.g. a4 (repeatable)")
        sub.add_argument("--variant", choices=("screen", "print"), action="append", help="only this variant")
        sub.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")

    build = command("build", "Validate the content, then render every leaflet, language, format and variant.", "build --lang en --format a4", _build)
    outputs(build)
    strictness(build)

    check = command("check", "Validate content files without rendering anything.", "check --leaflet myoclonus", _check)
    selection(check)
    check.add_argument("--format", dest="output_format", choices=("text", "json"), default="text", help="report format")
    strictness(check)

    verify = command("verify", "Check built PDFs: sections, contacts, page size, fonts.", "verify --format a4", _verify)
    outputs(verify)
    verify.add_argument("--report-format", dest="output_format", choices=("text", "json"), default="text")

    proof = command("proof", "Render every page of the built PDFs to PNG and write output/proofs/index.html.", "proof --lang es", _proof)
    outputs(proof)
    proof.add_argument("--dpi", type=int, default=40, help="thumbnail resolution (default 40)")

    new_language = command(
        "new-language",
        "Write source/LEAFLET/LANG.yaml from the source: its structure and text to replace, fingerprints filled in.",
        "new-language myoclonus fr",
        _new_language,
    )
    new_language.add_argument("leaflet", help="the leaflet's folder name, e.g. myoclonus")
    new_language.add_argument("language", help="the new language's BCP 47 tag, e.g. fr, pt-BR, zh-Hant")

    watch = command(
        "watch",
        "Rebuild one PDF (screen variant) whenever its YAML, its source, layouts/ or fonts/ change; Ctrl-C stops.",
        "watch myoclonus es a4",
        _watch,
    )
    watch.add_argument("leaflet", help="the leaflet's folder name, e.g. myoclonus")
    watch.add_argument("language", help="the language to rebuild, e.g. es")
    watch.add_argument("format", nargs="?", help="the format (default: a4)")
    watch.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")

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
    from .translations import check

    project, loaded, problems = _load(args)
    files = len(loaded) + len({p.location.path for p in problems if p.location})
    problems = problems + check(project, loaded, strict=args.strict)
    errors = sum(p.severity == "error" for p in problems)
    if args.output_format == "json":
        print(json.dumps({"files": files, "problems": [p.as_dict() for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(f"{problem.severity}: {problem}")
        counts = f" ({errors} error(s), {len(problems) - errors} warning(s))" if problems else ""
        print(f"checked {files} file(s): {len(problems)} problem(s){counts}")
    return EXIT_CONTENT if errors else EXIT_OK


def _translations_ok(project, loaded, strict: bool) -> bool:
    """The translation check before rendering: warnings printed, errors stop the build."""
    from .translations import check

    problems = check(project, loaded, strict=strict)
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        print(f"nothing built: {errors} translation error(s)", file=sys.stderr)
    return not errors


def _build(args) -> int:
    from .build import plan, run_output, selected_formats

    started = time.perf_counter()
    project, loaded, problems = _load(args)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"nothing built: {len(problems)} content error(s)", file=sys.stderr)
        return EXIT_CONTENT
    if not _translations_ok(project, loaded, args.strict):
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


def _named(args) -> tuple[str, str]:
    """The leaflet and language given on the command line, checked as names."""
    from .errors import Problem
    from .project import BadName, check_name

    try:
        return check_name("leaflet", args.leaflet), check_name("language", args.language)
    except BadName as exc:
        raise ContentError([Problem(None, args.command, str(exc), code="bad-name")]) from None


def _new_language(args) -> int:
    from .content import SOURCE_LANGUAGE, ContentFile, load
    from .languages import language_for
    from .stamp import check_written, skeleton, write_new
    from .translations import units

    project = _project(args)
    leaflet, language = _named(args)
    source_path = project.source / leaflet / f"{SOURCE_LANGUAGE}.yaml"
    target = project.source / leaflet / f"{language}.yaml"
    if language == SOURCE_LANGUAGE:
        print(f"error: {language} is the source language; name the language to translate into", file=sys.stderr)
        return EXIT_USAGE
    if not source_path.is_file():
        print(f"error: no source file {display_path(source_path)}", file=sys.stderr)
        return EXIT_USAGE
    if target.exists():
        print(f"error: {display_path(target)} exists; edit it, or delete it first to start over", file=sys.stderr)
        return EXIT_USAGE
    source = load(project, ContentFile(leaflet, SOURCE_LANGUAGE, source_path))
    setting = language_for(project, language)
    content = skeleton(source, language)
    errors = check_written(target, content, source, setting)
    if errors:  # a bug in the skeleton, never the translator's: refuse to write it
        raise ContentError(errors)
    try:
        write_new(target, content)
    except FileExistsError:
        print(f"error: {display_path(target)} exists; edit it, or delete it first to start over", file=sys.stderr)
        return EXIT_USAGE
    count = sum(1 for _ in units(source.leaflet))
    print(f"wrote {display_path(target)}: {count} units to translate ({setting.script} script, {setting.direction})")
    print(f"next: translate it (see TRANSLATING.md), then: python make_leaflet.py watch {leaflet} {language}")
    return EXIT_OK


def _watch(args) -> int:
    from .build import Output, run_output, selected_formats
    from .content import SOURCE_LANGUAGE, ContentFile, load_all
    from .formats import format_names
    from .translations import check
    from .watch import forget_cached_files, watch

    project = _project(args)
    leaflet, language = _named(args)
    path = project.source / leaflet / f"{language}.yaml"
    if not path.is_file():
        print(f"error: no content file {display_path(path)} (start one with: new-language {leaflet} {language})", file=sys.stderr)
        return EXIT_USAGE
    known = format_names(project)
    name = args.format or ("a4" if "a4" in known else known[0])
    selected_formats(project, [name])  # an unknown format is a usage error, with the known ones listed
    output = Output(leaflet, language, name, "screen")
    file = ContentFile(leaflet, language, path)

    def rebuild(changed: set[Path]) -> None:
        if any(project.inside(p, project.layouts) or project.inside(p, project.fonts) for p in changed):
            forget_cached_files()
        what = ", ".join(sorted(display_path(p) for p in changed)) or "first build"
        print(f"[{time.strftime('%H:%M:%S')}] {what}", flush=True)
        loaded, problems = load_all(project, [file])
        if loaded:
            problems += check(project, loaded)
        for problem in problems:
            print(f"{problem.severity}: {problem}", flush=True)
        errors = sum(p.severity == "error" for p in problems)
        if errors:
            print(f"not rebuilt: {errors} error(s); the last PDF built stays as it was", flush=True)
            return
        _print_result(project, run_output(project, output, loaded[0]))

    sources = [path, project.source / leaflet / f"{SOURCE_LANGUAGE}.yaml"]
    print(f"watching {display_path(path)}, its source, layouts/ and fonts/; Ctrl-C stops", flush=True)
    watch(sources, [project.layouts, project.fonts], rebuild)
    print("stopped", flush=True)
    return EXIT_OK


def _schema(args) -> int:
    from .models import Leaflet

    print(json.dumps(Leaflet.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
