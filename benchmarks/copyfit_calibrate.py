"""Calibrate copyfitting's first guess, and check its searches against trying every size.

    .venv/bin/python benchmarks/copyfit_calibrate.py collect renders.json   # every layout at every size
    .venv/bin/python benchmarks/copyfit_calibrate.py report renders.json    # replay the search on them
    .venv/bin/python benchmarks/copyfit_calibrate.py write renders.json     # ... and store the calibration

``collect`` lays out every leaflet, language and format of the project at every body
size of the format's range (as a build lays it out: the print request, tagged) and
records what copyfitting reads from a render: its page count and where its anchors
are. ``report`` replays ``fit.fit`` on those recordings (so the search is the real code,
its renders served from the recording) and prints, per layout, the size an exhaustive
search chooses, the size the search chooses and how many renders it took. ``write``
fits the text-metrics model (``layout/estimate.py``) to the recordings and writes its
coefficients and margins to ``layouts/copyfit.yaml``: data, re-made by this script when
layouts or fonts change, never by hand. ``report`` replays three ways (renders alone;
calibrated; calibrated on the other leaflets only, i.e. what a new leaflet gets) and
exits 1 when any size differs from trying every size.
"""
from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foldline.layout.measure import Measure  # noqa: E402
from foldline.lengths import PX_PER_MM  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["collect", "report", "write"])
    parser.add_argument("recording", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", action="append", dest="formats", help="collect: only this format (repeatable)")
    args = parser.parse_args(argv)
    if args.command == "collect":
        layouts = collect(args.root, args.jobs, args.formats)
        args.recording.write_text(json.dumps(layouts), encoding="utf-8")
        print(f"{len(layouts)} layouts, {sum(len(x['sizes']) for x in layouts)} renders -> {args.recording}")
        return 0
    layouts = json.loads(args.recording.read_text(encoding="utf-8"))
    if args.command == "write":
        import datetime

        from foldline.layout import estimate
        from foldline.project import Project

        project = Project.at(args.root)
        stale = sorted({x["format"] for x in layouts if x.get("layouts") != estimate.layouts_digest(project, x["format"])})
        if stale:
            print(f"{args.recording}: recorded on other layout files than today's for {', '.join(stale)}; "
                  "run collect again", file=sys.stderr)
            return 1

        formats = calibrate(args.root, layouts)
        path = write_calibration(args.root / "layouts", formats, datetime.date.today().isoformat())
        print(f"calibration -> {path}")
    return report(args.root, layouts)


HEADER = """\
# Copyfitting's calibration (foldline/layout/estimate.py says what each number is).
# Written by `benchmarks/copyfit_calibrate.py write` from renders of every leaflet,
# language and format at every size; re-made by it when layouts or fonts change, never
# edited by hand. The size chosen is always rendered and checked, so no calibration gives
# an overflowing page; an entry whose `layouts` digest no longer matches the layout files
# gives its first guess only and trusts no prediction (it costs renders, never a size).
"""


def write_calibration(layouts: Path, formats: dict[str, dict], measured_on: str) -> Path:
    import yaml

    from foldline.layout.estimate import FILE

    path = layouts / FILE
    body = yaml.safe_dump({"measured_on": measured_on, "formats": formats}, sort_keys=True, allow_unicode=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


# --- calibrating -------------------------------------------------------------------------


def calibrate(root: Path, layouts: list[dict], leave_out: str | None = None) -> dict[str, dict]:
    """Each format's calibration (``estimate.fit_model``) from the recordings, without
    the leaflet ``leave_out`` (to check the calibration on a leaflet it has not seen)."""
    from foldline.layout import estimate

    samples: dict[str, list] = {}
    for row in _rows(root, layouts):
        if row["layout"]["leaflet"] == leave_out:
            continue
        fmt, renderer = row["fmt"], recorded(row["layout"])
        found = estimate.metrics(row["layout"]["html"])
        truth = [(index, size, budget, _fits(fmt, row["contacts"], renderer(None, size), budget))
                 for index, size in enumerate(fmt.body_size.candidates()) for budget in _budgets(fmt)]
        for index, size in enumerate(fmt.body_size.candidates()):
            rendered = renderer(None, size)
            if fmt.underfull(rendered.pages):
                continue
            measure = Measure.of(fmt, rendered, row["sections"], row["contacts"])
            if measure is not None:
                samples.setdefault(fmt.name, []).append(
                    {"script": row["script"], "metrics": found, "measure": measure, "index": index, "truth": truth})
    digests = {x["format"]: x.get("layouts") for x in layouts}
    return {name: {**fit_model(entries), "layouts": digests[name]} for name, entries in sorted(samples.items())}


GROWTHS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)  # the contacts' growth with the body size, tried
SAFETY = 1.5  # margins are the largest errors seen, times this


def fit_model(samples: list[dict]) -> dict:
    """One format's calibration from samples: per render, the leaflet's script and
    metrics, its measure (``fit.Measure``), the index of its size, and for every size and
    budget whether the render there fits (``truth``: (index, size, budget, fits)).

    Text: least squares of the length at the reference size on the characters (one
    coefficient per script) and the blocks. Contacts: the growth whose predictions err
    least one to three sizes from their render, then least squares of the length on the
    contact section's characters. Margins: the largest error by distance, times
    ``SAFETY``, never smaller farther away, never under ``estimate.MARGIN_FLOOR``."""
    import numpy

    from foldline.layout import estimate

    scripts = sorted({s["script"] for s in samples})
    rows = [[s["metrics"].chars if script == s["script"] else 0 for script in scripts] + [s["metrics"].blocks]
            for s in samples]
    lengths = [s["measure"].text * (estimate.REFERENCE_SIZE / s["measure"].size) ** 2 for s in samples]
    text = numpy.linalg.lstsq(numpy.array(rows, float), numpy.array(lengths), rcond=None)[0]
    growth, worst = min(((g, _errors(samples, g)) for g in GROWTHS), key=lambda pair: sum(pair[1][:3]))
    margins, largest = [], 0.0
    for error in worst:
        largest = max(largest, error)
        margins.append(round(max(largest * SAFETY, estimate.MARGIN_FLOOR), 4))
    contact_rows = [[1.0, s["metrics"].contact_chars] for s in samples]
    contact_lengths = [s["measure"].contacts * (estimate.REFERENCE_SIZE / s["measure"].size) ** growth for s in samples]
    base, per_char = numpy.linalg.lstsq(numpy.array(contact_rows), numpy.array(contact_lengths), rcond=None)[0]
    start_page, start = sorted((s["measure"].start_page, s["measure"].start) for s in samples)[len(samples) // 2]
    return {
        "text": {"per_char": {script: _round(c) for script, c in zip(scripts, text[:-1], strict=True)},
                 "per_block": _round(text[-1])},
        "contacts": {"base": _round(base), "per_char": _round(per_char), "growth": growth},
        "start": {"page": start_page, "fraction": round(float(start), 4)},
        "margins": margins,
    }


def _errors(samples: list[dict], growth: float) -> list[float]:
    """The largest wrong prediction (log of room over length, on the wrong side of 0),
    by how many sizes away from its render it was: 1, 2, ..."""
    worst: dict[int, float] = {}
    for sample in samples:
        measure = sample["measure"]
        for index, size, budget, fits in sample["truth"]:
            steps = abs(index - sample["index"])
            predicted = measure.log_ratio(size, budget, growth)
            if not steps or predicted is None:
                continue
            worst.setdefault(steps, 0.0)
            if (predicted >= 0) != fits:
                worst[steps] = max(worst[steps], abs(predicted))
    return [worst[k] for k in sorted(worst)]


def _round(value) -> float:
    return float(f"{float(value):.4g}")


def _budgets(fmt) -> list[int]:
    """The budgets a search asks about: the format's, and for a flowing leaflet or
    booklet every smaller one (the "fewer pages" search)."""
    if fmt.folded or fmt.pages.exact is not None:
        return [fmt.budget]
    return list(range(1, fmt.budget + 1))


def _fits(fmt, contacts: str, rendered, budget: int) -> bool:
    from foldline.layout.fit import _page_of

    if fmt.underfull(rendered.pages):
        return True
    if not fmt.fits(rendered.pages) or rendered.pages > budget:
        return False
    return not fmt.contacts_on_last_page or _page_of(rendered, contacts) == rendered.pages


# --- collecting ------------------------------------------------------------------------------


def collect(root: Path, jobs: int, formats: list[str] | None = None) -> list[dict]:
    from foldline.project import Project

    project = Project.at(root)
    names = [name for name in project.format_names() if not formats or name in formats]
    work = [(str(root), f.leaflet, f.language, name) for f in project.discover() for name in names]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_collect_one, work))


