"""The stylesheet the build writes for each output, from its format and language.

Colours (the :root variables of layouts/colours.yaml), fonts (@font-face for
the bundled families), page geometry (size, margins,
bleed, one page size per panel for folded sheets), the running footer's words,
the body size chosen by copyfitting and the font stacks. Text that goes into CSS
is escaped by ``css_string``, so content can never break out of a CSS string.
"""
from __future__ import annotations

import re

from ..content.fonts import font_faces
from ..content.load import LoadedLeaflet
from ..project import Project
from .formats import Format
from .printing import load_palette


def css_string(value: str) -> str:
    """A CSS string literal that no content can break out of."""
    return '"' + "".join(c if c.isalnum() or c in " .,-–—:;!?()/'" else f"\\{ord(c):x} " for c in value) + '"'


def css_family_list(families) -> str:
    return ", ".join(css_string(f) for f in families)


def font_face_css(project: Project, lang) -> str:
    """@font-face rules for the bundled faces of the language's stacks."""
    return "\n".join(
        f"@font-face {{ font-family: {css_string(face.family)}; src: url({css_string(face.path.as_uri())}); "
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in font_faces(project, lang.families)
    )


def colour_css(project: Project) -> str:
    """The palette as CSS variables, in screen sRGB for both variants: one layout serves
    both, and the print file's finisher turns each colour into its CMYK (pdf/press.py)."""
    return load_palette(project).css_variables()


def output_css(fmt: Format, loaded: LoadedLeaflet, body_size: float, variant: str) -> str:
    """Page geometry, bleed, footer, body size, font stacks and columns of one output."""
    lang = loaded.language
    rules = []
    bleed = fmt.bleed_for(variant)
    rules.append(
        f"""
@page {{
  font-family: {css_family_list(lang.heading_families)};  /* margin boxes do not inherit from html */
  bleed: {bleed}mm;
  marks: none;  /* print marks are drawn outside the bleed by pdf/impose.py */
  {_footer_css(loaded) if fmt.running_footer else ""}
}}
html {{ font-size: {body_size}pt; }}
body {{ font-family: {css_family_list(lang.body_stack(fmt.narrow))}; }}
h1, h2, h3, .sans {{ font-family: {css_family_list(lang.heading_families)}; }}
{_columns_css(fmt)}
"""
    )
    rules += _geometry_css(fmt, lang.direction)
    if fmt.booklet and fmt.running_footer:
        rules.append(_facing_footer_css(loaded))
    if lang.hyphenate:
        rules.append("p, li { hyphens: auto; }")
    return "\n".join(rules)


def _columns_css(fmt: Format) -> str:
    """The text's columns and the contact panel's.

    One column is no multi-column box: WeasyPrint lays a multi-column box out twice
    per page (a trial, then the columns), which a single column does not need. The
    contact panel's organization cards are shared out between its columns by the build
    (``views.BlockView.columns``), not by CSS column balancing; the columns sit side by
    side with the text's gap."""
    if fmt.columns == 1:
        rules = [".flow { columns: auto; }"]
    else:
        rules = [f".flow {{ columns: {fmt.columns}; column-gap: {fmt.column_gap}mm; }}"]
    if fmt.contact_columns > 1:
        rules.append(f".organizations {{ display: flex; gap: {fmt.column_gap}mm; }}")
        rules.append(".organization-column { flex: 1 1 0; min-width: 0; }")
    return "\n".join(rules)


def _footer_css(loaded: LoadedLeaflet) -> str:
    """Running footer: the title at the start side, 'page X of Y' at the end side."""
    page_label = _page_label(loaded.leaflet.labels)
    start, end_side = ("left", "right") if loaded.language.direction == "ltr" else ("right", "left")
    css = f"@bottom-{start} {{ content: string(leaflet-title); }} @bottom-{end_side} {{ content: {page_label}; }}"
    if loaded.leaflet.is_draft:
        css += f" @bottom-center {{ content: {css_string(loaded.leaflet.draft_label)}; }}"
    return css


def _facing_footer_css(loaded: LoadedLeaflet) -> str:
    """Booklets: the page number at each page's outer edge, the title at the spine."""
    page_label = _page_label(loaded.leaflet.labels)
    return (
        f"@page :right {{ @bottom-left {{ content: string(leaflet-title); }} @bottom-right {{ content: {page_label}; }} }}\n"
        f"@page :left {{ @bottom-left {{ content: {page_label}; }} @bottom-right {{ content: string(leaflet-title); }} }}"
    )


def _page_label(labels) -> str:
    """'Page X of Y' as CSS content, the words from the labels, the numbers counters, in
    the label's own order ("{pages} pages, this is {page}" prints as written)."""
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or css_string(part) for part in re.split(r"(\{pages?\})", labels.page))


def _geometry_css(fmt: Format, direction: str) -> list[str]:
    """Page sizes and margins: one size for flowing formats, one per panel for folded sheets."""
    if not fmt.folded:
        m = fmt.margins
        return [
            f".cover {{ height: {fmt.page.height - m.top - m.bottom:.2f}mm; }}",
            _figure_css(fmt.page.height - m.top - m.bottom),
            f"@page {{ size: {fmt.page.width}mm {fmt.page.height}mm; margin: {m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm; }}",
            # Facing pages (booklets): the spine is always between a spread's left and
            # right page, whatever the reading direction (which only decides whether
            # page 1 is a right or a left page), so the inner margin is mirrored.
            f"@page :left {{ margin-left: {m.outer}mm; margin-right: {m.inner}mm; }}" if fmt.booklet else "",
        ]
    pm = fmt.panel_margins
    last = fmt.body_panels[-1]
    rules = [
        f".cover {{ height: {fmt.page.height - pm.top - pm.bottom:.2f}mm; }}",
        _figure_css(fmt.page.height - pm.top - pm.bottom),
        # Text that overflows the sheet runs onto pages the size of its last body panel,
        # so copyfitting measures an overflow in panels (the panels' own rules follow).
        f"@page {{ size: {last.width}mm {fmt.page.height}mm; margin: {pm.top}mm {pm.fold}mm {pm.bottom}mm {pm.fold}mm; }}",
    ]
    for number, panel in enumerate(fmt.panels, start=1):
        left_edge, right_edge = fmt.touches_edges(panel, direction)
        left = pm.edge if left_edge else pm.fold
        right = pm.edge if right_edge else pm.fold
        rules.append(
            f"@page :nth({number}) {{ size: {panel.width}mm {fmt.page.height}mm; "
            f"margin: {pm.top}mm {right}mm {pm.bottom}mm {left}mm; }}"
        )
    return rules


FIGURE_SHARE = 0.6  # of the text area's height: room left for the caption and a heading kept with it


def _figure_css(text_height: float) -> str:
    """A tall picture is scaled down to fit the page or panel, not run off its foot (a
    figure is kept in one piece, so one taller than the text area was cut by the page)."""
    return f".figure img {{ max-height: {text_height * FIGURE_SHARE:.2f}mm; }}"
