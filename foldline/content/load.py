"""Loading content files: source/<leaflet>/<lang>.yaml into validated, checked leaflets.

Reads a file with the strict reader (``yamlsource``), validates it into a Leaflet
(``validate``), and refuses text that would print wrongly or deceptively
(``hygiene``). Does not render, and does not compare translations with their
source (``translations.py`` does).
"""
from __future__ import annotations

import dataclasses
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
    # The loaded source file a translation took its contact details from (None for a
    # source, or when the source was missing or invalid): the check compares with it.
    source: LoadedLeaflet | None = None


class Loads:
    """One run's loading: each content file read, validated and checked once, its result
    (the loaded leaflet or its problems) shared by everything that needs it. Every
    translation of a leaflet needs the same source; without sharing, the source was
    parsed again for each of them. Lives as long as one command: a file edited later
    is read again by the next run."""

    def __init__(self, project: Project):
        self.project = project
        self._results: dict = {}  # path -> LoadedLeaflet, or the problems that refused it

    def load(self, file: ContentFile, with_source: bool = True) -> LoadedLeaflet:
        """Like ``load``: raises ContentError listing every problem of the file."""
        if file.path not in self._results:
            try:
                self._results[file.path] = _read_checked(self.project, file)
            except ContentError as exc:
                self._results[file.path] = exc.problems
        result = self._results[file.path]
        if isinstance(result, list):
            raise ContentError(result)
        return self._with_source_contacts(result) if with_source and result.leaflet.meta.translation else result

    def _with_source_contacts(self, loaded: LoadedLeaflet) -> LoadedLeaflet:
        """A translation with the contact details its organizations leave out taken from the
        source's organization at the same place (sections matched by id, blocks by position):
        translators give a translated name at most, and never retype a number or an address.
        Details a translation does give are left as given (the check compares them with the
        source's). A missing or invalid source is the check's to report; then nothing is merged."""
        source_file = self.project.content_file(loaded.file.leaflet, loaded.leaflet.meta.translation.source)
        if source_file.language == loaded.file.language or not source_file.path.is_file():
            return loaded
        try:
            source = self.load(source_file, with_source=False)
        except ContentError:
            return loaded
        return dataclasses.replace(loaded, leaflet=source_contacts_merged(loaded.leaflet, source.leaflet), source=source)


def load(project: Project, file: ContentFile, with_source: bool = True) -> LoadedLeaflet:
    """Read and validate one content file. Raises ContentError listing every problem.
    A translation's organizations get the contact details of its source's
    (``Loads._with_source_contacts``)."""
    return Loads(project).load(file, with_source)


def _read_checked(project: Project, file: ContentFile) -> LoadedLeaflet:
    """One content file read, validated and its text checked; nothing merged from its source."""
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


def source_contacts_merged(leaflet: models.Leaflet, source: models.Leaflet) -> models.Leaflet:
    """A translation's leaflet with the contact details it leaves out taken from its source's."""
    by_id = {section.id: section for section in [*source.sections, source.contacts]}
    sections = [_merged(section, by_id.get(section.id)) for section in leaflet.sections]
    contacts = _merged(leaflet.contacts, by_id.get(leaflet.contacts.id))
    return leaflet.model_copy(update={"sections": sections, "contacts": contacts})


CONTACT_DETAILS = ("address", "country", "phones", "email", "website")


def _merged(section: models.Section, source: models.Section | None) -> models.Section:
    if source is None:
        return section
    blocks = []
    for index, block in enumerate(section.blocks):
        wanted = source.blocks[index] if index < len(source.blocks) else None
        if isinstance(block, models.OrganizationBlock) and isinstance(wanted, models.OrganizationBlock):
            given = block.organization
            details = {k: getattr(wanted.organization, k) for k in CONTACT_DETAILS if k not in given.model_fields_set}
            block = block.model_copy(update={"organization": given.model_copy(update=details)})
        blocks.append(block)
    return section.model_copy(update={"blocks": blocks})


def load_all(project: Project, files: list[ContentFile]) -> tuple[list[LoadedLeaflet], list[Problem]]:
    """Load many files, each read once (``Loads``); problems of one file never hide another's."""
    loads = Loads(project)
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append(loads.load(file))
        except ContentError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def normalize_space(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
