"""The translation check: every translation against its source, and every file's characters.

Reports, with the file, line and key a translator can fix: missing and extra
structure, units left untranslated, stale units (``compare.py``), characters no
bundled font prints (``fonts.py``), letters that run the other way than the language is
set (``direction.py``), contact details that differ from the source,
draft status, and sections above the leaflet's target reading grade
(``readability.py``). Findings normal while a translation is in progress (stale,
untranslated, draft, reading grade) are warnings, and errors with ``strict`` (for releases).

Works on loaded leaflets; loads a translation's source when it was not given.
Never renders, and never rewrites a file.
"""
from __future__ import annotations

import dataclasses
import unicodedata

from ..errors import ContentError, Problem, display_path, key_path
from ..project import ContentFile, Project
from .boundary import fixed_fields
from .compare import compare
from .direction import direction_problems
from .fonts import uncovered_characters
from .history import SourceHistory
from .load import LoadedLeaflet, load
from .readability import grade, shown_grade
from .units import units

# Findings that are normal while a translation is in progress: warnings, so the
# translator still gets a PDF to look at; errors with --strict, so a release cannot
# ship them.
STRICT_CODES = frozenset({"stale", "untranslated", "draft", "markup-differs", "reading-grade", "do-not-translate"})


def check(project: Project, loaded: list[LoadedLeaflet], strict: bool = False,
          history: SourceHistory | None = None) -> list[Problem]:
    """Every finding about the loaded files: characters in all of them, the
    comparison with the source for translations. Sorted by file and line.
    With a history, stale units show what changed, and the source texts seen
    are remembered in it (the caller saves it)."""
    problems: list[Problem] = []
    known = {(item.file.leaflet, item.file.language): item for item in loaded}
    problems += _several_sources(project, loaded)
    for item in loaded:
        problems += uncovered(project, item)
        problems += direction_problems(item)
        if item.leaflet.meta.translation is None and history is not None:
            history.remember(item.file.leaflet, item.leaflet)
        translation = item.leaflet.meta.translation
        if translation is None:
            problems += reading_grade(item, None)
            continue
        source, trouble = _source_of(project, item, known)
        problems += reading_grade(item, source)
        problems += trouble
        if source is not None:
            problems += compare(source, item, history)
            problems += fixed_fields(source, item)
            problems += _source_chain(project, item, known)
            if history is not None:
                history.remember(source.file.leaflet, source.leaflet)
        if translation.status == "draft":
            problems.append(
                Problem(
                    item.source_text.value_at(("meta", "translation", "status")),
                    "meta.translation.status",
                    "draft: not yet reviewed by a qualified medical translator; every PDF says so (cover and footers) "
                    "until the status is 'reviewed'",
                    severity="warning",
                    code="draft",
                )
            )
    if strict:
        problems = [dataclasses.replace(p, severity="error") if p.code in STRICT_CODES else p for p in problems]
    return sorted(problems, key=_order)


def reading_target(item: LoadedLeaflet, source: LoadedLeaflet | None) -> tuple[float | None, LoadedLeaflet | None]:
    """(target reading grade, the file that sets it): the file's own meta.reading_grade,
    else its source's (a translation need not repeat it), else (None, None)."""
    for candidate in (item, source):
        if candidate is not None and candidate.leaflet.meta.reading_grade is not None:
            return candidate.leaflet.meta.reading_grade, candidate
    return None, None


