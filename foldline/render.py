"""Rendering: a validated leaflet + a format -> HTML (Jinja2) -> PDF (WeasyPrint).

Python decides, templates lay out: everything computed (drop caps, phone links,
the footer's words, fonts, page geometry) is computed here and handed to the
template as plain view objects. Jinja2 autoescapes and fails on any undefined
name; text that goes into CSS is escaped for CSS here, never by the template.

WeasyPrint only reaches the project's own layout and font files: any other
URL is refused, and any warning it logs fails the output. WeasyPrint is imported
lazily, so planning and no-op builds never pay for it.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe

from . import models
from .content import LoadedLeaflet
from .formats import Format
from .languages import font_faces
from .project import Project

PX_PER_MM = 96 / 25.4


class RenderError(Exception):
    """An output that cannot be rendered as asked; the message says why."""


# --- view objects handed to templates ---------------------------------------------------


@dataclass(frozen=True)
class PhoneView:
    display: str
    tel: str
    label: str | None


@dataclass(frozen=True)
class OrganizationView:
    name: str
    address: list[str]
    phones: list[PhoneView]
    email: str | None
    website: str | None
    website_display: str | None


@dataclass(frozen=True)
class BlockView:
    kind: str  # "text", "items" or "organization"
    text: str = ""
    initial: str = ""  # drop cap letter(s); empty when none
    items: list = field(default_factory=list)  # (name, separator, description)
    organization: OrganizationView | None = None


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    blocks: list[BlockView]


# A run of left-to-right text inside right-to-left text: Latin words with the digits,
# hyphens and dots that belong to them ("5-HTP", "Creutzfeldt-Jakob", "www.x.org").
_LATIN = (
    r"(?:[0-9][0-9\-\u2010\u2013./]*[\s\-\u2010]*)*[A-Za-z][A-Za-z0-9\-\u2010\u2013./+'’@]*"
    r"(?:[ ,]+[A-Za-z0-9][A-Za-z0-9\-\u2010\u2013./+'’@]*)*"
)
# Parentheses go with the run they enclose, or they are mirrored around it.
_LTR_RUN = re.compile(rf"\({_LATIN}\)|{_LATIN}")


class Isolated(str):
    """Text whose left-to-right runs are isolated when it is set right to left.

    The Unicode bidi algorithm alone shows "5-HTP" as "HTP-5" and
    "2116 Casa Linda Drive" as "Casa Linda Drive 2116" in an Arabic paragraph;
    marking those runs ltr keeps them readable (and extractable in logical order).
    """

    def __html__(self) -> str:
        out, last = [], 0
        for match in _LTR_RUN.finditer(self):
            out.append(str(markupsafe.escape(self[last:match.start()])))
            out.append(f'<span dir="ltr">{markupsafe.escape(match.group(0))}</span>')
            last = match.end()
        out.append(str(markupsafe.escape(self[last:])))
        return "".join(out)


def _text(value: str | None, rtl: bool):
    if value is None:
        return None
    return Isolated(value) if rtl else value


def _initial(text: str) -> tuple[str, str]:
    """Split off the drop cap: leading opening punctuation plus the first letter."""
    match = re.match(r"^([\"“‘'(¿¡«]*\w)", text)
    if not match or not match.group(1)[-1].isalpha():
        return "", text
    return match.group(1), text[match.end():]


def _organization(org: models.Organization, rtl: bool) -> OrganizationView:
    return OrganizationView(
        name=_text(org.name, rtl),
        address=[_text(line, rtl) for line in org.address],
        phones=[
            PhoneView(
                display=_text(re.sub(r"\s+", " ", p.number.strip()), rtl),
                tel="tel:" + models.international(p.number, org.country),
                label=_text(p.label, rtl),
            )
            for p in org.phones
        ],
        email=org.email,
        website=org.website,
        website_display=_text(models.display_url(org.website), rtl) if org.website else None,
    )


def section_view(section: models.Section, drop_cap: bool, separator: str, rtl: bool = False) -> SectionView:
    blocks = []
    for index, block in enumerate(section.blocks):
        if isinstance(block, models.TextBlock):
            text = re.sub(r"\s+", " ", block.text).strip()
            initial, rest = _initial(text) if drop_cap and index == 0 else ("", text)
            blocks.append(BlockView("text", text=_text(rest, rtl), initial=initial))
        elif isinstance(block, models.ListBlock):
            items = []
            for item in block.items:
                description = re.sub(r"\s+", " ", item.description).strip()
                # No space before a description that opens with punctuation (", also called ...").
                sep = "" if re.match(r"^[,;:.)\u060c\u3001\uff0c]", description) else separator
                items.append((_text(item.name, rtl), sep, _text(description, rtl)))
            blocks.append(BlockView("items", items=items))
        else:
            blocks.append(BlockView("organization", organization=_organization(block.organization, rtl)))
    return SectionView(section.id, _text(section.title, rtl), blocks)


# --- CSS computed from the format and the language --------------------------------------


def css_string(value: str) -> str:
    """A CSS string literal that no content can break out of."""
    return '"' + "".join(c if c.isalnum() or c in " .,-–—:;!?()/'" else f"\\{ord(c):x} " for c in value) + '"'


def css_family_list(families) -> str:
    return ", ".join(css_string(f) for f in families)


def page_css(project: Project, fmt: Format, loaded: LoadedLeaflet, body_size: float, variant: str) -> str:
    lang = loaded.language
    rules = [
        f"@font-face {{ font-family: {css_string(face.family)}; src: url({css_string(face.path.as_uri())}); "
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in font_faces(project, lang.families)
    ]
    bleed = fmt.bleed if variant == "print" else 0
    rules.append(
        f"""
