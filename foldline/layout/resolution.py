"""Raster figures' effective resolution at their printed size, for the print variant.

A PNG or JPEG is laid out to fit its column; its id in the HTML
(``figure-<section>-<n>``) gives its printed box through WeasyPrint's public
``Page.anchors`` (x1, y1, x2, y2 in CSS pixels). Print needs 300 pixels per inch
there; a screen file does not care. SVG figures have no pixels and always pass.
Reads the laid-out document; never writes.
"""
from __future__ import annotations

from ..content.figures import image_path, raster_size
from ..errors import key_path

PRINT_DPI = 300
CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4


def low_resolution(rendered) -> list[str]:
    """One message (file:line: key: why) per raster figure printed below PRINT_DPI."""
    loaded = rendered.request.loaded
    leaflet = loaded.leaflet
    anchors: dict = {}
    for page in rendered.document.pages:
        anchors.update(page.anchors)
    sections = {("sections", i): s.id for i, s in enumerate(leaflet.sections)} | {("contacts",): leaflet.contacts.id}
    problems = []
    for path, figure in leaflet.figures:
        file = image_path(loaded.file.path.parent, figure.image, loaded.language.tag)
        if file.suffix.lower() == ".svg":
            continue
        pixels = raster_size(file.read_bytes(), file.suffix.lower())
        anchor = f"figure-{sections[path[:-3]]}-{path[-2]}"
        box = anchors.get(anchor)
        if pixels is None or box is None or len(box) < 4 or box[2] <= box[0] or box[3] <= box[1]:
            continue
        width, inches = (box[2] - box[0]) / CSS_PX_PER_INCH, (box[3] - box[1]) / CSS_PX_PER_INCH
        dpi = min(pixels[0] / width, pixels[1] / inches)
        if dpi < PRINT_DPI:
            where = loaded.source_text.value_at((*path, "image"))
            problems.append(
                f"{where}: {key_path((*path, 'image'))}: {file.name} is {dpi:.0f} dpi at its printed size "
                f"({width * MM_PER_INCH:.0f} x {inches * MM_PER_INCH:.0f} mm); print needs {PRINT_DPI} dpi: use an image of at "
                f"least {round(width * PRINT_DPI)} x {round(inches * PRINT_DPI)} pixels, or an SVG"
            )
    return problems