def reading_grade(item: LoadedLeaflet, source: LoadedLeaflet | None) -> list[Problem]:
    """A warning for each body section, and for the leaflet, whose reading grade is above
    the target; nothing without a target or a formula for the file's language."""
    target, setter = reading_target(item, source)
    measured = grade(item.leaflet, item.file.language) if target is not None else None
    if measured is None:
        return []
    origin = "" if setter is item else f", set in {setter.file.path.name}"
    hint = "shorter sentences and shorter, everyday words lower it"
    problems = []
    for section in measured.sections:
        if round(section.grade, 1) > target:
            path = ("sections", section.index)
            problems.append(Problem(
                item.source_text.value_at((*path, "id")), key_path(path),
                f"reading grade {shown_grade(measured.formula, section.score, section.grade)} of section "
                f"{section.id!r} is above the target {target:g} (meta.reading_grade{origin}); {hint}",
                severity="warning", code="reading-grade",
            ))
    if measured.counts.words and round(measured.grade, 1) > target:
        path = ("meta", "reading_grade")
        where = item.source_text.value_at(path) if setter is item else item.source_text.where(("meta",))
        problems.append(Problem(
            where, key_path(path),
            f"reading grade {shown_grade(measured.formula, measured.score, measured.grade)} of the leaflet's "
            f"body is above the target {target:g}{origin}; {hint}",
            severity="warning", code="reading-grade",
        ))
    return problems


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
    if item.source is not None and item.source.leaflet.meta.translation is None:
        return item.source, []  # loaded once already, for its contact details
    file = project.content_file(item.file.leaflet, tag)
    if not file.path.is_file():
        return problem(f"there is no source file {file.path.name} beside this one", "no-source")
    try:
        source = load(project, file)
    except ContentError as exc:
        return problem(f"the source {file.path.name} has {len(exc.problems)} error(s); run check on it first", "source-invalid")
    known[(item.file.leaflet, tag)] = source
    return source, []


@dataclasses.dataclass(frozen=True)
class TranslationProgress:
    """How far one translation is: its units, and how many are done, stale or untranslated."""

    file: ContentFile
    units: int
    translated: int  # src current and no field the same as the source
    stale: int
    untranslated: int

    def line(self) -> str:
        return (f"{self.file.language}: {self.translated} of {self.units} units translated, {self.stale} stale, "
                f"{self.untranslated} untranslated ({display_path(self.file.path)})")

    def as_dict(self) -> dict:
        return {"file": display_path(self.file.path), "leaflet": self.file.leaflet, "language": self.file.language,
                "units": self.units, "translated": self.translated, "stale": self.stale,
                "untranslated": self.untranslated}


def progress(project: Project, loaded: list[LoadedLeaflet], problems: list[Problem]) -> list[TranslationProgress]:
    """Per translation, counted in units (``units.py``) like new-language counts them: a unit
    with several untranslated fields, or a stale one, counts once."""
    known = {(item.file.leaflet, item.file.language): item for item in loaded}
    found = []
    for item in loaded:
        if item.leaflet.meta.translation is None:
            continue
        source, _ = _source_of(project, item, known)
        if source is None:
            continue
        keys = [key_path(path) for path, _ in units(source.leaflet)]
        mine = [p for p in problems if p.location and p.location.path == item.file.path]

        def unit_of(key: str, keys=keys) -> str:
            return max((k for k in keys if key == k or key.startswith((k + ".", k + "["))), key=len, default=key)

        stale = {unit_of(p.key) for p in mine if p.code == "stale"}
        untranslated = {unit_of(p.key) for p in mine if p.code == "untranslated"} & set(keys)
        missing = {unit_of(p.key) for p in mine if p.code in ("missing", "different-block")} & set(keys)
        done = len(set(keys) - stale - untranslated - missing)
        found.append(TranslationProgress(item.file, len(keys), done, len(stale), len(untranslated)))
    return found


@dataclasses.dataclass(frozen=True)
class ReadingReport:
    """One file's measured reading grade and its target (None: no target set)."""

    file: ContentFile
    formula: str
    grade: float
    shown: str  # the grade as messages show it
    target: float | None

    def line(self) -> str:
        target = f"target {self.target:g}" if self.target is not None else "no target (meta.reading_grade)"
        return f"{self.file.language}: reading grade {self.shown}, {target} ({display_path(self.file.path)})"

    def as_dict(self) -> dict:
        return {"file": display_path(self.file.path), "leaflet": self.file.leaflet, "language": self.file.language,
                "formula": self.formula, "grade": round(self.grade, 1), "target": self.target}


def readings(project: Project, loaded: list[LoadedLeaflet]) -> tuple[list[ReadingReport], list[str]]:
    """The reading grade of every loaded file with prose in a language that has a
    formula, and the languages (once each) that have none."""
    known = {(item.file.leaflet, item.file.language): item for item in loaded}
    reports, without = [], []
    for item in loaded:
        measured = grade(item.leaflet, item.file.language)
        if measured is None:
            if item.file.language not in without:
                without.append(item.file.language)
            continue
        if not measured.counts.words:
            continue
        source = _source_of(project, item, known)[0] if item.leaflet.meta.translation is not None else None
        target, _ = reading_target(item, source)
        shown = shown_grade(measured.formula, measured.score, measured.grade)
        reports.append(ReadingReport(item.file, measured.formula.name, measured.grade, shown, target))
    return reports, without


