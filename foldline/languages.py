"""How each language is set, and which bundled fonts can print it.

Reads ``layouts/languages.yaml`` (direction, hyphenation, drop caps, font
stacks per script) and ``fonts/fonts.yaml`` (the bundled families and their
files). Both are data: a new language or script is a YAML edit, not code.
The character maps of the bundled fonts are read here, so the translation
check and the renderer agree on what a language can print.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .project import Project
from .yamlsource import read_yaml


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


class Stacks(_Data):
    body: list[str] = Field(min_length=1)
    heading: list[str] = Field(min_length=1)
    narrow: list[str] = Field(default_factory=list)


class LanguageTable(_Data):
    default: Traits
    languages: dict[str, Traits]
    scripts: dict[str, Stacks]


class Face(_Data):
    file: str
    weight: int = 400
    style: Literal["normal", "italic"] = "normal"


class Family(_Data):
    folder: str
    faces: list[Face] = Field(min_length=1)


class FontTable(_Data):
    families: dict[str, Family]


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class Language:
    """Everything the layout needs to know to set one language."""

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

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.body_families + self.narrow_families + self.heading_families))

    def body_stack(self, narrow: bool) -> tuple[str, ...]:
        """The body stack; a narrow face first where the format asks and the script has one."""
        return tuple(dict.fromkeys(self.narrow_families + self.body_families)) if narrow else self.body_families


def _as_bools(data):
    """The strict reader gives text; these two data files hold true/false too."""
    if isinstance(data, dict):
        return {k: _as_bools(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_bools(v) for v in data]
    return {"true": True, "false": False}.get(data, data) if isinstance(data, str) else data


@functools.lru_cache(maxsize=None)
def _language_table(path: Path) -> LanguageTable:
    return LanguageTable.model_validate(_as_bools(read_yaml(path).data))


@functools.lru_cache(maxsize=None)
def font_table(path: Path) -> FontTable:
    data = read_yaml(path).data
    for family in data.get("families", {}).values():
        for face in family.get("faces", []):
            if "weight" in face:
                face["weight"] = int(face["weight"])
    return FontTable.model_validate(data)


def language_for(project: Project, tag: str) -> Language:
    table = _language_table(project.layouts / "languages.yaml")
    traits = table.default.model_dump()
    base = tag.split("-")[0]
    for key in (base, tag):
        if key in table.languages:
            traits.update({k: v for k, v in table.languages[key].model_dump().items() if v is not None})
    stacks = table.scripts.get(traits["script"])
    if stacks is None:
        raise ValueError(f"layouts/languages.yaml: script {traits['script']!r} of {tag!r} has no font stacks")
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
    )


def font_faces(project: Project, families: tuple[str, ...] | None = None) -> list[FontFace]:
    """The bundled font files, for all families or the ones named."""
    table = font_table(project.fonts / "fonts.yaml")
    faces = []
    for name, family in table.families.items():
        if families is not None and name not in families:
            continue
        for face in family.faces:
            path = project.fonts / family.folder / face.file
            project.check_inside_project(path)
            faces.append(FontFace(name, path, face.weight, face.style))
    return faces


@functools.lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        # Only the code points are wanted: numbered glyph names spare fontTools parsing
        # the real ones (the post table, or a CJK font's CFF charset), most of the time.
        font.setGlyphOrder([f"glyph{index}" for index in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap())


def uncovered_characters(project: Project, language: Language, text: str) -> list[str]:
    """Characters in text that no regular face of the language's body or heading stacks has."""
    covered: set[int] = set()
    for face in font_faces(project, language.families):
        if face.weight == 400 or face.family in language.heading_families:
            covered |= _cmap(face.path)
    ignorable = {0x0A, 0x20, 0xAD, 0x200C, 0x200D}
    return sorted({c for c in text if ord(c) not in covered and ord(c) not in ignorable})
