"""The translation check: every translation against its source, and every file's characters.

Reports, with the file, line and key a translator can fix: missing and extra
structure, units left untranslated, stale units (``compare.py``), characters no
bundled font prints (``fonts.py``), contact details that differ from the source,
and draft status. Findings normal while a translation is in progress (stale,
untranslated, draft) are warnings, and errors with ``strict`` (for releases).

Works on loaded leaflets; loads a translation's source when it was not given.
Never renders, and never rewrites a file.
"""
from __future__ import annotations

import dataclasses
import unicodedata

from ..errors import ContentError, Problem, key_path
from ..project import Project
from .compare import compare
from .fonts import uncovered_characters
from .load import LoadedLeaflet, load

# Findings that are normal while a translation is in progress: warnings, so the
# translator still gets a PDF to look at; errors with --strict, so a release cannot
# ship them.
STRICT_CODES = frozenset({"stale", "untranslated", "draft", "markup-differs"})


def check(project: Project, loaded: list[LoadedLeaflet], strict: bool = False) -> list[Problem]:
    """Every finding about the loaded files: characters in all of them, the
    comparison with the source for translations. Sorted by file and line."""
    problems: list[Problem] = []
    known = {(item.file.leaflet, item.file.language): item for item in loaded}
    problems += _several_sources(project, loaded)
    for item in loaded:
        problems += uncovered(project, item)
        translation = item.leaflet.meta.translation
        if translation is None:
            continue
        source, trouble = _source_of(project, item, known)
        problems += trouble
        if source is not None:
            problems += compare(source, item)
        if translation.status == "draft":
            problems.append(
                Problem(
                    item.source_text.value_at(("meta", "translation", "status")),
                    "meta.translation.status",
                    "draft: not yet reviewed by a qualified medical translator; the PDF says so in its footer "
                    "until the status is 'reviewed'",
                    severity="warning",
                    code="draft",
                )
            )
    if strict:
        problems = [dataclasses.replace(p, severity="error") if p.code in STRICT_CODES else p for p in problems]
    return sorted(problems, key=_order)


def _several_sources(project: Project, loaded: list[LoadedLeaflet]) -> list[Problem]:
    """A leaflet has one source: the file without meta.translation. A second such file
    (a translation that lost its meta.translation) is an error at that file."""
    problems = []
    for item in loaded:
        if item.leaflet.meta.translation is not None:
            continue
        source = project.source_language(item.file.leaflet)
        if source is not None and source != item.file.language:
            problems.append(
                Problem(
                    item.source_text.where(("meta",)),
                    "meta.translation",
                    f"required: {source}.yaml is this leaflet's source (it has no meta.translation either); "
                    f"a translation says so (translation: {{source: {source}, status: draft}})",
                    code="missing",
                )
            )
    return problems


def _order(problem: Problem):
    where = problem.location
    return (0, str(where.path), where.line, where.column) if where else (1, "", 0, 0)


def _source_of(project: Project, item: LoadedLeaflet, known: dict) -> tuple[LoadedLeaflet | None, list[Problem]]:
    """The loaded source file a translation names, or the problem finding it."""
    tag = item.leaflet.meta.translation.source
    where = item.source_text.value_at(("meta", "translation", "source"))

    def problem(message: str, code: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, "meta.translation.source", message, code=code)]

    if tag == item.file.language:
        return problem("a file cannot be its own source; name the language it translates (normally en)", "no-source")
    if (item.file.leaflet, tag) in known:
        return known[(item.file.leaflet, tag)], []
    file = project.content_file(item.file.leaflet, tag)
    if not file.path.is_file():
        return problem(f"there is no source file {file.path.name} beside this one", "no-source")
    try:
        source = load(project, file)
    except ContentError as exc:
        return problem(f"the source {file.path.name} has {len(exc.problems)} error(s); run check on it first", "source-invalid")
    known[(item.file.leaflet, tag)] = source
    return source, []


def uncovered(project: Project, item: LoadedLeaflet) -> list[Problem]:
    """Characters that no bundled font for the file's language has: they would print as boxes."""
    strings = list(item.source_text.strings())
    missing = set(uncovered_characters(project, item.language, "".join(value for _, value in strings)))
    if not missing:
        return []
    problems = []
    for parts, value in strings:
        bad = [c for c in dict.fromkeys(value) if c in missing]
        if bad:
            listed = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in bad)
            problems.append(
                Problem(
                    item.source_text.char_location(parts, bad[0]),
                    key_path(parts),
                    f"no bundled font for {item.language.tag} has {listed} (would print as a box)",
                    code="uncovered-character",
                )
            )
    return problems
