"""Geometric checks of a finished PDF: where its glyphs actually are on the page.

Reads each glyph's box from the PDF with pypdfium2's text page (the PDF's own glyph
positions, never the layout's intentions) and checks them against the format:

- every glyph lies inside the trim, clear of its edges by the format's safe margin;
- on a folded sheet, every glyph lies inside one panel, clear of each fold by the
  panel's fold margin (text crossing a fold is clipped at it by the imposition); in a
  folded format's screen file (one page per panel), every glyph of a page lies inside
  its panel's edge and fold margins;
- no glyph is printed over another glyph that is not its neighbour in the text
  (text over text: a long address running into the next column);
- no section heading is the last text in its column, panel or page (its first lines
  follow it there), found by font size and matched against the leaflet's headings;
- no body panel or page is empty (a warning naming it: a short leaflet).

Each finding names the page, the panel where there is one, the text concerned and
what is wrong. Imports pypdfium2 only.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..layout.formats import Format, Panel
from ..lengths import PT_PER_MM

MARKS = {"Mn", "Mc", "Me"}
NEIGHBOURS = 6  # glyphs this close in text order may touch: marks, ligatures, kerning
OVERLAP = 0.3  # share of the smaller glyph's box that another glyph may not cover
# Text printed over text covers a run of glyphs; a single pair is a ligature whose
# characters the text layer keeps apart (an Arabic lam-alef), not a collision.
MIN_OVERLAPS = 3
CELL = 20.0  # pt: the grid that keeps the overlap search linear
FEW_GLYPHS = 40  # a body panel or page with fewer glyphs than this is reported nearly empty
EXAMPLES = 3  # offending texts quoted per finding
# pt a glyph's ink may overhang its margin: an italic f, the tail of an Arabic yeh. Text
# that really leaves its area (a long address, a clipped word) overshoots by millimetres.
OVERHANG = 2.0


@dataclass(frozen=True)
class Glyph:
    index: int
    char: str
    size: float  # font size, pt
    left: float  # pt, from the trim's lower left corner
    bottom: float
    right: float
    top: float

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.top - self.bottom)


@dataclass
class Findings:
    problems: list[str]
    warnings: list[str]


def check_geometry(path: Path, fmt: Format, direction: str = "ltr", safe_margin: float | None = None,
                   headings: list[str] = (), variant: str = "print") -> Findings:
    """Problems (the page is wrong) and warnings (the page may be wrong) of one PDF.
    ``headings``: the section titles, to find them on the page. ``variant``: a folded
    format's print file is its sheets, its screen file one page per panel."""
    import pypdfium2

    findings = Findings([], [])
    safe = (fmt.safe_margin if safe_margin is None else safe_margin) * PT_PER_MM
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            trim = page.get_trimbox()
            width, height = trim[2] - trim[0], trim[3] - trim[1]
            glyphs = _glyphs(page, trim[0], trim[1])
            label = f"page {number}"
            findings.problems += _outside(glyphs, label, (safe, safe, width - safe, height - safe), "the safe area")
            if fmt.folded and not fmt.on_sheets(variant):
                findings.problems += _panel_page(glyphs, fmt, number, direction, label)
                findings.warnings += _short_panel_page(glyphs, fmt, number, label)
            elif fmt.folded:
                sheet = [p for p in fmt.panels if p.sheet == number]
                findings.problems += _off_panels(glyphs, fmt, sheet, direction, label, height)
                findings.warnings += _empty_panels(glyphs, fmt, sheet, direction, label)
            elif len(glyphs) < FEW_GLYPHS and number < len(document):
                findings.warnings.append(f"{label}: nearly empty ({len(glyphs)} characters)")
            findings.problems += _overlaps(glyphs, label)
            footer = (fmt.margins.bottom if fmt.running_footer and not fmt.folded else 0) * PT_PER_MM
            findings.problems += _stranded_headings(glyphs, headings, label, footer)
        if fmt.folded and not fmt.on_sheets(variant) and len(document) < len(fmt.panels):
            findings.warnings.append(f"{len(document)} pages for {len(fmt.panels)} panels: a body panel is empty")
    finally:
        document.close()
    return findings


