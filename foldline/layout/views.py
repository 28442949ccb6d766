"""What templates receive: view objects computed from the content model.

Templates lay out; they do not decide. Everything a template would otherwise
compute (drop caps, phone links, how a list item's name joins its description,
bidirectional isolation of Latin runs in right-to-left text, the QR code) is
decided here, once, in Python. Nothing here renders or writes.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

import markupsafe
import regex

from ..content import inline, models
from ..content.figures import image_path
from ..content.languages import Language
from ..content.phones import printed, tel_uri
from .ltr_runs import ltr_runs


@dataclass(frozen=True)
class PhoneView:
    display: str
    tel: str
    label: str | None
    description: str  # the link's description for a screen reader: "organization: number (label)"


@dataclass(frozen=True)
class OrganizationView:
    name: str
    address: list[str]
    phones: list[PhoneView]
    email: str | None
    email_display: object | None  # the address, kept left to right inside right-to-left text
    website: str | None
    website_display: str | None
    email_description: str | None = None  # "organization: address", the link's description
    website_description: str | None = None

    @property
    def lines(self) -> int:
        """Printed lines, as the source gives them (a name counts one even where it wraps)."""
        return 1 + len(self.address) + len(self.phones) + bool(self.email) + bool(self.website)


@dataclass(frozen=True)
class BlockView:
    kind: str  # a block's kind (text, items, subheading, bullets, ...), or "organizations"
    text: str = ""  # a paragraph, subheading or quote
    initial: str = ""  # drop cap letter(s); empty when none
    items: list = field(default_factory=list)  # (name, separator, description)
    organizations: list[OrganizationView] = field(default_factory=list)  # consecutive ones, in order
    entries: list = field(default_factory=list)  # bullets, steps, references
    style: str = ""  # a callout's kind
    title: str | None = None  # a callout's title
    blocks: list = field(default_factory=list)  # a callout's blocks
    image: str = ""  # a figure's file: URL
    alt: str = ""
    caption: str | None = None  # a figure's or table's caption
    anchor: str = ""  # the id of a figure's image, for measuring its printed size
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    widths: list[str] = field(default_factory=list)  # "width: 30%" per column; empty when automatic
    source: str | None = None  # a quote's source

    def columns(self, count: int) -> list[list[OrganizationView]]:
        """The organizations set in ``count`` columns: consecutive runs, in reading order,
        the tallest column as short as it can be (ties make the first column the longer).

        Organizations are never split, so balancing them needs no layout engine:
        WeasyPrint's column balancing re-lays the columns a pixel at a time when the first
        card is taller than the average, which made the contact panel most of a page's
        render time. Heights are counted in printed lines."""
        cards = self.organizations
        count = max(1, min(count, len(cards)))

        def shares():
            for cuts in itertools.combinations(range(1, len(cards)), count - 1):
                bounds = (0, *cuts, len(cards))
                yield [cards[a:b] for a, b in itertools.pairwise(bounds)]

        def tallest_first(runs):
            heights = [sum(card.lines for card in run) for run in runs]
            return max(heights), [-h for h in heights]

        return min(shares(), key=tallest_first)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    blocks: list[BlockView]


class Isolated(str):
    """Text whose left-to-right runs are isolated when it is set right to left.

    The Unicode bidi algorithm alone shows "5-HTP" as "HTP-5" and
    "2116 Casa Linda Drive" as "Casa Linda Drive 2116" in an Arabic paragraph;
    marking those runs ltr keeps them readable (and extractable in logical order).
    """

    def __html__(self) -> str:
        if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in self):
            # Wholly left-to-right (a name, an address): one run, one direction.
            return f'<span dir="ltr">{markupsafe.escape(str(self))}</span>'
        return _spans(self, '<span dir="ltr">')


class LatinRuns(str):
    """Text in a left-to-right script other than Latin (Chinese, Devanagari) whose Latin
    runs (names, drug names, addresses) are each set in a span of their own, which
    changes nothing on the page: the tagged file gives them their language
    (``pdf/tags.py``), so a screen reader switches voice."""

    def __html__(self) -> str:
        return _spans(self, '<span class="latin">')


def _spans(text: str, opening: str) -> str:
    """``text`` escaped, each of its Latin runs (``ltr_runs``) inside ``opening`` ... ``</span>``."""
    out, last = [], 0
    for start, end in ltr_runs(text):
        out.append(str(markupsafe.escape(text[last:start])))
        out.append(f"{opening}{markupsafe.escape(text[start:end])}</span>")
        last = end
    out.append(str(markupsafe.escape(text[last:])))
    return "".join(out)


QR_MODULE_MM = 0.5  # the smallest module a phone (and verify's 150 dpi reading) still resolves


@functools.lru_cache(maxsize=32)
def qr_code(url: str, caption: str) -> markupsafe.Markup:
    """The online address as a vector QR code (segno), error correction M, quiet zone by CSS.
    The format's stylesheet sets its size; a long address, which needs more modules, is
    drawn larger where that size would make a module smaller than ``QR_MODULE_MM``.
    Kept per process: every format of a language shows the same code."""
    import segno

    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=0, dark="#1d1d1b", omitsize=True, title=caption, svgclass="qr-code", lineclass=None
    )
    least = code.symbol_size(scale=1, border=0)[0] * QR_MODULE_MM
    svg = svg.replace("<svg ", f'<svg style="min-width: {least:g}mm; min-height: {least:g}mm" ', 1)
    return markupsafe.Markup(svg)  # generated by segno from a validated https: address


def run_marking(language: Language) -> str | None:
    """How the Latin runs of a language's text are set apart: "ltr" in right-to-left text
    (isolated: ``Isolated``), "latin" in other scripts (a span: ``LatinRuns``), None in
    Latin text."""
    if language.rtl:
        return "ltr"
    return "latin" if language.script != "latin" else None


def bidi_text(value: str | None, runs: str | bool | None):
    """``value`` with its Latin runs set apart as ``runs`` (``run_marking``) says; True is "ltr"."""
    if value is None or not runs:
        return value
    return LatinRuns(value) if runs == "latin" else Isolated(value)


_OPENING = regex.compile(r"[\"“‘'(¿¡«]*(\X)")  # \X: one extended grapheme cluster; linear


def _initial(text: str) -> tuple[str, str]:
    """Split off the drop cap: leading opening punctuation plus the first grapheme
    cluster (a letter with its marks: "É" decomposed, a Devanagari consonant with its
    vowel sign), never a lone code point that would leave a mark on a dotted circle."""
    match = _OPENING.match(text)
    if not match or not match.group(1)[0].isalpha():
        return "", text
    return match.group(0), text[match.end():]


def _organization(org: models.Organization, language: Language) -> OrganizationView:
    runs = run_marking(language)
    opening, closing = language.brackets
    name = inline.plain(org.name)
    return OrganizationView(
        name=bidi_text(org.name, runs),
        address=[bidi_text(line, runs) for line in org.address],
        phones=[
            PhoneView(
                display=bidi_text(printed(p.number), runs),
                tel=tel_uri(p.number, org.country),
                label=bidi_text(f"{opening}{p.label}{closing}", runs) if p.label else None,
                description=f"{name}: {printed(p.number)}" + (f" {opening}{p.label}{closing}" if p.label else ""),
            )
            for p in org.phones
        ],
        email=org.email,
        email_display=bidi_text(org.email, runs) if org.email else None,
        website=org.website,
        website_display=bidi_text(models.display_url(org.website), runs) if org.website else None,
        email_description=f"{name}: {org.email}" if org.email else None,
        website_description=f"{name}: {models.display_url(org.website)}" if org.website else None,
    )


def inline_html(text: str | None, runs: str | bool | None, initial: bool = False, typeset=None):
    """Text with its inline markup (``content/inline.py``) as safe HTML: every piece of text
    escaped (its Latin runs set apart as ``runs`` says: ``bidi_text``), only em, strong, a and br written by us.
    ``initial``: split off a drop cap; returns (initial, HTML). ``typeset``: the
    language's punctuation spacing, applied to the text pieces (never to link targets)."""
    if text is None:
        return None
    nodes = list(inline.parse(text))
    if typeset is not None:
        nodes = [_typeset(node, typeset) for node in nodes]
    letter = ""
    if initial and nodes and nodes[0].kind == "text":
        letter, rest = _initial(nodes[0].text)
        nodes[0] = inline.Node("text", rest)
    html = markupsafe.Markup("".join(_node_html(node, runs) for node in nodes))
    return (letter, html) if initial else html


