"""Content that is almost right: a file name that is never read, an id the layout uses
itself, old Mac line endings, a page label in another order.

- ``fr.yml`` (or ``fr.YAML``) used to be silently left out: a warning names it;
  ``FR.yaml`` is refused as a language name, naming the file.
- A section id that collides with the layout's own anchors (``end-of-content``,
  ``end-<id>`` after each section) passed ``check`` and failed the build with no
  file:line; it is a content error at the id.
- A CR-only file reported the line of a bad character or byte as line 1.
- ``labels.page`` with ``{pages}`` before ``{page}`` printed the placeholders; it
  prints the numbers in the label's order.
"""
import re

import pytest

from .harness import locate, text_of

NEAR_MISSES = [("fr.yml", "fr.yaml"), ("fr.YAML", "fr.yaml"), ("de.Yml", "de.yaml")]


@pytest.mark.parametrize("name, meant", NEAR_MISSES)
def test_near_miss_file_name_is_a_warning(sandbox, name, meant):
    path = sandbox.root / "source" / "sample" / name
    path.write_text(sandbox.minimal(), encoding="utf-8")
    result = sandbox.run("check", timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert f"warning: {path}:1:1: ignored: content files are named <language>.yaml; rename it to {meant}" in said, said


def test_wrong_case_language_file_is_refused_by_name(sandbox):
    (sandbox.root / "source" / "sample" / "FR.yaml").write_text(sandbox.minimal(), encoding="utf-8")
    result = sandbox.run("check", timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 2, said
    assert "error: source/sample/FR.yaml: language name 'FR' is not allowed" in said, said


@pytest.mark.parametrize(
    "ids",
    [("of-content",), ("end-of-content",), ("first", "end-first"), ("end-x",)],
    ids=["of-content", "end-of-content", "end-of-a-sibling", "end-prefix"],
)
def test_section_id_colliding_with_layout_anchors(sandbox, ids):
    section = "  - id: {id}\n    title: Section {id}\n    blocks:\n      - text: Text of {id}.\n"
    text = sandbox.minimal().replace("  - id: first\n    title: First section\n    blocks:\n      - text: Some text.\n",
                                     "".join(section.format(id=i) for i in ids))
    path = sandbox.write(text)
    before = sandbox.snapshot()
    bad = ids[-1]
    for command in ("check", "build"):
        result = sandbox.run(command, timeout=60)
        index = len(ids) - 1
        line, column = locate(text, f"id: {bad}\n")
        said = f"sections[{index}].id: '{bad}' collides with the layout's own anchors"
        sandbox.assert_refused(result, 1, f"{path}:{line}:{column + 4}: {said}", before=before)


def test_reserved_anchors_are_the_templates_own():
    """The fixed ids in the templates are the ones the content check reserves."""
    from foldline.content.models import END_MARKER, LAYOUT_ANCHORS

    from .harness import ROOT

    ids = set()
    for template in (ROOT / "layouts").rglob("*.j2"):
        ids |= set(re.findall(r'\bid="([^"{]+)"', template.read_text(encoding="utf-8")))
        for pattern in re.findall(r'\bid="([^"]*)\{\{', template.read_text(encoding="utf-8")):
            assert pattern in ("", END_MARKER), f"{template}: an id pattern {pattern!r}<id> the check does not know"
    assert ids == set(LAYOUT_ANCHORS)


@pytest.mark.parametrize("ending", ["\r", "\r\n"], ids=["CR", "CRLF"])
@pytest.mark.parametrize("bad, said", [("\x07", "control character U+0007"), (b"\xff", "invalid UTF-8 byte 0xff")],
                         ids=["control", "bad-byte"])
def test_line_numbers_with_old_line_endings(sandbox, ending, bad, said):
    text = sandbox.minimal().replace("Some text.", "Some XtextX.")
    line, column = locate(text, "XtextX")
    bad = bad if isinstance(bad, bytes) else bad.encode()
    raw = text.replace("\n", ending).encode("utf-8").replace(b"XtextX", b"te" + bad + b"xt")
    path = sandbox.write(raw)
    result = sandbox.run("check", timeout=60)
    sandbox.assert_refused(result, 1, f"{path}:{line}:{column + 2}: {said}")


def test_page_label_with_pages_first(sandbox):
    text = sandbox.minimal().replace("page: Page {page} of {pages}", 'page: "{pages} pages; this is page {page}"')
    sandbox.write(text)
    result = sandbox.build(timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    printed = text_of(sandbox.output / "sample" / "sample.en.a4.pdf")
    assert "1 pages; this is page 1" in printed, printed
    assert "{page" not in printed
