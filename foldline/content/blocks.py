"""The block kinds of a section besides lists of types and organizations: paragraphs,
subheadings, bullets, steps, callouts, figures, tables, quotes and references.

Shapes only (pydantic); figures' files are checked by ``figures.py``, markup by
``inline.py`` through the ``Inline`` field type. ``models.py`` joins them into ``Block``.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator

from .fields import Fingerprint, Inline, Note, Same, ShortInline, ShortText, Strict, Text


class TextBlock(Strict):
    text: Inline
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class SubheadingBlock(Strict):
    subheading: ShortText = Field(description="A heading inside a section (printed as written)")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class BulletsBlock(Strict):
    bullets: list[Inline] = Field(min_length=1, description="A bulleted list")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class StepsBlock(Strict):
    steps: list[Inline] = Field(min_length=1, description="Numbered steps, in order")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


def _kind_of(value, kinds: tuple[str, ...]) -> str | None:
    if isinstance(value, dict):
        return next((kind for kind in kinds if kind in value), None)
    return next((kind for kind in kinds if kind in getattr(type(value), "model_fields", {})), None)


CALLOUT_PARTS = ("text", "bullets", "steps")
CalloutPart = Annotated[
    Annotated[TextBlock, Tag("text")] | Annotated[BulletsBlock, Tag("bullets")] | Annotated[StepsBlock, Tag("steps")],
    Discriminator(
        lambda value: _kind_of(value, CALLOUT_PARTS),
        custom_error_type="block_kind",
        custom_error_message="a block in a callout needs one of the keys 'text', 'bullets' or 'steps'",
    ),
]


class Callout(Strict):
    kind: Literal["key-points", "warning", "get-help"] = Field(description="How it is styled: key points, a warning, when to get help")
    title: ShortText | None = None
    blocks: list[CalloutPart] = Field(min_length=1, description="Text, bullets or steps")


class CalloutBlock(Strict):
    callout: Callout
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class Figure(Strict):
    image: Annotated[str, Field(pattern=r"^[A-Za-z0-9._/-]+\.(svg|png|jpe?g)$", max_length=200)] = Field(
        description="SVG, PNG or JPEG file, relative to the leaflet's folder; figures/x.<lang>.svg is used for <lang> when present"
    )
    alt: Text = Field(description="What a screen reader says instead of the picture (required)")
    caption: Inline | None = None


class FigureBlock(Strict):
    figure: Figure
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


def _whole_number(value):
    """The content reader gives every scalar as text; a width is written as a whole number."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,3}", value):
        return int(value)
    return value


Percent = Annotated[int, Field(ge=5, le=95), BeforeValidator(_whole_number)]  # Field first: see models.ReadingGrade


class Table(Strict):
    caption: Inline | None = None
    header: list[ShortInline] = Field(min_length=1, max_length=8, description="The header row")
    rows: list[list[ShortInline]] = Field(min_length=1)
    widths: list[Percent] | None = Field(None, description="Column widths, percent of the table width")

    @field_validator("rows")
    @classmethod
    def _row_lengths(cls, rows, info):
        header = info.data.get("header")
        for number, row in enumerate(rows, 1):
            if header is not None and len(row) != len(header):
                raise ValueError(f"row {number} has {len(row)} cell(s); the header has {len(header)}")
        return rows

    @field_validator("widths")
    @classmethod
    def _widths(cls, widths, info):
        header = info.data.get("header")
        if widths is not None and header is not None and len(widths) != len(header):
            raise ValueError(f"{len(widths)} width(s) for {len(header)} column(s)")
        if widths is not None and not 98 <= sum(widths) <= 102:
            raise ValueError(f"widths add up to {sum(widths)}; they are percentages of the table width (100)")
        return widths


class TableBlock(Strict):
    table: Table
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class Quote(Strict):
    text: Inline
    source: ShortInline | None = Field(None, description="Who said or wrote it")


class QuoteBlock(Strict):
    quote: Quote
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class ReferencesBlock(Strict):
    references: list[Inline] = Field(min_length=1, description="Sources, one per entry")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None
