"""The text layer of tagged files: each piece of text carries its logical words as /ActualText.

WeasyPrint maps each glyph to the characters it was shaped from (the font's
ToUnicode) and writes glyphs in visual order. That is right for simple Latin and
CJK text and wrong for much else, whatever the script:

- right-to-left text (Arabic, Hebrew) is drawn in visual order: extracted text is
  reversed and lam-alef ligatures and harakat come apart (WeasyPrint #2841);
- a glyph shaped from reordered or combined characters (Devanagari's i-matra, drawn
  before the consonant it follows; conjuncts) maps to the wrong characters or to
  none: किसी extracts as कसी;
- a line broken by automatic hyphenation ends in the hyphenate character, so a
  copied or spoken word reads "se‐ quence"; a drop cap is a box of its own, so the
  first word reads "M yoclonus".

PDF 32000-1 §14.9.4 gives the remedy: a marked-content sequence with /ActualText
replaces its glyphs' text for extraction, copying and assistive technology. Every
left-to-right text box WeasyPrint draws in a tagged file is wrapped in
``/Span <</ActualText (...)>> BDC ... EMC``, nested in WeasyPrint's own marked
content (its MCID and structure element are untouched), with the box's logical
text; a word cut by a hyphenation break is given whole to its first box and removed
from the next (the next line of its paragraph, wherever that is), and a drop cap
reads as its whole word. (An empty /ActualText is ignored by pdfium, so the word
cannot move to the line instead; the initial is a float, painted before the lines,
so a reader that follows content order rather than the structure tree meets the
opening word first on its page.) Nothing depends on the script, so a script added
later is covered the day its fonts are.

Right-to-left boxes are the exception, left as WeasyPrint draws them (glyphs in
visual order, which every reader reorders): poppler and pdfium treat the characters
of an /ActualText as if they were in visual order too (poppler keeps a string's
order only when every character in it is right-to-left, as in a ligature), so a
logical Arabic line came out reversed (poppler: the whole line; pdfium: the letters
of each word). Measured on the Arabic leaflets: with /ActualText every word reversed; without, the words WeasyPrint
#2841 still spoils are those with harakat, which both readers detach from their
letter by position (the mark is drawn raised and shifted). Repairing those needs
marked content per cluster inside WeasyPrint's glyph loop.

The texts are worked out from the laid-out pages before the file is written
(``actual_texts``) and applied by ``drawn_with_actual_text``, which wraps
WeasyPrint's ``draw_text`` while one document is written. Print files get no
/ActualText: they are imposed into Form XObjects, where pdfium spreads an
/ActualText's characters over the whole form, and nobody reads a print file aloud.
"""
from __future__ import annotations

import contextlib
import re

_WORD_START = re.compile(r"^[^\s]*")


def actual_texts(document) -> dict[int, str]:
    """id(text box) -> the text its marked content should read as, for every text box of
    a laid-out WeasyPrint document, in reading (tree) order."""
    boxes = [found for page in document.pages for found in text_boxes(page._page_box, None)]
    texts = {id(box): box.text for box, _ in boxes}
    # Each box's successor in its own block (a paragraph's next line, perhaps in the next
    # column or page), never a running footer between: where a cut word goes on.
    successor: dict[int, object] = {}
    last_of_block: dict[int, object] = {}
    for box, block in boxes:
        if id(block) in last_of_block:
            successor[id(last_of_block[id(block)])] = box
        last_of_block[id(block)] = box
    for number, (current, _) in enumerate(boxes):
        if _is_drop_cap(current) and number + 1 < len(boxes):
            # The initial is a float of its own: its word is completed from the line it begins.
            following = boxes[number + 1][0]
            if not (current.element.tail or "")[:1].isspace():
                tail = _WORD_START.match(texts[id(following)]).group(0)
                texts[id(current)] += tail
                texts[id(following)] = texts[id(following)][len(tail):] or " "
            continue
        following = successor.get(id(current))
        cut = hyphenation_cut(current)
        if following is None or cut is None:
            continue
        head = texts[id(current)][:len(texts[id(current)]) - cut]
        rest = texts[id(following)]
        tail = _WORD_START.match(rest).group(0)
        texts[id(current)] = head + tail
        # pdfium ignores an empty /ActualText and would read the glyphs: a space instead.
        texts[id(following)] = rest[len(tail):] or " "
    return texts


def hyphenation_cut(box) -> int | None:
    """The length of the hyphenate character ending a box broken inside a word, or None."""
    style = box.style
    hyphen = style["hyphenate_character"]
    if style["hyphens"] != "none" and hyphen and box.text.endswith(hyphen) and len(box.text) > len(hyphen):
        return len(hyphen)
    return None


def _is_drop_cap(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "drop-cap" in (element.get("class") or "").split()


def text_boxes(box, block):
    """(text box, the block box element it is set in) under ``box``, in tree order."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box, block
        return
    if isinstance(box, boxes.BlockContainerBox) and box.element is not None:
        block = box.element
    for child in getattr(box, "children", ()) or ():
        yield from text_boxes(child, block)


@contextlib.contextmanager
def drawn_with_actual_text(texts: dict[int, str]):
    """While the block runs, every left-to-right text box WeasyPrint draws whose id is in
    ``texts`` is drawn inside a /Span marked-content sequence with that /ActualText."""
    import pydyf
    from weasyprint import draw

    original = draw.draw_text

    def draw_text(stream, textbox, *args, **kwargs):
        text = texts.get(id(textbox))
        if text is None or textbox.style["direction"] != "ltr" or textbox.style["visibility"] != "visible":
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
    try:
        yield
    finally:
        draw.draw_text = original
