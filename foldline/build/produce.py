"""Producing one job's files: copyfit the leaflet once, write each stale variant's PDF(s).

The variants of one leaflet, language and format differ only in bleed, so the
leaflet is laid out once, always with bleed and (formats written tagged) tagged:
the print file keeps the bleed, the screen file is cut to the trim. Always the
same layout, so a file's bytes do not depend on which variants were built with
it. Every file is written atomically, so a failure leaves the previous file in
place.

Imports the layout and pdf stages at the top: only worker processes and
``watch`` import this module, never the planning side of a build.
"""
from __future__ import annotations

import hashlib
import time

from ..atomic import write_atomic
from ..content.load import LoadedLeaflet
from ..errors import ContentError
from ..layout.fit import DoesNotFit, fit
from ..layout.formats import load_format
from ..layout.render import RenderError, RenderRequest
from ..pdf.finish import finished_files
from ..project import Project, Variant
from .jobs import Result, Status, failed
from .plan import Output


def produce(project: Project, outputs: list[Output], loaded: LoadedLeaflet, hint: float | None = None,
            date: str | None = None) -> list[Result]:
    """Render, copyfit and write the outputs (variants of one leaflet, language and
    format). ``hint``: a body size to try first. ``date``: the build's date for the PDFs
    (None: the publication date). Never raises for content or layout problems: each
    output gets a Result."""
    started = time.perf_counter()
    try:
        fmt = load_format(project, outputs[0].format)
        request = RenderRequest.of(project, fmt, loaded, Variant.PRINT, date, tagged=fmt.tagged)
        fitted = fit(request, hint)
    except DoesNotFit as exc:
        return [failed(output, f"does not fit: {exc}", time.perf_counter() - started) for output in outputs]
    except (RenderError, ContentError) as exc:
        return [failed(output, str(exc), time.perf_counter() - started) for output in outputs]
    results = []
    for index, output in enumerate(outputs):
        if index:
            started = time.perf_counter()
        try:
            # The main PDF plus any companion file the format asks for (a booklet's imposed sheets).
            files = finished_files(fitted.rendered, output.variant)
            companions = {}
            for suffix, payload in files:
                path = output.path(project).with_suffix(suffix + ".pdf") if suffix else output.path(project)
                write_atomic(path, payload)
                if suffix:
                    companions[f"{output.leaflet}/{path.name}"] = hashlib.sha256(payload).hexdigest()
            data = files[0][1]
        except RenderError as exc:
            results.append(failed(output, str(exc), time.perf_counter() - started))
            continue
        except OSError as exc:
            results.append(failed(output, f"cannot write {output.path(project)}: {exc.strerror or exc}", time.perf_counter() - started))
            continue
        results.append(
            Result(
                output,
                Status.BUILT,
                pages=fmt.file_pages(fitted.rendered.pages, output.variant),
                body_size=fitted.rendered.body_size,
                renders=fitted.renders if index == 0 else 0,  # the layout is the first output's work
                seconds=time.perf_counter() - started,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                companions=companions,
            )
        )
    return results
