"""The field types and base model every content model uses: text lengths, inline markup, fingerprints.

Kept apart from ``models.py`` (the leaflet) and ``blocks.py`` (the block kinds) so both
can use them. Nothing here reads files.
"""
from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import inline

Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{8}$", description="Fingerprint of the source text this was translated from")]
# Beside src in a translation: the translation is intentionally the same as the source.
Same = Annotated[
    Literal["true"] | None,
    Field(description="true: this translation is intentionally the same as the source (e.g. 'Notes' in French)"),
]
# An author's note to translators about one unit: never printed, exported with the unit.
Note = Annotated[
    str, Field(min_length=1, max_length=500, description="A note to translators about this part; never printed")
]


def _nfc(value: str) -> str:
    """Composed form: an "É" typed as E + combining accent is one character, as fonts,
    drop caps, comparisons and the text layer expect."""
    return unicodedata.normalize("NFC", value)


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_nfc)]
ShortText = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_nfc)]
# Reader-visible text that may carry inline markup (inline.py): *emphasis*, **strong**,
# [words](https://...), and a backslash at a line's end for a line break.
Inline = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_nfc), AfterValidator(inline.check)]
ShortInline = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_nfc), AfterValidator(inline.check)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
# BCP 47 subset: language, optional script, optional region (en, zh-Hans, pt-BR, sr-Latn-RS).
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)
