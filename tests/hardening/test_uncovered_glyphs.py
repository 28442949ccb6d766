"""Characters no bundled font can print fail the build with their code points (not boxes in the PDF)."""
import pytest

from .harness import where


@pytest.mark.parametrize("char", ["\U0001f600", "\u4e2d", "\u0e01"], ids=["emoji", "CJK", "Thai"])
def test_uncovered_character_fails(sandbox, char):
    text = sandbox.minimal().replace("Some text.", f"Some text {char} here.")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, char)} sections[0].blocks[0].text:", f"U+{ord(char):04X}", before=before
    )
