"""Inline markup as XLIFF inline codes, and do-not-translate spans, through export, a CAT-style fill and import.

The source is the fixture leaflet with markup written into its first paragraph
(emphasis, strong, a link, an author's ``{{...}}`` span, a dose and a phone number),
in a copy of the project; one test takes a leaflet from the project's own source/
instead. Targets are filled the way a CAT tool fills them: the source's inline
elements copied, the words changed. Expected texts come from the source file.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, reviewed, run_cli
from lxml import etree

from foldline.content import inline, protected

X = "urn:oasis:names:tc:xliff:document:2.0"
NS = {"x": X}
SUBSET_XSD = FIXTURES / "xliff" / "xliff-2.1-core-subset.xsd"
PARAGRAPH_END = "are checked against their source."
MARKED = ("are checked *carefully* against **their [source](https://example.org/source)**. "
          "Take {{Keppra}} 500 mg twice a day, or call 800-555-0199.")
DOSE = "500 mg"
ITEM = "            description: is the milder form of the condition.\n"
BROKEN_ITEM = "            description: |-\n              is the milder form\\\n              of the condition.\n"  # a line break


@pytest.fixture
def sample(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    en = (FIXTURES / "translations" / "en.yaml").read_text(encoding="utf-8")
    assert PARAGRAPH_END in en and ITEM in en
    en = en.replace(PARAGRAPH_END, MARKED, 1).replace(ITEM, BROKEN_ITEM, 1)
    (project / "source" / "sample" / "en.yaml").write_text(en, encoding="utf-8")
    return project


def _paragraph(project: Path, leaflet: str = "sample", language: str = "en") -> str:
    return _first_section(project, leaflet, language)["blocks"][0]["text"]


def _item(project: Path, language: str = "en") -> str:
    return _first_section(project, "sample", language)["blocks"][1]["items"][0]["description"]


def _first_section(project: Path, leaflet: str, language: str) -> dict:
    return yaml.safe_load((project / "source" / leaflet / f"{language}.yaml").read_text(encoding="utf-8"))["sections"][0]


def _export(project: Path, name: str, leaflet: str = "sample") -> Path:
    path = project / name
    result = run_cli("export-xliff", "--root", str(project), leaflet, "fr", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def _import(project: Path, path: Path, leaflet: str = "sample"):
    return run_cli("import-xliff", "--root", str(project), leaflet, "fr", str(path))


def _fill(path: Path, change=None) -> etree._ElementTree:
    """A CAT tool's fill: each target a copy of its source (codes and all), the first
    words marked as French; ``change(target)`` then breaks what a test needs broken."""
    tree = etree.parse(str(path))
    for segment in tree.iterfind(".//x:segment", NS):
        old = segment.find("x:target", NS)
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(segment.find("x:source", NS))
        target.tag = f"{{{X}}}target"
        if not target.findall("x:ph[@subType='xlf:var']", NS):  # labels.page: "{page}" and "{pages}" as they are
            target.text = "[fr] " + (target.text or "")
        segment.append(target)
        segment.set("state", "translated")
    if change is not None:
        change(_paragraph_target(tree))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return etree.parse(str(path))  # read again: the lines of the file as written


def _paragraph_target(tree):
    return next(u for u in tree.iterfind(".//x:unit", NS) if u.get("id").endswith(".blocks.0")).find(
        "x:segment/x:target", NS)


def test_markup_is_exported_as_inline_codes_that_validate(sample: Path):
    path = _export(sample, "fr.xlf")
    document = etree.parse(str(path))
    schema = etree.XMLSchema(etree.parse(str(SUBSET_XSD)))
    assert schema.validate(document), schema.error_log
    unit = next(u for u in document.iterfind(".//x:unit", NS) if u.get("id").endswith(".blocks.0"))
    source = unit.find("x:segment/x:source", NS)
    data = {d.get("id"): d.text for d in unit.iterfind("x:originalData/x:data", NS)}
    nodes = list(inline.parse(_paragraph(sample)))
    walked = list(_walk(nodes))
    codes = {pc.get("subType") or pc.get("type"): pc for pc in source.iter(f"{{{X}}}pc")}
    assert set(codes) == {"xlf:i", "xlf:b", "link"}
    link = next(n for n in walked if n.kind == "link")
    assert data[codes["link"].get("dataRefEnd")] == f"]({link.href})"  # the address is a code, not words
    assert "".join(codes["link"].itertext()) == "".join(inline.plain_words(link.children))
    assert codes["link"].getparent() is codes["xlf:b"]  # nesting kept
    kept = {m.text: m.get("type") for m in source.iter(f"{{{X}}}mrk") if m.get("translate") == "no"}
    for span in protected.spans(_paragraph(sample)):
        assert kept[span.text] == ("fl:keep" if span.kind == "marked" else "fl:auto"), span
    assert "{{" not in "".join(source.itertext())  # the author's braces are the <mrk>, not text
    labels = next(u for u in document.iterfind(".//x:unit", NS) if u.get("id") == "labels")
    assert [ph.get("disp") for ph in labels.iter(f"{{{X}}}ph")] == ["{page}", "{pages}"]
    item = next(u for u in document.iterfind(".//x:unit", NS) if u.get("id").endswith(".blocks.1.items.0"))
    assert [ph.get("subType") for ph in item.iter(f"{{{X}}}ph")] == ["xlf:lb"]  # the line break
    for unit in document.iterfind(".//x:unit", NS):  # inline ids are unique within a unit
        ids = [e.get("id") for e in unit.iterfind("x:segment/x:source//*", NS)]
        assert len(ids) == len(set(ids)), unit.get("id")


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def test_round_trip_keeping_the_codes_ends_in_a_strict_check_passing(sample: Path):
    path = _export(sample, "fr.xlf")
    _fill(path)
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "do-not-translate" not in result.stdout
    reviewed(sample)
    check = run_cli("check", "--root", str(sample), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    source, translated = _paragraph(sample), _paragraph(sample, language="fr")
    assert inline.parse(translated) == inline.parse("[fr] " + " ".join(source.split()))  # the same markup, exactly
    assert inline.kept(translated) == inline.kept(source)
    assert [n.kind for n in inline.parse(_item(sample, "fr"))] == [n.kind for n in inline.parse(_item(sample))]
    assert "break" in [n.kind for n in inline.parse(_item(sample, "fr"))]
    # Exported again with its targets, then imported: nothing changes.
    fr = sample / "source" / "sample" / "fr.yaml"
    before = fr.read_text(encoding="utf-8")
    again = _export(sample, "again.xlf")
    assert etree.XMLSchema(etree.parse(str(SUBSET_XSD))).validate(etree.parse(str(again)))
    assert _import(sample, again).returncode == 0
    assert fr.read_text(encoding="utf-8") == before


def test_a_leaflet_of_the_project_round_trips_with_its_markup(project: Path):
    """A leaflet from the project's own source/ (the first with inline markup)."""
    leaflets = sorted(p.parent.name for p in (ROOT / "source").glob("*/en.yaml"))
    chosen = next((name for name in leaflets if re.search(r"\*\*|\]\(", (ROOT / "source" / name / "en.yaml").read_text(
        encoding="utf-8"))), None)
    if chosen is None:
        pytest.skip("no leaflet in source/ has inline markup")
    for other in (project / "source").iterdir():  # just the chosen source: its translations are not under test
        if other.name != chosen:
            shutil.rmtree(other)
    for file in (project / "source" / chosen).glob("*.yaml"):
        if file.name != "en.yaml":
            file.unlink()
    path = _export(project, "fr.xlf", chosen)
    assert etree.XMLSchema(etree.parse(str(SUBSET_XSD))).validate(etree.parse(str(path)))
    assert etree.parse(str(path)).find(".//x:pc", NS) is not None
    _fill(path)
    result = _import(project, path, chosen)
    assert result.returncode == 0, result.stdout + result.stderr
    reviewed(project, chosen)
    check = run_cli("check", "--root", str(project), "--strict", "--leaflet", chosen, "--lang", "fr")
    assert check.returncode == 0, check.stdout + check.stderr