# A script with this many distinct characters no font has is a script the project does
# not set yet, not a stray character: one message naming it, not one per character.
SCRIPT_THRESHOLD = 4
_NOT_A_SCRIPT = {"Zyyy", "Zinh", "Zzzz"}  # common, inherited, unknown


def _source_chain(project: Project, item: LoadedLeaflet, known: dict) -> list[Problem]:
    """A translation's sources, followed one after another, must reach the leaflet's
    source (its file without meta.translation) without going round: fr translating de translating fr would let two
    translations vouch for each other's changed contacts."""
    seen, current = [item.file.language], item
    while current.leaflet.meta.translation is not None:
        tag = current.leaflet.meta.translation.source
        if tag in seen:
            chain = " -> ".join([*seen, tag])
            return [_chain_problem(item, f"the translation sources go round in a circle ({chain}); "
                                   "every chain of sources must end at the leaflet's source file", "source-cycle")]
        seen.append(tag)
        current, _ = _source_of(project, current, known)
        if current is None:
            return []  # reported on the file whose source is missing or invalid
    return []  # the chain ends at a file that is no translation: the leaflet's source


def _chain_problem(item: LoadedLeaflet, message: str, code: str) -> Problem:
    where = item.source_text.value_at(("meta", "translation", "source"))
    return Problem(where, "meta.translation.source", message, code=code)


def uncovered(project: Project, item: LoadedLeaflet) -> list[Problem]:
    """Characters that no bundled font for the file's language has: they would print as boxes."""
    from fontTools import unicodedata as scripts

    strings = list(item.source_text.strings())
    missing = set(uncovered_characters(project, item.language, "".join(value for _, value in strings)))
    if not missing:
        return []
    by_script: dict[str, set[str]] = {}
    for char in missing:
        by_script.setdefault(scripts.script(char), set()).add(char)
    unsupported = {code for code, chars in by_script.items()
                   if len(chars) >= SCRIPT_THRESHOLD and code not in _NOT_A_SCRIPT}
    _fold_shared(by_script, unsupported)
    problems = [_unsupported_script(item, strings, code, by_script[code]) for code in sorted(unsupported)]
    missing -= {char for code in unsupported for char in by_script[code]}
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


def _fold_shared(by_script: dict[str, set[str]], unsupported: set[str]) -> None:
    """Move uncovered Common and Inherited characters (the danda, a combining mark) into
    an unsupported script's group: to the script their Script_Extensions name, else to
    the unsupported script with the most characters. They are part of that script's one
    message, not a problem per paragraph."""
    from fontTools import unicodedata as scripts

    if not unsupported:
        return
    largest = max(sorted(unsupported), key=lambda code: len(by_script[code]))
    for shared in ("Zyyy", "Zinh"):
        for char in by_script.pop(shared, set()):
            users = sorted(unsupported & set(scripts.script_extension(char)))
            by_script[users[0] if users else largest].add(char)


def _unsupported_script(item: LoadedLeaflet, strings: list, code: str, chars: set[str]) -> Problem:
    """One problem for a whole script no bundled font of the language covers, and what to add."""
    from fontTools import unicodedata as scripts

    name = scripts.script_name(code)
    parts, value = next((p, v) for p, v in strings if any(c in chars for c in v))
    first = next(c for c in value if c in chars)
    tag, language = item.language.tag, item.language
    if language.listed:
        setting = f"layouts/languages.yaml sets {tag} in the {language.script} script"
    else:
        setting = f"{tag} is not in layouts/languages.yaml, so it is set like `default` ({language.script} script)"
    return Problem(
        item.source_text.char_location(parts, first),
        key_path(parts),
        f"no bundled font for {tag} covers the {name} script ({len(chars)} different characters in this file); "
        f"{setting}. "
        f"A maintainer must add fonts for {name} (fonts/ and fonts/fonts.yaml) and an entry for {tag} with its script "
        "and font stacks in layouts/languages.yaml: see TRANSLATING.md, 'Adding a script'",
        code="unsupported-script",
    )
