"""Any WeasyPrint warning (a missing file, CSS it ignores) fails the output; the old PDF stays."""
import pytest


@pytest.mark.parametrize(
    "rule, said",
    [
        ('@import "missing.css";', "missing.css"),
        ("body { colour: red }", "colour"),
        ("p { width: 10 }", "invalid value"),
    ],
    ids=["missing-file", "unknown-property", "invalid-value"],
)
def test_warning_fails_the_output(sandbox, rule, said):
    stylesheet = sandbox.root / "layouts" / "a4" / "format.css"
    sandbox.write(rule + "\n" + stylesheet.read_text(), "layouts/a4/format.css")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 3, "FAILED", "sample en a4 screen:", said, "0 built, 1 failed", before=before)