def _drop(target):
    pc = target.find(".//x:pc", NS)
    pc.getparent().replace(pc, etree.Element(f"{{{X}}}mrk", id="cat1"))  # a CAT tool's own marker in its place


def _duplicate(target):
    pc = target.find(".//x:pc", NS)
    pc.addnext(copy.deepcopy(pc))


def _unknown(target):
    target.find(".//x:pc", NS).set("id", "c99")


@pytest.mark.parametrize("change, message", [
    (_drop, r"code (c\d+) \(emphasis\) of the source is missing from the target"),
    (_duplicate, r"code (c\d+) \(emphasis\) appears 2 times in the target"),
    (_unknown, r"code c99 is not one of the source's"),
])  # fmt: skip
def test_a_target_that_breaks_a_code_is_refused_naming_file_line_and_unit(sample: Path, change, message: str):
    path = _export(sample, "fr.xlf")
    tree = _fill(path, change)
    unit = _paragraph_target(tree).getparent().getparent()
    result = _import(sample, path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(rf"fr\.xlf:{unit.sourceline}:1: unit {re.escape(unit.get('id'))}: segment text: {message}",
                     result.stderr), result.stderr
    assert not (sample / "source" / "sample" / "fr.yaml").exists(), "nothing is written"


def test_crossed_start_and_end_codes_are_refused(sample: Path):
    path = _export(sample, "fr.xlf")

    def cross(target):
        em, strong = target.find(".//x:pc[@subType='xlf:i']", NS), target.find(".//x:pc[@subType='xlf:b']", NS)
        ids = em.get("id"), strong.get("id")
        link = strong.find("x:pc", NS)
        for element in list(target):
            target.remove(element)
        target.text = "[fr] "
        for tag, attribute, ident in (("sc", "id", ids[0]), ("sc", "id", ids[1]), ("ec", "startRef", ids[0]),
                                      ("ec", "startRef", ids[1])):
            etree.SubElement(target, f"{{{X}}}{tag}", {attribute: ident}).tail = " mot "
        target.append(link)

    _fill(path, cross)
    result = _import(sample, path)
    assert result.returncode == 1
    assert re.search(r"codes c\d+ and c\d+ overlap", result.stderr), result.stderr
    assert not (sample / "source" / "sample" / "fr.yaml").exists()


def test_start_and_end_codes_in_place_of_a_paired_code_are_read_as_the_same_markup(sample: Path):
    path = _export(sample, "fr.xlf")

    def split(target):  # what some CAT tools write for <pc>: <sc/>…<ec/>
        em = target.find(".//x:pc[@subType='xlf:i']", NS)
        parent, at = em.getparent(), em.getparent().index(em)
        sc, ec = etree.Element(f"{{{X}}}sc", id=em.get("id")), etree.Element(f"{{{X}}}ec", startRef=em.get("id"))
        sc.tail, ec.tail = em.text, em.tail
        parent.remove(em)
        parent.insert(at, sc)
        parent.insert(at + 1, ec)

    _fill(path, split)
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert inline.parse(_paragraph(sample, language="fr")) == inline.parse("[fr] " + " ".join(_paragraph(sample).split()))


def test_a_changed_do_not_translate_span_fires_on_import_and_in_the_check(sample: Path):
    path = _export(sample, "fr.xlf")

    def change_dose(target):
        mrk = next(m for m in target.iter(f"{{{X}}}mrk") if m.text == DOSE)
        mrk.text = DOSE.replace("500", "250")

    tree = _fill(path, change_dose)
    unit = _paragraph_target(tree).getparent().getparent()
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning: the translation is written
    assert re.search(rf"warning: .*fr\.xlf:{unit.sourceline}:1: unit {re.escape(unit.get('id'))} segment text: "
                     rf"do-not-translate text changed: \"{DOSE}\"", result.stdout), result.stdout
    reviewed(sample)
    check = run_cli("check", "--root", str(sample), "--format", "json")
    found = [p for p in json.loads(check.stdout)["problems"] if p["code"] == "do-not-translate"]
    assert [(p["severity"], p["key"], p["file"].endswith("fr.yaml")) for p in found] == [
        ("warning", "sections[0].blocks[0].text", True)]
    assert f'"{DOSE}"' in found[0]["message"]
    strict = run_cli("check", "--root", str(sample), "--strict")
    assert strict.returncode == 1
    assert "do-not-translate text changed" in strict.stdout + strict.stderr


def test_the_authors_span_changed_in_the_yaml_fires_the_check(sample: Path):
    path = _export(sample, "fr.xlf")
    _fill(path)
    assert _import(sample, path).returncode == 0
    fr = reviewed(sample)
    word = inline.kept(_paragraph(sample))[0]
    fr.write_text(fr.read_text(encoding="utf-8").replace("{{" + word + "}}", word[::-1]), encoding="utf-8")
    check = run_cli("check", "--root", str(sample), "--strict")
    assert check.returncode == 1
    assert f'do-not-translate text changed: "{word}"' in check.stdout + check.stderr


def test_po_export_names_the_do_not_translate_spans(sample: Path):
    path = _export(sample, "fr.po")
    text = path.read_text(encoding="utf-8")
    spans = [span.text for span in protected.spans(_paragraph(sample))]
    assert f"#. Do not translate: {'; '.join(spans)}" in text


@pytest.mark.parametrize("text", [
    "plain words",
    "*emphasis* and **strong** and [a link](https://example.org/a)",
    "**bold [link](mailto:a@example.org)** then {{Name}} then 5 mg",
    "a literal \\* star and a \\[bracket\\]",
    "line one\\\nline two",
])  # fmt: skip
def test_markup_written_from_nodes_reads_back_as_the_same_nodes(text: str):
    nodes = inline.parse(text)
    assert inline.parse(inline.markup(nodes)) == nodes


def test_braces_with_spaces_inside_are_text_not_a_span():
    assert inline.kept("Sum {{ 7*7 }} and {{ config }}") == []
    assert inline.plain("Sum {{ 7*7 }}") == "Sum {{ 7*7 }}"
    assert inline.kept("Take {{Keppra}}") == ["Keppra"] and inline.plain("Take {{Keppra}}") == "Take Keppra"


@pytest.mark.parametrize("source, translation, lost", [
    ("Take 2.5 mL twice.", "Prenez 2,5\u202fmL deux fois.", []),  # a decimal comma and a no-break space are fine
    ("Take 2.5 mL twice.", "Prenez 25 mL deux fois.", ["2.5 mL"]),
    ("Call 1-800-555-0199.", "Appelez le 1 800 555 0199.", []),  # a phone number's punctuation may differ
    ("Call 1-800-555-0199.", "Appelez le 1-800-555-0198.", ["1-800-555-0199"]),
    ("See https://example.org/a.", "Voir https://example.org/b.", ["https://example.org/a"]),
    ("Ask for {{Keppra}}.", "Demandez du Keppra.", []),  # the braces need not be kept, the words must
    ("Since 2024-01-15, 10 people.", "Depuis le 15 janvier 2024, 10 personnes.", []),  # a date, a count: words
])  # fmt: skip
def test_do_not_translate_spans_compare_as_documented(source: str, translation: str, lost: list[str]):
    assert [span.text for span in protected.missing(source, translation)] == lost
