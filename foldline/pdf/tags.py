"""Structure-tree repairs for tagged (screen) PDFs, made while WeasyPrint writes them.

WeasyPrint draws right-to-left text in visual order; a reader that takes text
from the marked content (a screen reader, poppler's structure text) must
reverse it, which scrambles Arabic ligatures such as lam-alef (WeasyPrint
#2841). Headings are what screen-reader users navigate by, so every heading
element gets an /ActualText with its logical text, taken from the content it
was made from (PDF 32000-1 §14.9.4). Applied to every language alike.

WeasyPrint 70 already writes /Figure with /Alt (from the image's alt), /Table with
/TR, /TH and /TD (cells pointing at their headers) and /L, /LI, /Lbl, /LBody for
lists; it writes no /Scope on header cells, which PDF/UA asks for: every /TH gets
/Scope /Column here (Foldline's tables have one header row). Callouts are the
templates' only ``<article>`` elements (WeasyPrint: /Art); they become /Aside, a
PDF 2.0 type that the RoleMap maps to the PDF 1.7 /Div a PDF/UA-1 reader knows.

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
        asides = list(_elements(get(root), get, prefix="", tags=("/Art",)))
        for element in asides:
            element["S"] = "/Aside"
        if asides:
            get(root)["RoleMap"] = pydyf.Dictionary({"Aside": "/Div"})
        for cell in _elements(get(root), get, prefix="", tags=("/TH",)):
            attributes = get(cell.get("A"))
            if isinstance(attributes, dict) and "Scope" not in attributes:
                attributes["Scope"] = "/Column"
        elements = list(_headings(get(root), get, prefix=""))
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
    return [(str(e["/S"]), e.get("/ActualText")) for e in _headings(root.get_object(), _pypdf_object)]


def element_attributes(reader: PdfReader, tag: str, key: str) -> list[tuple[str, object]]:
    """(tag, value of key, or of the /A attribute dictionary's key) of every structure
    element with the given tag (/Figure and /Alt, /TH and /Scope), in reading order."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    found = []
    for element in _elements(root.get_object(), _pypdf_object, tags=(tag,)):
        attributes = _pypdf_object(element.get("/A", {}))
        value = element.get(key, attributes.get(key) if isinstance(attributes, dict) else None)
        found.append((str(element["/S"]), value))
    return found


def tag_counts(reader: PdfReader) -> dict[str, int]:
    """How many structure elements of each tag the file has."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    counts: dict[str, int] = {}
    if root is not None:
        for element in _elements(root.get_object(), _pypdf_object, tags=None):
            counts[str(element["/S"])] = counts.get(str(element["/S"]), 0) + 1
    return counts


def _pypdf_object(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _headings(node, resolve, prefix: str = "/"):
    return _elements(node, resolve, prefix, HEADING_TAGS)


def _elements(node, resolve, prefix: str = "/", tags=HEADING_TAGS, depth: int = 0):
    """Elements with one of ``tags`` (all when None) under a structure element, in reading order: in a PDF read by
    pypdf (keys "/K", "/S"), or in the objects WeasyPrint is about to write (pydyf: keys
    without the slash, ``prefix=""``). ``resolve`` turns an indirect reference into its
    object (pypdf's, or pydyf's b"12 0 R")."""
    if depth > 64:
        return
    kids = resolve(node.get(prefix + "K", []))
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = resolve(kid)
        if not isinstance(kid, dict):
            continue  # a marked-content id
        if prefix + "S" in kid and (tags is None or kid.get(prefix + "S") in tags):
            yield kid
        yield from _elements(kid, resolve, prefix, tags, depth + 1)
