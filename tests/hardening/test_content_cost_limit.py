"""500 KB of valid text is refused at once, not after minutes of copyfitting renders.

Each value is under the 4000-character cap and the file under 512 KB, so every
earlier limit passed: ``check`` accepted it and ``build`` spent about a minute per
format rendering before it found that the text does not fit (53 s for one A4
output, measured on the development machine). A limit on all text of a file,
derived from what the largest format can print, refuses it while parsing.
"""
import re

import pytest

from foldline.content.yamlsource import MAX_FILE_BYTES, MAX_TEXT_CHARS

PARAGRAPH = ("A sudden, involuntary jerking of a muscle or group of muscles. " * 70)[:3900].strip()


def _long(sandbox, sections):
    body = "".join(
        f"  - id: s{i}\n    title: Section {i}\n    blocks:\n      - text: {PARAGRAPH}\n" for i in range(sections)
    )
    return sandbox.minimal().replace(
        "  - id: first\n    title: First section\n    blocks:\n      - text: Some text.\n", body
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_500_kb_of_valid_text_is_refused_early(sandbox, command):
    text = _long(sandbox, 125)
    assert 450_000 < len(text.encode()) < MAX_FILE_BYTES
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.run(command, timeout=30)  # it used to take minutes; a bound, not a timing
    sandbox.assert_refused(
        result, 1, "characters of text (the limit; no format prints that much)", before=before,
    )
    said = result.stdout + result.stderr
    line = int(re.search(rf"{re.escape(str(path))}:(\d+):\d+: the file holds more than {MAX_TEXT_CHARS}", said)[1])
    # The value that crossed the limit: the paragraph of section MAX_TEXT_CHARS / 3900 or so.
    crossed = text.splitlines()[line - 1]
    assert PARAGRAPH[:40] in crossed, crossed


def test_long_but_printable_text_is_accepted(sandbox):
    """Ten full paragraphs (39 000 characters) stay under the limit: check says nothing about size."""
    sandbox.write(_long(sandbox, 10))
    result = sandbox.run("check", timeout=60)
    assert "characters of text" not in result.stdout + result.stderr
