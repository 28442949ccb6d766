"""Print files: PDF/X-4 in CMYK for the printing condition, and the preflight that checks them.

One leaflet (the first discovered) is built in one flowing and one folded format;
each preflight check is then shown firing on a copy broken with pypdf in tmp_path.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.layout.printing import load_palette, load_print_profile
from foldline.pdf.preflight import preflight
from foldline.project import Project

PROJECT = Project.at(ROOT)
FILE = next(f for f in PROJECT.discover() if f.language == PROJECT.source_language(f.leaflet))
FORMATS = {name: load_format(PROJECT, name) for name in PROJECT.format_names()}
FLOWING = next(name for name, fmt in FORMATS.items() if not (fmt.folded or fmt.booklet))
FOLDED = next(name for name, fmt in FORMATS.items() if fmt.folded)
PROFILE = load_print_profile(PROJECT)


def _name(fmt: str, variant: str = "print") -> str:
    return f"{FILE.leaflet}.{FILE.language}.{fmt}{'.print' if variant == 'print' else ''}.pdf"


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("print")
    args = ["--leaflet", FILE.leaflet, "--lang", FILE.language, "--format", FLOWING, "--format", FOLDED]
    result = run_cli("build", "--output", str(output), "--jobs", "1", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return output / FILE.leaflet


def _problems(path: Path, profile=PROFILE) -> dict[str, list[str]]:
    return dict(preflight(path, PdfReader(path), profile))


@pytest.mark.parametrize("fmt", [FLOWING, FOLDED])
def test_print_files_pass_every_check(printed: Path, fmt: str):
    checks = _problems(printed / _name(fmt))
    assert set(checks) >= {"pdfx", "output intent", "no rgb", "black text", "safe margin", "images", "annotations",
                           "boxes", "fonts", "ink", "qr code"}
    assert {name: found for name, found in checks.items() if found} == {}


def test_verify_runs_the_preflight_on_print_files(printed: Path):
    result = run_cli("verify", "--output", str(printed.parent), "--leaflet", FILE.leaflet, "--lang", FILE.language,
                     "--format", FLOWING, "--report-format", "json")
    assert result.returncode == 0, result.stdout
    rows = {row["variant"]: row for row in json.loads(result.stdout)}
    assert {"pdfx", "output intent", "no rgb", "ink", "qr code"} <= set(rows["print"]["checks"])
    assert "pdfx" not in rows["screen"]["checks"]


def test_print_file_is_pdfx4_for_the_condition(printed: Path):
    reader = PdfReader(printed / _name(FLOWING))
    assert reader.pdf_header == "%PDF-1.6"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == PROFILE.condition.identifier
    assert intent["/DestOutputProfile"].get_object().get_data() == PROFILE.condition.profile.read_bytes()
    # The screen file stays sRGB, tagged, with its links.
    screen = PdfReader(printed / _name(FLOWING, "screen"))
    assert "/OutputIntents" not in screen.trailer["/Root"] and any(p.get("/Annots") for p in screen.pages)


def test_print_builds_are_byte_identical(printed: Path, tmp_path: Path):
    result = run_cli("build", "--output", str(tmp_path), "--jobs", "1", "--leaflet", FILE.leaflet,
                     "--lang", FILE.language,
                     "--format", FOLDED, "--variant", "print")
    assert result.returncode == 0, result.stdout + result.stderr
    again = (tmp_path / FILE.leaflet / _name(FOLDED)).read_bytes()
    assert again == (printed / _name(FOLDED)).read_bytes()


def test_a_colour_outside_the_palette_goes_through_the_profile(project: Path, tmp_path: Path):
    """A colour the palette does not name (a vector figure's own) is converted through the
    printing condition's profile, like an image: the print file has no RGB and passes the
    preflight. (Stylesheets themselves may use palette colours only: see below.)"""
    css = project / "layouts" / FLOWING / "format.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.title { color: #2a7f3a; }\n", encoding="utf-8")
    selection = ("--leaflet", FILE.leaflet, "--lang", FILE.language, "--format", FLOWING, "--variant", "print")
    result = run_cli("build", "--root", str(project), "--output", str(tmp_path), "--jobs", "1", *selection)
    assert result.returncode == 0, result.stdout + result.stderr
    verified = run_cli("verify", "--root", str(project), "--output", str(tmp_path), *selection)
    assert verified.returncode == 0, verified.stdout  # the preflight walks every stream for RGB


# --- each check firing on a deliberately broken copy ---------------------------------


def _broken(printed: Path, tmp_path: Path, edit) -> Path:
    writer = PdfWriter(clone_from=printed / _name(FLOWING))
    edit(writer)
    path = tmp_path / "broken.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _append(page, operations: bytes) -> None:
    content = DecodedStreamObject()
    content.set_data(page.get_contents().get_data() + b"\n" + operations + b"\n")
    page.replace_contents(content)


def _edit_forms(writer: PdfWriter, old: bytes, new: bytes) -> None:
    for page in writer.pages:
        for form in page["/Resources"]["/XObject"].values():
            form = form.get_object()
            form.set_data(form.get_data().replace(old, new))


def _image(writer: PdfWriter, space: str) -> object:
    image = DecodedStreamObject()
    components = {"/DeviceRGB": 3, "/DeviceCMYK": 4}[space]
    image.set_data(b"\x80" * (10 * 10 * components))
    image.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(10), NameObject("/Height"): NumberObject(10),
        NameObject("/ColorSpace"): NameObject(space), NameObject("/BitsPerComponent"): NumberObject(8),
    })
    return writer._add_object(image)


def _draw_image(writer: PdfWriter, space: str) -> None:
    page = writer.pages[0]
    page["/Resources"]["/XObject"][NameObject("/Im9")] = _image(writer, space)
    _append(page, b"q 72 0 0 72 100 100 cm /Im9 Do Q")  # 10 pixels over an inch: 10 ppi


def _no_pdfx_version(writer: PdfWriter) -> None:
    writer.add_metadata({"/GTS_PDFXVersion": "PDF/X-3:2003"})
    del writer._root_object["/Metadata"]


def _other_condition(writer: PdfWriter) -> None:
    intent = writer._root_object["/OutputIntents"][0].get_object()
    intent[NameObject("/OutputConditionIdentifier")] = NameObject("/FOGRA51")


def _rgb_shading(writer: PdfWriter) -> None:
    function = DictionaryObject({
        NameObject("/FunctionType"): NumberObject(2),
        NameObject("/Domain"): ArrayObject([FloatObject(0), FloatObject(1)]),
        NameObject("/C0"): ArrayObject([FloatObject(1), FloatObject(0), FloatObject(0)]),
        NameObject("/C1"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(1)]),
        NameObject("/N"): NumberObject(1),
    })
    shading = DictionaryObject({
        NameObject("/ShadingType"): NumberObject(2), NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
        NameObject("/Coords"): ArrayObject([FloatObject(v) for v in (0, 0, 100, 0)]), NameObject("/Function"): function,
    })
    writer.pages[1]["/Resources"][NameObject("/Shading")] = DictionaryObject({NameObject("/Sh9"): shading})


def _link(writer: PdfWriter) -> None:
    from pypdf.annotations import Link

    writer.add_annotation(0, Link(rect=(100, 100, 200, 120), url="https://example.org"))


def _art_box(writer: PdfWriter) -> None:
    writer.pages[0].artbox = writer.pages[0].trimbox
    del writer.pages[1][NameObject("/BleedBox")]


def _unembedded_font(writer: PdfWriter) -> None:
    for page in writer.pages:
        for form in page["/Resources"]["/XObject"].values():
            for font in form.get_object()["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descendant["/FontDescriptor"].get_object().pop("/FontFile2", None)


BREAKS = [
    ("pdfx", _no_pdfx_version, "GTS_PDFXVersion is 'PDF/X-3:2003'"),
    ("pdfx", _no_pdfx_version, "XMP metadata does not say PDF/X-4"),
    ("output intent", lambda w: w._root_object.pop("/OutputIntents"), "0 GTS_PDFX OutputIntents"),
    ("output intent", _other_condition, "not 'FOGRA39'" if PROFILE.condition.identifier == "FOGRA39" else "names"),
    ("no rgb", lambda w: _append(w.pages[0], b"0.5 0.2 0.1 rg 40 40 20 20 re f"), "fill in DeviceRGB (0.5 0.2 0.1)"),
    ("no rgb", _rgb_shading, "shading in DeviceRGB"),
    ("no rgb", lambda w: _draw_image(w, "/DeviceRGB"), "image in DeviceRGB"),
    ("images", lambda w: _draw_image(w, "/DeviceCMYK"), "an image at 10 ppi"),
    ("black text", lambda w: _edit_forms(w, b"0 0 0 1 k", b"0.7 0.6 0.6 1 k"), "four-ink black or grey"),
    ("qr code", lambda w: _edit_forms(w, b"0 0 0 1 K", b"0.6 0.5 0.5 1 K"), "the QR code carries C, M, Y ink"),
    ("ink", lambda w: _append(w.pages[0], b"1 1 1 1 k 100 100 200 200 re f"), "400% ink at the darkest point"),
    ("annotations", _link, "page 1: 1 annotation(s)"),
    ("boxes", _art_box, "page 1: has an ArtBox"),
    ("boxes", _art_box, "page 2: no TrimBox or no BleedBox"),
    ("fonts", _unembedded_font, "is not embedded"),
]


@pytest.mark.parametrize("check, edit, message", BREAKS, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(BREAKS)])
def test_each_check_fires_on_a_broken_file(printed: Path, tmp_path: Path, check: str, edit, message: str):
    problems = _problems(_broken(printed, tmp_path, edit))
    assert any(message in problem for problem in problems[check]), problems[check]


def test_safe_margin_fires_when_text_is_too_near_the_trim(printed: Path):
    wide = PROFILE.model_copy(update={"safe_margin": 40})  # no leaflet keeps 40 mm clear
    assert any("of the trim" in p for p in _problems(printed / _name(FLOWING), wide)["safe margin"])


def test_ink_limit_comes_from_the_condition(printed: Path):
    strict = PROFILE.model_copy(update={"condition": PROFILE.condition.model_copy(update={"ink_limit": 50})})
    assert any("the limit is 50%" in p for p in _problems(printed / _name(FOLDED), strict)["ink"])


def test_unchanged_reference_shows_the_checks_catch_an_rgb_print_file(printed: Path, tmp_path: Path):
    """The screen file (sRGB, links, no OutputIntent) preflighted as if it were for print."""
    screen = tmp_path / "screen.pdf"
    shutil.copy(printed / _name(FLOWING, "screen"), screen)
    problems = _problems(screen)
    for check in ("pdfx", "output intent", "no rgb", "annotations"):
        assert problems[check], check


def test_palette_is_valid_and_every_print_colour_is_within_the_limit():
    for name, colour in load_palette(PROJECT).colours.items():
        assert sum(colour.print) <= PROFILE.ink_limit, name


# --- the proof: the print file's CMYK, proofed back to sRGB, against the screen file ----

PROOF_DPI = 127  # 5 pixels a millimetre: trim offsets in whole pixels
DELTA_E_MEDIAN, DELTA_E_P99 = 2.0, 3.0  # CIE76 over every pixel of the trim; measured 0-1 and 2


def _gs(pdf: Path, device: str, out: Path) -> Path:
    import subprocess

    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", f"-sDEVICE={device}", f"-r{PROOF_DPI}",
                    "-dFirstPage=1", "-dLastPage=1", f"-sOutputFile={out}", str(pdf)], check=True, capture_output=True)
    return out


def _delta_e(first, second):
    """Per-pixel CIE76 delta E of two sRGB images, as an 8-bit image (255: 255 or more)."""
    from PIL import ImageCms, ImageMath

    to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB", 5000), "RGB", "LAB")
    bands = [[b.convert("F") for b in ImageCms.applyTransform(i, to_lab).split()] for i in (first, second)]
    return ImageMath.lambda_eval(
        lambda a: ((a["l1"] - a["l2"]) * (a["l1"] - a["l2"]) * (100 / 255) ** 2
                   + (a["a1"] - a["a2"]) * (a["a1"] - a["a2"]) + (a["b1"] - a["b2"]) * (a["b1"] - a["b2"])) ** 0.5,
        l1=bands[0][0], a1=bands[0][1], b1=bands[0][2], l2=bands[1][0], a2=bands[1][1], b2=bands[1][2],
    ).convert("L")


def _percentile(histogram: list[int], share: float) -> int:
    wanted, seen = share * sum(histogram), 0
    for value, count in enumerate(histogram):
        seen += count
        if seen >= wanted:
            return value
    return 255


@pytest.mark.parametrize("fmt", [FLOWING, FOLDED])
def test_proof_of_the_print_file_matches_the_screen_colours(printed: Path, tmp_path: Path, fmt: str):
    """The print file rendered in CMYK and proofed through the condition's profile (relative
    colorimetric, black point compensation) against the screen file rendered in sRGB."""
    from PIL import Image, ImageCms

    screen = Image.open(_gs(printed / _name(fmt, "screen"), "png16m", tmp_path / "screen.png")).convert("RGB")
    cmyk = Image.open(_gs(printed / _name(fmt), "tiff32nc", tmp_path / "print.tif"))
    proof = ImageCms.applyTransform(cmyk, ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PROFILE.condition.profile)), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    ))
    page = PdfReader(printed / _name(fmt)).pages[0]
    scale = PROOF_DPI / 72
    # A folded format's screen page 1 is its cover panel: where it sits on the first sheet.
    folded = FORMATS[fmt]
    direction = load(PROJECT, FILE).language.direction
    panel = folded.panel_left(folded.panels[0], direction) * 72 / 25.4 if folded.folded else 0
    left = round((float(page.trimbox.left) + panel) * scale)
    top = round((float(page.mediabox.top) - float(page.trimbox.top)) * scale)
    proof = proof.crop((left, top, left + screen.width, top + screen.height))
    histogram = _delta_e(screen, proof).histogram()
    median, p99 = _percentile(histogram, 0.5), _percentile(histogram, 0.99)
    assert median <= DELTA_E_MEDIAN and p99 <= DELTA_E_P99, (median, p99)


def test_every_palette_colour_proofs_within_three_delta_e():
    """Each colour's CMYK, proofed through the profile, against its screen sRGB (CIE76)."""
    from PIL import Image, ImageCms

    lab = ImageCms.createProfile("LAB", 5000)
    from_cmyk = ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PROFILE.condition.profile)), lab, "CMYK", "LAB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    from_rgb = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB")

    def lab_of(image, transform):
        lightness, a, b = ImageCms.applyTransform(image, transform).getpixel((0, 0))
        return lightness * 100 / 255, a - 128, b - 128

    for name, colour in load_palette(PROJECT).colours.items():
        screen = lab_of(Image.new("RGB", (1, 1), colour.screen), from_rgb)
        ink = lab_of(Image.new("CMYK", (1, 1), tuple(round(v * 2.55) for v in colour.print)), from_cmyk)
        delta = sum((s - p) ** 2 for s, p in zip(screen, ink, strict=True)) ** 0.5
        assert delta <= 3.0 or name == "svg-black", f"{name}: delta E {delta:.1f}"


