"""Stage 1, content: YAML files in, validated models and Problems out.

Input: ``source/<leaflet>/<lang>.yaml``, and the project's data about languages
(``layouts/languages.yaml``) and bundled fonts (``fonts/fonts.yaml``).
Output: ``LoadedLeaflet`` (a typed ``models.Leaflet``, where each value came
from, its ``Language``), and ``Problem`` lists with file:line:col and key; the
translation check; new translations' skeletons.

Modules: ``yamlsource`` (strict reading with locations), ``models`` (pydantic;
the block kinds in ``blocks``, field types in ``fields``), ``inline`` (markup in text),
``figures`` (image files of figures),
``validate`` (errors mapped to YAML coordinates), ``phones``, ``hygiene``
(refused characters), ``load``, ``languages`` and ``fonts`` (the data tables),
``units`` (translation units, fingerprints), ``compare`` and ``translations``
(the check), ``skeleton`` (``new-language``), ``yamledit`` (line edits of a
content file), ``interchange`` (units as exchange records, and filled ones
applied back), ``xliff`` and ``po`` (the exchange files).

May import: the standard library, PyYAML, pydantic, phonenumbers,
email-validator, fontTools, lxml and polib (the exchange files), markdown-it-py
(``inline``), and ``foldline.errors`` / ``foldline.project`` / ``foldline.files``.
Never WeasyPrint, Jinja2 or pypdf, and nothing from the later stages
(``layout``, ``pdf``, ``build``, ``commands``).
"""
