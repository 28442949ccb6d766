"""Strict reading of YAML text into plain data plus the location of every value.

This is the only place that touches PyYAML. Its job is to make YAML boring:
every scalar is text (YAML 1.1 coercions such as ``no`` -> False or ``0123`` -> 83
never happen), duplicate keys are errors naming both lines, anchors, aliases and
tags are refused, and sizes are capped before anything walks the data. It does
not know the content schema; ``validate.py`` validates what this returns.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from ..errors import ContentError, Location, Problem, key_path
from ..files import NotARegularFile, read_regular, reason
from .encoding import decode_utf8
from .yamlerrors import _loc, _reader_problem, _yaml_problem

MAX_FILE_BYTES = 512 * 1024
MAX_SCALAR_CHARS = 4000
MAX_NODES = 20000
MAX_DEPTH = 12
MAX_KEY_CHARS = 100
# All text of one file together. Each render lays out every character, and copyfitting
# renders a leaflet several times per format, so a file of valid but endless text would
# keep a build busy for minutes before it found out that it cannot fit. The largest
# format (16 A5 pages) holds about 40 000 characters at its smallest body size; the
# longest leaflet in use has about 15 000. Refused while parsing, before anything renders.
MAX_TEXT_CHARS = 100_000

_STR_TAG = "tag:yaml.org,2002:str"
_DEFAULT_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _TextOnlyLoader(yaml.SafeLoader):
    """SafeLoader's parser with no implicit typing: every plain scalar is a string."""

    yaml_implicit_resolvers: dict = {}


@dataclass
class SourceText:
    """A YAML file read as data, with where each value came from."""

    path: Path
    data: object
    locations: dict  # key path tuple -> Location of the value
    key_locations: dict  # key path tuple -> Location of the mapping key itself

    def where(self, parts: tuple) -> Location:
        """The nearest known location for a key path (falls back to its parents)."""
        parts = tuple(parts)
        while parts:
            if parts in self.key_locations:
                return self.key_locations[parts]
            if parts in self.locations:
                return self.locations[parts]
            parts = parts[:-1]
        return self.locations.get((), Location(self.path, 1, 1))

    def value_at(self, parts: tuple) -> Location:
        """Where a value itself starts (for errors about the value, not the key)."""
        return self.locations.get(tuple(parts)) or self.where(parts)

    def strings(self):
        """Every text value with its key path, in file order."""
        return strings(self.data, ())

    def char_location(self, parts: tuple, char: str) -> Location:
        """Where the first ``char`` of the value at ``parts`` stands in the file (a folded
        or quoted value may span lines); the value's start when it cannot be found."""
        start = self.value_at(parts)
        lines = self._lines
        for number in range(start.line - 1, min(len(lines), start.line + 200)):
            column = lines[number].find(char, start.column - 1 if number == start.line - 1 else 0)
            if column >= 0:
                return Location(start.path, number + 1, column + 1)
        return start

    @functools.cached_property
    def _lines(self) -> list[str]:
        try:
            return read_regular(self.path, MAX_FILE_BYTES).decode("utf-8-sig", "replace").splitlines()
        except OSError:
            return []


def strings(node, parts: tuple = ()):
    """Every text in plain data (dicts, lists, strings) with its key path."""
    if isinstance(node, str):
        yield parts, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, parts + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, parts + (index,))


def read_yaml(path: Path) -> SourceText:
    """Read one YAML file strictly. Raises ContentError with file:line:col."""
    path = Path(path)
    try:
        # Read at most one byte past the cap: a file that grows (or lies about its
        # size) after the check is still refused before anything parses it. Only a
        # regular file is opened for reading at all (a FIFO would block, a device
        # never end): files.read_regular checks the open descriptor.
        raw = read_regular(path, MAX_FILE_BYTES + 1)
    except NotARegularFile as exc:
        raise ContentError([Problem(Location(path, 1, 1), "", f"{exc.strerror}; refused", code="not-a-file")]) from None
    except OSError as exc:
        message = f"cannot read file: {reason(path, exc)}"
        raise ContentError([Problem(Location(path, 1, 1), "", message, code="io")]) from None
    if len(raw) > MAX_FILE_BYTES:
        size = max(len(raw), path.stat().st_size)
        raise ContentError(
            [
                Problem(
                    Location(path, 1, 1),
                    "",
                    f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes",
                    code="too-large",
                )
            ]
        )
    text = decode_utf8(path, raw)
    if not text.strip():
        raise ContentError([Problem(Location(path, 1, 1), "", "file is empty", code="empty")])
    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str) -> SourceText:
    """Parse text strictly. libyaml's parser first, when it is installed and the text holds
    nothing the two parsers read differently; whenever that path finds anything wrong (a
    syntax error, a refused alias or tag, a limit, a problem of the builder), the text is
    parsed again by PyYAML's own parser, whose errors are the ones reported: a message,
    line and column never depend on which parser is installed."""
    return _fast_parse(path, text) or _strict_parse(path, text)


