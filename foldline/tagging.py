"""Structure-tree repairs for tagged (screen) PDFs, made while WeasyPrint writes them.

WeasyPrint draws right-to-left text in visual order; a reader that takes text
from the marked content (a screen reader, poppler's structure text) must
reverse it, which scrambles Arabic ligatures such as lam-alef (WeasyPrint
#2841). Headings are what screen-reader users navigate by, so every heading
element gets an /ActualText with its logical text, taken from the content it
was made from (PDF 32000-1 §14.9.4). Applied to every language alike.

The repair is a ``write_pdf`` finisher: it edits WeasyPrint's PDF objects (pydyf)
before they are written, so the file is written once and never parsed again.
"""
from __future__ import annotations

from pypdf import PdfReader

HEADING_TAGS = ("/H1", "/H2", "/H3")


def finisher(headings: list[str], trim_only: bool = False):
    """A WeasyPrint ``write_pdf`` finisher: /ActualText on the structure tree's headings,
    in reading order.

    ``trim_only``: the pages were laid out with bleed (shared with the print file);
    their media, crop and bleed boxes are set to the trim box, which is all a screen
    shows. The content outside stays in the page, for the print file's imposition.
    """
    import pydyf

    def finish(document, pdf) -> None:
        def get(value):  # an indirect reference, as pydyf keeps them, to its object
            return pdf.objects[int(value.split()[0])] if isinstance(value, bytes) else value

        if trim_only:
            for reference in pdf.page_references:
                page = get(reference)
                for box in ("MediaBox", "CropBox", "BleedBox"):
                    page[box] = pydyf.Array(page["TrimBox"])
        root = pdf.catalog.get("StructTreeRoot")
        if root is None:
            return
        elements = list(_written_headings(get(root), get))
        if len(elements) != len(headings):
            raise ValueError(f"the structure tree has {len(elements)} headings, the content {len(headings)}")
        for element, text in zip(elements, headings, strict=True):
            element["ActualText"] = pydyf.String(text)

    return finish


def heading_texts(pdf_path) -> list[tuple[str, str | None]]:
    """(tag, /ActualText) of every heading element, in reading order."""
    reader = PdfReader(pdf_path)
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    return [(str(e["/S"]), e.get("/ActualText")) for e in _headings(root.get_object())]


def _headings(node, depth: int = 0):
    """Heading elements under a structure element (pypdf objects), in reading order."""
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


def _written_headings(node, get, depth: int = 0):
    """The same walk over the objects WeasyPrint is about to write (pydyf: dictionaries,
    with indirect references as b"12 0 R", resolved by ``get``)."""
    if depth > 64:
        return
    kids = get(node.get("K", []))
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = get(kid)
        if not isinstance(kid, dict):
            continue  # a marked-content id
        if kid.get("S") in HEADING_TAGS:
            yield kid
        yield from _written_headings(kid, get, depth + 1)
