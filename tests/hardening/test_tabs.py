"""A tab used for indentation gets a plain message, not PyYAML's scanner jargon."""
from .harness import where


def test_tab_indentation(sandbox):
    text = sandbox.fixture("tabs.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, chr(9))} tab character used for indentation; indent with spaces", before=before
    )
