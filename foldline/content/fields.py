"""The field types and base model every content model uses: text lengths, inline markup, fingerprints.

Kept apart from ``models.py`` (the leaflet) and ``blocks.py`` (the block kinds) so both
can use them. Nothing here reads files.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import inline

Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{8}$", description="Fingerprint of the source text this was translated from")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
# Reader-visible text that may carry inline markup (inline.py): *emphasis*, **strong**,
# [words](https://...), and a backslash at a line's end for a line break.
Inline = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(inline.check)]
ShortInline = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(inline.check)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
# BCP 47 subset: language, optional script, optional region (en, zh-Hans, pt-BR, sr-Latn-RS).
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False)
