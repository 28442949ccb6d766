"""Translation units and their fingerprints: the one definition both the check and the writers use.

A *unit* is one translatable mapping: ``meta`` (title, subtitle, summary,
keywords), ``labels`` (page, online, notes), a section (its title), a paragraph
(``text``), a list item (name and description) and a phone that has a label.
Each unit of a translation records in ``src:`` the fingerprint of the source
unit it was translated from, so an edit of the source names exactly the units
every language must revisit.
"""
from __future__ import annotations

import hashlib
import unicodedata

from pydantic import BaseModel

from . import models
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
}

# labels.draft as new-language writes it, for the translator to replace.
DRAFT_LABEL = "Draft translation, not yet reviewed"

_SEPARATOR = "\x1f"  # between the fields of a unit in its fingerprint


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
            parts.append(normal(text))
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


def normal(text: str) -> str:
    return normalize_space(unicodedata.normalize("NFC", text))


def present(value) -> bool:
    return value is not None and value != []
