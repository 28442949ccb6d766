"""Runs of consecutive hyphenated lines in a laid-out document: a measurement, not a limit.

WeasyPrint 70 has no ``hyphenate-limit-lines`` (layouts/README.md says where it decides
each line alone), so nothing stops six hyphenated lines in a row. This counts them
from the laid-out line boxes, per paragraph (a paragraph continued in the next column
or page counts on), for tests and for a check that wants to warn. It changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from .actualtext import hyphenation_cut, text_boxes


@dataclass(frozen=True)
class HyphenatedRun:
    page: int  # 1-based page where the run starts
    lines: int  # consecutive lines of one paragraph ending in a hyphenation break
    text: str  # the first hyphenated line's text, to find it by


def hyphenated_runs(document, at_least: int = 2) -> list[HyphenatedRun]:
    """Every run of at least ``at_least`` consecutive hyphenated lines, in document order."""
    runs: list[HyphenatedRun] = []
    open_runs: dict[int, list] = {}  # id(paragraph element) -> [page, lines, text] of its current run
    for number, page in enumerate(document.pages, 1):
        for element, hyphenated, text in _lines(page._page_box, None):
            current = open_runs.get(id(element))
            if hyphenated:
                if current is None:
                    open_runs[id(element)] = current = [number, 0, text]
                current[1] += 1
            elif current is not None:
                runs.append(HyphenatedRun(*open_runs.pop(id(element))))
    runs += [HyphenatedRun(*run) for run in open_runs.values()]
    return sorted((run for run in runs if run.lines >= at_least), key=lambda run: run.page)


def _lines(box, element):
    """(paragraph element, whether the line ends in a hyphenation break, its text) per line box."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        texts = [text for text, _ in text_boxes(box, element)]
        yield element, bool(texts) and hyphenation_cut(texts[-1]) is not None, "".join(t.text for t in texts)
        return
    if isinstance(box, boxes.BlockContainerBox) and box.element is not None:
        element = box.element
    for child in getattr(box, "children", ()) or ():
        yield from _lines(child, element)
