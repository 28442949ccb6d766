"""Where things are: the project's folders, and the names allowed in them.

Names that come from the file system or the command line (leaflet folders,
language codes, formats) must match an allowlist pattern in full, and files
that are symlinks pointing outside the project are refused, so that no path we
build from a name can leave the project or the output folder.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

LEAFLET_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FORMAT_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47, the subset used for content: language, optional script, optional region.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
VARIANTS = ("screen", "print")


class BadName(ValueError):
    """A leaflet, language or format name that is not allowed."""


def check_name(kind: str, value: str) -> str:
    pattern = {"leaflet": LEAFLET_NAME, "language": LANGUAGE_TAG, "format": FORMAT_NAME}[kind]
    if not pattern.fullmatch(value):
        examples = {"leaflet": "e.g. myoclonus", "language": "a BCP 47 tag, e.g. en, es, zh-Hans", "format": "e.g. a4"}
        raise BadName(f"{kind} name {value!r} is not allowed ({examples[kind]})")
    return value


@dataclass(frozen=True)
class Project:
    root: Path
    output: Path

    @classmethod
    def at(cls, root: Path, output: Path | None = None) -> "Project":
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

    def inside(self, path: Path, folder: Path) -> bool:
        """True when path, with symlinks resolved, lies inside folder."""
        try:
            Path(path).resolve().relative_to(Path(folder).resolve())
            return True
        except ValueError:
            return False

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
            raise BadName(f"{path}: is a link to {Path(path).resolve()}, outside the project; refused")

    def output_path(self, *parts: str) -> Path:
        path = self.output.joinpath(*parts)
        if not self.inside(path, self.output):
            raise BadName(f"output path {path} would leave {self.output}")
        return path
