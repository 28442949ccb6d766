"""Text that goes into generated CSS (the footer's page label) cannot break out of its string."""
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


def test_css_string_escapes_everything_that_could_end_it():
    from foldline.render import css_string

    hostile = '"\'\\\n;}{) url(http://x) /* */ </style>'
    quoted = css_string(hostile)
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    for dangerous in ('"', "\\\n", "\n", "{", "}", "<", ">", "*"):
        assert dangerous not in inner.replace("\\", "") or dangerous == "\\\n", dangerous
    assert '"' not in inner and "\n" not in inner and "{" not in inner and "}" not in inner
