"""Copyfitting: the largest body size in the format's range at which a leaflet fits.

Rendering is the measurement: page count against the format's budget. The
search starts at the largest size (most leaflets fit at once: one render) and
otherwise bisects the candidate sizes, assuming that smaller type never needs
more pages. When even the smallest size overflows, the error names the first
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
    # Invariant: candidates[low] does not fit; candidates[high] does, or is the smallest
    # size and not yet tried (tried last, only when nothing larger fits).
    last = len(candidates) - 1
    low, high = 0, last
    while high - low > 1:
        middle = (low + high) // 2
        if fits(attempt(middle)):
            high = middle
        else:
            low = middle
    if high == last and not fits(attempt(last)) and not _underfull(fmt, attempt(last)):
        if fmt.fits(attempt(last).pages):
            raise DoesNotFit(
                f"section {contacts!r} does not fit on the last page at {candidates[last]:g} pt (the smallest allowed)"
            )
        raise DoesNotFit(_overflow_message(fmt, attempt(last)))
    return _padded(project, fmt, loaded, variant, Fitted(attempt(high), renders), tagged)


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
