"""Jinja2 syntax in content is printed as written: content is never a template."""
from pypdf import PdfReader

from .harness import assert_printed, text_of


def test_template_syntax_printed_literally(sandbox):
    sandbox.write(sandbox.fixture("template-syntax.yaml"))
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf")
    assert_printed(
        reader, "{{ meta.title }} heading", "Sum {{ 7*7 }}, {% if true %}yes{% endif %}, {# hidden #}, ${7+7}, {{ config }}."
    )
    # (One asterisk only: a pair is emphasis, docs/content-schema.md "Inline markup".)
    assert "Sum 49" not in text_of(reader) and "Sum49" not in text_of(reader) and "14" not in text_of(reader)
    sandbox.assert_nothing_leaked()
