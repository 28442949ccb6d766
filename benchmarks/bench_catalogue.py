"""The catalogue mode of the benchmark: how the build's cost grows with N leaflets.

    .venv/bin/python benchmarks/bench_build.py catalogue --n 1 10 25 [--write]

For each N, in a temporary copy of the project holding N leaflets varied from the real
ones (``catalogue.py``), one after another in one run:

  cold       build into an empty output folder
  no-op      the same again, nothing changed (best of 3), and whether it imported
             WeasyPrint or pydantic (PYTHONPROFILEIMPORTTIME)
  one translation edited   a comment appended to one translation of one leaflet
  one stylesheet edited    a comment appended to one format's format.css
  forced     ``--force``
  shards     ``--shard K/4`` for K = 1..4, each cold into its own folder (as four CI
             runners would), one after another: the longest, and evenness = longest
             over a quarter of their sum
and, from the cold build's report: renders per layout, the time before the first job
(planning, fingerprinting, validation), the build process's own peak RSS and each
worker's, the in-worker time against the workers' wall time, and the manifest's size.

The floor (at the smallest N): the final HTML and CSS of each layout, rendered and
written once by bare WeasyPrint in 2 fresh processes (imports and font set-up
included), the layouts shared out between them; wall time from the start of the
processes to the end of the last.

The profile (at every N but the smallest): the forced build runs under cProfile (the build
process, the main side; the workers are not profiled), so its time there carries the
profiler's overhead on the main side; top entries by cumulative and by own time.
"""
from __future__ import annotations

import cProfile  # noqa: F401  (the profiled build runs under ``-m cProfile``)
import datetime
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_build
import catalogue

ROOT = bench_build.ROOT
SHARDS = 4
FLOOR_PROCESSES = 2


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="bench_build.py catalogue", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 25], help="catalogue sizes (leaflets)")
    parser.add_argument("--jobs", type=int, help="--jobs of every build (default: the build's default)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build at the largest N")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--write", action="store_true", help="append the tables to benchmarks/RESULTS.md")
    parser.add_argument("--from-json", type=Path, help="print the tables of results written earlier by --json; measure nothing")
    args = parser.parse_args(argv)
    if args.from_json:
        print(markdown(json.loads(args.from_json.read_text(encoding="utf-8"))))
        return 0
    sizes = sorted(set(args.n))
    results = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": bench_build.machine(), "command": "benchmarks/bench_build.py catalogue " + " ".join(argv),
               "sizes": {}}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"foldline-catalogue-{n}-") as tmp:
            results["sizes"][n] = measure(Path(tmp), n, args.jobs, floor=n == sizes[0],
                                          profiled=n != sizes[0] and not args.no_profile)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = markdown(results)
    print(text)
    if args.write:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    return 0


def measure(tmp: Path, n: int, jobs: int | None, floor: bool, profiled: bool) -> dict:
    project = tmp / "project"
    names = catalogue.generate(ROOT, project, n)
    log(f"N={n}: {len(names)} leaflets generated")
    r: dict = {"leaflets": n, "load_before": os.getloadavg()}
    log(f"N={n}: cold build ...")
    r["cold"], cold = build(project, tmp / "cold.json", jobs)
    built = [row for row in cold["outputs"] if row["status"] == "built"]
    layouts = {(row["leaflet"], row["language"], row["format"]) for row in built}
    r.update(
        outputs=len(built), layouts=len(layouts), renders=sum(row["renders"] for row in built), jobs=cold["jobs"],
        first_job_seconds=cold["first_job_seconds"], build_rss_mb=cold["build_rss_mb"],
        worker_rss_mb=cold["worker_rss_mb"], in_worker=sum(row["seconds"] for row in built),
        manifest_bytes=(project / "output" / "manifest.json").stat().st_size,
        renders_by_format=renders_by_format(built),
    )
    log(f"N={n}: no-op builds ...")
    noops = [build(project, tmp / "noop.json", jobs) for _ in range(3)]
    r["noop_built"] = max(report["summary"]["built"] + report["summary"]["failed"] for _, report in noops)
    r["noop"] = min(seconds for seconds, _ in noops)
    r["noop_first_job_seconds"] = min(report["first_job_seconds"] or 0 for _, report in noops)
    r["noop_heavy_imports"] = heavy_imports(project)

    translation = next(row for row in built if row["language"] != "en")
    edited = project / "source" / translation["leaflet"] / f"{translation['language']}.yaml"
    with open(edited, "a", encoding="utf-8") as handle:
        handle.write("# benchmark: one translation edited\n")
    log(f"N={n}: one translation edited ...")
    seconds, report = build(project, tmp / "one.json", jobs)
    r["one_translation"] = {"seconds": seconds, "built": report["summary"]["built"],
                            "expected": sum((row["leaflet"], row["language"]) == (translation["leaflet"], translation["language"]) for row in built)}

    stylesheet = project / "layouts" / "a4" / "format.css"
    with open(stylesheet, "a", encoding="utf-8") as handle:
        handle.write("\n/* benchmark: one stylesheet edited */\n")
    log(f"N={n}: one format's stylesheet edited ...")
    seconds, report = build(project, tmp / "css.json", jobs)
    r["one_stylesheet"] = {"seconds": seconds, "built": report["summary"]["built"],
                           "expected": sum(row["format"] == "a4" for row in built)}

    if profiled:
        log(f"N={n}: forced build, under cProfile (main side) ...")
        seconds, report, r["profile"] = profile_build(project, tmp, jobs, "--force")
    else:
        log(f"N={n}: forced build ...")
        seconds, report = build(project, tmp / "force.json", jobs, "--force")
    r["forced"] = {"seconds": seconds, "renders": sum(row.get("renders") or 0 for row in report["outputs"]),
                   "profiled": profiled}

    r["shards"] = []
    for k in range(1, SHARDS + 1):
        log(f"N={n}: shard {k}/{SHARDS} (cold, own folder) ...")
        seconds, report = build(project, tmp / f"shard{k}.json", jobs, "--shard", f"{k}/{SHARDS}", "--output", str(tmp / f"shard{k}"))
        r["shards"].append({"seconds": seconds, "outputs": report["summary"]["built"]})
    if floor:
        log(f"N={n}: floor (bare WeasyPrint, one render per layout, {FLOOR_PROCESSES} processes) ...")
        r["floor"] = measure_floor(project, tmp, built)
    r["load_after"] = os.getloadavg()
    r["failed"] = sorted(FAILED_OUTPUTS)
    FAILED_OUTPUTS.clear()
    return r