# --- an independent reference: WeasyPrint's own PDF/X-4 writer ---------------------------


def _xmp_properties(reader: PdfReader) -> set[str]:
    import re

    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    names = set(re.findall(r"<([a-zA-Z]+:[A-Za-z_]+)[\s>]", xmp)) | set(re.findall(r"\s([a-zA-Z]+:[A-Za-z_]+)=\"", xmp))
    return {n for n in names if n.split(":")[0] not in ("x", "rdf", "xmlns", "xml")}


def test_print_file_has_every_pdfx4_part_weasyprints_own_writer_puts(printed: Path):
    """WeasyPrint writes PDF/X-4 itself (its pdf/x-4 variant); every Info, trailer, page-box
    and XMP entry it sets (less the legacy pdfx: namespace of PDF/X-3) is in our print file."""
    import io

    import weasyprint

    written = weasyprint.HTML(string="<title>t</title><p>x</p>").write_pdf(pdf_variant="pdf/x-4")
    reference = PdfReader(io.BytesIO(written))
    ours = PdfReader(printed / _name(FLOWING))
    assert reference.pdf_header == ours.pdf_header
    assert set(reference.metadata) - {"/GTS_PDFXVersion"} <= set(ours.metadata)
    assert set(reference.trailer) <= set(ours.trailer)
    assert {"/TrimBox", "/BleedBox"} <= set(ours.pages[0]) and "/ArtBox" not in ours.pages[0]
    wanted = {n for n in _xmp_properties(reference) if not n.startswith("pdfx:")}
    assert wanted <= _xmp_properties(ours), wanted - _xmp_properties(ours)
    # Both write the XMP packet uncompressed, as PDF/X-4 readers expect to find it.
    assert "/Filter" not in ours.trailer["/Root"]["/Metadata"].get_object()


