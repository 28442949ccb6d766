"""Copyfitting: the largest body size in the format's range at which a leaflet fits.

Rendering is the measurement: page count against the format's budget. The search
starts where the format's calibration (``estimate``, ``layouts/copyfit.yaml``)
predicts the answer from the text's characters and blocks; without one, at the
largest size (a folded sheet: mid-range). Each render is measured (``Measure``:
where the text starts, how long it and the contact section are) and predicts the
size that would just fill the budget, from the render nearest to filling it; the
search (``search``) checks predictions until a size fits and the next size up does
not, assuming that smaller type never needs more pages; a guess that fits next to a
size filling the whole budget is proved by those two renders alone (the "fewer
pages" budget is then known without finding the largest size that fits). A size the search asks
about need not be rendered when a measured render says, by more than the largest
error the calibration saw that far away, which side of its budget it falls; the
size chosen is always rendered, and if its render contradicts a trusted answer
the search is done again on renders alone. A booklet's render is laid out with
the notes pages its page count is expected to need, so the size chosen needs no
second render to pad it. A rebuild tries the last build's size first: two renders
confirm it. When even the smallest size overflows, the error names the first
section that does not fit and by how much, measured from the rendered page
(anchors at the end of each section), never guessed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import estimate
from .estimate import Calibration
from .formats import Format
from .measure import Measure
from .overflow import overflow_message
from .render import Rendered, RenderRequest, html_of, render

PROJECT = object()  # fit's default calibration: the project's


class DoesNotFit(Exception):
    """Nothing in the format's body size range fits its page budget."""


@dataclass
class Fitted:
    rendered: Rendered
    renders: int


def fit(request: RenderRequest, hint: float | None = None, renderer=render, calibration=PROJECT) -> Fitted:
    """The largest size that fits. ``hint``: a size to try first (the last build's): when
    it fits and the next size up does not, two renders settle it. ``renderer``: what lays
    the request out at one size (``render``; the copyfit calibration replays recorded
    renders through it). ``calibration``: the format's ``estimate.Calibration`` (default:
    the project's ``layouts/copyfit.yaml``), or None to search by renders alone."""
    fmt = request.format
    if calibration is PROJECT:
        calibration = estimate.calibration(request.project, fmt)
    trials = _Trials(request, renderer, calibration)
    found = _search(trials, hint)
    if trials.calibration is not None and not trials.confirmed(found):
        # A certain answer was wrong (a calibration that no longer matches the layout):
        # search again on renders alone; the renders made so far are kept.
        trials.calibration = None
        found = _search(trials, hint)
    return trials.final(found)


def _search(trials: _Trials, hint: float | None) -> int:
    fmt, candidates = trials.format, trials.candidates
    first = candidates.index(hint) if hint in candidates else trials.first_guess()

    def predict(low: int, high: int) -> int | None:
        if hint in candidates and trials.renders == 1 and len(trials.cache) == 1:
            return high - 1 if high < len(candidates) else low + 1  # the hint's neighbour settles it
        return trials.predict(low, high)

    proved = _guess_proved(trials, first)
    if proved is not None:
        return proved
    found = search(trials.fits, len(candidates), first, predict)
    if found is None:
        smallest = trials.rendered(len(candidates) - 1)
        if fmt.fits(trials.text_pages(len(candidates) - 1)):
            raise DoesNotFit(
                f"section {trials.contacts!r} does not fit on the last page at {candidates[-1]:g} pt (the smallest allowed)"
            )
        raise DoesNotFit(overflow_message(fmt, smallest))
    return _fewer_pages(trials, found, hint)


