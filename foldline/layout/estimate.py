"""Copyfitting's calibration: a first guess from the text, and how far a render's
measure can be trusted for the sizes next to it.

Data, not code: ``layouts/copyfit.yaml`` holds, per format, what
``benchmarks/copyfit_calibrate.py write`` measured by rendering every leaflet,
language and format of the project at every size:

- ``text``: the text's length in pages (panels) at 10 pt, from its characters (a
  coefficient per script: a line of Devanagari or Han holds another number of
  characters than a line of Latin) and its blocks (each paragraph's last line and
  spacing);
- ``contacts``: the contact section's length at 10 pt, and how fast it grows with the
  body size (``contacts_growth``: cards and a QR code grow more slowly than text);
- ``start``: where the first section starts (a cover page, a masthead);
- ``margins``: the largest error, in log of length, of a prediction made from one
  render for a size 1, 2, 3... sizes away, times a safety factor. Inside that margin
  the search renders; outside it, it trusts the measure;
- ``layouts``: a digest of the layout files it was measured on; after they change the
  entry gives its first guess only (``calibration``).

The first guess only decides where the search starts. A margin decides when a size
need not be rendered. The size chosen is always rendered and checked, and a search
whose trusted answer its render contradicts is done again on renders alone
(``fit.fit``): no calibration gives a page that overflows. One measured on other
layout files trusts nothing, so it costs renders only. A current one could, on text
unlike what it was measured on, trust a wrong prediction that a size does not fit:
type one step smaller than the largest that fits. ``benchmarks/copyfit_calibrate.py``
is run again when layouts or fonts change; its report says whether every size agrees
with trying every size, on the project's leaflets and on each left out.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .measure import Measure

FILE = "copyfit.yaml"
REFERENCE_SIZE = 10.0  # pt: lengths in the calibration are at this body size
# No prediction is trusted within this log of length of filling its budget: the next size
# on a 0.25 pt grid is about 5% longer, and page and column breaks move text by a few
# percent either way, so one size away a measure alone cannot say which side it falls.
MARGIN_FLOOR = 0.06


@dataclass(frozen=True)
class Metrics:
    """What the first guess reads of a leaflet's HTML: characters (not spaces) and blocks
    of the body sections, and characters of the contact section."""

    chars: int
    blocks: int
    contact_chars: int


_BLOCKS = {"p", "li", "h2", "h3", "h4", "figure", "tr", "dt", "dd", "blockquote"}


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0  # inside a section: its element depth
        self.kind = None
        self.counts = {"section": [0, 0], "contacts": [0, 0]}

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag not in _VOID
            if tag in _BLOCKS:
                self.counts[self.kind][1] += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and ("section" in classes or "contacts" in classes):
            self.kind, self.depth = ("section" if "section" in classes else "contacts"), 1

    def handle_endtag(self, tag):
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.counts[self.kind][0] += sum(not c.isspace() for c in data)


_VOID = {"br", "img", "hr", "wbr", "meta", "link", "input", "source", "col", "area", "base", "embed", "param", "track"}


def metrics(html: str) -> Metrics:
    counter = _Counter()
    counter.feed(html)
    (chars, blocks), (contact_chars, _) = counter.counts["section"], counter.counts["contacts"]
    return Metrics(chars, blocks, contact_chars)


@dataclass(frozen=True)
class Calibration:
    """One format's calibration (see the module's docstring)."""

    per_char: dict[str, float]  # script -> pages per character at 10 pt
    per_block: float
    contacts_base: float
    contacts_per_char: float
    contacts_growth: float
    start_page: int
    start: float
    margins: tuple[float, ...]  # by how many sizes away the prediction is: 1, 2, ...
    layouts: str = ""  # digest of the layout files it was measured on (``layouts_digest``)

    @classmethod
    def of(cls, entry: dict) -> Calibration:
        """From one format's entry of the calibration file (``fit_model``'s result)."""
        return cls(
            per_char={str(k): float(v) for k, v in entry["text"]["per_char"].items()},
            per_block=float(entry["text"]["per_block"]),
            contacts_base=float(entry["contacts"]["base"]),
            contacts_per_char=float(entry["contacts"]["per_char"]),
            contacts_growth=float(entry["contacts"]["growth"]),
            start_page=int(entry["start"]["page"]),
            start=float(entry["start"]["fraction"]),
            margins=tuple(float(m) for m in entry["margins"]),
            layouts=str(entry.get("layouts", "")),
        )

    def margin(self, steps: int) -> float:
        """The error allowed for a prediction ``steps`` sizes from its render: the
        largest seen that far or nearer, times a safety factor; beyond the sizes
        calibrated, the largest of all."""
        if not self.margins:
            return math.inf
        return self.margins[min(steps, len(self.margins)) - 1]

    def estimate(self, script: str, found: Metrics, own_page: bool):
        """A measure (``fit.Measure``) of the text at the reference size, from its
        metrics; None for a script the calibration has not seen. ``own_page``: the
        format's contacts fit the last page."""
        if script not in self.per_char:
            return None
        text = self.per_char[script] * found.chars + self.per_block * found.blocks
        contacts = self.contacts_base + self.contacts_per_char * found.contact_chars
        if text <= 0 or contacts <= 0:
            return None
        return Measure(REFERENCE_SIZE, self.start_page, self.start, text, contacts, own_page)

    def first_index(self, trials) -> int | None:
        """The size copyfitting's rules would choose if the estimate were exact."""
        measure = self.measure(trials)
        if measure is None:
            return None
        return choose(trials.request.format, trials.candidates, measure, self.contacts_growth)

    def measure(self, trials):
        """The estimate for a search's leaflet (``trials``: fit's), or None."""
        request = trials.request
        return self.estimate(request.loaded.language.script, metrics(trials.html()), request.format.contacts_on_last_page)


