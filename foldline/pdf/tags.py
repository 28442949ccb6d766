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

It builds the tree from boxes, which are fragments (``layout/structure.py``), and
the finisher mends what that leaves (PDF/UA-1 §7.1, §7.18; Matterhorn 01, 28):

- one element per HTML element: the fragments of a paragraph, list, list item or
  link broken across columns, pages or lines are joined into the first, in order
  (a marked-content id moved to an element of another page becomes an /MCR naming
  its page);
- each link annotation belongs to one /Link element: WeasyPrint also hangs it under
  every box inside the link (the QR code's /Figure, the left-to-right span of an
  address in Arabic), so a reader met it twice; its /Contents is the link's
  ``title`` from the template ("organization: number"), not the bare URI;
- running headers and footers (margin boxes) are /Artifact /Pagination, with /Subtype
  /Header or /Footer by the margin they are in: WeasyPrint
  builds elements for them but links them nowhere, so their text was neither
  content nor artifact; their marked content is rewritten and the page's
  marked-content ids renumbered;
- an element whose HTML element has a ``lang`` other than the document's gets /Lang, and
  so does each Latin run of a translation into another script (``layout/views.py`` sets
  them apart; their language is the one translated from: what Latin text there is,
  names and addresses, comes from it);
- the XMP packet gets dc:language and xmpMM document and instance ids (from the
  output's name and from what was laid out: the same input, the same ids).

The repair is a ``write_pdf`` finisher: it edits WeasyPrint's PDF objects (pydyf)
before they are written, so the file is written once and never parsed again.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pypdf import PdfReader

HEADING_TAGS = ("/H1", "/H2", "/H3")
_FOLDLINE_IDS = uuid.UUID("6f1d2a3c-8b47-4e0a-9c55-2f0d1e7a9b31")  # namespace of Foldline's XMP ids


@dataclass(frozen=True)
class Identity:
    """What a screen file's XMP says about it, beside what WeasyPrint writes."""

    language: str
    name: str  # the output's name (leaflet, language, format): its xmpMM:DocumentID
    laid_out: str  # what was laid out (HTML and stylesheets): its xmpMM:InstanceID
    runs_language: str | None = None  # of the Latin runs set apart in text of another script

    def ids(self) -> tuple[str, str]:
        return (f"uuid:{uuid.uuid5(_FOLDLINE_IDS, self.name)}",
                f"uuid:{uuid.uuid5(_FOLDLINE_IDS, self.name + chr(0) + self.laid_out)}")


def finisher(headings: list[str], trim_only: bool = False, origins: dict | None = None,
             identity: Identity | None = None):
    """A WeasyPrint ``write_pdf`` finisher: /ActualText on the structure tree's headings,
    in reading order, and the repairs of the module docstring.

    ``trim_only``: the pages were laid out with bleed (shared with the print file);
    their media, crop and bleed boxes are set to the trim box, which is all a screen
    shows. The content outside stays in the page, for the print file's imposition.
    ``origins``: the HTML element of each structure element, as
    ``layout.structure.recorded_origins`` records them while the file is written.
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
        if identity is not None and "Metadata" in pdf.catalog:
            _complete_xmp(get(pdf.catalog["Metadata"]), identity)
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
        if origins is not None:
            tree = _Tree(pdf, get(root), get, origins)
            tree.join_fragments()
            tree.one_element_per_link()
            tree.languages(document.metadata.lang or "", identity.runs_language if identity else None)
            tree.pagination_artifacts()
        elements = list(_headings(get(root), get, prefix=""))
        if len(elements) != len(headings):
            raise ValueError(f"the structure tree has {len(elements)} headings, the content {len(headings)}")
        for element, text in zip(elements, headings, strict=True):
            element["ActualText"] = pydyf.String(text)

    return finish


def _complete_xmp(metadata, identity: Identity) -> None:
    """dc:language and the document and instance ids added to WeasyPrint's XMP packet."""
    document_id, instance_id = identity.ids()
    description = (
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(identity.language)}</rdf:li></rdf:Bag></dc:language>"
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>"
        "</rdf:Description></rdf:RDF>"
    ).encode()
    packet = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
    head, found, tail = packet.rpartition(b"</rdf:RDF>")
    if found:
        metadata.stream = [head + description + tail]