def _collect_one(args) -> dict:
    from foldline.content.load import load
    from foldline.layout.formats import load_format
    from foldline.layout.render import RenderRequest, render
    from foldline.project import Project, Variant

    root, leaflet, language, name = args
    project = Project.at(Path(root))
    file = next(f for f in project.discover([leaflet], [language]))
    loaded = load(project, file)
    fmt = load_format(project, name)
    request = RenderRequest.of(project, fmt, loaded, Variant.PRINT, tagged=fmt.tagged)
    documents: dict = {}
    sizes = {}
    html = ""
    for size in fmt.body_size.candidates():
        rendered = render(request, size, reuse=documents)
        html = rendered.html
        sizes[repr(size)] = {"pages": rendered.pages, "anchors": _anchors(rendered.document)}
    from foldline.layout.estimate import layouts_digest

    return {"leaflet": leaflet, "language": language, "format": name, "html": html, "sizes": sizes,
            "layouts": layouts_digest(project, name)}


def _anchors(document) -> dict:
    where = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor, (x, y, *_) in page.anchors.items():
            where.setdefault(anchor, [number, x / PX_PER_MM, y / PX_PER_MM])
    return where


# --- replaying -----------------------------------------------------------------------------


@dataclass
class _Page:
    anchors: dict


@dataclass
class _Document:
    pages: list


