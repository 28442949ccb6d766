"""Fingerprints of outputs, and the build manifest that records them in ``output/``.

An output's fingerprint is a sha256 over everything its bytes depend on, kept in
named parts so a rebuild can say what changed:

  content    its content file
  source     the source-language file a translation follows (empty for the source)
  layout     every file under layouts/ except other formats' folders and *.md
  languages  layouts/languages.yaml
  fonts      fonts/fonts.yaml and the font files its language's stacks use
  settings   format, variant and the date the PDF carries (SOURCE_DATE_EPOCH)
  pipeline   foldline's version and source code, and the versions of the
             packages that write PDF bytes (WeasyPrint, pydyf, pypdf, ...)

``output/manifest.json`` holds, per output, its fingerprint and what the build
wrote: the file's sha256 and size, pages, body size, renders, companion files.
A shard build writes ``manifest.shard-K-of-N.json`` instead; a build without
``--shard`` merges those fragments into ``manifest.json`` first.

Pure functions of files: nothing here renders, and nothing imports WeasyPrint
(package versions come from their metadata), so a no-op build stays cheap.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..atomic import write_atomic
from ..errors import ContentError
from ..files import open_regular, read_regular
from ..project import SOURCE_LANGUAGE, Project
from .manifest_shape import entry_fields, font_sets

MANIFEST = "manifest.json"
FRAGMENT = re.compile(r"manifest\.shard-(?P<k>[0-9]+)-of-(?P<n>[0-9]+)\.json")
SCHEMA = 1
# Packages whose versions change the bytes of a PDF.
PDF_PACKAGES = ("weasyprint", "pydyf", "pypdf", "fonttools", "pyphen", "tinycss2", "cssselect2", "jinja2", "segno")
PART_NAMES = ("content", "source", "layout", "languages", "fonts", "settings", "pipeline")


def fragment_name(shard: tuple[int, int]) -> str:
    return f"manifest.shard-{shard[0]}-of-{shard[1]}.json"


def sha256_file(path: Path) -> str:
    """The sha256 of a regular file; OSError (NotARegularFile for a FIFO, a device, a
    folder) otherwise, so a FIFO or /dev/zero never blocks or runs on."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _combine(items) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    parts: dict  # part name -> sha256 (or "" where a part does not apply)

    @property
    def value(self) -> str:
        return _combine(self.parts)

    def changed(self, recorded: dict) -> list[str]:
        return [name for name in PART_NAMES if self.parts.get(name) != recorded.get(name)]


class Fingerprinter:
    """Computes fingerprints for one build; each input file is read and hashed once."""

    def __init__(self, project: Project, date: str | None, font_sets: dict | None = None):
        self.project = project
        self.date = date
        self._digests: dict[Path, str] = {}
        self._font_sets = font_sets or {}
        self._layout: dict[str, str] = {}
        self._pipeline: str | None = None
        self._fonts: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._figures: dict[str, str] = {}

    def digest(self, path: Path) -> str:
        if path not in self._digests:
            try:
                self._digests[path] = sha256_file(path)
            except FileNotFoundError:
                self._digests[path] = "missing"
            except OSError:  # not a regular file, unreadable: stale; the content check says why
                self._digests[path] = "unreadable"
        return self._digests[path]

    def source_language(self, leaflet: str) -> str:
        """The leaflet's source language, found once per build (it reads every file of the
        leaflet; all its outputs, in every format and variant, ask)."""
        if leaflet not in self._sources:
            self._sources[leaflet] = self.project.source_language(leaflet) or SOURCE_LANGUAGE
        return self._sources[leaflet]

    def fingerprint(self, output) -> Fingerprint:
        content = self.project.content_path(output.leaflet, output.language)
        source = self.source_language(output.leaflet)
        follows = self.project.content_path(output.leaflet, source)
        return Fingerprint(
            {
                "content": self.digest(content),
                "source": "" if output.language == source else self.digest(follows),
                "layout": self.layout(output.format),
                "figures": self.figures(output.leaflet),
                "languages": self.digest(self.project.layouts / "languages.yaml"),
                "fonts": self.fonts(output.language),
                "settings": _combine({"format": output.format, "variant": output.variant, "date": self.date}),
                "pipeline": self.pipeline(),
            }
        )

    def figures(self, leaflet: str) -> str:
        """The image files beside a leaflet's content (its figures), by name and digest."""
        if leaflet not in self._figures:  # every output of the leaflet asks: walk its folder once
            folder = self.project.source / leaflet
            files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".svg", ".png", ".jpg", ".jpeg"))
            self._figures[leaflet] = _combine({str(p.relative_to(folder)): self.digest(p) for p in files}) if files else ""
        return self._figures[leaflet]

    def layout(self, format_name: str) -> str:
        if format_name not in self._layout:
            layouts = self.project.layouts
            files = [[p.relative_to(layouts).as_posix(), self.digest(p)] for p in self.project.layout_files(format_name)]
            self._layout[format_name] = _combine(files)
        return self._layout[format_name]

    def fonts(self, language: str) -> str:
        if language not in self._fonts:
            files = self.font_files(language)
            fonts = self.project.fonts
            listed = [[p, self.digest(fonts / p)] for p in files] if files is not None else "unknown"
            self._fonts[language] = _combine([self.digest(fonts / "fonts.yaml"), listed])
        return self._fonts[language]

    @property
    def font_key(self) -> str:
        return _combine([self.digest(self.project.layouts / "languages.yaml"), self.digest(self.project.fonts / "fonts.yaml")])

    def font_files(self, language: str) -> list[str] | None:
        """The font files a language's stacks use, relative to fonts/.

        Which files those are follows from languages.yaml and fonts.yaml alone, so the
        answer is cached (in the manifest) under the digest of the two; reading them
        properly needs the typed models, which a no-op build should not have to load.
        None when the two files cannot say (the content check will report why).
        """
        known = self._font_sets.setdefault(self.font_key, {})
        if language not in known:
            try:
                from ..content.fonts import font_faces
                from ..content.languages import language_for

                faces = font_faces(self.project, language_for(self.project, language).families)
                known[language] = sorted({face.path.relative_to(self.project.fonts).as_posix() for face in faces})
            except (ContentError, OSError):  # the content check reports what is wrong
                return None
        return known[language]

    def font_sets(self) -> dict:
        """The cache to keep in the manifest: only the entry for the current files."""
        return {self.font_key: dict(sorted(self._font_sets.get(self.font_key, {}).items()))}

    def pipeline(self) -> str:
        if self._pipeline is None:
            from importlib import metadata

            package = Path(__file__).resolve().parent.parent  # foldline/, every stage
            code = [[p.relative_to(package).as_posix(), self.digest(p)] for p in sorted(package.rglob("*.py"))]
            versions = {}
            for name in PDF_PACKAGES:
                try:
                    versions[name] = metadata.version(name)
                except metadata.PackageNotFoundError:
                    versions[name] = None
            self._pipeline = _combine({"foldline": __version__, "code": code, "packages": versions})
        return self._pipeline


