"""Per-language typography from layouts/languages.yaml, applied when the PDF is set: the YAML stays as typed.

French: a narrow no-break space (U+202F) before ; ! ? and a no-break space (U+00A0)
before : and inside « ». The rules are read from languages.yaml, not restated here.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, run_cli
from pypdf import PdfReader

from foldline.content.languages import NO_BREAK, language_for
from foldline.project import Project

RULES = yaml.safe_load((ROOT / "layouts" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
FRENCH = RULES.get("fr") or {}


@pytest.mark.skipif(not FRENCH.get("space_before"), reason="languages.yaml sets no French spacing")
def test_french_spacing_follows_languages_yaml():
    fr = language_for(Project.at(ROOT), "fr")
    for mark, kind in FRENCH["space_before"].items():
        assert fr.typeset(f"Alors {mark} oui") == f"Alors{NO_BREAK[kind]}{mark} oui"
        assert fr.typeset(f"Alors{mark} oui") == f"Alors{NO_BREAK[kind]}{mark} oui"
    for mark, kind in FRENCH["space_after"].items():
        assert fr.typeset(f"{mark}oui").startswith(f"{mark}{NO_BREAK[kind]}o")
    # Never inside a web address or a time, never between two marks, never for English.
    assert fr.typeset("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert fr.typeset("12:30") == "12:30"
    assert fr.typeset("Quoi ?!").count(NO_BREAK["narrow"]) == 1
    assert language_for(Project.at(ROOT), "en").typeset("Note: yes?") == "Note: yes?"


@pytest.mark.skipif(not FRENCH.get("space_before"), reason="languages.yaml sets no French spacing")
def test_french_pdf_has_the_no_break_spaces_and_the_yaml_stays_as_typed(project: Path):
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(FIXTURES / "translations" / "en.yaml", project / "source" / "sample" / "en.yaml")
    assert run_cli("new-language", "--root", str(project), "sample", "fr").returncode == 0
    fr = project / "source" / "sample" / "fr.yaml"
    title = yaml.safe_load(fr.read_text(encoding="utf-8"))["sections"][0]["title"]
    typed = "Qu’est-ce que c’est ?"
    fr.write_text(fr.read_text(encoding="utf-8").replace(f"title: {title}", f'title: "{typed}"'), encoding="utf-8")
    before = fr.read_bytes()
    options = ("--lang", "fr", "--format", "a4", "--variant", "screen", "--jobs", "1")
    result = run_cli("build", "--root", str(project), *options)
    assert result.returncode == 0, result.stdout + result.stderr
    text = "".join(page.extract_text() for page in PdfReader(project / "output" / "sample" / "sample.fr.a4.pdf").pages)
    expected = "Qu’est-ce que c’est" + NO_BREAK[FRENCH["space_before"]["?"]] + "?"
    assert expected in text, text[:400]
    assert fr.read_bytes() == before


# --- consecutive hyphenated lines (measured: WeasyPrint 70 has no hyphenate-limit-lines) ---

_LONG_WORDS = ("internationalization characteristically incomprehensibilities "
               "institutionalization disproportionately counterrevolutionaries ") * 3


def _hyphenated_lines(pdf: bytes) -> list[bool]:
    """Whether each line of the first page's extracted text ends in the hyphenate character U+2010."""
    return [line.rstrip().endswith("\u2010") for line in PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()]


def _longest_run(flags: list[bool]) -> int:
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return longest


def test_hyphenated_runs_counts_consecutive_hyphenated_lines_as_the_pdf_shows_them():
    import weasyprint

    from foldline.layout.hyphenation import hyphenated_runs

    html = (f'<html lang="en"><body style="width: 110px; font: 10pt serif">'
            f'<p style="hyphens: auto; text-align: justify">{_LONG_WORDS}</p>'
            f'<p style="hyphens: none">{_LONG_WORDS}</p></body></html>')
    document = weasyprint.HTML(string=html).render()
    lines = _hyphenated_lines(document.write_pdf())
    assert _longest_run(lines) >= 2, "the test paragraph must hyphenate several lines in a row"
    runs = hyphenated_runs(document)
    assert max(run.lines for run in runs) == _longest_run(lines)
    assert all(run.page == 1 and run.text.endswith("\u2010") for run in runs)
    # at_least=1 finds every hyphenated line; the unhyphenated paragraph adds none
    assert sum(run.lines for run in hyphenated_runs(document, at_least=1)) == sum(lines)
