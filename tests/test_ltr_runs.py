"""The left-to-right run scanner finds what the regular expression it replaced found."""
import random
import re

import pytest

from foldline.layout.ltr_runs import ltr_runs

# The pattern views.py used before the scanner (exponential on a long run of digits
# with no letter after it); kept here only as the reference on short texts.
_LATIN = (
    r"(?:[0-9][0-9\-\u2010\u2013./]*[\s\-\u2010]*)*[A-Za-z][A-Za-z0-9\-\u2010\u2013./+'’@]*"
    r"(?:[ ,]+[A-Za-z0-9][A-Za-z0-9\-\u2010\u2013./+'’@]*)*"
)
_REFERENCE = re.compile(rf"\({_LATIN}\)|{_LATIN}")
_ALPHABET = "aZ09 ,-\u2010\u2013./+'’@()\u00a0\tنص"


def _reference(text):
    return [m.span() for m in _REFERENCE.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "مرض Creutzfeldt-Jakob (CJD) و 5-HTP",
        "العنوان 2116 Casa Linda Drive, Dallas, TX 75218 هنا",
        "زوروا www.ninds.nih.gov/health أو (NORD).",
        "12 .5abc",
        "1 - 2 -. x",
        "(1 2 3)",
        "(abc",
        "((a))",
    ],
)
def test_examples(text):
    assert list(ltr_runs(text)) == _reference(text)


def test_random_texts_agree_with_the_reference():
    rng = random.Random(17)
    for _ in range(20000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))
        assert list(ltr_runs(text)) == _reference(text), repr(text)
