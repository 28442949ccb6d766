"""An empty file (or one of white space only) is an error, not an empty leaflet."""
import pytest


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom-only"])
def test_empty_file(sandbox, content):
    path = sandbox.write(content)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{path}:1:1: file is empty", before=before)


def test_comments_only(sandbox):
    path = sandbox.write("# nothing but a comment\n")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{path}:1:1: the file must hold a mapping of keys", "not nothing", before=before)