_CParser = getattr(yaml, "CBaseLoader", None)  # libyaml's parser; absent when PyYAML was built without it
# Text the two parsers read differently, even when both accept it: a tab (libyaml takes
# one after "key:", PyYAML refuses it), a BOM at the start of a line (libyaml skips it,
# PyYAML keeps it in the key), line breaks other than LF and CR LF, and every character
# PyYAML's reader refuses (its message names the character; libyaml's does not).
_NOT_FAST = re.compile("[\t\x85\u2028\u2029\ufeff]|\r(?!\n)|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _fast_parse(path: Path, text: str) -> SourceText | None:
    """The file as libyaml parses it, checked by the same events check and builder as
    the strict path; None whenever the strict path must decide."""
    if _CParser is None or _NOT_FAST.search(text):
        return None
    parser = _CParser(text)
    try:
        events = list(_checked_events(path, parser))
    except (yaml.YAMLError, ContentError):
        return None
    finally:
        parser.dispose()
    if not _read_alike(text, events):
        return None
    builder = _Builder(path)
    data = builder.build(events)
    return None if builder.problems else SourceText(path, data, builder.locations, builder.key_locations)


def _read_alike(text: str, events: list) -> bool:
    """Whether PyYAML's parser reads what libyaml read here the same way: the root is a
    mapping, no value is left empty (the two put an empty value's mark in different
    places), no value carries the bare tag ``!`` (libyaml makes its empty value text),
    and no flow collection ([...] or {...}) holds a "?" (libyaml lets it stand inside a
    plain value there; PyYAML refuses it). Found by comparing the two parsers on
    thousands of mutated content and layout files (tests/test_yamlsource.py keeps a
    seeded set of them)."""
    if len(events) < 3 or not isinstance(events[2], MappingStartEvent):
        return False
    starts = []
    for event in events:
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            starts.append(event.start_mark.index if event.flow_style else None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            start = starts.pop()
            if start is not None and "?" in text[start:event.end_mark.index]:
                return False
        if getattr(event, "tag", None) == "!":
            return False
        if isinstance(event, ScalarEvent) and event.value == "" and not event.style:
            return False
    return True


def _strict_parse(path: Path, text: str) -> SourceText:
    loader = None
    try:
        # The reader checks every character when it is built: keep it inside the try.
        loader = _TextOnlyLoader(text)
        loader.name = str(path)
        events = list(_checked_events(path, loader))
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_yaml_problem(path, exc)]) from None
    except yaml.YAMLError as exc:  # reader errors (non-printable characters)
        raise ContentError([_reader_problem(path, text, exc)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    builder = _Builder(path)
    data = builder.build(events)
    if builder.problems:
        raise ContentError(builder.problems)
    return SourceText(path, data, builder.locations, builder.key_locations)


def _checked_events(path: Path, loader):
    """Parser events, refusing aliases, anchors, explicit tags and deep nesting as they come.

    Checked here, while parsing, so that nothing later (the builder, pydantic, an
    error message) ever walks an alias bomb or a structure nested thousands deep.
    """
    count = 0
    depth = 0
    characters = 0
    while loader.check_event():
        event = loader.get_event()
        count += 1
        if isinstance(event, ScalarEvent):
            characters += len(event.value)
            if characters > MAX_TEXT_CHARS:
                message = (f"the file holds more than {MAX_TEXT_CHARS} characters of text (the limit; "
                           "no format prints that much); split it or shorten it")
                raise ContentError([Problem(_loc(path, event.start_mark), "", message, code="too-large")])
        if count > MAX_NODES * 2:
            raise ContentError([Problem(_loc(path, event.start_mark), "", "file has too many values", code="too-large")])
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(
                    [Problem(_loc(path, event.start_mark), "", f"nested more than {MAX_DEPTH} levels deep", code="too-large")]
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, AliasEvent):
            raise ContentError(
                [Problem(_loc(path, event.start_mark), "", "aliases (*name) are not allowed; write the text out", code="alias")]
            )
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)):
            if event.anchor is not None:
                raise ContentError(
                    [Problem(_loc(path, event.start_mark), "", "anchors (&name) are not allowed", code="alias")]
                )
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _DEFAULT_TAGS:
                raise ContentError(
                    [Problem(_loc(path, event.start_mark), "", f"tags such as {tag} are not allowed", code="tag")]
                )
        yield event


