"""What a finished PDF holds, read with pypdf: its text, fonts and link targets.

Independent of how the PDF was made: the checks (``verify.py``) and the tests
read PDFs through these functions only, never through the renderer's internals.
``normalize`` and ``squeeze`` make extracted and expected text comparable.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import regex
from pypdf import PdfReader

# Runs of letters, or of digits: a number joined to a word ("ל-911") extracts beside it
# in either order, and its hyphen anywhere.
_TOKEN = regex.compile(r"\p{L}+|\p{N}+")
_MARK = regex.compile(r"\p{M}")


def normalize(text: str) -> str:
    """Extracted or expected text, made comparable: hyphenation and spacing removed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00ad", "").replace("\ufffe", "-")  # pdfium's line-end hyphen
    text = re.sub(r"[\u2010\u2011]\s*\n\s*", "", text)  # automatic hyphenation break
    text = re.sub(r"-\n", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def squeeze(text: str) -> str:
    """Without any white space: for scripts set without spaces, and justified runs."""
    return re.sub(r"\s+", "", normalize(text))


def tokens(text: str) -> list[str]:
    """Letter and digit runs of a text, without punctuation and combining marks: what of a
    right-to-left line survives every extractor's reordering."""
    return _TOKEN.findall(_MARK.sub("", unicodedata.normalize("NFKC", text)))


def has_unordered(wanted: str, found: list[str], slack: int = 2) -> bool:
    """Whether the tokens of ``wanted`` all occur within a stretch of ``found`` (tokens)
    at most ``slack`` longer, in any order. For right-to-left text: its glyphs are drawn
    in visual order and extractors rebuild the logical order each in their own way;
    neutrals (punctuation), numbers and Latin runs inside it come out moved, and a line
    may come out reversed, while its words stay together."""
    want = Counter(tokens(wanted))
    size = sum(want.values())
    if not size:
        return True
    width = size + slack
    window = Counter(found[:width])
    for start in range(max(1, len(found) - width + 1)):
        if start:
            window[found[start - 1]] -= 1
            if start + width - 1 < len(found):
                window[found[start + width - 1]] += 1
        if not want - window:
            return True
    return False


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font used on any page."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in _fonts_in(resources):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[name] = fonts.get(name, True) and embedded
    return sorted(fonts.items())


def _fonts_in(resources, depth: int = 0):
    """Fonts of a resource dictionary and of the form XObjects it uses (imposed pages)."""
    resources = resources.get_object() if hasattr(resources, "get_object") else resources
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    if depth < 4:
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from _fonts_in(xobject["/Resources"], depth + 1)


def link_targets(reader: PdfReader) -> list[str]:
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                targets.append(str(action.get_object()["/URI"]))
    return targets
