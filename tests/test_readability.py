"""The plain-language check: formula values on hand-counted texts, and check's reading-grade
warnings (errors with --strict) against meta.reading_grade, run on copies in tmp.

fixtures/readability/en.yaml is a source leaflet with a plain section and a dense one;
fixtures/translations/ gives a source and its translation. Tests add the target to the
copies; the expected grades are measured from the copies, so they follow the files.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from foldline.content import readability
from foldline.content.readability import Counts, count, formula_for
from foldline.content.validate import validate
from foldline.content.yamlsource import read_yaml

ENGLISH, SPANISH = formula_for("en"), formula_for("es")


# --- formulas on hand-counted texts ----------------------------------------------------


def test_flesch_kincaid_grade_of_hand_counted_counts():
    # 0.39 * 100/5 + 11.8 * 150/100 - 15.59 = 7.8 + 17.7 - 15.59
    assert readability.flesch_kincaid_grade(Counts(100, 5, 150)) == pytest.approx(9.91)


def test_fernandez_huerta_uses_words_per_sentence():
    # 206.84 - 0.60 * (200 syllables per 100 words) - 1.02 * (20 words per sentence)
    assert readability.fernandez_huerta(Counts(100, 5, 200)) == pytest.approx(66.44)
    # Longer sentences are harder: the often-quoted "sentences per 100 words" gets this backwards.
    assert readability.fernandez_huerta(Counts(100, 2, 200)) < readability.fernandez_huerta(Counts(100, 5, 200))


@pytest.mark.parametrize(("ease", "grade"), [(95, 5), (90, 5), (85.5, 6), (70, 7), (66.44, 9), (55, 12), (40, 16), (10, 18)])
def test_reading_ease_reads_as_the_highest_grade_of_flesch_band(ease, grade):
    assert readability.ease_to_grade(ease) == grade


def test_english_text_counted_by_hand():
    # Take(1) your(1) medicine(3) every(3) day(1). Call(1) your(1) doctor(2) if(1) you(1) notice(2) bleeding(2).
    text = "Take your medicine every day. Call your doctor if you notice bleeding."
    assert count(text, ENGLISH) == Counts(words=12, sentences=2, syllables=19)
    # 0.39 * 12/2 + 11.8 * 19/12 - 15.59
    assert ENGLISH.grade(count(text, ENGLISH)) == pytest.approx(5.4333, abs=1e-3)


def test_spanish_text_counted_by_hand():
    # To-me la me-di-ci-na ca-da dí-a (11). Lla-me a su mé-di-co si no-ta san-gra-do (13).
    text = "Tome la medicina cada día. Llame a su médico si nota sangrado."
    counts = count(text, SPANISH)
    assert counts == Counts(words=12, sentences=2, syllables=24)
    # 206.84 - 0.60 * 200 - 1.02 * 6 = 80.72: Flesch's "easy" band, grade 6
    assert SPANISH.score(counts) == pytest.approx(80.72)
    assert SPANISH.grade(counts) == 6


@pytest.mark.parametrize(("word", "syllables"), [
    ("día", 2), ("país", 2), ("aéreo", 4), ("guion", 1), ("que", 1), ("hoy", 1), ("pingüino", 3),
    ("cuidado", 3), ("anticoagulante", 7), ("leer", 2),
])
def test_spanish_syllables_follow_diphthong_and_hiatus(word, syllables):
    assert readability.spanish_syllables(word) == syllables


@pytest.mark.parametrize(("word", "syllables"), [
    ("stroke", 1), ("simple", 2), ("takes", 1), ("uses", 2), ("tables", 2), ("bruised", 1), ("needed", 2),
    ("medicine", 3), ("usual", 3), ("nation", 2), ("the", 1), ("anticoagulant", 5),
])
def test_english_syllables_estimate(word, syllables):
    assert readability.english_syllables(word) == syllables


def test_an_entry_without_a_full_stop_is_one_sentence():
    assert count("Do not skip a day", ENGLISH).sentences == 1
    assert count("Stop. Wait! Then go", ENGLISH).sentences == 3
    assert count("¿Qué es? Es un ictus.", SPANISH).sentences == 2


def test_no_formula_for_other_languages():
    assert formula_for("ar") is None and formula_for("zh-Hans") is None
    assert formula_for("en-GB") is ENGLISH


# --- check against meta.reading_grade ------------------------------------------------------


def _with_target(path: Path, target: str | None) -> Path:
    if target is not None:
        text = path.read_text(encoding="utf-8")
        language = next(line for line in text.splitlines() if line.startswith("  language: "))
        path.write_text(text.replace(language, f"{language}\n  reading_grade: {target}", 1), encoding="utf-8")
    return path


@pytest.fixture
def leaflet(project: Path) -> Path:
    """A project whose only content is fixtures/readability/en.yaml, as source/sample/en.yaml."""
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    return Path(shutil.copy(FIXTURES / "readability" / "en.yaml", project / "source" / "sample" / "en.yaml"))


def _grades(path: Path, tag: str = "en"):
    return readability.grade(validate(read_yaml(path)), tag)


def _at(path: Path, key: str, value: str = "") -> str:
    """file:line:column of the value after key on the first line holding key + value."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if key + value in line and not line.lstrip().startswith("#"):
            return f"{path}:{number}:{line.index(key + value) + len(key) + 1}"
    raise AssertionError(f"{key + value!r} not in {path}")


def _check(root: Path, *options: str):
    return run_cli("check", "--root", str(root), *options)


def _reading_problems(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "reading grade" in line and line.startswith(("warning", "error"))]


