"""What ``export-xliff`` and ``import-xliff`` share: the file format a path names, the source loaded."""
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

    file = project.content_file(leaflet, SOURCE_LANGUAGE)
    if not file.path.is_file():
        raise UsageError(f"no source file {file.path}")
    return load(project, file)