class _Trials:
    """The renders of one copyfitting search, and what they say about sizes not rendered.

    ``fits(index, budget)`` answers from the render at that size when there is one;
    otherwise from the measured render nearest in size, when the calibrated margin
    (``estimate.Calibration``) makes the answer certain: the text measured at one size,
    grown to another, overflows or fits by more than the largest error the calibration
    saw for that distance. Otherwise it renders. The size chosen is always rendered."""

    def __init__(self, request: RenderRequest, renderer, calibration: Calibration | None):
        self.request, self.renderer, self.calibration = request, renderer, calibration
        self.format = fmt = request.format
        self.candidates = fmt.body_size.candidates()
        leaflet = request.loaded.leaflet
        self.contacts, self.sections = leaflet.contacts.id, [s.id for s in leaflet.sections]
        self.renders = 0
        self.cache: dict[int, tuple[Rendered, int]] = {}  # index -> (render, notes pages in it)
        self.measures: dict[int, Measure | None] = {}
        self.documents: dict = {}  # the HTML, templated and parsed once for every size tried
        self.chosen_budget: dict[int, int] = {}  # index -> the smaller budget it was chosen for

    # --- renders ---------------------------------------------------------------------

    def rendered(self, index: int) -> Rendered:
        if index not in self.cache:
            notes = self._notes_guess(index)
            self.renders += 1
            rendered = self.renderer(self.request, self.candidates[index], notes_pages=notes, reuse=self.documents)
            self.cache[index] = (rendered, notes)
            self.measures[index] = Measure.of(self.format, rendered, self.sections, self.contacts)
        return self.cache[index][0]

    def text_pages(self, index: int) -> int:
        """Pages of the render at ``index`` without the notes pages it was padded with."""
        self.rendered(index)
        rendered, notes = self.cache[index]
        return rendered.pages - notes

    def _notes_guess(self, index: int) -> int:
        """Booklets: the notes pages the render at ``index`` will need, laid out with it so
        that the size chosen needs no second render to pad it (checked by ``final``)."""
        fmt = self.format
        if fmt.folded or fmt.pages.multiple_of == 1:
            return 0
        pages = self.predicted_pages(index)
        if pages is None:
            pages = self._likely_pages(index)
        return 0 if pages is None or not fmt.fits(pages) else fmt.padded(pages) - pages

    def _likely_pages(self, index: int) -> int | None:
        """A guess, not a certainty: the pages of the nearest render (neighbouring sizes
        mostly share a page count), or before any render the calibration's estimate."""
        nearest = self._nearest(self.candidates[index])
        if nearest is not None:
            return self.text_pages(nearest)
        measure = self.calibration.measure(self) if self.calibration else None
        if measure is None:
            return None
        return estimate.pages_at(self.format, self.candidates[index], measure, self.calibration.contacts_growth)

    def final(self, index: int) -> Fitted:
        """The render at ``index``, padded with the notes pages it needs (a second render
        only when the guess laid out with it was wrong)."""
        rendered, notes = self.rendered(index), self.cache[index][1]
        pages = rendered.pages - notes
        target = self.format.padded(pages)
        if notes == target - pages:
            return Fitted(rendered, self.renders)
        rendered = self.renderer(self.request, rendered.body_size, notes_pages=target - pages, reuse=self.documents)
        if rendered.pages != target:
            raise DoesNotFit(f"padding to {target} pages gave {rendered.pages}; the notes pages do not fit the page")
        return Fitted(rendered, self.renders + 1)

    @property
    def growth(self) -> float:
        """How fast the contact section grows with the body size: the calibration's, else
        as the text (the square)."""
        return self.calibration.contacts_growth if self.calibration else 2.0

    def html(self) -> str:
        """The request's HTML (templated once for every render of the search)."""
        return html_of(self.request, 0, self.documents)

    # --- answers -----------------------------------------------------------------------

    def fits(self, index: int, budget: int | None = None) -> bool:
        """Whether the size at ``index`` fits the format's budget, or ``budget`` pages."""
        if index not in self.cache:
            known = self.certain(index, budget)
            if known is not None:
                return known
        return self._fits_rendered(index, budget)

    def confirmed(self, index: int) -> bool:
        """Whether the size chosen fits by its own render (the budget it was chosen for
        included: the fewer pages, where it saved one)."""
        budget = self.chosen_budget.get(index)
        return self._fits_rendered(index, budget)

    def _fits_rendered(self, index: int, budget: int | None) -> bool:
        fmt, rendered, pages = self.format, self.rendered(index), self.text_pages(index)
        if fmt.underfull(pages):
            return True  # too short for an exact budget even at this size: padded, not shrunk
        if not fmt.fits(pages) or (budget is not None and pages > budget):
            return False
        # A back cover or back panel holds the whole contact section.
        return not fmt.contacts_on_last_page or _page_of(rendered, self.contacts) == rendered.pages

    def certain(self, index: int, budget: int | None = None) -> bool | None:
        """What the nearest measured render says of the size at ``index``, when the
        calibration's margin makes it certain; None when it does not."""
        if self.calibration is None:
            return None
        size = self.candidates[index]
        nearest = self._nearest(size)
        if nearest is None:
            return None
        measure = self.measures[nearest]
        predicted = measure.log_ratio(size, budget or self.format.budget, self.calibration.contacts_growth)
        if predicted is None:
            return None
        margin = self.calibration.margin(abs(index - nearest))
        if predicted > margin:
            return True
        if predicted < -margin:
            return False
        return None

    def predicted_pages(self, index: int) -> int | None:
        """The pages the text takes at ``index``: rendered, or certain from a measure."""
        if index in self.cache:
            return self.text_pages(index)
        for pages in range(1, self.format.budget + 1):
            known = self.certain(index, pages)
            if known is None:
                return None
            if known:
                return pages
        return None

    def _nearest(self, size: float) -> int | None:
        measured = [i for i, m in self.measures.items() if m is not None and not self.format.underfull(self.text_pages(i))]
        if not measured:
            return None
        return min(measured, key=lambda i: abs(math.log(self.candidates[i] / size)))

    def predict(self, low: int, high: int, budget: int | None = None) -> int | None:
        """The index of the largest size predicted to fit, from the render nearest to
        filling its budget; None without a measured render."""
        budget = budget or self.format.budget
        growth = self.growth
        ratios = [(abs(m.log_ratio(m.size, budget, growth) or math.inf), m) for m in self.measures.values() if m]
        ratios = [(r, m) for r, m in ratios if r != math.inf]
        if not ratios:
            return None
        measure = min(ratios, key=lambda pair: pair[0])[1]
        for index, size in enumerate(self.candidates):
            ratio = measure.log_ratio(size, budget, growth)
            if ratio is not None and ratio >= 0:
                return index
        return len(self.candidates) - 1

    def first_guess(self) -> int:
        """Where a search without a hint starts: the calibration's estimate from the text
        (``estimate``), else the largest size (most leaflets fit a page budget at once) or,
        for a folded sheet, mid-range (its panels are a fixed amount of room that text
        rarely matches at the largest size)."""
        fmt = self.format
        if self.calibration is not None:
            index = self.calibration.first_index(self)
            if index is not None:
                return index
        return (len(self.candidates) - 1) // 2 if fmt.folded else 0


