"""The build plan: which outputs exist, which are stale and why; and making one output.

Planning is pure: outputs are a function of the files under source/ and layouts/,
and whether each is stale is a function of its fingerprint (``manifest.py``)
against the manifest. This module imports nothing heavy at the top, so a build
with nothing to do never loads the content models or WeasyPrint.

``run_output`` renders, copyfits and writes one output; the executor calls it in
worker processes (``workers.py``), ``watch`` calls it directly. Every PDF is
written atomically, so a failure leaves the previous file in place.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomic
from .project import VARIANTS, BadName, Project, check_name


@dataclass(frozen=True)
class Output:
    """One PDF to make: a leaflet in one language, format and variant."""

    leaflet: str
    language: str
    format: str
    variant: str  # "screen" or "print"

    @property
    def name(self) -> str:
        suffix = "" if self.variant == "screen" else f".{self.variant}"
        return f"{self.leaflet}.{self.language}.{self.format}{suffix}.pdf"

    @property
    def key(self) -> str:
        """The output's path relative to the output folder, as the manifest names it."""
        return f"{self.leaflet}/{self.name}"

    def path(self, project: Project) -> Path:
        return project.output_path(self.leaflet, self.name)

    def content_path(self, project: Project) -> Path:
        return project.source / self.leaflet / f"{self.language}.yaml"

    @property
    def label(self) -> str:
        return f"{self.leaflet} {self.language} {self.format} {self.variant}"


@dataclass
class Result:
    output: Output
    status: str  # "built", "skipped" or "failed"
    reason: str = ""
    pages: int = 0
    body_size: float | None = None
    renders: int = 0
    seconds: float = 0.0
    bytes: int = 0
    sha256: str = ""
    companions: dict = field(default_factory=dict)  # path relative to the output folder -> sha256
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """A content file as planning sees it: names only (``content.ContentFile`` is the loaded side)."""

    leaflet: str
    language: str


def find_sources(project: Project, leaflets=None, languages=None) -> list[Source] | None:
    """The content files under source/, by name, without reading them.

    None when anything is irregular (a name outside the allowlist, a link out of the
    project, no source folder): ``content.discover`` then says exactly what, with
    the messages the rest of the command line uses.
    """
    try:
        for name in leaflets or ():
            check_name("leaflet", name)
        for name in languages or ():
            check_name("language", name)
        if not project.source.is_dir() or project.links_outside():
            return None
        found = []
        for folder in sorted(p for p in project.source.iterdir() if p.is_dir()):
            check_name("leaflet", folder.name)
            project.check_inside_project(folder)
            if leaflets and folder.name not in leaflets:
                continue
            for path in sorted(folder.glob("*.yaml")):
                check_name("language", path.stem)
                project.check_inside_project(path)
                if not languages or path.stem in languages:
                    found.append(Source(folder.name, path.stem))
        return found
    except (BadName, OSError):
        return None


def format_names(project: Project) -> list[str]:
    """As ``formats.format_names``, without importing the format models."""
    return sorted(p.parent.name for p in project.layouts.glob("*/format.yaml"))


def plan(files, formats: list[str], variants=VARIANTS) -> list[Output]:
    """Every output of the given content files (anything with .leaflet and .language)."""
    return [
        Output(f.leaflet, f.language, fmt, variant)
        for f in files
        for fmt in formats
        for variant in variants
    ]


def selected_formats(project: Project, wanted: list[str] | None) -> list[str]:
    known = format_names(project)
    if not wanted:
        return known
    for name in wanted:
        if name not in known:
            from .formats import load_format

            load_format(project, name)  # raises with the list of known formats
    return list(dict.fromkeys(wanted))


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' -> (K, N), 1 <= K <= N."""
    k, sep, n = text.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise ValueError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(k), int(n)


def in_shard(outputs: list[Output], shard: tuple[int, int] | None) -> list[Output]:
    """The K-th of N parts of the plan: every N-th output in name order, starting at the K-th.

    Deterministic (the same plan gives every runner of a CI matrix the same split),
    and balanced: part sizes differ by one at most, and each part gets a mix of
    formats and variants. Adding an output can move others to another part; the
    parts' manifests merge by output name, so nothing is built twice for it.
    """
    if shard is None:
        return list(outputs)
    k, n = shard
    return [output for index, output in enumerate(sorted(outputs, key=lambda o: o.key)) if index % n == k - 1]


@dataclass
class Decision:
    """What the build will do with one planned output, and why."""

    output: Output
    fingerprint: object  # manifest.Fingerprint
    stale: bool
    reason: str


