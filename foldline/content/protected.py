"""Do-not-translate spans: what a translation keeps exactly as the source has it.

Two kinds: spans the author marks in the text (``{{Keppra}}``, see ``inline.py``), and
spans found automatically in the words: web addresses, email addresses, phone
numbers, and numbers with a unit of measure or dose (``5 mg``, ``2.5 mL``, ``120 mmHg``).
``spans`` lists them (export marks them, PO names them in a comment); ``missing``
says which of a source text's spans a translation lost or changed. Compared as
typed, except that white space (a no-break space before a unit), a decimal comma for
a decimal point in a dose, and the punctuation of a phone number may differ.
Pure functions of strings; never reads files.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import inline

UNITS = (r"mg/dL|mg/dl|mmol/L|mmol/l|mmHg|mcg|µg|μg|mg|kg|g|mL|ml|L|IU|%|°C|°F|cm|mm|kcal")
_FOUND = re.compile(
    r"(?P<url>\bhttps?://[^\s<>]+[^\s<>.,;:!?)'\"»]|\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>]*[^\s<>.,;:!?)'\"»])?)"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"
    r"|(?P<dose>(?<![\w.,])\d+(?:[.,]\d+)?(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?[\s\u00a0\u202f]?(?:" + UNITS + r")(?![\w/]))"
    r"|(?P<date>(?<!\d)\d{4}-\d{2}-\d{2}(?!\d))"  # an ISO date: not a phone number
    r"|(?P<phone>(?<![\w+])\+?\(?\d[\d\s\u00a0().-]{5,}\d(?![\w]))"
)


@dataclass(frozen=True)
class Span:
    kind: str  # "marked" (by the author), "url", "email", "phone", "dose"
    text: str

    def key(self) -> str:
        """What must stay the same: the text, give or take what ``missing`` allows."""
        if self.kind == "phone":
            return re.sub(r"[^\d+]", "", self.text)
        text = re.sub(r"\s+", "", self.text)
        return text.replace(",", ".") if self.kind == "dose" else text


def found(words: str) -> list[Span]:
    """The automatic spans of plain words, in order."""
    spans = []
    for match in _FOUND.finditer(words):
        kind = match.lastgroup
        if kind == "date":
            continue
        if kind == "phone" and len(re.sub(r"\D", "", match.group())) < 7:
            continue  # a year, a range, a short service number: words, not a phone number
        spans.append(Span(kind, match.group()))
    return spans


def spans(text: str, marked: bool = True) -> list[Span]:
    """Every do-not-translate span of a text: the author's ``{{...}}`` (when the field has
    markup) and those found in its words."""
    if not marked:
        return found(text)
    return [*(Span("marked", words) for words in inline.kept(text)), *found(inline.plain(text))]


def missing(source: str, translation: str, marked: bool = True) -> list[Span]:
    """The source's spans the translation does not have as they are."""
    wanted = spans(source, marked)
    if not wanted:
        return []
    words = inline.plain(translation) if marked else translation
    have = Counter(span.key() for span in found(words))
    flat = re.sub(r"\s+", "", words)
    lost = []
    for span in wanted:
        if have[span.key()] > 0:
            have[span.key()] -= 1
        elif span.kind in ("marked", "url", "email") and re.sub(r"\s+", "", span.text) in flat:
            continue  # found inside longer words (an address in a sentence the regex reads differently)
        else:
            lost.append(span)
    return lost
