"""Checks of a booklet's imposed press sheets against its print file.

A press file is right when each sheet side holds the pages its binding puts there
(left-bound for left-to-right languages, right-bound for right-to-left ones), every
sheet has a TrimBox of one spread and a BleedBox the bleed around it, and room outside
the bleed for the crop and fold marks. Which page is where is read from the text each
half of a sheet shows (pypdfium2), compared with the text of the print file's pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..layout.formats import Format
from ..lengths import PT_PER_MM
from .impose import SLUG_MM, booklet_order

TOLERANCE = 0.2  # mm


def _squeezed(text: str) -> str:
    """The letters and digits only: pdfium reports a line-end hyphen differently in a
    whole page's text (U+FFFE) and in a bounded region (U+0002 or a hyphen)."""
    return re.sub(r"\W+", "", text)


def _same_page(shown: str, page: str) -> bool:
    """Whether a half sheet shows the page: the same letters, but for the odd cluster a
    bounded region drops at its edge (a Devanagari vowel sign drawn before its letter).
    Any other page differs in nearly all of them."""
    if shown == page:
        return True
    import difflib

    return difflib.SequenceMatcher(None, shown, page, autojunk=False).ratio() >= 0.99


def check_sheets(imposed: Path, pages: Path, fmt: Format, direction: str) -> list[str]:
    import pypdfium2

    if not imposed.is_file():
        return [f"imposed sheets {imposed.name} missing"]
    problems = []
    sheets, single = pypdfium2.PdfDocument(str(imposed)), pypdfium2.PdfDocument(str(pages))
    try:
        count = len(single)
        if len(sheets) != count // 2:
            return [f"{imposed.name}: {len(sheets)} sheet sides for {count} pages; expected {count // 2}"]
        texts = []
        for page in single:
            text = page.get_textpage()
            texts.append(_squeezed(text.get_text_range()))
            text.close()
        for number, ((left, right), side) in enumerate(zip(booklet_order(count, direction), sheets, strict=True), 1):
            label = f"{imposed.name} side {number}"
            problems += _boxes(side, fmt, label)
            if problems:
                break
            trim = side.get_trimbox()
            middle = (trim[0] + trim[2]) / 2
            text = side.get_textpage()
            found = (
                _squeezed(text.get_text_bounded(trim[0], trim[1], middle, trim[3])),
                _squeezed(text.get_text_bounded(middle, trim[1], trim[2], trim[3])),
            )
            text.close()
            for half, (page, shown) in zip(("left", "right"), zip((left, right), found, strict=True), strict=True):
                if not _same_page(shown, texts[page - 1]):
                    problems.append(f"{label}: the {half} half does not show page {page} "
                                    f"({'right' if direction == 'rtl' else 'left'}-bound booklet order)")
    finally:
        sheets.close()
        single.close()
    return problems


def _boxes(side, fmt: Format, label: str) -> list[str]:
    trim, bleed_box, media = side.get_trimbox(), side.get_bleedbox(), side.get_mediabox()
    width, height = (trim[2] - trim[0]) / PT_PER_MM, (trim[3] - trim[1]) / PT_PER_MM
    problems = []
    if abs(width - 2 * fmt.page.width) > TOLERANCE or abs(height - fmt.page.height) > TOLERANCE:
        problems.append(f"{label}: TrimBox {width:.1f} x {height:.1f} mm; a spread is "
                        f"{2 * fmt.page.width:g} x {fmt.page.height:g} mm")
    margins = (trim[0] - bleed_box[0], trim[1] - bleed_box[1], bleed_box[2] - trim[2], bleed_box[3] - trim[3])
    if any(abs(m / PT_PER_MM - fmt.bleed) > TOLERANCE for m in margins):
        problems.append(f"{label}: BleedBox is not the TrimBox plus {fmt.bleed:g} mm on every side")
    room = min(bleed_box[0] - media[0], bleed_box[1] - media[1], media[2] - bleed_box[2], media[3] - bleed_box[3])
    if room / PT_PER_MM < SLUG_MM - TOLERANCE:
        problems.append(f"{label}: no room for crop and fold marks outside the bleed")
    return problems
