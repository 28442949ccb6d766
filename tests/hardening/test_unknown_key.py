"""An unknown key is an error (never silently ignored), with a "did you mean"."""
from .harness import where


def test_unknown_key(sandbox):
    text = sandbox.fixture("unknown-key.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, 'websit:')} contacts.blocks[0].organization.websit: unknown key (did you mean 'website'?)",
        before=before,
    )


def test_merge_key_is_just_an_unknown_key(sandbox):
    """YAML 1.1's '<<' merge key has no special meaning here."""
    text = sandbox.minimal().replace("  title: Sample\n", "  title: Sample\n  <<: {subtitle: merged}\n")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{where(path, text, '<<')} meta.<<: unknown key", before=before)
