"""Proofs: every page of the built PDFs as PNG thumbnails, and a contact sheet.

Writes output/proofs/<leaflet>/<pdf name>-<page>.png and output/proofs/index.html,
grouped by leaflet, language and format, so a person checks the whole set at a
glance. Folded formats also get the panels in folded reading order. Reads PDFs
only (with pypdfium2); it never renders content itself.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..layout.formats import Format

THUMB_DPI = 40


@dataclass
class Proofed:
    pdf: Path
    leaflet: str
    language: str
    format: str
    variant: str
    pages: list[Path]
    panels: list[tuple[str, Path]]  # folded formats: (panel name, crop) in reading order


def proof_pdf(pdf: Path, folder: Path, fmt: Format, direction: str, dpi: int = THUMB_DPI,
              variant: str = "print") -> tuple[list[Path], list[tuple[str, Path]]]:
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    pages, panels = [], []
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, crop=_trim_crop(page)).to_pil()
            images.append(image)
            target = folder / f"{pdf.stem}-{index + 1}.png"
            _save(image, target)
            pages.append(target)
        if fmt.on_sheets(variant):
            panels = _panel_crops(images, fmt, direction, folder, pdf.stem, dpi)
        elif fmt.folded:  # the screen file's pages are the panels, in reading order
            panels = [(f"{number}. {panel.name}", page) for number, (panel, page) in enumerate(zip(fmt.panels, pages, strict=False), start=1)]
    finally:
        document.close()
    return pages, panels


def _trim_crop(page) -> tuple[float, float, float, float]:
    """pdfium crops (left, bottom, right, top) that show the trim box only."""
    media = page.get_mediabox()
    trim = page.get_trimbox()
    return (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])


def _panel_crops(images, fmt: Format, direction: str, folder: Path, stem: str, dpi: int):
    scale = dpi / 25.4
    crops = []
    for number, panel in enumerate(fmt.panels, start=1):
        x = fmt.panel_left(panel, direction)
        image = images[panel.sheet - 1]
        crop = image.crop((round(x * scale), 0, round((x + panel.width) * scale), image.height))
        target = folder / f"{stem}-panel{number}.png"
        _save(crop, target)
        crops.append((f"{number}. {panel.name}", target))
    return crops


def _save(image, target: Path) -> None:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    write_atomic(target, buffer.getvalue())


def contact_sheet(proofs: list[Proofed], index: Path) -> None:
    """output/proofs/index.html: thumbnails grouped by leaflet, language and format."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Foldline proofs</title>",
        "<style>body{font:14px system-ui,sans-serif;margin:2em;background:#eee}h1{font-size:1.4em}"
        "h2{margin-top:2em;border-bottom:2px solid #14497d}h3{margin:1em 0 .3em}"
        ".row{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}"
        "figure{margin:0;background:#fff;padding:4px;box-shadow:0 1px 3px #0004}"
        "figcaption{font-size:11px;color:#444;text-align:center}img{display:block}"
        ".folded{margin-top:6px;padding:6px;background:#dde6ef}</style></head><body>",
        f"<h1>Proofs: {len(proofs)} PDFs</h1>",
    ]
    current = (None, None)
    for proof in sorted(proofs, key=lambda p: (p.leaflet, p.language, p.format, p.variant)):
        if current[0] != proof.leaflet:
            parts.append(f"<h2>{html.escape(proof.leaflet)}</h2>")
        if current != (proof.leaflet, proof.language):
            parts.append(f"<h3>{html.escape(proof.language)}</h3>")
        current = (proof.leaflet, proof.language)
        parts.append(f"<h4>{html.escape(proof.format)} · {html.escape(proof.variant)} · <a href='{_rel(proof.pdf, index)}'>{html.escape(proof.pdf.name)}</a></h4>")
        parts.append("<div class='row'>")
        for number, page in enumerate(proof.pages, start=1):
            parts.append(f"<figure><img src='{_rel(page, index)}' alt='page {number}'><figcaption>page {number}</figcaption></figure>")
        parts.append("</div>")
        if proof.panels:
            parts.append("<div class='row folded'><strong>folded reading order:</strong>")
            for name, crop in proof.panels:
                parts.append(f"<figure><img src='{_rel(crop, index)}' alt='{html.escape(name)}'><figcaption>{html.escape(name)}</figcaption></figure>")
            parts.append("</div>")
    parts.append("</body></html>")
    write_atomic(index, "\n".join(parts).encode("utf-8"))


def _rel(path: Path, index: Path) -> str:
    import os

    return html.escape(os.path.relpath(path, index.parent))
