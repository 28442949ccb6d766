"""Formats are data: layouts/<format>/format.yaml read into a typed Format.

A format folder holds format.yaml (trim size, margins, columns, page budget,
body size range, file size budget), a template that extends the base template,
and a stylesheet. Adding a format means adding a folder; nothing here names one.

A Format answers the questions the stages ask of it (is it folded, a booklet,
written tagged; its page budget, text height, where a panel sits for a reading
direction), so no other module compares its mode strings.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..content.validate import data_problems
from ..content.yamlsource import read_yaml
from ..errors import ContentError, Problem, UsageError
from ..project import BadName, Project, Variant, check_name
from .printing import print_bleed


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
    def _one(self) -> Budget:
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
    def _ordered(self) -> BodySize:
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
    safe_margin: float = Field(3, ge=0, description="mm inside the trim that no glyph may enter (verify checks it)")
    layout: Literal["flow", "panels"] = "flow"
    panels: list[Panel] = Field(default_factory=list)
    panel_margins: PanelMargins | None = None
    imposition: Literal["none", "booklet"] = "none"
    narrow: bool = Field(False, description="set body text in the script's narrow face where it has one")
    running_footer: bool = True
    contacts_on_last_page: bool = Field(False, description="the contacts must fit the last page (back cover or panel)")

    folder: Path

    @model_validator(mode="after")
    def _panels(self) -> Format:
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
        if self.imposition == "booklet" and self.pages.multiple_of % 4:
            raise ValueError("a booklet needs pages.multiple_of a multiple of 4")
        return self

    # --- what the stages ask ---------------------------------------------------------

    @property
    def folded(self) -> bool:
        """A folded sheet: rendered one page per panel, then imposed onto sheets."""
        return self.layout == "panels"

    @property
    def booklet(self) -> bool:
        """Saddle-stitched: facing pages, padded to a multiple of 4, imposed 2-up for print."""
        return self.imposition == "booklet"

    @property
    def tagged(self) -> bool:
        """Whether the layout is laid out and written as a tagged PDF (the screen file's
        structure tree). Every format's is: a folded format's screen file is its panels,
        one per page in reading order, never imposed (imposition drops the structure)."""
        return True

    def on_sheets(self, variant: Variant | str) -> bool:
        """Whether the variant's file is the folded sheets (print) rather than the
        panels one per page in reading order (a folded format's screen file)."""
        return self.folded and Variant(variant) is Variant.PRINT

    def page_size(self, number: int, variant: Variant | str) -> tuple[float, float]:
        """(width, height) mm of the trim of page ``number`` (from 1) of the variant's file:
        the sheet, or, for a folded format's screen file, the panel it shows."""
        if not self.folded or self.on_sheets(variant):
            return self.page.width, self.page.height
        panel = self.panels[number - 1] if number <= len(self.panels) else self.body_panels[-1]
        return panel.width, self.page.height

    def bleed_for(self, variant: Variant | str) -> float:
        """mm of bleed the variant has: the format's for print, none on screen."""
        return self.bleed if variant == Variant.PRINT else 0

    @property
    def budget(self) -> int:
        """The most pages (panels, for folded sheets) the text may take."""
        return len(self.panels) if self.folded else self.pages.exact or self.pages.max

    @property
    def text_margins(self) -> tuple[float, float]:
        """(top, bottom) mm of the text area of a page or panel."""
        if self.folded:
            return self.panel_margins.top, self.panel_margins.bottom
        return self.margins.top, self.margins.bottom

    @property
    def text_height(self) -> float:
        """mm of text a page or panel holds, top to bottom."""
        top, bottom = self.text_margins
        return self.page.height - top - bottom

    def fits(self, pages: int) -> bool:
        """Whether a rendering of this many pages (panels, for folded sheets) fits the budget."""
        if self.folded:
            return pages <= len(self.panels)
        return self.pages.fits(pages)

    def underfull(self, pages: int) -> bool:
        """Too short for an exact page budget: padded, not an overflow."""
        return not self.folded and self.pages.exact is not None and pages < self.pages.exact

    def padded(self, pages: int) -> int:
        """Pages after padding with notes pages (booklets: to a multiple of 4)."""
        return pages if self.folded else self.pages.padded(pages)

    def file_pages(self, rendered_pages: int, variant: Variant | str) -> int:
        """Pages of the variant's file: folded formats render one page per panel, which
        the screen file keeps and the print file imposes onto its sheets."""
        return self.pages.exact if self.on_sheets(variant) else rendered_pages

    def panel_left(self, panel: Panel, direction: str) -> float:
        """mm from the sheet's left edge to the panel's, for a reading direction:
        right-to-left languages mirror the sheet (panels' x is given for left-to-right)."""
        return panel.x if direction == "ltr" else self.page.width - panel.x - panel.width

    def touches_edges(self, panel: Panel, direction: str) -> tuple[bool, bool]:
        """Whether the panel's (left, right) side is an outer edge of the sheet, not a fold."""
        x = self.panel_left(panel, direction)
        return x < 0.01, abs(x + panel.width - self.page.width) < 0.01

    @property
    def body_panels(self) -> list[Panel]:
        return [p for p in self.panels if p.role == "body"]


def load_format(project: Project, name: str) -> Format:
    """The format named; UsageError for a name that is not allowed or not a format."""
    try:
        check_name("format", name)
    except BadName as exc:
        raise UsageError([Problem(None, "format", str(exc), code="bad-name")]) from None
    folder = project.layouts / name
    path = folder / "format.yaml"
    if not path.is_file():
        known = ", ".join(project.format_names())
        raise UsageError([Problem(None, "format", f"no format {name!r} (known: {known})", code="unknown-format")])
    if not project.inside(path, project.root):
        raise UsageError([Problem(None, "format", f"{path}: is a link to {path.resolve()}, outside the project; refused", code="bad-name")])
    fmt = _load(path, name, folder)
    bleed = print_bleed(project)  # a print shop's bleed (layouts/print.yaml) is every format's
    return fmt if bleed is None or bleed == fmt.bleed else fmt.model_copy(update={"bleed": bleed})


@functools.cache
def _load(path: Path, name: str, folder: Path) -> Format:
    text = read_yaml(path)
    if not isinstance(text.data, dict):
        raise ContentError([Problem(text.where(()), "", "format.yaml must hold a mapping of keys", code="invalid-format")])
    try:
        return Format.model_validate({**text.data, "name": name, "folder": folder})
    except ValidationError as exc:
        raise ContentError(data_problems(text, exc, Format, "invalid-format")) from None
