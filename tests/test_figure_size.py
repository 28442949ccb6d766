"""A figure taller than its page or panel is scaled to fit it: it was cut off at the foot
of the page (a figure is kept in one piece), its caption pushed to the next page, and
verify, which places glyphs only, passed the file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.reading import normalize
from foldline.project import Project

LEAFLET = "tall-figure"
MM = 72 / 25.4


def _link_or_copy(src, dst):
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


@pytest.mark.parametrize("fmt_name", ["a4", "trifold-a4"])
def test_a_tall_figure_fits_its_page_with_its_caption(tmp_path: Path, fmt_name: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / LEAFLET, root / "source" / LEAFLET)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "fonts", root / "fonts", copy_function=_link_or_copy)
    result = run_cli("build", "--root", str(root), "--format", fmt_name, "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    project = Project.at(root)
    fmt = load_format(project, fmt_name)
    leaflet = load(project, project.content_file(LEAFLET, "en")).leaflet
    caption = normalize(leaflet.figures[0][1].caption)
    margins = fmt.panel_margins if fmt.folded else fmt.margins
    document = pdfium.PdfDocument(str(root / "output" / LEAFLET / f"{LEAFLET}.en.{fmt_name}.pdf"))
    try:
        placed = []
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                _, bottom, _, top = image.get_bounds()
                text = normalize(page.get_textpage().get_text_range())
                placed.append((index, bottom, top, height, caption in text))
    finally:
        document.close()
    assert len(placed) >= 1
    for index, bottom, top, height, with_caption in placed:
        if top - bottom < 100 * MM:  # the QR code and the like: not the figure
            continue
        assert bottom >= margins.bottom * MM - 1 and top <= height - margins.top * MM + 1, (index, bottom, top)
        assert with_caption, f"page {index + 1}: the caption is not on the figure's page"
