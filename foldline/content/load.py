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


def load(project: Project, file: ContentFile, with_source: bool = True) -> LoadedLeaflet:
    """Read and validate one content file. Raises ContentError listing every problem.
    A translation's organizations get the contact details of its source's
    (``with_source_contacts``)."""
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
    loaded = LoadedLeaflet(file, leaflet, text, language)
    return with_source_contacts(project, loaded) if with_source and leaflet.meta.translation else loaded


def with_source_contacts(project: Project, loaded: LoadedLeaflet) -> LoadedLeaflet:
    """A translation with the contact details its organizations leave out taken from the
    source's organization at the same place (sections matched by id, blocks by position):
    translators give a translated name at most, and never retype a number or an address.
    Details a translation does give are left as given (the check compares them with the
    source's). A missing or invalid source is the check's to report; then nothing is merged."""
    source_file = project.content_file(loaded.file.leaflet, loaded.leaflet.meta.translation.source)
    if source_file.language == loaded.file.language or not source_file.path.is_file():
        return loaded
    try:
        source = load(project, source_file, with_source=False).leaflet
    except ContentError:
        return loaded
    return dataclasses.replace(loaded, leaflet=source_contacts_merged(loaded.leaflet, source))


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
