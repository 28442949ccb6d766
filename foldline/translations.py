"""The translation check: every translation against its source, unit by unit.

A *unit* is one translatable mapping: ``meta`` (title, subtitle, summary,
keywords), ``labels`` (page, online, notes), a section (its title), a paragraph
(``text``), a list item (name and description) and a phone that has a label.
Each unit of a translation records in ``src:`` the fingerprint of the source
unit it was translated from, so an edit of the English names exactly the units
every language must revisit.

The check reports, with the file, line and key a translator can fix: missing
and extra structure, units left untranslated, stale units, characters no bundled
font prints, contact details that differ from the source, and draft status.
This module also writes a new translation's skeleton (``new-language``) by
editing the source's lines, so comments and layout survive.

It works on loaded leaflets (``content.py``). It never renders, and never
rewrites a file that exists.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel

from . import models
from .content import ContentFile, LoadedLeaflet, load, normalize_space
from .errors import ContentError, Location, Problem, key_path
from .languages import uncovered_characters
from .project import Project
from .yamlsource import SourceText

# The translatable fields of each kind of unit, in the order they are fingerprinted.
# Everything else (ids, names and details of organizations, the publisher, addresses)
# is not translated and is compared for identity or not at all.
UNIT_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    models.Meta: ("title", "subtitle", "summary", "keywords"),
    models.Labels: ("page", "online", "notes"),
    models.Section: ("title",),
    models.TextBlock: ("text",),
    models.TypeItem: ("name", "description"),
    models.Phone: ("label",),
}

# Findings that are normal while a translation is in progress: warnings, so the
# translator still gets a PDF to look at; errors with --strict, so a release cannot
# ship them.
STRICT_CODES = frozenset({"stale", "untranslated", "draft"})

_SEPARATOR = "\x1f"  # between the fields of a unit in its fingerprint
_BLOCK_KINDS = {
    models.TextBlock: "a paragraph (text)",
    models.ListBlock: "a list of types (items)",
    models.OrganizationBlock: "an organization",
}


# --- units and fingerprints ---------------------------------------------------------------


def translatable_fields(unit: BaseModel) -> tuple[str, ...]:
    return tuple(name for name in UNIT_FIELDS[type(unit)] if name in type(unit).model_fields)


def fingerprint(unit: BaseModel) -> str:
    """The first 8 hex digits of the SHA-256 of a unit's translatable text.

    Fields in the order of UNIT_FIELDS (an absent one counts as empty, a list
    contributes each element), each NFC-normalised with white space collapsed,
    joined by U+001F. Re-wrapping a paragraph therefore does not make it stale;
    changing a word does.
    """
    parts: list[str] = []
    for name in translatable_fields(unit):
        value = getattr(unit, name)
        for text in value if isinstance(value, list) else [value or ""]:
            parts.append(_normal(text))
    return hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).hexdigest()[:8]


def units(leaflet: models.Leaflet):
    """Every unit of a leaflet with its key path, in reading order."""
    yield ("meta",), leaflet.meta
    yield ("labels",), leaflet.labels
    for path, section in _sections(leaflet):
        yield path, section
        for index, block in enumerate(section.blocks):
            block_path = path + ("blocks", index)
            if isinstance(block, models.TextBlock):
                yield block_path, block
            elif isinstance(block, models.ListBlock):
                for number, item in enumerate(block.items):
                    yield block_path + ("items", number), item
            else:
                for number, phone in enumerate(block.organization.phones):
                    if phone.label is not None:
                        yield block_path + ("organization", "phones", number), phone


def _sections(leaflet: models.Leaflet):
    for index, section in enumerate(leaflet.sections):
        yield ("sections", index), section
    yield ("contacts",), leaflet.contacts


def _normal(text: str) -> str:
    return normalize_space(unicodedata.normalize("NFC", text))


# --- the check ------------------------------------------------------------------------------


def check(project: Project, loaded: list[LoadedLeaflet], strict: bool = False) -> list[Problem]:
    """Every finding about the loaded files: characters in all of them, the
    comparison with the source for translations. Sorted by file and line."""
    problems: list[Problem] = []
    known = {(item.file.leaflet, item.file.language): item for item in loaded}
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
    path = item.file.path.parent / f"{tag}.yaml"
    if not path.is_file():
        return problem(f"there is no source file {tag}.yaml beside this one", "no-source")
    try:
        source = load(project, ContentFile(item.file.leaflet, tag, path))
    except ContentError as exc:
        return problem(f"the source {path.name} has {len(exc.problems)} error(s); run check on it first", "source-invalid")
    known[(item.file.leaflet, tag)] = source
    return source, []


def uncovered(project: Project, item: LoadedLeaflet) -> list[Problem]:
    """Characters that no bundled font for the file's language has: they would print as boxes."""
    strings = list(_strings(item.leaflet, ()))
    missing = set(uncovered_characters(project, item.language, "".join(value for _, value in strings)))
    if not missing:
        return []
    lines = _lines(item.source_text.path)
    problems = []
    for parts, value in strings:
        bad = [c for c in dict.fromkeys(value) if c in missing]
        if bad:
            listed = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in bad)
            problems.append(
                Problem(
                    _char_location(item.source_text, lines, parts, bad[0]),
                    key_path(parts),
                    f"no bundled font for {item.language.tag} has {listed} (would print as a box)",
                    code="uncovered-character",
                )
            )
    return problems


