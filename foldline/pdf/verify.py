"""Checks of finished PDFs against the content they were made from.

Reads PDFs with pypdf (``reading.py``, never the renderer's internals): every
section title, type name and contact detail of the leaflet's YAML must be in the
extracted text (right-to-left text: its words together, in any order, since
extractors rebuild visual-order text each their own way); the page size must be the format's; every font must be embedded
and be one of the bundled families. Expectations always come from the content
model, so a check can never drift from what the YAML says. Every glyph must sit
where the format allows it (``geometry.py``: inside the safe area and its panel, not
over other text). A print file is also preflighted against its print profile as a
print shop would (``preflight``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from ..content import inline, models
from ..content.phones import printed, tel_uri
from ..content.units import block_texts, marked_texts
from ..layout.formats import Format
from ..layout.printing import PrintProfile
from ..lengths import PT_PER_MM
from ..project import Variant
from .geometry import check_geometry
from .preflight import preflight
from .reading import embedded_fonts, has_unordered, link_targets, normalize, squeeze, tokens
from .sheets import check_sheets
from .structure import check_structure
from .tags import element_attributes
from .textlayer import REORDERING_SCRIPTS, check_words, extracted_pages

BUNDLED_PREFIX = "Foldline-"  # every @font-face family is "Foldline ..." (fonts/fonts.yaml)


@dataclass
class Expectation:
    what: str  # e.g. "section title", "phone"
    text: str


def expectations(leaflet: models.Leaflet) -> list[Expectation]:
    """Everything that must appear in the PDF, read from the content model."""
    wanted = [Expectation("title", leaflet.meta.title)]
    for section in [*leaflet.sections, leaflet.contacts]:
        wanted.append(Expectation("section title", section.title))
    for item in leaflet.type_items:
        wanted.append(Expectation("type name", item.name))
    wanted += [Expectation(what, text) for what, text in block_texts(leaflet)]
    for org in leaflet.organizations:
        wanted.append(Expectation("organization", org.name))
        wanted += [Expectation("address line", line) for line in org.address]
        wanted += [Expectation("phone", printed(p.number)) for p in org.phones]
        if org.email:
            wanted.append(Expectation("email", org.email))
        if org.website:
            wanted.append(Expectation("website", models.display_url(org.website)))
    return wanted


@dataclass
class Report:
    path: Path
    pages: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # may be wrong: a person should look
    checks: list[str] = field(default_factory=list)  # names of the checks that ran

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_links(leaflet: models.Leaflet) -> list[str]:
    links = [leaflet.meta.url, *(href for text in marked_texts(leaflet) for href in inline.links(text))]
    for org in leaflet.organizations:
        links += [tel_uri(p.number, org.country) for p in org.phones]
        if org.email:
            links.append(f"mailto:{org.email}")
        if org.website:
            links.append(org.website)
    return links


def verify_pdf(path: Path, leaflet: models.Leaflet, fmt: Format, variant: str,
               profile: PrintProfile | None = None, direction: str = "ltr", script: str = "latin") -> Report:
    """Check one PDF against its content and format (and a print file against its print
    ``profile``, when given). Every finding is a problem string. ``direction``: the
    language's, which decides where a folded sheet's panels are."""
    report = Report(path)
    try:
        report.bytes = path.stat().st_size
        reader = PdfReader(path)
        report.pages = len(reader.pages)
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # a broken file is a finding, not a crash of the checker
        report.problems.append(f"cannot read PDF: {exc}")
        return report
    layer = extracted_pages(path) if variant == Variant.SCREEN and fmt.tagged else None
    if layer is not None and direction == "ltr":
        # What a reader gets: pdfium honours the screen file's /ActualText, pypdf does not.
        pages = layer
    # Right-to-left text has no order every extractor agrees on: a text is also found
    # where its words stand together in pypdf's or pdfium's reading of it.
    unordered = [pages, layer or extracted_pages(path)] if direction == "rtl" else []
    content_problems = _check_content("\n".join(pages), leaflet, unordered)
    draft_problems = _check_draft(pages, leaflet, fmt)
    if variant == Variant.PRINT and script in REORDERING_SCRIPTS and (content_problems or draft_problems):
        # A print file has no /ActualText, and glyphs of reordered clusters map to the
        # wrong characters: its text layer is not what anyone reads. A person looks.
        report.warnings.append(f"content: {len(content_problems) + len(draft_problems)} text(s) not found in the print "
                               f"file's text layer, as expected for the {script} script without /ActualText; "
                               "the screen file is checked")
        content_problems = draft_problems = []
    checks = [
        ("content", content_problems),
        ("draft", draft_problems),
        ("links", _check_links(reader, leaflet, variant)),
        ("geometry", _check_geometry(reader, fmt, variant)),
        ("fonts", _check_fonts(reader)),
        ("metadata", _check_metadata(reader, leaflet, fmt, variant)),
        ("figures", _check_figures(reader, leaflet, fmt, variant)),
        ("size", _check_size(report.bytes, fmt)),
    ]
    checks += external_checks(path, reader)
    titles = [section.title for section in [*leaflet.sections, leaflet.contacts]]
    placed = check_geometry(path, fmt, direction, headings=titles, variant=variant)
    checks.append(("placement", placed.problems))
    if fmt.booklet and variant == Variant.PRINT:
        checks.append(("sheets", check_sheets(path.with_name(path.name[: -len(".pdf")] + ".imposed.pdf"), path, fmt, direction)))
    report.warnings += placed.warnings
    if variant == Variant.SCREEN and fmt.tagged:
        layer_problems, layer_warnings = check_words(path, leaflet, script, direction, pages=layer)
        checks.append(("text layer", layer_problems))
        checks.append(("structure", check_structure(reader, leaflet.meta.language)))
        report.warnings += layer_warnings
    if variant == Variant.PRINT and profile is not None:
        checks += preflight(path, reader, profile)
    for name, problems in checks:
        report.checks.append(name)
        report.problems += problems
    return report


def _check_content(text: str, leaflet: models.Leaflet, unordered: list[list[str]] = ()) -> list[str]:
    """Every expected text in ``text``; or, where ``unordered`` holds readings of the
    pages (right-to-left files), its words together in one of them (``has_unordered``)."""
    flat, tight = normalize(text), squeeze(text)
    readings = [tokens("\n".join(reading)) for reading in unordered]
    return [
        f"missing {want.what}: {want.text!r}"
        for want in expectations(leaflet)
        if normalize(want.text) not in flat and squeeze(want.text) not in tight
        and not any(has_unordered(want.text, found) for found in readings)
    ]


def _check_draft(page_texts: list[str], leaflet: models.Leaflet, fmt: Format) -> list[str]:
    """A draft translation is marked on its cover (page 1) and, where the format has a
    running footer, on every page: nobody may print it thinking it was reviewed."""
    label = leaflet.draft_label
    if label is None:
        return []
    pages = range(len(page_texts)) if fmt.running_footer else range(1)
    # Word by word and line by line: a right-to-left label extracts with its runs in
    # visual order, and a hyphenated line above must not join its last word to the label.
    wanted = set(re.findall(r"\w+", normalize(label)))
    unmarked = []
    for index in pages:
        lines = page_texts[index].splitlines()
        found = {word for line in lines for word in re.findall(r"\w+", normalize(line))}
        if not wanted <= found:
            unmarked.append(str(index + 1))
    return [f"draft translation not marked {label!r} on page {', '.join(unmarked)}"] if unmarked else []


def _check_figures(reader: PdfReader, leaflet: models.Leaflet, fmt: Format, variant: str) -> list[str]:
    """Each figure's alt text on a /Figure element of a tagged file."""
    if Variant(variant) is not Variant.SCREEN or not fmt.tagged or not leaflet.figures:
        return []
    found = {normalize(str(alt)) for tag, alt in element_attributes(reader, "/Figure", "/Alt")}
    return [f"no /Figure with the alt text {normalize(f.alt)[:40]!r}" for _, f in leaflet.figures if normalize(f.alt) not in found]


