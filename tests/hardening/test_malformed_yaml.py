"""Broken YAML structure: a syntax error with the line and column where it went wrong."""
from .harness import locate, where


def test_malformed_yaml_is_located(sandbox):
    text = sandbox.fixture("malformed.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    started, _ = locate(text, "- id: first")
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, 'blocks:')} YAML syntax error: expected <block end>",
        f"starts on line {started})",
        before=before,
    )
