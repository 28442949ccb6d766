"""A new translation's skeleton (``new-language``): the source's text and structure, src: filled in.

Written by editing the lines of the source file (inserting ``src:`` lines,
replacing a value in place), never by dumping data, so comments, wrapping and
quoting survive. What the units are and how they are fingerprinted is defined
once, in ``units.py``; this module only writes them down. It never overwrites
an existing file.
"""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel

from ..errors import ContentError, Problem, key_path
from ..project import ContentFile
from .compare import compare
from .languages import Language
from .load import LoadedLeaflet, source_contacts_merged
from .units import DRAFT_LABEL, field_path, field_value, fingerprint, present, translatable_fields, units
from .validate import validate
from .yamledit import LineEdits, raw_lines
from .yamlsource import parse_yaml


class _LineEdits(LineEdits):
    def stamp(self, path: tuple, unit: BaseModel, value: str) -> None:
        """Set the unit's src: in place when it has one, else on a new line after its text."""
        if unit.src is not None:
            self.replace(self.text.value_at(path + ("src",)), unit.src, value, quote=True)
            return
        start = self.text.value_at(path)
        if self.lines[start.line - 1][start.column - 1 :].startswith("{"):
            raise ContentError(
                [Problem(start, key_path(path), "written in flow style {...}; write one key per line so src: can be added", code="flow-style")]
            )
        indent = start.column - 1
        given = [field_path(name) for name in translatable_fields(unit) if present(field_value(unit, name))]
        last = max(given, key=lambda parts: (self.text.where(path + parts).line, self.text.where(path + parts).column))
        self.insert_after(self.end_line(path + last[:1], indent), [" " * indent + src_line(value)])


def src_line(value: str) -> str:
    """A unit's src: line. Quoted, so that every YAML 1.2 tool reads the fingerprint as
    text: unquoted, 5210e509 is a float (infinity) and 51852171 an integer to them."""
    return f'src: "{value}"'


def skeleton(source: LoadedLeaflet, language: str) -> str:
    """A new translation file: the source's text and structure, its own src fingerprints,
    meta.language set, meta.translation {source, status: draft} and labels.draft added."""
    text = source.source_text
    lines = raw_lines(text.path)
    edits = _LineEdits(text, lines)
    for path, unit in units(source.leaflet):
        edits.stamp(path, unit, fingerprint(unit))
    edits.replace(text.value_at(("meta", "language")), source.leaflet.meta.language, language)
    meta_indent = text.value_at(("meta",)).column - 1
    pad, inner = " " * meta_indent, " " * (meta_indent + 2)
    edits.insert_after(
        edits.end_line(("meta",), meta_indent),
        [f"{pad}translation:", f"{inner}source: {source.file.language}", f"{inner}status: draft"],
    )
    labels_indent = text.value_at(("labels",)).column - 1
    edits.insert_after(edits.end_line(("labels",), labels_indent), [" " * labels_indent + f"draft: {DRAFT_LABEL}"])
    # The source's comments are its author's (about the source, for its editors): a
    # translation starts without them, with its own opening comment. The first line,
    # which points editors at the schema, stays.
    schema_line = 1 if lines and lines[0].startswith("# yaml-language-server") else 0
    edits.drop_comments()
    result = edits.apply()
    if schema_line:
        result.insert(0, lines[0])
    body = schema_line
    head = result[:body]
    while body < len(result) and (not result[body].strip() or result[body].lstrip().startswith("#")):
        body += 1
    note = [
        f"# Translation of {source.file.path.name} into {language}, written by `make_leaflet.py new-language`.",
        "# Replace the text of each unit with its translation and keep the src: lines; keep names",
        "# of organizations, addresses, phone numbers, emails and websites as they are.",
        "# The guide: TRANSLATING.md.",
    ]
    return "".join(head + [line + edits.newline for line in note] + result[body:])


def check_written(path: Path, content: str, source: LoadedLeaflet, language: Language) -> list[Problem]:
    """Errors (never warnings) the translation check finds in text about to be written."""
    text = parse_yaml(path, content)
    # As the build reads it: the contact details a translation leaves out are the source's.
    leaflet = source_contacts_merged(validate(text), source.leaflet)
    item = LoadedLeaflet(ContentFile(source.file.leaflet, leaflet.meta.language, path), leaflet, text, language)
    return [p for p in compare(source, item) if p.severity == "error"]


def write_new(path: Path, content: str) -> None:
    """Create a file with content, whole or not at all; FileExistsError if it exists."""
    temporary = path.with_name(f".{path.name}.new")
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(content)
    try:
        os.link(temporary, path)  # fails if path exists: never overwrites a translator's work
    finally:
        temporary.unlink()