@page {{
  font-family: {css_family_list(lang.heading_families)};  /* margin boxes do not inherit from html */
  bleed: {bleed}mm;
  marks: none;  /* print marks are drawn outside the bleed by impose.py */
  {_footer_css(loaded) if fmt.running_footer else ""}
}}
html {{ font-size: {body_size}pt; }}
body {{ font-family: {css_family_list(lang.body_stack(fmt.narrow))}; }}
h1, h2, h3, .sans {{ font-family: {css_family_list(lang.heading_families)}; }}
.flow {{ columns: {fmt.columns}; column-gap: {fmt.column_gap}mm; }}
"""
    )
    rules += _geometry_css(fmt, lang.direction)
    if lang.hyphenate:
        rules.append("p, li { hyphens: auto; }")
    return "\n".join(rules)


def _footer_css(loaded: LoadedLeaflet) -> str:
    """Running footer: the title at the start side, 'page X of Y' at the end side."""
    labels, meta = loaded.leaflet.labels, loaded.leaflet.meta
    before, _, after = labels.page.partition("{page}")
    middle, _, end = after.partition("{pages}")
    page_label = f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) {css_string(end)}"
    start, end_side = ("left", "right") if loaded.language.direction == "ltr" else ("right", "left")
    css = f"@bottom-{start} {{ content: string(leaflet-title); }} @bottom-{end_side} {{ content: {page_label}; }}"
    if meta.translation is not None and meta.translation.status == "draft":
        css += f" @bottom-center {{ content: {css_string(labels.draft or 'Draft translation')}; }}"
    return css


def _geometry_css(fmt: Format, direction: str) -> list[str]:
    """Page sizes and margins: one size for flowing formats, one per panel for folded sheets."""
    if fmt.layout == "flow":
        m = fmt.margins
        inner_left = "left" if direction == "ltr" else "right"
        return [
            f"@page {{ size: {fmt.page.width}mm {fmt.page.height}mm; margin: {m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm; }}",
            # Facing pages (booklets): the inner margin is at the spine.
            f"@page :{inner_left} {{ margin-left: {m.inner}mm; margin-right: {m.outer}mm; }}"
            if fmt.imposition == "booklet" else "",
        ]
    rules = []
    pm = fmt.panel_margins
    for number, panel in enumerate(fmt.panels, start=1):
        left_x = panel.x if direction == "ltr" else fmt.page.width - panel.x - panel.width
        left = pm.edge if left_x < 0.01 else pm.fold
        right = pm.edge if abs(left_x + panel.width - fmt.page.width) < 0.01 else pm.fold
        rules.append(
            f"@page :nth({number}) {{ size: {panel.width}mm {fmt.page.height}mm; "
            f"margin: {pm.top}mm {right}mm {pm.bottom}mm {left}mm; }}"
        )
    return rules


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


def render_html(project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, notes_pages: int = 0) -> str:
    env = _ENVIRONMENTS.get(project.layouts) or _ENVIRONMENTS.setdefault(project.layouts, _environment(project))
    template = env.get_template(f"{fmt.name}/{fmt.template}")
    leaflet = loaded.leaflet
    lang = loaded.language
    rtl = lang.direction == "rtl"
    views = [section_view(s, lang.drop_cap, lang.name_separator, rtl) for s in leaflet.sections]
    meta = leaflet.meta
    return template.render(
        meta=meta,
        language=lang,
        format=fmt,
        variant=variant,
        sections=views,
        contacts=section_view(leaflet.contacts, False, lang.name_separator, rtl),
        online_label=_text(leaflet.labels.online, rtl),
        online_url=meta.url,
        online_display=models.display_url(meta.url),
        date=meta.publication.date,
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


def _fetcher(project: Project):
    """Only file: URLs inside layouts/ and fonts/; every other request is refused."""
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


def render(
    project: Project, fmt: Format, loaded: LoadedLeaflet, variant: str, body_size: float, notes_pages: int = 0
) -> Rendered:
    """Lay out one output at one body size. Raises RenderError on any warning."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(project, fmt, loaded, variant, notes_pages)
    caught = _WarningsCaught()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        fetcher = _fetcher(project)
        # Without a FontConfiguration WeasyPrint ignores @font-face and silently
        # uses whatever the machine has installed.
        fonts = FontConfiguration()
        css = weasyprint.CSS(
            string=page_css(project, fmt, loaded, body_size, variant), url_fetcher=fetcher, font_config=fonts
        )
        document = weasyprint.HTML(
            string=html, base_url=(fmt.folder / fmt.template).as_uri(), url_fetcher=fetcher
        ).render(stylesheets=[css], font_config=fonts, pdf_tags=variant == "screen" and fmt.layout == "flow")
    finally:
        logger.removeHandler(caught)
    if caught.messages:
        raise RenderError("; ".join(dict.fromkeys(caught.messages)))
    return Rendered(document, len(document.pages), body_size)


