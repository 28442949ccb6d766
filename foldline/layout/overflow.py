"""What copyfitting says when even the smallest size overflows: the first section that
does not fit and about how much text must go, measured from the rendered page (the
anchors at the end of each section), never guessed."""
from __future__ import annotations

from ..lengths import PX_PER_MM
from .formats import Format
from .render import Rendered


def overflow_message(fmt: Format, rendered: Rendered) -> str:
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
