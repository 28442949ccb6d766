"""XLIFF 2.1 files of a leaflet's translation units, for agencies and CAT tools (Trados, memoQ, Phrase).

One ``<file>`` per leaflet, one ``<unit>`` per translation unit (its stable id,
its key path as ``name``, its fingerprint as ``fl:src``), one ``<segment>`` per
translatable field, notes for context. Inline markup (``*stress*``,
``[site](https://...)``, ``{page}``) is written as XLIFF inline codes and
do-not-translate spans as ``<mrk translate="no">`` (``xliff_inline.py``). Read back with
the same module: lxml with entity expansion and network access off; a target whose
codes are not the source's is refused with the unit's line. A file without inline
codes (an older export) is read as text in the project's markup. Writes bytes; never
touches content files.
"""
from __future__ import annotations

from lxml import etree

from ..errors import ContentError, Location, Problem
from . import xliff_inline
from .interchange import ExchangeFileError, Record, Segment, marked, note_text

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
        codes = xliff_inline.UnitCodes()
        for segment in record.segments:
            element = etree.SubElement(unit, f"{{{XLIFF}}}segment", id=segment.id)
            if segment.target is not None:
                element.set("state", ("final" if reviewed else "translated") if record.translated else "initial")
            markup = marked(record.id, segment.id)
            xliff_inline.write(etree.SubElement(element, f"{{{XLIFF}}}source"), segment.source, markup, codes, "source")
            if segment.target is not None:
                target = etree.SubElement(element, f"{{{XLIFF}}}target")
                xliff_inline.write(target, segment.target, markup, codes, "target")
        codes.original_data(unit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff(data: bytes, path=None) -> tuple[dict, list[Record]]:
    """(header: srcLang, trgLang, file id; records with their targets) from XLIFF 2.x bytes.
    Raises ContentError naming ``path``, the unit's line and id for every target whose
    inline codes are not the source's."""
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
    found, problems = [], []
    for unit in files[0].iter(f"{{{XLIFF}}}unit"):
        segments, trouble = _segments(unit)
        rid = unit.get("id", "")
        where = Location(path, unit.sourceline or 0, 1) if path is not None else None
        problems += [Problem(where, f"unit {rid}", message, code="xliff-code") for message in trouble]
        src = unit.get(f"{{{FOLDLINE}}}src", "")
        found.append(Record(rid, unit.get("name", ""), src, tuple(segments), line=unit.sourceline or 0))
    if problems:
        raise ContentError(problems)
    return header, found


def _segments(unit) -> tuple[list[Segment], list[str]]:
    data = {d.get("id", ""): d.text or "" for d in unit.iterfind("x:originalData/x:data", _NS)}
    sources = [segment.find("x:source", _NS) for segment in unit.findall("x:segment", _NS)]
    codes: dict = {}
    for source in sources:
        if source is not None:
            codes.update(xliff_inline.source_codes(source, data))
    segments, problems = [], []
    for segment, source in zip(unit.findall("x:segment", _NS), sources, strict=True):
        sid = segment.get("id", "")
        target = segment.find("x:target", _NS)
        if not codes and not xliff_inline.has_codes(target):  # no inline codes: text as the YAML has it
            segments.append(Segment(sid, _text(source), None if target is None else _text(target)))
            continue
        markup = marked(unit.get("id", ""), sid)
        text, _ = xliff_inline.read(source, codes, markup, checked=False) if source is not None else ("", [])
        translated = None
        if target is not None:
            translated, trouble = xliff_inline.read(target, _own(codes, source), markup, checked=bool(_text(target).strip()))
            problems += [f"segment {sid}: {message}" for message in trouble]
        segments.append(Segment(sid, text, translated))
    return segments, problems


def _own(codes: dict, source) -> dict:
    """The codes of one segment's source (a target is matched against its own segment's)."""
    if source is None:
        return {}
    mine = {element.get("id", "") for element in source.iter()}
    return {ident: code for ident, code in codes.items() if ident in mine}


def _text(element) -> str:
    """An element's text with inline codes' own text kept (a CAT tool may wrap spans in <mrk>)."""
    return "" if element is None else "".join(element.itertext())
