"""Web addresses must be https:// or http:// with a real host name; each bad one is named."""
from .harness import where


def test_invalid_urls_each_reported(sandbox):
    text = sandbox.fixture("invalid-url.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        # user@host: the printed host would not be the one the link opens
        f"{where(path, text, 'https://example.org@evil')} meta.url: not a web address; write it as https://example.org/page",
        f"{where(path, text, 'www.example.org')} contacts.blocks[0].organization.website: not a web address",
        before=before,
    )