def _saves_pages(fmt: Format) -> bool:
    """Whether the "fewer pages" rule applies: a flowing leaflet or booklet with a
    budget of at most so many pages (not an exact count, not a folded sheet)."""
    return not fmt.folded and fmt.pages.exact is None


def _guess_proved(trials: _Trials, first: int) -> int | None:
    """The answer, when the first guess's render (and at most one more) settles it
    without finding the largest size that fits: a size that fits with the most pages
    (sheets, for booklets) the budget allows tells the page count of every larger size
    that fits (as many: smaller type never needs more, the budget allows no more), so
    "fewer pages" is known to ask for one page (sheet) less. When the guess itself fills
    the budget, the answer is the largest smaller size that saves that page; when the
    next size up is predicted to fill it, its render can prove the guess is that size.
    None when they do not settle it: the search goes on with what they measured."""
    fmt = trials.format
    if not _saves_pages(fmt) or not trials.fits(first):
        return None
    if _fills_budget(fmt, trials.text_pages(first)):
        return _largest_within(trials, first, _one_less(fmt, trials.text_pages(first)), None)
    if first == 0:
        return None
    up, target = first - 1, _most_pages(fmt) - fmt.pages.multiple_of
    measure = trials.measures.get(first)
    predicted = measure.log_ratio(trials.candidates[up], target, trials.growth) if measure else None
    if predicted is None or predicted >= 0 or not trials.fits(up):
        return None  # the next size up is not expected to fill the budget, or does not fit
    pages = trials.predicted_pages(up)
    if pages is None:
        pages = trials.text_pages(up)
    if not _fills_budget(fmt, pages) or not trials.fits(first, _one_less(fmt, pages)):
        return None
    trials.chosen_budget[first] = _one_less(fmt, pages)
    return first


