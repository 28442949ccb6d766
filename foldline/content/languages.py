"""How each language is written and set: ``layouts/languages.yaml`` read into a typed Language.

Direction, script, hyphenation, drop caps, joiners, punctuation around names and
labels, and the font stacks (by family name) of each script. Data, not code: a
new language or script is a YAML edit. Read here, on the content side, because
the content checks need it too (which joiners a script allows, which fonts must
cover a translation's characters); the layout reads the same Language.
Errors in the file are reported at their line and column, like content's.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ContentError, Problem
from ..project import Project
from .validate import data_problems
from .yamlsource import read_yaml

LANGUAGES_FILE = "languages.yaml"  # in layouts/
NO_BREAK = {"narrow": "\u202f", "full": "\u00a0"}


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Traits(_Data):
    script: str | None = None
    direction: Literal["ltr", "rtl"] | None = None
    hyphenate: bool | None = None
    drop_cap: bool | None = None
    joiners: bool | None = None
    name_separator: str | None = None
    brackets: str | None = Field(None, min_length=2, max_length=2)
    # No-break spaces the layout puts before or after punctuation (French: "Note : ...",
    # « guillemets »): narrow (U+202F) or full (U+00A0); the YAML stays as typed.
    space_before: dict[str, Literal["narrow", "full"]] | None = None
    space_after: dict[str, Literal["narrow", "full"]] | None = None


class Stacks(_Data):
    body: list[str] = Field(min_length=1)
    heading: list[str] = Field(min_length=1)
    narrow: list[str] = Field(default_factory=list)


class LanguageTable(_Data):
    default: Traits
    languages: dict[str, Traits]
    scripts: dict[str, Stacks]


@dataclass(frozen=True)
class Language:
    """Everything the checks and the layout need to know to set one language."""

    tag: str
    script: str
    direction: str
    hyphenate: bool
    drop_cap: bool
    joiners: bool
    name_separator: str
    brackets: str  # opening and closing parenthesis, e.g. around a phone number's label
    body_families: tuple[str, ...]
    heading_families: tuple[str, ...]
    narrow_families: tuple[str, ...] = ()
    listed: bool = True  # False: not in languages.yaml, set with its `default` entry
    space_before: tuple[tuple[str, str], ...] = ()  # (punctuation, "narrow" or "full")
    space_after: tuple[tuple[str, str], ...] = ()

    def typeset(self, text: str) -> str:
        """Text with the language's no-break spaces around punctuation: any spaces typed
        there replaced by the right one, none added inside a web address ("https://")."""
        for mark, kind in self.space_before:
            # Only punctuation that ends a word: followed by a space, closing punctuation or the end.
            pattern = rf"(?<=[^\s;:!?\u00A0\u202F])[ \u00A0\u202F]*{re.escape(mark)}(?=[\s»”\")\].,;:!?]|$)"
            text = re.sub(pattern, NO_BREAK[kind] + mark, text)
        for mark, kind in self.space_after:
            text = re.sub(rf"{re.escape(mark)}[ \u00A0\u202F]*(?=\S)", mark + NO_BREAK[kind], text)
        return text

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.body_families + self.narrow_families + self.heading_families))

    def body_stack(self, narrow: bool) -> tuple[str, ...]:
        """The body stack; a narrow face first where the format asks and the script has one."""
        return tuple(dict.fromkeys(self.narrow_families + self.body_families)) if narrow else self.body_families


def as_bools(data):
    """The strict reader gives text; the data files hold true/false too."""
    if isinstance(data, dict):
        return {k: as_bools(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_bools(v) for v in data]
    return {"true": True, "false": False}.get(data, data) if isinstance(data, str) else data


@functools.cache
def _language_table(path: Path) -> LanguageTable:
    text = read_yaml(path)
    try:
        table = LanguageTable.model_validate(as_bools(text.data))
    except ValidationError as exc:
        raise ContentError(data_problems(text, exc, LanguageTable, "invalid-languages")) from None
    unknown = [_unknown_script(text, key) for key in table.scripts if key not in _unicode_scripts()]
    if unknown:
        raise ContentError(unknown)
    return table


@functools.cache
def _unicode_scripts() -> frozenset[str]:
    """Unicode's script names in lower case ("bengali", "han"): what a script's key must be."""
    from fontTools.unicodedata import Scripts

    return frozenset(name.lower() for name in Scripts.NAMES.values())


def _unknown_script(text, key: str) -> Problem:
    """A script key that is no Unicode script name: the checks go by the name (which
    scripts reorder their vowel signs, which are set without spaces), so a name of our
    own would quietly get the wrong checks."""
    return Problem(text.where(("scripts", key)), f"scripts.{key}",
                   f"{key!r} is not a Unicode script name; name a script as Unicode does, in lower case "
                   "(latin, hebrew, bengali, han): the checks of how its text layer reads go by the name",
                   code="invalid-languages")


def language_for(project: Project, tag: str) -> Language:
    path = project.layouts / LANGUAGES_FILE
    table = _language_table(path)
    traits = table.default.model_dump()
    base = tag.split("-")[0]
    for key in (base, tag):
        if key in table.languages:
            traits.update({k: v for k, v in table.languages[key].model_dump().items() if v is not None})
    stacks = table.scripts.get(traits["script"])
    if stacks is None:
        raise ContentError(
            [Problem(read_yaml(path).where(("languages",)), "scripts", f"script {traits['script']!r} of {tag!r} has no font stacks", code="invalid-languages")]
        )
    return Language(
        tag=tag,
        script=traits["script"],
        direction=traits["direction"],
        hyphenate=traits["hyphenate"],
        drop_cap=traits["drop_cap"],
        joiners=traits["joiners"],
        name_separator=traits["name_separator"],
        brackets=traits["brackets"],
        body_families=tuple(stacks.body),
        heading_families=tuple(stacks.heading),
        narrow_families=tuple(stacks.narrow),
        listed=base in table.languages or tag in table.languages,
        space_before=tuple((traits.get("space_before") or {}).items()),
        space_after=tuple((traits.get("space_after") or {}).items()),
    )
