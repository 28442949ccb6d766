"""Imposition: rendered pages placed on printer's sheets, with pypdf.

Pure functions of a PDF (its bytes, or a ``PdfReader`` when one layout is imposed
two ways: parsing a tagged PDF's structure tree is most of the work) and the format:
- ``fold_sheets``: a folded leaflet is rendered as one page per panel, in reading
  order (cover, body panels..., back); here the panels go to their places on the
  sheets (letter fold: outside = flap | back | cover, inside = three panels;
  mirrored for right-to-left languages), each clipped at the folds so nothing
  crosses one, bleed kept only on the sheet's outer edges, with crop and fold
  marks for print.
- ``with_marks``: print pages with crop marks outside the bleed.
- ``booklet``: a saddle-stitched booklet's pages 2-up in booklet order
  (last+first, second+second-to-last, ...) for printing, folding and stapling.

Given a ``press.Press`` (print files), every page's content is converted to the
print colours as it is placed, links are left out, pages get TrimBox and BleedBox
only, and the file is written as PDF/X-4 (``Press.finish``); marks follow the print
profile. Without one (screen files) nothing of that happens.
"""
from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, RectangleObject

from ..layout.formats import Format
from ..lengths import PT_PER_MM
from ..project import Variant
from .press import Press

SLUG_MM = 9  # room outside the bleed for crop and fold marks


def _reader(pdf: bytes | PdfReader) -> PdfReader:
    return pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))


def fold_sheets(pdf: bytes | PdfReader, fmt: Format, direction: str, variant: str,
                press: Press | None = None) -> bytes:
    reader = _reader(pdf)
    pages = list(reader.pages)
    printing = Variant(variant) is Variant.PRINT
    bleed = fmt.bleed_for(variant)
    slug = SLUG_MM if printing else 0
    sheet_w, sheet_h = fmt.page.width, fmt.page.height
    origin = (bleed + slug) * PT_PER_MM
    media = (sheet_w * PT_PER_MM + 2 * origin, sheet_h * PT_PER_MM + 2 * origin)

    # Which rendered page fills which panel: cover first, back last, body in between.
    body_pages = pages[1:-1]
    source: dict[int, PageObject | None] = {}
    body_index = 0
    for index, panel in enumerate(fmt.panels):
        if panel.role == "cover":
            source[index] = pages[0]
        elif panel.role == "back":
            source[index] = pages[-1] if len(pages) > 1 else None
        else:
            source[index] = body_pages[body_index] if body_index < len(body_pages) else None
            body_index += 1

    sheets = _Sheets(reader, press)
    for sheet in sorted({p.sheet for p in fmt.panels}):
        target = sheets.add(*media)
        for index, panel in enumerate(fmt.panels):
            page = source[index]
            if panel.sheet != sheet or page is None:
                continue
            x = fmt.panel_left(panel, direction)
            first, last = fmt.touches_edges(panel, direction)
            target.place(page, origin + x * PT_PER_MM, origin, bleed * PT_PER_MM, first, last)
        target.set_boxes(origin, bleed * PT_PER_MM, sheet_w * PT_PER_MM, sheet_h * PT_PER_MM)
        if printing and sheets.marks:
            # A fold is the left edge of every panel but the sheet's leftmost.
            folds = sorted(x for x in {fmt.panel_left(p, direction) for p in fmt.panels if p.sheet == sheet} if x > 0.01)
            target.marks(origin, bleed * PT_PER_MM, sheet_w * PT_PER_MM, sheet_h * PT_PER_MM, [f * PT_PER_MM for f in folds])
    return sheets.finish()


def with_marks(pdf: bytes | PdfReader, fmt: Format, press: Press | None = None) -> bytes:
    """Each page on a larger sheet: trim + bleed kept, crop marks outside the bleed.

    (WeasyPrint's own ``marks`` sit inside the bleed, where a trimmer cuts them.)
    """
    reader = _reader(pdf)
    bleed = fmt.bleed * PT_PER_MM
    origin = bleed + SLUG_MM * PT_PER_MM
    width, height = fmt.page.width * PT_PER_MM, fmt.page.height * PT_PER_MM
    sheets = _Sheets(reader, press)
    for page in reader.pages:
        target = sheets.add(width + 2 * origin, height + 2 * origin)
        target.place(page, origin, origin, bleed, True, True)
        target.set_boxes(origin, bleed, width, height)
        if sheets.marks:
            target.marks(origin, bleed, width, height, [])
    return sheets.finish()


