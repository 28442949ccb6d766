"""Adding a leaflet or a translation never turns the suite red by itself.

The project is copied and grown as a contributor grows it: a new leaflet folder (a copy
of one whose translations include the script that is hardest to read back, if any) and
a new language (``new-language`` for a tag languages.yaml lists and the leaflet lacks).
Then the checks that discover the project run on the copy: ``check``, a build of one
format's screen variant, ``verify``, and the suite's own content-vs-PDF assertion
(tests/test_pdfs.py) on every new output. One format and one variant keep it cheap.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli
from test_pdfs import assert_holds_its_content

from foldline.build.plan import plan
from foldline.content.languages import language_for
from foldline.pdf.textlayer import REORDERING_SCRIPTS
from foldline.project import Project, Variant

PROJECT = Project.at(ROOT)
FILES = PROJECT.discover()
FLOWING = "a4"


def _leaflet_to_copy() -> str:
    """A leaflet with a translation in a reordering script where there is one, else the first."""
    reordering = [f.leaflet for f in FILES if language_for(PROJECT, f.language).script in REORDERING_SCRIPTS]
    return (reordering or sorted(f.leaflet for f in FILES))[0]


def _absent_listed_language(leaflet: str) -> str:
    """A left-to-right Latin-script tag languages.yaml lists that the leaflet has no file for."""
    listed = yaml.safe_load((ROOT / "layouts" / "languages.yaml").read_text(encoding="utf-8"))["languages"]
    present = {f.language for f in FILES if f.leaflet == leaflet}
    found = next((tag for tag in listed if tag not in present and language_for(PROJECT, tag).script == "latin"
                  and not language_for(PROJECT, tag).rtl), None)
    if found is None:
        pytest.skip(f"languages.yaml lists no Latin-script language that {leaflet} lacks")
    return found


def _new_name(taken: set[str]) -> str:
    return next(name for name in (f"added-leaflet-{n}" for n in range(1, 100)) if name not in taken)


def test_a_new_leaflet_and_a_new_language_pass_the_project_wide_checks(project: Path):
    copied = _leaflet_to_copy()
    added = _new_name({f.leaflet for f in FILES})
    shutil.copytree(project / "source" / copied, project / "source" / added)
    language = _absent_listed_language(copied)
    made = run_cli("new-language", "--root", str(project), copied, language)
    assert made.returncode == 0, made.stdout + made.stderr

    grown = Project.at(project)
    new_files = [f for f in grown.discover() if f.leaflet == added or (f.leaflet, f.language) == (copied, language)]
    assert {f.leaflet for f in new_files} == {added, copied} and len(new_files) == 1 + len([f for f in FILES if f.leaflet == copied])
    check = run_cli("check", "--root", str(project))
    assert check.returncode == 0, check.stdout + check.stderr

    selection = ("--format", FLOWING, "--variant", "screen")
    for leaflet, languages in ((added, ()), (copied, ("--lang", language))):
        built = run_cli("build", "--root", str(project), "--leaflet", leaflet, *languages, *selection)
        assert built.returncode == 0, built.stdout + built.stderr
        verified = run_cli("verify", "--root", str(project), "--leaflet", leaflet, *languages, *selection)
        assert verified.returncode == 0, verified.stdout + verified.stderr

    outputs = [o for o in plan(new_files, [FLOWING]) if o.variant == Variant.SCREEN]
    assert len(outputs) == len(new_files)
    for output in outputs:
        assert_holds_its_content(grown, grown.output, output)
