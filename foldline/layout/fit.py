"""Copyfitting: the largest body size in the format's range at which a leaflet fits.

Rendering is the measurement: page count against the format's budget. A page
budget starts at the largest size (most leaflets fit at once: one render); a
folded sheet, whose panels text rarely fills at the largest size, starts
mid-range. Each render then says how far its text fell short of or ran past the
budget, and the size that would just fill it is predicted from the render nearest
to filling it (``_size_that_fills``); the search (``search``) checks predictions
until a size fits and the next size up does not, assuming that smaller type never
needs more pages. A rebuild tries the last build's size first: two renders
confirm it. When even the smallest size overflows, the error names the first
section that does not fit and by how much, measured from the rendered page
(anchors at the end of each section), never guessed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..lengths import PX_PER_MM
from .formats import Format
from .render import Rendered, RenderRequest, render


class DoesNotFit(Exception):
    """Nothing in the format's body size range fits its page budget."""


@dataclass
class Fitted:
    rendered: Rendered
    renders: int


def fit(request: RenderRequest, hint: float | None = None) -> Fitted:
    """The largest size that fits. ``hint``: a size to try first (the last build's): when
    it fits and the next size up does not, two renders settle it."""
    fmt, loaded = request.format, request.loaded
    candidates = fmt.body_size.candidates()
    renders = 0
    cache: dict[int, Rendered] = {}
    documents: dict = {}  # the HTML, templated and parsed once for every size tried

    def attempt(index: int) -> Rendered:
        nonlocal renders
        if index not in cache:
            renders += 1
            cache[index] = render(request, candidates[index], reuse=documents)
        return cache[index]

    attempt.tried = cache.__contains__  # which sizes were rendered (read by _fewer_pages' predictions)

    contacts = loaded.leaflet.contacts.id
    sections = [s.id for s in loaded.leaflet.sections]
    measured: dict[int, tuple[float, float] | None] = {}  # render index -> _size_that_fills

    def fits(index: int) -> bool:
        rendered = attempt(index)
        if fmt.underfull(rendered.pages):
            return True  # too short for an exact budget even at this size: padded, not shrunk
        if not fmt.fits(rendered.pages):
            return False
        # A back cover or back panel holds the whole contact section.
        return not fmt.contacts_on_last_page or _page_of(rendered, contacts) == rendered.pages

    def predict(low: int, high: int) -> int | None:
        if hint in candidates and len(cache) == 1:
            return high - 1 if high < len(candidates) else low + 1  # the hint's neighbour settles it
        for index in cache.keys() - measured.keys():
            measured[index] = _size_that_fills(fmt, cache[index], sections, contacts)
        sizes = [size for size in measured.values() if size is not None]
        if not sizes:
            return None
        size = min(sizes, key=lambda pair: abs(pair[1]))[0]  # from the render nearest its budget
        return next((i for i, c in enumerate(candidates) if c <= size), len(candidates) - 1)

    if hint in candidates:
        first = candidates.index(hint)
    else:
        # Most leaflets fit a page budget at the largest size: one render. A folded sheet's
        # panels are a fixed amount of room that text rarely matches at the largest size:
        # starting mid-range halves the distance to the answer at worst.
        first = (len(candidates) - 1) // 2 if fmt.folded else 0
    found = search(fits, len(candidates), first, predict)
    if found is None:
        smallest = attempt(len(candidates) - 1)
        if fmt.fits(smallest.pages):
            raise DoesNotFit(
                f"section {contacts!r} does not fit on the last page at {candidates[-1]:g} pt (the smallest allowed)"
            )
        raise DoesNotFit(_overflow_message(fmt, smallest))
    found = _fewer_pages(fmt, found, candidates, attempt, fits, sections, contacts, hint)
    return _padded(request, Fitted(attempt(found), renders))


def _fewer_pages(fmt: Format, found: int, candidates: list[float], attempt, fits, sections, contacts, hint) -> int:
    """Prefer fewer pages to larger type: a booklet that would pad its last sheet with
    notes pages, or a flowing leaflet one page longer than a smaller size needs, takes
    the largest size that saves a sheet (booklets) or a page. Tried only where the
    render's own measure says the saving is within the size range, so a leaflet that
    cannot save a page costs no render."""
    if fmt.folded or fmt.pages.exact is not None or found == len(candidates) - 1:
        return found
    rendered = attempt(found)
    target = fmt.padded(rendered.pages) - fmt.pages.multiple_of
    if target < 1:
        return found
    predicted = _size_that_fills(fmt, rendered, sections, contacts, budget=target)
    if predicted is None or predicted[0] < candidates[-1] * 0.97:
        return found

    def fewer(index: int) -> bool:
        return index > found and fits(index) and attempt(index).pages <= target

    def predict(low: int, high: int) -> int | None:
        # The size that just fills the smaller budget, from the render nearest to filling it.
        tried = [i for i in range(found, len(candidates)) if attempt.tried(i)]
        sizes = [m for m in (_size_that_fills(fmt, attempt(i), sections, contacts, budget=target) for i in tried) if m]
        if not sizes:
            return None
        size = min(sizes, key=lambda pair: abs(pair[1]))[0]
        return next((i for i, c in enumerate(candidates) if c <= size), len(candidates) - 1)

    if hint in candidates and candidates.index(hint) > found:
        first = candidates.index(hint)
    else:
        first = next((i for i, c in enumerate(candidates) if c <= predicted[0]), len(candidates) - 1)
    # Sizes up to ``found`` keep its page count: the search starts above it.
    better = search(fewer, len(candidates), max(first, found + 1), predict, low=found)
    return found if better is None else better


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


