"""The source text each fingerprint was made from, so a stale unit can show what changed.

Two places to find it: a small store beside the build's manifest
(``output/.foldline/sources.json``: leaflet -> fingerprint -> text), filled by the
commands translators run (``check``, ``new-language``, ``export-xliff``,
``import-xliff``), and the project's git history of the source file when the
project is a git repository. ``word_diff`` shows old -> new word by word. Reads
and writes only that store; never a content file.
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
from pathlib import Path

from ..errors import ContentError
from .units import field_texts, field_value, fingerprint, normal, present, translatable_fields, units

STORE = Path(".foldline") / "sources.json"  # inside the output folder
GIT_REVISIONS = 30  # how far back git history is searched


def unit_text(unit) -> str:
    """A unit's translatable text as one line: the text of a one-field unit, else
    "field: text" parts joined by " | " (a list's elements by ", ")."""
    fields = [(name, field_value(unit, name)) for name in translatable_fields(unit) if present(field_value(unit, name))]
    shown = [(name, ", ".join(normal(v) for v in field_texts(value)) if isinstance(value, list) else normal(value))
             for name, value in fields]
    if len(shown) == 1:
        return shown[0][1]
    return " | ".join(f"{name}: {value}" for name, value in shown)


def word_diff(old: str, new: str) -> str:
    """old -> new word by word: removed words in [-...-], added ones in {+...+}."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += a[i1:i2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


class SourceHistory:
    """Old source texts by leaflet and fingerprint: the store first, then git."""

    def __init__(self, root: Path, output: Path):
        self.root = root
        self.path = output / STORE
        self._store: dict[str, dict[str, str]] | None = None
        self._git: dict[str, dict[str, str]] = {}
        self._added = False

    @property
    def store(self) -> dict[str, dict[str, str]]:
        if self._store is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                data = data if isinstance(data, dict) else {}
                self._store = {k: dict(v) for k, v in data.items() if isinstance(v, dict)}
            except (OSError, ValueError):
                self._store = {}
        return self._store

    def remember(self, leaflet: str, source) -> None:
        """Record the text of every unit of a source leaflet (a models.Leaflet)."""
        known = self.store.setdefault(leaflet, {})
        for _, unit in units(source):
            value = fingerprint(unit)
            if value not in known:
                known[value] = unit_text(unit)
                self._added = True

    def text(self, leaflet: str, value: str, source_file: Path) -> str | None:
        found = self.store.get(leaflet, {}).get(value)
        if found is None:
            if leaflet not in self._git:
                self._git[leaflet] = _from_git(self.root, source_file)
            found = self._git[leaflet].get(value)
        return found

    def save(self) -> None:
        """Write the store if anything was added; a read-only output folder is not an error."""
        if not self._added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.store, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
            self._added = False
        except OSError:
            pass


def _from_git(root: Path, source_file: Path) -> dict[str, str]:
    """Fingerprint -> text for every unit of the source file's last revisions in git."""
    from .validate import validate
    from .yamlsource import parse_yaml

    try:
        relative = source_file.resolve().relative_to(root.resolve()).as_posix()
        log = subprocess.run(["git", "-C", str(root), "log", f"-n{GIT_REVISIONS}", "--format=%H", "--", relative],
                             capture_output=True, text=True, timeout=20, check=False)
    except (OSError, ValueError, subprocess.SubprocessError):
        return {}
    found: dict[str, str] = {}
    for revision in log.stdout.split() if log.returncode == 0 else []:
        try:
            shown = subprocess.run(["git", "-C", str(root), "show", f"{revision}:{relative}"],
                                   capture_output=True, timeout=20, check=False)
            if shown.returncode != 0:
                continue
            leaflet = validate(parse_yaml(source_file, shown.stdout.decode("utf-8")))
        except (ContentError, UnicodeDecodeError, OSError, subprocess.SubprocessError):
            continue  # an old revision that no longer reads or validates is simply skipped
        for _, unit in units(leaflet):
            found.setdefault(fingerprint(unit), unit_text(unit))
    return found
