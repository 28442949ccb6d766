"""The text layer of screen files: every extracted word is a word of the content.

Built once for the module: one flowing format, screen and print, for the first leaflet
in a hyphenated language with drop caps, and for the first translation in a script whose
shaping reorders characters (Devanagari and its kin), if the project has one. The print
files carry no /ActualText, so they are the broken inputs the check must fire on; a
screen file with its /ActualText stripped is another.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, without_actual_text

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.pdf.textlayer import REORDERING_SCRIPTS, check_words, extracted_text
from foldline.pdf.verify import verify_pdf
from foldline.project import Project, Variant

PROJECT = Project.at(ROOT)
FORMATS = {name: load_format(PROJECT, name) for name in PROJECT.format_names()}
FLOWING = next(name for name, fmt in FORMATS.items() if not (fmt.folded or fmt.booklet))
LOADED = [load(PROJECT, f) for f in PROJECT.discover()]
HYPHENATED = next(item for item in LOADED if item.language.hyphenate and item.language.drop_cap)
REORDERING = next((item for item in LOADED if item.language.script in REORDERING_SCRIPTS), None)
CASES = [HYPHENATED] + ([REORDERING] if REORDERING else [])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("textlayer")
    for item in CASES:
        result = run_cli("build", "--output", str(output), "--leaflet", item.file.leaflet, "--lang", item.file.language,
                         "--format", FLOWING, "--jobs", "1")
        assert result.returncode == 0, result.stdout + result.stderr
    return output


def _pdf(folder: Path, item, variant: str = "screen") -> Path:
    suffix = ".print" if variant == "print" else ""
    return folder / item.file.leaflet / f"{item.file.leaflet}.{item.file.language}.{FLOWING}{suffix}.pdf"


def _check(path: Path, item):
    return check_words(path, item.leaflet, item.language.script, item.language.direction)


@pytest.mark.parametrize("item", CASES, ids=lambda item: item.file.language)
def test_the_screen_text_layer_is_words_of_the_content(built: Path, item):
    path = _pdf(built, item)
    problems, warnings = _check(path, item)
    assert problems == [] and warnings == []
    text = extracted_text(path)
    assert "\u2010" not in text  # no hyphenation break left in a word
    report = verify_pdf(path, item.leaflet, FORMATS[FLOWING], Variant.SCREEN, direction=item.language.direction,
                        script=item.language.script)
    assert report.ok, report.problems
    assert "text layer" in report.checks


def test_a_drop_cap_and_a_hyphenated_word_read_whole(built: Path):
    path = _pdf(built, HYPHENATED)
    words = set(re.findall(r"\w+", extracted_text(path)))
    first = next(block.text for section in HYPHENATED.leaflet.sections for block in section.blocks if hasattr(block, "text"))
    opening = re.match(r"\w+", first).group(0)
    assert opening in words  # the drop cap's word, not its letter and the rest
    assert opening[1:] not in words or opening[1:] in set(re.findall(r"\w+", first))


@pytest.mark.parametrize("item", CASES, ids=lambda item: item.file.language)
def test_the_check_fires_on_a_text_layer_without_actual_text(built: Path, item, tmp_path: Path):
    stripped = without_actual_text(_pdf(built, item), tmp_path / "stripped.pdf")
    problems, _ = _check(stripped, item)
    assert problems and "not words of the content" in problems[0]


@pytest.mark.skipif(REORDERING is None, reason="no translation in a script whose shaping reorders characters")
def test_a_print_file_of_a_reordering_script_fails_the_word_check_but_verify_only_warns(built: Path):
    path = _pdf(built, REORDERING, "print")
    problems, _ = _check(path, REORDERING)
    assert problems  # what /ActualText repairs in the screen file: vowel signs out of order
    report = verify_pdf(path, REORDERING.leaflet, FORMATS[FLOWING], Variant.PRINT, direction="ltr",
                        script=REORDERING.language.script)
    assert not any("content" in problem or "draft" in problem for problem in report.problems)
    assert any("as expected for the" in warning for warning in report.warnings)