class _Builder:
    """Turns the event stream into dicts, lists and strings with locations."""

    def __init__(self, path: Path):
        self.path = path
        self.locations: dict = {}
        self.key_locations: dict = {}
        self.problems: list[Problem] = []

    def build(self, events: list):
        self._events = events
        self._i = 0
        data = None
        documents = 0
        while self._i < len(self._events):
            event = self._events[self._i]
            self._i += 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problems.append(
                        Problem(_loc(self.path, event.start_mark), "", "only one YAML document per file", code="syntax")
                    )
                    break
                data = self._node((), 0)
        return data

    def _node(self, parts: tuple, depth: int):
        event = self._events[self._i]
        self._i += 1
        self.locations[parts] = _loc(self.path, event.start_mark)
        if depth > MAX_DEPTH:
            self.problems.append(Problem(self.locations[parts], key_path(parts), "nested too deeply", code="too-large"))
        if isinstance(event, ScalarEvent):
            if len(event.value) > MAX_SCALAR_CHARS:
                self.problems.append(
                    Problem(
                        self.locations[parts],
                        key_path(parts),
                        f"text is {len(event.value)} characters; the limit is {MAX_SCALAR_CHARS}",
                        code="too-long",
                    )
                )
            # A bare "~" or "null" stays text: an empty value is the only "nothing".
            if event.value == "" and event.implicit[0] and not event.style:  # libyaml: "" for plain
                return None
            return event.value
        if isinstance(event, SequenceStartEvent):
            items = []
            while not isinstance(self._events[self._i], yaml.SequenceEndEvent):
                items.append(self._node(parts + (len(items),), depth + 1))
            self._i += 1
            return items
        if isinstance(event, MappingStartEvent):
            mapping: dict = {}
            while not isinstance(self._events[self._i], yaml.MappingEndEvent):
                key_event = self._events[self._i]
                if not isinstance(key_event, ScalarEvent):
                    self.problems.append(
                        Problem(_loc(self.path, key_event.start_mark), key_path(parts), "keys must be plain words", code="syntax")
                    )
                    self._skip()
                    self._skip()
                    continue
                self._i += 1
                key = key_event.value
                key_loc = _loc(self.path, key_event.start_mark)
                hidden = next((c for c in key if unicodedata.category(c)[0] == "C"), None)
                if hidden is not None:
                    # Printed raw in the error, it could reorder or hide the message itself.
                    self.problems.append(
                        Problem(
                            key_loc,
                            key_path(parts),
                            f"a key holds the invisible or control character U+{ord(hidden):04X}; keys are plain words",
                            code="forbidden-character",
                        )
                    )
                    self._skip()
                    continue
                if len(key) > MAX_KEY_CHARS:
                    self.problems.append(
                        Problem(key_loc, key_path(parts), f"a key of {len(key)} characters; keys are short words", code="too-long")
                    )
                    self._skip()
                    continue
                if key in mapping:
                    first = self.key_locations[parts + (key,)]
                    self.problems.append(
                        Problem(
                            key_loc,
                            key_path(parts + (key,)),
                            f"duplicate key (first given on line {first.line})",
                            code="duplicate-key",
                        )
                    )
                    self._skip()
                    continue
                self.key_locations[parts + (key,)] = key_loc
                mapping[key] = self._node(parts + (key,), depth + 1)
            self._i += 1
            return mapping
        raise AssertionError(f"unexpected YAML event {event!r}")  # parser guarantees structure

    def _skip(self) -> None:
        """Step over one whole node without building it."""
        depth = 0
        while True:
            event = self._events[self._i]
            self._i += 1
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if depth == 0:
                return