def finished_files(rendered: Rendered, loaded: LoadedLeaflet, fmt: Format, variant: str) -> list[tuple[str, bytes]]:
    """The PDF(s) of one output: ("", main file) and, for booklets' print variant, (".imposed", sheets)."""
    from . import impose

    if fmt.layout == "panels":
        return [("", impose.fold_sheets(pdf_bytes(rendered, fmt, variant), fmt, loaded.language.direction, variant))]
    data = pdf_bytes(rendered, fmt, variant)
    if variant != "print":
        return [("", data)]
    files = [("", impose.with_marks(data, fmt))]
    if fmt.imposition == "booklet":
        files.append((".imposed", impose.booklet(data, fmt)))
    return files


def pdf_bytes(rendered: Rendered, fmt: Format, variant: str) -> bytes:
    # Folded sheets are imposed after rendering, which loses the structure tree; their
    # tagged, reading-order edition is the flowing formats' screen variant.
    tagged = variant == "screen" and fmt.layout == "flow"
    options = {"pdf_identifier": True, "pdf_tags": tagged}
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
    caught = _WarningsCaught()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        data = rendered.document.write_pdf(**options)
    finally:
        logger.removeHandler(caught)
    if caught.messages:
        raise RenderError("; ".join(dict.fromkeys(caught.messages)))
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a crash never leaves a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