FAILED_OUTPUTS: set[str] = set()  # outputs a build of this run failed (a varied text that does not fit)


def build(project: Path, report: Path, jobs: int | None, *options: str) -> tuple[float, dict]:
    """Like bench_build.build, but an output that fails (exit 3) is logged and the run goes
    on: the results then say how many failed, since they are stale in every later build."""
    seconds, data = bench_build.build(project, report, jobs, *options, accepted=(0, 3))
    failed = {row["output"] for row in data["outputs"] if row.get("status") == "failed"}
    for name in sorted(failed - FAILED_OUTPUTS):
        log(f"  failed: {name}")
    FAILED_OUTPUTS.update(failed)
    return seconds, data


def heavy_imports(project: Path) -> list[str]:
    """The heavy packages a no-op build imports (it should import none)."""
    command = [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(project)]
    done = subprocess.run(command, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "import time:" in line}
    return sorted(imported & {"weasyprint", "pydantic", "yaml", "pypdf"})


def renders_by_format(rows: list[dict]) -> dict:
    table: dict = {}
    for row in rows:
        entry = table.setdefault(row["format"], {"layouts": 0, "renders": 0})
        entry["layouts"] += bool(row["renders"])
        entry["renders"] += row["renders"]
    return table


# --- the floor ------------------------------------------------------------------------

FLOOR_WORKER = """
import json, sys, time
import weasyprint
from weasyprint.text.fonts import FontConfiguration
for html, css, base_url, options in json.load(open(sys.argv[1])):
    fonts = FontConfiguration()
    sheet = weasyprint.CSS(string=open(css, encoding="utf-8").read(), font_config=fonts)
    document = weasyprint.HTML(string=open(html, encoding="utf-8").read(), base_url=base_url).render(
        stylesheets=[sheet], font_config=fonts, pdf_tags=options["pdf_tags"])
    document.write_pdf(**options)
"""


def measure_floor(project: Path, tmp: Path, built: list[dict]) -> dict:
    """One bare render and write per layout (its first output's final HTML and CSS), in
    FLOOR_PROCESSES fresh processes started together: their wall time."""
    firsts = [row for row in built if row["renders"]]
    documents = bench_build.export(project, tmp / "floor-html", firsts)
    tasks = [(str(h), str(c), url, options) for h, c, url, options in documents.values()]
    sizes = sorted(tasks, key=lambda task: -Path(task[0]).stat().st_size)
    parts: list[list] = [[] for _ in range(FLOOR_PROCESSES)]
    for index, task in enumerate(sizes):
        parts[index % FLOOR_PROCESSES].append(task)
    files = []
    for index, part in enumerate(parts):
        path = tmp / f"floor-{index}.json"
        path.write_text(json.dumps(part), encoding="utf-8")
        files.append(path)
    os.chdir(tmp)
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-c", FLOOR_WORKER, str(path)]) for path in files]
    codes = [process.wait() for process in processes]
    seconds = time.perf_counter() - started
    os.chdir(ROOT)
    assert codes == [0] * len(codes), codes
    return {"seconds": seconds, "layouts": len(tasks), "processes": FLOOR_PROCESSES}


# --- the profile ----------------------------------------------------------------------


