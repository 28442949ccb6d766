"""export-xliff / import-xliff: XLIFF 2.1 and PO round trips, as an agency's CAT tool or Weblate makes them.

The source is the fixture leaflet (tests/fixtures/translations/en.yaml) in a copy of
the project; targets are filled by a script the way a CAT tool fills them (lxml
for XLIFF, translate-toolkit's PO storage for PO). Expected ids and texts come from
the source file, never from a pasted export.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, reviewed, run_cli
from lxml import etree

XLIFF = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
SUBSET_XSD = FIXTURES / "xliff" / "xliff-2.1-core-subset.xsd"


@pytest.fixture
def sample(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    en = (FIXTURES / "translations" / "en.yaml").read_text(encoding="utf-8")
    # An author's note to translators on the first paragraph.
    paragraph_end = "are checked against their source.\n"
    en = en.replace(paragraph_end, paragraph_end + "        note: Keep it short.\n", 1)
    (project / "source" / "sample" / "en.yaml").write_text(en, encoding="utf-8")
    return project


def _source(project: Path) -> dict:
    return yaml.safe_load((project / "source" / "sample" / "en.yaml").read_text(encoding="utf-8"))


def _translate(text: str) -> str:
    """What the 'translator' writes: the first list item's name is left as it is (a
    name that is the same in French), everything else is marked as French."""
    if "{page}" in text:
        return "Page {page} sur {pages}"
    return text if text == "First type" else f"[fr] {text}"


def _export(project: Path, name: str) -> Path:
    path = project / name
    result = run_cli("export-xliff", "--root", str(project), "sample", "fr", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def _fill_xliff(path: Path) -> None:
    tree = etree.parse(str(path))
    for segment in tree.iterfind(".//x:segment", XLIFF):
        target = segment.find("x:target", XLIFF)
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF['x']}}}target")
        target.text = _translate(_source_text(segment.find("x:source", XLIFF)))
        segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _source_text(source) -> str:
    """A source as a CAT tool that shows placeholders as text would: ``{page}`` where the <ph> is."""
    return (source.text or "") + "".join((ph.get("disp") or "") + (ph.tail or "") for ph in source)


def _import(project: Path, path: Path):
    return run_cli("import-xliff", "--root", str(project), "sample", "fr", str(path))


def test_export_is_valid_xliff_with_stable_ids_notes_and_fingerprints(sample: Path):
    path = _export(sample, "fr.xlf")
    document = etree.parse(str(path))
    schema = etree.XMLSchema(etree.parse(str(SUBSET_XSD)))
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "fr")
    units = {u.get("id"): u for u in root.iterfind(".//x:unit", XLIFF)}
    source = _source(sample)
    for section in source["sections"]:  # ids carry the section's id, not its position
        assert f"section.{section['id']}" in units
        assert f"section.{section['id']}.blocks.0" in units
    paragraph = units[f"section.{source['sections'][0]['id']}.blocks.0"]
    text = " ".join(source["sections"][0]["blocks"][0]["text"].split())
    assert paragraph.findtext("x:segment/x:source", namespaces=XLIFF) == text
    assert paragraph.find("x:segment/x:target", XLIFF) is None, "nothing is translated yet"
    assert len(paragraph.get("{urn:foldline:xliff}src")) == 8
    notes = [n.text for n in units["meta"].iterfind("x:notes/x:note", XLIFF)]
    assert any("One sentence" in n for n in notes), notes  # the schema's description of summary
    assert any("characters" in n for n in notes), notes  # a length hint for the short title
    assert "Author's note: Keep it short." in [n.text for n in paragraph.iterfind("x:notes/x:note", XLIFF)]


def test_the_subset_schema_rejects_what_xliff_2_forbids(sample: Path):
    """The schema the export is validated against is not vacuous."""
    path = _export(sample, "fr.xlf")
    schema = etree.XMLSchema(etree.parse(str(SUBSET_XSD)))
    document = etree.parse(str(path))
    segment = document.find(".//x:segment", XLIFF)
    segment.set("state", "done")  # not one of initial, translated, reviewed, final
    assert not schema.validate(document)
    document = etree.parse(str(path))
    unit = document.find(".//x:unit", XLIFF)
    unit.set("id", "a/b")  # not an NMTOKEN
    assert not schema.validate(document)


def test_xliff_round_trip_ends_in_a_strict_check_passing(sample: Path):
    path = _export(sample, "fr.xlf")
    _fill_xliff(path)
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 written but stale" in result.stdout
    fr = reviewed(sample)
    text = fr.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "same: true" in text  # the name the translator kept as it is
    check = run_cli("check", "--root", str(sample), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    data = yaml.safe_load(text)
    source = _source(sample)
    assert data["sections"][0]["title"] == _translate(source["sections"][0]["title"])
    paragraph = " ".join(source["sections"][0]["blocks"][0]["text"].split())
    assert data["sections"][0]["blocks"][0]["text"] == _translate(paragraph)
    assert data["meta"]["keywords"] == [_translate(k) for k in source["meta"]["keywords"]]

    # A second round keeps the translator's comments and changes nothing else.
    fr.write_text(text.replace("sections:\n", "# a comment the translator wrote\nsections:\n", 1), encoding="utf-8")
    before = fr.read_text(encoding="utf-8")
    again = _export(sample, "again.xlf")
    assert _import(sample, again).returncode == 0
    assert fr.read_text(encoding="utf-8") == before


def test_po_round_trip_through_translate_toolkit(sample: Path):
    po = pytest.importorskip("translate.storage.po")
    path = _export(sample, "fr.po")
    store = po.pofile.parsefile(str(path))
    for unit in store.units:
        if not unit.isheader():
            unit.target = _translate(unit.source)
            unit.markfuzzy(False)
    store.savefile(str(path))
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr
    reviewed(sample)
    check = run_cli("check", "--root", str(sample), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_import_after_the_source_changed_leaves_those_units_stale(sample: Path):
    path = _export(sample, "fr.xlf")
    _fill_xliff(path)
    en = sample / "source" / "sample" / "en.yaml"
    title = _source(sample)["sections"][0]["title"]
    en.write_text(en.read_text(encoding="utf-8").replace(title, title.replace("?", ", exactly?")), encoding="utf-8")
    result = _import(sample, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 written but stale" in result.stdout
    assert f"stale: section.{_source(sample)['sections'][0]['id']}:" in result.stdout
    check = run_cli("check", "--root", str(sample), "--format", "json")
    stale = [p["key"] for p in json.loads(check.stdout)["problems"] if p["code"] == "stale"]
    assert stale == ["sections[0]"]


@pytest.mark.parametrize("content, message", [
    (b"<not xml", "not well-formed XML"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'/>", "not an XLIFF 2 file"),
])  # fmt: skip
def test_a_broken_exchange_file_is_refused_without_a_traceback(sample: Path, content: bytes, message: str):
    path = sample / "broken.xlf"
    path.write_bytes(content)
    result = _import(sample, path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (sample / "source" / "sample" / "fr.yaml").exists()


def test_an_exchange_file_for_another_language_is_refused(sample: Path):
    path = _export(sample, "fr.xlf")
    result = run_cli("import-xliff", "--root", str(sample), "sample", "de", str(path))
    assert result.returncode == 2
    assert "trgLang 'fr'" in result.stderr


def test_an_xliff_file_cannot_pull_in_local_files_through_entities(sample: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-19", encoding="utf-8")
    path = _export(sample, "fr.xlf")
    _fill_xliff(path)
    doctype = f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
    data = path.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='UTF-8'?>", doctype)
    path.write_text(data.replace("[fr] ", "&s; ", 1), encoding="utf-8")
    result = _import(sample, path)
    assert "Traceback" not in result.stderr
    fr = sample / "source" / "sample" / "fr.yaml"
    assert not fr.exists() or "SECRET-TOKEN-19" not in fr.read_text(encoding="utf-8")


def test_an_unchanged_round_trip_of_every_translation_in_the_project_changes_nothing(project: Path, tmp_path: Path):
    """Export and import each translation of the project as it is (whatever leaflets and
    languages there are): the file stays byte for byte. Translations leave contact details
    out (the source's are used); the import's check must read them the same way."""
    from foldline.project import Project

    checked = 0
    for item in Project.at(project).discover():
        path = project / "source" / item.leaflet / f"{item.language}.yaml"
        if "translation:" not in path.read_text(encoding="utf-8"):
            continue  # a source file
        before = path.read_bytes()
        exchange = tmp_path / f"{item.leaflet}.{item.language}.xlf"
        exported = run_cli("export-xliff", "--root", str(project), item.leaflet, item.language, str(exchange))
        assert exported.returncode == 0, exported.stdout + exported.stderr
        imported = run_cli("import-xliff", "--root", str(project), item.leaflet, item.language, str(exchange))
        assert imported.returncode == 0, f"{item.leaflet} {item.language}: " + imported.stdout + imported.stderr
        assert path.read_bytes() == before
        checked += 1
    assert checked
