"""Translation files as other tools read them: YAML 1.2 parsers see every fingerprint as text.

translate-toolkit (under Weblate) and editors' YAML plugins parse YAML 1.2, where an
unquoted ``5210e509`` is a float and ``51852171`` an integer. Two parsers read them:
ruamel.yaml (Python, as translate-toolkit does) and the npm ``yaml`` package (as the
VS Code YAML extension does), pinned in tests/js/ and installed by scripts/bootstrap.
The files under source/ are discovered, never named; the writer (``new-language``) is
tested on the fixture.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli
from ruamel.yaml import YAML

TRANSLATIONS = sorted(p for p in (ROOT / "source").glob("*/*.yaml") if p.stem != "en")
JS = ROOT / "tests" / "js"  # package.json and lock pinning the npm yaml parser, and the script that runs it


def _srcs(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "src":
                yield path, value
            else:
                yield from _srcs(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _srcs(value, (*path, index))


def _yaml12(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fingerprint_is_text_to_a_yaml_1_2_parser(path: Path):
    found = list(_srcs(_yaml12(path)))
    assert found, f"{path} records no src"
    wrong = [(where, value) for where, value in found if not isinstance(value, str)]
    assert not wrong, f"{path}: fingerprints read as numbers: {wrong}"


def test_the_check_fires_on_an_unquoted_numeric_fingerprint(tmp_path: Path):
    """The assertion above is not vacuous: an unquoted all-digit fingerprint is an int in YAML 1.2."""
    path = tmp_path / "fr.yaml"
    path.write_text("meta:\n  src: 51852171\nlabels:\n  src: 5210e509\n", encoding="utf-8")
    assert [type(v) for _, v in _srcs(_yaml12(path))] == [int, float]


def test_new_language_writes_quoted_fingerprints(project: Path):
    shutil.rmtree(project / "source")
    (project / "source" / "sample").mkdir(parents=True)
    shutil.copy(FIXTURES / "translations" / "en.yaml", project / "source" / "sample" / "en.yaml")
    result = run_cli("new-language", "--root", str(project), "sample", "fr")
    assert result.returncode == 0, result.stderr
    written = project / "source" / "sample" / "fr.yaml"
    found = list(_srcs(_yaml12(written)))
    assert found and all(isinstance(v, str) for _, v in found)
    lines = [line.strip() for line in written.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line.startswith("src:")]
    assert len(lines) == len(found) and all(line.startswith('src: "') for line in lines)


def _npm_yaml_types(paths: list[Path]) -> dict[str, list]:
    """{file: [[key path, JavaScript type of its src], ...]} as the npm yaml parser reads the files.
    Fails, never skips, when node or the package is missing: CI runs scripts/bootstrap first."""
    node = shutil.which("node")
    assert node, "node is not installed: run scripts/bootstrap (it installs nodejs and npm)"
    assert (JS / "node_modules" / "yaml" / "package.json").is_file(), (
        f"the npm yaml package is not installed in {JS}: run scripts/bootstrap (or: npm ci --prefix tests/js)")
    result = subprocess.run([node, str(JS / "fingerprint-types.mjs"), *map(str, paths)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_fingerprint_is_text_to_the_npm_yaml_parser():
    files = sorted((ROOT / "source").glob("*/*.yaml"))
    found = _npm_yaml_types(files)
    assert sorted(found) == sorted(map(str, files))
    for path in TRANSLATIONS:
        assert found[str(path)], f"{path} records no src"
    wrong = {file: [(where, kind) for where, kind in srcs if kind != "string"] for file, srcs in found.items()}
    wrong = {file: srcs for file, srcs in wrong.items() if srcs}
    assert not wrong, f"fingerprints the npm yaml parser reads as numbers: {wrong}"


def test_the_npm_check_fires_on_unquoted_numeric_fingerprints(tmp_path: Path):
    path = tmp_path / "fr.yaml"
    path.write_text('meta:\n  src: 51852171\nlabels:\n  src: 5210e509\nsections:\n- src: "5210e509"\n', encoding="utf-8")
    assert _npm_yaml_types([path]) == {str(path): [["meta", "number"], ["labels", "number"], ["sections.0", "string"]]}
