"""The bundled fonts: ``fonts/fonts.yaml`` read into typed faces, and what characters they cover.

The stylesheets name only these families (``layout/stylesheet.py`` registers the
files with @font-face), and the translation check uses the same files' character
maps to report text that no bundled font for its language prints (it would print
as a box, with no warning from the renderer). Read with fontTools, never WeasyPrint.
Errors in fonts.yaml, and font files that are missing or lead out of the project,
are reported at their line and column like content's.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ContentError, Problem
from ..project import Project
from .languages import Language
from .validate import data_problems
from .yamlsource import read_yaml

FONTS_FILE = "fonts.yaml"  # in fonts/
# Never a missing glyph: line breaks, spaces, soft hyphens and joiners print nothing.
_IGNORABLE = frozenset({0x0A, 0x20, 0xAD, 0x200C, 0x200D})


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


@functools.cache
def font_table(path: Path) -> FontTable:
    text = read_yaml(path)
    data = text.data
    if isinstance(data, dict) and isinstance(data.get("families"), dict):
        for family in data["families"].values():
            for face in family.get("faces", []) if isinstance(family, dict) else []:
                if isinstance(face, dict) and isinstance(face.get("weight"), str) and face["weight"].isdigit():
                    face["weight"] = int(face["weight"])
    try:
        return FontTable.model_validate(data)
    except ValidationError as exc:
        raise ContentError(data_problems(text, exc, FontTable, "invalid-fonts")) from None


def font_faces(project: Project, families: tuple[str, ...] | None = None) -> list[FontFace]:
    """The bundled font files, for all families or the ones named."""
    path = project.fonts / FONTS_FILE
    table = font_table(path)
    faces = []
    for name, family in table.families.items():
        if families is not None and name not in families:
            continue
        for number, face in enumerate(family.faces):
            file = project.fonts / family.folder / face.file
            if not project.inside(file, project.root):
                where = read_yaml(path).value_at(("families", name, "faces", number, "file"))
                raise ContentError(
                    [Problem(where, f"families.{name}.faces[{number}].file", f"{file} leads out of the project (to {file.resolve()}); refused", code="invalid-fonts")]
                )
            faces.append(FontFace(name, file, face.weight, face.style))
    return faces


@functools.cache
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
    return sorted({c for c in text if ord(c) not in covered and ord(c) not in _IGNORABLE})
