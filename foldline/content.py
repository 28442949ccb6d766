"""Content loading: source/<leaflet>/<lang>.yaml files into validated Leaflet models.

Reads files with the strict reader (``yamlsource``), validates them against the
models (``models``), and maps every validation error back to the file, line,
column and key path a person can fix. Also refuses text that would print
wrongly or deceptively: control characters, bidirectional overrides and
zero-width characters (joiners excepted for scripts that need them).
Does not render, and does not compare translations (``translations.py`` does).
"""
from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pydantic

from . import models
from .errors import ContentError, Problem, display_path, key_path
from .languages import Language, language_for
from .project import BadName, Project, check_name
from .yamlsource import SourceText, read_yaml

SOURCE_LANGUAGE = "en"

# Characters refused inside text. Joiners (ZWNJ U+200C, ZWJ U+200D) are allowed
# for languages whose script needs them.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ZERO_WIDTH = set("\u200b\u2060\ufeff\u180e")
_JOINERS = set("\u200c\u200d")


@dataclass(frozen=True)
class ContentFile:
    """A content file found under source/: which leaflet, which language."""

    leaflet: str
    language: str
    path: Path

    @property
    def is_source(self) -> bool:
        return self.language == SOURCE_LANGUAGE


@dataclass(frozen=True)
class LoadedLeaflet:
    file: ContentFile
    leaflet: models.Leaflet
    source_text: SourceText
    language: Language


def discover(project: Project, leaflets=None, languages=None) -> list[ContentFile]:
    """Every content file under source/, optionally narrowed; names checked in full."""
    found: list[ContentFile] = []
    problems: list[Problem] = []
    for kind, names in (("leaflet", leaflets), ("language", languages)):
        for name in names or ():
            try:
                check_name(kind, name)
            except BadName as exc:
                problems.append(Problem(None, f"--{'lang' if kind == 'language' else kind}", str(exc), code="bad-name"))
    if problems:
        raise ContentError(problems)
    if not project.source.is_dir():
        raise ContentError([Problem(None, "source", f"no source folder at {project.source}")])
    # Links under source/ are reported file by file below; layouts/ and fonts/ here.
    problems += [
        Problem(None, display_path(link), message, code="bad-name")
        for link, message in project.links_outside()
        if not link.is_relative_to(project.source)
    ]
    for folder in sorted(p for p in project.source.iterdir() if p.is_dir()):
        try:
            check_name("leaflet", folder.name)
            project.check_inside_project(folder)
        except BadName as exc:
            problems.append(Problem(None, f"source/{folder.name}", str(exc), code="bad-name"))
            continue
        if leaflets and folder.name not in leaflets:
            continue
        for path in sorted(folder.glob("*.yaml")):
            language = path.stem
            try:
                check_name("language", language)
                project.check_inside_project(path)
            except BadName as exc:
                problems.append(Problem(None, f"source/{folder.name}/{path.name}", str(exc), code="bad-name"))
                continue
            if languages and language not in languages:
                continue
            found.append(ContentFile(folder.name, language, path))
    if problems:
        raise ContentError(problems)
    return found


def load(project: Project, file: ContentFile) -> LoadedLeaflet:
    """Read and validate one content file. Raises ContentError listing every problem."""
    text = read_yaml(file.path)
    leaflet = validate(text)
    problems = []
    if leaflet.meta.language != file.language:
        problems.append(
            Problem(
                text.value_at(("meta", "language")),
                "meta.language",
                f"is {leaflet.meta.language!r} but the file is named {file.path.name}",
                code="language-mismatch",
            )
        )
    language = language_for(project, leaflet.meta.language)
    problems += text_hygiene(text, language)
    if not file.is_source and leaflet.meta.translation is None:
        problems.append(
            Problem(
                text.where(("meta",)),
                "meta.translation",
                "required in a translation (source, status: draft or reviewed)",
                code="missing",
            )
        )
    if problems:
        raise ContentError(problems)
    return LoadedLeaflet(file, leaflet, text, language)


def validate(text: SourceText) -> models.Leaflet:
    if not isinstance(text.data, dict):
        kind = type(text.data).__name__ if text.data is not None else "nothing"
        kind = {"list": "a list", "str": "a single text value"}.get(kind, kind)
        raise ContentError(
            [Problem(text.where(()), "", f"the file must hold a mapping of keys (meta, labels, sections, contacts), not {kind}", code="wrong-type")]
        )
    try:
        return models.Leaflet.model_validate(text.data)
    except pydantic.ValidationError as exc:
        raise ContentError([_problem(text, error) for error in exc.errors()]) from None


_TAGS = {"text", "items", "organization"}  # discriminator tags pydantic puts in error paths


