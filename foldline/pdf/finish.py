"""The finished files of one output: a laid-out document written as the variant's PDF(s).

- Flowing formats: the screen file is the tagged layout written once, with the
  structure-tree repairs of ``tags.finisher`` and its boxes cut to the trim; the
  print file is the same layout imposed with crop marks (``impose.with_marks``),
  and a booklet's print variant also writes its imposed sheets (".imposed").
- Folded formats: the screen file is the tagged layout as it is, one page per panel in
  reading order (cover, body panels, back; for either reading direction), each page the
  panel's trim size; the print file is the panels imposed onto their sheets
  (``impose.fold_sheets``). Imposition draws each page as a Form XObject, which no
  structure tree survives, and a reader on screen reads panel by panel anyway.

Print files are converted while they are imposed (``press.Press``: the palette's
CMYK for every colour, PDF/X-4 for the printing condition of layouts/print.yaml).

Every variant made from one layout starts from the same written bytes, so a
file's bytes do not depend on which variants were built with it.
"""
from __future__ import annotations

import contextlib
import io

from ..errors import ContentError
from ..layout.actualtext import actual_texts, drawn_with_actual_text
from ..layout.printing import load_palette, load_print_profile
from ..layout.render import Rendered, RenderError
from ..layout.resolution import low_resolution
from ..layout.structure import recorded_origins
from ..layout.weasy import caught_warnings
from ..project import Variant
from . import impose
from .press import Press
from .tags import Identity, finisher


def finished_files(rendered: Rendered, variant: Variant) -> list[tuple[str, bytes]]:
    """The PDF(s) of one variant: ("", main file) and, for booklets' print variant,
    (".imposed", sheets). ``rendered`` may be laid out for another variant: both
    variants are laid out once, with bleed, and the screen file is cut to the trim."""
    request, variant = rendered.request, Variant(variant)
    fmt = request.format
    if variant is Variant.PRINT and (blurred := low_resolution(rendered)):
        raise RenderError("; ".join(blurred))
    press = _press(rendered) if variant is Variant.PRINT else None
    if fmt.on_sheets(variant):  # sheets are cut from the panels' trim (plus bleed)
        direction = request.loaded.language.direction
        return [("", impose.fold_sheets(pdf_bytes(rendered, variant), fmt, direction, variant, press))]
    data = pdf_bytes(rendered, variant)
    if variant is Variant.SCREEN:
        return [("", data)]
    if not fmt.booklet:
        return [("", impose.with_marks(data, fmt, press))]
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data))  # parsed once for both impositions
    direction = request.loaded.language.direction
    return [("", impose.with_marks(pages, fmt, press)), (".imposed", impose.booklet(pages, fmt, direction, _press(rendered)))]


def _press(rendered: Rendered) -> Press:
    """A fresh conversion per file (it keeps the digest its document id comes from)."""
    project = rendered.request.project
    try:
        return Press(load_palette(project), load_print_profile(project))
    except ContentError as exc:
        raise RenderError("; ".join(str(p) for p in exc.problems)) from None


def pdf_bytes(rendered: Rendered, variant: Variant) -> bytes:
    """The layout written as PDF, once per kind (tagged or not; with the screen file's
    text layer or not). A tagged layout is written as the finished screen file
    (headings labelled, boxes cut to the trim: ``tags.finisher``; each text box's
    logical text as /ActualText: ``actualtext``); the print file's imposition takes
    the bleed from the page content and drops the tags it does not need."""
    fmt, variant = rendered.request.format, Variant(variant)
    tagged = fmt.tagged and (variant is Variant.SCREEN or rendered.tagged)
    # The screen file's text layer (/ActualText) stays out of print files: imposed into
    # Form XObjects, its characters would be spread over the whole form by pdfium.
    with_text = tagged and variant is Variant.SCREEN
    if (tagged, with_text) in rendered.written:
        return rendered.written[(tagged, with_text)]
    options = {"pdf_identifier": True, "pdf_tags": tagged}
    text_layer = drawn_with_actual_text(actual_texts(rendered.document)) if with_text else contextlib.nullcontext()
    structure = recorded_origins() if tagged else contextlib.nullcontext()
    with caught_warnings() as warnings, text_layer, structure as origins:
        if tagged:
            options["pdf_variant"] = "pdf/ua-1"
            options["finisher"] = finisher(rendered.headings, trim_only=rendered.variant is Variant.PRINT,
                                           origins=origins, identity=_identity(rendered))
        data = rendered.document.write_pdf(**options)
    if warnings:
        raise RenderError("; ".join(dict.fromkeys(warnings)))
    rendered.written[(tagged, with_text)] = data
    return data


def _identity(rendered: Rendered) -> Identity:
    """The screen file's language and XMP ids: one document id per output, one instance
    id per laid-out content (the same input gives the same file)."""
    import hashlib
    import re

    request = rendered.request
    name = f"{request.loaded.file.path.parent.name}/{request.loaded.leaflet.meta.language}/{request.format.name}"
    # Where the project (or its fonts) lies is no part of it: URLs in the stylesheets and
    # file URLs are left out (the fonts and figures are the build fingerprint's business).
    laid_out = f"{rendered.html}\0{rendered.css}\0{rendered.body_size}"
    laid_out = re.sub(r"file://[^\s\"')]*", "", re.sub(r"url\((\"[^\"]*\"|'[^']*'|[^)]*)\)", "url()", laid_out))
    laid_out = hashlib.sha256(laid_out.encode()).hexdigest()
    leaflet = request.loaded.leaflet
    runs = leaflet.meta.translation.source if leaflet.meta.translation and request.loaded.language.script != "latin" else None
    return Identity(leaflet.meta.language, name, laid_out, runs)
