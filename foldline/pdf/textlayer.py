"""The text layer of a screen file, read back as a reader gets it and compared with the YAML.

What pdfium extracts (the engine of Chrome's viewer; it honours /ActualText) must
consist of words of the content: every letter run of the extracted text is a word of
some text of the leaflet's model (for scripts set without spaces, a run of the
printed texts). The comparison does not depend on the order in which an extractor
strings lines together, so it is exact: it fails a Devanagari file whose vowel signs
came apart ("कसी" for "किसी"), a hyphenation break left in a word ("se", "quence"),
a drop cap cut from its word ("M", "yoclonus").

Right-to-left text is reported as warnings, not problems: its glyphs are drawn in
visual order and readers reorder them, detaching harakat by position (see
``layout.actualtext``); verify names what a person must look at and does not call it right.
Not checked here: that every text is present (``verify._check_content``) and the
order a screen reader follows (the structure tree).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import regex

from ..content import inline, models

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# Scripts whose shaping reorders characters (a vowel sign drawn before its consonant):
# only /ActualText gives their text layer in logical order.
REORDERING_SCRIPTS = frozenset({"devanagari", "bengali", "gurmukhi", "gujarati", "oriya", "tamil", "telugu",
                                "kannada", "malayalam", "sinhala", "khmer", "myanmar"})
_UNSPACED_SCRIPTS = frozenset({"han", "hiragana", "katakana", "thai", "lao", "khmer", "myanmar"})


def extracted_pages(path: Path) -> list[str]:
    """The text of each page as pdfium extracts it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def extracted_text(path: Path) -> str:
    """The file's text as pdfium extracts it, page after page."""
    return "\n".join(extracted_pages(path))


def check_words(path: Path, leaflet: models.Leaflet, script: str = "latin",
                direction: str = "ltr", pages: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(problems, warnings): every word of the file's text layer is a word of its content
    (every text of the model, the source's contacts included). Independent of reading order, so exact: a word cut
    by hyphenation ("se", "quence") or a drop cap ("yoclonus"), or a Devanagari word
    whose vowel sign came apart ("कसी" for "किसी"), is not a word of the content. For
    scripts set without spaces, each run of letters must occur in the content.
    Right-to-left languages' findings are warnings (see the module docstring).
    ``pages``: the file's pages as ``extracted_pages`` gave them, when the caller has them."""
    spaced = script not in _UNSPACED_SCRIPTS
    strings = list(_strings(leaflet.model_dump(mode="json")))
    known_text = unicodedata.normalize("NFKC", "\n".join(strings))
    known = set(_WORD.findall(known_text))
    # Runs of an unspaced script may join texts printed one after the other (a list
    # entry's name and description): they are looked for in the printed texts joined up.
    squeezed = re.sub(r"\s+", "", known_text + unicodedata.normalize("NFKC", "".join(inline.plain(t) for t in strings)))
    running = [leaflet.labels.page, leaflet.labels.draft or models.DRAFT_LABEL]
    text = "\n".join(pages) if pages is not None else extracted_text(path)
    text = unicodedata.normalize("NFKC", text).replace("\ufffe", "-")
    known |= set(_WORD.findall(" ".join(running)))
    # An address or link too long for its line is broken without a hyphen: its pieces
    # are accepted where they join up into a part of one of the content's addresses.
    addresses = "\n".join(models.display_url(u) + "\n" + u for u in _addresses(leaflet))
    words = _WORD.findall(text)
    strange: dict[str, int] = {}
    for number, word in enumerate(words):
        if word in known or word.isdigit() or (not spaced and word in squeezed):
            continue
        joined = [words[number - 1] + word if number else "", word + words[number + 1] if number + 1 < len(words) else ""]
        if any(piece and piece in addresses for piece in joined):
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


def _addresses(leaflet: models.Leaflet) -> list[str]:
    found = [leaflet.meta.url]
    for org in leaflet.organizations:
        found += [address for address in (org.email, org.website) if address]
    return found
