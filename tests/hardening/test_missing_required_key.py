"""A required key left out is named, at the mapping that lacks it."""
from .harness import where


def test_missing_required_key(sandbox):
    text = sandbox.fixture("missing-key.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{where(path, text, 'contacts:')} contacts.title: required", before=before)