def booklet(pdf: bytes | PdfReader, fmt: Format, direction: str = "ltr", press: Press | None = None) -> bytes:
    """2-up press sheets of a saddle-stitched booklet: each sheet side holds a (left,
    right) pair of pages in booklet order, bound on the left for left-to-right languages
    and on the right for right-to-left ones. The spread is the trim (TrimBox), with bleed
    on its outer edges (none at the spine, where the pages meet), crop marks at its
    corners and a fold mark at the spine, outside the bleed. ``pdf``: the print variant's
    pages, laid out with bleed. No creep: at 16 pages or fewer on text paper the shift
    of the inner pages is below the trim's tolerance."""
    reader = _reader(pdf)
    pages = list(reader.pages)
    count = len(pages)
    if count % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, not {count}")
    page_w, page_h = fmt.page.width * PT_PER_MM, fmt.page.height * PT_PER_MM
    spread_w, spread_h = 2 * page_w, page_h  # the trim: two pages meeting at the spine
    bleed = fmt.bleed * PT_PER_MM
    origin = bleed + SLUG_MM * PT_PER_MM
    left_x, y = origin, origin
    sheets = _Sheets(reader, press)
    for left, right in booklet_order(count, direction):
        target = sheets.add(spread_w + 2 * origin, spread_h + 2 * origin)
        target.place(pages[left - 1], left_x, y, bleed, True, False)
        target.place(pages[right - 1], left_x + page_w, y, bleed, False, True)
        target.set_boxes(origin, bleed, spread_w, spread_h)
        if sheets.marks:
            target.marks(origin, bleed, spread_w, spread_h, [spread_w / 2])
    return sheets.finish()


def booklet_order(count: int, direction: str = "ltr") -> list[tuple[int, int]]:
    """Page numbers (left, right) of each sheet side. Bound on the left: (n, 1), (2, n-1),
    (n-2, 3), ...; bound on the right (right-to-left languages) each pair is mirrored:
    (1, n), (n-1, 2), ..."""
    sides = []
    for i in range(count // 2):
        low, high = i + 1, count - i
        pair = (high, low) if i % 2 == 0 else (low, high)
        sides.append(pair if direction == "ltr" else pair[::-1])
    return sides


class _Sheets:
    """The output PDF: sheets on which source pages are drawn as Form XObjects.

    Each source page becomes one form (its content stream untouched, never parsed
    and rewritten: that is what made pypdf's page merging slow) and is drawn with a
    clip and a translation; a page used twice is stored once.
    """

    def __init__(self, reader: PdfReader, press: Press | None = None):
        self.reader = reader
        self.press = press
        self.marks = press is None or press.profile.marks
        self.writer = PdfWriter()
        self.sheets: list[_Sheet] = []
        self._forms: dict[int, object] = {}

    def add(self, width: float, height: float) -> _Sheet:
        sheet = _Sheet(self, self.writer.add_blank_page(width, height))
        self.sheets.append(sheet)
        return sheet

    def form(self, page: PageObject, bleed: float):
        """The page as a Form XObject showing its trim plus ``bleed`` (the bleed is drawn
        in the page's content even where its media box is cut to the trim)."""
        key = (id(page), bleed)
        if key not in self._forms:
            trim = page.trimbox
            content = page.get_contents()
            raw = DecodedStreamObject()
            data = content.get_data() if content is not None else b""
            raw.set_data(self.press.content(data) if self.press else data)
            form = raw.flate_encode()
            form.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Form"),
                    NameObject("/BBox"): RectangleObject(
                        (trim.left - bleed, trim.bottom - bleed, trim.right + bleed, trim.top + bleed)
                    ),
                    NameObject("/Resources"): page["/Resources"].clone(self.writer) if "/Resources" in page else DictionaryObject(),
                }
            )
            if self.press:
                self.press.resources(form["/Resources"])
            self._forms[key] = self.writer._add_object(form)  # pypdf has no public call for a new indirect object
        return self._forms[key]

    def finish(self) -> bytes:
        for sheet in self.sheets:
            sheet.write()
        reader, writer = self.reader, self.writer
        info = {k: v for k, v in (reader.metadata or {}).items() if isinstance(k, str)}
        if info:
            writer.add_metadata(info)
        lang = reader.trailer["/Root"].get("/Lang")
        if lang is not None:
            writer._root_object[NameObject("/Lang")] = lang  # pypdf has no public setter for /Lang
        for page in writer.pages:
            page.compress_content_streams()
        if self.press:
            self.press.finish(writer, info)
        out = io.BytesIO()
        writer.compress_identical_objects()
        writer.write(out)
        return out.getvalue()


