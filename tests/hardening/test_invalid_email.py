"""Emails are validated; characters that would add headers to a mailto: link are refused."""
import pytest

from .harness import where


def test_invalid_email(sandbox):
    text = sandbox.fixture("invalid-email.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, 'info(at)')} contacts.blocks[0].organization.email: not an email address: An email address must have an @-sign.",
        before=before,
    )


@pytest.mark.parametrize(
    "email, message",
    [
        ("help@example.org?cc=all@example.com", "not an email address: '?', '#', '%', '&', '/' and spaces are not allowed"),
        ("help%40example.org@example.com", "not an email address: '?', '#', '%', '&', '/' and spaces are not allowed"),
        ("mailto:help@example.org", "write the address alone, without 'mailto:'"),
    ],
    ids=["query", "percent", "mailto"],
)
def test_email_that_would_change_the_link(sandbox, email, message):
    text = sandbox.minimal().replace("        website:", f"        email: {email}\n        website:")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, email)} contacts.blocks[0].organization.email: {message}", before=before
    )
