"""What copyfitting reads of a render: where the text starts and how long it and the
contact section are, in pages (panels) of the format's text height, and how far the
text would be from filling a budget at another size."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..lengths import PX_PER_MM
from .formats import Format


@dataclass(frozen=True)
class Measure:
    """Where a render's text starts and how long it is, in pages (panels) of the format's
    text height: what copyfitting predicts other sizes from. Text runs from the first
    section's start to the last one's end and grows about as the square of the body size
    (lines as long in characters hold fewer words, and each line is taller); the contact
    section grows more slowly (cards, a QR code and short lines; the calibration says how
    fast). Pages before the first section (a cover) do not grow."""

    size: float
    start_page: int
    start: float  # fraction of the start page above the first section
    text: float
    contacts: float
    own_page: bool  # the contacts must fit the last page, the text the pages before it

    @classmethod
    def of(cls, fmt: Format, rendered, sections: list[str], contacts: str) -> Measure | None:
        """None without the anchors to measure."""
        top, _ = fmt.text_margins
        height = fmt.text_height
        where: dict[str, tuple[int, float]] = {}
        for number, page in enumerate(rendered.document.pages, start=1):
            for anchor, (_, y, *_) in page.anchors.items():
                where.setdefault(anchor, (number, (y / PX_PER_MM - top) / height))
        ends = [where[f"end-{s}"] for s in sections if f"end-{s}" in where]
        if not sections or sections[0] not in where or not ends or contacts not in where or "end-of-content" not in where:
            return None
        (start_page, start), (end_page, end) = where[sections[0]], max(ends)
        (contacts_page, contacts_start), (last_page, last) = where[contacts], where["end-of-content"]
        contact_length = (last_page - contacts_page) + last - contacts_start
        if not fmt.contacts_on_last_page:
            # The columns of a last page are not always balanced (a heading kept with its
            # text, a figure), so the section ends are not where the longest column ends.
            # Contacts that follow on the same page start below it; contacts (kept in one
            # piece) moved to the next page did not fit below it.
            if contacts_page == end_page:
                end = max(end, contacts_start)
            elif contacts_page == end_page + 1 and contact_length < 1:
                end = max(end, 1 - contact_length)
        text = (end_page - start_page) + end - start
        if text <= 0 or contact_length <= 0:
            return None
        return cls(rendered.body_size, start_page, start, text, contact_length, fmt.contacts_on_last_page)

    def log_ratio(self, size: float, budget: int, contacts_growth: float = 2.0) -> float | None:
        """How far the text at ``size`` would be from filling ``budget`` pages: the log
        of room over length, above 0 when it fits; None when there is no room at all."""
        scale = size / self.size
        text, contacts = self.text * scale ** 2, self.contacts * scale ** contacts_growth
        room = budget - (self.start_page - 1) - self.start
        if self.own_page:
            if room <= 1:
                return None
            ratio = min((room - 1) / text, 1 / contacts)
        else:
            if room <= 0:
                return None
            ratio = room / (text + contacts)
        return math.log(ratio)