def profile_build(project: Path, tmp: Path, jobs: int | None, *options: str) -> tuple[float, dict, dict]:
    """A build under cProfile (the build process only; the workers are not profiled):
    its seconds, its report and the top of its profile."""
    stats_file = tmp / "build.prof"
    report = tmp / "profiled.json"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), str(ROOT / "make_leaflet.py"), "build",
               "--root", str(project), "--report", str(report), *options]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    stats = pstats.Stats(str(stats_file))
    profile = {"seconds": seconds, "options": " ".join(options),
               "cumulative": top(stats, "cumulative", 25), "own": top(stats, "tottime", 15)}
    return seconds, json.loads(report.read_text(encoding="utf-8")), profile


def top(stats: pstats.Stats, key: str, count: int) -> str:
    stream = io.StringIO()
    stats.stream = stream
    stats.sort_stats(key).print_stats(count)
    lines = stream.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(line.replace(str(ROOT) + "/", "") for line in lines[start:] if line.strip())


# --- reporting ------------------------------------------------------------------------


def markdown(results: dict) -> str:
    sizes = {int(n): r for n, r in results["sizes"].items()}
    ns = sorted(sizes)
    lines = [f"## Catalogue: {results['date']}", "", f"Machine: {results['machine']}.", "",
             f"Command: `{results['command']}`", "", "| measure | " + " | ".join(f"N={n}" for n in ns) + " |",
             "|---|" + "---:|" * len(ns)]

    def row(name, cell):
        lines.append(f"| {name} | " + " | ".join(cell(sizes[n]) for n in ns) + " |")

    row("load average (1 min) before, after", lambda r: f"{r['load_before'][0]:.1f}, {r['load_after'][0]:.1f}")
    row("outputs (layouts)", lambda r: f"{r['outputs']} ({r['layouts']})")
    row("cold build s", lambda r: f"{r['cold']:.1f}")
    row("cold s per output", lambda r: f"{r['cold'] / r['outputs']:.3f}")
    row("renders per layout", lambda r: f"{r['renders'] / r['layouts']:.2f}")
    row("time before the first job s (cold)", lambda r: f"{r['first_job_seconds']:.2f}")
    row("workers busy (in-worker s / jobs x wall)", lambda r: f"{r['in_worker'] / (r['jobs'] * r['cold']):.0%}")
    row("outputs failed (varied text too long)", lambda r: str(len(r["failed"])))
    row("no-op build s (best of 3)", lambda r: f"{r['noop']:.2f}")
    row("no-op ms per output", lambda r: f"{1000 * r['noop'] / r['outputs']:.2f}")
    row("no-op imports weasyprint/pydantic/yaml/pypdf", lambda r: ", ".join(r["noop_heavy_imports"]) or "none")
    row("one translation edited s (built/expected)",
        lambda r: f"{r['one_translation']['seconds']:.1f} ({r['one_translation']['built']}/{r['one_translation']['expected']})")
    row("a4 stylesheet edited s (built/expected)",
        lambda r: f"{r['one_stylesheet']['seconds']:.1f} ({r['one_stylesheet']['built']}/{r['one_stylesheet']['expected']})")
    row("forced build s (renders)", lambda r: f"{r['forced']['seconds']:.1f} ({r['forced']['renders']})")
    row("build process peak RSS MB", lambda r: f"{r['build_rss_mb']:.0f}")
    row("worker peak RSS MB (each)", lambda r: ", ".join(f"{mb:.0f}" for mb in r["worker_rss_mb"]))
    row("manifest KB (bytes per output)", lambda r: f"{r['manifest_bytes'] / 1024:.0f} ({r['manifest_bytes'] / r['outputs']:.0f})")
    row("4 shards s (each, cold)", lambda r: ", ".join(f"{s['seconds']:.1f}" for s in r["shards"]))
    row("longest shard / quarter of the sum", lambda r: f"{evenness(r):.2f}")
    row("shards' outputs", lambda r: ", ".join(str(s["outputs"]) for s in r["shards"]))
    for n in ns:
        floor = sizes[n].get("floor")
        if floor:
            r = sizes[n]
            lines += ["", f"Floor at N={n}: {floor['layouts']} layouts rendered and written once by bare WeasyPrint in "
                      f"{floor['processes']} fresh processes: {floor['seconds']:.1f} s ({floor['seconds'] / r['outputs']:.3f} s per output); "
                      f"the cold build {r['cold']:.1f} s is {r['cold'] / floor['seconds']:.2f}x the floor."]
    for n in ns:
        r = sizes[n]
        lines += ["", f"Renders by format at N={n}: " + ", ".join(
            f"{name} {e['renders'] / max(e['layouts'], 1):.2f}" for name, e in sorted(r["renders_by_format"].items()))]
        profile = r.get("profile")
        if profile:
            lines += ["", f"Profile of the build process (main side) over `build {profile['options']}` at N={n} "
                      f"({profile['seconds']:.1f} s under cProfile), by cumulative time:", "", "```",
                      profile["cumulative"], "```", "", "By own time:", "", "```", profile["own"], "```"]
    return "\n".join(lines) + "\n"


def evenness(r: dict) -> float:
    times = [s["seconds"] for s in r["shards"]]
    return max(times) / (sum(times) / len(times))


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
