"""View objects: what templates receive is decided in Python, and escaped."""
from __future__ import annotations

import markupsafe

from foldline.layout.views import Isolated, _initial, bidi_text


def test_latin_runs_in_rtl_text_are_isolated():
    html = markupsafe.escape(bidi_text("جرعات 5-HTP مفيدة (GABA) و NORD", runs=True))
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
    assert bidi_text("5-HTP", runs=None) == "5-HTP" and not hasattr(bidi_text("x", runs=None), "__html__")


def test_drop_cap_takes_opening_punctuation_with_the_letter():
    assert _initial("There are several") == ("T", "here are several")
    assert _initial("“Sleep starts” are") == ("“S", "leep starts” are")
    assert _initial("5-HTP is") == ("", "5-HTP is")


def _card(name: str, lines: int):
    from foldline.layout.views import OrganizationView

    return OrganizationView(name=name, address=["line"] * (lines - 1), phones=[], email=None, email_display=None, website=None, website_display=None)


def test_organization_cards_are_shared_out_in_order_with_the_shortest_tallest_column():
    from foldline.layout.views import BlockView

    def columns(*lines: int, count: int = 2) -> list[list[str]]:
        cards = [_card(chr(ord("a") + i), n) for i, n in enumerate(lines)]
        return [[card.name for card in column] for column in BlockView("organizations", organizations=cards).columns(count)]

    assert columns(6) == [["a"]]  # one card: one column, never an empty one beside it
    assert columns(7, 3) == [["a"], ["b"]]  # a first card taller than the average
    assert columns(3, 3, 3) == [["a", "b"], ["c"]]  # a tie: the first column is the longer
    assert columns(2, 2, 2, 6) == [["a", "b", "c"], ["d"]]
    assert columns(1, 5, 2, 2) == [["a", "b"], ["c", "d"]]
    assert columns(4, 4, 4, count=1) == [["a", "b", "c"]]
    assert columns(2, 2, 2, 2, 2, 2, count=3) == [["a", "b"], ["c", "d"], ["e", "f"]]


def test_consecutive_organizations_are_one_block():
    from conftest import ROOT

    from foldline.content import models
    from foldline.content.languages import language_for
    from foldline.layout.views import section_view
    from foldline.project import Project

    organization = {"organization": {"name": "Org", "address": ["1 Main St"], "phones": [{"number": "301-496-5751"}]}}
    section = models.Section.model_validate(
        {"id": "contacts", "title": "Contacts", "blocks": [{"text": "Call:"}, organization, organization, {"text": "Or:"}, organization]}
    )
    view = section_view(section, language_for(Project.at(ROOT), "en"), drop_cap=False)
    assert [(b.kind, len(b.organizations)) for b in view.blocks] == [("text", 0), ("organizations", 2), ("text", 0), ("organizations", 1)]


def test_the_drop_cap_takes_the_whole_first_grapheme_cluster():
    """A letter with its combining marks, or a Devanagari consonant with its vowel sign,
    stays whole: a lone code point would leave the mark on a dotted circle."""
    assert _initial("E\u0301l dijo") == ("E\u0301", "l dijo")  # decomposed É
    assert _initial("किसी को") == ("कि", "सी को")
    assert _initial("क्षेत्र में") == ("क्षे", "त्र में")  # a conjunct is one cluster
    assert _initial("«Élan»") == ("«É", "lan»")


def test_text_is_composed_on_load():
    from foldline.content.models import TextBlock

    assert TextBlock.model_validate({"text": "E\u0301l"}).text == "\u00c9l"


def test_latin_runs_in_other_scripts_get_a_span_of_their_own():
    from foldline.layout.views import LatinRuns

    html = str(markupsafe.escape(bidi_text("服用 5-HTP 或联系 NORD。", runs="latin")))
    assert isinstance(bidi_text("x", runs="latin"), LatinRuns)
    assert html == '服用 <span class="latin">5-HTP</span> 或联系 <span class="latin">NORD</span>。'
    assert "<script" not in str(markupsafe.escape(LatinRuns("文 <script>x</script>")))
