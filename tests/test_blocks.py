"""The block kinds besides paragraphs, and inline markup: in built PDFs (text, links,
tags), and each bad figure or link refused with its file, line and key."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli
from pypdf import PdfReader

from foldline.content import inline
from foldline.content.load import load
from foldline.content.phones import phone_problem, tel_uri
from foldline.content.units import units
from foldline.pdf.reading import link_targets, normalize, pdf_text
from foldline.pdf.tags import element_attributes, tag_counts
from foldline.pdf.verify import expectations
from foldline.project import Project

LEAFLET = "blocks"


@pytest.fixture
def blocks_project(tmp_path: Path) -> Path:
    """A project holding only the fixture leaflet (and the real layouts and fonts)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "blocks", root / "source" / LEAFLET)
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "fonts", root / "fonts", copy_function=_link_or_copy)
    return root


def _link_or_copy(src, dst):
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


def _source(root: Path) -> Path:
    return root / "source" / LEAFLET / "en.yaml"


def _edit(root: Path, old: str, new: str) -> None:
    path = _source(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_block_is_printed_linked_and_tagged(blocks_project: Path):
    result = run_cli("build", "--root", str(blocks_project), "--format", "a4", "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = blocks_project / "output" / LEAFLET / f"{LEAFLET}.en.a4.pdf"
    reader = PdfReader(pdf)
    leaflet = load(Project.at(blocks_project), Project.at(blocks_project).content_file(LEAFLET, "en")).leaflet
    flat = normalize(pdf_text(reader))
    missing = [w for w in expectations(leaflet) if normalize(w.text) not in flat]
    assert not missing
    assert {w.what for w in expectations(leaflet)} >= {"subheading", "callout title", "table cell", "bullets", "steps", "references"}
    # Markup is printed as words, never as asterisks; links go where the text says.
    assert "**" not in flat and "strong words" in flat
    links = link_targets(reader)
    assert "https://example.org/linked" in links and "tel:911" in links
    counts = tag_counts(reader)
    for tag in ("/Figure", "/Table", "/TH", "/TD", "/L", "/LI", "/Lbl", "/H3", "/Caption", "/Aside"):
        assert counts.get(tag), f"no {tag} in {counts}"
    assert counts["/Aside"] == 1 and "/Art" not in counts
    assert reader.trailer["/Root"]["/StructTreeRoot"]["/RoleMap"] == {"/Aside": "/Div"}
    alts = [str(alt) for _, alt in element_attributes(reader, "/Figure", "/Alt")]
    assert leaflet.figures[0][1].alt in alts
    scopes = [str(scope) for _, scope in element_attributes(reader, "/TH", "/Scope")]
    assert scopes == ["/Column"] * 2
    verified = run_cli("verify", "--root", str(blocks_project), "--format", "a4", "--variant", "screen")
    assert verified.returncode == 0, verified.stdout + verified.stderr


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
BAD_FIGURES = {
    "outside": ("image: figures/circle.svg", "image: ../circle.svg", None, "outside the leaflet's folder"),
    "missing-file": ("image: figures/circle.svg", "image: figures/gone.svg", None, "no image file"),
    "external-href": (None, None, f'{SVG_OPEN}<image href="https://example.org/x.png"/></svg>', "outside the SVG"),
    "xlink-file": (None, None, f'{SVG_OPEN}<use xlink:href="other.svg#a"/></svg>', "outside the SVG"),
    "css-url": (None, None, f'{SVG_OPEN}<rect style="fill: url(http://example.org/p)"/></svg>', "outside the SVG"),
    "style-import": (None, None, f'{SVG_OPEN}<style>@import "x.css";</style></svg>', "outside the SVG"),
    "entity": (None, None, '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
    "not-png": ("image: figures/circle.svg", "image: figures/fake.png", None, "not a PNG"),
}


@pytest.mark.parametrize("case", sorted(BAD_FIGURES))
def test_a_bad_figure_is_refused_with_its_place_and_nothing_is_written(blocks_project: Path, case: str):
    old, new, svg, message = BAD_FIGURES[case]
    if old:
        _edit(blocks_project, old, new)
    if svg:
        (blocks_project / "source" / LEAFLET / "figures" / "circle.svg").write_text(svg, encoding="utf-8")
    (blocks_project / "source" / LEAFLET / "figures" / "fake.png").write_bytes(b"not a png at all")
    output = blocks_project / "output"
    output.mkdir()
    (output / "earlier.pdf").write_bytes(b"%PDF-earlier")
    result = run_cli("build", "--root", str(blocks_project), "--format", "a4", "--variant", "screen", "--jobs", "1")
    assert result.returncode == 1
    line = next(n for n, text in enumerate(_source(blocks_project).read_text().splitlines(), 1) if "image:" in text)
    assert re.search(rf"source/{LEAFLET}/en\.yaml:{line}:\d+: sections\[0\]\.blocks\[5\]\.figure\.image: .*{message}", result.stdout + result.stderr)
    assert sorted(p.name for p in output.rglob("*")) == ["earlier.pdf"]
    assert (output / "earlier.pdf").read_bytes() == b"%PDF-earlier"


def test_missing_alt_text_is_an_error_at_the_figure(blocks_project: Path):
    _edit(blocks_project, "          alt: A blue circle on a white ground\n", "")
    result = run_cli("check", "--root", str(blocks_project))
    assert result.returncode == 1
    assert re.search(r"en\.yaml:\d+:\d+: sections\[0\]\.blocks\[5\]\.figure\.alt: required", result.stdout + result.stderr)


@pytest.mark.parametrize("target", ["javascript:alert(1)", "http://example.org", "file:///etc/passwd", "page.html"])
def test_a_link_to_another_scheme_is_an_error_at_its_text(blocks_project: Path, target: str):
    _edit(blocks_project, "(https://example.org/linked)", f"({target})")
    result = run_cli("check", "--root", str(blocks_project))
    assert result.returncode == 1
    line = next(n for n, text in enumerate(_source(blocks_project).read_text().splitlines(), 1) if target in text)
    assert re.search(rf"en\.yaml:{line}:\d+: sections\[0\]\.blocks\[0\]\.text: a link may only go to", result.stdout + result.stderr)


@pytest.mark.parametrize(("target", "reason"), [("tel:abc", "not a phone number"), ("tel:+", "not a phone number"),
                                                ("mailto:nobody", "not an email address"),
                                                ("mailto:a@b@example.org", "not an email address")])
def test_a_link_to_no_phone_or_email_is_an_error_at_its_text(blocks_project: Path, target: str, reason: str):
    """tel: and mailto: links in running text are checked as an organization's phone and
    email are: `[call us](tel:abc)` passed check and was built into a dead link."""
    _edit(blocks_project, "(https://example.org/linked)", f"({target})")
    result = run_cli("check", "--root", str(blocks_project))
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(n for n, text in enumerate(_source(blocks_project).read_text().splitlines(), 1) if target in text)
    assert re.search(rf"en\.yaml:{line}:\d+: sections\[0\]\.blocks\[0\]\.text: {reason}", result.stdout + result.stderr)


def test_markup_parses_only_the_inline_subset():
    nodes = inline.parse("**a** <b>x</b> `c` ![i](https://e.org/i.png) &amp; *e*")
    assert [n.kind for n in nodes] == ["strong", "text", "link", "text", "em"]
    assert inline.plain("**a** <b>x</b> `c` &amp; *e*") == "a <b>x</b> `c` &amp; e"
    assert inline.signature("[x](https://a.org) **b**") != inline.signature("[x](https://b.org) **b**")


def test_a_translation_whose_markup_differs_is_reported(blocks_project: Path):
    root = blocks_project
    es = root / "source" / LEAFLET / "es.yaml"
    text = _source(root).read_text(encoding="utf-8").replace("language: en", "language: es\n  translation: {source: en, status: draft}")
    es.write_text(text.replace("[a linked page](https://example.org/linked)", "[a linked page](https://example.org/other)")
                  .replace("with **strong**", "with strong"), encoding="utf-8")
    result = run_cli("check", "--root", str(root))
    out = result.stdout + result.stderr
    assert re.search(r"es\.yaml:\d+:\d+: sections\[0\]\.blocks\[0\]\.text: markup differs from the source: missing a link to https://example.org/linked", out)
    assert re.search(r"es\.yaml:\d+:\d+: sections\[0\]\.blocks\[2\]\.bullets\[1\]: markup differs from the source: missing a strong span", out)


def test_short_service_numbers_are_valid_in_their_country_only():
    assert phone_problem("911", "US") is None and phone_problem("988", "US") is None
    assert phone_problem("111", "GB") is None and phone_problem("999", "GB") is None
    assert phone_problem("911", "GB") is not None and phone_problem("12345", "US") is not None
    assert tel_uri("911", "US") == "tel:911" and tel_uri("301-496-5751", "US") == "tel:+13014965751"


def _as_spanish(root: Path) -> Path:
    """The fixture leaflet written in Spanish only: es.yaml is its source."""
    es = root / "source" / LEAFLET / "es.yaml"
    es.write_text(_source(root).read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    _source(root).unlink()
    return es


def test_a_leaflet_may_exist_only_in_another_language(blocks_project: Path):
    _as_spanish(blocks_project)
    assert Project.at(blocks_project).source_language(LEAFLET) == "es"
    result = run_cli("build", "--root", str(blocks_project), "--format", "a4", "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (blocks_project / "output" / LEAFLET / f"{LEAFLET}.es.a4.pdf").is_file()


def test_a_second_file_without_translation_is_an_error(blocks_project: Path):
    es = blocks_project / "source" / LEAFLET / "es.yaml"
    es.write_text(_source(blocks_project).read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    result = run_cli("check", "--root", str(blocks_project))
    assert result.returncode == 1
    assert re.search(r"es\.yaml:\d+:\d+: meta\.translation: required: en\.yaml is this leaflet's source", result.stdout)


def _translation_with_name_only(root: Path, extra: str = "") -> Path:
    """es.yaml: the fixture with its organization reduced to a translated name (plus ``extra`` lines)."""
    text = _source(root).read_text(encoding="utf-8").replace("language: en", "language: es\n  translation: {source: en, status: draft}")
    head, _, _ = text.partition("    - organization:")
    es = root / "source" / LEAFLET / "es.yaml"
    es.write_text(head + "    - organization:\n        name: Servicio de Salud de Ejemplo\n" + extra, encoding="utf-8")
    return es


def test_a_translation_takes_its_contacts_from_the_source(blocks_project: Path):
    _translation_with_name_only(blocks_project)
    result = run_cli("build", "--root", str(blocks_project), "--lang", "es", "--format", "a4", "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(blocks_project / "output" / LEAFLET / f"{LEAFLET}.es.a4.pdf")
    flat = normalize(pdf_text(reader))
    assert "Servicio de Salud de Ejemplo" in flat and "301-496-5751" in flat and "example.org" in flat
    assert {"tel:911", "tel:+13014965751", "https://example.org"} <= set(link_targets(reader))


def test_contact_details_a_translation_retypes_must_be_the_sources(blocks_project: Path):
    es = _translation_with_name_only(blocks_project, "        website: https://example.net\n")
    result = run_cli("check", "--root", str(blocks_project))
    assert result.returncode == 1
    en_line = next(n for n, t in enumerate(_source(blocks_project).read_text().splitlines(), 1) if "website:" in t)
    es_line = next(n for n, t in enumerate(es.read_text().splitlines(), 1) if "website:" in t)
    assert re.search(rf"es\.yaml:{es_line}:\d+: contacts\.blocks\[0\]\.organization\.website: differs from the source, "
                     rf"which has 'https://example.org' \(\S*en\.yaml:{en_line}:\d+\)", result.stdout)


def test_new_language_stamps_every_block_unit_and_the_check_accepts_it(blocks_project: Path):
    result = run_cli("new-language", "--root", str(blocks_project), LEAFLET, "de")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = run_cli("check", "--root", str(blocks_project))
    assert checked.returncode == 0, checked.stdout
    assert ": stale:" not in checked.stdout and "markup differs" not in checked.stdout
    text = (blocks_project / "source" / LEAFLET / "de.yaml").read_text(encoding="utf-8")
    source = load(Project.at(blocks_project), Project.at(blocks_project).content_file(LEAFLET, "en")).leaflet
    assert len(re.findall(r"^\s+src: \"[0-9a-f]{8}\"$", text, re.M)) == sum(1 for _ in units(source))


def _png(width: int, height: int) -> bytes:
    """A plain white PNG of the given pixel size (standard library only)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("pixels", "sharp"), [((60, 30), False), ((1400, 700), True)])
def test_a_raster_figure_below_300_dpi_fails_the_print_file_only(blocks_project: Path, pixels, sharp: bool):
    (blocks_project / "source" / LEAFLET / "figures" / "photo.png").write_bytes(_png(*pixels))
    _edit(blocks_project, "image: figures/circle.svg", "image: figures/photo.png")
    args = ("--root", str(blocks_project), "--format", "a4", "--jobs", "1")
    printed = run_cli("build", *args, "--variant", "print")
    if sharp:
        assert printed.returncode == 0, printed.stdout + printed.stderr
        return
    assert printed.returncode == 3
    line = next(n for n, text in enumerate(_source(blocks_project).read_text().splitlines(), 1) if "photo.png" in text)
    assert re.search(rf"en\.yaml:{line}:\d+: sections\[0\]\.blocks\[5\]\.figure\.image: photo\.png is \d+ dpi at its printed size", printed.stdout)
    assert not (blocks_project / "output" / LEAFLET / f"{LEAFLET}.en.a4.print.pdf").exists()
    screen = run_cli("build", *args, "--variant", "screen")
    assert screen.returncode == 0, screen.stdout + screen.stderr


def _spanish_copy(root: Path) -> Path:
    """es.yaml: the source as a draft translation into Spanish (the words left in English)."""
    es = root / "source" / LEAFLET / "es.yaml"
    text = _source(root).read_text(encoding="utf-8").replace("language: en", "language: es\n  translation: {source: en, status: draft}")
    es.write_text(text, encoding="utf-8")
    return es


def test_a_translation_keeps_the_shape_of_each_block(blocks_project: Path):
    es = _spanish_copy(blocks_project)
    text = es.read_text(encoding="utf-8")
    for old, new in (
        ("          - Bullet entry two with **strong**\n", ""),
        ("            - [Statin, Evening]\n", ""),
        ("kind: warning", "kind: get-help"),
        ("image: figures/circle.svg", "image: figures/other.svg"),
        ("widths: [60, 40]", "widths: [50, 50]"),
    ):
        assert old in text
        text = text.replace(old, new)
    es.write_text(text, encoding="utf-8")
    (blocks_project / "source" / LEAFLET / "figures" / "other.svg").write_text(
        (blocks_project / "source" / LEAFLET / "figures" / "circle.svg").read_text())
    out = run_cli("check", "--root", str(blocks_project)).stdout
    errors = [line for line in out.splitlines() if line.startswith("error: ") and "es.yaml" in line]
    wanted = [
        r"sections\[0\]\.blocks\[2\]\.bullets: has 1 entries; the source has 2",
        r"sections\[0\]\.blocks\[4\]\.callout\.kind: is 'get-help'; the source has 'warning'",
        r"sections\[0\]\.blocks\[5\]\.figure\.image: is not the source's image 'figures/circle.svg'",
        r"sections\[0\]\.blocks\[6\]\.table\.rows: has 1 rows; the source has 2",
        r"sections\[0\]\.blocks\[6\]\.table: column widths differ from the source's \[60, 40\]",
    ]
    for pattern in wanted:
        assert any(re.search(pattern, line) for line in errors), (pattern, errors)
    assert len(errors) == len(wanted), errors


def test_a_language_may_have_its_own_drawing_and_it_is_checked_too(blocks_project: Path):
    from foldline.content.languages import language_for
    from foldline.layout.views import section_view

    project = Project.at(blocks_project)
    _spanish_copy(blocks_project)
    figures = blocks_project / "source" / LEAFLET / "figures"
    (figures / "circle.es.svg").write_text((figures / "circle.svg").read_text().replace("#14497d", "#a3121d"))
    loaded = {lang: load(project, project.content_file(LEAFLET, lang)) for lang in ("en", "es")}
    images = {
        lang: next(b.image for b in section_view(item.leaflet.sections[0], language_for(project, lang), False, figures.parent).blocks
                   if b.kind == "figure")
        for lang, item in loaded.items()
    }
    assert images == {"en": (figures / "circle.svg").resolve().as_uri(), "es": (figures / "circle.es.svg").resolve().as_uri()}
    (figures / "circle.es.svg").write_text(f'{SVG_OPEN}<image href="https://example.org/x.png"/></svg>')
    out = run_cli("check", "--root", str(blocks_project)).stdout
    assert re.search(r"es\.yaml:\d+:\d+: sections\[0\]\.blocks\[5\]\.figure\.image: circle\.es\.svg: <image href=", out)
    assert not re.search(r"en\.yaml:\d+:\d+: sections\[0\]\.blocks\[5\]", out)


def test_a_quote_is_never_parted_from_its_source(tmp_path: Path):
    """A quote and the line naming who said it stay on one page (they were split across
    an A5 booklet's pages, the source alone at the top of the next)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "quotes", root / "source" / "quotes")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "fonts", root / "fonts", copy_function=_link_or_copy)
    result = run_cli("build", "--root", str(root), "--format", "a5-booklet", "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    project = Project.at(root)
    leaflet = load(project, project.content_file("quotes", "en")).leaflet
    quotes = [block.quote for section in leaflet.sections for block in section.blocks if hasattr(block, "quote")]
    assert len(quotes) > 20
    pages = [normalize(page.extract_text()) for page in PdfReader(root / "output" / "quotes" / "quotes.en.a5-booklet.pdf").pages]
    parted = []
    for quote in quotes:
        opening = normalize(" ".join(quote.text.split()[:3]))  # "Saying number N"
        on = [i for i, text in enumerate(pages) if re.search(re.escape(opening) + r"\b", text)]
        by = [i for i, text in enumerate(pages) if normalize(quote.source) in text]
        if on != by:
            parted.append((quote.source, on, by))
    assert not parted, parted
