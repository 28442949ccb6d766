"""The HTML of one output: Jinja2 templates of layouts/ filled with view objects.

Python decides, templates lay out: the template receives view objects
(``views.py``) and values computed here; Jinja2 autoescapes and fails on any
undefined name. Nothing here lays out or writes.
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import jinja2

from ..content import models
from .views import bidi_text, qr_code, run_marking, section_view

_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}
_HEADING = re.compile(r"<h([1-3])\b[^>]*>(.*?)</h\1>", re.S)


def _environment(layouts: Path) -> jinja2.Environment:
    if layouts not in _ENVIRONMENTS:
        _ENVIRONMENTS[layouts] = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(layouts)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _ENVIRONMENTS[layouts]


def render_html(request, notes_pages: int = 0) -> str:
    """The HTML of a render request (``render.RenderRequest``), with ``notes_pages`` blank
    notes pages before the back cover."""
    fmt, loaded = request.format, request.loaded
    template = _environment(request.project.layouts).get_template(f"{fmt.name}/{fmt.template}")
    leaflet = loaded.leaflet
    lang = loaded.language
    meta = leaflet.meta
    folder = loaded.file.path.parent
    return template.render(
        meta=meta,
        language=lang,
        format=fmt,
        variant=request.variant,
        sections=[section_view(s, lang, lang.drop_cap, folder) for s in leaflet.sections],
        contacts=section_view(leaflet.contacts, lang, drop_cap=False, folder=folder),
        online_label=bidi_text(leaflet.labels.online, run_marking(lang)),
        online_url=meta.url,
        online_display=bidi_text(models.display_url(meta.url), run_marking(lang)),
        # What the QR code and the address are for, in the leaflet's language (alt text, link description).
        online_description=f"{leaflet.labels.online}: {models.display_url(meta.url)}",
        qr=qr_code(meta.url, f"{leaflet.labels.online}: {models.display_url(meta.url)}"),
        date=request.date,
        publication_id=meta.publication.id,
        is_draft=leaflet.is_draft,
        # The same words as the running footer's draft line (pdf/verify.py looks for them).
        draft_label=leaflet.draft_label,
        notes_pages=notes_pages,
        notes_label=leaflet.labels.notes,
    )


def headings(html: str) -> list[str]:
    """Heading texts as the reader should hear them: tags dropped, entities decoded."""
    return [re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", inner))).strip() for _, inner in _HEADING.findall(html)]
