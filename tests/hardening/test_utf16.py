"""UTF-16 and UTF-32 files are refused with a message saying so, with or without a BOM."""
import pytest


@pytest.mark.parametrize(
    "encoding, message",
    [
        ("utf-16", "1:1: file is UTF-16 or UTF-32; save it as UTF-8"),
        ("utf-32", "1:1: file is UTF-16 or UTF-32; save it as UTF-8"),
        ("utf-16-le", "1:2: file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8"),
        ("utf-16-be", "1:1: file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8"),
    ],
)
def test_utf16_refused(sandbox, encoding, message):
    path = sandbox.write(sandbox.minimal().encode(encoding))
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{path}:{message}", before=before)
