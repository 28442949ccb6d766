"""Screen files as assistive technology reads them: tagged PDF/UA-1 in every format, a
folded format's screen file its panels one per page in reading order; each structure
check of ``verify`` shown firing on a copy broken with pypdf in tmp_path.

The first leaflet with a right-to-left translation, in its source language and in a right-to-left
language, built once for the module in one flowing and one folded format.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.tags import heading_texts
from foldline.pdf.verify import verify_pdf
from foldline.project import Project, Variant

PROJECT = Project.at(ROOT)
FORMATS = {name: load_format(PROJECT, name) for name in PROJECT.format_names()}
FLOWING = next(name for name, fmt in FORMATS.items() if not (fmt.folded or fmt.booklet))
FOLDED = next(name for name, fmt in FORMATS.items() if fmt.folded)
# The first leaflet with a right-to-left translation.
LEAFLET, RTL = next(((f.leaflet, f.language) for f in PROJECT.discover() if load(PROJECT, f).language.direction == "rtl"),
                    (None, None))
pytestmark = pytest.mark.skipif(RTL is None, reason="the project has no right-to-left translation")
FILES = {f.language: f for f in PROJECT.discover() if f.leaflet == LEAFLET}
SOURCE = PROJECT.source_language(LEAFLET) if LEAFLET else None
LANGUAGES = [SOURCE, RTL]


@pytest.fixture(scope="module")
def screen(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("screen")
    args = ["--leaflet", LEAFLET, "--format", FLOWING, "--format", FOLDED, "--variant", "screen", "--jobs", "1"]
    for language in LANGUAGES:
        args += ["--lang", language]
    result = run_cli("build", "--output", str(output), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return output / LEAFLET


def _pdf(folder: Path, language: str, fmt: str) -> Path:
    return folder / f"{LEAFLET}.{language}.{fmt}.pdf"


def _verify(path: Path, language: str, fmt: str):
    loaded = load(PROJECT, FILES[language])
    return verify_pdf(path, loaded.leaflet, FORMATS[fmt], Variant.SCREEN, direction=loaded.language.direction)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_folded_screen_file_is_its_panels_tagged_in_reading_order(screen: Path, language: str):
    fmt, loaded = FORMATS[FOLDED], load(PROJECT, FILES[language])
    pdf = _pdf(screen, language, FOLDED)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(fmt.panels)
    for page, panel in zip(reader.pages, fmt.panels, strict=True):
        assert float(page.trimbox.width) * 25.4 / 72 == pytest.approx(panel.width, abs=0.2)
        assert page.mediabox == page.trimbox
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    # The headings a screen reader navigates by: the title, then every section in order,
    # the cover's first and the contacts (the back panel's) last.
    tagged = heading_texts(pdf)
    sections = [_squeeze(s.title) for s in [*loaded.leaflet.sections, loaded.leaflet.contacts]]
    assert [_squeeze(t) for tag, t in tagged if tag == "/H1"] == [_squeeze(loaded.leaflet.meta.title)]
    assert [_squeeze(t) for tag, t in tagged if tag == "/H2"] == sections
    report = _verify(pdf, language, FOLDED)
    assert report.ok, report.problems


def _rewritten(source: Path, target: Path, edit) -> Path:
    writer = PdfWriter(clone_from=source)
    edit(writer)
    writer.write(target)
    return target


def test_verify_fires_on_a_folded_screen_file_with_wrong_pages_or_no_tags(screen: Path, tmp_path: Path):
    pdf = _pdf(screen, SOURCE, FOLDED)
    fmt = FORMATS[FOLDED]

    def widen(writer):  # page 1 the size of a whole sheet
        page = writer.pages[0]
        box = RectangleObject([0, 0, fmt.page.width * 72 / 25.4, fmt.page.height * 72 / 25.4])
        page.mediabox = page.trimbox = page.cropbox = page.bleedbox = box

    wide = _verify(_rewritten(pdf, tmp_path / "wide.pdf", widen), SOURCE, FOLDED)
    assert f"page 1: TrimBox {fmt.page.width:.1f} x {fmt.page.height:.1f} mm, expected {fmt.panels[0].width:g} x {fmt.page.height:g}" in wide.problems

    extra = _verify(_rewritten(pdf, tmp_path / "extra.pdf", lambda w: w.add_page(w.pages[1])), SOURCE, FOLDED)
    assert f"{len(fmt.panels) + 1} pages; a page per panel is at most {len(fmt.panels)}" in extra.problems

    def untag(writer):
        del writer._root_object[NameObject("/StructTreeRoot")]

    untagged = _verify(_rewritten(pdf, tmp_path / "untagged.pdf", untag), SOURCE, FOLDED)
    assert "screen variant is not tagged (no structure tree)" in untagged.problems
