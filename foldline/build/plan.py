"""The build plan: which outputs exist, and which of them are stale and why.

Planning is pure: outputs are a function of the files under source/ and layouts/,
and whether each is stale is a function of its fingerprint (``manifest.py``)
against the manifest. Standard library only, so a build with nothing to do never
loads the content models or WeasyPrint.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..project import SOURCE_LANGUAGE, VARIANTS, Project, Variant


@dataclass(frozen=True)
class Output:
    """One PDF to make: a leaflet in one language, format and variant."""

    leaflet: str
    language: str
    format: str
    variant: Variant

    @property
    def name(self) -> str:
        return f"{self.leaflet}.{self.language}.{self.format}{Variant(self.variant).suffix}.pdf"

    @property
    def key(self) -> str:
        """The output's path relative to the output folder, as the manifest names it."""
        return f"{self.leaflet}/{self.name}"

    def path(self, project: Project) -> Path:
        return project.output_path(self.leaflet, self.name)

    @property
    def label(self) -> str:
        return f"{self.leaflet} {self.language} {self.format} {self.variant}"


def plan(files, formats: list[str], variants=VARIANTS) -> list[Output]:
    """Every output of the given content files (anything with .leaflet and .language)."""
    return [
        Output(f.leaflet, f.language, fmt, Variant(variant))
        for f in files
        for fmt in formats
        for variant in variants
    ]


def selected_formats(project: Project, wanted: list[str] | None) -> list[str]:
    """The formats asked for (all when none), checked: UsageError names the known ones."""
    known = project.format_names()
    if not wanted:
        return known
    for name in wanted:
        if name not in known:
            from ..layout.formats import load_format

            load_format(project, name)  # raises with the list of known formats
    return list(dict.fromkeys(wanted))


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' -> (K, N), 1 <= K <= N."""
    k, sep, n = text.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f"--shard {text!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(k), int(n)


SHARD_OUTPUTS = 250  # outputs per CI runner, past the first
ONE_SHARD_UP_TO = 100  # a catalogue this small is one runner: a runner's set-up costs more than it saves
MAX_SHARDS = 8


def shard_count(outputs: int) -> int:
    """How many parts a CI matrix should split ``outputs`` into: one up to
    ONE_SHARD_UP_TO, then one per SHARD_OUTPUTS begun, at most MAX_SHARDS."""
    if outputs <= ONE_SHARD_UP_TO:
        return 1
    return max(1, min(MAX_SHARDS, -(-outputs // SHARD_OUTPUTS)))


def in_shard(outputs: list[Output], shard: tuple[int, int] | None,
             cost_of: Callable[[Output], float] | None = None) -> list[Output]:
    """The K-th of N parts of the plan, balanced by cost.

    The unit shared out is a layout (one leaflet, language and format: its variants
    come from one render, so they stay together), weighed by ``cost_of`` its first
    output (default: one each). Layouts go, most costly first, to the part with the
    least cost so far (longest processing time first), ties to the lower part.
    Deterministic: it depends on the plan and on costs every runner of a CI matrix
    computes alike from the same checkout (never on a runner's own last build), so
    each runner gets the same split. Adding an output can move others to another
    part; the parts' manifests merge by output name, so nothing is built twice for it.
    """
    if shard is None:
        return list(outputs)
    k, n = shard
    mine = shard_layouts(outputs, n, cost_of)[k - 1]
    return [output for output in sorted(outputs, key=lambda o: o.key) if _layout_of(output) in mine]


def shard_layouts(outputs: list[Output], n: int, cost_of: Callable[[Output], float] | None = None) -> list[set]:
    """The layouts (leaflet, language, format) of each of ``n`` parts (see ``in_shard``)."""
    layouts: dict[tuple, Output] = {}
    for output in sorted(outputs, key=lambda o: o.key):
        layouts.setdefault(_layout_of(output), output)
    weighed = sorted(((cost_of(first) if cost_of else 1.0), layout) for layout, first in layouts.items())
    weighed.sort(key=lambda item: -item[0])  # stable: equal costs stay in name order
    loads = [0.0] * n
    parts: list[set] = [set() for _ in range(n)]
    for cost, layout in weighed:
        lightest = min(range(n), key=lambda index: (loads[index], index))
        loads[lightest] += cost
        parts[lightest].add(layout)
    return parts


def _layout_of(output: Output) -> tuple[str, str, str]:
    return (output.leaflet, output.language, output.format)


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
            stale, reason = True, "changed: " + ", ".join(_describe(output, part, fingerprints) for part in changed)
        elif not (output_folder / output.key).is_file():
            stale, reason = True, "file missing"
        elif not entry.intact(output_folder, output.key):
            stale, reason = True, "file differs from the one built"
        else:
            stale, reason = False, "up to date"
        decisions.append(Decision(output, fingerprint, stale, reason))
    return decisions


def _describe(output: Output, part: str, fingerprints=None) -> str:
    project = getattr(fingerprints, "project", None)
    source = (project.source_language(output.leaflet) if project else None) or SOURCE_LANGUAGE
    return {
        "content": f"source/{output.leaflet}/{output.language}.yaml",
        "source": f"source/{output.leaflet}/{source}.yaml",
        "layout": f"layouts ({output.format} or shared)",
        "figures": f"the figures of {output.leaflet}",
        "languages": "layouts/languages.yaml",
        "fonts": "fonts",
        "settings": "settings",
        "pipeline": "pipeline (code or package versions)",
    }.get(part, part)


def removed_entries(project: Project, manifest) -> list[str]:
    """Manifest entries whose inputs are gone: the content file or the format was removed."""
    known = set(project.format_names())
    gone = []
    for key, entry in manifest.entries.items():
        content = project.content_path(entry.leaflet, entry.language)
        if entry.format not in known or entry.variant not in VARIANTS or not content.is_file():
            gone.append(key)
    return sorted(gone)
