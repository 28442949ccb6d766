"""``new-language``: start a translation file from the source, fingerprints filled in."""
from __future__ import annotations

from ..errors import EXIT_OK, ContentError, Problem, UsageError, display_path
from ..project import SOURCE_LANGUAGE, BadName, check_name
from .common import project_of
from .exchange import remember_source


def named(args) -> tuple[str, str]:
    """The leaflet and language given on the command line, checked as names."""
    try:
        return check_name("leaflet", args.leaflet), check_name("language", args.language)
    except BadName as exc:
        raise UsageError([Problem(None, args.command, str(exc), code="bad-name")]) from None


def run(args) -> int:
    from ..content.languages import language_for
    from ..content.load import load
    from ..content.skeleton import check_written, skeleton, write_new
    from ..content.units import units

    project = project_of(args)
    leaflet, language = named(args)
    source_language = project.source_language(leaflet) or SOURCE_LANGUAGE
    source = project.content_file(leaflet, source_language)
    target = project.content_path(leaflet, language)
    exists = f"{display_path(target)} exists; edit it, or delete it first to start over"
    if language == source_language:
        raise UsageError(f"{language} is the source language; name the language to translate into")
    if not source.path.is_file():
        raise UsageError(f"no source file {display_path(source.path)}")
    if target.exists():
        raise UsageError(exists)
    loaded = load(project, source)
    remember_source(project, loaded)
    setting = language_for(project, language)
    content = skeleton(loaded, language)
    errors = check_written(target, content, loaded, setting)
    if errors:  # a bug in the skeleton, never the translator's: refuse to write it
        raise ContentError(errors)
    try:
        write_new(target, content)
    except FileExistsError:
        raise UsageError(exists) from None
    count = sum(1 for _ in units(loaded.leaflet))
    print(f"wrote {display_path(target)}: {count} units to translate ({setting.script} script, {setting.direction})")
    if not setting.listed:
        print(
            f"note: {language} is not in layouts/languages.yaml, so it will be set like `default` "
            f"({setting.script} script, {setting.direction}). If {language} is written in another script, "
            "a maintainer must add fonts for it and an entry in layouts/languages.yaml before the PDFs "
            "can show it: see TRANSLATING.md, 'Adding a script'. `check` names the script once there is text in it."
        )
    print(f"next: translate it (see TRANSLATING.md), then: python make_leaflet.py watch {leaflet} {language}")
    return EXIT_OK
