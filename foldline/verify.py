"""Checks of finished PDFs against the content they were made from.

Reads PDFs with pypdf (never the renderer's internals): every section title,
type name and contact detail of the leaflet's YAML must be in the extracted
text; the page size must be the format's; every font must be embedded and be
one of the bundled families. Expectations always come from the content model,
so a check can never drift from what the YAML says.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from . import models
from .formats import Format

PT_PER_MM = 72 / 25.4
BUNDLED_PREFIX = "Foldline-"  # every @font-face family is "Foldline ..." (fonts/fonts.yaml)


def normalize(text: str) -> str:
    """Extracted or expected text, made comparable: hyphenation and spacing removed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00ad", "")
    text = re.sub(r"[\u2010\u2011]\s*\n\s*", "", text)  # automatic hyphenation break
    text = re.sub(r"-\n", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def squeeze(text: str) -> str:
    """Without any white space: for scripts set without spaces, and justified runs."""
    return re.sub(r"\s+", "", normalize(text))


@dataclass
class Expectation:
    what: str  # e.g. "section title", "phone"
    text: str


def expectations(leaflet: models.Leaflet) -> list[Expectation]:
    """Everything that must appear in the PDF, read from the content model."""
    wanted = [Expectation("title", leaflet.meta.title)]
    for section in [*leaflet.sections, leaflet.contacts]:
        wanted.append(Expectation("section title", section.title))
    for item in leaflet.type_items:
        wanted.append(Expectation("type name", item.name))
    for org in leaflet.organizations:
        wanted.append(Expectation("organization", org.name))
        wanted += [Expectation("address line", line) for line in org.address]
        wanted += [Expectation("phone", re.sub(r"\s+", " ", p.number.strip())) for p in org.phones]
        if org.email:
            wanted.append(Expectation("email", org.email))
        if org.website:
            wanted.append(Expectation("website", models.display_url(org.website)))
    return wanted


@dataclass
class Report:
    path: Path
    pages: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font used on any page."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[name] = fonts.get(name, True) and embedded
    return sorted(fonts.items())


def verify_pdf(path: Path, leaflet: models.Leaflet, fmt: Format, variant: str) -> Report:
    report = Report(path)
    try:
        reader = PdfReader(path)
        report.pages = len(reader.pages)
        text = pdf_text(reader)
    except Exception as exc:  # a broken file is a finding, not a crash of the checker
        report.problems.append(f"cannot read PDF: {exc}")
        return report
    flat, tight = normalize(text), squeeze(text)
    for want in expectations(leaflet):
        if normalize(want.text) not in flat and squeeze(want.text) not in tight:
            report.problems.append(f"missing {want.what}: {want.text!r}")
    for number, page in enumerate(reader.pages, start=1):
        trim = page.trimbox
        width, height = float(trim.width) / PT_PER_MM, float(trim.height) / PT_PER_MM
        if abs(width - fmt.page.width) > 0.5 or abs(height - fmt.page.height) > 0.5:
            report.problems.append(
                f"page {number}: trim size {width:.1f} x {height:.1f} mm, expected {fmt.page.width} x {fmt.page.height} mm"
            )
            break
    for name, embedded in embedded_fonts(reader):
        base = name.split("+", 1)[-1]
        if not embedded:
            report.problems.append(f"font {base} is not embedded")
        if not base.startswith(BUNDLED_PREFIX):
            report.problems.append(f"font {base} is not a bundled font (a fallback was used)")
        if "+" not in name:
            report.problems.append(f"font {base} is not subset")
    return report
