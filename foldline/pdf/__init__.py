"""Stage 3, pdf: laid-out documents in, finished files out; and the checks of finished files.

Input: a ``layout.render.Rendered`` (for ``finish``), or a PDF on disk and the
content and format it was made from (for ``verify`` and ``proof``).
Output: PDF bytes per variant (tagged screen files, imposed and marked print
files), verification reports, proof PNGs.

Modules: ``finish`` (the files of one output), ``impose`` (sheets, marks,
booklets), ``press`` (a print file's CMYK colours and PDF/X-4 parts, applied
while imposing), ``tags`` (structure-tree repairs while writing), ``reading``
(what a PDF holds: text, fonts, links), ``paint`` (every colour use of a PDF's
content streams), ``verify`` (checks against the content), ``preflight`` (a print
shop's checks of a print file), ``proof`` (pages to PNG, a contact sheet).

May import: the standard library, pypdf, pypdfium2, pydyf (inside the
finisher), Pillow (inside the press's image conversion and the preflight) and pyzbar,
``foldline.content``, ``foldline.layout`` and the top-level shared modules.
Nothing from ``build`` or ``commands``.
"""
