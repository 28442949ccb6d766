"""A leading UTF-8 byte order mark is tolerated: the file loads and builds as without it."""
from pypdf import PdfReader

from .harness import text_of


def test_utf8_bom_builds(sandbox):
    before = sandbox.snapshot()
    sandbox.write(b"\xef\xbb\xbf" + sandbox.minimal().encode("utf-8"))
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 built, 0 failed" in result.stdout
    # Same content, same PDF bytes: the BOM changed nothing (and output is reproducible).
    # The manifest differs, rightly: it records the content file's own digest.
    pdfs = lambda snapshot: {k: v for k, v in snapshot.items() if k.endswith(".pdf")}  # noqa: E731
    assert pdfs(sandbox.snapshot()) == pdfs(before)
    assert "Sample" in text_of(PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf"))
    sandbox.assert_nothing_leaked()
