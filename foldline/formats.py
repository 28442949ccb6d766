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
        return pages == self.exact if self.exact is not None else pages <= self.max

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


class Format(_Data):
    name: str
    title: str
    page: Size
    margins: Margins
    columns: int = Field(1, ge=1, le=4)
    column_gap: float = 6
    pages: Budget
    body_size: BodySize
    template: str = "leaflet.html.j2"
    stylesheet: str = "format.css"
    max_file_kb: int = Field(3000, ge=10, description="Preflight budget for the PDF's size")
    bleed: float = Field(3, ge=0, description="mm of bleed on every side in the print variant")
    layout: Literal["flow"] = "flow"

    folder: Path


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
