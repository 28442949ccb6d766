"""Loading content files: source/<leaflet>/<lang>.yaml into validated, checked leaflets.

Reads a file with the strict reader (``yamlsource``), validates it into a Leaflet
(``validate``), and refuses text that would print wrongly or deceptively
(``hygiene``). Does not render, and does not compare translations with their
source (``translations.py`` does).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ContentError, Problem
from ..project import ContentFile, Project
from . import models
from .figures import figure_problems
from .hygiene import text_hygiene
from .languages import Language, language_for
from .validate import validate
from .yamlsource import SourceText, read_yaml


@dataclass(frozen=True)
class LoadedLeaflet:
    file: ContentFile
    leaflet: models.Leaflet
    source_text: SourceText
    language: Language


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
    problems += text_hygiene(text, language.joiners)
    problems += figure_problems(text, leaflet.figures, file.path.parent, file.language)
    if problems:
        raise ContentError(problems)
    return LoadedLeaflet(file, leaflet, text, language)


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