@dataclass
class _Recorded:
    """What ``fit`` reads of a render, served from a recording."""

    request: object
    document: _Document
    pages: int
    body_size: float
    notes_pages: int = 0
    written: dict = field(default_factory=dict)


def recorded(layout: dict):
    """A renderer that answers from ``layout``'s recording. Notes pages go before the
    last page (the back cover), as the templates put them."""

    def renderer(request, size, notes_pages: int = 0, reuse=None):
        entry = layout["sizes"][repr(size)]
        pages = [_Page({}) for _ in range(entry["pages"] + notes_pages)]
        for anchor, (number, x, y) in entry["anchors"].items():
            number += notes_pages if number == entry["pages"] else 0
            pages[number - 1].anchors[anchor] = (x * PX_PER_MM, y * PX_PER_MM, 0, 0)
        return _Recorded(request, _Document(pages), entry["pages"] + notes_pages, size, notes_pages)

    return renderer


def _rows(root: Path, layouts: list[dict]) -> list[dict]:
    from foldline.content.load import load
    from foldline.layout.formats import load_format
    from foldline.layout.render import RenderRequest
    from foldline.project import Project, Variant

    project = Project.at(root)
    rows, loaded_files = [], {}
    for layout in layouts:
        key = (layout["leaflet"], layout["language"])
        if key not in loaded_files:
            file = next(f for f in project.discover([layout["leaflet"]], [layout["language"]]))
            loaded_files[key] = load(project, file)
        loaded = loaded_files[key]
        fmt = load_format(project, layout["format"])
        rows.append({
            "layout": layout, "fmt": fmt, "loaded": loaded, "script": loaded.language.script,
            "request": RenderRequest.of(project, fmt, loaded, Variant.PRINT, tagged=fmt.tagged),
            "sections": [s.id for s in loaded.leaflet.sections], "contacts": loaded.leaflet.contacts.id,
        })
    return rows


