"""A translation against its source, unit by unit: structure, untranslated and stale units, contacts.

Sections are matched by id, everything else by position. Each finding names the
translation's file, line and key, and shows the source's text or place for
reference. Works on loaded leaflets; never renders, never writes.
"""
from __future__ import annotations

import re

from pydantic import BaseModel

from ..errors import Problem, key_path
from . import inline, models, protected
from .history import SourceHistory, unit_text, word_diff
from .load import LoadedLeaflet
from .phones import tel_uri
from .units import (
    DRAFT_LABEL,
    PLAIN_FIELDS,
    UNIT_FIELDS,
    field_path,
    field_texts,
    field_value,
    fingerprint,
    normal,
    present,
    translatable_fields,
)
from .yamlsource import SourceText

# Keys of a unit about its translation, not its content: never compared with the source.
BOOKKEEPING = frozenset({"src", "same", "note"})

BLOCK_KINDS = {
    models.TextBlock: "a paragraph (text)",
    models.ListBlock: "a list of types (items)",
    models.OrganizationBlock: "an organization",
    models.SubheadingBlock: "a subheading",
    models.BulletsBlock: "a bulleted list (bullets)",
    models.StepsBlock: "numbered steps (steps)",
    models.CalloutBlock: "a callout",
    models.FigureBlock: "a figure",
    models.TableBlock: "a table",
    models.QuoteBlock: "a quote",
    models.ReferencesBlock: "a references list",
}
# Blocks whose content is one mapping under the block's key: its optional keys are
# compared like a unit's.
_NESTED = {models.CalloutBlock: "callout", models.FigureBlock: "figure", models.TableBlock: "table", models.QuoteBlock: "quote"}
_LISTS = {models.BulletsBlock: "bullets", models.StepsBlock: "steps", models.ReferencesBlock: "references"}


