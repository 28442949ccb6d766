"""Every built PDF holds every section, type and contact detail of its YAML."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

from foldline.build.plan import Output, plan
from foldline.content.languages import language_for
from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.reading import embedded_fonts, normalize, pdf_text, squeeze
from foldline.pdf.textlayer import REORDERING_SCRIPTS, extracted_text
from foldline.pdf.verify import expectations
from foldline.project import Project, Variant

PROJECT = Project.at(ROOT)
FILES = PROJECT.discover()
OUTPUTS = plan(FILES, PROJECT.format_names())
PT_PER_MM = 72 / 25.4


def _loaded(output: Output):
    file = next(f for f in FILES if (f.leaflet, f.language) == (output.leaflet, output.language))
    return load(PROJECT, file)


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_pdf_has_every_section_type_and_contact(built: Path, output: Output):
    """The text is read as verify reads it. pypdf reads the glyphs' own mapping
    (ToUnicode), right for Latin, Arabic and Han; for a script whose shaping reorders
    characters (``REORDERING_SCRIPTS``: a Devanagari vowel sign drawn before its
    consonant) that mapping is in visual order and partly wrong, and only the screen
    file's /ActualText, read through pdfium, is the text. A print file carries no
    /ActualText: for those scripts it must draw the very glyphs of its screen file (the
    same words, counted, both read by pypdf), and the screen file's text is compared."""
    assert_holds_its_content(PROJECT, built, output)


def assert_holds_its_content(project: Project, built: Path, output: Output) -> None:
    """The test above, for any project (tests/test_discovery.py runs it on a grown copy)."""
    pdf = built / output.leaflet / output.name
    loaded = load(project, project.content_file(output.leaflet, output.language))
    if loaded.language.script in REORDERING_SCRIPTS:
        screen = built / output.leaflet / replace(output, variant=Variant.SCREEN).name
        if output.variant == Variant.PRINT:
            assert _glyph_words(pdf) == _glyph_words(screen), f"{output.name} draws other glyphs than {screen.name}"
        text = extracted_text(screen)
    else:
        text = pdf_text(PdfReader(pdf))
    flat, tight = normalize(text), squeeze(text)
    leaflet = loaded.leaflet
    wanted = expectations(leaflet)
    # The expectations cover the YAML: every section, every type, every phone.
    assert sum(w.what == "section title" for w in wanted) == len(leaflet.sections) + 1
    assert sum(w.what == "phone" for w in wanted) == sum(len(o.phones) for o in leaflet.organizations)
    missing = [w for w in wanted if normalize(w.text) not in flat and squeeze(w.text) not in tight]
    assert not missing, f"{output.name} lacks {missing}"


def _glyph_words(pdf: Path) -> Counter:
    """The words pypdf reads from the glyphs (never /ActualText), counted: the same for
    two files drawing the same text, whatever the imposition."""
    return Counter(normalize(pdf_text(PdfReader(pdf))).split())


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_page_size_and_fonts(built: Path, output: Output):
    reader = PdfReader(built / output.leaflet / output.name)
    fmt = load_format(PROJECT, output.format)
    for number, page in enumerate(reader.pages, start=1):
        width, height = fmt.page_size(number, output.variant)  # a folded screen file: its panels
        assert float(page.trimbox.width) / PT_PER_MM == pytest.approx(width, abs=0.3)
        assert float(page.trimbox.height) / PT_PER_MM == pytest.approx(height, abs=0.3)
    fonts = embedded_fonts(reader)
    assert fonts, "no fonts found"
    for name, embedded in fonts:
        assert embedded, name
        assert name.split("+", 1)[1].startswith("Foldline-"), f"{name}: not a bundled font"


def test_verify_command_passes_on_the_build(built: Path):
    from conftest import run_cli

    result = run_cli("verify", "--output", str(built))
    assert result.returncode == 0, result.stdout
    assert f"{len(OUTPUTS)} of {len(OUTPUTS)} PDFs pass" in result.stdout


def test_verify_reports_a_missing_pdf(built: Path, tmp_path: Path):
    from conftest import run_cli

    result = run_cli("verify", "--output", str(tmp_path), "--format", "a4", "--lang", "en", "--variant", "screen")
    assert result.returncode == 1
    assert "not built" in result.stdout


HAN_OUTPUTS = [o for o in OUTPUTS if language_for(PROJECT, o.language).script == "han" and o.variant == "screen"]
NO_LINE_START = set("，。、；：？！）」』》〉”’")  # closing punctuation never starts a line
NO_LINE_END = set("（「『《〈“‘")  # opening punctuation never ends one


@pytest.mark.parametrize("output", HAN_OUTPUTS, ids=lambda o: o.name)
def test_chinese_lines_break_by_the_punctuation_rules(built: Path, output: Output):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(built / output.leaflet / output.name)
    page_label = _loaded(output).leaflet.labels.page
    lines = []
    for number, page in enumerate(pdf, start=1):
        # A running footer's boxes (title, draft line, page) extract as one line,
        # spaced apart: it is the line holding this page's label, left out.
        footer = page_label.format(page=number, pages=len(pdf))
        text = page.get_textpage().get_text_range()
        lines += [line.strip() for line in text.splitlines() if line.strip() and footer not in line]
    assert len(lines) > 50
    starts = [line for line in lines if line[0] in NO_LINE_START]
    ends = [line for line in lines if line[-1] in NO_LINE_END]
    assert not starts and not ends, (starts, ends)
    # No space between two Han characters (YAML folding or a template would put one there).
    assert not [line for line in lines if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", line)]
