"""verify's geometric checks fire on pages that are wrong, and only on those.

Each case is a small PDF made with WeasyPrint from HTML that places text where it must
not be (past the safe margin, across a fold, over other text) or leaves a panel empty;
the checks read the glyph positions back from the PDF, as they do for built leaflets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from foldline.layout.formats import load_format
from foldline.pdf.geometry import check_geometry
from foldline.project import Project

PROJECT = Project.at(ROOT)
FONT = (ROOT / "fonts" / "noto-sans" / "NotoSans-Regular.ttf").as_uri()
WORDS = "Text that sits where the format allows it, in its column and clear of the edges. " * 6


def make_pdf(tmp_path: Path, size: str, pages: list[str]) -> Path:
    import weasyprint

    body = "".join(f'<section style="position: relative; height: 100%; break-after: page">{page}</section>'
                   for page in pages)
    html = f"""<style>
      @font-face {{ font-family: T; src: url({FONT}); }}
      @page {{ size: {size}; margin: 0 }}
      html, body {{ margin: 0; height: 100%; font: 10pt/1.3 T }}
      p {{ position: absolute; margin: 0 }}
    </style>{body}"""
    path = tmp_path / "case.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def a4_text(left: str = "20mm", top: str = "20mm", width: str = "170mm", text: str = WORDS) -> str:
    return f'<p style="left: {left}; top: {top}; width: {width}">{text}</p>'


@pytest.fixture(scope="module")
def a4():
    return load_format(PROJECT, "a4")


@pytest.fixture(scope="module")
def trifold():
    return load_format(PROJECT, "trifold-a4")


def test_text_inside_the_safe_area_passes(tmp_path, a4):
    findings = check_geometry(make_pdf(tmp_path, "210mm 297mm", [a4_text()]), a4)
    assert findings.problems == [] and findings.warnings == []


def test_text_past_the_safe_margin_is_named(tmp_path, a4):
    address = "https://www.example.org/a/very/long/address/that/does/not/wrap/at/all/and/runs/off"
    page = a4_text() + f'<p style="left: 150mm; top: 120mm; white-space: nowrap">{address}</p>'
    (problem,) = check_geometry(make_pdf(tmp_path, "210mm 297mm", [page]), a4).problems
    assert problem.startswith("page 1: ") and "outside the safe area" in problem
    assert "long/address" in problem  # the text concerned, quoted


def test_text_printed_over_text_is_named(tmp_path, a4):
    page = a4_text() + a4_text(left="22mm", top="21mm", text="Printed over the paragraph below it " * 3)
    (problem,) = check_geometry(make_pdf(tmp_path, "210mm 297mm", [page]), a4).problems
    assert problem.startswith("page 1: ") and "printed over other text" in problem


def test_touching_neighbours_and_marks_are_not_overlaps(tmp_path, a4):
    """Tight kerning and stacked accents (combining marks) touch their own letters."""
    text = "AVAVA Tyyy ffi e\u0301\u0302 a\u0308\u0323 " * 10
    findings = check_geometry(make_pdf(tmp_path, "210mm 297mm", [a4_text(text=text)]), a4)
    assert findings.problems == []


def test_text_across_a_fold_is_named_with_its_panel(tmp_path, trifold):
    """On the outside sheet the fold-in flap ends at 97 mm: a line running across the fold
    is clipped there by the imposition."""
    flap = '<p style="left: 10mm; top: 20mm; width: 130mm">' + WORDS + "</p>"
    inside = "".join(f'<p style="left: {x}mm; top: 20mm; width: 80mm">{WORDS}</p>' for x in (10, 110, 210))
    findings = check_geometry(make_pdf(tmp_path, "297mm 210mm", [flap, inside]), trifold)
    assert findings.problems, findings
    assert all(p.startswith("page 1, ") and "in the fold or edge margin" in p for p in findings.problems)
    assert any("fold-in flap" in p or "back panel" in p for p in findings.problems)


def test_an_empty_body_panel_is_a_warning_with_its_name(tmp_path, trifold):
    flap = '<p style="left: 10mm; top: 20mm; width: 80mm">' + WORDS + "</p>"
    inside = f'<p style="left: 10mm; top: 20mm; width: 80mm">{WORDS}</p>'
    findings = check_geometry(make_pdf(tmp_path, "297mm 210mm", [flap, inside]), trifold)
    assert findings.problems == []
    assert findings.warnings == ["page 2, inside middle: empty (0 characters)", "page 2, inside right: empty (0 characters)"]


def test_panels_are_found_mirrored_for_right_to_left(tmp_path, trifold):
    """A right-to-left sheet mirrors the panels: the fold-in flap is on the right of the
    outside sheet, so text there fills it; read as left-to-right, the flap is empty."""
    flap = '<p style="left: 207mm; top: 20mm; width: 80mm">' + WORDS + "</p>"
    inside = "".join(f'<p style="left: {x}mm; top: 20mm; width: 80mm">{WORDS}</p>' for x in (10, 110, 210))
    pdf = make_pdf(tmp_path, "297mm 210mm", [flap, inside])
    rtl = check_geometry(pdf, trifold, "rtl")
    assert rtl.problems == [] and rtl.warnings == []
    assert check_geometry(pdf, trifold, "ltr").warnings == ["page 1, fold-in flap: empty (0 characters)"]


HEADING = "When to see a doctor"


def heading_page(heading_top: str) -> str:
    """A heading in the left column at ``heading_top``, body text under it only when it
    sits high enough, and the rest of the text at the top of the right column."""
    return (
        a4_text(top="20mm", width="80mm", text=WORDS[:300])
        + f'<p style="left: 20mm; top: {heading_top}; width: 80mm; font-size: 14pt; font-weight: bold">{HEADING}</p>'
        + a4_text(left="110mm", top="20mm", width="80mm", text=WORDS)
    )


def test_a_heading_ending_its_column_is_named(tmp_path, a4):
    (problem,) = check_geometry(make_pdf(tmp_path, "210mm 297mm", [heading_page("262mm")]), a4,
                                headings=[HEADING]).problems
    assert problem == f"page 1: heading {HEADING!r} is the last text in its column or panel; its text starts on the next"


def test_a_heading_with_its_text_below_passes(tmp_path, a4):
    page = heading_page("60mm") + a4_text(top="70mm", width="80mm", text=WORDS[:200])
    assert check_geometry(make_pdf(tmp_path, "210mm 297mm", [page]), a4, headings=[HEADING]).problems == []


def test_a_short_label_whose_letters_a_heading_holds_is_not_that_heading(tmp_path, a4):
    """A notes page's title, at heading size and alone on its page, is no section heading,
    even where every one of its letters is found in a long section title."""
    label = "note"
    assert not set(label) - set(HEADING)  # the case: all its letters are the heading's
    page = (a4_text(top="20mm", width="80mm", text=WORDS[:300])
            + f'<p style="left: 20mm; top: 262mm; width: 80mm; font-size: 14pt; font-weight: bold">{label}</p>')
    assert check_geometry(make_pdf(tmp_path, "210mm 297mm", [page]), a4, headings=[HEADING]).problems == []
