"""Plain-language measure for authors: a reading grade per section and per leaflet.

Offline and stdlib only. textstat was not used: its 0.7.x releases call
``nltk.download('cmudict')`` at run time for English, which fails offline. Syllables
are counted by the spelling rules of each language (``_SYLLABLES``), not by pyphen's
hyphenation points, which undercount: pyphen's en_US dictionary gives one point-free
"medicine", "about" and "area", and its es dictionary never splits a hiatus ("día",
"aéreo"). The formulas are the published ones, cited at each function.

Only languages with an established formula are graded (``FORMULAS``); for the
others ``grade`` returns None and the caller says so once. The text graded is the
prose a reader reads in the body sections (paragraphs, list descriptions, bullets,
steps, the blocks inside callouts, quotes, figure captions) without inline markup;
headings, names, labels, tables, quote sources, references and the contacts
section are not prose and are left out. A text that does not end with a full stop
(a list entry, a step) counts as one sentence.

Reads models only; never renders, and never decides what is a problem
(``translations.py`` does, against ``meta.reading_grade``).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from . import inline, models
from .units import PLAIN_FIELDS, field_texts, field_value, translatable_fields, units

# Not prose: table captions and cells, references, a quote's attribution.
_NOT_PROSE = frozenset({"table.caption", "table.header", "table.rows", "references", "quote.source"})
# A sentence ends at . ! ? or … followed by closing quotes or brackets, then a space or the end.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s|$)")
_FINAL_END = re.compile(r"[.!?…]+[\"'»”’)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a hyphenated compound is its parts


@dataclass(frozen=True)
class Counts:
    """What every formula here is made of."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)


@dataclass(frozen=True)
class Formula:
    name: str
    syllables: Callable[[str], int]  # one lower-case word's syllables
    score: Callable[[Counts], float]  # the formula's own value
    to_grade: Callable[[float], float] = float  # that value as a US school grade

    def grade(self, counts: Counts) -> float:
        return self.to_grade(self.score(counts))


def flesch_kincaid_grade(counts: Counts) -> float:
    """Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers and Chissom, 1975,
    "Derivation of new readability formulas (Automated Readability Index, Fog Count and
    Flesch Reading Ease Formula) for Navy enlisted personnel", Research Branch Report
    8-75): 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59


def fernandez_huerta(counts: Counts) -> float:
    """Fernández Huerta's reading ease (1959, "Medidas sencillas de lecturabilidad",
    Consigna 214: 29-32), Flesch's reading ease recalibrated for Spanish:
    L = 206.84 - 0.60 P - 1.02 F, P syllables per 100 words and F words per sentence.
    F is often quoted as "sentences per 100 words", which makes shorter sentences
    harder; the paper's F is Flesch's sentence length (Gwillim Law, 2011, "Error in
    the Fernandez Huerta readability formula")."""
    return 206.84 - 0.60 * 100 * counts.syllables / counts.words - 1.02 * counts.words / counts.sentences


# Flesch's table from reading ease to school grade (Flesch, 1949, "The Art of Readable
# Writing"; the scale Fernández Huerta's formula was fitted to): the lowest ease of each
# band and the band's highest grade (60-70 is "8th and 9th grade": 9), so that a target
# errs on the side of the reader.
_EASE_TO_GRADE = ((90, 5), (80, 6), (70, 7), (60, 9), (50, 12), (30, 16), (-math.inf, 18))


def ease_to_grade(ease: float) -> float:
    return float(next(grade for lowest, grade in _EASE_TO_GRADE if ease >= lowest))


def english_syllables(word: str) -> int:
    """An estimate by spelling: vowel groups (y counts as a vowel), less a silent final
    e ("stroke", not "simple"), -es ("takes", not "uses", "watches", "tables") or -ed
    ("bruised", not "needed"), plus one for the vowel pairs read as two ("medial",
    "usual", "potassium"), not the glides of -tion, -sion, -cial, -lion, -gua."""
    groups = len(re.findall(r"[aeiouy]+", word))
    if re.search(r"[^aeiouy]e$", word) and not re.search(r"[^aeiouy]le$", word):
        groups -= 1
    elif re.search(r"[^aeiouytd]ed$|[^aeiouysxzgch]es$", word) and not re.search(r"[^aeiouy]les$", word):
        groups -= 1
    groups += len(re.findall(r"(?<![tcsgx])i[au]|(?<![tcsgxln])io|(?<![qg])u[ao]|iu", word))
    return max(1, groups)


_SPANISH_STRONG = "aeoáéóíú"  # two of these side by side are two syllables (hiatus)


def spanish_syllables(word: str) -> int:
    """Vowel nuclei by the Real Academia's rules (Ortografía, 2010, 4.1.1.1): a vowel
    group is one syllable (a diphthong or triphthong) unless two open vowels, or an
    accented í or ú, meet (a hiatus: "dí-a", "a-é-re-o"); the u of que, qui, gue, gui is
    silent, and a final y closes a diphthong ("hoy")."""
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)
    word = re.sub(r"(?<=[aeiouáéíóú])y(?![aeiouáéíóú])", "i", word)
    count = 0
    for group in re.findall(r"[aeiouáéíóúü]+", word):
        count += 1 + sum(a in _SPANISH_STRONG and b in _SPANISH_STRONG for a, b in zip(group, group[1:], strict=False))
    return max(1, count)