def compare(source: LoadedLeaflet, translation: LoadedLeaflet) -> list[Problem]:
    """Structure, untranslated and stale units, and contacts of a translation against its source."""
    comparison = Comparison(source, translation)
    comparison.run()
    problems = comparison.problems
    for source_path, source_unit, path, unit in comparison.pairs:
        problems += _untranslated(translation.source_text, source_unit, path, unit)
        problems += _stale(translation.source_text, source_unit, path, unit)
    return problems


class Comparison:
    """Walks source and translation side by side: sections by id, everything else by position."""

    def __init__(self, source: LoadedLeaflet, translation: LoadedLeaflet):
        self.source = source.source_text
        self.text = translation.source_text
        self.source_leaflet = source.leaflet
        self.leaflet = translation.leaflet
        self.problems: list[Problem] = []
        self.pairs: list[tuple[tuple, BaseModel, tuple, BaseModel]] = []  # matched units

    def run(self) -> None:
        source, leaflet = self.source_leaflet, self.leaflet
        self._unit(("meta",), source.meta, ("meta",), leaflet.meta, ignore={"translation", "language"})
        self._unit(("labels",), source.labels, ("labels",), leaflet.labels, ignore={"draft"})
        self._sections()
        if source.contacts.id != leaflet.contacts.id:
            self._error(("contacts", "id"), f"is {leaflet.contacts.id!r}; the source has {source.contacts.id!r}", "different-id")
        self._section(("contacts",), source.contacts, ("contacts",), leaflet.contacts)

    # Reporting helpers: the translation's location, the source's shown for reference.

    def _error(self, path: tuple, message: str, code: str, at_key: bool = False) -> None:
        where = self.text.where(path) if at_key else self.text.value_at(path)
        self.problems.append(Problem(where, key_path(path), message, code=code))

    def _missing(self, path: tuple, what: str, source_path: tuple) -> None:
        where = self.text.where(path[:-1])
        self.problems.append(
            Problem(where, key_path(path), f"missing: the source has {what} ({self.source.value_at(source_path)})", code="missing")
        )

    def _extra(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.text.where(path), key_path(path), f"extra: {message}", code="extra"))

    # The walk.

    def _unit(self, source_path, source_unit, path, unit, ignore=frozenset()) -> None:
        """A mapping's optional keys present on both sides; a translatable unit is paired."""
        for name in type(unit).model_fields:
            if name == "src" or name in ignore:
                continue
            has_source, has = present(getattr(source_unit, name)), present(getattr(unit, name))
            if has_source and not has:
                self._missing(path + (name,), f"{name}: {_excerpt(getattr(source_unit, name))}", source_path + (name,))
            elif has and not has_source:
                self._extra(path + (name,), f"the source has no {name} here; remove it")
        if type(unit) in UNIT_FIELDS and (not isinstance(unit, models.Phone) or source_unit.label is not None):
            self.pairs.append((source_path, source_unit, path, unit))

    def _sections(self) -> None:
        source_ids = [s.id for s in self.source_leaflet.sections]
        ids = [s.id for s in self.leaflet.sections]
        for index, section_id in enumerate(source_ids):
            if section_id not in ids:
                where = self.source.value_at(("sections", index))
                self.problems.append(
                    Problem(self.text.where(("sections",)), "sections", f"missing: the source has the section {section_id!r} ({where})", code="missing")
                )
        for index, section_id in enumerate(ids):
            if section_id not in source_ids:
                self._extra(("sections", index, "id"), f"the source has no section {section_id!r}; sections keep the source's ids")
        shared = [i for i in source_ids if i in ids]
        here = [i for i in ids if i in source_ids]
        for position, section_id in enumerate(here):
            if shared[position] != section_id:
                index = ids.index(section_id)
                self._error(
                    ("sections", index, "id"),
                    f"section {section_id!r} comes in position {index + 1}, the source has it in position "
                    f"{source_ids.index(section_id) + 1}; keep the source's order",
                    "order",
                )
        for index, section_id in enumerate(ids):
            if section_id in source_ids:
                source_index = source_ids.index(section_id)
                self._section(
                    ("sections", source_index), self.source_leaflet.sections[source_index], ("sections", index), self.leaflet.sections[index]
                )

    def _section(self, source_path, source_section, path, section) -> None:
        self._unit(source_path, source_section, path, section, ignore={"id", "blocks"})
        source_blocks, blocks = source_section.blocks, section.blocks
        for index, source_block in enumerate(source_blocks):
            block_path, source_block_path = path + ("blocks", index), source_path + ("blocks", index)
            if index >= len(blocks):
                self._missing(block_path, _BLOCK_KINDS[type(source_block)], source_block_path)
                continue
            block = blocks[index]
            if type(block) is not type(source_block):
                self._error(
                    block_path,
                    f"is {_BLOCK_KINDS[type(block)]}; the source has {_BLOCK_KINDS[type(source_block)]} here "
                    f"({self.source.value_at(source_block_path)})",
                    "different-block",
                )
            elif isinstance(block, models.TextBlock):
                self._unit(source_block_path, source_block, block_path, block)
            elif isinstance(block, models.ListBlock):
                self._items(source_block_path, source_block, block_path, block)
            else:
                self._organization(source_block_path + ("organization",), source_block.organization, block_path + ("organization",), block.organization)
        for index in range(len(source_blocks), len(blocks)):
            self._extra(path + ("blocks", index), f"the source has {len(source_blocks)} block(s) in this section")

    def _items(self, source_path, source_block, path, block) -> None:
        for index, source_item in enumerate(source_block.items):
            if index >= len(block.items):
                self._missing(path + ("items", index), f"the item {source_item.name!r}", source_path + ("items", index))
            else:
                self._unit(source_path + ("items", index), source_item, path + ("items", index), block.items[index])
        for index in range(len(source_block.items), len(block.items)):
            self._extra(path + ("items", index), f"the source has {len(source_block.items)} item(s) in this list")

    def _organization(self, source_path, source, path, organization) -> None:
        """Names and contact details are not translated: they must be the source's, exactly."""
        for name in ("name", "country", "email", "website"):
            wanted, given = getattr(source, name), getattr(organization, name)
            if wanted != given:
                shown = f"{wanted!r}" if wanted is not None else "none"
                self._error(path + (name,), f"differs from the source, which has {shown}; contact details stay as in the source", "contact-changed")
        if source.address != organization.address:
            self._error(path + ("address",), f"differs from the source, which has {source.address!r}; addresses stay as in the source", "contact-changed")
        for index, source_phone in enumerate(source.phones):
            phone_path = path + ("phones", index)
            if index >= len(organization.phones):
                self._missing(phone_path, f"the phone {source_phone.number}", source_path + ("phones", index))
                continue
            phone = organization.phones[index]
            if models.international(phone.number, organization.country) != models.international(source_phone.number, source.country):
                self._error(
                    phone_path + ("number",),
                    f"{phone.number} is not the source's number {source_phone.number}; phone numbers stay as in the source",
                    "phone-changed",
                )
            self._unit(source_path + ("phones", index), source_phone, phone_path, phone, ignore={"number"})
        for index in range(len(source.phones), len(organization.phones)):
            self._extra(path + ("phones", index), f"the source has {len(source.phones)} phone(s) for this organization")