def compare(source: LoadedLeaflet, translation: LoadedLeaflet, history: SourceHistory | None = None) -> list[Problem]:
    """Structure, untranslated and stale units, and contacts of a translation against its
    source; with a history, stale units show what changed in the source since."""

    def old_text(value: str) -> str | None:
        return history.text(source.file.leaflet, value, source.file.path) if history is not None else None

    comparison = Comparison(source, translation)
    comparison.run()
    problems = comparison.problems
    for _source_path, source_unit, path, unit in comparison.pairs:
        problems += _untranslated(translation.source_text, source_unit, path, unit)
        problems += _stale(translation.source_text, source_unit, path, unit, old_text)
        problems += _markup(translation.source_text, source_unit, path, unit)
        problems += _protected(translation.source_text, source_unit, path, unit)
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
        self._unit(("meta",), source.meta, ("meta",), leaflet.meta, ignore={"translation", "language", "translated_url_hosts", "reading_grade"})
        self._unit(("labels",), source.labels, ("labels",), leaflet.labels, ignore={"draft"})
        draft = leaflet.labels.draft
        if draft is not None and normal(draft) in {DRAFT_LABEL, normal(source.labels.draft or "")}:
            self.problems.append(Problem(
                self.text.value_at(("labels", "draft")), "labels.draft",
                f"untranslated: the same as the source ({_excerpt(leaflet.labels.draft)}); every PDF prints it "
                "while the translation is a draft", severity="warning", code="untranslated",
            ))
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

    def _unit(self, source_path, source_unit, path, unit, ignore=frozenset(), pair: bool = True) -> None:
        """A mapping's optional keys present on both sides; a translatable unit is paired."""
        for name in type(unit).model_fields:
            if name in BOOKKEEPING or name in ignore:
                continue
            has_source, has = present(getattr(source_unit, name)), present(getattr(unit, name))
            if has_source and not has:
                self._missing(path + (name,), f"{name}: {_excerpt(getattr(source_unit, name))}", source_path + (name,))
            elif has and not has_source:
                self._extra(path + (name,), f"the source has no {name} here; remove it")
        if pair and type(unit) in UNIT_FIELDS and (not isinstance(unit, models.Phone) or source_unit.label is not None):
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
        self._blocks(source_path, source_section.blocks, path, section.blocks, "section")

    def _blocks(self, source_path, source_blocks, path, blocks, where: str) -> None:
        for index, source_block in enumerate(source_blocks):
            block_path, source_block_path = path + ("blocks", index), source_path + ("blocks", index)
            if index >= len(blocks):
                self._missing(block_path, BLOCK_KINDS[type(source_block)], source_block_path)
                continue
            block = blocks[index]
            if type(block) is not type(source_block):
                self._error(
                    block_path,
                    f"is {BLOCK_KINDS[type(block)]}; the source has {BLOCK_KINDS[type(source_block)]} here "
                    f"({self.source.value_at(source_block_path)})",
                    "different-block",
                )
            elif isinstance(block, models.ListBlock):
                self._items(source_block_path, source_block, block_path, block)
            elif isinstance(block, models.OrganizationBlock):
                self._organization(source_block_path + ("organization",), source_block.organization, block_path + ("organization",), block.organization)
            else:
                self._block(source_block_path, source_block, block_path, block)
        for index in range(len(source_blocks), len(blocks)):
            self._extra(path + ("blocks", index), f"the source has {len(source_blocks)} block(s) in this {where}")

    def _block(self, source_path, source_block, path, block) -> None:
        """A block that is one unit: its keys, its shape (entries, rows, cells) and what is not translated."""
        self._unit(source_path, source_block, path, block)
        key = _NESTED.get(type(block))
        if key:
            self._unit(source_path + (key,), getattr(source_block, key), path + (key,), getattr(block, key), ignore={"blocks"}, pair=False)
        if type(block) in _LISTS:
            self._count(path + (_LISTS[type(block)],), getattr(source_block, _LISTS[type(block)]), getattr(block, _LISTS[type(block)]), "entries")
        elif isinstance(block, models.TableBlock):
            self._count(path + ("table", "header"), source_block.table.header, block.table.header, "columns")
            if self._count(path + ("table", "rows"), source_block.table.rows, block.table.rows, "rows"):
                for number, (wanted, given) in enumerate(zip(source_block.table.rows, block.table.rows, strict=True)):
                    self._count(path + ("table", "rows", number), wanted, given, "cells")
            if source_block.table.widths != block.table.widths:
                self._error(path + ("table",), f"column widths differ from the source's {source_block.table.widths}", "different-shape", at_key=True)
        elif isinstance(block, models.FigureBlock) and source_block.figure.image != block.figure.image:
            self._error(
                path + ("figure", "image"),
                f"is not the source's image {source_block.figure.image!r}; a language's own drawing is found by its name "
                "(figures/x.<lang>.svg beside figures/x.svg)",
                "different-image",
            )
        elif isinstance(block, models.CalloutBlock):
            if source_block.callout.kind != block.callout.kind:
                self._error(path + ("callout", "kind"), f"is {block.callout.kind!r}; the source has {source_block.callout.kind!r}", "different-block")
            self._blocks(source_path + ("callout",), source_block.callout.blocks, path + ("callout",), block.callout.blocks, "callout")

    def _count(self, path, wanted: list, given: list, what: str) -> bool:
        if len(wanted) == len(given):
            return True
        self._error(path, f"has {len(given)} {what}; the source has {len(wanted)}", "different-shape", at_key=True)
        return False

    def _items(self, source_path, source_block, path, block) -> None:
        for index, source_item in enumerate(source_block.items):
            if index >= len(block.items):
                self._missing(path + ("items", index), f"the item {source_item.name!r}", source_path + ("items", index))
            else:
                self._unit(source_path + ("items", index), source_item, path + ("items", index), block.items[index])
        for index in range(len(source_block.items), len(block.items)):
            self._extra(path + ("items", index), f"the source has {len(source_block.items)} item(s) in this list")

    def _source_place(self, source_path: tuple, name: str):
        """Where the source gives a detail (or the organization, when it gives none)."""
        return self.source.value_at(source_path + (name,)) if (*source_path, name) in self.source.locations else self.source.where(source_path)

    def _organization(self, source_path, source, path, organization) -> None:
        """Contact details are not translated: a translation leaves them out (they are merged
        from the source when it is loaded) or gives the source's, exactly. Names may be
        translated."""
        for name in ("country", "email", "website"):
            wanted, given = getattr(source, name), getattr(organization, name)
            if wanted != given:
                shown = f"{wanted!r}" if wanted is not None else "none"
                self._error(
                    path + (name,),
                    f"differs from the source, which has {shown} ({self._source_place(source_path, name)}); contact details "
                    "stay as in the source: leave this key out and the source's is used",
                    "contact-changed",
                )
        if source.address != organization.address:
            self._error(
                path + ("address",),
                f"differs from the source, which has {source.address!r} ({self._source_place(source_path, 'address')}); "
                "leave the address out and the source's is used",
                "contact-changed",
            )
        for index, source_phone in enumerate(source.phones):
            phone_path = path + ("phones", index)
            if index >= len(organization.phones):
                self._missing(phone_path, f"the phone {source_phone.number}", source_path + ("phones", index))
                continue
            phone = organization.phones[index]
            if tel_uri(phone.number, organization.country) != tel_uri(source_phone.number, source.country):
                self._error(
                    phone_path + ("number",),
                    f"{phone.number} is not the source's number {source_phone.number} "
                    f"({self.source.value_at(source_path + ('phones', index, 'number'))}); phone numbers stay as in the source",
                    "phone-changed",
                )
            self._unit(source_path + ("phones", index), source_phone, phone_path, phone, ignore={"number"})
        for index in range(len(source.phones), len(organization.phones)):
            self._extra(path + ("phones", index), f"the source has {len(source.phones)} phone(s) for this organization")