def test_another_printing_condition_is_a_change_of_data(project: Path, tmp_path: Path):
    """Choosing GRACoL (or a shop's condition) is one line of layouts/print.yaml."""
    settings = project / "layouts" / "print.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("condition: fogra39", "condition: gracol2006"),
                        encoding="utf-8")
    result = run_cli("build", "--root", str(project), "--output", str(tmp_path), "--jobs", "1",
                     "--leaflet", FILE.leaflet, "--lang", FILE.language, "--format", FOLDED, "--variant", "print")
    assert result.returncode == 0, result.stdout + result.stderr
    profile = load_print_profile(Project.at(project))
    assert profile.condition.identifier != PROFILE.condition.identifier
    path = tmp_path / FILE.leaflet / _name(FOLDED)
    assert {name: found for name, found in _problems(path, profile).items() if found} == {}
    intent = PdfReader(path).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == profile.condition.identifier


def test_an_unknown_printing_condition_is_a_clear_error(project: Path, tmp_path: Path):
    settings = project / "layouts" / "print.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("condition: fogra39", "condition: nowhere"),
                        encoding="utf-8")
    result = run_cli("build", "--root", str(project), "--output", str(tmp_path), "--jobs", "1",
                     "--leaflet", FILE.leaflet, "--lang", FILE.language, "--format", FOLDED, "--variant", "print")
    assert result.returncode != 0
    assert "no printing condition 'nowhere'" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_rgb_figures_are_converted_through_the_profile(tmp_path: Path):
    """An sRGB image (a figure) placed in a print file comes out CMYK, each pixel the
    profile's conversion of its colour; the preflight then finds no RGB."""
    import base64
    import io

    import weasyprint
    from PIL import Image, ImageCms

    from foldline.pdf import impose
    from foldline.pdf.press import Press

    colour = load_palette(PROJECT).colours["accent"].screen
    png = io.BytesIO()
    Image.new("RGB", (300, 300), colour).save(png, "PNG")
    source = base64.b64encode(png.getvalue()).decode()
    html = f'<body style="margin: 0"><img style="width: 1in; display: block" src="data:image/png;base64,{source}">'
    written = weasyprint.HTML(string=html).write_pdf()
    path = tmp_path / "figure.pdf"
    path.write_bytes(impose.with_marks(written, FORMATS[FLOWING], Press(load_palette(PROJECT), PROFILE)))
    printed = PdfReader(path)
    form = next(iter(printed.pages[0]["/Resources"]["/XObject"].values())).get_object()
    image = next(iter(form["/Resources"]["/XObject"].values())).get_object()
    assert image["/ColorSpace"] == "/DeviceCMYK"
    expected = ImageCms.applyTransform(Image.new("RGB", (1, 1), colour), ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PROFILE.condition.profile)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )).getpixel((0, 0))
    assert tuple(image.get_data()[:4]) == expected
    problems = _problems(path)
    assert problems["no rgb"] == [] and problems["images"] == [] and problems["pdfx"] == []