def _typeset(node: inline.Node, typeset) -> inline.Node:
    if node.kind == "text":
        return dataclasses.replace(node, text=typeset(node.text))
    if node.children:
        return dataclasses.replace(node, children=tuple(_typeset(child, typeset) for child in node.children))
    return node


def _node_html(node: inline.Node, runs: str | bool | None) -> str:
    if node.kind == "text":
        return str(markupsafe.escape(bidi_text(node.text, runs)))
    if node.kind == "break":
        return "<br>"
    inner = "".join(_node_html(child, runs) for child in node.children)
    if node.kind == "keep":  # do not translate: printed as its words
        return inner
    if node.kind == "link":  # the title is the link's description in the tagged file (pdf/tags.py)
        return f'<a href="{markupsafe.escape(node.href)}" title="{markupsafe.escape(_plain(node))}">{inner}</a>'
    return f"<{node.kind}>{inner}</{node.kind}>"


def _plain(node: inline.Node) -> str:
    return node.text if node.kind == "text" else " " if node.kind == "break" else "".join(_plain(c) for c in node.children)


@dataclass(frozen=True)
class ViewContext:
    """What block views depend on besides the block: the language, and the leaflet's folder
    (figures are files beside the content)."""

    language: Language
    folder: object = None  # pathlib.Path of source/<leaflet>/


