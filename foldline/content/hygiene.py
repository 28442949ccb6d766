"""Text hygiene: characters refused inside content text, each reported where it stands.

Control characters, bidirectional overrides and isolates, zero-width and other
invisible format characters can hide or reorder text a reviewer reads, so they
are refused wherever they appear. The joiners ZWNJ and ZWJ are allowed for
languages whose script needs them (``languages.yaml``: ``joiners``); the soft
hyphen is the one invisible character a typesetter needs.
"""
from __future__ import annotations

import functools
import unicodedata

from ..errors import Problem, key_path
from .yamlsource import SourceText

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u180e")
JOINERS = frozenset("\u200c\u200d")


@functools.lru_cache(maxsize=4096)  # distinct characters of the content: a few thousand
def refusal(char: str, joiners: bool) -> str | None:
    """Why ``char`` may not stand in content text, or None when it may."""
    if char in BIDI_CONTROLS:
        return "bidirectional control character"
    if char in ZERO_WIDTH:
        return "zero-width character"
    if char in JOINERS:
        return None if joiners else "zero-width joiner, not used in this language's script"
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn") and char not in "\n\t":
        return "control or unassigned character"
    if category == "Cf" and char != "\u00ad":
        # Invisible format characters (tag characters, invisible operators, ...) can
        # hide text from a reviewer; the soft hyphen is the one a typesetter needs.
        return "invisible format character"
    if char == "\t":
        return "tab character"
    return None


def text_hygiene(text: SourceText, joiners: bool) -> list[Problem]:
    """The first refused character of every text value, at its line and column."""
    problems = []
    for parts, value in text.strings():
        char = first_refused(value, joiners)
        if char is not None:
            name = unicodedata.name(char, "unnamed")
            problems.append(
                Problem(
                    text.char_location(parts, char),
                    key_path(parts),
                    f"{refusal(char, joiners)} U+{ord(char):04X} ({name}) is not allowed in text",
                    code="forbidden-character",
                )
            )
    return problems


def first_refused(value: str, joiners: bool) -> str | None:
    """The first character of ``value`` that ``refusal`` refuses, or None.

    Every refused character is "not printable" to ``str.isprintable`` (categories C and
    Z but the space), so most values are cleared in one C call; the others are judged
    one distinct character at a time, not once per character of the text."""
    if value.isprintable():
        return None
    refused = [char for char in set(value) if refusal(char, joiners)]
    return min(refused, key=value.index) if refused else None
