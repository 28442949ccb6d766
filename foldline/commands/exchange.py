"""What ``export-xliff``, ``import-xliff`` and ``new-language`` share: the file format a path names,
the source loaded and its texts remembered (``content.history``)."""
from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..project import SOURCE_LANGUAGE

FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".po": "po"}


def format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UsageError(f"{path.name}: name the file .xlf or .xliff (XLIFF 2.1) or .po (gettext PO)") from None


def load_source(project, leaflet: str):
    from ..content.load import load

    file = project.content_file(leaflet, project.source_language(leaflet) or SOURCE_LANGUAGE)
    if not file.path.is_file():
        raise UsageError(f"no source file {file.path}")
    source = load(project, file)
    remember_source(project, source)
    return source


def remember_source(project, source) -> None:
    """Keep the source's texts by fingerprint, so that a later edit shows what changed."""
    from ..content.history import SourceHistory

    history = SourceHistory(project.root, project.output)
    history.remember(source.file.leaflet, source.leaflet)
    history.save()
