"""A long run of digits in right-to-left text builds in bounded time.

The left-to-right runs of an Arabic paragraph were found by a regular expression
with nested quantifiers over digits: 40 digits with no Latin letter after them
made it backtrack for longer than anyone waits. The build must finish (a hard
subprocess timeout, not a timing assertion).
"""
import pytest

from .harness import SMALL


@pytest.mark.parametrize("digits", ["1" * 60, "1 2 3 4 5 6 7 8 9 0 " * 30 + ". ", "2024-01-31." * 40])
def test_arabic_paragraph_with_long_digit_run(sandbox, digits):
    made = sandbox.run("new-language", "sample", "ar", timeout=60)
    assert made.returncode == 0, made.stdout + made.stderr
    translation = sandbox.root / "source" / "sample" / "ar.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(text.replace("Some text.", f'"نص طويل {digits} ؟"'), encoding="utf-8")
    args = [arg if arg != "en" else "ar" for arg in SMALL]
    result = sandbox.run("build", *args, timeout=90)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "Traceback" not in said
    assert (sandbox.output / "sample" / "sample.ar.a4.pdf").is_file()
    sandbox.assert_nothing_leaked()
