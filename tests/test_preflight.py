"""Distribution-grade PDFs: preflight, links, QR code, structure tree, contrast."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from foldline.build.plan import plan
from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.reading import link_targets
from foldline.pdf.verify import expected_links
from foldline.project import Project

PROJECT = Project.at(ROOT)
FILES = PROJECT.discover()
OUTPUTS = plan(FILES, PROJECT.format_names())
LOADED = {(f.leaflet, f.language): load(PROJECT, f) for f in FILES}


def test_preflight_passes_on_every_pdf(built: Path):
    result = run_cli("verify", "--output", str(built), "--report-format", "json")
    assert result.returncode == 0, result.stdout
    rows = json.loads(result.stdout)
    assert len(rows) == len(OUTPUTS)
    for row in rows:
        assert row["ok"], row
        # The independent checkers ran too (bootstrap installs qpdf and poppler-utils).
        assert {"content", "links", "geometry", "fonts", "metadata", "size", "qpdf", "pdffonts"} <= set(row["checks"])


def test_preflight_table_and_failure_exit(built: Path, tmp_path: Path):
    output = tmp_path / "out"
    shutil.copytree(built, output)
    leaflet, language = FILES[0].leaflet, FILES[0].language  # whichever the project has first
    stem = f"{leaflet}/{leaflet}.{language}"
    damaged = output / f"{stem}.a4.pdf"
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])
    swapped = output / f"{stem}.letter.pdf"
    shutil.copy(built / f"{stem}.a4.pdf", swapped)  # an A4 file where Letter belongs
    result = run_cli("verify", "--output", str(output), "--leaflet", leaflet, "--lang", language, "--variant", "screen")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["result", "pdf", "pages"]
    assert any(line.startswith("FAIL") and damaged.name in line for line in lines)
    fmt = load_format(PROJECT, "letter")
    assert f"expected {fmt.page.width} x {fmt.page.height}" in result.stdout


# Screen files only: a print file carries no annotations (tests/test_print.py).
@pytest.mark.parametrize("output", [o for o in OUTPUTS if o.variant == "screen"], ids=lambda o: o.name)
def test_every_contact_is_a_link(built: Path, output):
    from pypdf import PdfReader

    found = link_targets(PdfReader(built / output.leaflet / output.name))
    leaflet = LOADED[(output.leaflet, output.language)].leaflet
    for target in expected_links(leaflet):
        assert target in found
    # tel: in E.164, or a short service number dialled as it is (tel:911).
    assert all(re.match(r"^(https?://|mailto:|tel:(\+\d+|\d{3,6})$)", t) for t in found), found


def _qr_payloads(pdf: Path) -> list[bytes]:
    import pypdfium2 as pdfium
    from pyzbar.pyzbar import decode

    document = pdfium.PdfDocument(str(pdf))
    try:
        payloads = []
        for index in range(len(document)):
            payloads += [symbol.data for symbol in decode(document[index].render(scale=200 / 72).to_pil())]
        return payloads
    finally:
        document.close()


@pytest.mark.parametrize("fmt", PROJECT.format_names())
def test_qr_code_scans_to_the_online_version(built: Path, fmt: str):
    for (leaflet, language), loaded in LOADED.items():
        pdf = built / leaflet / f"{leaflet}.{language}.{fmt}.pdf"
        assert _qr_payloads(pdf) == [loaded.leaflet.meta.url.encode()], pdf.name


def _struct_headings(pdf: Path) -> list[tuple[str, str]]:
    """(tag, text) of every heading in the structure tree, as a screen reader meets them."""
    text = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    headings, current = [], None
    for line in text.splitlines():
        stripped = line.strip()
        match = re.match(r"^(H\d)\b", stripped)
        if match:
            current = [match.group(1), ""]
            headings.append(current)
        elif current is not None and stripped.startswith('"'):
            current[1] += stripped.strip('"')
        elif current is not None and not stripped.startswith("Span"):
            current = None
    return [(tag, re.sub(r"\s+", " ", text).strip()) for tag, text in headings]


def _marked_actual_texts(reader) -> dict[tuple[int, int], str]:
    """(page object number, MCID) -> the /ActualText of the marked content nested in that
    marked-content sequence, joined: what it reads as to a reader that honours /ActualText."""
    from pypdf.generic import ContentStream

    found: dict[tuple[int, int], str] = {}
    for page in reader.pages:
        stack: list[int | None] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
                properties = properties.get_object() if hasattr(properties, "get_object") else properties
                mcid = properties.get("/MCID") if isinstance(properties, dict) else None
                owner = next((m for m in reversed(stack) if m is not None), None)
                if isinstance(properties, dict) and "/ActualText" in properties and owner is not None:
                    key = (page.indirect_reference.idnum, owner)
                    found[key] = found.get(key, "") + str(properties["/ActualText"])
                stack.append(int(mcid) if mcid is not None else None)
            elif operator == b"EMC" and stack:
                stack.pop()
    return found


def _heading_marked_texts(pdf: Path) -> list[tuple[str, str]]:
    """(tag, text) of every heading element, its text read from the /ActualText of the
    marked content it owns (its MCIDs, its inline children's included), in tree order."""
    from pypdf import PdfReader

    from foldline.pdf.tags import HEADING_TAGS

    reader = PdfReader(pdf)
    texts = _marked_actual_texts(reader)

    def owned(element, page):
        page = element.get("/Pg", page) if isinstance(element, dict) else page
        kids = element.get("/K", []) if isinstance(element, dict) else element
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                yield texts.get((page.idnum, kid), "")
            elif isinstance(kid, dict) and "/MCID" in kid and "/S" not in kid:
                yield texts.get((kid.get("/Pg", page).idnum, int(kid["/MCID"])), "")
            elif isinstance(kid, dict):
                yield from owned(kid, page)

    headings = []

    def walk(element, page):
        page = element.get("/Pg", page)
        kids = element.get("/K", [])
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if not isinstance(kid, dict) or "/S" not in kid:
                continue
            if kid["/S"] in HEADING_TAGS:
                headings.append((str(kid["/S"])[1:], "".join(owned(kid, kid.get("/Pg", page)))))
            else:
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object(), None)
    return headings


