"""Stage 2, layout: a validated leaflet and a format in, a laid-out document out.

Input: a ``content.load.LoadedLeaflet`` and a ``formats.Format`` (layouts/<format>/).
Output: ``render.Rendered``, a WeasyPrint document laid out at the body size
copyfitting chose (``fit.fit``), with what it was made from.

Modules: ``formats`` (format.yaml as data, and the questions stages ask of a
format), ``printing`` (colours.yaml, print.yaml and the printing conditions as
data), ``views`` (what templates receive), ``ltr_runs`` (left-to-right runs in
right-to-left text, a linear scanner), ``stylesheet`` (the CSS the build
writes per output), ``template`` (Jinja2 HTML), ``weasy`` (WeasyPrint imported,
fenced in, warnings caught), ``render`` (one render request), ``fit`` (copyfitting).

May import: the standard library, Jinja2, markupsafe, regex, segno, pydantic
(format files), WeasyPrint (only
inside functions: importing this package never loads it), ``foldline.content``,
``foldline.errors``, ``foldline.project``, ``foldline.files``, ``foldline.lengths``. Never pypdf, and
nothing from the later stages (``pdf``, ``build``, ``commands``).
"""
