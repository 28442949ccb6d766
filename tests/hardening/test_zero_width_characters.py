"""Zero-width and other invisible characters are refused; joiners only where the script needs them."""
import pytest

from foldline.content.hygiene import text_hygiene
from foldline.content.languages import language_for
from foldline.content.yamlsource import parse_yaml
from foldline.project import Project

from .harness import where


@pytest.mark.parametrize(
    "char, reason",
    [
        ("\u200b", "zero-width character"),
        ("\u2060", "zero-width character"),
        ("\ufeff", "zero-width character"),
        ("\u200d", "zero-width joiner, not used in this language's script"),
        ("\u200c", "zero-width joiner, not used in this language's script"),
        ("\U000e0041", "invisible format character"),  # a tag character: hidden ASCII
        ("\u2062", "invisible format character"),  # invisible times
    ],
    ids=["ZWSP", "WJ", "ZWNBSP", "ZWJ", "ZWNJ", "TAG-A", "INVISIBLE-TIMES"],
)
def test_invisible_character_refused_in_english(sandbox, char, reason):
    text = sandbox.minimal().replace("Some text.", f"Some{char}text.")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, char)} sections[0].blocks[0].text: {reason} U+{ord(char):04X}",
        "is not allowed in text",
        before=before,
    )


def test_joiners_allowed_where_the_script_uses_them(sandbox):
    """Persian writes ZWNJ inside words (می‌خواهم); the same text in English is refused."""
    project = Project.at(sandbox.root)
    text = parse_yaml(sandbox.root / "fa.yaml", "text: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\n")
    assert text_hygiene(text, language_for(project, "fa").joiners) == []
    [problem] = text_hygiene(text, language_for(project, "en").joiners)
    assert problem.key == "text" and "U+200C" in problem.message


def test_soft_hyphen_allowed(sandbox):
    project = Project.at(sandbox.root)
    text = parse_yaml(sandbox.root / "en.yaml", "text: myo\u00adclonus\n")
    assert text_hygiene(text, language_for(project, "en").joiners) == []