def present(value) -> bool:
    return value is not None and value != []


def _untranslated(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel) -> list[Problem]:
    """Translatable text identical to the source (short forms and acronyms aside)."""
    problems = []
    for name in translatable_fields(source_unit):
        wanted, given = getattr(source_unit, name), getattr(unit, name)
        if isinstance(wanted, list):
            source_words = {_normal(v) for v in wanted}
            same = [((name, index), v) for index, v in enumerate(given or []) if _normal(v) in source_words]
        else:
            same = [((name,), given)] if wanted and given and _normal(wanted) == _normal(given) else []
        for parts, value in same:
            if _wordy(value):
                problems.append(
                    Problem(
                        text.value_at(path + parts),
                        key_path(path + parts),
                        f"untranslated: the same as the source ({_excerpt(value)})",
                        severity="warning",
                        code="untranslated",
                    )
                )
    return problems


def _wordy(text: str) -> bool:
    """Text a translator must translate: longer than 3 characters with a word of 4+
    letters that is not an acronym (NINDS, PME and numbers stay as they are)."""
    words = re.findall(r"[^\W\d_]+", text)
    return len(text.strip()) > 3 and any(len(word) >= 4 and not word.isupper() for word in words)


def _stale(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel) -> list[Problem]:
    """A unit whose recorded src is not the fingerprint of the source text as it is now."""
    current = fingerprint(source_unit)
    if unit.src == current:
        return []
    new = _source_text(source_unit)
    if unit.src is None:
        where = text.value_at(path)
        message = f"stale: no src recorded; when this translates the source text, add 'src: {current}'; source text: {new}"
    else:
        where = text.value_at(path + ("src",))
        message = (
            f"stale: the source text changed since this was translated (src {unit.src}); "
            f"update the translation, then set 'src: {current}'; new source text: {new}"
        )
    return [Problem(where, key_path(path), message, severity="warning", code="stale")]


