"""The CI workflow parses, triggers on the right paths, and runs only commands that exist."""
from __future__ import annotations

import re
import shlex

import pytest
import yaml
from conftest import ROOT

from foldline.cli import _parser

WORKFLOW = ROOT / ".github" / "workflows" / "leaflets.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield name, job, step


def _expand(text: str, job: dict) -> str:
    """Replace ${{ matrix.X }} with the matrix's first value; any other expression is an error."""

    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        if expression.startswith("matrix."):
            return str(job["strategy"]["matrix"][expression.removeprefix("matrix.")][0])
        raise AssertionError(f"unexpected expression in a command: {match.group(0)}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def test_triggers_on_content_layouts_fonts_and_code(workflow):
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"push", "pull_request"}
    for event in triggers.values():
        for path in ("source/**", "layouts/**", "fonts/**", "foldline/**", "make_leaflet.py"):
            assert path in event["paths"]


def test_every_command_it_runs_exists(workflow):
    commands = []
    for _, job, step in _steps(workflow):
        for line in step.get("run", "").splitlines():
            line = _expand(line, job)
            words = shlex.split(line.split("||")[0].split(">")[0])
            if "make_leaflet.py" in line:
                argv = words[words.index("make_leaflet.py") + 1:]
                try:
                    _parser().parse_args(argv)  # exits (SystemExit) on an unknown command or option
                except SystemExit as exc:
                    raise AssertionError(f"the CLI refuses: {line}") from exc
                commands.append(argv[0])
            elif words and "/" in words[0] and not words[0].startswith("."):
                assert (ROOT / words[0]).is_file(), f"{words[0]} does not exist"
    assert {"check", "build", "verify", "proof"} <= set(commands)
    assert any("--shard" in step.get("run", "") for _, _, step in _steps(workflow))


def test_it_uploads_the_pdfs_and_the_proofs(workflow):
    uploads = [
        step["with"]["path"] for _, _, step in _steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    joined = "\n".join(uploads)
    assert "output/**/*.pdf" in joined and "output/proofs/" in joined
    assert "build-report" in joined


def test_the_matrix_size_matches_the_shards_it_builds(workflow):
    build = workflow["jobs"]["build"]
    shards = build["strategy"]["matrix"]["shard"]
    run = next(step["run"] for step in build["steps"] if "--shard" in step.get("run", ""))
    total = int(re.search(r"--shard .*?/(\d+)", run).group(1))
    assert shards == list(range(1, total + 1))
