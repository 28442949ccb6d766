"""What a translator reads: the progress line per translation, the draft label, a new file
without the author's comments, and YAML syntax errors worded for the usual mistake."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_cli

CASES = FIXTURES / "translations"


@pytest.fixture
def sample(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(CASES / "en.yaml", project / "source" / "sample" / "en.yaml")
    return project


def _new(project: Path, language: str = "fr") -> Path:
    result = run_cli("new-language", "--root", str(project), "sample", language)
    assert result.returncode == 0, result.stderr
    return project / "source" / "sample" / f"{language}.yaml"


def test_the_check_prints_a_progress_line_per_translation_counted_in_units(sample: Path):
    shutil.copy(CASES / "untranslated.es.yaml", sample / "source" / "sample" / "es.yaml")
    fr = _new(sample)
    result = run_cli("check", "--root", str(sample), "--format", "json")
    report = {t["language"]: t for t in json.loads(result.stdout)["translations"]}
    new = run_cli("new-language", "--root", str(sample), "sample", "de").stdout
    units = int(new.split(": ")[1].split()[0])  # "wrote ...: N units to translate"
    assert {t["units"] for t in report.values()} == {units}
    assert (report["es"]["translated"], report["es"]["untranslated"], report["es"]["stale"]) == (units - 1, 1, 0)
    assert report["fr"]["translated"] + report["fr"]["untranslated"] == units
    text = run_cli("check", "--root", str(sample), "--lang", "es").stdout
    assert f"es: {units - 1} of {units} units translated, 0 stale, 1 untranslated" in text
    assert fr.is_file()


def test_an_untranslated_draft_label_is_reported(sample: Path):
    fr = _new(sample)
    result = run_cli("check", "--root", str(sample), "--format", "json")
    keys = [p["key"] for p in json.loads(result.stdout)["problems"] if p["code"] == "untranslated"]
    assert "labels.draft" in keys
    fr.write_text(fr.read_text(encoding="utf-8").replace("draft: Draft translation, not yet reviewed",
                                                           "draft: Traduction provisoire"), encoding="utf-8")
    result = run_cli("check", "--root", str(sample), "--format", "json")
    assert "labels.draft" not in [p["key"] for p in json.loads(result.stdout)["problems"]]


def test_a_new_translation_leaves_out_the_authors_comments(sample: Path):
    en = sample / "source" / "sample" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    text = text.replace("sections:\n", "# TODO(author): ask the clinic about this section\nsections:\n", 1)
    end = "are checked against their source."
    text = text.replace(end, end + "\n          # 1 is kept: text", 1)
    en.write_text(text, encoding="utf-8")
    assert "# 1 is kept: text" in yaml.safe_load(text)["sections"][0]["blocks"][0]["text"]
    fr = _new(sample).read_text(encoding="utf-8")
    assert "TODO(author)" not in fr
    assert "# 1 is kept: text" in yaml.safe_load(fr)["sections"][0]["blocks"][0]["text"], "text is not a comment"
    assert fr.startswith("# yaml-language-server: $schema=")


def test_a_colon_space_in_text_tells_the_translator_to_quote_it(sample: Path):
    es = sample / "source" / "sample" / "es.yaml"
    shutil.copy(CASES / "es.yaml", es)
    lines = es.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    lines[number] = lines[number].rstrip("\n") + " Remarque : importante\n"
    es.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", "--root", str(sample))
    assert result.returncode == 1
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("error: ")]
    assert line.startswith(f"error: {es}:{number + 1}:")
    assert "put the whole text in double quotes" in line and "mapping values" not in line