def replay(root: Path, layouts: list[dict], calibrations: dict[str, dict] | None) -> list[dict]:
    """Per layout: the exhaustive answer and the search's, with its renders.
    ``calibrations``: per format (``calibrate``'s), or None to search by renders alone."""
    from foldline.layout.estimate import Calibration
    from foldline.layout.fit import DoesNotFit, fit

    rows = _rows(root, layouts)
    for row in rows:
        renderer = recorded(row["layout"])
        entry = (calibrations or {}).get(row["fmt"].name)
        try:
            fitted = fit(row["request"], renderer=renderer, calibration=Calibration.of(entry) if entry else None)
            row["found"], row["renders"] = fitted.rendered.body_size, fitted.renders
        except DoesNotFit:
            row["found"], row["renders"] = None, None
        row["exhaustive"] = _exhaustive(row["fmt"], row["contacts"], renderer, row["request"])
    return rows


def _exhaustive(fmt, contacts: str, renderer, request) -> float | None:
    """The size copyfitting's rules choose, from every size's render: the largest that
    fits; then, if a smaller one saves a page (a sheet, for booklets), the largest that does."""
    from foldline.layout.fit import _page_of

    candidates = fmt.body_size.candidates()
    renders = {size: renderer(request, size) for size in candidates}

    def fits(size, budget=None) -> bool:
        r = renders[size]
        if fmt.underfull(r.pages):
            return True
        if not fmt.fits(r.pages) or (budget is not None and r.pages > budget):
            return False
        return not fmt.contacts_on_last_page or _page_of(r, contacts) == r.pages

    found = next((s for s in candidates if fits(s)), None)
    if found is None or fmt.folded or fmt.pages.exact is not None:
        return found
    target = fmt.padded(renders[found].pages) - fmt.pages.multiple_of
    if target < 1:
        return found
    fewer = next((s for s in candidates if s < found and fits(s, target)), None)
    return fewer or found


def report(root: Path, layouts: list[dict]) -> int:
    """The searches replayed three ways: on renders alone; calibrated on every leaflet;
    and calibrated on the other leaflets only (each leaflet's layouts searched with a
    calibration that has not seen it: what a new leaflet gets)."""
    from foldline.layout import estimate

    stored = {name: _as_entry(c) for name, c in estimate.read(root / "layouts").items()}
    runs = {"renders alone": replay(root, layouts, None), "calibrated (layouts/copyfit.yaml)": replay(root, layouts, stored)}
    unseen = []
    for leaflet in sorted({x["leaflet"] for x in layouts}):
        mine = [x for x in layouts if x["leaflet"] == leaflet]
        unseen += replay(root, mine, calibrate(root, layouts, leave_out=leaflet))
    runs["calibrated without the leaflet"] = unseen
    wrong = 0
    for name, rows in runs.items():
        by_format: dict[str, list] = {}
        differ = [r for r in rows if r["found"] != r["exhaustive"]]
        wrong += len(differ)
        for row in rows:
            by_format.setdefault(row["fmt"].name, []).append(row["renders"] or 0)
        total = sum(sum(v) for v in by_format.values())
        print(f"{name}: {total} renders for {len(rows)} layouts, {total / len(rows):.2f} per layout; "
              f"{len(differ)} sizes differ from trying every size")
        for fmt, renders in by_format.items():
            print(f"    {fmt:15} {sum(renders) / len(renders):.2f} renders per layout")
        for row in differ:
            x = row["layout"]
            print(f"    DIFFERENT {x['leaflet']} {x['language']} {x['format']}: {row['found']} pt, every size says {row['exhaustive']} pt")
    return 1 if wrong else 0


def _as_entry(calibration) -> dict:
    return {
        "text": {"per_char": calibration.per_char, "per_block": calibration.per_block},
        "contacts": {"base": calibration.contacts_base, "per_char": calibration.contacts_per_char,
                     "growth": calibration.contacts_growth},
        "start": {"page": calibration.start_page, "fraction": calibration.start},
        "margins": list(calibration.margins),
        "layouts": calibration.layouts,
    }


if __name__ == "__main__":
    sys.exit(main())
