"""A phone number that is not valid for its country is an error at the number itself."""
from .harness import where


def test_invalid_phone(sandbox):
    text = sandbox.fixture("invalid-phone.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, '555-0100')} contacts.blocks[0].organization.phones[0].number: "
        "'555-0100' is not a valid phone number for US",
        before=before,
    )


def test_letters_in_a_phone_number(sandbox):
    text = sandbox.minimal().replace("301-496-5751", "301-496-5751 ext. 2")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, '301-496-5751')} contacts.blocks[0].organization.phones[0].number: "
        "character U+0065 (LATIN SMALL LETTER E) is not allowed in a phone number",
        before=before,
    )
