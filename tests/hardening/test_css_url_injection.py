"""Text that goes into generated CSS (the footer's page label) cannot break out of its string."""
import pytest
from pypdf import PdfReader

from .harness import assert_printed, where


def test_quote_and_url_in_page_label_stay_text(sandbox):
    text = sandbox.fixture("css-url-injection.yaml")
    sandbox.write(text)
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    # The label is printed as written, with the page numbers filled in.
    assert_printed(
        PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf"),
        f'Page 1 of 1" ) url({sandbox.listener.url}/footer) "; background: url({sandbox.listener.url}/bg); x: \\\', end\\\\',
    )
    sandbox.assert_nothing_leaked()  # the listener saw no request for /footer or /bg


def test_braces_in_page_label_refused(sandbox):
    text = sandbox.fixture("css-braces.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, chr(39) + 'Page')} labels.page: only {{page}} and {{pages}} may appear in braces",
        before=before,
    )


@pytest.mark.parametrize(
    "hostile",
    ['"; } body { background: url(http://x) } /*', "'\\\n\r\f;}{) url(x) </style> <!--", "\\22 \\7d \\", "\u202e\x00end"],
)
def test_css_string_round_trips_as_one_string(hostile):
    """What css_string writes, a CSS parser reads back as exactly one string: the input."""
    import tinycss2

    from foldline.layout.stylesheet import css_string

    tokens = [t for t in tinycss2.parse_component_value_list(css_string(hostile)) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == hostile.replace("\x00", "\ufffd")  # CSS itself maps NUL to U+FFFD