class _Tree:
    """WeasyPrint's structure tree as pydyf objects, about to be written, and its mending."""

    def __init__(self, pdf, root, get, origins: dict):
        self.pdf, self.root, self.get, self.origins = pdf, root, get, origins
        self.nums = get(root["ParentTree"])["Nums"]  # page number, [element per MCID], ..., annotation key, element

    def walk(self):
        """(element, parent) of every element reachable from the root, in reading order."""
        found = []

        def visit(node, depth):
            for kid in node.get("K", []) if depth < 64 else []:
                element = self.get(kid)
                if isinstance(element, dict) and element.get("Type") == "/StructElem":
                    found.append((element, node))
                    visit(element, depth + 1)

        visit(self.root, 0)
        return found

    def html(self, element):
        origin = self.origins.get(id(element))
        return None if origin is None or origin[0] is not element else origin[1]

    def join_fragments(self) -> None:
        """The elements made from one HTML element (and of one type) joined into the first."""
        import pydyf

        found = self.walk()
        parent = {id(element): up for element, up in found}
        groups: dict[tuple, list] = {}
        for element, _ in found:
            made_from = self.html(element)
            if made_from is not None:
                groups.setdefault((id(made_from), element["S"]), []).append(element)
        moved: dict[bytes, bytes] = {}
        for first, *others in (group for group in groups.values() if len(group) > 1):
            for other in others:
                for kid in other["K"]:
                    if isinstance(kid, int) and other.get("Pg") != first.get("Pg"):
                        kid = pydyf.Dictionary({"Type": "/MCR", "Pg": other["Pg"], "MCID": kid})
                    element = self.get(kid) if isinstance(kid, bytes) else None
                    if isinstance(element, dict) and element.get("Type") == "/StructElem":
                        element["P"] = first.reference
                        parent[id(element)] = first
                    first["K"].append(kid)
                other["K"] = pydyf.Array()
                up = parent[id(other)]
                up["K"] = pydyf.Array([kid for kid in up["K"] if kid != other.reference])
                moved[other.reference] = first.reference
        if moved:
            self._repoint(moved)

    def one_element_per_link(self) -> None:
        """Each link annotation referenced once, from its /Link element, described by the
        link's ``title``. An annotation WeasyPrint hangs under an element inside the link
        (the QR code's /Figure has one of its own) moves up to the /Link."""
        import pydyf

        found = self.walk()
        parent = {id(element): up for element, up in found}

        def holder(element):
            while isinstance(element, dict) and element.get("S") != "/Link":
                element = parent.get(id(element))
            return element

        owner: dict[bytes, dict] = {}
        for element, _ in found:
            link = holder(element)
            if link is None:
                continue
            kept = []
            for kid in element["K"]:
                if not self._is_objr(kid):
                    kept.append(kid)
                    continue
                annotation = self.get(kid)["Obj"]
                if annotation in owner:
                    continue  # a second reference to it
                owner[annotation] = link
                if link is element:
                    kept.append(kid)
                else:
                    link["K"].append(kid)
            if len(kept) != len(element["K"]):
                element["K"] = pydyf.Array(kept)
        keys = {}
        for annotation, link in owner.items():
            key = self.get(annotation).get("StructParent")
            if key is not None:
                keys[key] = link.reference
            title = (self.html(link).get("title") or "").strip() if self.html(link) is not None else ""
            if title:
                self.get(annotation)["Contents"] = pydyf.String(title)
        for index in range(0, len(self.nums), 2):
            if self.nums[index] in keys:
                self.nums[index + 1] = keys[self.nums[index]]

    def languages(self, document_language: str, runs_language: str | None) -> None:
        """/Lang on elements made from an HTML element in another language than the document:
        one with a ``lang``, and the Latin runs of text in another script (``<span
        dir="ltr">`` in right-to-left text, ``<span class="latin">`` in others: names,
        addresses, drug names), in ``runs_language``."""
        import pydyf

        for element, _ in self.walk():
            made_from = self.html(element)
            if made_from is None:
                continue
            lang = made_from.get("lang")
            if lang is None and made_from.tag == "span" and (made_from.get("dir") == "ltr" or made_from.get("class") == "latin"):
                lang = runs_language
            if lang and lang != document_language:
                element["Lang"] = pydyf.String(lang)

    def pagination_artifacts(self) -> None:
        """Marked content whose element is not in the tree (running headers and footers)
        rewritten as /Artifact /Pagination; the page's other marked-content ids renumbered."""
        import pydyf

        found = [element for element, _ in self.walk()]  # renumbering changes ids, not the tree
        reachable = {id(element) for element in found}
        pages = len(self.pdf.page_references)
        for index in range(0, len(self.nums), 2):
            number, entries = self.nums[index], self.nums[index + 1]
            if not isinstance(number, int) or number >= pages or not isinstance(entries, list):
                continue
            orphans = {mcid: self._margin(ref) for mcid, ref in enumerate(entries) if id(self.get(ref)) not in reachable}
            if not orphans:
                continue
            renumbered = {}
            for mcid in range(len(entries)):
                if mcid not in orphans:
                    renumbered[mcid] = len(renumbered)
            self.nums[index + 1] = pydyf.Array([ref for mcid, ref in enumerate(entries) if mcid not in orphans])
            page = self.pdf.page_references[number]
            for stream in self._streams(page):
                items = stream.stream
                for at, item in enumerate(items):
                    if isinstance(item, dict) and "MCID" in item:
                        if item["MCID"] in orphans:
                            items[at - 1] = "/Artifact"
                            items[at] = pydyf.Dictionary({"Type": "/Pagination", **orphans[item["MCID"]]})
                        else:
                            item["MCID"] = renumbered[item["MCID"]]
            for element in found:
                kids = element["K"]
                for at, kid in enumerate(kids):
                    if isinstance(kid, int) and element.get("Pg") == page:
                        kids[at] = renumbered[kid]
                    elif isinstance(kid, dict) and kid.get("Type") == "/MCR" and kid.get("Pg") == page:
                        kid["MCID"] = renumbered[kid["MCID"]]

    def _margin(self, reference) -> dict:
        """The artifact's /Subtype for marked content of a page-margin box: /Header for the
        top margin's boxes, /Footer for the bottom's, none for the sides (PDF 32000-1
        §14.8.2.2.2; Matterhorn 18-002)."""
        element = self.get(reference)
        for _ in range(64):
            origin = self.origins.get(id(element))
            if origin is not None and origin[0] is element and origin[2]:
                side = origin[2].removeprefix("@").split("-")[0]
                return {"Subtype": {"top": "/Header", "bottom": "/Footer"}[side]} if side in ("top", "bottom") else {}
            if not isinstance(element, dict) or "P" not in element:
                return {}
            element = self.get(element["P"])
        return {}

    def _streams(self, page_reference: bytes):
        """The page's content stream and every stream drawn for it (groups, patterns)."""
        tags = getattr(self.get(self.get(page_reference)["Contents"]), "_tags", None)
        if tags is None:
            return []
        return [item for item in self.pdf.objects if getattr(item, "_tags", None) is tags]

    def _repoint(self, moved: dict[bytes, bytes]) -> None:
        """ParentTree entries of joined elements pointed at the element they joined."""
        import pydyf

        for index in range(1, len(self.nums), 2):
            value = self.nums[index]
            if isinstance(value, list):
                self.nums[index] = pydyf.Array([moved.get(ref, ref) for ref in value])
            else:
                self.nums[index] = moved.get(value, value)

    def _is_objr(self, kid) -> bool:
        item = self.get(kid) if isinstance(kid, bytes) else kid
        return isinstance(item, dict) and item.get("Type") == "/OBJR"

    def _objects(self, element):
        return [self.get(kid) for kid in element["K"] if self._is_objr(kid)]


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