FORMULAS = {
    "en": Formula("Flesch-Kincaid grade", english_syllables, flesch_kincaid_grade),
    "es": Formula("Fernández Huerta", spanish_syllables, fernandez_huerta, ease_to_grade),
}


def formula_for(tag: str) -> Formula | None:
    """The formula for a language tag (by its primary subtag: en-GB is graded as en)."""
    return FORMULAS.get(tag.split("-")[0].lower())


def count(text: str, formula: Formula) -> Counts:
    """Words, sentences and syllables of one plain text (a text without a final
    full stop, such as a list entry, is one sentence)."""
    words = _WORD.findall(text)
    if not words:
        return Counts()
    sentences = len(_SENTENCE_END.findall(text)) + (0 if _FINAL_END.search(text) else 1)
    return Counts(len(words), sentences, sum(formula.syllables(word.lower()) for word in words))


def prose(unit: BaseModel):
    """The prose texts of one unit, without markup."""
    for name in translatable_fields(unit):
        if name in PLAIN_FIELDS or name in _NOT_PROSE:
            continue
        for text in field_texts(field_value(unit, name)):
            if text:
                yield inline.plain(text)


@dataclass(frozen=True)
class SectionGrade:
    index: int  # position in leaflet.sections
    id: str
    counts: Counts
    score: float
    grade: float


@dataclass(frozen=True)
class LeafletGrade:
    formula: Formula
    counts: Counts
    score: float
    grade: float
    sections: tuple[SectionGrade, ...]


def grade(leaflet: models.Leaflet, tag: str) -> LeafletGrade | None:
    """The reading grade of a leaflet's body and of each of its sections with prose;
    None when the language has no formula here."""
    formula = formula_for(tag)
    if formula is None:
        return None
    by_section: dict[int, Counts] = {}
    for path, unit in units(leaflet):
        if path[0] != "sections":
            continue
        for text in prose(unit):
            by_section[path[1]] = by_section.get(path[1], Counts()) + count(text, formula)
    sections = tuple(
        SectionGrade(index, leaflet.sections[index].id, counts, formula.score(counts), formula.grade(counts))
        for index, counts in by_section.items() if counts.words
    )
    total = sum((s.counts for s in sections), Counts())
    if not total.words:
        return LeafletGrade(formula, total, 0.0, 0.0, sections)
    return LeafletGrade(formula, total, formula.score(total), formula.grade(total), sections)


def shown_grade(formula: Formula, score: float, grade_value: float) -> str:
    """A grade as messages show it: Flesch-Kincaid's own value, or a grade read from a
    reading-ease table with the ease it was read from."""
    if formula.to_grade is float:
        return f"{grade_value:.1f} ({formula.name})"
    return f"{grade_value:g} ({formula.name} reading ease {score:.1f})"
