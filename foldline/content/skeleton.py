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

from ..errors import ContentError, Location, Problem, key_path
from ..project import ContentFile
from .compare import compare
from .languages import Language
from .load import LoadedLeaflet
from .units import field_path, field_value, fingerprint, present, translatable_fields, units
from .validate import validate
from .yamlsource import SourceText, parse_yaml


class _LineEdits:
    """Edits of a YAML file's lines that keep everything else (comments, wrapping, quotes)."""

    def __init__(self, text: SourceText, lines: list[str]):
        self.text = text
        self.lines = lines
        self.newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        self._inserts: dict[int, list[list[str]]] = {}
        self._replacements: list[tuple[int, int, str, str]] = []

    def insert_after(self, line: int, new_lines: list[str]) -> None:
        self._inserts.setdefault(line, []).append(list(new_lines))

    def replace(self, location: Location, old: str, new: str) -> None:
        line = self.lines[location.line - 1]
        if line[location.column - 1 :].startswith(old):
            self._replacements.append((location.line, location.column, old, new))
        elif line[location.column - 1 :].startswith((f'"{old}"', f"'{old}'")):
            self._replacements.append((location.line, location.column + 1, old, new))
        else:
            raise ContentError([Problem(location, "", f"expected {old!r} here; cannot edit this line", code="stamp")])

    def stamp(self, path: tuple, unit: BaseModel, value: str) -> None:
        """Set the unit's src: in place when it has one, else on a new line after its text."""
        if unit.src is not None:
            self.replace(self.text.value_at(path + ("src",)), unit.src, value)
            return
        start = self.text.value_at(path)
        if self.lines[start.line - 1][start.column - 1 :].startswith("{"):
            raise ContentError(
                [Problem(start, key_path(path), "written in flow style {...}; write one key per line so src: can be added", code="flow-style")]
            )
        indent = start.column - 1
        given = [field_path(name) for name in translatable_fields(unit) if present(field_value(unit, name))]
        last = max(given, key=lambda parts: (self.text.where(path + parts).line, self.text.where(path + parts).column))
        self.insert_after(self.end_line(path + last[:1], indent), [" " * indent + f"src: {value}"])

    def end_line(self, parts: tuple, indent: int) -> int:
        """The last line of the value at parts: before whatever follows it, less trailing blank and comment lines."""
        start = self.text.where(parts).line
        size = len(parts)
        later = [
            location.line
            for table in (self.text.locations, self.text.key_locations)
            for other, location in table.items()
            if other[:size] != parts and location.line > start
        ]
        end = min(later, default=len(self.lines) + 1) - 1
        while end > start and _skippable(self.lines[end - 1], indent):
            end -= 1
        return end

    def apply(self) -> list[str]:
        lines = list(self.lines)
        for number, column, old, new in self._replacements:
            line = lines[number - 1]
            lines[number - 1] = line[: column - 1] + new + line[column - 1 + len(old) :]
        for number in sorted(self._inserts, reverse=True):
            # Several lines after one line (a callout's src and its last block's): the more
            # deeply indented first, so each stays inside the mapping it belongs to.
            groups = sorted(self._inserts[number], key=lambda group: -(len(group[0]) - len(group[0].lstrip(" "))))
            lines[number:number] = [line + self.newline for group in groups for line in group]
        return lines


def _skippable(line: str, indent: int) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and len(line) - len(line.lstrip(" ")) <= indent)


def skeleton(source: LoadedLeaflet, language: str) -> str:
    """A new translation file: the source's text and structure, its own src fingerprints,
    meta.language set, meta.translation {source, status: draft} and labels.draft added."""
    text = source.source_text
    lines = _raw_lines(text.path)
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
    edits.insert_after(edits.end_line(("labels",), labels_indent), [" " * labels_indent + "draft: Draft translation, not yet reviewed"])
    result = edits.apply()
    # The source's opening comments describe the source; a translation gets its own.
    body = 1 if result and result[0].startswith("# yaml-language-server") else 0
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


def _raw_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def check_written(path: Path, content: str, source: LoadedLeaflet, language: Language) -> list[Problem]:
    """Errors (never warnings) the translation check finds in text about to be written."""
    text = parse_yaml(path, content)
    leaflet = validate(text)
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
