"""The command line: build, check, verify, proof, new-language, export-xliff, import-xliff, watch, schema.

Options and help only: each command's work is ``foldline.commands.<name>.run``,
imported only when that command runs (so ``--help`` and a no-op build stay
cheap). Errors raised as ``FoldlineError`` are printed here, in one place, and
become their exit code.

Exit codes:
  0  success
  1  content errors (those files' outputs were not rendered) or verification failures
  2  usage errors (unknown option, format, leaflet or language)
  3  some outputs failed to build (the others were written)
  130 interrupted (Ctrl-C)
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .errors import EXIT_INTERRUPTED, EXIT_USAGE, FoldlineError

EPILOG = """exit codes: 0 success, 1 content errors or verification failures,
2 usage errors, 3 some outputs failed to build, 130 interrupted"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return importlib.import_module(f"foldline.commands.{args.module}").run(args)
    except FoldlineError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
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

    def command(name, help, example):
        sub = commands.add_parser(
            name,
            help=help,
            description=f"{help}\n\nexample:\n  python make_leaflet.py {example}",
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(module=name.replace("-", "_"))
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
    )
    outputs(build)
    strictness(build)
    build.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: the number of cores)")
    build.add_argument("--force", action="store_true", help="rebuild every selected output, changed or not")
    build.add_argument("--shard", metavar="K/N", help="build only the K-th of N stable parts of the outputs (for a CI matrix)")
    build.add_argument("--count", action="store_true",
                       help="print the planned outputs, layouts and the CI shard count as JSON; build nothing")
    build.add_argument("--report", type=Path, metavar="FILE", help="write a JSON report of every output: status, reason, pages, time, sha256")
    build.add_argument("--time-limit", type=float, default=120.0, metavar="SECONDS", help="per output; a slower render fails (default 120)")
    build.add_argument("--memory-limit", type=int, default=1024, metavar="MB", help="address space per worker process; 0 for none (default 1024)")

    check = command("check", "Validate content files without rendering anything.", "check --leaflet LEAFLET --lang fr")
    selection(check)
    check.add_argument("--format", dest="output_format", choices=("text", "json"), default="text", help="report format")
    strictness(check)

    verify = command(
        "verify",
        "Preflight built PDFs: sections, contacts, links, page count and size, TrimBox and BleedBox,\n"
        "fonts embedded, subset and bundled, language and title, tags (screen), file size;\n"
        "qpdf --check and pdffonts where installed.",
        "verify --format a4 --report-format json",
    )
    outputs(verify)
    verify.add_argument("--report-format", dest="output_format", choices=("text", "json"), default="text", help="text (a table) or json")

    proof = command("proof", "Render every page of the built PDFs to PNG and write output/proofs/index.html.", "proof --lang es")
    outputs(proof)
    proof.add_argument("--dpi", type=int, default=40, help="thumbnail resolution (default 40)")

    new_language = command(
        "new-language",
        "Write source/LEAFLET/LANG.yaml from the source: its structure and text to replace, fingerprints filled in.",
        "new-language LEAFLET fr",
    )
    new_language.add_argument("leaflet", help="the leaflet's folder name under source/")
    new_language.add_argument("language", help="the new language's BCP 47 tag, e.g. fr, pt-BR, zh-Hant")

    export = command(
        "export-xliff",
        "Write LEAFLET's translation units for LANG as XLIFF 2.1 (.xlf, for agencies and CAT tools) or PO (.po,\n"
        "for Weblate and Pootle): source text, the translation so far, fingerprints, notes for translators.",
        "export-xliff LEAFLET fr fr.xlf",
    )
    export.add_argument("leaflet", help="the leaflet's folder name under source/")
    export.add_argument("language", help="the language translated into, e.g. fr")
    export.add_argument(
        "file", nargs="?", help="the file to write, .xlf or .po (default: output/exchange/LEAFLET.LANG.xlf)"
    )

    imported = command(
        "import-xliff",
        "Write the translations of an XLIFF (.xlf) or PO (.po) file into source/LEAFLET/LANG.yaml, keeping its\n"
        "comments and key order; src: is set for units whose source text is the source's now.",
        "import-xliff LEAFLET fr fr.xlf",
    )
    imported.add_argument("leaflet", help="the leaflet's folder name under source/")
    imported.add_argument("language", help="the language translated into, e.g. fr")
    imported.add_argument("file", help="the translated .xlf or .po file")

    watch = command(
        "watch",
        "Rebuild one PDF (screen variant) whenever its YAML, its source, layouts/ or fonts/ change; Ctrl-C stops.",
        "watch LEAFLET es a4",
    )
    watch.add_argument("leaflet", help="the leaflet's folder name under source/")
    watch.add_argument("language", help="the language to rebuild, e.g. es")
    watch.add_argument("format", nargs="?", help="the format (default: a4)")
    watch.add_argument("--output", type=Path, help="output folder (default: ROOT/output)")

    command("schema", "Print the JSON Schema of content files (for editors).", "schema > schema/leaflet.schema.json")
    return parser


if __name__ == "__main__":
    sys.exit(main())
