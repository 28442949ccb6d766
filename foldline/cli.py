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
import os
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

    build = command(
        "build",
        "Validate the content, then render every leaflet, language, format and variant that is out of date\n"
        "(output/manifest.json records what each PDF was built from; unchanged ones are skipped).",
        "build --lang en --format a4 --jobs 2 --report build-report.json",
        _build,
    )
    outputs(build)
    strictness(build)
    build.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: the number of cores)")
    build.add_argument("--force", action="store_true", help="rebuild every selected output, changed or not")
    build.add_argument("--shard", metavar="K/N", help="build only the K-th of N stable parts of the outputs (for a CI matrix)")
    build.add_argument("--report", type=Path, metavar="FILE", help="write a JSON report of every output: status, reason, pages, time, sha256")
    build.add_argument("--time-limit", type=float, default=120.0, metavar="SECONDS", help="per output; a slower render fails (default 120)")
    build.add_argument("--memory-limit", type=int, default=1024, metavar="MB", help="address space per worker process; 0 for none (default 1024)")

    check = command("check", "Validate content files without rendering anything.", "check --leaflet myoclonus", _check)
    selection(check)
    check.add_argument("--format", dest="output_format", choices=("text", "json"), default="text", help="report format")
    strictness(check)

    verify = command(
        "verify",
        "Preflight built PDFs: sections, contacts, links, page count and size, TrimBox and BleedBox,\n"
        "fonts embedded, subset and bundled, language and title, tags (screen), file size;\n"
        "qpdf --check and pdffonts where installed. '--format json' prints JSON.",
        "verify --format a4 --format json",
        _verify,
    )
    outputs(verify)
    verify.add_argument("--report-format", dest="output_format", choices=("text", "json"), default="text", help="same as --format json|text")

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
    from .build import find_sources, in_shard, parse_shard, plan, selected_formats
    from .dates import source_date_epoch
    from .executor import Build, ManifestNotWritten, Settings
    from .lock import OutputLocked, output_lock
    from .progress import Progress
    from .project import VARIANTS

    try:
        settings = Settings(
            jobs=_cores() if args.jobs is None else args.jobs,
            force=args.force,
            shard=parse_shard(args.shard) if args.shard else None,
            time_limit=args.time_limit,
            memory_limit=args.memory_limit,
            date=source_date_epoch(),
        )
        if settings.jobs < 1 or settings.time_limit <= 0 or settings.memory_limit < 0:
            raise ValueError("--jobs and --time-limit must be positive, --memory-limit 0 or more")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    project = _project(args)
    formats = selected_formats(project, args.formats)
    sources = find_sources(project, args.leaflet, args.lang)
    if sources is None:  # something irregular: the content loader says what, file by file
        from .content import discover

        sources = discover(project, args.leaflet, args.lang)
    if not sources:
        raise ContentError([_no_match(args)])
    outputs = in_shard(plan(sources, formats, tuple(args.variant or VARIANTS)), settings.shard)
    build = Build(project, outputs, settings)
    try:
        with output_lock(project.output):
            try:
                # Workers import WeasyPrint while this process decides what is stale (when
                # everything is: a first build, --force) and checks the content.
                build.start_workers()
                build.prepare()
                # Only content behind a stale output is read and checked: an up-to-date PDF was
                # built from these very bytes by this very code. A release (--strict) checks all.
                needed = {(s.leaflet, s.language) for s in sources} if args.strict else build.stale_sources()
                build.start_workers()
                if needed and not _content_ok(args, project, needed):
                    return EXIT_CONTENT
                progress = Progress(len(build.stale))
                for result in build.run():
                    progress.clear()
                    _print_result(project, result)
                    progress.advance()
            finally:
                build.close_workers(kill=True)  # only when not already closed: a failure or Ctrl-C
            build.finish(args.report)
    except OutputLocked as exc:
        print(f"error: {exc}; nothing built", file=sys.stderr)
        return EXIT_FAILED
    except ManifestNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        counts = build.counts()
        left = len(build.stale) - counts["built"] - counts["failed"]
        print(
            f"interrupted: {counts['built']} built, {counts['failed']} failed, {left} not built; "
            "earlier outputs and the manifest are intact",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    counts = build.counts()
    seconds = time.perf_counter() - build.started
    removed = f", {counts['removed']} removed" if counts["removed"] else ""
    print(
        f"{counts['built']} built, {counts['failed']} failed, {counts['skipped']} up to date{removed}: "
        f"{counts['planned']} outputs in {seconds:.1f} s"
    )
    return EXIT_FAILED if counts["failed"] else EXIT_OK


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _content_ok(args, project, needed: set) -> bool:
    """Validate the content files behind the outputs to build; problems printed."""
    from .content import discover, load_all

    files = [f for f in discover(project, args.leaflet, args.lang) if (f.leaflet, f.language) in needed]
    loaded, problems = load_all(project, files)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"nothing built: {len(problems)} content error(s)", file=sys.stderr)
        return False
    return _translations_ok(project, loaded, args.strict)


def _print_result(project, result) -> None:
    path = display_path(result.output.path(project))
    if result.status == "built":
        print(f"built   {path}  {result.pages} pages  {result.body_size:g} pt  {result.seconds:.2f} s", flush=True)
    else:
        print(f"FAILED  {path}  {result.output.label}: {result.reason}", flush=True)


def _verify(args) -> int:
    from .build import plan, selected_formats
    from .formats import load_format
    from .verify import Report, verify_pdf

    # `--format json` asks for JSON; any other --format value selects a layout format.
    chosen = [f for f in (args.formats or []) if f not in ("json", "text")]
    output_format = next((f for f in reversed(args.formats or []) if f in ("json", "text")), args.output_format)
    project, loaded, problems = _load(args)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_CONTENT
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    reports = []
    for output in plan([item.file for item in loaded], selected_formats(project, chosen), tuple(args.variant or ("screen", "print"))):
        path = output.path(project)
        if not path.is_file():
            reports.append((output, Report(path, problems=["not built"])))
            continue
        leaflet = by_key[(output.leaflet, output.language)].leaflet
        reports.append((output, verify_pdf(path, leaflet, load_format(project, output.format), output.variant)))
    failed = [r for _, r in reports if not r.ok]
    if output_format == "json":
        print(json.dumps(
            [
                {
                    "pdf": display_path(r.path), "leaflet": o.leaflet, "language": o.language, "format": o.format,
                    "variant": o.variant, "pages": r.pages, "bytes": r.bytes, "ok": r.ok, "checks": r.checks, "problems": r.problems,
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
            print(f"{status:6}  {display_path(r.path):{width}}  {r.pages:>5}  {r.bytes // 1024:>6}  {len(r.checks) - 0} run, {len(r.problems)} problem(s)")
            for problem in r.problems:
                print(f"        - {problem}")
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
