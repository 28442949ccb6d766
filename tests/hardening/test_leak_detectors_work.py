"""The suite's leak detectors are live: with WeasyPrint's defaults they do catch a leak.

Every other case asserts "the listener saw nothing, no PDF embeds a file or holds
the secret". That proves something only if the same checks fire when a leak
happens, so here WeasyPrint runs with its default URL fetcher, which Foldline
replaces: it requests the URL and embeds the local file.
"""
import time

from pypdf import PdfReader

from .harness import embedded_files, text_of


def test_default_weasyprint_leaks_and_the_checks_see_it(sandbox, tmp_path):
    import weasyprint

    html = (
        f'<p>Hello</p><img src="{sandbox.listener.url}/probe.png">'
        f'<link rel="attachment" href="{sandbox.secret.as_uri()}">'
        f'<p>{sandbox.secret_token}</p>'
    )
    pdf = tmp_path / "leaky.pdf"
    weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf(pdf)
    deadline = time.monotonic() + 5
    while not sandbox.listener.hits and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sandbox.listener.hits and "GET /probe.png" in sandbox.listener.hits[0]
    reader = PdfReader(pdf)
    assert embedded_files(reader)
    assert sandbox.secret_token in text_of(reader)
    sandbox.listener.hits.clear()  # this leak was made on purpose
