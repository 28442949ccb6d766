"""Rendering: a validated leaflet + a format -> HTML (Jinja2) -> PDF (WeasyPrint).

Python decides, templates lay out: the template receives view objects
(``views.py``) and the build's stylesheet (``stylesheet.py``); Jinja2 autoescapes
and fails on any undefined name. This module also writes the finished files
(imposition for print and folded formats is in ``impose.py``).

WeasyPrint only reaches the project's own layout and font files: any other
URL is refused, and any warning it logs fails the output. WeasyPrint is imported
lazily (``import_weasyprint``), so planning and no-op builds never pay for it.
"""
from __future__ import annotations

import contextlib
import functools
import html as htmllib
import io
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import models
from .content import LoadedLeaflet
from .dates import pdf_date
from .formats import Format
from .project import Project
from .stylesheet import font_face_css, output_css
from .views import bidi_text, qr_code, section_view

PX_PER_MM = 96 / 25.4


class RenderError(Exception):
    """An output that cannot be rendered as asked; the message says why."""


# --- HTML -------------------------------------------------------------------------------


def _environment(project: Project) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.layouts)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


def render_html(
    project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, notes_pages: int = 0, date: str | None = None
) -> str:
    """The output's HTML. ``date`` (YYYY-MM-DD) defaults to SOURCE_DATE_EPOCH or the publication date."""
    env = _ENVIRONMENTS.get(project.layouts) or _ENVIRONMENTS.setdefault(project.layouts, _environment(project))
    template = env.get_template(f"{fmt.name}/{fmt.template}")
    leaflet = loaded.leaflet
    lang = loaded.language
    rtl = lang.direction == "rtl"
    views = [section_view(s, lang, lang.drop_cap) for s in leaflet.sections]
    meta = leaflet.meta
    return template.render(
        meta=meta,
        language=lang,
        format=fmt,
        variant=variant,
        sections=views,
        contacts=section_view(leaflet.contacts, lang, drop_cap=False),
        online_label=bidi_text(leaflet.labels.online, rtl),
        online_url=meta.url,
        online_display=bidi_text(models.display_url(meta.url), rtl),
        qr=qr_code(meta.url, f"QR code: {meta.url}"),
        date=date or pdf_date(meta.publication.date),
        publication_id=meta.publication.id,
        is_draft=meta.translation is not None and meta.translation.status == "draft",
        notes_pages=notes_pages,
        notes_label=leaflet.labels.notes,
    )


# --- WeasyPrint ---------------------------------------------------------------------------


