"""``export-xliff``: a leaflet's translation units as XLIFF 2.1 (agencies, CAT tools) or PO (Weblate, Pootle)."""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomic
from ..errors import EXIT_OK, UsageError, display_path
from ..project import SOURCE_LANGUAGE
from .common import project_of
from .exchange import format_of, load_source
from .new_language import named


def run(args) -> int:
    from ..content.interchange import DRAFT_ID, records
    from ..content.load import load

    project = project_of(args)
    leaflet, language = named(args)
    if language == (project.source_language(leaflet) or SOURCE_LANGUAGE):
        raise UsageError(f"{language} is the source language; name the language to translate into")
    target = Path(args.file) if args.file else project.output_path("exchange", f"{leaflet}.{language}.xlf")
    kind = format_of(target)
    source = load_source(project, leaflet)
    file = project.content_file(leaflet, language)
    translation = load(project, file) if file.path.is_file() else None
    found = records(source, translation)
    original = f"source/{leaflet}/{source.file.language}.yaml"
    reviewed = translation is not None and not translation.leaflet.is_draft
    if kind == "xliff":
        from ..content.xliff import write_xliff

        data = write_xliff(found, leaflet, SOURCE_LANGUAGE, language, original, reviewed=reviewed)
    else:
        from ..content.po import write_po

        data = write_po(found, leaflet, SOURCE_LANGUAGE, language, original)
    write_atomic(target, data)
    units = [r for r in found if r.id != DRAFT_ID]
    segments = [s for r in units for s in r.segments]
    done = sum(r.translated for r in units)
    print(f"wrote {display_path(target)}: {len(units)} units ({len(segments)} segments) and the draft label, "
          f"{done} units translated and current")
    print(f"next: translate it, then: python make_leaflet.py import-xliff {leaflet} {language} {display_path(target)}")
    return EXIT_OK