@dataclass
class Entry:
    """What the manifest knows of one output: what it was built from, and what was written."""

    leaflet: str
    language: str
    format: str
    variant: str
    fingerprint: str
    parts: dict
    sha256: str
    bytes: int
    pages: int = 0
    body_size: float | None = None
    renders: int = 0
    companions: dict = field(default_factory=dict)  # path relative to output/ -> sha256

    def intact(self, output_folder: Path, name: str) -> bool:
        """The file (and any companion) is the one this entry describes, byte for byte."""
        files = {name: self.sha256, **self.companions}
        try:
            return all(sha256_file(output_folder / path) == digest for path, digest in files.items())
        except OSError:
            return False


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # path relative to output/ -> Entry
    font_sets: dict = field(default_factory=dict)
    whole: bool = False  # read from a file that held nothing it dropped (``read``)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """What a manifest (or fragment) records, read as untrusted input (``output/`` may
        come from a CI cache): a missing, unreadable, non-regular or foreign file counts as
        empty, and an entry of the wrong shape or with a path leaving its folder is
        dropped (``manifest_shape``); either way those outputs are rebuilt."""
        try:
            data = json.loads(read_regular(path).decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return cls()
        if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("outputs"), dict):
            return cls()
        entries = {}
        for name, entry in data["outputs"].items():
            fields = entry_fields(name, entry)
            if fields is not None:
                entries[name] = Entry(**fields)
        sets = font_sets(data.get("font_sets", {}))
        whole = len(entries) == len(data["outputs"]) and sets == data.get("font_sets", {}) and set(data) == {"schema", "outputs", "font_sets"}
        return cls(entries, sets, whole)

    def to_bytes(self) -> bytes:
        data = {
            "schema": SCHEMA,
            "outputs": {name: asdict(self.entries[name]) for name in sorted(self.entries)},
            "font_sets": self.font_sets,
        }
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

    def write(self, path: Path) -> bool:
        """Write atomically, and only when the bytes change (so a no-op build leaves it alone)."""
        data = self.to_bytes()
        try:
            if read_regular(path) == data:  # a FIFO put in its place must not block the build
                return False
        except OSError:
            pass
        write_atomic(path, data)
        return True


def fragment_files(output_folder: Path) -> list[Path]:
    """The shard fragments in an output folder, by name."""
    return sorted(p for p in output_folder.glob("manifest.shard-*-of-*.json") if FRAGMENT.fullmatch(p.name))


def read_manifest(output_folder: Path, shard: tuple[int, int] | None) -> tuple[Manifest, list[Path]]:
    """The manifest a build starts from, and the shard fragments merged into it.

    A shard build reads manifest.json and its own fragment (its own wins). Any other
    build also merges every fragment it finds: where manifest.json and fragments
    disagree about an output, the entry matching the file on disk wins.
    """
    manifest = Manifest.read(output_folder / MANIFEST)
    if shard is not None:
        fragment = Manifest.read(output_folder / fragment_name(shard))
        manifest.entries.update(fragment.entries)
        return manifest, []
    fragments = fragment_files(output_folder)
    for path in fragments:
        fragment = Manifest.read(path)
        for name, entry in fragment.entries.items():
            current = manifest.entries.get(name)
            if current is None or (not current.intact(output_folder, name) and entry.intact(output_folder, name)):
                manifest.entries[name] = entry
        manifest.font_sets.update(fragment.font_sets)
    return manifest, fragments
