"""Structure-tree repairs for tagged (screen) PDFs, with pypdf.

WeasyPrint draws right-to-left text in visual order; a reader that takes text
from the marked content (a screen reader, poppler's structure text) must
reverse it, which scrambles Arabic ligatures such as lam-alef (WeasyPrint
#2841). Headings are what screen-reader users navigate by, so every heading
element gets an /ActualText with its logical text, taken from the content it
was made from (PDF 32000-1 §14.9.4). Applied to every language alike.
"""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject, TextStringObject

HEADING_TAGS = ("/H1", "/H2", "/H3")


def label_headings(pdf: bytes, headings: list[str], trim_only: bool = False) -> bytes:
    """Set /ActualText on the structure tree's headings, in reading order.

    ``trim_only``: the pages were laid out with bleed (shared with the print file);
    their media, crop and bleed boxes are set to the trim box, which is all a screen
    shows. (Done here because this is the one pass that rewrites a screen PDF.)
    """
    reader = PdfReader(io.BytesIO(pdf))
    if "/StructTreeRoot" not in reader.trailer["/Root"] and not trim_only:
        return pdf
    writer = PdfWriter(clone_from=reader)
    if trim_only:
        for page in writer.pages:
            trim = page.trimbox
            page.mediabox = page.cropbox = page.bleedbox = RectangleObject(trim)
    root = writer._root_object.get("/StructTreeRoot")  # pypdf has no public accessor for it
    elements = list(_headings(root.get_object())) if root is not None else []
    if len(elements) != len(headings) and root is not None:
        raise ValueError(f"the structure tree has {len(elements)} headings, the content {len(headings)}")
    for element, text in zip(elements, headings, strict=False):
        element[NameObject("/ActualText")] = TextStringObject(text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def heading_texts(pdf_path) -> list[tuple[str, str | None]]:
    """(tag, /ActualText) of every heading element, in reading order."""
    reader = PdfReader(pdf_path)
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    return [(str(e["/S"]), e.get("/ActualText")) for e in _headings(root.get_object())]


def _headings(node, depth: int = 0):
    if depth > 64:
        return
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if not hasattr(kid, "get"):
            continue  # a marked-content id
        if kid.get("/S") in HEADING_TAGS:
            yield kid
        yield from _headings(kid, depth + 1)
