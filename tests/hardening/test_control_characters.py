"""Control characters are refused, whether typed raw or written as escapes in quotes."""
import pytest

from .harness import where


def test_raw_control_character(sandbox):
    text = sandbox.minimal().replace("Some text.", "Some\x07text.")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, chr(7))} control character U+0007 is not allowed in text", before=before
    )


@pytest.mark.parametrize("escape, code", [("\\a", "U+0007"), ("\\e", "U+001B"), ("\\x00", "U+0000"), ("\\u0085", "U+0085")])
def test_escaped_control_character(sandbox, escape, code):
    text = sandbox.minimal().replace("text: Some text.", f'text: "Some{escape}text."')
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, chr(34) + 'Some')} sections[0].blocks[0].text: control or unassigned character {code}",
        before=before,
    )


def test_nul_byte(sandbox):
    text = sandbox.minimal().replace("Some text.", "Some\x00text.")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{where(path, text, chr(0))} NUL byte (U+0000) is not allowed in text", before=before)


def test_invisible_character_in_a_key(sandbox):
    """An unknown key is printed in the error: one with a bidi override could disguise the message."""
    text = sandbox.minimal().replace("  title: Sample\n", '  title: Sample\n  "sub\\u202etitle": x\n')
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, chr(34) + 'sub')} meta: a key holds the invisible or control character U+202E",
        before=before,
    )
    assert "\u202e" not in result.stdout + result.stderr
