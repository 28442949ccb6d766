"""A print shop's preflight of one print file, against the print profile it was made for.

Checks, each a list of problem strings under a name (``preflight``):
- ``pdfx``: PDF 1.6 or later, GTS_PDFXVersion and /Trapped in the Info dictionary,
  XMP metadata saying PDF/X-4 (pdfxid) and the trapping state, a trailer /ID;
- ``output intent``: one GTS_PDFX OutputIntent naming the printing condition and
  carrying its ICC profile (a CMYK output profile: the condition's own bytes);
- ``no rgb``: no RGB colour anywhere: content-stream operators, colour spaces,
  images, shadings, transparency groups, in pages, forms and annotation appearances
  (``paint``);
- ``black text``: text below the profile's small-text size set in black or grey
  uses the black plate only (a black built of C, M, Y and K misregisters);
- ``safe margin``: no text starts within the safe margin of the trim;
- ``images``: every image at or above the profile's resolution;
- ``annotations``: none; ``boxes``: TrimBox and BleedBox on every page, no ArtBox,
  trim within bleed within media; ``fonts``: every font embedded;
- ``ink`` and ``qr code`` (Ghostscript, where installed): the file rendered to CMYK
  (``tiff32nc``): the most ink any pixel carries is within the ink limit, and the QR
  code decodes from the black plate alone, with no C, M or Y where it is.

Reads the PDF only (pypdf, Ghostscript, zbar); never how it was made.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from ..layout.printing import PrintProfile
from ..lengths import PT_PER_MM
from .paint import declared, uses
from .reading import embedded_fonts

RENDER_DPI = 150  # enough for zbar to read an 18 mm QR code from the black plate
AREA_TOLERANCE = 2  # % ink: a pixel's total may differ this much from the inks drawn (rounding)


def preflight(path: Path, reader: PdfReader, profile: PrintProfile) -> list[tuple[str, list[str]]]:
    """Every check of one print file: [(name, problems)]."""
    used = list(uses(reader))
    checks = [
        ("pdfx", _identification(reader)),
        ("output intent", _output_intent(reader, profile)),
        ("no rgb", _no_rgb(reader, used)),
        ("black text", _black_text(used, profile)),
        ("safe margin", _safe_margin(reader, used, profile)),
        ("images", _images(used, profile)),
        ("annotations", _annotations(reader)),
        ("boxes", _boxes(reader)),
        ("fonts", [f"font {name.split('+', 1)[-1]} is not embedded" for name, ok in embedded_fonts(reader) if not ok]),
    ]
    if shutil.which("gs"):
        checks += _rendered(path, profile)
    return checks


def _identification(reader: PdfReader) -> list[str]:
    problems = []
    version = re.match(r"%PDF-(\d+)\.(\d+)", reader.pdf_header)
    if not version or (int(version.group(1)), int(version.group(2))) < (1, 6):
        problems.append(f"PDF version {reader.pdf_header!r}: PDF/X-4 needs 1.6 or later")
    info = reader.metadata or {}
    if str(info.get("/GTS_PDFXVersion", "")) != "PDF/X-4":
        problems.append(f"GTS_PDFXVersion is {info.get('/GTS_PDFXVersion')!r}, not 'PDF/X-4'")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("the Info dictionary has no /Trapped True or False")
    metadata = reader.trailer["/Root"].get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    if not re.search(r"pdfxid:GTS_PDFXVersion(>|=\")PDF/X-4\b", xmp):
        problems.append("the XMP metadata does not say PDF/X-4 (pdfxid:GTS_PDFXVersion)")
    if not re.search(r"pdf:Trapped(>|=\")(True|False)\b", xmp):
        problems.append("the XMP metadata has no pdf:Trapped")
    if "/ID" not in reader.trailer:
        problems.append("no document /ID in the trailer")
    return problems


def _output_intent(reader: PdfReader, profile: PrintProfile) -> list[str]:
    condition = profile.condition
    intents = [i.get_object() for i in reader.trailer["/Root"].get("/OutputIntents") or []]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return [f"{len(pdfx)} GTS_PDFX OutputIntents; PDF/X needs exactly one"]
    intent, problems = pdfx[0], []
    if str(intent.get("/OutputConditionIdentifier", "")) != condition.identifier:
        named = intent.get("/OutputConditionIdentifier")
        problems.append(f"the OutputIntent names {named!r}, not {condition.identifier!r}")
    icc = intent.get("/DestOutputProfile")
    data = icc.get_object().get_data() if icc is not None else b""
    if len(data) < 128:
        problems.append("the OutputIntent has no destination ICC profile")
    elif data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        kind = f"{data[12:16]!r} {data[16:20]!r}"
        problems.append(f"the OutputIntent's profile is a {kind} profile, not a CMYK output profile")
    elif data != condition.profile.read_bytes():
        problems.append(f"the OutputIntent's profile is not {condition.profile.name}, the condition's")
    return problems


def _no_rgb(reader: PdfReader, used) -> list[str]:
    problems = [
        f"page {page}: {what} in {space}" for page, what, space in declared(reader) if space in ("DeviceRGB", "unknown")
    ]
    for use in used:
        if use.space == "DeviceRGB" or use.space.startswith("unknown"):
            problems.append(f"page {use.page}: {use.kind} in {use.space} {_values(use.values)}".rstrip())
    return _first(sorted(set(problems), key=problems.index))


def _black_text(used, profile: PrintProfile) -> list[str]:
    problems = []
    for use in used:
        if use.kind != "text" or use.size >= profile.small_text or use.space != "DeviceCMYK" or len(use.values) != 4:
            continue
        c, m, y, k = use.values
        if k > 0 and c > 0 and m > 0 and y > 0:
            problems.append(
                f"page {use.page}: {use.size:.1f} pt text in a four-ink black or grey {_values(use.values)}: "
                f"text under {profile.small_text:g} pt in black or grey must be black ink only"
            )
    return _first(sorted(set(problems), key=problems.index))


def _safe_margin(reader: PdfReader, used, profile: PrintProfile) -> list[str]:
    margin = profile.safe_margin * PT_PER_MM
    problems = []
    for use in used:
        if use.kind != "text":
            continue
        trim = reader.pages[use.page - 1].trimbox
        if not (float(trim.left) + margin - 0.5 <= use.x <= float(trim.right) - margin + 0.5
                and float(trim.bottom) + margin - 0.5 <= use.y <= float(trim.top) - margin + 0.5):
            problems.append(f"page {use.page}: text at ({use.x / PT_PER_MM:.1f}, {use.y / PT_PER_MM:.1f}) mm "
                            f"is within {profile.safe_margin:g} mm of the trim")
    return _first(problems)


def _images(used, profile: PrintProfile) -> list[str]:
    return _first([
        f"page {use.page}: an image at {use.x:.0f} ppi; print needs {profile.image_ppi:g}"
        for use in used if use.kind == "image" and use.space != "mask" and use.x < profile.image_ppi
    ])


def _annotations(reader: PdfReader) -> list[str]:
    return [f"page {n}: {len(p['/Annots'])} annotation(s)" for n, p in enumerate(reader.pages, 1) if p.get("/Annots")]


def _boxes(reader: PdfReader) -> list[str]:
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        if "/TrimBox" not in page or "/BleedBox" not in page:
            problems.append(f"page {number}: no TrimBox or no BleedBox")
            continue
        if "/ArtBox" in page:
            problems.append(f"page {number}: has an ArtBox beside the TrimBox")
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        if not (_within(trim, bleed) and _within(bleed, media)):
            problems.append(f"page {number}: the TrimBox is not inside the BleedBox inside the MediaBox")
    return problems


def _rendered(path: Path, profile: PrintProfile) -> list[tuple[str, list[str]]]:
    """Ink coverage and the QR code, from a CMYK rendering of every page."""
    from PIL import Image, ImageMath, ImageOps

    with tempfile.TemporaryDirectory(prefix="foldline-preflight-") as folder:
        run = subprocess.run(
            ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{RENDER_DPI}",
             f"-sOutputFile={folder}/page-%03d.tif", str(path)],
            capture_output=True, text=True, check=False,
        )
        if run.returncode != 0:
            return [("ink", [f"Ghostscript could not render the file: {run.stderr.strip()[:200]}"])]
        ink, qr, codes = [], [], 0
        for number, tif in enumerate(sorted(Path(folder).glob("page-*.tif")), start=1):
            with Image.open(tif) as image:
                c, m, y, k = (band.convert("I") for band in image.split())
            total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
            most = total.getextrema()[1] * 100 / 255
            if most > profile.ink_limit + AREA_TOLERANCE:
                ink.append(f"page {number}: {most:.0f}% ink at the darkest point; the limit is {profile.ink_limit:g}%")
            found, problems = _qr_codes(number, ImageOps.invert(k.convert("L")), (c, m, y))
            codes += found
            qr += problems
        if codes == 0:
            qr.append("no QR code readable from the black plate alone")
        return [("ink", ink), ("qr code", qr)]


def _qr_codes(number: int, black_plate, colour_plates) -> tuple[int, list[str]]:
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    problems = []
    symbols = decode(black_plate, symbols=[ZBarSymbol.QRCODE])
    if not symbols:  # a long address makes small modules: zbar finds them at twice the size
        scale = 2
        symbols = decode(black_plate.resize((black_plate.width * scale, black_plate.height * scale), Image.LANCZOS),
                         symbols=[ZBarSymbol.QRCODE])
        colour_plates = [plate.resize((plate.width * scale, plate.height * scale)) for plate in colour_plates]
    for symbol in symbols:
        left, top = symbol.rect.left, symbol.rect.top
        box = (left, top, left + symbol.rect.width, top + symbol.rect.height)
        inks = [plate.crop(box).getextrema()[1] for plate in colour_plates]
        if any(inks):
            names = ", ".join(n for n, v in zip("CMY", inks, strict=True) if v)
            problems.append(f"page {number}: the QR code carries {names} ink besides black; it must be black only")
    return len(symbols), problems


def _within(inner, outer, slack: float = 0.01) -> bool:
    return (float(inner.left) >= float(outer.left) - slack and float(inner.bottom) >= float(outer.bottom) - slack
            and float(inner.right) <= float(outer.right) + slack and float(inner.top) <= float(outer.top) + slack)


def _values(values: tuple) -> str:
    return "(" + " ".join(f"{v:g}" for v in values) + ")" if values else ""


def _first(problems: list[str], count: int = 5) -> list[str]:
    """At most ``count`` findings, and how many more: one broken stream can repeat a finding a thousand times."""
    return problems[:count] + ([f"... and {len(problems) - count} more"] if len(problems) > count else [])