def _check_links(reader: PdfReader, leaflet: models.Leaflet, variant: str) -> list[str]:
    found = link_targets(reader)
    wanted = expected_links(leaflet) if variant == Variant.SCREEN else []  # a print file has no annotations
    problems = [f"missing link to {target}" for target in wanted if target not in found]
    problems += [f"unexpected link to {target}" for target in sorted(set(found) - set(wanted))]
    return problems


def _check_geometry(reader: PdfReader, fmt: Format, variant: str) -> list[str]:
    problems = []
    pages = len(reader.pages)
    if fmt.folded and not fmt.on_sheets(variant):
        if not 2 <= pages <= len(fmt.panels):  # the cover, the body panels, the back
            problems.append(f"{pages} pages; a page per panel is at most {len(fmt.panels)}")
    elif fmt.pages.exact is not None and pages != fmt.pages.exact:
        problems.append(f"{pages} pages; the format has exactly {fmt.pages.exact}")
    if fmt.pages.max is not None and (pages > fmt.pages.max or pages % fmt.pages.multiple_of):
        problems.append(f"{pages} pages; the format allows at most {fmt.pages.max}, a multiple of {fmt.pages.multiple_of}")
    bleed = fmt.bleed_for(variant)
    for number, page in enumerate(reader.pages, start=1):
        trim, box = page.trimbox, page.bleedbox
        size = (float(trim.width) / PT_PER_MM, float(trim.height) / PT_PER_MM)
        width, height = fmt.page_size(number, variant)
        if abs(size[0] - width) > 0.2 or abs(size[1] - height) > 0.2:
            problems.append(f"page {number}: TrimBox {size[0]:.1f} x {size[1]:.1f} mm, expected {width:g} x {height:g}")
        margins = [
            float(trim.left - box.left), float(trim.bottom - box.bottom),
            float(box.right - trim.right), float(box.top - trim.top),
        ]
        if any(abs(m / PT_PER_MM - bleed) > 0.2 for m in margins):
            problems.append(f"page {number}: BleedBox is not the TrimBox plus {bleed} mm on every side")
        media = page.mediabox
        if variant == Variant.SCREEN and (float(media.width) != float(trim.width) or float(media.height) != float(trim.height)):
            problems.append(f"page {number}: screen variant's MediaBox is not the trim size")
        if problems:
            break
    return problems


