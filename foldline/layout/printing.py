"""Colours and print profiles as data: layouts/colours.yaml, layouts/print.yaml, layouts/print/.

- ``Palette``: every colour the layouts use, once, with its sRGB value for the
  screen variant and its CMYK for print. The stylesheet writes the screen values as
  CSS variables (``css_variables``); the print finisher asks ``cmyk_for`` for the
  ink of a colour WeasyPrint drew in sRGB.
- ``PrintProfile``: what a print file is made for: the printing condition (its
  identifier, ICC profile and ink limit), marks, the safe margin, the small-text size.

Data only: reading and validating the files. Never converts a PDF (``pdf/press.py``)
nor checks one (``pdf/preflight.py``).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..content.validate import data_problems
from ..content.yamlsource import read_yaml
from ..errors import ContentError, Problem
from ..project import Project, check_name

HEX = re.compile(r"#[0-9a-f]{6}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colour(_Data):
    screen: str = Field(description="sRGB, #rrggbb (lower case)")
    print: tuple[float, float, float, float] = Field(description="CMYK in percent")
    use: str = ""

    @field_validator("screen")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not HEX.fullmatch(value):
            raise ValueError("give the screen colour as #rrggbb in lower case")
        return value

    @field_validator("print")
    @classmethod
    def _percent(cls, value: tuple) -> tuple:
        if any(not 0 <= v <= 100 for v in value):
            raise ValueError("each ink is a percentage, 0 to 100")
        return value

    @property
    def rgb(self) -> tuple[int, int, int]:
        return tuple(int(self.screen[i:i + 2], 16) for i in (1, 3, 5))


class Palette(_Data):
    colours: dict[str, Colour]

    def css_variables(self) -> str:
        """The :root rule every stylesheet's var(--name) refers to (screen values: both
        variants are laid out alike; the print file's inks come from ``cmyk_for``)."""
        return ":root { " + " ".join(f"--{name}: {c.screen};" for name, c in self.colours.items()) + " }"

    def cmyk_for(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float] | None:
        """The CMYK (0-1) of a screen colour given as 0-255 channels; None if not in the palette."""
        return self._by_rgb.get(tuple(rgb))

    @functools.cached_property
    def _by_rgb(self) -> dict:
        return {c.rgb: tuple(v / 100 for v in c.print) for c in self.colours.values()}


class Condition(_Data):
    """A printing condition: what the PDF/X OutputIntent names, and its limits."""

    name: str
    identifier: str = Field(description="OutputConditionIdentifier, e.g. FOGRA39")
    registry: str = "http://www.color.org"
    condition: str = Field(description="a human description of the condition")
    profile: Path = Field(description="the ICC output profile, beside the condition's file")
    ink_limit: float = Field(gt=0, le=400, description="% total area coverage")


class PrintProfile(_Data):
    condition: Condition
    bleed: float | None = Field(None, ge=0, le=20, description="mm on every side for every format; none: the format's")
    marks: bool = True
    safe_margin: float = Field(3, ge=0, description="mm inside the trim kept free of text")
    small_text: float = Field(12, gt=0, description="pt; smaller black or grey text must be K only")
    image_ppi: float = Field(300, gt=0, description="the least effective resolution of an image")

    @property
    def ink_limit(self) -> float:
        return self.condition.ink_limit


def load_palette(project: Project) -> Palette:
    path = project.layouts / "colours.yaml"
    text = _read(path, "colours")
    try:
        return Palette.model_validate({"colours": text.data})
    except ValidationError as exc:
        raise ContentError(data_problems(text, exc, Palette, "invalid-colours")) from None


def load_print_profile(project: Project) -> PrintProfile:
    """layouts/print.yaml with the printing condition it names (layouts/print/<name>.yaml)."""
    path = project.layouts / "print.yaml"
    text = _read(path, "print")
    data = dict(text.data)
    name = data.get("condition")
    try:
        check_name("format", str(name))  # the same rule as a format's name: a plain file name
    except ValueError:
        message = f"printing condition {name!r} is not a file name in layouts/print/"
        raise ContentError([Problem(text.where(("condition",)), "condition", message, code="invalid-print")]) from None
    folder = project.layouts / "print"
    condition_path = folder / f"{name}.yaml"
    if not condition_path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        message = f"no printing condition {name!r} in layouts/print/ (known: {known})"
        raise ContentError([Problem(text.where(("condition",)), "condition", message, code="invalid-print")])
    condition_text = _read(condition_path, "printing condition")
    try:
        condition = Condition.model_validate({**condition_text.data, "name": name})
    except ValidationError as exc:
        raise ContentError(data_problems(condition_text, exc, Condition, "invalid-print")) from None
    profile = folder / condition.profile
    if condition.profile.is_absolute() or not project.inside(profile, folder) or not profile.is_file():
        message = f"no ICC profile {str(condition.profile)!r} in layouts/print/"
        raise ContentError([Problem(condition_text.where(("profile",)), "profile", message, code="invalid-print")])
    try:
        return PrintProfile.model_validate({**data, "condition": condition.model_copy(update={"profile": profile})})
    except ValidationError as exc:
        raise ContentError(data_problems(text, exc, PrintProfile, "invalid-print")) from None


def print_bleed(project: Project) -> float | None:
    """The bleed layouts/print.yaml sets for every format (a shop's 5 mm, or 1/8 in as
    3.175), or None where it leaves the bleed to each format.yaml."""
    path = project.layouts / "print.yaml"
    if not path.is_file():
        return None
    text = _read(path, "print")
    if text.data.get("bleed") is None:
        return None
    try:
        return PrintProfile.model_validate({**text.data, "condition": None}).bleed
    except ValidationError as exc:
        problems = [p for p in data_problems(text, exc, PrintProfile, "invalid-print") if p.key == "bleed"]
        if problems:
            raise ContentError(problems) from None
        return float(text.data["bleed"])


def _read(path: Path, what: str):
    text = read_yaml(path)
    if not isinstance(text.data, dict):
        message = f"{path.name} must hold a mapping of keys ({what})"
        raise ContentError([Problem(text.where(()), "", message, code=f"invalid-{what.split()[-1]}")])
    return text
