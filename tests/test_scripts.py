"""A language in a script no bundled font covers: new-language and check name the script and what to add."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_cli
from fontTools import unicodedata as scripts

DEVANAGARI = "मायोक्लोनस क्या है"  # a Hindi title: more distinct letters than a stray character


@pytest.fixture
def sample(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(FIXTURES / "translations" / "en.yaml", project / "source" / "sample" / "en.yaml")
    return project


def _unlisted(project: Path) -> str:
    """A language tag layouts/languages.yaml does not list (hi, unless someone added it)."""
    listed = yaml.safe_load((project / "layouts" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
    return next(tag for tag in ("hi", "mr", "ne", "sa") if tag not in listed)


def test_new_language_says_when_a_language_is_not_listed(sample: Path):
    tag = _unlisted(sample)
    result = run_cli("new-language", "--root", str(sample), "sample", tag)
    assert result.returncode == 0, result.stderr
    assert f"note: {tag} is not in layouts/languages.yaml" in result.stdout
    assert "Adding a script" in result.stdout


def test_check_names_an_unsupported_script_once_instead_of_every_letter(sample: Path):
    tag = _unlisted(sample)
    assert run_cli("new-language", "--root", str(sample), "sample", tag).returncode == 0
    path = sample / "source" / "sample" / f"{tag}.yaml"
    source = yaml.safe_load((sample / "source" / "sample" / "en.yaml").read_text(encoding="utf-8"))
    title = source["sections"][0]["title"]
    edited = path.read_text(encoding="utf-8").replace(f"title: {title}", f"title: {DEVANAGARI}")
    path.write_text(edited, encoding="utf-8")
    result = run_cli("check", "--root", str(sample), "--lang", tag)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    name = scripts.script_name(scripts.script(DEVANAGARI[0]))
    assert len(errors) == 1, errors
    assert f"no bundled font for {tag} covers the {name} script" in errors[0]
    assert f"{tag} is not in layouts/languages.yaml" in errors[0] and "fonts/fonts.yaml" in errors[0]
    assert "U+09" not in errors[0], "no list of letters"


def test_a_stray_character_is_still_listed_by_code_point(sample: Path):
    shutil.copy(FIXTURES / "translations" / "uncovered-character.es.yaml", sample / "source" / "sample" / "es.yaml")
    result = run_cli("check", "--root", str(sample), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["uncovered-character"]
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in problems[0]["message"]


BENGALI = ("মায়োক্লোনাস কী।", "নিচের সংস্থার সাথে যোগাযোগ করুন।")  # each ends in the danda, U+0964


def test_shared_punctuation_of_an_unsupported_script_is_folded_into_its_one_message(sample: Path):
    """The danda's script is Common (Unicode lists Bengali, Devanagari and more as its users):
    with no bundled font for Bengali it belongs to that one message, not one per paragraph."""
    assert scripts.script("\u0964") == "Zyyy" and "Beng" in scripts.script_extension("\u0964")
    listed = yaml.safe_load((sample / "layouts" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
    tag = next(tag for tag in ("bn", "as", "sylo") if tag not in listed)
    assert run_cli("new-language", "--root", str(sample), "sample", tag).returncode == 0
    path = sample / "source" / "sample" / f"{tag}.yaml"
    source = yaml.safe_load((sample / "source" / "sample" / "en.yaml").read_text(encoding="utf-8"))
    title, contact = source["sections"][0]["title"], source["contacts"]["blocks"][0]["text"]
    text = path.read_text(encoding="utf-8")
    assert f"title: {title}" in text and contact in text
    path.write_text(text.replace(f"title: {title}", f"title: {BENGALI[0]}").replace(contact, BENGALI[1]), encoding="utf-8")
    result = run_cli("check", "--root", str(sample), "--lang", tag, "--format", "json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [p["code"] for p in problems] == ["unsupported-script"], problems
    assert "covers the Bengali script" in problems[0]["message"]
