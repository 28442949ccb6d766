"""Targeted edits of a YAML file's lines: values replaced, lines inserted, everything else kept.

``new-language`` and ``import-xliff`` write content files this way, never by
dumping data, so comments, key order, wrapping and quoting of every untouched
value survive byte for byte. Locations come from the strict reader
(``yamlsource.SourceText``); this module knows YAML's scalar styles, not the
content schema.
"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from ..errors import ContentError, Location, Problem, key_path
from .yamlsource import SourceText

WRAP = 88  # columns of a folded paragraph written anew
# Plain scalars that read back as the same text in every YAML 1.1 and 1.2 parser.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")
_TYPED = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_.:eE+-]*|\.inf|\.nan)")


def raw_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


class LineEdits:
    """Edits of a YAML file's lines that keep everything else (comments, wrapping, quotes)."""

    def __init__(self, text: SourceText, lines: list[str]):
        self.text = text
        self.lines = lines
        self.newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        self._inserts: dict[int, list[list[str]]] = {}  # line -> groups of lines to insert after it
        self._replacements: list[tuple[int, int, str, str]] = []
        self._spans: dict[int, tuple[int, list[str]]] = {}  # first line -> (last line, new lines)
        self._dropped: set[int] = set()

    def drop_comments(self) -> None:
        """Leave out every whole-line comment outside text values (the author's notes to
        themselves); a '#' line inside a block paragraph is text and stays."""
        inside: set[int] = set()
        for parts, location in self.text.locations.items():
            if self.lines[location.line - 1][location.column - 1 :].startswith((">", "|")):
                key_indent = self.text.where(parts).column - 1
                inside.update(range(location.line + 1, self.end_line(parts, key_indent) + 1))
        for number, line in enumerate(self.lines, 1):
            if line.lstrip().startswith("#") and number not in inside:
                self._dropped.add(number)

    def insert_after(self, line: int, new_lines: list[str]) -> None:
        self._inserts.setdefault(line, []).append(list(new_lines))

    def _inserted(self, line: int) -> list[str]:
        """The lines inserted after a line. Several groups after one line (a callout's src
        and its last block's): the more deeply indented first, so each stays inside the
        mapping it belongs to."""
        groups = sorted(self._inserts.get(line, []), key=lambda group: -(len(group[0]) - len(group[0].lstrip(" "))))
        return [text for group in groups for text in group]

    def replace(self, location: Location, old: str, new: str, quote: bool = False) -> None:
        """Replace old by new at location; a plain old value becomes "new" with quote."""
        line = self.lines[location.line - 1]
        if line[location.column - 1 :].startswith(old):
            self._replacements.append((location.line, location.column, old, f'"{new}"' if quote else new))
        elif line[location.column - 1 :].startswith((f'"{old}"', f"'{old}'")):
            self._replacements.append((location.line, location.column + 1, old, new))
        else:
            raise ContentError([Problem(location, "", f"expected {old!r} here; cannot edit this line", code="stamp")])

    def set_text(self, parts: tuple, value: str) -> None:
        """Write value as the text at parts, in a style that reads back as exactly value:
        plain when safe and short, double-quoted in a flow list, else a folded paragraph."""
        start = self.text.value_at(parts)
        line = self.lines[start.line - 1]
        if isinstance(parts[-1], int) and self._in_flow(parts):
            end = _flow_item_end(line, start.column - 1)
            flow_safe = _plain_ok(value) and not re.search(r"[,\[\]{}]", value)
            rendered = value if flow_safe else json.dumps(value, ensure_ascii=False)
            self._replacements.append((start.line, start.column, line[start.column - 1 : end], rendered))
            return
        if line[start.column - 1 :].startswith("{"):
            message = "written in flow style {...}; write one key per line"
            raise ContentError([Problem(start, key_path(parts), message, code="flow-style")])
        key_indent = self.text.where(parts).column - 1
        last = self.end_line(parts, key_indent)
        prefix = line[: start.column - 1]
        if "\n" in value:  # a text with line breaks (a backslash ending a line): a literal block keeps them
            indent = " " * (key_indent + 2)
            new = [prefix + "|-", *(indent + part for part in value.split("\n"))]
        elif len(prefix) + len(value) <= WRAP and _plain_ok(value):
            new = [prefix + value]
        elif len(prefix) + len(value) <= WRAP:
            new = [prefix + json.dumps(value, ensure_ascii=False)]
        else:
            indent = " " * (key_indent + 2)
            new = [prefix + ">-", *textwrap.wrap(value, WRAP, initial_indent=indent, subsequent_indent=indent,
                                                  break_long_words=False, break_on_hyphens=False)]
        self._spans[start.line] = (last, new)

    def _in_flow(self, parts: tuple) -> bool:
        where = self.text.value_at(parts[:-1])
        return self.lines[where.line - 1][where.column - 1 :].startswith("[")

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
        for number, column, old, new in sorted(self._replacements, key=lambda r: (r[0], -r[1])):
            line = lines[number - 1]
            lines[number - 1] = line[: column - 1] + new + line[column - 1 + len(old) :]
        out: list[str] = []
        number = 1
        while number <= len(lines):
            if number in self._spans:
                last, new = self._spans[number]
                out += [text + self.newline for text in new]
                for inside in range(number, last):  # lines inserted within the old value go after the new one
                    out += [text + self.newline for text in self._inserted(inside)]
                number = last
            elif number not in self._dropped:
                out.append(lines[number - 1])
            out += [text + self.newline for text in self._inserted(number)]
            number += 1
        return out


def _flow_item_end(line: str, start: int) -> int:
    """Where a flow sequence's item starting at start ends (exclusive)."""
    if line[start] in "\"'":
        quote, index = line[start], start + 1
        while index < len(line):
            if line[index] == "\\" and quote == '"':
                index += 2
                continue
            if line[index] == quote:
                if quote == "'" and line[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return len(line.rstrip("\r\n"))
    end = start
    while end < len(line) and line[end] not in ",]\r\n":
        end += 1
    return len(line[:end].rstrip())


def _plain_ok(value: str) -> bool:
    if not _PLAIN.fullmatch(value) or _TYPED.fullmatch(value):
        return False
    return ": " not in value and " #" not in value and not value.endswith((":", " "))


def _skippable(line: str, indent: int) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and len(line) - len(line.lstrip(" ")) <= indent)
