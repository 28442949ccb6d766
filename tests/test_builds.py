"""Builds for CI: deterministic bytes, incremental rebuilds, shards, the report, limits.

Each test builds a small selection into its own project copy and reads what the
build wrote: file hashes, the manifest and the JSON report, never log wording
alone. Interruption, locking and leftover temporary files are in tests/hardening.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader

from foldline.content.languages import language_for
from foldline.project import Project

PROJECT = Project.at(ROOT)


def _pair() -> tuple[str, str, str | None]:
    """(leaflet, its source language, a translation of it): the first leaflet with a
    right-to-left translation, else the first with any translation (None: no translation)."""
    files = PROJECT.discover()
    leaflets = sorted({f.leaflet for f in files})
    candidates = []
    for leaflet in leaflets:
        source = PROJECT.source_language(leaflet)
        others = [f.language for f in files if f.leaflet == leaflet and f.language != source]
        rtl = [tag for tag in others if language_for(PROJECT, tag).rtl]
        candidates.append((not rtl, not others, leaflet, source, (rtl or others or [None])[0]))
    _, _, leaflet, source, other = min(candidates)
    return leaflet, source, other


# The project's content, discovered: a leaflet, its source language and a translation.
LEAFLET, SOURCE, OTHER = _pair()
needs_a_translation = pytest.mark.skipif(OTHER is None, reason="no leaflet of the project has a translation")
# Two languages (a right-to-left one where the project has one), two formats, one variant: 4 outputs.
SMALL = ("--leaflet", LEAFLET, "--lang", SOURCE, "--lang", str(OTHER), "--format", "a4", "--format", "letter", "--variant", "screen")
ONE = ("--leaflet", LEAFLET, "--lang", SOURCE, "--format", "a4", "--variant", "screen")


def _name(language: str, fmt: str) -> str:
    return f"{LEAFLET}.{language}.{fmt}.pdf"


def _key(language: str, fmt: str) -> str:
    """The output's key in the report and the manifest: leaflet/file name."""
    return f"{LEAFLET}/{_name(language, fmt)}"


