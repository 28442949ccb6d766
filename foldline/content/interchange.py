"""Translatable units as exchange records for CAT tools, and a filled exchange file applied back.

One ``Record`` per translation unit (``units.py``): a stable id (the section's id
plus the unit's path inside it, never the section's position), the source text of
each field, the translation's text where it differs from the source (or is marked
``same: true``), the source's fingerprint, notes for translators (the schema's
field descriptions and the author's ``note:``) and a length hint for short fields.
``xliff.py`` and ``po.py`` turn records into files and back; ``apply`` writes
targets into a translation file with line edits (``yamledit.py``): comments and
key order are kept, and ``src:`` is set only for units whose source text in the
exchange file is the source as it is now. Never renders.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..errors import Location, Problem, key_path
from . import models, protected
from .load import LoadedLeaflet
from .units import (
    DRAFT_LABEL,
    PLAIN_FIELDS,
    field_items,
    field_path,
    field_value,
    fingerprint,
    fingerprint_of,
    item_path,
    normal,
    present,
    translatable_fields,
    units,
)
from .yamledit import LineEdits, raw_lines

SHORT = 80  # fields shorter than this in the source get a length hint (titles, labels, names)


class ExchangeFileError(ValueError):
    """An exchange file that cannot be read: the reason, for the person who sent it."""


@dataclass(frozen=True)
class Segment:
    id: str  # the field, e.g. "title", or "keywords.1" for one element of a list
    source: str
    target: str | None = None


def marked(record_id: str, segment_id: str) -> bool:
    """Whether a segment's text may carry inline markup (a paragraph, not a title or a label)."""
    name = ".".join(part for part in segment_id.split(".") if not part.isdigit())
    return record_id != DRAFT_ID and name not in PLAIN_FIELDS


@dataclass(frozen=True)
class Record:
    id: str  # e.g. "meta", "section.causes", "section.causes.blocks.1.items.0"
    key: str  # the key path in the source file, for people: sections[2].blocks[1].items[0]
    src: str  # fingerprint of the source unit
    segments: tuple[Segment, ...]
    notes: tuple[tuple[str, str], ...] = ()  # (field, or "" for the whole unit; text)
    translated: bool = False  # the translation records this src: done, as far as the file says
    line: int = 0  # where the unit is in the exchange file it was read from


@dataclass
class Applied:
    """What ``apply`` changed: unit ids per outcome."""

    changed: list[str] = field(default_factory=list)  # text written, src set
    stale: list[str] = field(default_factory=list)  # text written; the source changed since export: src left
    unknown: list[str] = field(default_factory=list)  # ids the source no longer has
    unchanged: int = 0


def record_id(leaflet: models.Leaflet, path: tuple) -> str:
    """A unit's stable id: sections by id, the rest of the path as it is."""
    if path[:1] == ("sections",):
        path = ("section", leaflet.sections[path[1]].id, *path[2:])
    return ".".join(str(part) for part in path)


def records(source: LoadedLeaflet, translation: LoadedLeaflet | None = None) -> list[Record]:
    """Every unit of the source as a record, with the translation's text where it has one."""
    theirs = {}
    if translation is not None:
        theirs = {record_id(translation.leaflet, path): (path, unit) for path, unit in units(translation.leaflet)}
    found = [_draft_record(source, translation)]
    for path, unit in units(source.leaflet):
        rid = record_id(source.leaflet, path)
        other = theirs.get(rid, (None, None))[1]
        current = fingerprint(unit)
        segments = tuple(_segments(unit, other))
        found.append(
            Record(rid, key_path(path), current, segments, tuple(_notes(unit, segments)),
                   translated=other is not None and other.src == current)
        )
    return found


DRAFT_ID = "labels.draft"  # not a unit (it has no src:): the footer line of a draft translation


def _draft_record(source: LoadedLeaflet, translation: LoadedLeaflet | None) -> Record:
    text = source.leaflet.labels.draft or DRAFT_LABEL
    theirs = translation.leaflet.labels.draft if translation is not None else None
    note = ("", "Printed in the footer of every page while the translation is a draft: say that it is a draft "
                "translation, not yet reviewed")
    return Record(DRAFT_ID, "labels.draft", "", (Segment("draft", text, _target(text, theirs, False)),), (note,),
                  translated=theirs is not None and normal(theirs) not in {normal(text), DRAFT_LABEL})


def _segments(unit: BaseModel, other: BaseModel | None):
    same = other is not None and bool(getattr(other, "same", None))
    for name in translatable_fields(unit):
        theirs = dict(field_items(other, name)) if other is not None else {}
        for parts, text in field_items(unit, name):
            if text:
                yield Segment(".".join(str(part) for part in parts), text_of(text), _target(text, theirs.get(parts), same))


def _target(source: str, target: str | None, same: bool) -> str | None:
    if target is None or (normal(target) == normal(source) and not same):
        return None  # the skeleton's copy of the source: not a translation yet
    return text_of(target)


_HARD_BREAK = re.compile(r"\\\n\s*")


def text_of(text: str) -> str:
    """A text as an exchange file carries it: white space collapsed, except the line
    breaks of its markup (a backslash ending a line), which stay a backslash and a newline."""
    return "\\\n".join(normal(piece) for piece in _HARD_BREAK.split(text))


def _notes(unit: BaseModel, segments: tuple[Segment, ...]):
    """(field or "" for the whole unit, text) pairs: what the schema says of each field,
    a length hint for short ones, the author's note."""
    fields = type(unit).model_fields
    ids = [s.id for s in segments]
    for name in translatable_fields(unit):
        given = any(i == name or i.startswith(name + ".") for i in ids)
        if name in fields and fields[name].description and given:
            yield name, fields[name].description
    for segment in segments:
        if len(segment.source) < SHORT and "." not in segment.id:
            yield segment.id, (f"short text, set in a heading, label or narrow panel: the source has "
                               f"{len(segment.source)} characters; keep it about as short")
    if getattr(unit, "note", None):
        yield "", f"Author's note: {normal(unit.note)}"


