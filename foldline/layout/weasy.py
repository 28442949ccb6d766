"""WeasyPrint, as the layout uses it: imported lazily and quickly, fenced in, warnings caught.

- ``import_weasyprint``: the module, imported once per process without running a
  C compiler; planning and no-op builds never import it at all.
- ``fetcher``: WeasyPrint only reaches the project's own layout and font files;
  every other URL is refused.
- ``caught_warnings``: what WeasyPrint logs at WARNING or above, so a warning
  fails the output instead of passing unseen.
- ``font_setup``: a FontConfiguration with the bundled faces registered, kept for
  the process.
"""
from __future__ import annotations

import contextlib
import functools
import io
import logging
import sys
from pathlib import Path

from ..project import Project


class _WarningsCaught(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def caught_warnings():
    """The messages WeasyPrint logs at WARNING or above inside the block, as a list."""
    caught = _WarningsCaught()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(caught)
    try:
        yield caught.messages
    finally:
        logger.removeHandler(caught)


def import_weasyprint():
    """The weasyprint module, imported once per process without running a C compiler.

    WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying each
    library's names for every platform in turn (``libpango-1.0-0``, ``pango-1.0``,
    ``libpango-1.0.so.0``...). cffi hands a name it cannot open to
    ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then ``gcc`` and
    ``ld`` (WeasyPrint issue #1125), for names that are not Linux names. On Linux the
    sonames WeasyPrint also tries are opened by the dynamic loader itself, which
    searches what the linker would, so while WeasyPrint is imported ``find_library``
    answers at once that it knows nothing. Where that loads nothing, WeasyPrint is
    imported again the usual way. (Timings: benchmarks/RESULTS.md.)"""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its help before raising
            import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = find_library
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


def fetcher(project: Project, images: Path | None = None):
    """Only file: URLs inside layouts/ and fonts/, and the figures of the leaflet whose folder
    is ``images`` (checked by ``content/figures.py`` before); every other request is refused."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    allowed = [project.layouts.resolve(), project.fonts.resolve()]
    if images is not None:
        allowed.append(Path(images).resolve())

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


@functools.lru_cache(maxsize=16)
def font_setup(project: Project, faces: str) -> tuple[object, object, tuple[str, ...]]:
    """A FontConfiguration with the bundled faces registered, kept for the process, one
    per set of faces: Pango's font caches (loaded faces, metrics, shaping) stay warm from
    one render to the next. Without a FontConfiguration WeasyPrint ignores @font-face and
    silently uses whatever the machine has installed. Returns (configuration,
    stylesheet, warnings logged while registering), so that every render using it
    reports those warnings again."""
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    with caught_warnings() as warnings:
        fonts = FontConfiguration()
        css = weasyprint.CSS(string=faces, url_fetcher=fetcher(project), font_config=fonts)
    return fonts, css, tuple(warnings)