def _names(languages, formats=("a4", "letter")) -> list[str]:
    return sorted(_name(language, fmt) for language in languages for fmt in formats)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pdfs(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*.pdf")) if "proofs" not in p.parts}


def _build(project: Path, *args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, dict]:
    """Build with a report; returns the process and the report's outputs by key."""
    report = project / "report.json"
    report.unlink(missing_ok=True)
    command = [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(project), "--report", str(report), *args]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    rows = {}
    if report.is_file():
        rows = {row["output"]: row for row in json.loads(report.read_text(encoding="utf-8"))["outputs"]}
    return result, rows


def _status(rows: dict) -> dict[str, list[str]]:
    by_status: dict[str, list[str]] = {}
    for key, row in sorted(rows.items()):
        by_status.setdefault(row["status"], []).append(key.split("/")[-1])
    return by_status


# --- deterministic ---------------------------------------------------------------------


def test_two_builds_in_separate_processes_give_identical_bytes(built, tmp_path):
    """Every format and variant of every language: a second, serial build matches the first."""
    again = tmp_path / "again"
    result = run_cli("build", "--output", str(again), "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = _pdfs(built), _pdfs(again)
    formats = {p.parent.name for p in (ROOT / "layouts").glob("*/format.yaml")}
    assert {name.split(".")[2] for name in first} == formats
    assert any(".print." in name for name in first) and any(".print." not in name for name in first)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_dates_come_from_the_content_or_source_date_epoch(project, tmp_path):
    from foldline.content.load import load

    one = ONE
    result, _ = _build(project, *one)
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / _key(SOURCE, "a4")
    published = "D:" + str(load(PROJECT, PROJECT.content_file(LEAFLET, SOURCE)).leaflet.meta.publication.date).replace("-", "")
    info = PdfReader(pdf).metadata
    assert info["/CreationDate"].startswith(published) and info["/ModDate"].startswith(published)
    plain = pdf.read_bytes()

    # 2021-01-01T12:00:00Z: a new date is a new setting, so the output is rebuilt, with that date.
    result, rows = _build(project, *one, env={"SOURCE_DATE_EPOCH": "1609502400"})
    assert result.returncode == 0, result.stderr
    assert rows[_key(SOURCE, "a4")]["status"] == "built"
    assert "settings" in rows[_key(SOURCE, "a4")]["reason"]
    info = PdfReader(pdf).metadata
    assert info["/CreationDate"].startswith("D:20210101") and info["/ModDate"].startswith("D:20210101")
    assert pdf.read_bytes() != plain

    result, _ = _build(project, *one, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 2
    assert "SOURCE_DATE_EPOCH='yesterday'" in result.stderr


def test_the_document_identifier_follows_the_content(project):
    one = ONE
    _build(project, *one)
    pdf = project / "output" / _key(SOURCE, "a4")
    before = PdfReader(pdf).trailer["/ID"][0]
    source = project / "source" / LEAFLET / f"{SOURCE}.yaml"
    text = source.read_text(encoding="utf-8")
    edited = re.sub(r"^(  subtitle: .*\S)$", r"\1 (revised)", text, count=1, flags=re.M)
    assert edited != text, "the source has no one-line subtitle to edit"
    source.write_text(edited, encoding="utf-8")
    result, _ = _build(project, *one)
    assert result.returncode == 0, result.stderr
    assert PdfReader(pdf).trailer["/ID"][0] != before


# --- incremental -----------------------------------------------------------------------


@needs_a_translation
def test_a_second_build_skips_everything_without_loading_weasyprint(project):
    result, rows = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert _status(rows) == {"built": _names([SOURCE, OTHER])}
    output = project / "output"
    files = {p: (p.stat().st_mtime_ns, _sha(p)) for p in output.rglob("*") if p.is_file()}

    result, rows = _build(project, *SMALL, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr
    assert set(_status(rows)) == {"skipped"} and all(row["reason"] == "up to date" for row in rows.values())
    assert "0 built, 0 failed, 4 up to date" in result.stdout
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert imported, "PYTHONPROFILEIMPORTTIME gave no list of imports"
    assert not [name for name in imported if name.split(".")[0] in ("weasyprint", "pydantic", "yaml", "pypdf")]
    # Nothing was rewritten: not a PDF, not the manifest.
    assert {p: (p.stat().st_mtime_ns, _sha(p)) for p in output.rglob("*") if p.is_file()} == files


@needs_a_translation
def test_one_language_changed_rebuilds_that_language_only(project):
    _build(project, *SMALL)
    translation = project / "source" / LEAFLET / f"{OTHER}.yaml"
    translation.write_text(translation.read_text(encoding="utf-8") + "# a translator's comment\n", encoding="utf-8")
    result, rows = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert _status(rows) == {
        "built": _names([OTHER]),
        "skipped": _names([SOURCE]),
    }
    assert rows[_key(OTHER, "a4")]["reason"] == f"changed: source/{LEAFLET}/{OTHER}.yaml"


@needs_a_translation
def test_the_source_language_changed_rebuilds_its_translations_too(project):
    _build(project, *SMALL)
    source = project / "source" / LEAFLET / f"{SOURCE}.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# an editor's comment\n", encoding="utf-8")
    result, rows = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert set(_status(rows)) == {"built"}
    assert rows[_key(OTHER, "a4")]["reason"] == f"changed: source/{LEAFLET}/{SOURCE}.yaml"


@needs_a_translation
def test_one_format_changed_rebuilds_that_format_only(project):
    _build(project, *SMALL)
    css = project / "layouts" / "letter" / "format.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* a designer's note */\n", encoding="utf-8")
    result, rows = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert _status(rows) == {
        "built": _names([SOURCE, OTHER], ["letter"]),
        "skipped": _names([SOURCE, OTHER], ["a4"]),
    }
    assert rows[_key(SOURCE, "letter")]["reason"] == "changed: layouts (letter or shared)"

    base = project / "layouts" / "base" / "base.css"
    base.write_text(base.read_text(encoding="utf-8") + "\n/* shared */\n", encoding="utf-8")
    result, rows = _build(project, *SMALL)
    assert set(_status(rows)) == {"built"}


def _own_bold_face() -> tuple[Path, Path] | None:
    """(the bold face of the translation's own body family, a bold face of its heading
    family): a font file only the translation's outputs use, and another to put there."""
    if OTHER is None:
        return None
    from foldline.content.fonts import font_faces

    source, other = language_for(PROJECT, SOURCE), language_for(PROJECT, OTHER)
    family, heading = other.body_families[0], other.heading_families[0]
    if family in source.families or heading == family:
        return None

    def bold(name):
        return next(face.path for face in font_faces(PROJECT, (name,)) if face.weight == 700 and face.style == "normal")

    return bold(family).relative_to(PROJECT.root), bold(heading).relative_to(PROJECT.root)


@pytest.mark.skipif(_own_bold_face() is None, reason="the translation's script has no body font of its own")
@needs_a_translation
def test_a_changed_font_rebuilds_only_the_outputs_using_it(project):
    _build(project, *SMALL)
    # The translation's own bold body face replaced by another bold: only its outputs use it.
    own, other = _own_bold_face()
    target = project / own
    target.unlink()  # hard-linked to the template: replace, never write through
    shutil.copyfile(project / other, target)
    result, rows = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert _status(rows) == {
        "built": _names([OTHER]),
        "skipped": _names([SOURCE]),
    }
    assert rows[_key(OTHER, "a4")]["reason"] == "changed: fonts"


@needs_a_translation
def test_force_and_a_damaged_file_rebuild(project):
    _build(project, *SMALL)
    pdf = project / "output" / _key(SOURCE, "a4")
    good = pdf.read_bytes()
    pdf.write_bytes(good[: len(good) // 2])
    result, rows = _build(project, *SMALL)
    assert _status(rows)["built"] == [_name(SOURCE, "a4")]
    assert rows[_key(SOURCE, "a4")]["reason"] == "file differs from the one built"
    assert pdf.read_bytes() == good

    pdf.unlink()
    result, rows = _build(project, *SMALL)
    assert rows[_key(SOURCE, "a4")]["reason"] == "file missing"
    assert pdf.read_bytes() == good

    result, rows = _build(project, *SMALL, "--force")
    assert result.returncode == 0, result.stderr
    assert set(_status(rows)) == {"built"} and {row["reason"] for row in rows.values()} == {"--force"}
    assert pdf.read_bytes() == good


@needs_a_translation
def test_outputs_of_a_removed_language_are_removed(project):
    _build(project, *SMALL)
    output = project / "output" / LEAFLET
    assert (output / _name(OTHER, "a4")).is_file()
    (project / "source" / LEAFLET / f"{OTHER}.yaml").unlink()
    result, _ = _build(project, *SMALL)
    assert result.returncode == 0, result.stderr
    assert "2 removed" in result.stdout
    assert sorted(p.name for p in output.glob("*.pdf")) == _names([SOURCE])
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == [_key(SOURCE, "a4"), _key(SOURCE, "letter")]
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert report["removed"] == [_key(OTHER, "a4"), _key(OTHER, "letter")]


@needs_a_translation
def test_invalid_content_behind_a_stale_output_stops_the_build(project):
    _build(project, *SMALL)
    before = _pdfs(project / "output")
    translation = project / "source" / LEAFLET / f"{OTHER}.yaml"
    translation.write_text(translation.read_text(encoding="utf-8").replace("  title: ", "  titel: ", 1), encoding="utf-8")
    result, _ = _build(project, *SMALL)
    assert result.returncode == 1
    assert f"source/{LEAFLET}/{OTHER}.yaml:" in result.stderr and "titel" in result.stderr
    assert _pdfs(project / "output") == before


# --- shards ------------------------------------------------------------------------------


@needs_a_translation
def test_shards_split_the_outputs_and_their_manifests_merge(project):
    selection = SMALL[:-2]  # both variants
    one, rows_one = _build(project, *selection, "--shard", "1/2")
    two, rows_two = _build(project, *selection, "--shard", "2/2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    built_one = set(_status(rows_one)["built"])
    built_two = set(_status(rows_two)["built"])
    assert len(built_one) == len(built_two) == 4 and not built_one & built_two  # balanced, disjoint
    assert len(built_one | built_two) == 8  # 2 languages x 2 formats x 2 variants
    # The same split on every runner: shard 1 again plans exactly what it built.
    assert set(_status(_build(project, *selection, "--shard", "1/2")[1])["skipped"]) == built_one
    output = project / "output"
    assert sorted(p.name for p in output.glob("manifest*.json")) == ["manifest.shard-1-of-2.json", "manifest.shard-2-of-2.json"]

    # The same shard again is a no-op; so is a whole build, which merges the fragments.
    again, rows = _build(project, *selection, "--shard", "2/2")
    assert set(_status(rows)) == {"skipped"}
    whole, rows = _build(project, *selection)
    assert whole.returncode == 0, whole.stderr
    assert set(_status(rows)) == {"skipped"} and len(rows) == 8
    assert sorted(p.name for p in output.glob("manifest*.json")) == ["manifest.json"]
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) == 8


@needs_a_translation
@pytest.mark.parametrize("shard", ["0/2", "3/2", "1", "a/b", "1/0"])
@needs_a_translation
def test_a_bad_shard_is_a_usage_error(project, shard):
    result, _ = _build(project, *SMALL, "--shard", shard)
    assert result.returncode == 2
    assert "--shard" in result.stderr and "K/N" in result.stderr
    assert not (project / "output" / "manifest.json").exists()


# --- report and limits -----------------------------------------------------------------


def test_the_report_describes_every_output(project):
    result, rows = _build(project, "--leaflet", LEAFLET, "--lang", SOURCE, "--format", "a5-booklet", "--format", "trifold-letter", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert report["schema"] == 1 and report["jobs"] == 2
    assert report["summary"] == {"built": 4, "failed": 0, "invalid": 0, "skipped": 0, "removed": 0, "planned": 4}
    assert len(rows) == 4
    for key, row in rows.items():
        pdf = project / "output" / key
        assert row["status"] == "built" and row["reason"] == "new"
        assert row["sha256"] == _sha(pdf) and row["bytes"] == pdf.stat().st_size
        assert row["pages"] == len(PdfReader(pdf).pages)
        assert isinstance(row["body_size"], (int, float)) and row["body_size"] > 5
        assert row["seconds"] > 0
        # Both variants come from one layout, counted against the screen variant's job.
        assert row["renders"] >= 1 if row["variant"] == "screen" else row["renders"] == 0
    # One line per output on stdout, as each finishes.
    assert sum(line.startswith("built ") for line in result.stdout.splitlines()) == 4
    assert 0 < report["peak_worker_rss_mb"] < 1024


def test_a_sibling_format_starts_from_the_size_found_before_it(project, tmp_path):
    """With one worker the A4 tri-fold is laid out first; the Letter tri-fold (same layout,
    same body sizes) starts from the size it found and settles in two renders, at the
    size a build of the Letter tri-fold alone finds."""
    result, rows = _build(project, "--leaflet", LEAFLET, "--lang", SOURCE, "--format", "trifold-a4", "--format", "trifold-letter",
                          "--variant", "screen", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    letter = rows[_key(SOURCE, "trifold-letter")]
    assert letter["renders"] <= 2, letter
    alone, alone_rows = _build(project, "--leaflet", LEAFLET, "--lang", SOURCE, "--format", "trifold-letter", "--variant", "screen",
                               "--output", str(tmp_path / "alone"))
    assert alone.returncode == 0, alone.stderr
    assert alone_rows[_key(SOURCE, "trifold-letter")]["body_size"] == letter["body_size"]
    assert alone_rows[_key(SOURCE, "trifold-letter")]["sha256"] == letter["sha256"]


def test_size_hints_pass_between_formats_of_the_same_page_kind_only():
    """A4 and Letter (two columns, flowing) share sizes; an A5 booklet does not take an A4's
    size as its first guess (it holds half the text a page), nor a tri-fold a flowing page's."""
    from types import SimpleNamespace

    from foldline.build.run import Build
    from foldline.layout.formats import load_format
    from foldline.project import Project

    formats = {name: load_format(Project.at(ROOT), name) for name in Project.at(ROOT).format_names()}
    grid = Build._grid.__get__(SimpleNamespace(_format=formats.__getitem__))
    flowing = [n for n, f in formats.items() if not f.folded and not f.booklet]
    booklets = [n for n, f in formats.items() if f.booklet]
    folded = [n for n, f in formats.items() if f.folded]
    assert len({grid(n) for n in flowing if formats[n].columns == formats[flowing[0]].columns}) == 1
    assert not {grid(n) for n in booklets} & {grid(n) for n in flowing + folded}
    assert not {grid(n) for n in folded} & {grid(n) for n in flowing}


def test_a_worker_keeps_the_languages_it_started_within_the_planned_order_of_formats():
    """An idle worker takes a job for content it already rendered (its file, hyphenation
    dictionary and glyphs are loaded) from the first format's pending jobs; otherwise,
    and never from a later format, the first pending job."""
    from collections import deque
    from types import SimpleNamespace

    from foldline.build.jobs import Job
    from foldline.build.plan import Output
    from foldline.build.schedule import next_for

    def job(fmt, lang):
        return Job((Output("leaflet", lang, fmt, "screen"),), content_digest=lang)

    def order(pending):
        return [(j.outputs[0].format, j.content_digest) for j in pending]

    pending = deque([job("trifold-a4", "ar"), job("trifold-a4", "es"), job("trifold-a4", "en"), job("a4", "zh")])
    worker = SimpleNamespace(contents={"en", "zh"})
    assert order([next_for(worker.contents, pending)]) == [("trifold-a4", "en")]
    assert order(pending) == [("trifold-a4", "ar"), ("trifold-a4", "es"), ("a4", "zh")]
    # zh is pending only in a later format: the first format goes on first.
    assert order([next_for(worker.contents, pending)]) == [("trifold-a4", "ar")]
    assert worker.contents == {"en", "zh", "ar"}
    newcomer = SimpleNamespace(contents=set())
    assert order([next_for(newcomer.contents, pending)]) == [("trifold-a4", "es")]
    assert order([next_for(worker.contents, pending)]) == [("a4", "zh")] and not pending


def test_an_output_past_the_time_limit_fails_alone(project):
    result, rows = _build(project, "--leaflet", LEAFLET, "--lang", SOURCE, "--format", "trifold-letter", "--format", "a4",
                          "--variant", "screen", "--time-limit", "0.05", "--jobs", "1")
    assert result.returncode == 3
    assert {row["status"] for row in rows.values()} == {"failed"}
    assert all("time limit per output" in row["reason"] for row in rows.values())
    assert not [p for p in (project / "output").rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


@needs_a_translation
def test_bad_limits_are_usage_errors(project):
    for args in (("--jobs", "0"), ("--time-limit", "-1"), ("--memory-limit", "-5")):
        result, _ = _build(project, *SMALL, *args)
        assert result.returncode == 2, args
        assert "error:" in result.stderr


# --- importing WeasyPrint ----------------------------------------------------------------

_LIBRARIES = """
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")
                    if any(name in line for name in ("pango", "harfbuzz", "fontconfig", "gobject"))})
"""


def _python(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    *printed, last = result.stdout.splitlines() or [""]
    return {"printed": printed, **json.loads(last)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is Linux-only; elsewhere it is a plain import")
def test_weasyprint_is_imported_without_running_a_compiler_and_loads_the_same_libraries():
    """cffi's fallback (ctypes.util.find_library) runs ldconfig, gcc and ld for each
    library name that is not a Linux name; the workers' import runs nothing."""
    quick = _python(
        "import json, subprocess\n"
        "spawned = []\n"
        "real = subprocess.Popen.__init__\n"
        "def record(self, args, *a, **k):\n"
        "    spawned.append(str(args)); real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = record\n"
        "from foldline.layout.weasy import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "while_importing = list(spawned)\n"
        "import ctypes.util\n"
        "restored = ctypes.util.find_library('c') is not None\n"
        + _LIBRARIES
        + "print(json.dumps({'spawned': while_importing, 'libraries': libraries, 'restored': restored}))"
    )
    plain = _python("import json, weasyprint\n" + _LIBRARIES + "print(json.dumps({'libraries': libraries}))")
    assert quick["spawned"] == []
    assert quick["libraries"] == plain["libraries"] and any("libpango-1.0" in lib for lib in plain["libraries"])
    assert quick["restored"]  # find_library answers again once WeasyPrint is imported
    assert quick["printed"] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is Linux-only; elsewhere it is a plain import")
def test_weasyprint_is_imported_the_usual_way_where_its_sonames_do_not_load():
    """A system whose loader opens only full paths, found by find_library: the quick
    import fails quietly and the usual one works."""
    result = _python(
        "import json, ctypes.util, subprocess, _cffi_backend\n"
        "listing = subprocess.run(['ldconfig', '-p'], capture_output=True, text=True).stdout\n"
        "paths = dict(line.strip().split(' => ') for line in listing.splitlines() if ' => ' in line)\n"
        "paths = {name.split(' (')[0]: path for name, path in paths.items()}\n"
        "real_load, real_find = _cffi_backend.load_library, ctypes.util.find_library\n"
        "refused = []\n"
        "def load(name, flags=0):\n"
        "    if not str(name).startswith('/'):\n"
        "        refused.append(name)\n"
        "        raise OSError('cannot load ' + str(name))\n"
        "    return real_load(name, flags)\n"
        "def find(name):\n"
        "    return paths.get(real_find(name))\n"
        "_cffi_backend.load_library = load\n"
        "ctypes.util.find_library = find\n"
        "from foldline.layout.weasy import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "document = weasyprint.HTML(string='<p>ok</p>').render()\n"
        "print(json.dumps({'pages': len(document.pages), 'find_library_kept': ctypes.util.find_library is find,"
        " 'refused': refused}))"
    )
    assert "libgobject-2.0.so.0" in result["refused"]  # the quick way was tried, and failed
    assert result["pages"] == 1 and result["find_library_kept"]
    assert result["printed"] == []  # WeasyPrint's installation help was not printed
