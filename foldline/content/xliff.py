"""XLIFF 2.1 files of a leaflet's translation units, for agencies and CAT tools (Trados, memoQ, Phrase).

One ``<file>`` per leaflet, one ``<unit>`` per translation unit (its stable id,
its key path as ``name``, its fingerprint as ``fl:src``), one ``<segment>`` per
translatable field, notes for context. Text is written as it is in the YAML
(inline Markdown such as ``*stress*`` or ``[site](https://...)`` stays as
characters, which CAT tools keep). Read back with the same module: lxml with
entity expansion and network access off. Writes bytes; never touches content files.
"""
from __future__ import annotations

from lxml import etree

from .interchange import ExchangeFileError, Record, Segment, note_text

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"  # the core namespace of XLIFF 2.0 and 2.1
FOLDLINE = "urn:foldline:xliff"  # our attributes, which XLIFF allows on <unit> (lax)
_NS = {"x": XLIFF}


def write_xliff(records: list[Record], leaflet: str, source_language: str, target_language: str,
                original: str, reviewed: bool = False) -> bytes:
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF, "fl": FOLDLINE},
                         version="2.1", srcLang=source_language, trgLang=target_language)
    file = etree.SubElement(root, f"{{{XLIFF}}}file", id=leaflet, original=original)
    for record in records:
        unit = etree.SubElement(file, f"{{{XLIFF}}}unit", id=record.id, name=record.key)
        unit.set(f"{{{FOLDLINE}}}src", record.src)
        if record.notes:
            notes = etree.SubElement(unit, f"{{{XLIFF}}}notes")
            for note in record.notes:
                element = etree.SubElement(notes, f"{{{XLIFF}}}note", category="context", appliesTo="source")
                element.text = note_text(record, note)
        for segment in record.segments:
            element = etree.SubElement(unit, f"{{{XLIFF}}}segment", id=segment.id)
            if segment.target is not None:
                element.set("state", ("final" if reviewed else "translated") if record.translated else "initial")
            etree.SubElement(element, f"{{{XLIFF}}}source").text = segment.source
            if segment.target is not None:
                etree.SubElement(element, f"{{{XLIFF}}}target").text = segment.target
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff(data: bytes) -> tuple[dict, list[Record]]:
    """(header: srcLang, trgLang, file id; records with their targets) from XLIFF 2.x bytes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExchangeFileError(f"not well-formed XML: {exc}") from None
    if root.tag != f"{{{XLIFF}}}xliff" or not str(root.get("version", "")).startswith("2."):
        raise ExchangeFileError("not an XLIFF 2 file (expected <xliff version=\"2.1\"> in the XLIFF 2 namespace)")
    files = root.findall("x:file", _NS)
    if len(files) != 1:
        raise ExchangeFileError(f"expected one <file> (one leaflet), found {len(files)}")
    header = {"srcLang": root.get("srcLang"), "trgLang": root.get("trgLang"), "file": files[0].get("id")}
    found = []
    for unit in files[0].iter(f"{{{XLIFF}}}unit"):
        segments = []
        for segment in unit.findall("x:segment", _NS):
            source = segment.find("x:source", _NS)
            target = segment.find("x:target", _NS)
            segments.append(Segment(segment.get("id", ""), _text(source), None if target is None else _text(target)))
        src = unit.get(f"{{{FOLDLINE}}}src", "")
        found.append(Record(unit.get("id", ""), unit.get("name", ""), src, tuple(segments)))
    return header, found


def _text(element) -> str:
    """An element's text with inline codes' own text kept (a CAT tool may wrap spans in <mrk>)."""
    return "" if element is None else "".join(element.itertext())
