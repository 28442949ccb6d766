"""Validation of a content file's data into a ``Leaflet``, every error at its file:line:col and key.

Pydantic validates the shapes (``models.py``); its errors are mapped back to the
key path and the position in the YAML a person can fix, with a "did you mean"
for unknown keys. Phone numbers are checked here, on the data as written, for
their organization's country (``phones.py``), so their errors point at the
number too. ``data_problems`` maps the errors of any model read from a YAML file
(formats, languages, fonts) the same way.
"""
from __future__ import annotations

import difflib
import typing

import pydantic

from ..errors import ContentError, Problem, key_path
from . import models
from .phones import phone_problem
from .yamlsource import SourceText

_TAG_MODELS = models.BLOCK_MODELS
_TAGS = set(_TAG_MODELS)  # discriminator tags pydantic puts in error paths
_COUNTRY_DEFAULT = models.Organization.model_fields["country"].default


def validate(text: SourceText) -> models.Leaflet:
    """The file's data as a Leaflet; ContentError listing every problem otherwise."""
    if not isinstance(text.data, dict):
        kind = type(text.data).__name__ if text.data is not None else "nothing"
        kind = {"list": "a list", "str": "a single text value"}.get(kind, kind)
        raise ContentError(
            [Problem(text.where(()), "", f"the file must hold a mapping of keys (meta, labels, sections, contacts), not {kind}", code="wrong-type")]
        )
    problems = []
    leaflet = None
    try:
        leaflet = models.Leaflet.model_validate(text.data)
    except pydantic.ValidationError as exc:
        problems = [_problem(text, error, models.Leaflet) for error in exc.errors()]
    problems += phone_problems(text)
    if problems:
        raise ContentError(problems)
    return leaflet


def data_problems(text: SourceText, exc: pydantic.ValidationError, model: type[pydantic.BaseModel], code: str) -> list[Problem]:
    """A data file's validation errors (formats, languages, fonts), located like content's."""
    return [_problem(text, error, model, code) for error in exc.errors()]


def phone_problems(text: SourceText) -> list[Problem]:
    """Every phone number of every organization, checked for the organization's country."""
    problems = []
    for parts, organization in _organizations(text.data, ()):
        country = organization.get("country", _COUNTRY_DEFAULT)
        phones = organization.get("phones")
        if not isinstance(country, str) or not models.COUNTRY.fullmatch(country) or not isinstance(phones, list):
            continue  # the model reports a bad country or phones list
        for index, phone in enumerate(phones):
            number = phone.get("number") if isinstance(phone, dict) else None
            if isinstance(number, str) and (reason := phone_problem(number, country)):
                path = parts + ("phones", index, "number")
                problems.append(Problem(text.value_at(path), key_path(path), reason, code="invalid-phone"))
    return problems


def _organizations(node, parts: tuple):
    """(key path, mapping) of every organization in a content file's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "organization" and isinstance(value, dict):
                yield parts + (key,), value
            else:
                yield from _organizations(value, parts + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _organizations(value, parts + (index,))


def _problem(text: SourceText, error: dict, model: type[pydantic.BaseModel], code: str | None = None) -> Problem:
    parts = _data_path(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return Problem(text.where(parts[:-1]), key_path(parts), "required", code=code or "missing")
    if kind == "extra_forbidden":
        known = _known_keys(model, error["loc"])
        guess = difflib.get_close_matches(str(parts[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f" (allowed: {', '.join(sorted(known))})" if known else ""
        return Problem(text.where(parts), key_path(parts), f"unknown key{hint}", code=code or "unknown-key")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping")
        return Problem(text.value_at(parts), key_path(parts), f"must be {wanted}, not {_describe(error['input'])}", code=code or "wrong-type")
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind == "string_pattern_mismatch":
        message = f"{error['input']!r} does not have the expected form ({_pattern_hint(parts)})"
    return Problem(text.value_at(parts), key_path(parts), message, code=code or kind.replace("_", "-"))


def _data_path(loc: tuple) -> tuple:
    """Pydantic's error location with block tags removed, to match the YAML."""
    parts: list = []
    for index, part in enumerate(loc):
        if part in _TAGS and index >= 2 and loc[index - 2] == "blocks" and isinstance(loc[index - 1], int):
            continue
        parts.append(part)
    return tuple(parts)


def _known_keys(root: type[pydantic.BaseModel], loc: tuple) -> list[str]:
    """The keys allowed where an unknown key stands, read from the models themselves."""
    model: type[pydantic.BaseModel] | None = root
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
