"""A field over the length cap is refused with its key, before validation walks it."""
from foldline.content.yamlsource import MAX_SCALAR_CHARS

from .harness import where


def test_oversized_text_field(sandbox):
    long = "word " * (MAX_SCALAR_CHARS // 5) + "end"
    text = sandbox.minimal().replace("text: Some text.", f"text: {long}")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, 'word word')} sections[0].blocks[0].text: text is {len(long)} characters; the limit is {MAX_SCALAR_CHARS}",
        before=before,
    )


def test_oversized_short_field(sandbox):
    """Titles have a tighter cap, set by the model."""
    long = "Long " * 100
    text = sandbox.minimal().replace("title: First section", f"title: {long.strip()}")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, 'Long Long')} sections[0].title: String should have at most 300 characters", before=before
    )
