"""<img src=file:///...>, <link rel=attachment> and <object> in text: printed, never loaded."""
from pypdf import PdfReader

from .harness import assert_printed, images


def test_file_urls_in_text_are_not_loaded(sandbox):
    sandbox.write(sandbox.fixture("img-file-url.yaml"))
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf")
    assert_printed(
        reader,
        f'<img src="file://{sandbox.secret}">',
        f'<link rel="attachment" href="file://{sandbox.secret}">',
        f'<object data="file://{sandbox.secret}"></object>',
        f'<img src="{sandbox.listener.url}/img.png">',
    )
    assert not images(reader), "an image was placed on a page"
    sandbox.assert_nothing_leaked()  # no embedded file, no secret text, no connection
