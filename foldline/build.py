"""The build: which outputs exist (the plan), and making them (render, fit, write).

Planning is pure: outputs are a function of the files under source/ and
layouts/. Rendering happens in ``run_output``, one output at a time, and every
PDF is written atomically, so a failure leaves the previous file in place.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .content import ContentFile, LoadedLeaflet
from .errors import ContentError
from .fit import DoesNotFit, fit
from .formats import Format, format_names, load_format
from .project import VARIANTS, Project
from .render import RenderError, finished_files, write_atomic


@dataclass(frozen=True)
class Output:
    """One PDF to make: a leaflet in one language, format and variant."""

    leaflet: str
    language: str
    format: str
    variant: str  # "screen" or "print"

    @property
    def name(self) -> str:
        suffix = "" if self.variant == "screen" else f".{self.variant}"
        return f"{self.leaflet}.{self.language}.{self.format}{suffix}.pdf"

    def path(self, project: Project) -> Path:
        return project.output_path(self.leaflet, self.name)

    @property
    def label(self) -> str:
        return f"{self.leaflet} {self.language} {self.format} {self.variant}"


@dataclass
class Result:
    output: Output
    status: str  # "built", "skipped" or "failed"
    reason: str = ""
    pages: int = 0
    body_size: float | None = None
    renders: int = 0
    seconds: float = 0.0
    bytes: int = 0
    extra: dict = field(default_factory=dict)


def plan(files: list[ContentFile], formats: list[str], variants=VARIANTS) -> list[Output]:
    return [
        Output(f.leaflet, f.language, fmt, variant)
        for f in files
        for fmt in formats
        for variant in variants
    ]


def selected_formats(project: Project, wanted: list[str] | None) -> list[str]:
    known = format_names(project)
    if not wanted:
        return known
    for name in wanted:
        load_format(project, name)  # raises with the list of known formats
    return list(wanted)


def run_output(project: Project, output: Output, loaded: LoadedLeaflet) -> Result:
    """Render, copyfit and write one output. Never raises for content problems."""
    started = time.perf_counter()
    try:
        fmt: Format = load_format(project, output.format)
        fitted = fit(project, fmt, loaded, output.variant)
        # The main PDF plus any companion file the format asks for (a booklet's imposed sheets).
        files = finished_files(fitted.rendered, loaded, fmt, output.variant)
        for suffix, payload in files:
            write_atomic(output.path(project).with_suffix(suffix + ".pdf") if suffix else output.path(project), payload)
        data = files[0][1]
    except DoesNotFit as exc:
        return _failed(output, started, f"does not fit: {exc}")
    except (RenderError, ContentError) as exc:
        return _failed(output, started, str(exc))
    except OSError as exc:
        return _failed(output, started, f"cannot write {output.path(project)}: {exc.strerror or exc}")
    return Result(
        output,
        "built",
        # Folded formats render one page per panel; the file holds the sheets.
        pages=fmt.pages.exact if fmt.layout == "panels" else fitted.rendered.pages,
        body_size=fitted.rendered.body_size,
        renders=fitted.renders,
        seconds=time.perf_counter() - started,
        bytes=len(data),
    )


def _failed(output: Output, started: float, reason: str) -> Result:
    return Result(output, "failed", reason=reason, seconds=time.perf_counter() - started)