def decide(outputs: list[Output], fingerprints, manifest, output_folder: Path, force: bool = False) -> list[Decision]:
    """Stale or up to date, for each output: fingerprint against the manifest, file against its sha256."""
    decisions = []
    for output in outputs:
        fingerprint = fingerprints.fingerprint(output)
        entry = manifest.entries.get(output.key)
        if force:
            stale, reason = True, "--force"
        elif entry is None:
            stale, reason = True, "new" if not (output_folder / output.key).exists() else "not in the manifest"
        elif entry.fingerprint != fingerprint.value:
            changed = fingerprint.changed(entry.parts) or ["fingerprint"]
            stale, reason = True, "changed: " + ", ".join(_describe(output, part) for part in changed)
        elif not (output_folder / output.key).is_file():
            stale, reason = True, "file missing"
        elif not entry.intact(output_folder, output.key):
            stale, reason = True, "file differs from the one built"
        else:
            stale, reason = False, "up to date"
        decisions.append(Decision(output, fingerprint, stale, reason))
    return decisions


def _describe(output: Output, part: str) -> str:
    return {
        "content": f"source/{output.leaflet}/{output.language}.yaml",
        "source": f"source/{output.leaflet}/en.yaml",
        "layout": f"layouts ({output.format} or shared)",
        "languages": "layouts/languages.yaml",
        "fonts": "fonts",
        "settings": "settings",
        "pipeline": "pipeline (code or package versions)",
    }.get(part, part)


def removed_entries(project: Project, manifest) -> list[str]:
    """Manifest entries whose inputs are gone: the content file or the format was removed."""
    known = set(format_names(project))
    gone = []
    for key, entry in manifest.entries.items():
        content = project.source / entry.leaflet / f"{entry.language}.yaml"
        if entry.format not in known or entry.variant not in VARIANTS or not content.is_file():
            gone.append(key)
    return sorted(gone)


def run_output(project: Project, output: Output, loaded, hint: float | None = None) -> Result:
    """Render, copyfit and write one output. Never raises for content problems."""
    return run_outputs(project, [output], loaded, hint)[0]


def run_outputs(project: Project, outputs: list[Output], loaded, hint: float | None = None) -> list[Result]:
    """The variants of one leaflet, language and format, from one copyfit and one layout.

    The variants differ only in bleed, so the leaflet is laid out once, always with
    bleed and (flowing formats) tagged: the print file keeps the bleed, the screen file
    is cut to the trim. Always the same layout, so a file's bytes do not depend on
    which variants were built with it. ``hint``: a body size to try first (the last
    build's). Never raises for content problems: each output gets a Result.
    """
    from .errors import ContentError
    from .fit import DoesNotFit, fit
    from .formats import load_format
    from .render import RenderError, finished_files

    started = time.perf_counter()
    try:
        fmt = load_format(project, outputs[0].format)
        fitted = fit(project, fmt, loaded, "print", hint, tagged=fmt.layout == "flow")
    except DoesNotFit as exc:
        return [_failed(output, started, f"does not fit: {exc}") for output in outputs]
    except (RenderError, ContentError) as exc:
        return [_failed(output, started, str(exc)) for output in outputs]
    results = []
    for index, output in enumerate(outputs):
        if index:
            started = time.perf_counter()
        try:
            # The main PDF plus any companion file the format asks for (a booklet's imposed sheets).
            files = finished_files(fitted.rendered, loaded, fmt, output.variant)
            companions = {}
            for suffix, payload in files:
                path = output.path(project).with_suffix(suffix + ".pdf") if suffix else output.path(project)
                write_atomic(path, payload)
                if suffix:
                    companions[f"{output.leaflet}/{path.name}"] = hashlib.sha256(payload).hexdigest()
            data = files[0][1]
        except RenderError as exc:
            results.append(_failed(output, started, str(exc)))
            continue
        except OSError as exc:
            results.append(_failed(output, started, f"cannot write {output.path(project)}: {exc.strerror or exc}"))
            continue
        results.append(
            Result(
                output,
                "built",
                # Folded formats render one page per panel; the file holds the sheets.
                pages=fmt.pages.exact if fmt.layout == "panels" else fitted.rendered.pages,
                body_size=fitted.rendered.body_size,
                renders=fitted.renders if index == 0 else 0,  # the layout is the first output's work
                seconds=time.perf_counter() - started,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                companions=companions,
            )
        )
    return results


def _failed(output: Output, started: float, reason: str) -> Result:
    return Result(output, "failed", reason=reason, seconds=time.perf_counter() - started)