def choose(fmt, candidates: list[float], measure, growth: float) -> int:
    """Copyfitting's rules (``fit``) applied to predicted lengths: the largest size that
    fits the budget; then, for a flowing leaflet or booklet, the largest that saves a
    page (a sheet) if one in the range does."""

    def fits(index: int, budget: int) -> bool:
        ratio = measure.log_ratio(candidates[index], budget, growth)
        return ratio is not None and ratio >= 0

    found = next((i for i in range(len(candidates)) if fits(i, fmt.budget)), len(candidates) - 1)
    if fmt.folded or fmt.pages.exact is not None:
        return found
    pages = pages_at(fmt, candidates[found], measure, growth)
    target = fmt.padded(pages) - fmt.pages.multiple_of
    if target < 1:
        return found
    return next((i for i in range(found + 1, len(candidates)) if fits(i, target)), found)


def pages_at(fmt, size: float, measure, growth: float) -> int:
    """The pages a measure's text is predicted to take at ``size`` (the budget at most)."""
    for budget in range(1, fmt.budget + 1):
        ratio = measure.log_ratio(size, budget, growth)
        if ratio is not None and ratio >= 0:
            return budget
    return fmt.budget


def calibration(project, fmt) -> Calibration | None:
    """The format's calibration from the project's ``layouts/copyfit.yaml``; None when
    there is none (the search then starts where it always did and renders every answer).
    One measured on other layout files than today's (a stylesheet, template, languages.yaml
    or fonts.yaml edited since) gives its first guess only: no prediction is trusted, so
    the sizes are those of a search by renders, whatever changed."""
    found = read(fmt.folder.parent).get(fmt.name)
    if found is not None and found.layouts != layouts_digest(project, fmt.name):
        found = replace(found, margins=())
    return found


def layouts_digest(project, format_name: str) -> str:
    """A digest of what a format's calibration depends on: its layout files (not the
    calibration itself), languages.yaml and fonts/fonts.yaml."""
    files = [p for p in project.layout_files(format_name) if p.name != FILE or p.parent != project.layouts]
    files += [project.layouts / "languages.yaml", project.fonts / "fonts.yaml"]
    key = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            key.append((str(path), None, None))
            continue
        key.append((str(path), stat.st_mtime_ns, stat.st_size))
    return _digest(project.root, tuple(key))


@lru_cache(maxsize=32)
def _digest(root: Path, key: tuple) -> str:
    digest = hashlib.sha256()
    for name, mtime, _ in key:
        digest.update(Path(name).relative_to(root).as_posix().encode() + b"\0")
        if mtime is None:
            digest.update(b"missing\0")
            continue
        try:
            digest.update(hashlib.sha256(Path(name).read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int = 0, size: int = 0) -> dict[str, Calibration]:
    """The calibrations in ``path`` (read again when its time or size changes)."""
    from ..content.yamlsource import read_yaml
    from ..errors import ContentError

    try:
        data = read_yaml(path).data
    except ContentError:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("formats"), dict):
        return {}
    calibrations = {}
    for name, entry in data["formats"].items():
        try:
            calibrations[name] = Calibration.of(entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a damaged entry: that format searches by renders alone
    return calibrations


def read(layouts: Path) -> dict[str, Calibration]:
    """Every format's calibration in a layouts folder."""
    path = layouts / FILE
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(path, stat.st_mtime_ns, stat.st_size)
