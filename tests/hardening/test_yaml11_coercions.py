"""YAML 1.1 coercions never happen: no, yes, on, 0123, 12:30, 0x1F, 1e3, ~ stay the text written."""
from pypdf import PdfReader

from foldline.content.load import load
from foldline.project import Project

from .harness import text_of


def test_scalars_stay_text(sandbox):
    sandbox.write(sandbox.fixture("yaml11-coercions.yaml"))
    project = Project.at(sandbox.root)
    [file] = project.discover()
    leaflet = load(project, file).leaflet
    section = leaflet.sections[0]
    assert leaflet.meta.publication.id == "0123"  # not 83 (octal) or 123
    assert leaflet.meta.publication.date == "2024-01-31"  # not a date object
    assert section.title == "12:30"  # not 750 (sexagesimal)
    assert section.blocks[0].text == "no"  # not False
    items = [(i.name, i.description) for i in section.blocks[1].items]
    assert items == [("yes", "on"), ("0x1F", "1e3"), ("~", "null")]

    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    text = text_of(PdfReader(sandbox.output / "sample" / "sample.en.a4.pdf"))
    for printed in ("0123", "12:30", "yes on", "0x1F 1e3", "~ null"):
        assert printed in text, f"{printed!r} not in {text}"
    sandbox.assert_nothing_leaked()
