"""Screen files as assistive technology reads them: tagged PDF/UA-1 in every format, a
folded format's screen file its panels one per page in reading order; each structure
check of ``verify`` shown firing on a copy broken with pypdf in tmp_path.

The first leaflet with a right-to-left translation, in its source language, in a right-to-left
language and (when it has one) in a left-to-right language of another script, built once
for the module in one flowing and one folded format.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.tags import heading_texts
from foldline.pdf.verify import verify_pdf
from foldline.project import Project, Variant

PROJECT = Project.at(ROOT)
FORMATS = {name: load_format(PROJECT, name) for name in PROJECT.format_names()}
FLOWING = next(name for name, fmt in FORMATS.items() if not (fmt.folded or fmt.booklet))
FOLDED = next(name for name, fmt in FORMATS.items() if fmt.folded)
# The first leaflet with a right-to-left translation.
LEAFLET, RTL = next(((f.leaflet, f.language) for f in PROJECT.discover() if load(PROJECT, f).language.direction == "rtl"),
                    (None, None))
pytestmark = pytest.mark.skipif(RTL is None, reason="the project has no right-to-left translation")
FILES = {f.language: f for f in PROJECT.discover() if f.leaflet == LEAFLET}
SOURCE = PROJECT.source_language(LEAFLET) if LEAFLET else None
# And, when the leaflet has one, a translation in a left-to-right script other than Latin.
OTHER = next((tag for tag, f in FILES.items() if load(PROJECT, f).language.script != "latin"
              and load(PROJECT, f).language.direction == "ltr"), None)
LANGUAGES = [SOURCE, RTL, *([OTHER] if OTHER else [])]


@pytest.fixture(scope="module")
def screen(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("screen")
    args = ["--leaflet", LEAFLET, "--format", FLOWING, "--format", FOLDED, "--variant", "screen", "--jobs", "1"]
    for language in LANGUAGES:
        args += ["--lang", language]
    result = run_cli("build", "--output", str(output), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return output / LEAFLET


def _pdf(folder: Path, language: str, fmt: str) -> Path:
    return folder / f"{LEAFLET}.{language}.{fmt}.pdf"


def _verify(path: Path, language: str, fmt: str):
    loaded = load(PROJECT, FILES[language])
    return verify_pdf(path, loaded.leaflet, FORMATS[fmt], Variant.SCREEN, direction=loaded.language.direction,
                      script=loaded.language.script)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_folded_screen_file_is_its_panels_tagged_in_reading_order(screen: Path, language: str):
    fmt, loaded = FORMATS[FOLDED], load(PROJECT, FILES[language])
    pdf = _pdf(screen, language, FOLDED)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(fmt.panels)
    for page, panel in zip(reader.pages, fmt.panels, strict=True):
        assert float(page.trimbox.width) * 25.4 / 72 == pytest.approx(panel.width, abs=0.2)
        assert page.mediabox == page.trimbox
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    # The headings a screen reader navigates by: the title, then every section in order,
    # the cover's first and the contacts (the back panel's) last.
    tagged = heading_texts(pdf)
    sections = [_squeeze(s.title) for s in [*loaded.leaflet.sections, loaded.leaflet.contacts]]
    assert [_squeeze(t) for tag, t in tagged if tag == "/H1"] == [_squeeze(loaded.leaflet.meta.title)]
    assert [_squeeze(t) for tag, t in tagged if tag == "/H2"] == sections
    report = _verify(pdf, language, FOLDED)
    assert report.ok, report.problems


def _rewritten(source: Path, target: Path, edit) -> Path:
    writer = PdfWriter(clone_from=source)
    edit(writer)
    writer.write(target)
    return target


def test_verify_fires_on_a_folded_screen_file_with_wrong_pages_or_no_tags(screen: Path, tmp_path: Path):
    pdf = _pdf(screen, SOURCE, FOLDED)
    fmt = FORMATS[FOLDED]

    def widen(writer):  # page 1 the size of a whole sheet
        page = writer.pages[0]
        box = RectangleObject([0, 0, fmt.page.width * 72 / 25.4, fmt.page.height * 72 / 25.4])
        page.mediabox = page.trimbox = page.cropbox = page.bleedbox = box

    wide = _verify(_rewritten(pdf, tmp_path / "wide.pdf", widen), SOURCE, FOLDED)
    assert f"page 1: TrimBox {fmt.page.width:.1f} x {fmt.page.height:.1f} mm, expected {fmt.panels[0].width:g} x {fmt.page.height:g}" in wide.problems

    extra = _verify(_rewritten(pdf, tmp_path / "extra.pdf", lambda w: w.add_page(w.pages[1])), SOURCE, FOLDED)
    assert f"{len(fmt.panels) + 1} pages; a page per panel is at most {len(fmt.panels)}" in extra.problems

    def untag(writer):
        del writer._root_object[NameObject("/StructTreeRoot")]

    untagged = _verify(_rewritten(pdf, tmp_path / "untagged.pdf", untag), SOURCE, FOLDED)
    assert "screen variant is not tagged (no structure tree)" in untagged.problems


# --- The structure tree as a screen reader walks it (pdf/tags.py's repairs, pdf/structure.py's checks)


def _elements(reader: PdfReader, tag: str | None = None) -> list:
    """Every element of the logical tree, in reading order (optionally of one tag)."""
    found = []

    def visit(node, depth=0):
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid and depth < 64:
                if tag is None or kid["/S"] == tag:
                    found.append(kid)
                visit(kid, depth + 1)

    root = reader._root_object if isinstance(reader, PdfWriter) else reader.trailer["/Root"]
    visit(root["/StructTreeRoot"].get_object())
    return found


def _html(language: str, fmt: str) -> str:
    from foldline.layout.render import RenderRequest
    from foldline.layout.template import render_html

    return render_html(RenderRequest.of(PROJECT, FORMATS[fmt], load(PROJECT, FILES[language]), Variant.SCREEN))


@pytest.mark.parametrize("fmt", [FLOWING, FOLDED])
@pytest.mark.parametrize("language", LANGUAGES)
def test_one_element_per_list_and_paragraph_across_columns_and_pages(screen: Path, language: str, fmt: str):
    reader = PdfReader(_pdf(screen, language, fmt))
    html = _html(language, fmt)
    # WeasyPrint makes an element per box; a list broken across columns was five /L.
    assert len(_elements(reader, "/L")) == len(re.findall(r"<[ou]l\b", html))
    assert len(_elements(reader, "/P")) <= len(re.findall(r"<p\b", html))


@pytest.mark.parametrize("fmt", [FLOWING, FOLDED])
@pytest.mark.parametrize("language", LANGUAGES)
def test_links_are_one_described_link_element_each(screen: Path, language: str, fmt: str):
    from foldline.content import inline, models
    from foldline.pdf.structure import check_structure

    leaflet = load(PROJECT, FILES[language]).leaflet
    reader = PdfReader(_pdf(screen, language, fmt))
    assert check_structure(reader, leaflet.meta.language) == []
    names = [inline.plain(org.name) for org in leaflet.organizations]
    online = f"{leaflet.labels.online}: {models.display_url(leaflet.meta.url)}"
    descriptions = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            descriptions.append((str(annotation["/A"]["/URI"]), str(annotation["/Contents"])))
    assert descriptions
    for uri, description in descriptions:
        if uri == leaflet.meta.url:
            assert description == online
        else:  # "organization: what the link shows" (a number, an address)
            name, _, shown = description.partition(": ")
            assert shown and name in names, description
    # The QR code's alternative text says what it is for, in the leaflet's language.
    assert online in [str(f.get("/Alt")) for f in _elements(reader, "/Figure")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_running_footers_are_pagination_artifacts_and_latin_runs_carry_their_language(screen: Path, language: str):
    pdf = _pdf(screen, language, FLOWING)
    reader = PdfReader(pdf)
    for number, page in enumerate(reader.pages, 1):
        content = page.get_contents().get_data()
        assert re.search(rb"/Artifact\s*<<[^>]*/Type\s*/Pagination[^>]*/Subtype\s*/(Header|Footer)[^>]*>>\s*BDC", content), f"page {number} has no pagination artifact"
    # Latin runs (names, drug names, addresses) in the language translated from, in any other script.
    other_script = load(PROJECT, FILES[language]).language.script != "latin"
    languages = {str(e["/Lang"]) for e in _elements(reader) if "/Lang" in e}
    assert languages == ({SOURCE} if other_script else set())
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert f"<rdf:li>{language}</rdf:li>" in xmp.split("<dc:language>")[1].split("</dc:language>")[0]
    # The ids are the same on every build of the same input (a test build and the fixture's).
    assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)


def test_the_structure_check_fires_on_doubled_links_bare_uris_orphans_and_thin_metadata(screen: Path, tmp_path: Path):
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, TextStringObject

    from foldline.pdf.structure import check_structure

    pdf = _pdf(screen, SOURCE, FLOWING)
    language = load(PROJECT, FILES[SOURCE]).leaflet.meta.language

    def problems(edit) -> list[str]:
        path = _rewritten(pdf, tmp_path / f"{edit.__name__}.pdf", edit)
        return check_structure(PdfReader(path), language)

    def links(writer):
        return [(page, a) for page in writer.pages for a in page.get("/Annots") or []]

    def doubled(writer):  # the first link held a second time, by a paragraph (as WeasyPrint did for a QR code)
        _, annotation = links(writer)[0]
        paragraph = _elements(writer, "/P")[0]
        objr = DictionaryObject({NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annotation})
        paragraph[NameObject("/K")] = ArrayObject([*paragraph["/K"], writer._add_object(objr)]) if isinstance(
            paragraph["/K"], list) else ArrayObject([paragraph["/K"], writer._add_object(objr)])

    def bare(writer):
        _, annotation = links(writer)[0]
        annotation = annotation.get_object()
        annotation[NameObject("/Contents")] = TextStringObject(str(annotation["/A"]["/URI"]))

    def orphaned(writer):  # page 1's first marked content pointed at an element outside the tree
        nums = writer._root_object["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
        stray = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Span")}))
        nums[1].get_object()[0] = stray

    def thin(writer):
        metadata = DecodedStreamObject()
        metadata.set_data(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF></rdf:RDF></x:xmpmeta>')
        writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata)

    def untouched(writer):
        pass

    assert problems(untouched) == []
    assert any("not by one /Link" in p for p in problems(doubled))
    assert any("has no description" in p for p in problems(bare))
    assert any("page 1: 1 marked-content sequence(s) belong to no element" in p for p in problems(orphaned))
    assert problems(thin) == [f"XMP has no dc:language {language!r}", "XMP has no xmpMM:DocumentID", "XMP has no xmpMM:InstanceID"]


@pytest.mark.parametrize("fmt", [FLOWING, FOLDED])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_independent_pdf_ua_checker_finds_nothing(screen: Path, language: str, fmt: str, tmp_path: Path):
    """A second opinion: the PyPI ``pdfua`` checker (its machine-checkable subset of
    PDF/UA-1, docs/accessibility.md), which shares no code with ours; shown firing on a
    copy without the document language and the title shown as window title."""
    from pdfua.model import Severity
    from pdfua.validator import validate

    def serious(path: Path) -> list[str]:
        report = validate(str(path))
        return [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= Severity.WARNING]

    pdf = _pdf(screen, language, fmt)
    assert serious(pdf) == []

    def strip(writer):
        del writer._root_object[NameObject("/Lang")]
        del writer._root_object[NameObject("/ViewerPreferences")]

    assert len(serious(_rewritten(pdf, tmp_path / "stripped.pdf", strip))) >= 2
