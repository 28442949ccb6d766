"""Only https: and http: links: javascript:, file:, data: and friends are refused."""
import pytest

from .harness import where


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "'data:text/html,<script>alert(1)</script>'",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
    ],
)
def test_dangerous_scheme_refused(sandbox, url):
    text = sandbox.minimal().replace("website: https://example.org", f"website: {url}")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    scheme = url.strip("'").split(":")[0].lower()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, url)} contacts.blocks[0].organization.website: "
        f"web addresses must start with https:// or http:// (not {scheme}:)",
        before=before,
    )
