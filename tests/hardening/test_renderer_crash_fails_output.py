"""An exception inside WeasyPrint fails that output with a message; it must not end the build.

WeasyPrint 70 raises a bare AssertionError on some malformed CSS (here a
``calc()`` with a missing operand) and on some layouts (floated first
letters inside columns). Such a crash is one output's failure:
exit 3, a FAILED line, earlier files intact, never a traceback.
"""


def test_renderer_exception_fails_only_that_output(sandbox):
    stylesheet = sandbox.root / "layouts" / "a4" / "format.css"
    sandbox.write(stylesheet.read_text() + "\np { width: calc(1px + ) }\n", "layouts/a4/format.css")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 3, "FAILED", "sample en a4 screen:", "0 built, 1 failed", before=before)
    assert "Traceback" not in result.stderr
