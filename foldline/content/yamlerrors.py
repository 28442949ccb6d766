"""PyYAML's errors as Problems: the file, line and column, and a message a translator can act on.

Only the strict parser's errors come here (``yamlsource``): the fast path never
reports one of its own.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Location, Problem
from .encoding import position


def _loc(path: Path, mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    location = _loc(path, mark) if mark else Location(path, 1, 1)
    problem = exc.problem or str(exc)
    if "\\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
        message = "tab character used for indentation; indent with spaces"
    elif "mapping values are not allowed" in problem:
        # Almost always text with ": " in it written on its key's line (a French "Remarque : ...").
        message = (
            "YAML syntax error: a colon followed by a space in text on the same line as its key; "
            'put the whole text in double quotes ("..."), or write it after >- on the next line, indented'
        )
    else:
        context = ""
        if exc.context:
            started = f" that starts on line {exc.context_mark.line + 1}" if exc.context_mark and exc.context_mark.line != mark.line else ""
            context = f" ({exc.context}{started})"
        message = f"YAML syntax error: {problem}{context}"
    return Problem(location, "", message, code="syntax")


def _reader_problem(path: Path, text: str, exc: yaml.YAMLError) -> Problem:
    offset = getattr(exc, "position", 0) or 0
    line, column = position(text[:offset])
    character = getattr(exc, "character", None)
    if isinstance(character, str):  # PyYAML gives the code point as an int, older versions the character
        character = ord(character)
    what = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return Problem(
        Location(path, line, column), "", f"control character {what} is not allowed in text", code="control-character"
    )