def _size_that_fills(fmt: Format, rendered: Rendered, sections: list[str], contacts: str,
                     budget: int | None = None) -> tuple[float, float] | None:
    """The body size at which this layout's text would just fill its budget, and how far
    (log ratio) this render was from filling it; None without the anchors to measure.

    Text runs from the first section's start to the last section's end: its length in
    pages grows about as the square of the body size (lines as long in characters hold
    fewer words, and each line is taller), as does the contact section's height. Pages
    before the first section (a cover) do not grow. Where the contacts hold a page or
    panel of their own, they must fit it and the text gets the pages before it; elsewhere
    they follow the text. A first guess only: the search checks it. ``budget``: pages
    to fill (default: the format's)."""
    top, _ = fmt.text_margins
    budget, height = budget or fmt.budget, fmt.text_height
    where: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(rendered.document.pages, start=1):
        for anchor, (_, y, *_) in page.anchors.items():
            where.setdefault(anchor, (number, (y / PX_PER_MM - top) / height))
    ends = [where[f"end-{s}"] for s in sections if f"end-{s}" in where]
    if not sections or sections[0] not in where or not ends or contacts not in where or "end-of-content" not in where:
        return None
    (start_page, start), (end_page, end) = where[sections[0]], max(ends)
    text = (end_page - start_page) + end - start
    (contacts_page, contacts_start), (last_page, last) = where[contacts], where["end-of-content"]
    contact_length = (last_page - contacts_page) + last - contacts_start
    room = budget - (start_page - 1) - start
    if text <= 0 or contact_length <= 0 or room <= 0:
        return None
    if fmt.contacts_on_last_page:
        ratio = min((room - 1) / text, 1 / contact_length) if room > 1 else None
    else:
        ratio = room / (text + contact_length)
    if not ratio or ratio <= 0:
        return None
    return rendered.body_size * math.sqrt(ratio), math.log(ratio)


def _padded(request: RenderRequest, fitted: Fitted) -> Fitted:
    """Booklets: notes pages before the back cover make up a multiple of 4 pages."""
    pages = fitted.rendered.pages
    target = request.format.padded(pages)
    if target == pages:
        return fitted
    rendered = render(request, fitted.rendered.body_size, notes_pages=target - pages)
    if rendered.pages != target:
        raise DoesNotFit(f"padding to {target} pages gave {rendered.pages}; the notes pages do not fit the page")
    return Fitted(rendered, fitted.renders + 1)


def _page_of(rendered: Rendered, anchor: str) -> int | None:
    for number, page in enumerate(rendered.document.pages, start=1):
        if anchor in page.anchors:
            return number
    return None


def _overflow_message(fmt: Format, rendered: Rendered) -> str:
    if fmt.folded:
        return _panel_overflow(fmt, rendered)
    budget = fmt.pages.exact or fmt.pages.max
    document = rendered.document
    section_ends = []
    for number, page in enumerate(document.pages, start=1):
        for anchor, (_x, y, *_) in page.anchors.items():
            if anchor.startswith("end-"):
                section_ends.append((number, y, anchor[len("end-"):]))
    first_out = next((s for s in section_ends if s[0] > budget), None)
    if first_out is None:
        return f"{rendered.pages} pages at {rendered.body_size} pt, the smallest allowed size; the budget is {fmt.pages.describe()}"
    content_height = fmt.text_height
    last_y = max((y for n, y, _ in section_ends if n == rendered.pages), default=0) / PX_PER_MM - fmt.margins.top
    # Column length beyond the budget: whole pages past it, plus the last page's fill.
    overflow = (rendered.pages - budget - 1) * content_height * fmt.columns + max(last_y, 0)
    return (
        f"section {first_out[2]!r} does not fit: at {rendered.body_size} pt (the smallest allowed) the text runs to "
        f"{rendered.pages} pages, {fmt.pages.describe()} allowed; about {overflow:.0f} mm of text too much"
    )


def _panel_overflow(fmt: Format, rendered: Rendered) -> str:
    """Name the first section that ends past the last body panel, and how much text must
    go: from the end of the last body panel to where the body text ends."""
    last_body = len(fmt.panels) - 1  # rendered pages: cover, body panels..., back
    height = fmt.text_height
    ends = []  # (panel number, mm down the panel's text area, section id), in order
    for number, page in enumerate(rendered.document.pages, start=1):
        for anchor, (_, y, *_) in page.anchors.items():
            if anchor.startswith("end-") and anchor != "end-of-content":
                ends.append((number, y / PX_PER_MM - fmt.panel_margins.top, anchor[len("end-"):]))
    past = [end for end in ends if end[0] > last_body]
    if not past:
        return f"{rendered.pages} panels at {rendered.body_size} pt, the smallest allowed; the sheet has {len(fmt.panels)}"
    first = min(past)
    last_page, last_y, _ = max(ends)
    over = (last_page - last_body - 1) * height + max(last_y, 0)
    return (
        f"section {first[2]!r} does not fit: at {rendered.body_size} pt (the smallest allowed) the text runs "
        f"past the {fmt.body_panels[-1].name} panel by about {max(over, 1):.0f} mm of panel height "
        f"({rendered.pages} panels for {len(fmt.panels)}); cut about that much text"
    )
