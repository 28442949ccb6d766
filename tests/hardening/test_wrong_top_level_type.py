"""The file must be a mapping: a list or a single text at the top is refused."""
import pytest


@pytest.mark.parametrize(
    "fixture, what",
    [("top-level-list.yaml", "a list"), (None, "a single text value")],
    ids=["list", "text"],
)
def test_wrong_top_level_type(sandbox, fixture, what):
    text = sandbox.fixture(fixture) if fixture else "just a sentence\n"
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{path}:1:1: the file must hold a mapping of keys (meta, labels, sections, contacts), not {what}", before=before
    )