def test_a_low_target_warns_about_the_sections_above_it_and_the_leaflet(leaflet: Path):
    measured = _grades(leaflet)
    plain, dense = measured.sections
    target = round((plain.grade + dense.grade) / 2)  # between the two sections
    assert plain.grade < target < dense.grade
    _with_target(leaflet, str(target))
    result = _check(leaflet.parents[2])
    assert result.returncode == 0, result.stdout + result.stderr
    expected = [
        f"warning: {_at(leaflet, '- id: ', dense.id)}: sections[1]: reading grade {dense.grade:.1f} "
        f"(Flesch-Kincaid grade) of section '{dense.id}' is above the target {target} (meta.reading_grade); "
    ]
    if round(measured.grade, 1) > target:
        expected.insert(0, f"warning: {_at(leaflet, 'reading_grade: ')}: meta.reading_grade: reading grade "
                           f"{measured.grade:.1f} (Flesch-Kincaid grade) of the leaflet's body is above the target "
                           f"{target}; ")
    lines = _reading_problems(result)
    assert len(lines) == len(expected) and all(line.startswith(e) for line, e in zip(lines, expected, strict=True)), lines
    assert f"en: reading grade {measured.grade:.1f} (Flesch-Kincaid grade), target {target} (" in result.stdout


def test_strict_makes_the_reading_grade_an_error_naming_file_line_and_key(leaflet: Path):
    _with_target(leaflet, "1")
    dense = _grades(leaflet).sections[1]
    result = _check(leaflet.parents[2], "--strict")
    assert result.returncode == 1
    report = json.loads(_check(leaflet.parents[2], "--strict", "--format", "json").stdout)
    found = {(p["key"], p["line"]) for p in report["problems"] if p["code"] == "reading-grade" and p["severity"] == "error"}
    section_line = int(_at(leaflet, "- id: ", dense.id).split(":")[-2])
    target_line = int(_at(leaflet, "reading_grade: ").split(":")[-2])
    assert ("sections[1]", section_line) in found and ("meta.reading_grade", target_line) in found
    assert all(line.startswith(f"error: {leaflet}:") for line in _reading_problems(result))


def test_a_high_target_passes_strict(leaflet: Path):
    _with_target(leaflet, "18")
    result = _check(leaflet.parents[2], "--strict")
    assert result.returncode == 0, result.stdout
    assert _reading_problems(result) == []
    assert "target 18 (" in result.stdout


def test_no_target_no_warning_but_the_grade_is_shown(leaflet: Path):
    result = _check(leaflet.parents[2], "--strict")
    assert result.returncode == 0 and _reading_problems(result) == []
    assert "en: reading grade" in result.stdout and "no target (meta.reading_grade)" in result.stdout


@pytest.mark.parametrize("value", ["0", "19", "easy", "8.25"])
def test_a_bad_target_is_an_error_at_its_line(leaflet: Path, value: str):
    _with_target(leaflet, value)
    result = _check(leaflet.parents[2])
    assert result.returncode == 1
    assert f"{_at(leaflet, 'reading_grade: ')}: meta.reading_grade:" in result.stdout + result.stderr


def test_a_language_without_formula_is_named_once_not_as_a_problem(leaflet: Path):
    for name in ("sample", "other"):
        folder = leaflet.parents[1] / name
        folder.mkdir(exist_ok=True)
        text = leaflet.read_text(encoding="utf-8").replace("  language: en", "  language: ar")
        (folder / "ar.yaml").write_text(text.replace("reading_grade", "x"), encoding="utf-8")
    leaflet.unlink()
    _with_target(leaflet.parent / "ar.yaml", "1")
    result = _check(leaflet.parents[2], "--strict")
    assert result.stdout.count("no readability formula for ar") == 1, result.stdout
    assert _reading_problems(result) == []
    report = json.loads(_check(leaflet.parents[2], "--format", "json").stdout)
    assert report["no_readability_formula"] == ["ar"] and report["readability"] == []
    assert not [p for p in report["problems"] if p["code"] == "reading-grade"]


# --- translations: the source's target applies; carrying or lacking it is not extra or missing ---


@pytest.fixture
def sample(project: Path) -> Path:
    """source/sample/ with fixtures/translations' en.yaml and its complete es.yaml."""
    shutil.rmtree(project / "source")
    folder = project / "source" / "sample"
    folder.mkdir(parents=True)
    for name in ("en.yaml", "es.yaml"):
        shutil.copy(FIXTURES / "translations" / name, folder / name)
    return folder


def test_a_translation_lacking_the_target_is_graded_against_the_source_s(sample: Path):
    _with_target(sample / "en.yaml", "1")
    report = json.loads(_check(sample.parents[1], "--format", "json").stdout)
    spanish = [p for p in report["problems"] if p["file"].endswith("es.yaml")]
    assert {p["code"] for p in spanish} == {"reading-grade"}, spanish  # not "missing"
    leaflet_problem = next(p for p in spanish if p["key"] == "meta.reading_grade")
    assert "set in en.yaml" in leaflet_problem["message"]
    assert next(r for r in report["readability"] if r["language"] == "es")["target"] == 1


def test_a_translation_may_carry_its_own_target(sample: Path):
    _with_target(sample / "en.yaml", "1")
    _with_target(sample / "es.yaml", "18")
    report = json.loads(_check(sample.parents[1], "--format", "json").stdout)
    assert not [p for p in report["problems"] if p["file"].endswith("es.yaml")]  # not "extra", not above 18
    assert {r["language"]: r["target"] for r in report["readability"]} == {"en": 1, "es": 18}
