"""Where each structure element of a tagged file comes from, recorded while WeasyPrint writes it.

WeasyPrint builds the structure tree page by page from the laid-out boxes
(``weasyprint/pdf/tags.py``, ``_build_box_tree``), one element per box. A box is a
fragment: a paragraph or list broken across a column or a page is two boxes, a
link wrapped onto two lines is two, and each becomes an element of its own, so a
screen reader announces one list as five. Nothing in the elements says which HTML
element they were made from; the finisher (``pdf/tags.py``) needs that to join the
fragments again, to read what the HTML says about an element (its ``title``, the
description of a link; its ``lang``) and to know which running header or footer
(page-margin box) the elements it leaves out of the tree belong to.

``recorded_origins`` wraps the builder while one document is written (its recursive
calls go through the module's name, so every box is seen) and records, for each
element it yields, the HTML element of the box it was built from.
"""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def recorded_origins():
    """While the block runs, WeasyPrint's structure elements are recorded as they are made:
    yields a dict id(element) -> (element, HTML element or None, the page-margin box it
    is in, such as "@bottom-center", or None)."""
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    origins: dict[int, tuple[object, object]] = {}
    margins: list[str] = []  # the margin box being built ("@bottom-center"), if any

    def build(box, *args, **kwargs):
        if isinstance(box, MarginBox):
            margins.append(box.at_keyword)
        try:
            made_from = box._box if isinstance(box, AbsolutePlaceholder) else box
            for element in original(box, *args, **kwargs):
                # The element kept beside its origin, so that ids stay unique.
                origins[id(element)] = (element, made_from.element, margins[-1] if margins else None)
                yield element
        finally:
            if isinstance(box, MarginBox):
                margins.pop()

    tags._build_box_tree = build
    try:
        yield origins
    finally:
        tags._build_box_tree = original