def _most_pages(fmt: Format) -> int:
    """The most pages a flowing leaflet or booklet may have, padded (whole sheets)."""
    return fmt.pages.max // fmt.pages.multiple_of * fmt.pages.multiple_of


def _fills_budget(fmt: Format, pages: int) -> bool:
    """Whether ``pages`` fit and no more pages (sheets) would."""
    return fmt.padded(pages) == _most_pages(fmt)


def _one_less(fmt: Format, pages: int) -> int:
    """The "fewer pages" budget for a render of ``pages``: one page (booklets: sheet) less."""
    return fmt.padded(pages) - fmt.pages.multiple_of


def _fewer_pages(trials: _Trials, found: int, hint) -> int:
    """Prefer fewer pages to larger type: a booklet that would pad its last sheet with
    notes pages, or a flowing leaflet one page longer than a smaller size needs, takes
    the largest size that saves a sheet (booklets) or a page. Tried only where the
    render's own measure says the saving is within the size range, so a leaflet that
    cannot save a page costs no render."""
    fmt, candidates = trials.format, trials.candidates
    if not _saves_pages(fmt) or found == len(candidates) - 1:
        return found
    pages = trials.predicted_pages(found)
    if pages is None:
        pages = trials.text_pages(found)
    better = _largest_within(trials, found, _one_less(fmt, pages), hint)
    return found if better is None else better


def _largest_within(trials: _Trials, found: int, target: int, hint) -> int | None:
    """The largest size smaller than ``found``'s that fits ``target`` pages; None when
    none does, or the measures say none can."""
    candidates = trials.candidates
    if target < 1 or found == len(candidates) - 1:
        return None
    measures = [m for m in trials.measures.values() if m is not None]
    smallest = [m.log_ratio(candidates[-1] * 0.97, target, trials.growth)
                for m in measures]
    if not any(r is not None and r >= 0 for r in smallest):
        return None  # even below the smallest size the text would not save the page

    def fewer(index: int) -> bool:
        return index > found and trials.fits(index, target)

    def predict(low: int, high: int) -> int | None:
        return trials.predict(low, high, target)

    if hint in candidates and candidates.index(hint) > found:
        first = candidates.index(hint)
    else:
        first = predict(found, len(candidates))
        first = len(candidates) - 1 if first is None else first
    # Sizes up to ``found`` keep its page count: the search starts above it.
    better = search(fewer, len(candidates), max(first, found + 1), predict, low=found)
    if better is not None:
        trials.chosen_budget[better] = target
    return better


def search(fits, count: int, first: int, predict=None, low: int = -1) -> int | None:
    """The first index in 0..count-1 that fits, given that past the first fitting index
    every index fits (smaller type never needs more room); None when none fits.

    It tries ``first``, then what ``predict(low, high)`` proposes, kept strictly between the
    largest index known not to fit (``low``, -1 for none) and the smallest known to fit
    (``high``, ``count`` for none). A prediction that is missing, or three predictions that
    did not settle it, give way to bisection, so a bad model costs a few renders more than
    bisecting, never a walk through every size. ``low``: an index already known not to fit.
    """
    high = count
    index, predictions = min(max(first, 0), count - 1), 0
    while True:
        if fits(index):
            high = index
        else:
            low = index
        if high - low <= 1:
            return high if high < count else None
        proposal = predict(low, high) if predict is not None and predictions < 3 else None
        predictions += 1
        if proposal is None:
            proposal = (low + high) // 2
        index = min(max(proposal, low + 1), high - 1)


def _page_of(rendered: Rendered, anchor: str) -> int | None:
    for number, page in enumerate(rendered.document.pages, start=1):
        if anchor in page.anchors:
            return number
    return None
