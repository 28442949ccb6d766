"""Loading content: every bad file gives file:line:col, the key, the message, exit 1."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

CASES = {
    # fixture: (line, column, key, message)
    "malformed.yaml": (4, 7, "", "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 3)"),
    "missing-title.yaml": (13, 5, "sections[0].title", "required"),
    "wrong-type.yaml": (12, 11, "sections", "must be a list, not the text 'none'"),
    "unknown-key.yaml": (14, 5, "sections[0].titel", "unknown key (did you mean 'title'?)"),
}


def _with_content(project: Path, fixture: str, name: str = "en.yaml") -> Path:
    folder = project / "source" / "sample"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(FIXTURES / "content" / fixture, target)
    return target


@pytest.fixture
def empty_project(project: Path) -> Path:
    shutil.rmtree(project / "source")
    (project / "source").mkdir()
    return project


def test_minimal_content_is_valid(empty_project: Path):
    _with_content(empty_project, "minimal.yaml")
    result = run_cli("check", "--root", str(empty_project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 1 file(s): 0 problem(s)" in result.stdout


@pytest.mark.parametrize("fixture", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_content_names_file_line_and_key(empty_project: Path, fixture: str, command: str):
    path = _with_content(empty_project, fixture)
    line, column, key, message = CASES[fixture]
    output = empty_project / "output"
    result = run_cli(command, "--root", str(empty_project))
    assert result.returncode == 1
    where = f"{path}:{line}:{column}:"
    expected = f"{where} {key}: {message}" if key else f"{where} {message}"
    assert expected in result.stdout + result.stderr
    assert not output.exists() or not any(output.rglob("*.pdf")), "nothing may be rendered"


def test_language_must_match_file_name(empty_project: Path):
    path = _with_content(empty_project, "minimal.yaml", "es.yaml")
    result = run_cli("check", "--root", str(empty_project))
    assert result.returncode == 1
    assert f"{path}:3:13: meta.language: is 'en' but the file is named es.yaml" in result.stdout


def test_unknown_format_is_a_usage_error(empty_project: Path):
    _with_content(empty_project, "minimal.yaml")
    result = run_cli("build", "--root", str(empty_project), "--format", "a3")
    assert result.returncode == 2
    from foldline.project import Project

    known = ", ".join(Project.at(empty_project).format_names())
    assert f"no format 'a3' (known: {known})" in result.stderr


def test_help_explains_each_command():
    for command in ("build", "check", "verify"):
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "example:" in result.stdout and "exit codes" in result.stdout


def test_committed_schema_matches_the_models():
    result = run_cli("schema")
    assert result.returncode == 0
    committed = (Path(__file__).parent.parent / "schema" / "leaflet.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "run: python make_leaflet.py schema > schema/leaflet.schema.json"
