"""Translation units and their fingerprints: the one definition both the check and the writers use.

A *unit* is one translatable mapping: ``meta`` (title, subtitle, summary,
keywords), ``labels`` (page, online, notes), a section (its title), a paragraph
(``text``), a list item (name and description), a phone that has a label, and each
of the other blocks as a whole (a subheading, a bulleted list, steps, a callout's
title (its blocks are units of their own), a figure's alt text and caption, a
table's caption and cells, a quote, a references list). Fingerprints are taken of
the words without their inline markup; ``compare.py`` checks the markup itself.
Each unit of a translation records in ``src:`` the fingerprint of the source
unit it was translated from, so an edit of the source names exactly the units
every language must revisit.
"""
from __future__ import annotations

import hashlib
import unicodedata

from pydantic import BaseModel

from . import inline, models
from .load import normalize_space

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
    models.SubheadingBlock: ("subheading",),
    models.BulletsBlock: ("bullets",),
    models.StepsBlock: ("steps",),
    models.CalloutBlock: ("callout.title",),
    models.FigureBlock: ("figure.alt", "figure.caption"),
    models.TableBlock: ("table.caption", "table.header", "table.rows"),
    models.QuoteBlock: ("quote.text", "quote.source"),
    models.ReferencesBlock: ("references",),
}
# Fields printed as written (headings, alt text, labels): their markup is not parsed.
PLAIN_FIELDS = frozenset({"title", "subtitle", "summary", "keywords", "page", "online", "notes", "name", "label", "subheading",
                          "callout.title", "figure.alt"})

# labels.draft as new-language writes it, for the translator to replace.
DRAFT_LABEL = "Draft translation, not yet reviewed"

_SEPARATOR = "\x1f"  # between the fields of a unit in its fingerprint


def translatable_fields(unit: BaseModel) -> tuple[str, ...]:
    return tuple(name for name in UNIT_FIELDS[type(unit)] if name.split(".")[0] in type(unit).model_fields)


def field_value(unit: BaseModel, name: str):
    """A unit's field by its name in UNIT_FIELDS ("text", or "figure.alt" inside the block)."""
    value = unit
    for part in name.split("."):
        value = getattr(value, part)
    return value


def field_path(name: str) -> tuple[str, ...]:
    """The key path of a unit's field below the unit."""
    return tuple(name.split("."))


def field_texts(value) -> list[str]:
    """Every text of a field's value: itself, a list's elements, a table's cells."""
    if value is None:
        return [""]
    if isinstance(value, list):
        return [text for element in value for text in field_texts(element)]
    return [value]


def fingerprint(unit: BaseModel) -> str:
    """The first 8 hex digits of the SHA-256 of a unit's translatable text.

    Fields in the order of UNIT_FIELDS (an absent one counts as empty, a list
    contributes each element), each NFC-normalised with white space collapsed,
    joined by U+001F. Re-wrapping a paragraph therefore does not make it stale;
    changing a word does.
    """
    return fingerprint_of([(name, field_texts(field_value(unit, name))) for name in translatable_fields(unit)])


def fingerprint_of(texts: list[tuple[str, list[str]]]) -> str:
    """The fingerprint of (field name, its texts) pairs in the unit's field order."""
    parts = [normal(text if name in PLAIN_FIELDS else inline.plain(text)) for name, values in texts for text in values]
    return hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).hexdigest()[:8]


def field_items(unit: BaseModel, name: str) -> list[tuple[tuple, str]]:
    """(key path below the unit, text) of every text of a field: the field itself, or
    each element of a list (a table's rows: each cell) by its index."""
    found: list[tuple[tuple, str]] = []

    def walk(value, parts: tuple) -> None:
        if isinstance(value, list):
            for index, element in enumerate(value):
                walk(element, (*parts, index))
        elif value is not None:
            found.append((parts, value))

    walk(field_value(unit, name), field_path(name))
    return found


def item_path(item_id: str) -> tuple:
    """A field item's key path from its id ("table.rows.0.1" -> ("table", "rows", 0, 1))."""
    return tuple(int(part) if part.isdigit() else part for part in item_id.split("."))


def units(leaflet: models.Leaflet):
    """Every unit of a leaflet with its key path, in reading order."""
    yield ("meta",), leaflet.meta
    yield ("labels",), leaflet.labels
    for path, section in _sections(leaflet):
        yield path, section
        yield from _blocks(path, section.blocks)


def _blocks(path: tuple, blocks):
    for index, block in enumerate(blocks):
        block_path = path + ("blocks", index)
        if isinstance(block, models.ListBlock):
            for number, item in enumerate(block.items):
                yield block_path + ("items", number), item
        elif isinstance(block, models.OrganizationBlock):
            for number, phone in enumerate(block.organization.phones):
                if phone.label is not None:
                    yield block_path + ("organization", "phones", number), phone
        else:
            yield block_path, block
            if isinstance(block, models.CalloutBlock):
                yield from _blocks(block_path + ("callout",), block.callout.blocks)


def _sections(leaflet: models.Leaflet):
    for index, section in enumerate(leaflet.sections):
        yield ("sections", index), section
    yield ("contacts",), leaflet.contacts


def normal(text: str) -> str:
    return normalize_space(unicodedata.normalize("NFC", text))


def present(value) -> bool:
    return value is not None and value != []


def marked_texts(leaflet: models.Leaflet):
    """Every text of a leaflet that carries inline markup (paragraphs, entries, cells...)."""
    for _, unit in units(leaflet):
        for name in translatable_fields(unit):
            if name not in PLAIN_FIELDS:
                yield from (text for text in field_texts(field_value(unit, name)) if text)


def block_texts(leaflet: models.Leaflet):
    """(what, plain text) of the short texts of the blocks besides paragraphs a PDF must
    show: subheadings, callout titles, table captions and cells, quote sources, and the
    opening words of each list entry and step."""
    for _, unit in units(leaflet):
        if isinstance(unit, models.SubheadingBlock):
            yield "subheading", unit.subheading
        elif isinstance(unit, models.CalloutBlock) and unit.callout.title:
            yield "callout title", unit.callout.title
        elif isinstance(unit, models.TableBlock):
            table = unit.table
            cells = [*table.header, *(cell for row in table.rows for cell in row)]
            yield from (("table cell", inline.plain(cell)) for cell in cells)
            if table.caption:
                yield "table caption", inline.plain(table.caption)
        elif isinstance(unit, models.QuoteBlock) and unit.quote.source:
            yield "quote source", inline.plain(unit.quote.source)
        elif isinstance(unit, models.FigureBlock) and unit.figure.caption:
            yield "figure caption", " ".join(inline.plain(unit.figure.caption).split()[:4])
        for kind in ("bullets", "steps", "references"):
            if isinstance(unit, (models.BulletsBlock, models.StepsBlock, models.ReferencesBlock)) and hasattr(unit, kind):
                yield from ((kind, " ".join(inline.plain(entry).split()[:4])) for entry in getattr(unit, kind))
