"""Formats are data: layouts/<format>/format.yaml read into a typed Format.

A format folder holds format.yaml (trim size, margins, columns, page budget,
body size range, file size budget), a template that extends the base template,
and a stylesheet. Adding a format means adding a folder; nothing here names one.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ContentError, Problem, key_path
from .project import BadName, Project, check_name
from .yamlsource import read_yaml


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Size(_Data):
    width: float = Field(gt=0, description="mm")
    height: float = Field(gt=0, description="mm")


class Margins(_Data):
    top: float
    bottom: float
    inner: float
    outer: float


class Budget(_Data):
    """How many pages an output may have: exactly N, or at most N (and a multiple of)."""

    exact: int | None = Field(None, ge=1)
    max: int | None = Field(None, ge=1)
    multiple_of: int = Field(1, ge=1)

    @model_validator(mode="after")
    def _one(self) -> "Budget":
        if (self.exact is None) == (self.max is None):
            raise ValueError("give exactly one of 'exact' or 'max'")
        return self

    def fits(self, pages: int) -> bool:
        if self.exact is not None:
            return pages == self.exact
        return self.padded(pages) <= self.max

    def padded(self, pages: int) -> int:
        """Pages after padding to the next multiple (booklets: 4)."""
        return -(-pages // self.multiple_of) * self.multiple_of

    def describe(self) -> str:
        return f"exactly {self.exact}" if self.exact is not None else f"at most {self.max}"


class BodySize(_Data):
    min: float = Field(gt=4)
    max: float = Field(lt=24)
    step: float = Field(0.25, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> "BodySize":
        if self.min > self.max:
            raise ValueError("min is larger than max")
        return self

    def candidates(self) -> list[float]:
        """Sizes from largest to smallest, on the step grid."""
        count = int(round((self.max - self.min) / self.step))
        return [round(self.max - i * self.step, 3) for i in range(count + 1)]


class Panel(_Data):
    """One panel of a folded sheet, in reading order; x is from the sheet's left edge (mm)."""

    role: Literal["cover", "body", "back"]
    name: str
    width: float = Field(gt=0)
    sheet: int = Field(ge=1)
    x: float = Field(ge=0)


class PanelMargins(_Data):
    top: float
    bottom: float
    edge: float = Field(description="mm from the sheet's outer edges")
    fold: float = Field(description="mm kept clear on each side of a fold")


class Format(_Data):
    name: str
    title: str
    page: Size
    margins: Margins
    columns: int = Field(1, ge=1, le=4)
    column_gap: float = 6
    contact_columns: int = Field(1, ge=1, le=4, description="columns of organization cards in the contact panel")
    pages: Budget
    body_size: BodySize
    template: str = "leaflet.html.j2"
    stylesheet: str = "format.css"
    max_file_kb: int = Field(3000, ge=10, description="Preflight budget for the PDF's size")
    bleed: float = Field(3, ge=0, description="mm of bleed on every side in the print variant")
    layout: Literal["flow", "panels"] = "flow"
    panels: list[Panel] = Field(default_factory=list)
    panel_margins: PanelMargins | None = None
    imposition: Literal["none", "booklet"] = "none"
    imposed_sheet: Size | None = Field(None, description="sheet the booklet's pages are imposed on, 2-up")
    narrow: bool = Field(False, description="set body text in the script's narrow face where it has one")
    running_footer: bool = True
    contacts_on_last_page: bool = Field(False, description="the contacts must fit the last page (back cover or panel)")

    folder: Path

    @model_validator(mode="after")
    def _panels(self) -> "Format":
        if self.layout == "panels":
            if not self.panels or self.panel_margins is None:
                raise ValueError("a panels layout needs 'panels' and 'panel_margins'")
            roles = [p.role for p in self.panels]
            if roles[0] != "cover" or roles[-1] != "back" or roles.count("cover") != 1 or roles.count("back") != 1:
                raise ValueError("panels are listed in reading order: the cover first, the back panel last")
            for sheet in {p.sheet for p in self.panels}:
                width = sum(p.width for p in self.panels if p.sheet == sheet)
                if abs(width - self.page.width) > 0.05:
                    raise ValueError(f"panels of sheet {sheet} are {width} mm wide; the sheet is {self.page.width} mm")
        if self.imposition == "booklet" and (self.imposed_sheet is None or self.pages.multiple_of % 4):
            raise ValueError("a booklet needs 'imposed_sheet' and pages.multiple_of a multiple of 4")
        return self

    def fits(self, pages: int) -> bool:
        """Whether a rendering of this many pages (panels, for folded sheets) fits the budget."""
        if self.layout == "panels":
            return pages <= len(self.panels)
        return self.pages.fits(pages)

    @property
    def body_panels(self) -> list[Panel]:
        return [p for p in self.panels if p.role == "body"]


def format_names(project: Project) -> list[str]:
    return sorted(p.parent.name for p in project.layouts.glob("*/format.yaml"))


def load_format(project: Project, name: str) -> Format:
    try:
        check_name("format", name)
    except BadName as exc:
        raise ContentError([Problem(None, "format", str(exc), code="bad-name")]) from None
    folder = project.layouts / name
    path = folder / "format.yaml"
    if not path.is_file():
        known = ", ".join(format_names(project))
        raise ContentError([Problem(None, "format", f"no format {name!r} (known: {known})", code="unknown-format")])
    project.check_inside_project(path)
    return _load(path, name, folder)


@functools.lru_cache(maxsize=None)
def _load(path: Path, name: str, folder: Path) -> Format:
    text = read_yaml(path)
    try:
        return Format.model_validate({**text.data, "name": name, "folder": folder})
    except ValidationError as exc:
        raise ContentError(
            [Problem(text.where(e["loc"]), key_path(e["loc"]), e["msg"], code="invalid-format") for e in exc.errors()]
        ) from None
