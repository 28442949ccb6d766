"""A right-to-left override can make a printed number read differently: refused, with its code point."""
import pytest

from .harness import where

RLO = "\u202e"


def test_bidi_override_in_phone_number(sandbox):
    text = sandbox.minimal().replace("301-496-5751", f"301-496-{RLO}1575")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, '301-496-')} contacts.blocks[0].organization.phones[0].number: "
        "character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in a phone number",
        before=before,
    )


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2067", "\u200f"], ids=["RLO", "LRO", "LRI", "RLI", "RLM"])
def test_bidi_control_in_text(sandbox, char):
    text = sandbox.minimal().replace("Some text.", f"Call {char}1575-694-103 today.")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, char)} sections[0].blocks[0].text: bidirectional control character U+{ord(char):04X}",
        "is not allowed in text",
        before=before,
    )
