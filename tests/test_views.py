"""View objects: what templates receive is decided in Python, and escaped."""
from __future__ import annotations

import markupsafe

from foldline.views import Isolated, _initial, bidi_text


def test_latin_runs_in_rtl_text_are_isolated():
    html = markupsafe.escape(bidi_text("جرعات 5-HTP مفيدة (GABA) و NORD", rtl=True))
    assert '<span dir="ltr">5-HTP</span>' in html
    assert '<span dir="ltr">(GABA)</span>' in html
    assert '<span dir="ltr">NORD</span>' in html


def test_wholly_latin_value_is_one_ltr_run():
    html = str(markupsafe.escape(Isolated("National Organization for Rare Disorders (NORD)")))
    assert html == '<span dir="ltr">National Organization for Rare Disorders (NORD)</span>'


def test_isolation_still_escapes_markup():
    html = str(markupsafe.escape(Isolated("نص <script>alert(1)</script>")))
    assert "<script" not in html and html.count("&lt;") == 2


def test_ltr_text_is_left_alone():
    assert bidi_text("5-HTP", rtl=False) == "5-HTP" and not hasattr(bidi_text("x", rtl=False), "__html__")


def test_drop_cap_takes_opening_punctuation_with_the_letter():
    assert _initial("There are several") == ("T", "here are several")
    assert _initial("“Sleep starts” are") == ("“S", "leep starts” are")
    assert _initial("5-HTP is") == ("", "5-HTP is")