def _glyphs(page, x0: float, y0: float) -> list[Glyph]:
    import pypdfium2.raw as raw

    text = page.get_textpage()
    glyphs = []
    for index in range(text.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text.raw, index))
        if char.isspace() or not char.isprintable() or raw.FPDFText_IsGenerated(text.raw, index) == 1:
            continue
        left, bottom, right, top = text.get_charbox(index)
        if right - left <= 0.01 or top - bottom <= 0.01:
            continue
        size = raw.FPDFText_GetFontSize(text.raw, index)
        glyphs.append(Glyph(index, char, size, left - x0, bottom - y0, right - x0, top - y0))
    text.close()
    return glyphs


def _quote(glyphs: list[Glyph], around: Glyph, span: int = 12) -> str:
    """The text near a glyph, in text order, to name the place in a message."""
    chars = [g.char for g in glyphs if abs(g.index - around.index) <= span]
    return "".join(chars)


def _outside(glyphs: list[Glyph], label: str, area: tuple[float, float, float, float], name: str) -> list[str]:
    left, bottom, right, top = area
    bad = [g for g in glyphs if g.left < left - OVERHANG or g.bottom < bottom - OVERHANG or g.right > right + OVERHANG or g.top > top + OVERHANG]
    return _report(glyphs, bad, f"{label}: {{count}} character(s) outside {name}")


def _report(glyphs: list[Glyph], bad: list[Glyph], message: str) -> list[str]:
    if not bad:
        return []
    quotes, last = [], None
    for glyph in bad:
        if last is not None and glyph.index - last.index <= 24:
            continue  # the same place: quote each stretch of text once
        last = glyph
        quotes.append(repr(_quote(glyphs, glyph)))
        if len(quotes) == EXAMPLES:
            break
    return [message.format(count=len(bad)) + ", near " + ", ".join(quotes)]


def _panel_span(fmt: Format, panel: Panel, direction: str, left: float | None = None) -> tuple[float, float]:
    """(left, right) pt of the text a panel may hold: its width less the edge margin at
    the sheet's outer edges and the fold margin at each fold. ``left``: mm from the
    page's left edge to the panel's (default: its place on the sheet)."""
    margins = fmt.panel_margins
    left = fmt.panel_left(panel, direction) if left is None else left
    at_left, at_right = fmt.touches_edges(panel, direction)
    return (
        (left + (margins.edge if at_left else margins.fold)) * PT_PER_MM,
        (left + panel.width - (margins.edge if at_right else margins.fold)) * PT_PER_MM,
    )


def _panel_of(fmt: Format, sheet: list[Panel], direction: str, glyph: Glyph) -> Panel | None:
    middle = (glyph.left + glyph.right) / 2 / PT_PER_MM
    for panel in sheet:
        left = fmt.panel_left(panel, direction)
        if left <= middle < left + panel.width:
            return panel
    return None


def _off_panels(glyphs, fmt: Format, sheet: list[Panel], direction: str, label: str, height: float) -> list[str]:
    by_panel: dict[str, list[Glyph]] = defaultdict(list)
    for glyph in glyphs:
        panel = _panel_of(fmt, sheet, direction, glyph)
        if panel is None:
            continue
        left, right = _panel_span(fmt, panel, direction)
        if glyph.left < left - OVERHANG or glyph.right > right + OVERHANG:
            by_panel[panel.name].append(glyph)
    problems = []
    for name, bad in by_panel.items():
        problems += _report(glyphs, bad, f"{label}, {name}: {{count}} character(s) in the fold or edge margin")
    return problems


def _page_panel(fmt: Format, number: int) -> Panel:
    """The panel whose size and margins page ``number`` of a screen file was laid out with
    (the panels in reading order; pages past them take the last panel's)."""
    return fmt.panels[min(number, len(fmt.panels)) - 1]


def _panel_page(glyphs, fmt: Format, number: int, direction: str, label: str) -> list[str]:
    """A screen file's page is one panel: its glyphs clear of the panel's edge and fold
    margins, measured from the page's own left edge."""
    panel = _page_panel(fmt, number)
    left, right = _panel_span(fmt, panel, direction, left=0.0)
    bad = [g for g in glyphs if g.left < left - OVERHANG or g.right > right + OVERHANG]
    return _report(glyphs, bad, f"{label} ({panel.name}): {{count}} character(s) in the fold or edge margin")


