"""Copyfitting: the largest body size in the format's range at which a leaflet fits.

Rendering is the measurement: page count against the format's budget. The
search starts at the largest size (most leaflets fit at once: one render); when
that overflows, it predicts the size from how far the text ran over and walks
from there (``search``), assuming that smaller type never needs more pages. A
rebuild tries the last build's size first: two renders confirm it. When even the smallest size overflows, the error names the first
section that does not fit and by how much, measured from the rendered page
(anchors at the end of each section), never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass

from .content import LoadedLeaflet
from .formats import Format
from .project import Project
from .render import PX_PER_MM, Rendered, render


class DoesNotFit(Exception):
    """Nothing in the format's body size range fits its page budget."""


@dataclass
class Fitted:
    rendered: Rendered
    renders: int


def fit(
    project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, hint: float | None = None, tagged: bool | None = None
) -> Fitted:
    """The largest size that fits. ``hint``: a size to try first (the last build's): when
    it fits and the next size up does not, two renders settle it. ``tagged``: see render."""
    candidates = fmt.body_size.candidates()
    renders = 0
    cache: dict[int, Rendered] = {}

    def attempt(index: int) -> Rendered:
        nonlocal renders
        if index not in cache:
            renders += 1
            cache[index] = render(project, fmt, loaded, variant, candidates[index], tagged=tagged)
        return cache[index]

    contacts = loaded.leaflet.contacts.id

    def fits(rendered: Rendered) -> bool:
        if not fmt.fits(rendered.pages):
            return False
        # A back cover or back panel holds the whole contact section.
        return not fmt.contacts_on_last_page or _page_of(rendered, contacts) == rendered.pages

    if hint in candidates:
        index = candidates.index(hint)
        if fits(attempt(index)) and (index == 0 or not fits(attempt(index - 1))):
            return _padded(project, fmt, loaded, variant, Fitted(attempt(index), renders), tagged)
    if fits(attempt(0)) or _underfull(fmt, attempt(0)):
        return _padded(project, fmt, loaded, variant, Fitted(attempt(0), renders), tagged)
    found = search(lambda index: fits(attempt(index)), len(candidates), _predicted(fmt, attempt(0), candidates))
    if found is None:
        smallest = attempt(len(candidates) - 1)
        if _underfull(fmt, smallest):
            return _padded(project, fmt, loaded, variant, Fitted(smallest, renders), tagged)
        if fmt.fits(smallest.pages):
            raise DoesNotFit(
                f"section {contacts!r} does not fit on the last page at {candidates[-1]:g} pt (the smallest allowed)"
            )
        raise DoesNotFit(_overflow_message(fmt, smallest))
    return _padded(project, fmt, loaded, variant, Fitted(attempt(found), renders), tagged)


def search(fits, count: int, guess: int) -> int | None:
    """The first index in 0..count-1 that fits, given that index 0 does not and that past
    the first fitting index every index fits (smaller type never needs more room);
    None when none fits.

    It walks from the guess towards the answer, a step at a time and then in doubling
    steps while the direction holds; once it has stepped over the answer it bisects. A right guess (or one too
    small) costs two calls, one too large three, a wild one about twice a bisection.
    """
    low, high = 0, count  # low does not fit; high fits (count: none known to)
    index = min(max(guess, 1), count - 1)
    run, direction, bisecting = 0, 0, False
    while high - low > 1:
        if fits(index):
            high, moved = index, -1
        else:
            low, moved = index, +1
        if high - low <= 1:
            break
        bisecting = bisecting or (direction != 0 and moved != direction)
        if bisecting:
            index = (low + high) // 2
            continue
        run = run + 1 if moved == direction else 1
        direction = moved
        step = 1 if run <= 2 else 2 ** (run - 2)  # 1, 1, 2, 4...: near guesses settle in single steps
        index = min(max(index + moved * step, low + 1), high - 1)
    return high if high < count else None


def _padded(project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, fitted: Fitted, tagged=None) -> Fitted:
    """Booklets: notes pages before the back cover make up a multiple of 4 pages."""
    pages = fitted.rendered.pages
    target = fmt.pages.padded(pages) if fmt.layout == "flow" else pages
    if target == pages:
        return fitted
    rendered = render(project, fmt, loaded, variant, fitted.rendered.body_size, notes_pages=target - pages, tagged=tagged)
    if rendered.pages != target:
        raise DoesNotFit(f"padding to {target} pages gave {rendered.pages}; the notes pages do not fit the page")
    return Fitted(rendered, fitted.renders + 1)