@pytest.mark.parametrize("marks", [True, False])
def test_marks_follow_the_print_profile(marks: bool):
    import io

    import weasyprint

    from foldline.pdf import impose
    from foldline.pdf.press import Press

    written = weasyprint.HTML(string="<p>x</p>").write_pdf()
    profile = PROFILE.model_copy(update={"marks": marks})
    sheet = PdfReader(io.BytesIO(impose.with_marks(written, FORMATS[FLOWING], Press(load_palette(PROJECT), profile))))
    content = sheet.pages[0].get_contents().get_data()
    assert (b"0 0 0 1 K" in content) is marks  # crop marks are stroked in black ink outside the bleed


def test_a_shops_bleed_in_the_print_profile_is_every_formats(project: Path, tmp_path: Path):
    settings = project / "layouts" / "print.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "bleed: 5\n", encoding="utf-8")
    selection = ("--leaflet", FILE.leaflet, "--lang", FILE.language, "--format", FLOWING)
    result = run_cli("build", "--root", str(project), "--output", str(tmp_path), "--jobs", "1", *selection)
    assert result.returncode == 0, result.stdout + result.stderr
    page = PdfReader(tmp_path / FILE.leaflet / _name(FLOWING)).pages[0]
    assert float(page.trimbox.left - page.bleedbox.left) == pytest.approx(5 * 72 / 25.4, abs=0.05)
    assert FORMATS[FLOWING].bleed != 5  # the format's own bleed was overridden, not already 5
    verified = run_cli("verify", "--root", str(project), "--output", str(tmp_path), *selection)
    assert verified.returncode == 0, verified.stdout


def test_stylesheets_use_palette_colours_only():
    """Every layout colour is defined once, in colours.yaml, with its CMYK: a hex or rgb()
    colour in a stylesheet would reach print through the generic colour transform
    (meant for figures) instead of its chosen CMYK."""
    literal = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "layouts").rglob("*.css"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(re.sub(r"/\*.*?\*/", "", line))]
    assert found == []