def _problem(text: SourceText, error: dict) -> Problem:
    parts = _data_path(text.data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        return Problem(text.where(parts[:-1]), key_path(parts), "required", code="missing")
    if kind == "extra_forbidden":
        known = _known_keys(error["loc"])
        guess = difflib.get_close_matches(str(parts[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f" (allowed: {', '.join(sorted(known))})" if known else ""
        return Problem(text.where(parts), key_path(parts), f"unknown key{hint}", code="unknown-key")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping")
        return Problem(text.value_at(parts), key_path(parts), f"must be {wanted}, not {_describe(error['input'])}", code="wrong-type")
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    phone = re.match(r"^phones\[(\d+)\]\.number: (.*)$", message, re.S)
    if phone:  # raised by the organization (it knows the country): point at the number
        parts = parts + ("phones", int(phone.group(1)), "number")
        message = phone.group(2)
    if kind == "string_pattern_mismatch":
        message = f"{error['input']!r} does not have the expected form ({_pattern_hint(parts)})"
    return Problem(text.value_at(parts), key_path(parts), message, code=kind.replace("_", "-"))


def _data_path(data, loc: tuple) -> tuple:
    """Pydantic's error location with block tags removed, to match the YAML."""
    parts: list = []
    for index, part in enumerate(loc):
        if part in _TAGS and index >= 2 and loc[index - 2] == "blocks" and isinstance(loc[index - 1], int):
            continue
        parts.append(part)
    return tuple(parts)


_TAG_MODELS = {"text": models.TextBlock, "items": models.ListBlock, "organization": models.OrganizationBlock}


def _known_keys(loc: tuple) -> list[str]:
    """The keys allowed where an unknown key stands, read from the models themselves."""
    model: type[pydantic.BaseModel] | None = models.Leaflet
    for index, part in enumerate(loc[:-1]):
        if isinstance(part, int) or model is None:
            continue
        if part in _TAGS and index >= 2 and loc[index - 2] == "blocks":
            model = _TAG_MODELS[part]
        elif part in model.model_fields:
            model = _model_of(model.model_fields[part].annotation)
        else:
            return []
    return list(model.model_fields) if model else []


def _model_of(annotation):
    """The model class inside an annotation such as list[Section] or Meta | None."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text {value!r}"


def _pattern_hint(parts: tuple) -> str:
    last = parts[-1] if parts else ""
    return {
        "id": "lowercase words joined by hyphens, e.g. what-is-it",
        "language": "a BCP 47 tag such as en, es, zh-Hans",
        "src": "8 hexadecimal digits, as written by new-language or the check",
        "date": "YYYY-MM-DD",
        "country": "two capital letters, e.g. US",
    }.get(str(last), "see the schema")


def text_hygiene(text: SourceText, language: Language) -> list[Problem]:
    """Characters refused inside text, each reported where it stands."""
    problems = []
    for parts, value in _strings(text.data, ()):
        for index, char in enumerate(value):
            reason = None
            if char in _BIDI_CONTROLS:
                reason = "bidirectional control character"
            elif char in _ZERO_WIDTH:
                reason = "zero-width character"
            elif char in _JOINERS and not language.joiners:
                reason = "zero-width joiner, not used in this language's script"
            elif unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\n\t":
                reason = "control or unassigned character"
            elif unicodedata.category(char) == "Cf" and char not in _JOINERS and char != "\u00ad":
                # Invisible format characters (tag characters, invisible operators, ...) can
                # hide text from a reviewer; the soft hyphen is the one a typesetter needs.
                reason = "invisible format character"
            elif char == "\t":
                reason = "tab character"
            if reason:
                name = unicodedata.name(char, "unnamed")
                problems.append(
                    Problem(
                        _char_location(text, parts, value, index),
                        key_path(parts),
                        f"{reason} U+{ord(char):04X} ({name}) is not allowed in text",
                        code="forbidden-character",
                    )
                )
                break
    return problems


def _strings(node, parts):
    if isinstance(node, str):
        yield parts, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, parts + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, parts + (index,))


def _char_location(text: SourceText, parts: tuple, value: str, index: int):
    """Best effort line/column of a character inside a (possibly folded) scalar."""
    start = text.locations.get(parts) or text.where(parts)
    try:
        lines = text.path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return start
    char = value[index]
    for number in range(start.line - 1, min(len(lines), start.line + 200)):
        column = lines[number].find(char, start.column - 1 if number == start.line - 1 else 0)
        if column >= 0:
            return type(start)(start.path, number + 1, column + 1)
    return start


def load_all(project: Project, files: list[ContentFile]) -> tuple[list[LoadedLeaflet], list[Problem]]:
    """Load many files; problems of one file never hide another's."""
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append(load(project, file))
        except ContentError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def normalize_space(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
