"""HTML in content is text: printed literally, never a link, a script or a fetched resource."""
from pypdf import PdfReader

from .harness import assert_printed, has_javascript, link_targets


def test_html_and_script_printed_literally(sandbox):
    sandbox.write(sandbox.fixture("html-in-text.yaml"))
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf")
    assert_printed(
        reader,
        "<h1>Big</h1> Sample",
        "<b>bold</b>",
        "<script>alert(1)</script>",
        f'<a href="{sandbox.listener.url}/a">click here</a>',
        "&amp;",  # escaped once by the template, so printed as typed
        f"<style>body {{ background: url({sandbox.listener.url}/css) }}</style>",
        "<i>Type A</i>",
        "<u>the first</u>",
        f'<iframe src="{sandbox.listener.url}/frame"></iframe>',
    )
    # Links are only the ones the YAML's contact fields make.
    assert set(link_targets(reader)) == {"tel:+13014965751", "https://example.org", "https://example.org/sample"}
    assert not has_javascript(reader)
    sandbox.assert_nothing_leaked()
