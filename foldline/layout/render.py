"""Laying out one output: a render request at one body size -> a WeasyPrint document.

A ``RenderRequest`` is everything one output's layout depends on (the project, the
format, the loaded leaflet, the variant, the date the PDF carries, whether it is
laid out tagged), passed down as one object. ``render`` lays it out at one body
size; any warning WeasyPrint logs fails it (``RenderError``). Writing the PDF is
the next stage's (``pdf/finish.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content.load import LoadedLeaflet
from ..project import Project, Variant
from .formats import Format
from .stylesheet import colour_css, font_face_css, output_css
from .template import headings, render_html
from .weasy import caught_warnings, fetcher, font_setup, import_weasyprint


class RenderError(Exception):
    """An output that cannot be rendered as asked; the message says why."""


@dataclass(frozen=True)
class RenderRequest:
    """One output's layout: what it is made from and how it is laid out."""

    project: Project
    format: Format
    loaded: LoadedLeaflet
    variant: Variant  # decides the bleed
    date: str  # YYYY-MM-DD, the date the PDF carries
    tagged: bool  # laid out keeping the structure a tagged PDF needs

    @classmethod
    def of(cls, project: Project, fmt: Format, loaded: LoadedLeaflet, variant: Variant | str,
           date: str | None = None, tagged: bool | None = None) -> RenderRequest:
        """``date``: the build's (SOURCE_DATE_EPOCH), else the leaflet's publication date.
        ``tagged``: by default, the screen variant of a format written tagged."""
        variant = Variant(variant)
        if tagged is None:
            tagged = variant is Variant.SCREEN and fmt.tagged
        return cls(project, fmt, loaded, variant, date or loaded.leaflet.meta.publication.date, tagged)


@dataclass
class Rendered:
    request: RenderRequest
    document: object  # weasyprint.Document
    pages: int
    body_size: float
    headings: list[str] = field(default_factory=list)  # h1-h3 texts in document order
    html: str = ""  # what was laid out, kept for benchmarks and debugging
    css: str = ""
    written: dict = field(default_factory=dict, repr=False)  # pdf.finish.pdf_bytes' memo

    @property
    def variant(self) -> Variant:
        return self.request.variant

    @property
    def tagged(self) -> bool:
        return self.request.tagged


def render(request: RenderRequest, body_size: float, notes_pages: int = 0, reuse: dict | None = None) -> Rendered:
    """Lay out one output at one body size. Raises RenderError on any warning.

    ``reuse``: a dict kept by a caller that renders the same output at several sizes
    (``_document``)."""
    weasyprint = import_weasyprint()
    project = request.project
    html, parsed, html_warnings = _document(request, notes_pages, reuse)
    faces = font_face_css(project, request.loaded.language)
    rules = colour_css(project) + "\n" + output_css(request.format, request.loaded, body_size, request.variant)
    fonts, faces_css, font_warnings = font_setup(project, faces)
    with caught_warnings() as warnings:
        css = weasyprint.CSS(string=rules, url_fetcher=fetcher(project), font_config=fonts)
        document = parsed.render(stylesheets=[faces_css, css], font_config=fonts, pdf_tags=request.tagged)
    if font_warnings or html_warnings or warnings:
        raise RenderError("; ".join(dict.fromkeys([*font_warnings, *html_warnings, *warnings])))
    return Rendered(request, document, len(document.pages), body_size, headings(html), html, faces + "\n" + rules)


def html_of(request: RenderRequest, notes_pages: int = 0, reuse: dict | None = None) -> str:
    """The request's HTML, templated once per ``reuse`` dict (see ``_document``)."""
    key = ("html", request.variant, notes_pages)
    if reuse is not None and key in reuse:
        return reuse[key]
    html = render_html(request, notes_pages)
    if reuse is not None:
        reuse[key] = html
    return html


def _document(request: RenderRequest, notes_pages: int, reuse: dict | None):
    """(HTML, WeasyPrint's parsed HTML, warnings logged while parsing) of one output.

    The HTML does not depend on the body size, only the stylesheet does: a caller that
    renders one output at several sizes (a copyfitting search) passes the same ``reuse``
    dict to each render, and they share one templating and one parse. WeasyPrint only
    reads a parsed HTML when it renders it; its warnings are reported by every render
    that uses it."""
    key = (request.variant, notes_pages)
    if reuse is not None and key in reuse:
        return reuse[key]
    weasyprint = import_weasyprint()
    fmt = request.format
    html = html_of(request, notes_pages, reuse)
    with caught_warnings() as warnings:
        parsed = weasyprint.HTML(
            string=html, base_url=(fmt.folder / fmt.template).as_uri(),
            url_fetcher=fetcher(request.project, request.loaded.file.path.parent),
        )
    document = (html, parsed, tuple(warnings))
    if reuse is not None:
        reuse[key] = document
    return document
