"""Print formats: page geometry per format and variant, imposition, panels, copyfitting."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import FIXTURES, ROOT, run_cli, without_actual_text
from pypdf import PdfReader

from foldline.build.plan import plan
from foldline.content.load import load
from foldline.content.units import marked_texts
from foldline.layout.formats import load_format
from foldline.pdf.impose import booklet_order
from foldline.pdf.reading import squeeze
from foldline.pdf.textlayer import REORDERING_SCRIPTS
from foldline.project import Project

PROJECT = Project.at(ROOT)
PT_PER_MM = 72 / 25.4
OUTPUTS = plan(PROJECT.discover(), PROJECT.format_names())
LOADED = {(f.leaflet, f.language): load(PROJECT, f) for f in PROJECT.discover()}


def _mm(value) -> float:
    return float(value) / PT_PER_MM


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_page_count_and_boxes(built: Path, output):
    fmt = load_format(PROJECT, output.format)
    reader = PdfReader(built / output.leaflet / output.name)
    pages = len(reader.pages)
    if fmt.folded and output.variant == "screen":
        assert 2 <= pages <= len(fmt.panels)  # one page per panel (a short body leaves one out)
    elif fmt.pages.exact is not None:
        assert pages == fmt.pages.exact
    else:
        assert pages <= fmt.pages.max and pages % fmt.pages.multiple_of == 0
    bleed = fmt.bleed if output.variant == "print" else 0
    for number, page in enumerate(reader.pages, start=1):
        trim, box = page.trimbox, page.bleedbox
        width, height = fmt.page_size(number, output.variant)
        assert _mm(trim.width) == pytest.approx(width, abs=0.2)
        assert _mm(trim.height) == pytest.approx(height, abs=0.2)
        assert _mm(box.width) == pytest.approx(width + 2 * bleed, abs=0.2)
        assert _mm(box.height) == pytest.approx(height + 2 * bleed, abs=0.2)
        # The trim box sits inside the bleed box by the bleed on every side.
        assert _mm(trim.left - box.left) == pytest.approx(bleed, abs=0.2)
        assert _mm(box.top - trim.top) == pytest.approx(bleed, abs=0.2)
        if output.variant == "print":
            assert _mm(page.mediabox.width) > fmt.page.width + 2 * bleed, "no room for crop marks"
        else:
            assert _mm(page.mediabox.width) == pytest.approx(width, abs=0.2)


def _text_in(page, left: float, right: float) -> str:
    """The text pdfium finds between two x positions (points) of a sheet, full height.

    pdfium, not pypdf: sheets draw their pages as Form XObjects, and pypdf's text
    visitor reports positions inside a form without the form's placement.
    """
    text_page = page.get_textpage()
    try:
        return text_page.get_text_bounded(left, 0, right, page.get_height())
    finally:
        text_page.close()


def _page_numbers(page, label: str) -> list[int]:
    """The page numbers of the footers ("Page {page} of {pages}": the leaflet's label) on a sheet side, left half first."""
    pattern = re.escape(label).replace(r"\{page\}", r"(\d+)").replace(r"\{pages\}", r"\d+")
    width = page.get_width()
    found = []
    for left, right in ((0, width / 2), (width / 2, width)):
        found += [int(n) for n in re.findall(pattern, _text_in(page, left, right))]
    return found


def test_booklet_imposed_file_is_in_booklet_order(built: Path):
    """Read in each leaflet's source language: its footer label (with Western digits, left to right)."""
    booklets = [o for o in OUTPUTS if o.variant == "print" and o.language == PROJECT.source_language(o.leaflet)
                and load_format(PROJECT, o.format).imposition == "booklet"]
    assert booklets
    for output in booklets:
        label = LOADED[(output.leaflet, output.language)].leaflet.labels.page
        pages = len(PdfReader(built / output.leaflet / output.name).pages)
        imposed = pdfium.PdfDocument(built / output.leaflet / output.name.replace(".pdf", ".imposed.pdf"))
        assert len(imposed) == pages // 2
        for side, expected in zip(imposed, booklet_order(pages), strict=True):
            numbers = _page_numbers(side, label)
            # The cover (page 1) carries no footer; every other page must be where the order says.
            assert [n for n in expected if n != 1] == numbers, f"sheet side {expected}: found {numbers}"


def test_booklet_order_is_saddle_stitch_order():
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    # Bound on the right for right-to-left languages: every pair mirrored.
    assert booklet_order(8, "rtl") == [(1, 8), (7, 2), (3, 6), (5, 4)]


def _booklet_prints():
    return [o for o in OUTPUTS if o.variant == "print" and load_format(PROJECT, o.format).booklet]


def test_imposed_booklets_are_press_sheets_in_their_binding_order(built: Path):
    """Every language's imposed booklet passes verify's sheet check: the order for its
    binding side, a spread's TrimBox, the bleed around it, room for the marks."""
    from foldline.pdf.sheets import check_sheets

    outputs = _booklet_prints()
    assert outputs
    for output in outputs:
        fmt = load_format(PROJECT, output.format)
        direction = LOADED[(output.leaflet, output.language)].language.direction
        path = built / output.leaflet / output.name
        assert check_sheets(path.with_name(path.name.replace(".pdf", ".imposed.pdf")), path, fmt, direction) == []


def test_the_sheet_check_fires_on_wrong_order_boxes_and_binding(built: Path, tmp_path: Path):
    from pypdf import PdfWriter

    from foldline.pdf.sheets import check_sheets

    output = _booklet_prints()[0]
    fmt = load_format(PROJECT, output.format)
    direction = LOADED[(output.leaflet, output.language)].language.direction
    path = built / output.leaflet / output.name
    imposed = path.with_name(path.name.replace(".pdf", ".imposed.pdf"))
    other = "rtl" if direction == "ltr" else "ltr"
    # Imposed for the other binding side: every half shows the wrong page.
    problems = check_sheets(imposed, path, fmt, other)
    assert problems and "side 1: the left half does not show page" in problems[0]
    # Two sheet sides swapped.
    reader = PdfReader(imposed)
    writer = PdfWriter()
    for index in [1, 0, *range(2, len(reader.pages))]:
        writer.add_page(reader.pages[index])
    swapped = tmp_path / "swapped.pdf"
    writer.write(swapped)
    assert any("side 1: the" in p for p in check_sheets(swapped, path, fmt, direction))
    # No bleed or marks: the sheet cut to its trim.
    writer = PdfWriter()
    for page in PdfReader(imposed).pages:
        page.mediabox = page.bleedbox = page.trimbox
        writer.add_page(page)
    cut = tmp_path / "cut.pdf"
    writer.write(cut)
    problems = check_sheets(cut, path, fmt, direction)
    assert problems == [f"{cut.name} side 1: BleedBox is not the TrimBox plus {fmt.bleed:g} mm on every side",
                        f"{cut.name} side 1: no room for crop and fold marks outside the bleed"]


def test_booklet_pages_mirror_their_margins(built: Path):
    """Right-hand pages keep the inner margin on the left, left-hand pages on the right:
    text starts at the inner margin on one and the outer on the other."""
    for output in [o for o in OUTPUTS if o.variant == "screen" and load_format(PROJECT, o.format).booklet]:
        fmt = load_format(PROJECT, output.format)
        if LOADED[(output.leaflet, output.language)].language.direction != "ltr":
            continue
        document = pdfium.PdfDocument(built / output.leaflet / output.name)
        lefts = {}
        for number in (2, 3):  # page 2 is a left-hand page, page 3 a right-hand one
            text = document[number - 1].get_textpage()
            lefts[number] = min(text.get_charbox(i)[0] for i in range(text.count_chars())
                                if not text.get_text_range(i, 1).isspace()) / 72 * 25.4
        assert lefts[2] == pytest.approx(fmt.margins.outer, abs=1.0), lefts
        assert lefts[3] == pytest.approx(fmt.margins.inner, abs=1.0), lefts


@pytest.mark.parametrize("fmt_name", [f for f in PROJECT.format_names() if load_format(PROJECT, f).folded])
def test_trifold_cover_holds_title_and_back_panel_holds_contacts(built: Path, fmt_name: str, tmp_path: Path):
    """On the print file's outside sheet (mirrored for right-to-left) and in the screen
    file, whose first page is the cover panel and last the back panel.

    A print file has no /ActualText, and for a script whose shaping reorders characters
    (``REORDERING_SCRIPTS``) its glyphs read back in visual order with vowel signs lost:
    its panels cannot be read as the YAML's text. For those, the outside sheet's cover
    and back panels must show exactly the glyphs of the screen file's cover and back
    pages (both read without /ActualText), and the screen file's text, read with it,
    holds the title and the contacts."""
    fmt = load_format(PROJECT, fmt_name)
    for file in PROJECT.discover():
        loaded = load(PROJECT, file)
        stem = built / file.leaflet / f"{file.leaflet}.{file.language}.{fmt_name}"
        on_sheet = _outside_panels(pdfium.PdfDocument(f"{stem}.print.pdf")[0], fmt, loaded.language.direction)
        screen = pdfium.PdfDocument(f"{stem}.pdf")
        first, last = _cover_and_back(screen)
        if loaded.language.script in REORDERING_SCRIPTS:
            bare = _cover_and_back(pdfium.PdfDocument(without_actual_text(Path(f"{stem}.pdf"), tmp_path / "bare.pdf")))
            assert (on_sheet["cover"], on_sheet["back"]) == bare, f"{file.language} sheet: panels differ from the screen file's"
            _assert_cover_and_back(loaded.leaflet, {"cover": first, "back": last, "body": ""}, f"{file.language} screen")
            continue
        for where, squeezed in (("sheet", on_sheet), ("screen", {"cover": first, "back": last, "body": ""})):
            _assert_cover_and_back(loaded.leaflet, squeezed, f"{file.language} {where}")


def _outside_panels(outside, fmt, direction: str) -> dict[str, str]:
    """The text shown on each panel of the outside sheet (mirrored for right-to-left), by
    role, squeezed: white space gone, hyphenated words joined."""
    origin = outside.get_trimbox()[0]
    found = {}
    for panel in fmt.panels:
        if panel.sheet == 1:
            left = origin + fmt.panel_left(panel, direction) * PT_PER_MM
            found[panel.role] = squeeze(_text_in(outside, left, left + panel.width * PT_PER_MM))
    return found


REORDERING = next((f for f in PROJECT.discover() if LOADED[(f.leaflet, f.language)].language.script in REORDERING_SCRIPTS), None)


@pytest.mark.skipif(REORDERING is None, reason="no translation in a script whose shaping reorders characters")
def test_the_sheet_to_screen_comparison_fires_on_panels_read_from_the_wrong_side(built: Path, tmp_path: Path):
    """The comparison a reordering script's print sheet gets is not vacuous: read for the
    other direction, its cover position shows the fold-in panel, not the screen cover."""
    fmt_name = next(f for f in PROJECT.format_names() if load_format(PROJECT, f).folded)
    fmt = load_format(PROJECT, fmt_name)
    stem = built / REORDERING.leaflet / f"{REORDERING.leaflet}.{REORDERING.language}.{fmt_name}"
    direction = LOADED[(REORDERING.leaflet, REORDERING.language)].language.direction
    bare = _cover_and_back(pdfium.PdfDocument(without_actual_text(Path(f"{stem}.pdf"), tmp_path / "bare.pdf")))
    right = _outside_panels(pdfium.PdfDocument(f"{stem}.print.pdf")[0], fmt, direction)
    wrong = _outside_panels(pdfium.PdfDocument(f"{stem}.print.pdf")[0], fmt, "rtl" if direction == "ltr" else "ltr")
    assert (right["cover"], right["back"]) == bare
    assert (wrong["cover"], wrong["back"]) != bare


def _cover_and_back(screen) -> tuple[str, str]:
    """The squeezed text of a folded screen file's first page (the cover panel) and last (the back panel)."""
    return tuple(squeeze(_text_in(screen[i], 0, screen[i].get_width())) for i in (0, len(screen) - 1))


def _assert_cover_and_back(leaflet, squeezed: dict[str, str], label: str) -> None:
    assert squeeze(leaflet.meta.title) in squeezed["cover"], f"{label}: title not on the cover"
    # A number the leaflet's own words also use ("call 911") may show elsewhere too.
    words = re.sub(r"\s+", "", " ".join([leaflet.meta.title, *marked_texts(leaflet), *(s.title for s in leaflet.sections)]))
    for org in leaflet.organizations:
        for phone in org.phones:
            hits = [role for role, text in squeezed.items() if phone.number in text]
            assert "back" in hits, f"{label}: {phone.number} on {hits}"
            if phone.number not in words:
                assert hits == ["back"], f"{label}: {phone.number} on {hits}"


def _synthetic(project: Path, paragraphs: int) -> None:
    """A leaflet whose body grows with `paragraphs` copies of a paragraph."""
    text = (FIXTURES / "content" / "minimal.yaml").read_text(encoding="utf-8")
    sentence = "This sentence is here to make the leaflet longer and longer until it no longer fits. " * 6
    blocks = "".join(f"      - text: {sentence}\n" for _ in range(paragraphs))
    text = text.replace("      - text: Some text.\n", blocks)
    folder = project / "source" / "sample"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.yaml").write_text(text, encoding="utf-8")


def _body_size(stdout: str, name: str) -> float:
    match = re.search(rf"built\s+\S*{re.escape(name)}\s+\d+ pages\s+([\d.]+) pt", stdout)
    assert match, stdout
    return float(match.group(1))


def test_copyfit_shrinks_type_as_text_grows_then_fails_clearly(project: Path):
    shutil.rmtree(project / "source")
    fmt = load_format(Project.at(project), "trifold-letter")
    sizes = []
    for paragraphs in (2, 20, 24):
        _synthetic(project, paragraphs)
        result = run_cli("build", "--root", str(project), "--format", "trifold-letter", "--variant", "screen")
        assert result.returncode == 0, result.stdout + result.stderr
        sizes.append(_body_size(result.stdout, "sample.en.trifold-letter.pdf"))
    assert sizes[0] == fmt.body_size.max
    assert sizes[0] > sizes[1] > sizes[2] >= fmt.body_size.min, sizes

    previous = (project / "output" / "sample" / "sample.en.trifold-letter.pdf").read_bytes()
    _synthetic(project, 36)
    result = run_cli("build", "--root", str(project), "--format", "trifold-letter", "--format", "a4", "--variant", "screen")
    assert result.returncode == 3, result.stdout + result.stderr
    line = next(text for text in result.stdout.splitlines() if text.startswith("FAILED"))
    assert "sample en trifold-letter screen: does not fit: section 'first' does not fit" in line
    assert f"at {fmt.body_size.min:g} pt (the smallest allowed)" in line
    assert re.search(r"by about \d+ mm", line)
    # The other output of the same run was still written.
    assert (project / "output" / "sample" / "sample.en.a4.pdf").is_file()
    # The failed output's previous file is left as it was.
    assert (project / "output" / "sample" / "sample.en.trifold-letter.pdf").read_bytes() == previous


@pytest.mark.parametrize("count", [1, 2, 3, 9, 17])
def test_size_search_finds_the_first_fit_from_any_start_and_any_prediction(count: int):
    from foldline.layout.fit import search

    predictors = {
        "none": lambda first: None,
        "right": lambda first: (lambda low, high: first),
        "walks": lambda first: (lambda low, high: low + 1),  # always the least useful proposal
        "wild": lambda first: (lambda low, high: -5 if (low + high) % 2 else count + 5),
    }
    for name, predictor in predictors.items():
        worst = 0
        for first in range(count + 1):  # count: nothing fits
            for start in range(count):
                calls = []

                def fits(index: int, calls=calls, first=first) -> bool:
                    assert 0 <= index < count, index
                    calls.append(index)
                    return index >= first

                found = search(fits, count, start, predictor(first))
                assert found == (first if first < count else None), (name, first, start)
                assert len(calls) == len(set(calls)), f"{name}: asked twice: {calls}"
                if name == "right" and first < count and start in (first, first - 1):
                    assert len(calls) <= 2, (first, start, calls)  # the pair that settles it
                worst = max(worst, len(calls))
        # Predictions never cost more than three renders over bisecting.
        assert worst <= 4 + max(1, count.bit_length()), (name, worst)


@pytest.mark.parametrize("count", [2, 7])
def test_size_search_given_an_index_known_not_to_fit_never_tries_at_or_below_it(count: int):
    """As copyfitting's "fewer pages" search uses it: sizes up to the one found keep its pages."""
    from foldline.layout.fit import search

    for first in range(count + 1):
        for low in range(-1, min(first, count - 1)):
            for start in range(low + 1, count):
                calls = []

                def fits(index: int, calls=calls, first=first) -> bool:
                    calls.append(index)
                    return index >= first

                found = search(fits, count, start, lambda lo, hi: lo, low=low)  # a prediction at the bound
                assert found == (first if first < count else None), (first, low, start)
                assert min(calls) > low and len(calls) == len(set(calls)), (first, low, calls)


@pytest.mark.parametrize("paragraphs", [2, 12, 20, 24])
def test_copyfit_finds_the_largest_size_that_fits(project: Path, paragraphs: int):
    """The search (predictions, then bisection) agrees with trying every size."""
    from foldline.layout.fit import _page_of, fit
    from foldline.layout.render import RenderRequest, render
    from foldline.pdf.finish import pdf_bytes

    shutil.rmtree(project / "source")
    _synthetic(project, paragraphs)
    proj = Project.at(project)
    fmt = load_format(proj, "trifold-letter")
    loaded = load(proj, proj.discover()[0])

    request = RenderRequest.of(proj, fmt, loaded, "print")

    def fits(size: float) -> bool:
        rendered = render(request, size)
        return fmt.fits(rendered.pages) and _page_of(rendered, loaded.leaflet.contacts.id) == rendered.pages

    candidates = fmt.body_size.candidates()
    expected = next(size for size in candidates if fits(size))
    fitted = fit(request)
    assert fitted.rendered.body_size == expected
    assert fitted.renders <= 6, f"{fitted.renders} renders for {len(candidates)} sizes"
    # The renders of one search share one templated and parsed HTML: the layout kept is
    # the one a render of its own gives, byte for byte.
    assert pdf_bytes(fitted.rendered, "print") == pdf_bytes(render(request, expected), "print")
    # The last build's size as a hint: two renders confirm it.
    again = fit(request, hint=expected)
    assert again.rendered.body_size == expected and again.renders <= 2


def test_proof_writes_thumbnails_and_contact_sheet(built: Path, tmp_path: Path):
    output = tmp_path / "out"
    shutil.copytree(built, output)
    language = PROJECT.discover()[0].language  # whichever the project has first
    result = run_cli("proof", "--output", str(output), "--lang", language)
    assert result.returncode == 0, result.stderr
    index = (output / "proofs" / "index.html").read_text(encoding="utf-8")
    for file in [f for f in PROJECT.discover() if f.language == language]:
        for fmt in PROJECT.format_names():
            assert f"{file.leaflet}.{language}.{fmt}.pdf" in index
    assert "folded reading order" in index
    pngs = list((output / "proofs").rglob("*.png"))
    assert pngs and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_the_overflow_message_gives_the_true_amount_to_cut(project: Path):
    """The amount is measured to where the body text ends, not to the first section that
    ends past the panels: more than twice the overflowing text gives more than twice the mm."""
    shutil.rmtree(project / "source")
    amounts = {}
    for paragraphs in (36, 60):
        _synthetic(project, paragraphs)
        result = run_cli("build", "--root", str(project), "--format", "trifold-letter", "--variant", "screen")
        assert result.returncode == 3, result.stdout + result.stderr
        amounts[paragraphs] = int(re.search(r"by about (\d+) mm", result.stdout).group(1))
    fmt = load_format(Project.at(project), "trifold-letter")
    # 36 paragraphs need about 11 more than fit (about 25): more than a panel's height.
    assert amounts[36] > fmt.text_height
    assert amounts[60] > 2 * amounts[36]


def test_a_booklet_takes_a_smaller_size_before_padding_a_sheet_with_notes(project: Path):
    """At the largest size this text takes 9 pages: 12 with three notes pages. A smaller
    size in the range fits 8: the booklet takes the largest such size (as trying every
    size says), one sheet fewer, no notes pages."""
    from foldline.layout.fit import _page_of, fit
    from foldline.layout.render import RenderRequest, render

    shutil.rmtree(project / "source")
    _synthetic(project, 24)
    proj = Project.at(project)
    fmt = load_format(proj, "a5-booklet")
    loaded = load(proj, proj.discover()[0])
    request = RenderRequest.of(proj, fmt, loaded, "print")
    pages = {size: render(request, size) for size in fmt.body_size.candidates()}
    fitting = [size for size, r in pages.items()
               if fmt.fits(r.pages) and _page_of(r, loaded.leaflet.contacts.id) == r.pages]
    assert fmt.padded(pages[fitting[0]].pages) > fmt.padded(pages[fitting[-1]].pages), "the case no longer tests this"
    fewest = min(fmt.padded(pages[size].pages) for size in fitting)
    expected = next(size for size in fitting if fmt.padded(pages[size].pages) == fewest)
    fitted = fit(request)
    assert fitted.rendered.body_size == expected
    assert fitted.rendered.pages == fewest  # no notes pages
    again = fit(request, hint=expected)
    assert again.rendered.body_size == expected


def test_notes_pages_are_ruled_with_plain_strokes(tmp_path: Path):
    """A short booklet padded with notes pages: their rulings are strokes, not a shading
    in a soft-masked transparency group (which print shops must flatten)."""
    root = tmp_path / "project"
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(FIXTURES / "golden" / "sample", root / "source" / "sample")
    result = run_cli("build", "--root", str(root), "--lang", "en", "--format", "a5-booklet", "--variant", "print")
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(root / "output" / "sample" / "sample.en.a5-booklet.print.pdf")
    assert len(reader.pages) == 4  # cover, text, notes, back cover

    def keys(obj, seen):
        """Every (key, value) reachable from obj: dictionaries, streams and arrays."""
        obj = obj.get_object() if hasattr(obj, "get_object") else obj
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if hasattr(obj, "items"):
            for key, value in obj.items():
                if key in ("/Parent", "/P"):
                    continue
                value = value.get_object() if hasattr(value, "get_object") else value
                yield key, value
                yield from keys(value, seen)
        elif isinstance(obj, list):
            for value in obj:
                yield from keys(value, seen)

    seen: set = set()
    found = [key for page in reader.pages for key, value in keys(page, seen)
             if key in ("/SMask", "/ShadingType") or (key == "/Shading" and value)]
    assert len(seen) > 50  # the walk reached the pages' resources
    assert found == []