class _WarningsCaught(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _weasyprint_warnings():
    """The messages WeasyPrint logs at WARNING or above inside the block, as a list."""
    caught = _WarningsCaught()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        yield caught.messages
    finally:
        logger.removeHandler(caught)


def import_weasyprint():
    """The weasyprint module, imported once per process without running a C compiler.

    WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying each
    library's names for every platform in turn (``libpango-1.0-0``, ``pango-1.0``,
    ``libpango-1.0.so.0``...). cffi hands a name it cannot open to
    ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then ``gcc`` and
    ``ld`` (WeasyPrint issue #1125): about 0.2 s of each import, spent on names that
    are not Linux names. On Linux the sonames WeasyPrint also tries are opened by the
    dynamic loader itself, which searches what the linker would, so while WeasyPrint is
    imported ``find_library`` answers at once that it knows nothing. Where that loads
    nothing, WeasyPrint is imported again the usual way."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its help before raising
            import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = find_library
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


def _fetcher(project: Project):
    """Only file: URLs inside layouts/ and fonts/; every other request is refused."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    allowed = [project.layouts.resolve(), project.fonts.resolve()]

    class ProjectFilesOnly(URLFetcher):
        refused: list[str] = []

        def fetch(self, url, headers=None):
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            # A host part (file://server/...) would make the path relative to the
            # working folder, so only local, absolute file: URLs are considered.
            if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost") and parts.path.startswith("/"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            self.refused.append(url)
            raise ValueError(f"refused resource {url!r}: only the project's layout and font files may be used")

    return ProjectFilesOnly(allowed_protocols=("file",), allow_redirects=False)


@dataclass
class Rendered:
    document: object  # weasyprint.Document
    pages: int
    body_size: float
    headings: list[str] = field(default_factory=list)  # h1-h3 texts in document order
    html: str = ""  # what was laid out, kept for benchmarks and debugging
    css: str = ""
    variant: str = "screen"  # laid out with bleed when "print"
    tagged: bool = False  # laid out keeping the structure a tagged PDF needs
    written: dict = field(default_factory=dict, repr=False)  # pdf_bytes' memo


def render(
    project: Project,
    fmt: Format,
    loaded: LoadedLeaflet,
    variant: str,
    body_size: float,
    notes_pages: int = 0,
    tagged: bool | None = None,
    reuse: dict | None = None,
) -> Rendered:
    """Lay out one output at one body size. Raises RenderError on any warning.

    ``variant`` decides the bleed; ``tagged`` (default: the screen variant of a flowing
    format) whether the layout keeps what a tagged PDF needs, so that a layout made
    with bleed can also give the tagged screen file. ``reuse``: a dict kept by a caller
    that renders the same output at several sizes (``_document``)."""
    if tagged is None:
        tagged = variant == "screen" and fmt.layout == "flow"
    weasyprint = import_weasyprint()

    html, parsed, html_warnings = _document(project, fmt, loaded, variant, notes_pages, reuse)
    faces = font_face_css(project, loaded.language)
    rules = output_css(fmt, loaded, body_size, variant)
    fonts, faces_css, font_warnings = _font_setup(project, faces)
    with _weasyprint_warnings() as warnings:
        css = weasyprint.CSS(string=rules, url_fetcher=_fetcher(project), font_config=fonts)
        document = parsed.render(stylesheets=[faces_css, css], font_config=fonts, pdf_tags=tagged)
    if font_warnings or html_warnings or warnings:
        raise RenderError("; ".join(dict.fromkeys([*font_warnings, *html_warnings, *warnings])))
    return Rendered(document, len(document.pages), body_size, _headings(html), html, faces + "\n" + rules, variant, tagged)


def _document(project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, notes_pages: int, reuse: dict | None):
    """(HTML, WeasyPrint's parsed HTML, warnings logged while parsing) of one output.

    The HTML does not depend on the body size, only the stylesheet does: a caller that
    renders one output at several sizes (a copyfitting search) passes the same ``reuse``
    dict to each render, and they share one templating and one parse (about 15 ms a
    render). WeasyPrint only reads a parsed HTML when it renders it; its warnings are
    reported by every render that uses it."""
    key = (variant, notes_pages)
    if reuse is not None and key in reuse:
        return reuse[key]
    weasyprint = import_weasyprint()
    html = render_html(project, fmt, loaded, variant, notes_pages)
    with _weasyprint_warnings() as warnings:
        parsed = weasyprint.HTML(string=html, base_url=(fmt.folder / fmt.template).as_uri(), url_fetcher=_fetcher(project))
    document = (html, parsed, tuple(warnings))
    if reuse is not None:
        reuse[key] = document
    return document


@functools.lru_cache(maxsize=16)
def _font_setup(project: Project, faces: str) -> tuple[object, object, tuple[str, ...]]:
    """A FontConfiguration with the bundled faces registered, kept for the process, one
    per set of faces: Pango's font caches (loaded faces, metrics, shaping) stay warm from
    one render to the next, about a fifth of a tri-fold render. Without a
    FontConfiguration WeasyPrint ignores @font-face and silently uses whatever the machine
    has installed. Returns (configuration, stylesheet, warnings logged while registering),
    so that every render using it reports those warnings again."""
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    with _weasyprint_warnings() as warnings:
        fonts = FontConfiguration()
        css = weasyprint.CSS(string=faces, url_fetcher=_fetcher(project), font_config=fonts)
    return fonts, css, tuple(warnings)


def finished_files(rendered: Rendered, loaded: LoadedLeaflet, fmt: Format, variant: str) -> list[tuple[str, bytes]]:
    """The PDF(s) of one output: ("", main file) and, for booklets' print variant, (".imposed", sheets)."""
    from . import impose

    if fmt.layout == "panels":  # sheets are cut from the panels' trim (plus bleed for print)
        return [("", impose.fold_sheets(pdf_bytes(rendered, fmt, variant), fmt, loaded.language.direction, variant))]
    data = pdf_bytes(rendered, fmt, variant)
    if variant != "print":
        return [("", data)]
    if fmt.imposition != "booklet":
        return [("", impose.with_marks(data, fmt))]
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data))  # parsed once for both impositions
    return [("", impose.with_marks(pages, fmt)), (".imposed", impose.booklet(pages, fmt))]


_HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.S)


def _headings(html: str) -> list[str]:
    """Heading texts as the reader should hear them: tags dropped, entities decoded."""
    return [re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", inner))).strip() for _, inner in _HEADING.findall(html)]


def pdf_bytes(rendered: Rendered, fmt: Format, variant: str) -> bytes:
    """The layout written as PDF, once: every variant made from one layout starts from
    the same bytes. A tagged layout is written as the finished screen file (headings
    labelled, boxes cut to the trim: ``tagging.finisher``); the print file's imposition
    takes the bleed from the page content and drops the tags it does not need.

    Folded sheets are imposed after rendering, which loses the structure tree; their
    tagged, reading-order edition is the flowing formats' screen variant."""
    from .tagging import finisher

    tagged = fmt.layout == "flow" and (variant == "screen" or rendered.tagged)
    if tagged in rendered.written:
        return rendered.written[tagged]
    options = {"pdf_identifier": True, "pdf_tags": tagged}
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
        options["finisher"] = finisher(rendered.headings, trim_only=rendered.variant == "print")
    with _weasyprint_warnings() as warnings:
        data = rendered.document.write_pdf(**options)
    if warnings:
        raise RenderError("; ".join(dict.fromkeys(warnings)))
    rendered.written[tagged] = data
    return data