def section_view(section: models.Section, language: Language, drop_cap: bool, folder=None) -> SectionView:
    """The section as the templates print it, punctuated and bidi-isolated for ``language``."""
    context = ViewContext(language, folder)
    runs, typeset = run_marking(language), language.typeset
    blocks = []
    for index, block in enumerate(section.blocks):
        if isinstance(block, models.TextBlock):
            if drop_cap and index == 0:
                initial, html = inline_html(block.text, runs, initial=True, typeset=typeset)
            else:
                initial, html = "", inline_html(block.text, runs, typeset=typeset)
            blocks.append(BlockView("text", text=html, initial=initial))
        elif isinstance(block, models.ListBlock):
            items = []
            for item in block.items:
                description = inline.plain(item.description)
                # No space before a description that opens with punctuation (", also called ...").
                sep = "" if re.match(r"^[,;:.)\u060c\u3001\uff0c]", description) else language.name_separator
                items.append((bidi_text(typeset(item.name), runs), sep, inline_html(item.description, runs, typeset=typeset)))
            blocks.append(BlockView("items", items=items))
        elif not isinstance(block, models.OrganizationBlock):
            blocks.append(block_view(block, context, f"{section.id}-{index}"))
        elif blocks and blocks[-1].kind == "organizations":
            blocks[-1].organizations.append(_organization(block.organization, language))
        else:
            blocks.append(BlockView("organizations", organizations=[_organization(block.organization, language)]))
    return SectionView(section.id, bidi_text(typeset(section.title), runs), blocks)


def block_view(block, context: ViewContext, anchor: str) -> BlockView:
    """A block of the kinds besides paragraphs, type lists and organizations."""
    runs, typeset = run_marking(context.language), context.language.typeset

    def html(text):
        return inline_html(text, runs, typeset=typeset)

    if isinstance(block, models.TextBlock):
        return BlockView("text", text=html(block.text))
    if isinstance(block, models.SubheadingBlock):
        return BlockView("subheading", text=bidi_text(typeset(block.subheading), runs))
    for kind in ("bullets", "steps", "references"):
        if hasattr(block, kind) and not isinstance(block, models.CalloutBlock):
            return BlockView(kind, entries=[html(entry) for entry in getattr(block, kind)])
    if isinstance(block, models.CalloutBlock):
        callout = block.callout
        parts = [block_view(part, context, f"{anchor}-{number}") for number, part in enumerate(callout.blocks)]
        return BlockView("callout", style=callout.kind, title=bidi_text(typeset(callout.title), runs), blocks=parts)
    if isinstance(block, models.FigureBlock):
        figure = block.figure
        path = image_path(context.folder, figure.image, context.language.tag)
        return BlockView("figure", image=path.resolve().as_uri(), alt=figure.alt, caption=html(figure.caption), anchor=f"figure-{anchor}")
    if isinstance(block, models.TableBlock):
        table = block.table
        return BlockView(
            "table",
            caption=html(table.caption),
            header=[html(cell) for cell in table.header],
            rows=[[html(cell) for cell in row] for row in table.rows],
            widths=[f"width: {width}%" for width in table.widths or ()],
        )
    if isinstance(block, models.QuoteBlock):
        return BlockView("quote", text=html(block.quote.text), source=html(block.quote.source))
    raise TypeError(f"no view for {type(block).__name__}")