class _Sheet:
    def __init__(self, sheets: _Sheets, page: PageObject):
        self.sheets = sheets
        self.page = page
        self.ops: list[str] = []
        self.xobjects = DictionaryObject()
        self.annotations: list = []

    def place(self, page: PageObject, x: float, y: float, bleed: float, bleed_left: bool, bleed_right: bool) -> None:
        """Put a page's trim area at (x, y), clipped to trim plus the allowed bleed."""
        trim = page.trimbox
        left = float(trim.left) - (bleed if bleed_left else 0)
        right = float(trim.right) + (bleed if bleed_right else 0)
        bottom, top = float(trim.bottom) - bleed, float(trim.top) + bleed
        name = f"/P{len(self.xobjects)}"
        self.xobjects[NameObject(name)] = self.sheets.form(page, bleed)
        dx, dy = x - float(trim.left), y - float(trim.bottom)
        self.ops.append(
            f"q 1 0 0 1 {dx:.3f} {dy:.3f} cm {left:.3f} {bottom:.3f} {right - left:.3f} {top - bottom:.3f} re W n {name} Do Q"
        )
        # Links (the only annotations WeasyPrint writes) move with their page; one outside
        # the clip (on a neighbouring panel's bleed) is dropped. A print file has none.
        for annotation in () if self.sheets.press else page.get("/Annots") or ():
            annotation = annotation.get_object()
            x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
            if x2 <= left or x1 >= right or y2 <= bottom or y1 >= top:
                continue
            moved = annotation.clone(self.sheets.writer, ignore_fields=("/P", "/Parent", "/StructParent"))
            moved[NameObject("/Rect")] = RectangleObject((x1 + dx, y1 + dy, x2 + dx, y2 + dy))
            if "/QuadPoints" in annotation:
                points = [float(v) for v in annotation["/QuadPoints"]]
                moved[NameObject("/QuadPoints")] = ArrayObject(
                    FloatObject(v + (dx if i % 2 == 0 else dy)) for i, v in enumerate(points)
                )
            self.annotations.append(moved)

    def set_boxes(self, origin: float, bleed: float, width: float, height: float) -> None:
        page = self.page
        page.trimbox = RectangleObject((origin, origin, origin + width, origin + height))
        page.bleedbox = RectangleObject((origin - bleed, origin - bleed, origin + width + bleed, origin + height + bleed))
        if self.sheets.press is None:  # PDF/X wants TrimBox and BleedBox, not an ArtBox as well
            page.artbox = page.trimbox

    def marks(self, origin: float, bleed: float, width: float, height: float, folds: list[float]) -> None:
        """Crop marks at the trim corners and fold marks at the folds, outside the bleed."""
        gap, length = bleed + 2, (origin - bleed) - 3
        ops = ["q 0.25 w 0 0 0 1 K"]
        for cx in (origin, origin + width):
            for cy in (origin, origin + height):
                sx = -1 if cx == origin else 1
                sy = -1 if cy == origin else 1
                ops.append(f"{cx + sx * gap:.3f} {cy:.3f} m {cx + sx * (gap + length):.3f} {cy:.3f} l S")
                ops.append(f"{cx:.3f} {cy + sy * gap:.3f} m {cx:.3f} {cy + sy * (gap + length):.3f} l S")
        ops.append("[2 2] 0 d")
        for fold in folds:
            fx = origin + fold
            ops.append(f"{fx:.3f} {origin - gap:.3f} m {fx:.3f} {origin - gap - length:.3f} l S")
            ops.append(f"{fx:.3f} {origin + height + gap:.3f} m {fx:.3f} {origin + height + gap + length:.3f} l S")
        ops.append("Q")
        self.ops.extend(ops)

    def write(self) -> None:
        stream = DecodedStreamObject()
        stream.set_data(("\n".join(self.ops) + "\n").encode())
        self.page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): self.xobjects})
        self.page.replace_contents(stream)
        if self.annotations:
            self.page[NameObject("/Annots")] = ArrayObject(self.sheets.writer._add_object(a) for a in self.annotations)

