"""Where things are: the project's folders, the content files in them, and the names allowed.

Names that come from the file system or the command line (leaflet folders,
language codes, formats) must match an allowlist pattern in full, and files
that are symlinks pointing outside the project are refused, so that no path we
build from a name can leave the project or the output folder.

Standard library only: planning a build (and a build with nothing to do) reads
the project through this module without loading YAML, models or WeasyPrint.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .errors import ContentError, Location, Problem, UsageError, display_path
from .files import file_problem, read_regular

LEAFLET_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FORMAT_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47, the subset used for content: language, optional script, optional region.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
SOURCE_LANGUAGE = "en"  # the default source language: a leaflet's source is its file without meta.translation
# How a translation says it is one, read without parsing YAML (planning loads no YAML): a
# ``translation:`` key indented under ``meta``. The loader checks the real thing.
_TRANSLATION_KEY = re.compile(r"^[ \t]+translation[ \t]*:", re.M)


class Variant(StrEnum):
    """What an output is for: reading on screen (trim size, tagged) or printing (bleed, marks)."""

    SCREEN = "screen"
    PRINT = "print"

    @property
    def suffix(self) -> str:
        """The part of the file name that tells the variant apart ("" for screen)."""
        return "" if self is Variant.SCREEN else f".{self.value}"


VARIANTS = tuple(Variant)


class BadName(ValueError):
    """A leaflet, language or format name that is not allowed."""


def check_name(kind: str, value: str) -> str:
    pattern = {"leaflet": LEAFLET_NAME, "language": LANGUAGE_TAG, "format": FORMAT_NAME}[kind]
    if not pattern.fullmatch(value):
        examples = {"leaflet": "lowercase words joined by hyphens, e.g. my-leaflet", "language": "a BCP 47 tag, e.g. en, es, zh-Hans", "format": "e.g. a4"}
        raise BadName(f"{kind} name {value!r} is not allowed ({examples[kind]})")
    return value


@dataclass(frozen=True)
class ContentFile:
    """A content file found under source/: which leaflet, which language."""

    leaflet: str
    language: str
    path: Path

    @property
    def says_translation(self) -> bool:
        """Whether the file has a meta.translation key (read as text, without YAML)."""
        try:  # a regular file only: a FIFO or device named like a language file never blocks
            return bool(_TRANSLATION_KEY.search(read_regular(self.path, 1 << 20).decode("utf-8", "replace")))
        except OSError:
            return False


@dataclass(frozen=True)
class Project:
    root: Path
    output: Path

    @classmethod
    def at(cls, root: Path, output: Path | None = None) -> Project:
        root = Path(root).resolve()
        return cls(root=root, output=Path(output).resolve() if output else root / "output")

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    def content_path(self, leaflet: str, language: str) -> Path:
        """source/<leaflet>/<language>.yaml: the one place that knows a content file's name."""
        return self.source / leaflet / f"{language}.yaml"

    def content_file(self, leaflet: str, language: str) -> ContentFile:
        return ContentFile(leaflet, language, self.content_path(leaflet, language))

    def source_language(self, leaflet: str) -> str | None:
        """The language of a leaflet's source file: the file without meta.translation,
        ``en`` when that is one, else the first such in name order; None when every file
        says it is a translation."""
        files = [self.content_file(leaflet, path.stem) for path in sorted((self.source / leaflet).glob("*.yaml"))]
        sources = [f.language for f in files if LANGUAGE_TAG.fullmatch(f.language) and not f.says_translation]
        if SOURCE_LANGUAGE in sources:
            return SOURCE_LANGUAGE
        return sources[0] if sources else None

    def format_names(self) -> list[str]:
        """The formats: every folder of layouts/ with a format.yaml."""
        return sorted(p.parent.name for p in self.layouts.glob("*/format.yaml"))

    def layout_files(self, format_name: str) -> list[Path]:
        """The files under layouts/ a format's layout is made from: its folder and every
        shared one (not other formats' folders), in a stable order; not dotfiles, the
        folders' *.md documentation or languages.yaml (read for the content, too)."""
        layouts = self.layouts
        others = {p.parent for p in layouts.glob("*/format.yaml")} - {layouts / format_name}
        files = []
        for parent, dirs, names in os.walk(layouts):
            folder = Path(parent)
            dirs[:] = sorted(d for d in dirs if folder / d not in others and not d.startswith("."))
            for name in sorted(names):
                if name.startswith(".") or name.endswith(".md") or folder / name == layouts / "languages.yaml":
                    continue
                files.append(folder / name)
        return files

    def inside(self, path: Path, folder: Path) -> bool:
        """True when path, with symlinks resolved, lies inside folder.

        ``os.path.realpath``, not ``Path.resolve``: on a link loop the latter raises
        RuntimeError (Python 3.11); a loop resolves to itself here, and the reader
        refuses it with its path (``files.file_problem``)."""
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))

    def links_outside(self) -> list[tuple[Path, str]]:
        """Every symlink under source/, layouts/ and fonts/ that leads out of the project,
        and under output/ that leads out of output/.

        Checked up front, so that neither the loader, Jinja2's template loader nor the
        font code can be pointed at a file elsewhere on the machine by a link, and no
        write lands outside output/. (output/ itself may be a link, e.g. to another disk.)
        """
        found = []
        for folder, boundary, what in (
            (self.source, self.root, "the project"),
            (self.layouts, self.root, "the project"),
            (self.fonts, self.root, "the project"),
            (self.output, self.output, "the output folder"),
        ):
            for parent, dirs, files in os.walk(folder):
                for name in sorted(dirs + files):
                    path = Path(parent) / name
                    if path.is_symlink() and not self.inside(path, boundary):
                        found.append((path, f"is a link to {os.path.realpath(path)}, outside {what}; refused"))
        return found

    def check_inside_project(self, path: Path) -> None:
        if not self.inside(path, self.root):
            raise BadName(f"{path}: is a link to {os.path.realpath(path)}, outside the project; refused")

    def output_path(self, *parts: str) -> Path:
        path = self.output.joinpath(*parts)
        if not self.inside(path, self.output):
            raise BadName(f"output path {path} would leave {self.output}")
        return path

    def near_misses(self, leaflets=None) -> list[Problem]:
        """Warnings for files that look meant as content but are never read: ``fr.yml``,
        ``fr.YAML`` (only ``<lang>.yaml`` is a content file; a translation saved under
        another name would otherwise be silently left out)."""
        found = []
        if not self.source.is_dir():
            return found
        for folder in sorted(p for p in self.source.iterdir() if p.is_dir() and LEAFLET_NAME.fullmatch(p.name)):
            if leaflets and folder.name not in leaflets:
                continue
            for path in sorted(folder.iterdir()):
                stem, dot, suffix = path.name.rpartition(".")
                if dot and suffix.lower() in ("yml", "yaml") and suffix != "yaml":
                    message = f"ignored: content files are named <language>.yaml; rename it to {stem}.yaml"
                    found.append(Problem(Location(path, 1, 1), "", message, severity="warning", code="near-miss-name"))
        return found

    def discover(self, leaflets=None, languages=None) -> list[ContentFile]:
        """Every content file under source/, optionally narrowed to some leaflets and
        languages, names checked in full, links out of the project refused.

        Raises UsageError for names that are not allowed (given or found) and links out
        of the project, ContentError when there is no source folder or a content file is
        not a regular file (a folder, a FIFO, a link loop or a dangling link, each named
        with its path before anything opens it); every problem found is reported.
        """
        problems: list[Problem] = []
        for kind, option, names in (("leaflet", "--leaflet", leaflets), ("language", "--lang", languages)):
            for name in names or ():
                try:
                    check_name(kind, name)
                except BadName as exc:
                    problems.append(Problem(None, option, str(exc), code="bad-name"))
        if problems:
            raise UsageError(problems)
        if not self.source.is_dir():
            raise ContentError([Problem(None, "source", f"no source folder at {self.source}")])
        # Links under source/ are reported file by file below; layouts/ and fonts/ here.
        problems += [
            Problem(None, display_path(link), message, code="bad-name")
            for link, message in self.links_outside()
            if not link.is_relative_to(self.source)
        ]
        found: list[ContentFile] = []
        unreadable: list[Problem] = []
        for folder in sorted(p for p in self.source.iterdir() if p.is_dir()):
            try:
                check_name("leaflet", folder.name)
                self.check_inside_project(folder)
            except BadName as exc:
                problems.append(Problem(None, f"source/{folder.name}", str(exc), code="bad-name"))
                continue
            if leaflets and folder.name not in leaflets:
                continue
            for path in sorted(folder.glob("*.yaml")):
                try:
                    check_name("language", path.stem)
                    self.check_inside_project(path)
                except BadName as exc:
                    problems.append(Problem(None, f"source/{folder.name}/{path.name}", str(exc), code="bad-name"))
                    continue
                if languages and path.stem not in languages:
                    continue
                problem = file_problem(path)
                if problem is not None:
                    unreadable.append(Problem(Location(path, 1, 1), "", f"{problem}; refused", code="not-a-file"))
                    continue
                found.append(ContentFile(folder.name, path.stem, path))
        if problems:
            raise UsageError(problems)
        if unreadable:
            raise ContentError(unreadable)
        return found
