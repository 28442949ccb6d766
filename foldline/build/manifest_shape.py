"""The manifest and its shard fragments read as untrusted input: shapes and paths checked.

``output/`` may come back from a CI cache, so ``manifest.json`` is input like any
content file. An entry is kept only when every field has its type, its name is
the output path its own leaflet, language, format and variant give, and every
path in it (companions, cached font files) stays inside its folder with no
``..``, absolute part or hidden name. Anything else is dropped, which means that
output is rebuilt: never a traceback, never a read or delete outside ``output/``.

Standard library and ``foldline.project`` only (a no-op build reads this).
"""
from __future__ import annotations

import re

from ..project import FORMAT_NAME, LANGUAGE_TAG, LEAFLET_NAME, Variant

_SHA256 = re.compile(r"[0-9a-f]{64}")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
_REQUIRED = {"leaflet": str, "language": str, "format": str, "variant": str, "fingerprint": str,
             "parts": dict, "sha256": str, "bytes": int}
_OPTIONAL = {"pages": int, "body_size": (int, float, type(None)), "renders": int, "companions": dict}


def safe_relative(path: object, depth: int | None = None) -> bool:
    """A relative path of plain names ('sample/x.pdf'): no '..', '.', empty or hidden
    part, no absolute start or backslash; exactly ``depth`` parts when given."""
    if not isinstance(path, str) or not path or len(path) > 1000:
        return False
    parts = path.split("/")
    if depth is not None and len(parts) != depth:
        return False
    return all(_FILE_NAME.fullmatch(part) and ".." not in part for part in parts)


def _typed(value: object, kind) -> bool:
    if isinstance(value, bool):  # JSON true is not a number of bytes
        return False
    return isinstance(value, kind)


def entry_fields(name: object, entry: object) -> dict | None:
    """The fields of one manifest entry when its shape is right, else None (rebuild it)."""
    if not isinstance(entry, dict) or not isinstance(name, str):
        return None
    if set(entry) - set(_REQUIRED) - set(_OPTIONAL) or set(_REQUIRED) - set(entry):
        return None
    for key, value in entry.items():
        if not _typed(value, {**_REQUIRED, **_OPTIONAL}[key]):
            return None
    leaflet, language, fmt, variant = (entry[k] for k in ("leaflet", "language", "format", "variant"))
    if not (LEAFLET_NAME.fullmatch(leaflet) and LANGUAGE_TAG.fullmatch(language) and FORMAT_NAME.fullmatch(fmt)):
        return None
    if variant not in {v.value for v in Variant}:
        return None
    if name != f"{leaflet}/{leaflet}.{language}.{fmt}{Variant(variant).suffix}.pdf":
        return None
    if not _SHA256.fullmatch(entry["sha256"]) or entry["bytes"] < 0:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in entry["parts"].items()):
        return None
    companions = entry.get("companions", {})
    for path, digest in companions.items():
        if not (safe_relative(path, 2) and path.startswith(f"{leaflet}/") and path != name
                and isinstance(digest, str) and _SHA256.fullmatch(digest)):
            return None
    return entry


def font_sets(value: object) -> dict:
    """The cached font file lists ({key: {language: [path under fonts/]}}), or {} when
    any part has the wrong shape or a path that would leave fonts/."""
    if not isinstance(value, dict):
        return {}
    for key, languages in value.items():
        if not isinstance(key, str) or not isinstance(languages, dict):
            return {}
        for language, files in languages.items():
            if not isinstance(language, str) or not isinstance(files, list):
                return {}
            if not all(safe_relative(path) for path in files):
                return {}
    return value