def protected_problems(filled: list[Record], path) -> list[Problem]:
    """Warnings for targets of an exchange file that changed a do-not-translate span, at the unit's line."""
    problems = []
    for record in filled:
        for segment in record.segments:
            if not segment.target or not segment.target.strip():
                continue
            lost = protected.missing(segment.source, segment.target, marked(record.id, segment.id))
            if lost:
                shown = ", ".join(f'"{span.text}"' for span in lost)
                problems.append(Problem(Location(path, record.line, 1) if record.line else None,
                                        f"unit {record.id} segment {segment.id}",
                                        f"do-not-translate text changed: {shown} must stay as in the source",
                                        severity="warning", code="do-not-translate"))
    return problems


def do_not_translate(record: Record, segment: Segment) -> list[str]:
    """The texts of a segment's do-not-translate spans, each once, in order."""
    return list(dict.fromkeys(span.text for span in protected.spans(segment.source, marked(record.id, segment.id))))


def note_text(record: Record, note: tuple[str, str]) -> str:
    """A note as one line for a whole unit: prefixed with its field when the unit has several."""
    name, text = note
    several = len({s.id.split(".")[0] for s in record.segments}) > 1
    return f"{name}: {text}" if name and several else text


def source_fingerprint(record: Record, source_unit: BaseModel) -> str:
    """The fingerprint the record's source texts give, computed the way units.py does."""
    texts = []
    for name in translatable_fields(source_unit):
        prefix = field_path(name)
        given = [s.source for s in record.segments if item_path(s.id)[: len(prefix)] == prefix]
        if not given and not isinstance(field_value(source_unit, name), list):
            given = [""]  # an absent field counts as empty, as in units.fingerprint
        texts.append((name, given))
    return fingerprint_of(texts)


def apply(source: LoadedLeaflet, translation: LoadedLeaflet, filled: list[Record],
          lines: list[str] | None = None) -> tuple[list[str], Applied]:
    """The translation file's new lines (from its file, or the lines given) with the
    filled records' targets written in, and what changed."""
    from .skeleton import src_line

    text = translation.source_text
    edits = LineEdits(text, lines if lines is not None else raw_lines(text.path))
    ours = {record_id(source.leaflet, path): unit for path, unit in units(source.leaflet)}
    theirs = {record_id(translation.leaflet, path): (path, unit) for path, unit in units(translation.leaflet)}
    outcome = Applied()
    for record in filled:
        if record.id == DRAFT_ID:
            _apply_draft(edits, translation, record, outcome)
            continue
        if record.id not in ours or record.id not in theirs:
            outcome.unknown.append(record.id)
            continue
        source_unit, (path, unit) = ours[record.id], theirs[record.id]
        given = [segment for segment in record.segments if segment.target and segment.target.strip()]
        if not given:
            outcome.unchanged += 1
            continue
        changed = _write_targets(edits, path, unit, given)
        # src records the source text this translation was made from: the exchange file's.
        made_from = source_fingerprint(record, source_unit)
        if unit.src != made_from:
            _stamp(edits, text, path, unit, src_line(made_from))
            changed = True
        if made_from != fingerprint(source_unit):
            outcome.stale.append(record.id)
            continue
        # A target the translator left the same as the source is their statement that it is
        # right so ("Notes" in French): the unit says so, and the check accepts it.
        identical = any(normal(s.target) == normal(s.source) for s in given)
        if identical and not unit.same:
            _stamp(edits, text, path, unit, "same: true")
            changed = True
        if changed:
            outcome.changed.append(record.id)
        else:
            outcome.unchanged += 1
    return edits.apply(), outcome


def _apply_draft(edits: LineEdits, translation: LoadedLeaflet, record: Record, outcome: Applied) -> None:
    target = next((s.target for s in record.segments if s.target and s.target.strip()), None)
    current = translation.leaflet.labels.draft
    if target is None or current is None or normal(target) == normal(current):
        outcome.unchanged += 1
        return
    edits.set_text(("labels", "draft"), normal(target))
    outcome.changed.append(record.id)


def _write_targets(edits: LineEdits, path: tuple, unit: BaseModel, given: list[Segment]) -> bool:
    changed = False
    for segment in given:
        parts = item_path(segment.id)
        current = unit
        for part in parts:
            if isinstance(part, int):
                current = current[part] if isinstance(current, list) and part < len(current) else None
            else:
                current = getattr(current, part, None)
            if current is None:
                break
        if current is None:
            continue  # a list shorter in the translation, or a field it lacks: the check reports it
        if text_of(current) != text_of(segment.target):
            edits.set_text((*path, *parts), text_of(segment.target))
            changed = True
    return changed


def _stamp(edits: LineEdits, text, path: tuple, unit: BaseModel, line: str) -> None:
    """Set src: (in place when the unit has one) or add a bookkeeping line after the unit's text."""
    if line.startswith("src:") and unit.src is not None:
        edits.replace(text.value_at((*path, "src")), unit.src, line.split('"')[1], quote=True)
        return
    given = [field_path(n) for n in translatable_fields(unit) if present(field_value(unit, n))]
    last = max(given, key=lambda parts: (text.where((*path, *parts)).line, text.where((*path, *parts)).column))
    indent = text.value_at(path).column - 1
    edits.insert_after(edits.end_line((*path, *last[:1]), indent), [" " * indent + line])
