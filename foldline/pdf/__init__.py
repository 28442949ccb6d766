"""Stage 3, pdf: laid-out documents in, finished files out; and the checks of finished files.

Input: a ``layout.render.Rendered`` (for ``finish``), or a PDF on disk and the
content and format it was made from (for ``verify`` and ``proof``).
Output: PDF bytes per variant (tagged screen files, imposed and marked print
files), verification reports, proof PNGs.

Modules: ``finish`` (the files of one output), ``impose`` (sheets, marks,
booklets), ``tags`` (structure-tree repairs while writing), ``reading`` (what a
PDF holds: text, fonts, links), ``verify`` (checks against the content),
``proof`` (pages to PNG, a contact sheet).

May import: the standard library, pypdf, pypdfium2, pydyf (inside the
finisher), ``foldline.content``, ``foldline.layout`` and the top-level shared
modules. Nothing from ``build`` or ``commands``.
"""