def _check_fonts(reader: PdfReader) -> list[str]:
    problems = []
    fonts = embedded_fonts(reader)
    if not fonts:
        problems.append("no fonts found")
    for name, embedded in fonts:
        base = name.split("+", 1)[-1]
        if not embedded:
            problems.append(f"font {base} is not embedded")
        if not base.startswith(BUNDLED_PREFIX):
            problems.append(f"font {base} is not a bundled font (a fallback was used)")
        if "+" not in name:
            problems.append(f"font {base} is not subset")
    return problems


def _check_metadata(reader: PdfReader, leaflet: models.Leaflet, fmt: Format, variant: str) -> list[str]:
    problems = []
    root = reader.trailer["/Root"]
    info = reader.metadata or {}
    if str(root.get("/Lang", "")) != leaflet.meta.language:
        problems.append(f"document language is {root.get('/Lang')!r}, expected {leaflet.meta.language!r}")
    if str(info.get("/Title", "")) != leaflet.meta.title:
        problems.append(f"title is {info.get('/Title')!r}, expected {leaflet.meta.title!r}")
    if str(info.get("/Author", "")) != leaflet.meta.publisher:
        problems.append("author is not the publisher")
    if variant == Variant.SCREEN and fmt.tagged:
        if "/StructTreeRoot" not in root or not (root.get("/MarkInfo") or {}).get("/Marked"):
            problems.append("screen variant is not tagged (no structure tree)")
        if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
            problems.append("the title is not shown as the window title")
        if "/Outlines" not in root:
            problems.append("no bookmarks")
    return problems


def _check_size(size: int, fmt: Format) -> list[str]:
    limit = fmt.max_file_kb * 1024
    return [f"file is {size // 1024} KB; the format's budget is {fmt.max_file_kb} KB"] if size > limit else []


def external_checks(path: Path, reader: PdfReader) -> list[tuple[str, list[str]]]:
    """Independent checkers where installed: qpdf --check, and pdffonts against our reading."""
    import shutil
    import subprocess

    checks = []
    if shutil.which("qpdf"):
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        # qpdf exits 0 (clean) or 3 (warnings); 2 is an error.
        problems = [] if run.returncode == 0 else [f"qpdf --check: {line}" for line in (run.stdout + run.stderr).splitlines() if "WARNING" in line or "error" in line.lower()][:5] or [f"qpdf --check exited {run.returncode}"]
        checks.append(("qpdf", problems))
    if shutil.which("pdffonts"):
        run = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
        rows = [line.split() for line in run.stdout.splitlines()[2:] if line.strip()]
        theirs = {row[0] for row in rows}
        ours = {name for name, _ in embedded_fonts(reader)}
        problems = []
        if run.returncode != 0:
            problems.append(f"pdffonts exited {run.returncode}")
        elif theirs != ours:
            problems.append(f"pdffonts sees fonts {sorted(theirs ^ ours)} that our reading does not agree on")
        for row in rows:
            # columns: name type [type...] encoding emb sub uni object ID
            if len(row) >= 6 and row[-5] != "yes":
                problems.append(f"pdffonts: {row[0]} not embedded")
        checks.append(("pdffonts", problems))
    return checks
