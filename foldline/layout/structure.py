"""Where each structure element of a tagged file comes from, recorded while WeasyPrint writes it.

WeasyPrint builds the structure tree page by page from the laid-out boxes
(``weasyprint/pdf/tags.py``, ``_build_box_tree``), one element per box. A box is a
fragment: a paragraph or list broken across a column or a page is two boxes, a
link wrapped onto two lines is two, and each becomes an element of its own, so a
screen reader announces one list as five. Nothing in the elements says which HTML
element they were made from; the finisher (``pdf/tags.py``) needs that to join the
fragments again and to read what the HTML says about an element (its ``title``,
the description of a link; its ``lang``).

``recorded_origins`` wraps the builder while one document is written (its recursive
calls go through the module's name, so every box is seen) and records, for each
element it yields, the HTML element of the box it was built from.
"""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def recorded_origins():
    """While the block runs, WeasyPrint's structure elements are recorded as they are made:
    yields a dict id(element) -> (element, HTML element or None)."""
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    origins: dict[int, tuple[object, object]] = {}

    def build(box, *args, **kwargs):
        made_from = box._box if isinstance(box, AbsolutePlaceholder) else box
        for element in original(box, *args, **kwargs):
            origins[id(element)] = (element, made_from.element)  # the element kept: ids stay unique
            yield element

    tags._build_box_tree = build
    try:
        yield origins
    finally:
        tags._build_box_tree = original