def _short_panel_page(glyphs, fmt: Format, number: int, label: str) -> list[str]:
    panel = _page_panel(fmt, number)
    if panel.role != "body" or len(glyphs) >= FEW_GLYPHS:
        return []
    return [f"{label} ({panel.name}): {'empty' if not glyphs else 'nearly empty'} ({len(glyphs)} characters)"]


def _empty_panels(glyphs, fmt: Format, sheet: list[Panel], direction: str, label: str) -> list[str]:
    counts = {panel.name: 0 for panel in sheet}
    for glyph in glyphs:
        panel = _panel_of(fmt, sheet, direction, glyph)
        if panel is not None:
            counts[panel.name] += 1
    return [
        f"{label}, {panel.name}: {'empty' if counts[panel.name] == 0 else 'nearly empty'} ({counts[panel.name]} characters)"
        for panel in sheet
        if panel.role == "body" and counts[panel.name] < FEW_GLYPHS
    ]


def _overlaps(glyphs: list[Glyph], label: str) -> list[str]:
    """Glyphs covering other glyphs that are not their neighbours in the text."""
    grid: dict[tuple[int, int], list[Glyph]] = defaultdict(list)
    for glyph in glyphs:
        if unicodedata.category(glyph.char) in MARKS:
            continue  # combining marks sit on their letters (Arabic harakat, Devanagari signs)
        for cell in _cells(glyph):
            grid[cell].append(glyph)
    bad: dict[int, Glyph] = {}
    for members in grid.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if abs(a.index - b.index) <= NEIGHBOURS or a.index in bad:
                    continue
                width = min(a.right, b.right) - max(a.left, b.left)
                tall = min(a.top, b.top) - max(a.bottom, b.bottom)
                if width > 0 and tall > 0 and width * tall > OVERLAP * min(a.area, b.area):
                    bad[a.index] = a
    if len(bad) < MIN_OVERLAPS:
        return []
    ordered = sorted(bad.values(), key=lambda g: g.index)
    return _report(glyphs, ordered, f"{label}: {{count}} character(s) printed over other text")


def _cells(glyph: Glyph):
    for x in range(int(glyph.left // CELL), int(glyph.right // CELL) + 1):
        for y in range(int(glyph.bottom // CELL), int(glyph.top // CELL) + 1):
            yield x, y


def _heading_of(letters: Counter, headings, wanted: list[Counter]) -> str | None:
    """The heading a run of large glyphs is: one whose letters hold the run's and of
    which the run has at least half. Not all: the text layer of a right-to-left or
    reordering script may lose a character or two. Not a mere part: the letters of a
    short label at heading size (a notes page's "Notes") are often all found in some
    long section title, and that label is no section heading."""
    for title, counts in zip(headings, wanted, strict=True):
        if not letters - counts and 2 * sum(letters.values()) >= sum(counts.values()):
            return title
    return None


def _stranded_headings(glyphs: list[Glyph], headings, label: str, footer: float) -> list[str]:
    """Section headings with no text after them in their own column: larger type, in a
    run matching one of the leaflet's headings (letters compared as a multiset, since a
    right-to-left heading extracts in visual order), with no smaller glyph below it
    whose box shares its horizontal extent. Glyphs in the running footer do not count."""
    if not glyphs or not headings:
        return []
    sizes = sorted(g.size for g in glyphs)
    body = sizes[len(sizes) // 2]
    wanted = [Counter(c for c in title if not c.isspace()) for title in headings]
    runs, run = [], []
    for glyph in glyphs:
        if glyph.size >= body * 1.15 and (not run or glyph.index - run[-1].index <= 3):
            run.append(glyph)
            continue
        if run:
            runs.append(run)
        run = [glyph] if glyph.size >= body * 1.15 else []
    if run:
        runs.append(run)
    problems = []
    for run in runs:
        matched = _heading_of(Counter(g.char for g in run), headings, wanted)
        if len(run) < 3 or matched is None:
            continue
        bottom = min(g.bottom for g in run)
        left, right = min(g.left for g in run), max(g.right for g in run)
        follows = any(
            g.top < bottom and g.bottom > footer and g.size < body * 1.15 and g.right > left and g.left < right
            for g in glyphs
        )
        if not follows:
            problems.append(f"{label}: heading {matched!r} is the last text in its column or panel; its text starts on the next")
    return problems
