"""``import-xliff``: write a translated XLIFF or PO file's targets into source/LEAFLET/LANG.yaml."""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomic
from ..errors import EXIT_OK, ContentError, UsageError, display_path
from ..project import SOURCE_LANGUAGE, ContentFile
from .common import project_of
from .exchange import format_of, load_source
from .new_language import named


def run(args) -> int:
    from ..content.interchange import ExchangeFileError, apply, protected_problems
    from ..content.languages import language_for
    from ..content.load import LoadedLeaflet, load
    from ..content.skeleton import check_written, skeleton
    from ..content.validate import validate
    from ..content.yamlsource import parse_yaml

    project = project_of(args)
    leaflet, language = named(args)
    path = Path(args.file)
    kind = format_of(path)
    if not path.is_file():
        raise UsageError(f"no file {display_path(path)}")
    try:
        if kind == "xliff":
            from ..content.xliff import read_xliff

            header, filled = read_xliff(path.read_bytes(), path)
        else:
            from ..content.po import read_po

            header, filled = read_po(path.read_bytes())
    except ExchangeFileError as exc:
        raise UsageError(f"{display_path(path)}: {exc}") from None
    for name, wanted in (("file", leaflet), ("trgLang", language), ("srcLang", SOURCE_LANGUAGE)):
        if header.get(name) not in (None, wanted):
            raise UsageError(f"{display_path(path)}: is for {name} {header[name]!r}, not {wanted!r}")

    source = load_source(project, leaflet)
    target = project.content_file(leaflet, language)
    setting = language_for(project, language)
    if target.path.is_file():
        translation, lines = load(project, target), None
    else:  # a first translation: start from the skeleton new-language writes
        content = skeleton(source, language)
        text = parse_yaml(target.path, content)
        translation = LoadedLeaflet(ContentFile(leaflet, language, target.path), validate(text), text, setting)
        lines = content.splitlines(keepends=True)
    new_lines, outcome = apply(source, translation, filled, lines)
    content = "".join(new_lines)
    errors = check_written(target.path, content, source, setting)
    if errors:  # the file would not pass the check's structure rules: write nothing
        raise ContentError(errors)
    write_atomic(target.path, content.encode("utf-8"))

    where = display_path(target.path)
    print(f"imported {display_path(path)} into {where}: {len(outcome.changed)} unit(s) written with src set, "
          f"{len(outcome.stale)} written but stale, {outcome.unchanged} unchanged")
    for rid in outcome.stale:
        print(f"  stale: {rid}: the source changed since this file was exported; src left as it was (see check)")
    for rid in outcome.unknown:
        print(f"  skipped: {rid}: the source has no such unit now")
    for problem in protected_problems(filled, path):
        print(f"warning: {problem}")
    print(f"next: python make_leaflet.py check --leaflet {leaflet} --lang {language}")
    return EXIT_OK
