"""Benchmark the build, side by side, on a copy of this project in a temporary folder.

    .venv/bin/python benchmarks/bench_build.py            # measure and print a table
    .venv/bin/python benchmarks/bench_build.py --write    # ... and append it to benchmarks/RESULTS.md
    .venv/bin/python benchmarks/bench_build.py --profile trifold-letter
    .venv/bin/python benchmarks/bench_build.py catalogue --n 1 10 25 [--write]   # see bench_catalogue.py

What is measured (all wall-clock, on this machine, in one run):

(a) naive   one ``weasyprint`` command per output on the final HTML and CSS our build
            laid out, serially: a fresh interpreter and a fresh font setup per PDF, and
            no copyfitting (each output rendered once, at the size we found);
(b) cold    ``make_leaflet.py build`` into an empty output folder, default --jobs (the
            median of three runs, one just before (a) and two just after);
(c) no-op   the same command again, nothing changed (best of 5);
(d) one language changed: a comment appended to one translation, then build;
(f) ``--force``: everything rebuilt, copyfitting starting from the sizes the
            manifest recorded (what a layout or pipeline change costs);
(e) bare    WeasyPrint alone, in one warm process: each output's final HTML and CSS
            rendered and written once, with the PDF options our build uses (tags,
            PDF/UA), render and write timed apart. WeasyPrint's share of our build is
            then, per layout, its renders (copyfitting's included) x the bare render
            time plus one bare write (both variants come from one layout and one
            write); our overhead is the build's in-worker time over that share: the
            content, templates, imposition of print files, messages between processes.

Peak memory is the largest resident set of any worker (from the build report).
This is a script, not a test: timings depend on the machine, so results are written
down in RESULTS.md with the date and the machine, and no test asserts them.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLD_RUNS = 3
sys.path.insert(0, str(ROOT))


def main() -> int:
    if sys.argv[1:2] == ["catalogue"]:
        import bench_catalogue

        return bench_catalogue.main(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="append the results to benchmarks/RESULTS.md")
    parser.add_argument("--jobs", type=int, help="--jobs for (b) and (d) (default: the build's default)")
    parser.add_argument("--profile", metavar="FORMAT", help="profile one output of FORMAT in process, then stop")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="foldline-bench-") as tmp:
        project = Path(tmp) / "project"
        for name in ("source", "layouts", "fonts"):
            shutil.copytree(ROOT / name, project / name)
        if args.profile:
            return profile(project, args.profile)
        results = measure(project, Path(tmp), args.jobs)
    text = markdown(results)
    print(text)
    if args.write:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    return 0


# --- measuring ---------------------------------------------------------------------------


def build(project: Path, report: Path, jobs: int | None, *options: str, accepted: tuple[int, ...] = (0,)) -> tuple[float, dict]:
    """(wall seconds, the build report) of one build; any exit code not ``accepted`` ends the run."""
    command = [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(project), "--report", str(report)]
    if jobs:
        command += ["--jobs", str(jobs)]
    command += options
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    if result.returncode not in accepted:
        sys.exit(f"build failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return seconds, json.loads(report.read_text(encoding="utf-8"))


def measure(project: Path, tmp: Path, jobs: int | None) -> dict:
    results: dict = {"machine": machine(), "date": datetime.date.today().isoformat()}

    # This machine's timings wander from run to run, and its speed drifts by as much
    # as a fifth over a few minutes: the cold build is the median of three, each into
    # an empty output folder, taken before and after the naive way, so that (a) and (b)
    # are measured under the same conditions.
    colds = []

    def cold_build() -> None:
        log(f"(b) cold build {len(colds) + 1}/{COLD_RUNS} ...")
        shutil.rmtree(project / "output", ignore_errors=True)
        colds.append(build(project, tmp / "cold.json", jobs))

    cold_build()
    rows = [row for row in colds[0][1]["outputs"] if row["status"] == "built"]
    log("exporting the HTML and CSS of every output ...")
    documents = export(project, tmp / "html", rows)
    log("(a) naive: one weasyprint command per output ...")
    results["naive"] = naive(documents, tmp / "naive")
    while len(colds) < COLD_RUNS:
        cold_build()
    cold_seconds, cold = sorted(colds, key=lambda run: run[0])[len(colds) // 2]
    results["cold_runs"] = sorted(seconds for seconds, _ in colds)
    rows = [row for row in cold["outputs"] if row["status"] == "built"]
    results["outputs"] = len(rows)
    results["renders"] = sum(row["renders"] for row in rows)
    results["jobs"] = cold["jobs"]
    results["cold"] = cold_seconds
    results["peak_rss_mb"] = cold["peak_worker_rss_mb"]

    log("(c) no-op build ...")
    noop = []
    for _ in range(5):
        seconds, report = build(project, tmp / "noop.json", jobs)
        assert report["summary"]["built"] == 0, report["summary"]
        noop.append(seconds)
    results["noop"] = min(noop)

    translation = next(
        row for row in rows if row["language"] != "en"
    )  # any translation: appending a comment changes its bytes, not its content
    changed = project / "source" / translation["leaflet"] / f"{translation['language']}.yaml"
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write("# benchmark: one translation changed\n")
    log(f"(d) rebuild after editing {changed.relative_to(project)} ...")
    seconds, report = build(project, tmp / "one.json", jobs)
    rebuilt = [row for row in report["outputs"] if row["status"] == "built"]
    results["one_language"] = {
        "seconds": seconds,
        "file": str(changed.relative_to(project)),
        "built": len(rebuilt),
        "languages": sorted({row["language"] for row in rebuilt}),
        "expected": sum(row["language"] == translation["language"] and row["leaflet"] == translation["leaflet"] for row in rows),
    }

    log("(f) forced rebuild, sizes hinted by the manifest ...")
    seconds, report = build(project, tmp / "force.json", jobs, "--force")
    results["forced"] = {"seconds": seconds, "renders": sum(row["renders"] for row in report["outputs"] if row["status"] == "built")}

    log("(e) bare WeasyPrint, in process ...")
    bare = bare_renders(documents)
    ours = {row["output"]: row for row in rows}
    results["bare_total"] = sum(render + write for render, write in bare.values())
    # WeasyPrint's own share of our build: each layout's renders (copyfitting's trials
    # included) and one write (both variants start from the same bytes), at bare speed.
    # The rows with renders are each layout's first output.
    results["weasyprint_work"] = sum(ours[key]["renders"] * render + write for key, (render, write) in bare.items() if ours[key]["renders"])
    results["ours_in_worker"] = sum(row["seconds"] for row in rows)
    results["overhead"] = results["ours_in_worker"] / results["weasyprint_work"] - 1
    results["bare_by_format"] = by_format(bare, ours)
    return results


def export(project: Path, folder: Path, rows: list[dict]) -> dict[str, tuple[Path, Path, str, dict]]:
    """The final HTML and CSS of each output (what its last render laid out), as files,
    with the WeasyPrint options our build writes it with."""
    from foldline.content.load import load
    from foldline.layout.fit import fit
    from foldline.layout.formats import load_format
    from foldline.layout.render import RenderRequest
    from foldline.project import Project

    proj = Project.at(project)
    documents = {}
    loaded = {}
    for row in rows:
        key = (row["leaflet"], row["language"])
        if key not in loaded:
            loaded[key] = load(proj, proj.content_file(row["leaflet"], row["language"]))
        fmt = load_format(proj, row["format"])
        rendered = fit(RenderRequest.of(proj, fmt, loaded[key], row["variant"])).rendered
        html = folder / (row["output"].replace("/", "__") + ".html")
        css = html.with_suffix(".css")
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(rendered.html, encoding="utf-8")
        css.write_text(rendered.css, encoding="utf-8")
        tagged = fmt.tagged
        options = {"pdf_identifier": True, "pdf_tags": tagged}
        if tagged and row["variant"] == "screen":
            options["pdf_variant"] = "pdf/ua-1"
        documents[row["output"]] = (html, css, (fmt.folder / fmt.template).as_uri(), options)
    return documents


def bare_renders(documents: dict) -> dict[str, tuple[float, float]]:
    """(render, write) seconds of each output's HTML, in this warm process, with the
    options our build uses (tags and PDF/UA for the flowing formats' screen files)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    times = {}
    for key, (html, css, base_url, options) in documents.items():
        started = time.perf_counter()
        fonts = FontConfiguration()
        stylesheet = weasyprint.CSS(string=css.read_text(encoding="utf-8"), font_config=fonts)
        document = weasyprint.HTML(string=html.read_text(encoding="utf-8"), base_url=base_url).render(
            stylesheets=[stylesheet], font_config=fonts, pdf_tags=options["pdf_tags"]
        )
        rendered = time.perf_counter()
        document.write_pdf(**options)
        times[key] = (rendered - started, time.perf_counter() - rendered)
    return times


def naive(documents: dict, folder: Path) -> float:
    folder.mkdir()
    weasyprint = Path(sys.executable).parent / "weasyprint"
    started = time.perf_counter()
    for key, (html, css, base_url, _) in documents.items():
        target = folder / key.replace("/", "__")
        subprocess.run([str(weasyprint), "-q", "-s", str(css), "-u", base_url, str(html), str(target)], check=True)
    return time.perf_counter() - started


def by_format(bare: dict, ours: dict) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for key, (render, write) in bare.items():
        row = ours[key]
        entry = table.setdefault(row["format"], {"outputs": 0, "render": 0.0, "write": 0.0, "ours": 0.0, "renders": 0})
        entry["outputs"] += 1
        entry["render"] += render
        entry["write"] += write
        entry["ours"] += row["seconds"]
        entry["renders"] += row["renders"]
    return table


def profile(project: Path, format_name: str) -> int:
    """Where the time of one output goes: the top of a cProfile of producing it, in process."""
    from foldline.build.plan import Output
    from foldline.build.produce import produce
    from foldline.content.load import load
    from foldline.project import Project, Variant

    proj = Project.at(project, project / "output")
    leaflet, language = _first_translation(proj)
    content = load(proj, proj.content_file(leaflet, language))
    output = Output(leaflet, language, format_name, Variant.SCREEN)
    produce(proj, [output], content)  # warm: imports, first font setup
    profiler = cProfile.Profile()
    profiler.enable()
    (result,) = produce(proj, [output], content)
    profiler.disable()
    print(f"{output.label}: {result.status}, {result.renders} renders, {result.seconds:.2f} s")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(30)
    print(stream.getvalue())
    return 0


def _first_translation(project) -> tuple[str, str]:
    for file in project.discover():
        return file.leaflet, file.language
    raise SystemExit("no content")


# --- reporting ---------------------------------------------------------------------------


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib import metadata

    return f"{cpu}, {cores} cores, Python {platform.python_version()}, WeasyPrint {metadata.version('weasyprint')}"


def markdown(r: dict) -> str:
    n = r["outputs"]
    one = r["one_language"]
    speedup = r["naive"] / r["cold"]
    speedup_forced = r["naive"] / r["forced"]["seconds"]
    lines = [
        f"## {r['date']}: {n} outputs, {r['renders']} renders (copyfitting included)",
        "",
        f"Machine: {r['machine']}; build with --jobs {r['jobs']}.",
        "",
        "| measure | seconds | per output | target | met |",
        "|---|---:|---:|---|---|",
        f"| (a) naive: `weasyprint` per output, serial, no copyfit | {r['naive']:.1f} | {r['naive'] / n:.3f} | | |",
        f"| (b) cold build (median of {', '.join(f'{t:.1f}' for t in r['cold_runs'])}) | {r['cold']:.1f} | {r['cold'] / n:.3f} | 5x faster than (a); 0.15 s/output | "
        f"{speedup:.1f}x {'yes' if speedup >= 5 else 'no'}; {'yes' if r['cold'] / n <= 0.15 else 'no'} |",
        f"| (c) no-op build (best of 5) | {r['noop']:.2f} | | under 0.3 s | {'yes' if r['noop'] < 0.3 else 'no'} |",
        f"| (d) `{one['file']}` changed | {one['seconds']:.1f} | | only its {one['expected']} outputs | "
        f"{one['built']} built ({', '.join(one['languages'])}): {'yes' if one['built'] == one['expected'] and len(one['languages']) == 1 else 'no'} |",
        f"| (f) `--force` rebuild: copyfit starts at the last size ({r['forced']['renders']} renders) | "
        f"{r['forced']['seconds']:.1f} | {r['forced']['seconds'] / n:.3f} | | {speedup_forced:.1f}x faster than (a) |",
        f"| (e) bare WeasyPrint, warm process: each output's final HTML rendered and written once | {r['bare_total']:.1f} | {r['bare_total'] / n:.3f} | | |",
        f"| WeasyPrint's share of (b) at bare speed: each layout's renders and one write | {r['weasyprint_work']:.1f} | | | |",
        f"| our in-worker time, over that share | {r['ours_in_worker']:.1f} | | overhead under 10% | "
        f"{r['overhead'] * 100:+.1f}% {'yes' if r['overhead'] < 0.10 else 'no'} |",
        f"| peak worker memory (RSS) | {r['peak_rss_mb']:.0f} MB | | under 300 MB | {'yes' if r['peak_rss_mb'] < 300 else 'no'} |",
        "",
        "| format | outputs | renders | bare s/render | bare s/write | ours s/output |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, entry in sorted(r["bare_by_format"].items()):
        lines.append(
            f"| {name} | {entry['outputs']} | {entry['renders']} | {entry['render'] / entry['outputs']:.3f} | "
            f"{entry['write'] / entry['outputs']:.3f} | {entry['ours'] / entry['outputs']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