def _source_text(unit: BaseModel) -> str:
    """A unit's translatable text, quoted, field by field when it has several."""
    fields = [(name, getattr(unit, name)) for name in translatable_fields(unit) if present(getattr(unit, name))]
    quoted = [(name, ", ".join(f'"{_normal(v)}"' for v in value) if isinstance(value, list) else f'"{_normal(value)}"') for name, value in fields]
    if len(quoted) == 1:
        return quoted[0][1]
    return " ".join(f"{name}: {value}" for name, value in quoted)


def _excerpt(value, limit: int = 40) -> str:
    if isinstance(value, list):
        value = ", ".join(value)
    value = _normal(str(value))
    return f'"{value}"' if len(value) <= limit else f'"{value[: limit - 1].rstrip()}…"'


def _strings(node, parts: tuple):
    """Every text in a model with its key path (the same path as in the YAML)."""
    if isinstance(node, str):
        yield parts, node
    elif isinstance(node, BaseModel):
        for key in type(node).model_fields:
            yield from _strings(getattr(node, key), parts + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, parts + (index,))


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return []


def _char_location(text: SourceText, lines: list[str], parts: tuple, char: str) -> Location:
    """Where a character of a value stands in the file (the value may span lines)."""
    start = text.value_at(parts)
    for number in range(start.line - 1, min(len(lines), start.line + 200)):
        column = lines[number].find(char, start.column - 1 if number == start.line - 1 else 0)
        if column >= 0:
            return Location(start.path, number + 1, column + 1)
    return start