def _predicted(fmt: Format, rendered: Rendered, candidates: list[float]) -> int:
    """The index of the candidate size the content should fit at, from an overflowing render.

    Text length grows about as the square of the body size (lines as long in characters
    hold fewer words, and each line is taller), so the size that fills the budget is
    the rendered size times the square root of budget over length. Length is in pages:
    whole pages plus the last page's fill, from the section-end anchors. Only a first
    guess: the search checks it and its neighbour, then bisects if it was wrong.
    """
    pages = rendered.document.pages
    budget = len(fmt.panels) if fmt.layout == "panels" else (fmt.pages.exact or fmt.pages.max)
    height = pages[-1].height or 1
    ends = [y for name, (_, y, *_) in pages[-1].anchors.items() if name.startswith("end-")]
    length = len(pages) - 1 + (max(ends) / height if ends else 1)
    if not budget or length <= budget:
        return 1
    size = rendered.body_size * (budget / length) ** 0.5
    below = [index for index, candidate in enumerate(candidates) if candidate <= size]
    return below[0] if below else len(candidates) - 1


def _page_of(rendered: Rendered, anchor: str) -> int | None:
    for number, page in enumerate(rendered.document.pages, start=1):
        if anchor in page.anchors:
            return number
    return None


def _underfull(fmt: Format, rendered: Rendered) -> bool:
    """An exact budget the content is too short to fill is padded, not an overflow."""
    return fmt.layout == "flow" and fmt.pages.exact is not None and rendered.pages < fmt.pages.exact


def _overflow_message(fmt: Format, rendered: Rendered) -> str:
    if fmt.layout == "panels":
        return _panel_overflow(fmt, rendered)
    budget = fmt.pages.exact or fmt.pages.max
    document = rendered.document
    section_ends = []
    for number, page in enumerate(document.pages, start=1):
        for anchor, (x, y, *_) in page.anchors.items():
            if anchor.startswith("end-"):
                section_ends.append((number, y, anchor[len("end-"):]))
    first_out = next((s for s in section_ends if s[0] > budget), None)
    if first_out is None:
        return f"{rendered.pages} pages at {rendered.body_size} pt, the smallest allowed size; the budget is {fmt.pages.describe()}"
    content_height = (fmt.page.height - fmt.margins.top - fmt.margins.bottom)
    last_y = max((y for n, y, _ in section_ends if n == rendered.pages), default=0) / PX_PER_MM - fmt.margins.top
    # Column length beyond the budget: whole pages past it, plus the last page's fill.
    overflow = (rendered.pages - budget - 1) * content_height * fmt.columns + max(last_y, 0)
    return (
        f"section {first_out[2]!r} does not fit: at {rendered.body_size} pt (the smallest allowed) the text runs to "
        f"{rendered.pages} pages, {fmt.pages.describe()} allowed; about {overflow:.0f} mm of text too much"
    )


def _panel_overflow(fmt: Format, rendered: Rendered) -> str:
    """Name the first section that ends past the last body panel, and by how much."""
    pages = rendered.document.pages
    last_body = len(fmt.panels) - 1  # rendered pages: cover, body panels..., back
    height = fmt.page.height - fmt.panel_margins.top - fmt.panel_margins.bottom
    for number, page in enumerate(pages, start=1):
        for anchor, (_, y, *_) in page.anchors.items():
            if anchor.startswith("end-") and number > last_body:
                section = anchor[len("end-"):]
                over = (number - last_body - 1) * height + (y / PX_PER_MM - fmt.panel_margins.top)
                panel = fmt.body_panels[-1].name
                return (
                    f"section {section!r} does not fit: at {rendered.body_size} pt (the smallest allowed) the text runs "
                    f"past the {panel} panel by about {max(over, 1):.0f} mm ({rendered.pages} panels for {len(fmt.panels)})"
                )
    return f"{rendered.pages} panels at {rendered.body_size} pt, the smallest allowed; the sheet has {len(fmt.panels)}"
