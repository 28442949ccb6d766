"""Gettext PO files of a leaflet's translation units, for Weblate, Pootle and other PO tools.

One entry per translatable field: ``msgctxt`` is the unit's stable id and the
field (``section.causes.blocks.0|text``), ``msgid`` the source text, ``msgstr``
the translation; notes go in extracted comments (``#.``), with the
do-not-translate spans of the text listed ("Do not translate: ...", see
``protected.py``), the key path in a reference (``#:``), and a translation whose unit is stale is marked fuzzy. The
leaflet's name travels in an ``X-Foldline-Leaflet`` header. Read and written with
polib; never touches content files.
"""
from __future__ import annotations

import polib

from .interchange import ExchangeFileError, Record, Segment, do_not_translate

_CONTEXT = "|"  # between a unit's id and the field in msgctxt


def write_po(records: list[Record], leaflet: str, source_language: str, target_language: str, original: str) -> bytes:
    po = polib.POFile(wrapwidth=88)
    po.metadata = {
        "Project-Id-Version": leaflet,
        "Language": target_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_language,
        "X-Foldline-Leaflet": leaflet,
        "X-Foldline-Original": original,
    }
    for record in records:
        for segment in record.segments:
            entry = polib.POEntry(
                msgctxt=f"{record.id}{_CONTEXT}{segment.id}",
                msgid=segment.source,
                msgstr=segment.target or "",
                comment="\n".join((*_notes_for(record, segment), *_keep(record, segment), f"src: {record.src}")),
                occurrences=[(f"{original}:{record.key}", "")],
            )
            if segment.target is not None and not record.translated:
                entry.flags.append("fuzzy")
            po.append(entry)
    return str(po).encode("utf-8")


def _keep(record: Record, segment: Segment) -> list[str]:
    spans = do_not_translate(record, segment)
    return [f"Do not translate: {'; '.join(spans)}"] if spans else []


def _notes_for(record: Record, segment: Segment) -> list[str]:
    field = segment.id.split(".")[0]
    return [text for name, text in record.notes if name in ("", field)]


def read_po(data: bytes) -> tuple[dict, list[Record]]:
    """(header: Language, X-Foldline-Leaflet, X-Source-Language; records with their targets)."""
    try:
        po = polib.pofile(data.decode("utf-8"))
    except (UnicodeDecodeError, OSError, ValueError) as exc:
        raise ExchangeFileError(f"not a readable PO file: {exc}") from None
    header = {"srcLang": po.metadata.get("X-Source-Language"), "trgLang": po.metadata.get("Language"),
              "file": po.metadata.get("X-Foldline-Leaflet")}
    units: dict[str, list[Segment]] = {}
    for entry in po:
        if entry.obsolete or not entry.msgctxt or _CONTEXT not in entry.msgctxt:
            continue
        unit, _, field = entry.msgctxt.rpartition(_CONTEXT)
        # A fuzzy entry is a translation its translator has not confirmed: not applied.
        target = None if "fuzzy" in entry.flags else entry.msgstr or None
        units.setdefault(unit, []).append(Segment(field, entry.msgid, target))
    return header, [Record(unit, "", "", tuple(segments)) for unit, segments in units.items()]
