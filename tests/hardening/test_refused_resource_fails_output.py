"""A layout that asks for anything outside layouts/ and fonts/ fails that output: no request made.

Content cannot reach the stylesheets or templates (it is escaped text), so this
is the renderer's last line: even a hostile or mistaken layout cannot make it
fetch a URL or read a file elsewhere, and the refusal fails the output.
"""
import pytest

REFUSED = "refused resource"


@pytest.mark.parametrize(
    "rule, said",
    [
        ("@import url(LISTENER/import.css);", REFUSED),
        ("body { background: url(LISTENER/bg.png) }", REFUSED),
        ('body { background: url("file://SECRET_PATH") }', REFUSED),
        ("body { background: url(file://localhost/etc/passwd) }", REFUSED),
        ("body { background: url(file://server/share/x.png) }", REFUSED),
        ("body { background: url(../../../outside.png) }", REFUSED),
        ("body { background: url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>\") }", REFUSED),
        ("@font-face { font-family: X; src: url(LISTENER/font.ttf) } body { font-family: X }", "Font-face 'X' cannot be loaded"),
    ],
    ids=["import-http", "background-http", "file-secret", "file-localhost", "file-host", "relative-escape", "data", "font-http"],
)
def test_refused_resource_fails_the_output(sandbox, rule, said):
    stylesheet = sandbox.root / "layouts" / "a4" / "format.css"
    rule = sandbox.placeholders(rule)
    # An @import must come first in a stylesheet.
    css = f"{rule}\n{stylesheet.read_text()}" if rule.startswith("@import") else f"{stylesheet.read_text()}\n{rule}\n"
    sandbox.write(css, "layouts/a4/format.css")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 3, "FAILED", "sample en a4 screen:", said, "0 built, 1 failed", before=before)


def test_attachment_in_layout_refused(sandbox):
    """<link rel=attachment> would embed a local file in the PDF."""
    template = sandbox.root / "layouts" / "a4" / "leaflet.html.j2"
    sandbox.write(
        template.read_text()
        + "{% block stylesheets %}{{ super() }}"
        + f'<link rel="attachment" href="file://{sandbox.secret}" title="x">'
        + "{% endblock %}\n",
        "layouts/a4/leaflet.html.j2",
    )
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 3, "FAILED", "refused resource", before=before)
