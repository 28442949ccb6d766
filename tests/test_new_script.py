"""A script the project does not bundle, added as TRANSLATING.md says ("Adding a script"):
fonts copied into fonts/, families in fonts/fonts.yaml, a script and a language in
layouts/languages.yaml; no code. The translation then builds and verify passes it.

The fonts come from the machine (Debian's fonts-noto-core) into a copy of the project,
so the repository needs not bundle them; the test is skipped where they are missing.
"""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_cli

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")
# script key -> (language entry, {family: font file stem}), body family first
SCRIPTS = {
    "hebrew": ("he", {"direction": "rtl", "hyphenate": False, "drop_cap": False},
               {"Foldline Test Hebrew Serif": "NotoSerifHebrew", "Foldline Test Hebrew Sans": "NotoSansHebrew"}),
}


def add_script(project: Path, script: str, forget: str | None = None) -> str:
    """Fonts, fonts.yaml and languages.yaml entries for ``script``, as the guide says; its
    language. ``forget``: a key of the language's entry a maintainer left out."""
    language, entry, families = SCRIPTS[script]
    entry = {key: value for key, value in entry.items() if key != forget}
    fonts_yaml = project / "fonts" / "fonts.yaml"
    declared = yaml.safe_load(fonts_yaml.read_text(encoding="utf-8"))
    for family, stem in families.items():
        files = [SYSTEM_FONTS / f"{stem}-{face}.ttf" for face in ("Regular", "Bold")]
        if not all(f.exists() for f in files):
            pytest.skip(f"{stem} is not installed in {SYSTEM_FONTS}")
        folder = project / "fonts" / stem.lower()
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
        declared["families"][family] = {"folder": folder.name, "faces": [
            {"file": files[0].name, "weight": 400, "style": "normal"},
            {"file": files[1].name, "weight": 700, "style": "normal"}]}
    fonts_yaml.write_text(yaml.safe_dump(declared, allow_unicode=True, sort_keys=False), encoding="utf-8")
    languages_yaml = project / "layouts" / "languages.yaml"
    settings = yaml.safe_load(languages_yaml.read_text(encoding="utf-8"))
    body, heading = families
    settings["scripts"][script] = {"body": [body, "Foldline Serif"], "heading": [heading, "Foldline Sans"]}
    settings["languages"][language] = {"script": script, **entry}
    languages_yaml.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return language


@pytest.fixture
def sample(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(FIXTURES / "translations" / "en.yaml", project / "source" / "sample" / "en.yaml")
    return project


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_a_script_added_as_the_guide_says_builds_and_verifies(sample: Path, script: str):
    language = add_script(sample, script)
    shutil.copy(FIXTURES / "scripts" / f"{language}.yaml", sample / "source" / "sample" / f"{language}.yaml")
    check = run_cli("check", "--root", str(sample), "--lang", language)
    assert check.returncode == 0 and "unsupported-script" not in check.stdout, check.stdout
    build = run_cli("build", "--root", str(sample), "--lang", language, "--format", "a4", "--jobs", "1")
    assert build.returncode == 0, build.stdout + build.stderr
    verify = run_cli("verify", "--root", str(sample), "--lang", language, "--format", "a4")
    assert verify.returncode == 0, verify.stdout
    assert "missing" not in verify.stdout
    # The same comparison still finds a text that is not on the page: a title changed
    # after the build (no rebuild) is missing.
    translation = sample / "source" / "sample" / f"{language}.yaml"
    fixture = yaml.safe_load(translation.read_text(encoding="utf-8"))
    title = fixture["sections"][0]["title"]
    translation.write_text(translation.read_text(encoding="utf-8").replace(title, "כותרת אחרת לגמרי?"),
                           encoding="utf-8")
    stale = run_cli("verify", "--root", str(sample), "--lang", language, "--format", "a4", "--variant", "screen")
    assert stale.returncode == 1 and "missing section title: 'כותרת אחרת לגמרי?'" in stale.stdout, stale.stdout


def test_words_found_together_in_any_order_and_only_together():
    from foldline.pdf.reading import has_unordered, tokens

    # pypdf's reading of a right-to-left line: the number and the "?" moved.
    found = tokens("?מהו שבץ מוחי\n911-התקשרו ל עוד טקסט")
    assert has_unordered("מהו שבץ מוחי?", found) and has_unordered("התקשרו ל-911", found)
    assert not has_unordered("מהו לחץ דם?", found)  # a word not there
    assert not has_unordered("מהו טקסט", found)  # words there, but far apart


def test_a_right_to_left_script_set_left_to_right_is_an_error_naming_the_key(sample: Path):
    language = add_script(sample, "hebrew", forget="direction")
    shutil.copy(FIXTURES / "scripts" / f"{language}.yaml", sample / "source" / "sample" / f"{language}.yaml")
    result = run_cli("check", "--root", str(sample), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert result.returncode == 1
    (problem,) = [p for p in problems if p["code"] == "direction"]
    assert problem["file"].endswith(f"{language}.yaml") and problem["key"] == "meta.title"
    assert f"direction: rtl` for {language}" in problem["message"] and "Hebrew" in problem["message"]


def test_a_right_to_left_translation_still_in_latin_letters_is_no_direction_error(sample: Path):
    """A translation just begun (``new-language`` copies the source's text) is all Latin;
    so, largely, is one rich in addresses and links. Its language's entry is not wrong."""
    result = run_cli("new-language", "--root", str(sample), "sample", "ar")
    assert result.returncode == 0, result.stdout + result.stderr
    result = run_cli("check", "--root", str(sample), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [p for p in problems if p["code"] == "direction"] == [], problems
    assert any(p["code"] == "untranslated" for p in problems)  # what is said instead


def test_a_script_key_of_our_own_is_an_error_at_its_line(sample: Path):
    """verify knows a script whose shaping reorders characters by its name: a key that is
    no Unicode script name ("bangla" for bengali) would quietly get a Latin script's checks."""
    path = sample / "layouts" / "languages.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["scripts"]["bangla"] = copy.deepcopy(settings["scripts"]["latin"])  # no YAML alias
    path.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "--root", str(sample), "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["code"] == "invalid-languages" and problem["key"] == "scripts.bangla"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("  bangla:"))
    assert problem["line"] == line and "not a Unicode script name" in problem["message"]
