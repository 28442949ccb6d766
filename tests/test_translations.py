"""The translation check, new-language and watch, run as a translator runs them.

Each fixture under fixtures/translations/ is es.yaml (a complete translation of
en.yaml that the check passes) with one problem planted; each test asserts the
exact report lines and the exit codes. Locations are looked up in the fixture
itself and source text read from en.yaml, so the expectations follow the files.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, ctrl_c_reaches, run_cli

from foldline.project import Project

CASES = FIXTURES / "translations"


@pytest.fixture
def sample(project: Path) -> Path:
    """A project whose only leaflet is the fixture's en.yaml, in source/sample/."""
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(CASES / "en.yaml", project / "source" / "sample" / "en.yaml")
    return project


def _translation(project: Path, fixture: str) -> Path:
    target = project / "source" / "sample" / "es.yaml"
    shutil.copy(CASES / fixture, target)
    return target


def _at(path: Path, needle: str, skip: int = 0) -> str:
    """file:line:column of the first occurrence of needle outside comments (plus skip columns)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line and not line.lstrip().startswith("#"):
            return f"{path}:{number}:{line.index(needle) + 1 + skip}"
    raise AssertionError(f"{needle!r} not in {path}")


def _source(project: Path) -> dict:
    return yaml.safe_load((project / "source" / "sample" / "en.yaml").read_text(encoding="utf-8"))


def _report(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(("error: ", "warning: "))]


def _units_of(source: dict) -> list:
    """The translation units of a source as data (units.py): meta, labels, each section,
    paragraph, list item and labelled phone."""
    found = [source["meta"], source["labels"]]
    for section in [*source["sections"], source["contacts"]]:
        found.append(section)
        for block in section["blocks"]:
            if "text" in block:
                found.append(block)
            found += block.get("items", [])
            found += [p for p in block.get("organization", {}).get("phones", []) if "label" in p]
    return found


def _check(project: Path, *options: str) -> subprocess.CompletedProcess:
    return run_cli("check", "--root", str(project), *options)


def test_a_complete_translation_passes(sample: Path):
    _translation(sample, "es.yaml")
    result = _check(sample, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _report(result) == []
    assert "checked 2 file(s): 0 problem(s)" in result.stdout


def test_missing_key(sample: Path):
    es = _translation(sample, "missing-key.es.yaml")
    en = sample / "source" / "sample" / "en.yaml"
    subtitle = _source(sample)["meta"]["subtitle"]
    result = _check(sample)
    assert _report(result) == [
        f'error: {_at(es, "meta:")}: meta.subtitle: missing: the source has subtitle: "{subtitle}" ({_at(en, subtitle)})'
    ]
    assert result.returncode == 1


def test_extra_key(sample: Path):
    es = _translation(sample, "extra-key.es.yaml")
    result = _check(sample)
    assert _report(result) == [
        f"error: {_at(es, 'publisher_short')}: meta.publisher_short: extra: the source has no publisher_short here; remove it"
    ]
    assert result.returncode == 1


def test_extra_item(sample: Path):
    es = _translation(sample, "extra-item.es.yaml")
    items = _source(sample)["sections"][0]["blocks"][1]["items"]
    result = _check(sample)
    assert _report(result) == [
        f"error: {_at(es, 'name: Tipo tercero')}: sections[0].blocks[1].items[2]: extra: the source has {len(items)} item(s) in this list"
    ]
    assert result.returncode == 1


def test_untranslated_unit_is_a_warning_and_an_error_with_strict(sample: Path):
    es = _translation(sample, "untranslated.es.yaml")
    english = _source(sample)["contacts"]["blocks"][0]["text"]
    line = f'{_at(es, english)}: contacts.blocks[0].text: untranslated: the same as the source ("{english}")'
    result = _check(sample)
    assert _report(result) == [f"warning: {line}"]
    assert result.returncode == 0
    strict = _check(sample, "--strict")
    assert _report(strict) == [f"error: {line}"]
    assert strict.returncode == 1


def test_a_unit_marked_same_is_accepted_as_identical_to_its_source(sample: Path):
    es = _translation(sample, "untranslated.es.yaml")
    recorded = yaml.safe_load(es.read_text(encoding="utf-8"))["contacts"]["blocks"][0]["src"]
    es.write_text(es.read_text(encoding="utf-8").replace(f"src: {recorded}\n", f"src: {recorded}\n      same: true\n"),
                  encoding="utf-8")
    strict = _check(sample, "--strict")
    assert _report(strict) == [] and strict.returncode == 0, strict.stdout

    # Only true is accepted.
    es.write_text(es.read_text(encoding="utf-8").replace("same: true", "same: yes"), encoding="utf-8")
    assert "contacts.blocks[0].same" in _check(sample).stdout


def test_stale_after_a_source_edit_until_src_is_updated(sample: Path):
    es = _translation(sample, "es.yaml")
    en = sample / "source" / "sample" / "en.yaml"
    old_title = _source(sample)["sections"][0]["title"]
    new_title = old_title.replace("?", ", exactly?")
    en.write_text(en.read_text(encoding="utf-8").replace(f"title: {old_title}", f"title: {new_title}"), encoding="utf-8")
    recorded = yaml.safe_load(es.read_text(encoding="utf-8"))["sections"][0]["src"]
    # A one-field unit's fingerprint: the first 8 hex digits of the SHA-256 of its text.
    current = hashlib.sha256(new_title.encode("utf-8")).hexdigest()[:8]
    line = (
        f"{_at(es, f'src: {recorded}', skip=len('src: '))}: sections[0]: stale: the source text changed since this was "
        f"translated (src {recorded}); update the translation, then set src: \"{current}\"; "
        f"new source text: \"{new_title}\""
    )
    result = _check(sample)
    assert _report(result) == [f"warning: {line}"]
    assert result.returncode == 0
    strict = _check(sample, "--strict")
    assert _report(strict) == [f"error: {line}"]
    assert strict.returncode == 1

    es.write_text(es.read_text(encoding="utf-8").replace(f"src: {recorded}", f"src: {current}"), encoding="utf-8")
    result = _check(sample, "--strict")
    assert _report(result) == [] and result.returncode == 0, result.stdout


def _retitle(project: Path) -> tuple[str, str]:
    en = project / "source" / "sample" / "en.yaml"
    old_title = _source(project)["sections"][0]["title"]
    new_title = old_title.replace("?", ", exactly?")
    edited = en.read_text(encoding="utf-8").replace(f"title: {old_title}", f"title: {new_title}")
    en.write_text(edited, encoding="utf-8")
    return old_title, new_title


def _stale_fields(project: Path) -> dict:
    result = _check(project, "--format", "json")
    (stale,) = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "stale"]
    return stale


def test_a_stale_unit_shows_what_changed_from_the_source_text_store(sample: Path):
    es = _translation(sample, "es.yaml")
    assert _check(sample).returncode == 0  # the check remembers the source texts it saw
    old_title, new_title = _retitle(sample)
    stale = _stale_fields(sample)
    recorded = yaml.safe_load(es.read_text(encoding="utf-8"))["sections"][0]["src"]
    assert stale["old_src"] == recorded and stale["new_src"] != recorded
    assert (stale["old_text"], stale["new_text"]) == (old_title, new_title)
    assert stale["diff"] == "What is the sample [-condition?-] {+condition, exactly?+}"
    assert f"what changed: {stale['diff']}" in stale["message"]


def test_a_stale_unit_shows_what_changed_from_git_history(sample: Path):
    es = _translation(sample, "es.yaml")
    git = ["git", "-C", str(sample), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q"], ["add", "source"], ["commit", "-qm", "content"]):
        subprocess.run([*git, *command], check=True, capture_output=True)
    old_title, new_title = _retitle(sample)
    assert not (sample / "output").exists(), "no store: the old text can only come from git"
    stale = _stale_fields(sample)
    assert (stale["old_text"], stale["new_text"]) == (old_title, new_title)
    assert es.is_file()


def test_a_unit_without_src_is_stale(sample: Path):
    es = _translation(sample, "es.yaml")
    recorded = yaml.safe_load(es.read_text(encoding="utf-8"))["contacts"]["src"]
    es.write_text(es.read_text(encoding="utf-8").replace(f"  src: {recorded}\n", "", 1), encoding="utf-8")
    title = _source(sample)["contacts"]["title"]
    result = _check(sample)
    assert _report(result) == [
        f"warning: {_at(es, 'id: more-information')}: contacts: stale: no src recorded; when this translates "
        f"the source text, add src: \"{recorded}\"; source text: \"{title}\""
    ]
    assert result.returncode == 0


def test_uncovered_character(sample: Path):
    es = _translation(sample, "uncovered-character.es.yaml")
    result = _check(sample)
    assert _report(result) == [
        f"error: {_at(es, '中')}: sections[0].blocks[1].items[0].description: no bundled font for es has "
        "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D (would print as a box)"
    ]
    assert result.returncode == 1


def test_changed_phone_number_fails_check_and_build(sample: Path):
    es = _translation(sample, "phone-changed.es.yaml")
    number = _source(sample)["contacts"]["blocks"][1]["organization"]["phones"][0]["number"]
    changed = yaml.safe_load(es.read_text(encoding="utf-8"))["contacts"]["blocks"][1]["organization"]["phones"][0]["number"]
    key = "contacts.blocks[1].organization.phones[0].number"
    en = sample / "source" / "sample" / "en.yaml"
    message = f"{changed} is not the source's number {number} ({_at(en, number)}); phone numbers stay as in the source"
    result = _check(sample)
    assert _report(result) == [f"error: {_at(es, changed)}: {key}: {message}"]
    assert result.returncode == 1

    as_json = _check(sample, "--format", "json")
    assert as_json.returncode == 1
    path, line, column = _at(es, changed).rsplit(":", 2)
    report = json.loads(as_json.stdout)
    assert report["files"] == 2
    assert report["problems"] == [
        {"file": path, "line": int(line), "column": int(column), "key": key, "severity": "error",
         "code": "phone-changed", "message": message}
    ]
    units = len(_units_of(_source(sample)))
    assert report["translations"] == [
        {"file": path, "leaflet": "sample", "language": "es", "units": units, "translated": units, "stale": 0,
         "untranslated": 0}
    ]

    # The build fails that file's outputs only: the source's are built, exit 1 at the end.
    output = sample / "output"
    build = run_cli("build", "--root", str(sample), "--output", str(output), "--format", "a4", "--variant", "screen")
    assert build.returncode == 1
    assert f"error: {_at(es, changed)}: {key}: {message}" in build.stderr
    assert "not built: the outputs of sample/es (1 translation error(s))" in build.stderr
    assert "FAILED" in build.stdout and "sample.es.a4.pdf" in build.stdout
    assert sorted(p.name for p in output.rglob("*.pdf")) == ["sample.en.a4.pdf"]
    assert "1 built, 0 failed, 1 not built (content errors)" in build.stdout


# --- new-language ---------------------------------------------------------------------------

UNTRANSLATED_IN_A_NEW_FILE = [
    "meta.title", "meta.subtitle", "meta.summary", "meta.keywords[0]",  # keywords[1] is the acronym EHI
    "labels.page", "labels.online", "labels.draft",
    "sections[0].title", "sections[0].blocks[0].text",
    "sections[0].blocks[1].items[0].name", "sections[0].blocks[1].items[0].description",
    "sections[0].blocks[1].items[1].name", "sections[0].blocks[1].items[1].description",
    "contacts.title", "contacts.blocks[0].text",
    "contacts.blocks[1].organization.phones[1].label",
]  # fmt: skip


def test_new_language_writes_a_file_the_check_accepts(sample: Path):
    result = run_cli("new-language", "--root", str(sample), "sample", "fr")
    assert result.returncode == 0, result.stdout + result.stderr
    written = sample / "source" / "sample" / "fr.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert data["meta"]["language"] == "fr"
    assert data["meta"]["translation"] == {"source": "en", "status": "draft"}

    check = run_cli("check", "--root", str(sample), "--format", "json")
    assert check.returncode == 0, check.stdout
    problems = json.loads(check.stdout)["problems"]
    assert {p["code"] for p in problems} == {"untranslated", "draft"}
    assert [p["key"] for p in problems if p["code"] == "untranslated"] == UNTRANSLATED_IN_A_NEW_FILE
    assert all(p["severity"] == "warning" for p in problems)
    assert run_cli("check", "--root", str(sample), "--strict").returncode == 1

    again = run_cli("new-language", "--root", str(sample), "sample", "fr")
    assert again.returncode == 2
    assert "fr.yaml exists" in again.stderr
    assert written.read_text(encoding="utf-8") == text, "an existing file is never overwritten"


@pytest.mark.parametrize("leaflet, language", [("sample", "../fr"), ("../sample", "fr"), ("sample", "en"), ("nothing", "fr")])
def test_new_language_refuses_bad_names(sample: Path, leaflet: str, language: str):
    result = run_cli("new-language", "--root", str(sample), leaflet, language)
    assert result.returncode == 2
    assert not list((sample / "source").rglob("fr.yaml"))


def _absent_language(folder: Path) -> str:
    """A language with a Latin-script setting that the leaflet has no file for (whatever source/ holds)."""
    return next(tag for tag in ("fr", "de", "it", "nl", "pt-BR", "pl", "sv") if not (folder / f"{tag}.yaml").exists())


@pytest.mark.parametrize("leaflet", sorted({f.leaflet for f in Project.at(ROOT).discover()}))
def test_new_language_of_the_real_leaflets_has_the_source_structure(project: Path, leaflet: str):
    language = _absent_language(project / "source" / leaflet)
    result = run_cli("new-language", "--root", str(project), leaflet, language)
    assert result.returncode == 0, result.stdout + result.stderr
    check = run_cli("check", "--root", str(project), "--leaflet", leaflet, "--lang", language, "--format", "json")
    assert check.returncode == 0
    codes = {p["code"] for p in json.loads(check.stdout)["problems"]}
    assert codes <= {"untranslated", "draft"}, codes


def test_the_repository_translations_have_no_errors():
    result = run_cli("check")
    errors = [line for line in _report(result) if line.startswith("error: ")]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0


# --- watch ----------------------------------------------------------------------------------


def test_watch_rebuilds_on_save_and_stops_cleanly_on_ctrl_c(project: Path):
    output = project / "output"
    # The first leaflet of the project (discovered) in its source language.
    leaflet = sorted({f.leaflet for f in Project.at(project).discover()})[0]
    language = Project.at(project).source_language(leaflet)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_leaflet.py"), "watch", "--root", str(project), "--output", str(output), leaflet, language, "a4"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=ctrl_c_reaches,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()

    def wait_for_builds(count: int) -> None:
        deadline = time.monotonic() + 120
        while sum(line.startswith("built ") for line in lines) < count:
            assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)

    try:
        wait_for_builds(1)
        source = project / "source" / leaflet / f"{language}.yaml"
        text = source.read_text(encoding="utf-8")
        edited = re.sub(r"^(  title: .*\S)$", r"\1 (edited)", text, count=1, flags=re.M)
        assert edited != text, "the source has no one-line title to edit"
        source.write_text(edited, encoding="utf-8")
        wait_for_builds(2)
        assert any(f"{language}.yaml" in line and line.startswith("[") for line in lines), "".join(lines)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        reader.join(timeout=5)
        process.stdout.close()
    assert code == 0, "".join(lines)
    assert lines[-1].strip() == "stopped"
    assert (output / leaflet / f"{leaflet}.{language}.a4.pdf").is_file()


def _problem(message: str, line: int = 1, severity: str = "warning", key: str = "sections[0].title"):
    from foldline.errors import Location, Problem

    return Problem(Location(Path("source/x/es.yaml"), line, 3), key, message, severity=severity, code="untranslated")


def test_watch_message_diff_keeps_a_problem_that_moved_lines_and_counts_new_and_gone():
    from foldline.commands.messages import compare

    kept, moved, fixed = _problem("kept", 4), _problem("moved", 9), _problem("fixed", 12)
    added = _problem("added", 20)
    diff = compare([kept, moved, fixed], [kept, _problem("moved", 11), added])
    assert diff.new == [added]
    assert [p.message for p in diff.unchanged] == ["kept", "moved"]
    assert diff.gone == 1
    assert diff.summary() == "2 warnings unchanged, 1 new, 1 gone"
    # the same message at another key, or now an error, is a different problem
    assert compare([kept], [_problem("kept", 4, key="sections[1].title")]).new
    assert compare([kept], [_problem("kept", 4, severity="error")]).summary() == "0 messages unchanged, 1 new, 1 gone"
    # a message shown once and now found twice is once new
    assert len(compare([kept], [kept, kept]).new) == 1


def test_watch_prints_every_message_first_then_only_what_changed(sample: Path, monkeypatch, capsys):
    """Three runs of watch's rebuild, without file watching: an error keeps it from rendering."""
    from foldline import cli
    from foldline.commands import filewatch

    es = _translation(sample, "extra-key.es.yaml")
    typed = es.read_text(encoding="utf-8")
    english = _source(sample)["contacts"]["blocks"][0]["text"]
    es.write_text(typed.replace("Comuníquese con la siguiente organización.", english), encoding="utf-8")
    runs: list[list[str]] = []

    def three_runs(files, folders, rebuild):
        for edit in (None, lambda text: "# a comment that moves every line down\n" + text,
                     lambda text: text.replace(english, "Comuníquese con la siguiente organización.")):
            if edit:
                es.write_text(edit(es.read_text(encoding="utf-8")), encoding="utf-8")
            rebuild({es} if edit else set())
            runs.append(capsys.readouterr().out.splitlines()[1:])  # after the "[time] what" line

    monkeypatch.setattr(filewatch, "watch", three_runs)
    assert cli.main(["watch", "--root", str(sample), "sample", "es", "a4"]) == 0
    first, second, third = runs
    assert sorted(line.split(":")[0] for line in first if line.startswith(("warning:", "error:"))) == ["error", "warning"]
    assert second == ["2 messages unchanged, 0 new, 0 gone", "not rebuilt: 1 error(s); the last PDF built stays as it was"]
    assert third == ["1 message unchanged, 0 new, 1 gone", "not rebuilt: 1 error(s); the last PDF built stays as it was"]
