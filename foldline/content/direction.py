"""Whether a file's letters agree with its language's direction in ``layouts/languages.yaml``.

A language entry added for a new right-to-left script without ``direction: rtl``
sets every page the wrong way round: alignment, columns, a folded sheet's panels, a
booklet's binding. Nothing else notices: the fonts cover the letters and the text
extracts. The letters' Unicode scripts say which way they run (fontTools), so this
needs no list of scripts. Only that way round: a right-to-left language's file often
holds mostly Latin letters for good reasons (a translation just begun, contact
details, addresses and web links), so its letters say nothing about its entry.
Reads the loaded file only; never renders.
"""
from __future__ import annotations

from collections import Counter

from ..errors import Problem, key_path
from .load import LoadedLeaflet


def direction_problems(item: LoadedLeaflet) -> list[Problem]:
    """One problem when most of the file's letters run right to left while its language
    is set left to right."""
    from fontTools import unicodedata as scripts

    language = item.language
    if language.rtl:
        return []
    strings = list(item.source_text.strings())
    runs: Counter = Counter()
    first: dict[str, tuple] = {}
    for parts, value in strings:
        for char in value:
            if not char.isalpha():
                continue
            way = scripts.script_horizontal_direction(scripts.script(char), "LTR").lower()
            runs[way] += 1
            first.setdefault(way, (parts, char))
    other = "rtl"
    if runs[other] * 2 <= sum(runs.values()):
        return []
    parts, char = first[other]
    name = scripts.script_name(scripts.script(char))
    where = "layouts/languages.yaml sets" if language.listed else "it is not in layouts/languages.yaml, so `default` sets"
    return [Problem(
        item.source_text.char_location(parts, char),
        key_path(parts),
        f"{runs[other]} of the {sum(runs.values())} letters of this file run {other} ({name} and the like), "
        f"but {where} {language.tag} {language.direction}: every page would be laid out the wrong way round. "
        f"A maintainer sets `direction: {other}` for {language.tag} in layouts/languages.yaml "
        "(TRANSLATING.md, 'Adding a script')",
        code="direction",
    )]