@pytest.mark.parametrize("output", [o for o in OUTPUTS if o.variant == "screen"], ids=lambda o: o.name)
def test_structure_tree_lists_sections_in_reading_order(built: Path, output):
    """A screen reader's view: the heading elements of the structure tree, in order.

    Read three ways: each heading element's own /ActualText; for left-to-right text the
    /ActualText of the marked content the element owns (what the page says there, to a
    reader honouring it); and, for scripts whose glyphs map back to their characters
    (not ``REORDERING_SCRIPTS``), the marked content's glyphs as poppler reads them.
    poppler ignores /ActualText, and a reordering script's glyphs read in visual order
    with vowel signs lost (किसी as कसी): for those the /ActualText is the text, as it
    is for verify, and poppler's reading would only measure WeasyPrint #2841.
    """
    from foldline.pdf.tags import heading_texts
    from foldline.pdf.textlayer import REORDERING_SCRIPTS

    loaded = LOADED[(output.leaflet, output.language)]
    leaflet = loaded.leaflet
    pdf = built / output.leaflet / output.name
    def squeeze(s):
        return re.sub(r"\s+", "", s)

    expected = [squeeze(s.title) for s in [*leaflet.sections, leaflet.contacts]]
    # What assistive technology reads: each heading's /ActualText, in tree order.
    tagged = heading_texts(pdf)
    assert [squeeze(t) for tag, t in tagged if tag == "/H1"] == [squeeze(leaflet.meta.title)]
    assert [squeeze(t) for tag, t in tagged if tag == "/H2"] == expected
    if loaded.language.direction == "ltr":
        # The marked content each heading element owns reads as the heading.
        marked = _heading_marked_texts(pdf)
        assert [squeeze(t) for tag, t in marked if tag == "H2"][: len(expected)] == expected
        if loaded.language.script not in REORDERING_SCRIPTS:
            # And its glyphs, as poppler reads them, agree.
            headings = _struct_headings(pdf)
            assert [squeeze(t) for tag, t in headings if tag == "H2"][: len(expected)] == expected


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa():
    from foldline.layout.printing import load_palette

    colours = {name: colour.screen for name, colour in load_palette(PROJECT).colours.items()}
    white = colours["paper"]
    # Every pairing of text and background the stylesheet uses.
    pairs = [
        ("ink", white), ("accent", white), ("muted", white),
        ("ink", colours["accent-soft"]), ("accent", colours["accent-soft"]), ("muted", colours["accent-soft"]),
    ]
    for text, background in pairs:
        ratio = _contrast(colours[text], background if background.startswith("#") else colours[background])
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"
    assert _contrast(white, colours["accent"]) >= 4.5  # the cover: white on the accent colour


def test_a_draft_is_marked_on_every_page_or_cover_and_verify_says_where_not(tmp_path: Path):
    """Every format marks a draft translation: flowing formats on every page (running
    footer), covered formats on the cover too. verify fails a draft PDF that lacks its
    label, naming the pages."""
    from conftest import FIXTURES

    from foldline.pdf.verify import verify_pdf
    from foldline.project import Variant

    root = tmp_path / "project"
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(FIXTURES / "golden" / "sample", root / "source" / "sample")
    result = run_cli("build", "--root", str(root), "--lang", "ar", "--format", "a4", "--format", "trifold-a4",
                     "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    project = Project.at(root)
    leaflet = load(project, project.content_file("sample", "ar")).leaflet
    assert leaflet.is_draft
    other = leaflet.model_copy(update={"labels": leaflet.labels.model_copy(update={"draft": "مسودة أخرى"})})
    for fmt_name in ("a4", "trifold-a4"):
        fmt = load_format(project, fmt_name)
        pdf = root / "output" / "sample" / f"sample.ar.{fmt_name}.pdf"
        report = verify_pdf(pdf, leaflet, fmt, Variant.SCREEN, direction="rtl")
        assert "draft" in report.checks and report.ok, report.problems
        broken = verify_pdf(pdf, other, fmt, Variant.SCREEN, direction="rtl")
        pages = ", ".join(str(n) for n in range(1, broken.pages + 1)) if fmt.running_footer else "1"
        assert f"draft translation not marked 'مسودة أخرى' on page {pages}" in broken.problems


def test_a_long_online_address_gives_a_qr_code_verify_can_read(tmp_path: Path):
    """A long meta.url needs more modules: at the A5 booklet's 18 mm they came out 0.37 mm
    wide, and verify failed the print file ("no QR code readable from the black plate
    alone") that build had written without a word. The code is drawn larger instead."""
    from conftest import FIXTURES

    root = tmp_path / "project"
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(FIXTURES / "long-url", root / "source" / "long-url")
    selection = ("--root", str(root), "--format", "a5-booklet", "--variant", "print")
    built = run_cli("build", *selection, "--jobs", "1")
    assert built.returncode == 0, built.stdout + built.stderr
    verified = run_cli("verify", *selection)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    url = load(Project.at(root), Project.at(root).content_file("long-url", "en")).leaflet.meta.url
    assert _qr_payloads(root / "output" / "long-url" / "long-url.en.a5-booklet.print.pdf") == [url.encode()]
