"""Left-to-right runs (Latin words with their digits) inside right-to-left text, found in linear time.

A scanner, not a regular expression: the pattern this replaces,
``(?:[0-9][0-9-./]*[\\s-]*)*[A-Za-z]...``, nests quantifiers over the same
characters, so a long run of digits with no letter after it (a phone number or a
year list in an Arabic paragraph) made Python's backtracking engine try every way
of splitting the digits: the build never finished. This finds the same runs
(``tests/test_ltr_runs.py`` compares it with the pattern on short texts) with every
character looked at a bounded number of times.

A run: optional leading numbers (digits, then digits, hyphens, dashes, dots or
slashes, separated by white space or hyphens), a Latin letter, more word
characters, and further words joined by spaces or commas ("5-HTP",
"2116 Casa Linda Drive", "www.x.org"). A run enclosed in parentheses takes them
along. Must not import anything beyond the standard library.
"""
from __future__ import annotations

_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUMBER = _DIGITS | frozenset("-\u2010\u2013./")  # inside a leading number
_GAP = frozenset("-\u2010")  # between leading numbers, besides white space
_WORD = _LETTERS | _DIGITS | frozenset("-\u2010\u2013./+'\u2019@")
_JOIN = frozenset(" ,")


def _is_gap(char: str) -> bool:
    return char in _GAP or char.isspace()


def _run_at(text: str, start: int) -> tuple[int | None, int]:
    """(end of the run starting at ``start`` or None, where scanning may resume if none).

    The resume position is past every start that cannot begin a run for the same
    reason, so a long run of digits is scanned once, not once per digit."""
    n = len(text)
    i = start
    if i < n and text[i] in _DIGITS:
        # Leading numbers: after white space only gaps or a new number may follow.
        after_space = False
        while i < n and text[i] not in _LETTERS:
            char = text[i]
            if char in _DIGITS:
                after_space = False
            elif char.isspace():
                after_space = True
            elif char in _GAP:
                pass
            elif char in _NUMBER:
                if after_space:
                    return None, i + 1  # ". 5" cannot continue a number, nor start one
            else:
                return None, i  # this character may start something else ("(")
            i += 1
    if i >= n or text[i] not in _LETTERS:
        return None, max(i, start + 1)
    i += 1
    while i < n and text[i] in _WORD:
        i += 1
    while True:
        j = i
        while j < n and text[j] in _JOIN:
            j += 1
        if j == i or j >= n or not (text[j] in _LETTERS or text[j] in _DIGITS):
            return i, i
        i = j + 1
        while i < n and text[i] in _WORD:
            i += 1


def ltr_runs(text: str):
    """(start, end) of every left-to-right run, in order, not overlapping."""
    n = len(text)
    i = 0
    while i < n:
        if text[i] == "(":
            end, _ = _run_at(text, i + 1)
            if end is not None and end < n and text[end] == ")":
                yield i, end + 1
                i = end + 1
                continue
            i += 1
            continue
        end, resume = _run_at(text, i)
        if end is not None:
            yield i, end
        i = resume if end is None else end