def _untranslated(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel) -> list[Problem]:
    """Translatable text identical to the source (short forms and acronyms aside), unless
    the unit says it is intentionally the same (``same: true``)."""
    problems = []
    if getattr(unit, "same", None):
        return problems
    for name in translatable_fields(source_unit):
        wanted, given = field_value(source_unit, name), field_value(unit, name)
        if isinstance(wanted, list):
            source_words = {normal(v) for v in field_texts(wanted)}
            same = [(field_path(name) + (index,), v) for index, v in enumerate(given or []) if isinstance(v, str) and normal(v) in source_words]
        else:
            same = [(field_path(name), given)] if wanted and given and normal(wanted) == normal(given) else []
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


def _markup(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel) -> list[Problem]:
    """Inline markup a translation dropped, added or changed: links (by target), emphasis,
    strong spans and line breaks, counted per text (an entry, a cell)."""
    problems = []
    for name in translatable_fields(source_unit):
        if name in PLAIN_FIELDS:
            continue
        wanted, given = field_value(source_unit, name), field_value(unit, name)
        pairs = _texts_with_paths(field_path(name), wanted, given)
        for parts, source_text, translated in pairs:
            have, want = inline.signature(translated), inline.signature(source_text)
            if have == want:
                continue
            lost = ", ".join(sorted((want - have).elements())) or "nothing"
            added = ", ".join(sorted((have - want).elements())) or "nothing"
            problems.append(
                Problem(
                    text.value_at(path + parts),
                    key_path(path + parts),
                    f"markup differs from the source: missing {lost}; added {added} (source: {_excerpt(source_text)})",
                    severity="warning",
                    code="markup-differs",
                )
            )
    return problems


def _protected(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel) -> list[Problem]:
    """Do-not-translate spans (``protected.py``: the author's ``{{...}}``, addresses, phone
    numbers, doses) a translation changed or left out, per text."""
    problems = []
    for name in translatable_fields(source_unit):
        pairs = _texts_with_paths(field_path(name), field_value(source_unit, name), field_value(unit, name))
        for parts, source_text, translated in pairs:
            if lost := protected.missing(source_text, translated, marked=name not in PLAIN_FIELDS):
                shown = ", ".join(f'"{span.text}"' for span in lost)
                message = f"do-not-translate text changed: {shown} must stay as in the source (source: {_excerpt(source_text)})"
                problems.append(Problem(text.value_at(path + parts), key_path(path + parts), message,
                                        severity="warning", code="do-not-translate"))
    return problems


def _texts_with_paths(parts: tuple, wanted, given):
    """(key path, source text, translated text) of the texts of a field, matched by position."""
    if isinstance(wanted, str) and isinstance(given, str):
        yield parts, wanted, given
    elif isinstance(wanted, list) and isinstance(given, list):
        for index, (a, b) in enumerate(zip(wanted, given, strict=False)):
            yield from _texts_with_paths(parts + (index,), a, b)


def _wordy(text: str) -> bool:
    """Text a translator must translate: longer than 3 characters with a word of 4+
    letters that is not an acronym (NINDS, PME and numbers stay as they are)."""
    words = re.findall(r"[^\W\d_]+", text)
    return len(text.strip()) > 3 and any(len(word) >= 4 and not word.isupper() for word in words)


def _stale(text: SourceText, source_unit: BaseModel, path: tuple, unit: BaseModel, old_text) -> list[Problem]:
    """A unit whose recorded src is not the fingerprint of the source text as it is now."""
    current = fingerprint(source_unit)
    if unit.src == current:
        return []
    details: dict = {"old_src": unit.src, "new_src": current, "new_text": unit_text(source_unit)}
    new = _quoted_text(source_unit)
    if unit.src is None:
        where = text.value_at(path)
        message = (
            f"stale: no src recorded; when this translates the source text, add src: \"{current}\"; source text: {new}"
        )
    else:
        where = text.value_at(path + ("src",))
        message = (
            f"stale: the source text changed since this was translated (src {unit.src}); "
            f"update the translation, then set src: \"{current}\"; new source text: {new}"
        )
        old = old_text(unit.src)
        if old is not None:
            details.update(old_text=old, diff=word_diff(old, details["new_text"]))
            message += f"; what changed: {details['diff']}"
    return [Problem(where, key_path(path), message, severity="warning", code="stale", details=tuple(details.items()))]


def _quoted_text(unit: BaseModel) -> str:
    """A unit's translatable text, quoted, field by field when it has several."""
    fields = [(name, field_value(unit, name)) for name in translatable_fields(unit) if present(field_value(unit, name))]
    quoted = [(name, ", ".join(f'"{normal(v)}"' for v in field_texts(value)) if isinstance(value, list) else f'"{normal(value)}"') for name, value in fields]
    if len(quoted) == 1:
        return quoted[0][1]
    return " ".join(f"{name}: {value}" for name, value in quoted)


def _excerpt(value, limit: int = 40) -> str:
    if isinstance(value, list):
        value = ", ".join(value)
    value = normal(str(value))
    return f'"{value}"' if len(value) <= limit else f'"{value[: limit - 1].rstrip()}…"'
