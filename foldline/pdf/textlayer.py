"""The text layer of a screen file, read back as a reader gets it and compared with the YAML.

What pdfium extracts (the engine of Chrome's viewer; it honours /ActualText) must
hold every printed text of the content, whole and in the content's order: each
section title, paragraph, list entry, step, subheading, callout title, table cell
and caption, quote and reference. Both sides are compared normalized (NFKC, white
space collapsed, no space before or after the punctuation a language's typography
spaces, e.g. French « ; »); scripts set without spaces between words compare with
no white space at all.

This is the check that fails a Devanagari file whose vowel signs come apart, a
hyphenation break left in a word ("se‐quence") or a drop cap cut from its word
("M yoclonus"), a paragraph dropped or drawn out of order.

Right-to-left text is reported as warnings, not problems: its glyphs are drawn in
visual order and readers reorder them, detaching harakat by position (see
``actualtext``); what a person must look at is named, verify does not pass it as right.
"""
from __future__ import annotations

import re
import unicodedata

import regex
from pathlib import Path

from ..content import inline, models
from ..content.units import units

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_SPACED_PUNCTUATION = re.compile(r"\s*([;:!?»])|([«])\s*")
_UNSPACED_SCRIPTS = frozenset({"han", "hiragana", "katakana", "thai", "lao", "khmer", "myanmar"})


def printed_texts(leaflet: models.Leaflet) -> list[tuple[str, str]]:
    """(what, plain text) of every text of the content a reader must get, in reading order."""
    found: list[tuple[str, str]] = [("title", leaflet.meta.title)]
    for _, unit in units(leaflet):
        if isinstance(unit, models.Section):
            found.append(("section title", unit.title))
        elif isinstance(unit, models.TextBlock):
            found.append(("paragraph", inline.plain(unit.text)))
        elif isinstance(unit, models.TypeItem):
            found += [("list entry", unit.name), ("list entry", inline.plain(unit.description))]
        elif isinstance(unit, models.SubheadingBlock):
            found.append(("subheading", unit.subheading))
        elif isinstance(unit, (models.BulletsBlock, models.StepsBlock, models.ReferencesBlock)):
            for kind in ("bullets", "steps", "references"):
                found += [(kind[:-1] if kind != "steps" else "step", inline.plain(entry)) for entry in getattr(unit, kind, ())]
        elif isinstance(unit, models.CalloutBlock) and unit.callout.title:
            found.append(("callout title", unit.callout.title))
        elif isinstance(unit, models.TableBlock):
            cells = [*unit.table.header, *(cell for row in unit.table.rows for cell in row)]
            found += [("table cell", inline.plain(cell)) for cell in cells]
            if unit.table.caption:
                found.append(("table caption", inline.plain(unit.table.caption)))
        elif isinstance(unit, models.QuoteBlock):
            found.append(("quote", inline.plain(unit.quote.text)))
            if unit.quote.source:
                found.append(("quote source", inline.plain(unit.quote.source)))
        elif isinstance(unit, models.FigureBlock) and unit.figure.caption:
            found.append(("figure caption", inline.plain(unit.figure.caption)))
    return [(what, text) for what, text in found if text and text.strip()]


def extracted_text(path: Path, running: list[str] = ()) -> str:
    """The file's text as pdfium extracts it, page after page, without the ``running``
    texts (a running footer's title and page label; on a page where they are drawn, they
    come between the page's last text and the next page's first)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            for running_text in running:
                text = text.replace(running_text.format(page=len(pages) + 1, pages=len(document)), " ")
            pages.append(text)
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        document.close()


def comparable(text: str, spaced: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\ufffe\s*", "-", text)  # pdfium's line-end hyphen
    text = re.sub(r"\s+", " ", text).strip()
    text = _SPACED_PUNCTUATION.sub(lambda m: m.group(1) or m.group(2), text)
    return text if spaced else text.replace(" ", "")


def check_text_layer(path: Path, leaflet: models.Leaflet, script: str = "latin",
                     direction: str = "ltr") -> tuple[list[str], list[str]]:
    """(problems, warnings): every printed text of ``leaflet`` in the file's text layer,
    whole and in order. Right-to-left languages' findings are warnings."""
    spaced = script not in _UNSPACED_SCRIPTS
    running = [f"{leaflet.meta.title}\r\n{leaflet.labels.page}", leaflet.labels.page]
    if leaflet.labels.draft:
        running.append(leaflet.labels.draft)
    flat = comparable(extracted_text(path, running), spaced)
    findings: list[str] = []
    position = 0
    for what, text in printed_texts(leaflet):
        wanted = comparable(text, spaced)
        at = flat.find(wanted, position)
        if at >= 0:
            position = at + len(wanted)
        elif (earlier := flat.find(wanted)) >= 0:
            findings.append(f"text layer: {what} out of reading order: {_short(text)!r}")
            position = max(position, earlier + len(wanted))
        else:
            findings.append(f"text layer: {what} does not extract as written: {_short(text)!r}")
    if direction == "rtl":
        return [], findings
    return findings, []


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def check_words(path: Path, leaflet: models.Leaflet, script: str = "latin",
                direction: str = "ltr") -> tuple[list[str], list[str]]:
    """(problems, warnings): every word of the file's text layer is a word of its content
    (every text of the model, the source's contacts included). Independent of reading order, so exact: a word cut
    by hyphenation ("se", "quence") or a drop cap ("yoclonus"), or a Devanagari word
    whose vowel sign came apart ("कसी" for "किसी"), is not a word of the content. For
    scripts set without spaces, each run of letters must occur in the content.
    Right-to-left languages' findings are warnings (see the module docstring)."""
    spaced = script not in _UNSPACED_SCRIPTS
    known_text = unicodedata.normalize("NFKC", "\n".join(_strings(leaflet.model_dump(mode="json"))))
    known = set(_WORD.findall(known_text))
    # Runs of an unspaced script may join texts printed one after the other (a list
    # entry's name and description): they are looked for in the printed texts joined up.
    squeezed = re.sub(r"\s+", "", known_text + "".join(text for _, text in printed_texts(leaflet)))
    running = [leaflet.labels.page, leaflet.labels.draft or models.DRAFT_LABEL]
    text = unicodedata.normalize("NFKC", extracted_text(path)).replace("\ufffe", "-")
    known |= set(_WORD.findall(" ".join(running)))
    strange: dict[str, int] = {}
    for word in _WORD.findall(text):
        if word in known or word.isdigit() or (not spaced and word in squeezed):
            continue
        strange[word] = strange.get(word, 0) + 1
    findings = []
    if strange:
        shown = ", ".join(repr(word) for word in list(strange)[:8])
        findings.append(f"text layer: {sum(strange.values())} extracted word(s) are not words of the content: {shown}")
    if direction == "rtl":
        return [], findings
    return findings, []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
