"""The CI workflow parses, triggers on the right paths, and runs only commands that exist."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from foldline.build.plan import MAX_SHARDS, shard_count
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
    """Replace ${{ matrix.X }} with the matrix's first value and the plan job's shard count
    with 1 (the first shard of one); any other expression is an error."""

    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        if expression.startswith("matrix."):
            matrix = job["strategy"]["matrix"]
            return "1" if isinstance(matrix, str) else str(matrix[expression.removeprefix("matrix.")][0])
        if expression == "needs.plan.outputs.shards":
            return "1"
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


def _expression(text: str) -> str:
    match = re.fullmatch(r"\$\{\{(.*)\}\}", text.strip())
    assert match, f"not one expression: {text!r}"
    return match.group(1).strip()


def test_the_matrix_comes_from_the_counting_step(workflow):
    plan, build = workflow["jobs"]["plan"], workflow["jobs"]["build"]
    assert build["needs"] in ("plan", ["plan"])
    assert _expression(build["strategy"]["matrix"]) == "fromJSON(needs.plan.outputs.matrix)"
    assert _expression(plan["outputs"]["matrix"]) == "steps.count.outputs.matrix"
    assert _expression(plan["outputs"]["shards"]) == "steps.count.outputs.shards"
    count = next(step for step in plan["steps"] if step.get("id") == "count")
    assert "make_leaflet.py build --count" in count["run"]
    assert "matrix=" in count["run"] and "shards=" in count["run"] and "GITHUB_OUTPUT" in count["run"]
    run = next(step["run"] for step in build["steps"] if "--shard" in step.get("run", ""))
    assert "--shard ${{ matrix.shard }}/${{ needs.plan.outputs.shards }}" in run


def test_the_count_command_gives_the_matrix_of_this_catalogue():
    # planning only (standard library): it reads the checkout and writes nothing
    done = subprocess.run([sys.executable, str(ROOT / "make_leaflet.py"), "build", "--count", "--root", str(ROOT)],
                          capture_output=True, text=True, check=True)
    counted = json.loads(done.stdout)
    assert counted["outputs"] == 2 * counted["layouts"] > 0
    assert counted["shards"] == shard_count(counted["outputs"])
    assert counted["matrix"] == {"shard": list(range(1, counted["shards"] + 1))}


def test_the_shard_count_grows_with_the_catalogue():
    assert [shard_count(n) for n in (1, 40, 100, 101, 250, 251, 500, 1000, 1001)] == [1, 1, 1, 1, 1, 2, 2, 4, 5]
    assert shard_count(100_000) == MAX_SHARDS


INPUTS = ("source/**", "layouts/**", "fonts/**", "foldline/**")


def cache_problems(step: dict) -> list[str]:
    """What keeps a shard's cache from making an unchanged shard a no-op."""
    key, restore = step["with"]["key"], step["with"].get("restore-keys", "")
    problems = []
    for needed in ("${{ matrix.shard }}", "${{ needs.plan.outputs.shards }}"):
        if needed not in key:
            problems.append(f"the key does not name {needed}")
    hashed = re.search(r"hashFiles\((.*?)\)", key)
    if not hashed:
        problems.append("the key hashes no input files")
    else:
        problems += [f"the key does not hash {path}" for path in INPUTS if f"'{path}'" not in hashed.group(1)]
    if "github.sha" in key or "github.run" in key:
        problems.append("the key changes on every run, so it never hits")
    if not restore or not key.startswith(restore.strip()) or "hashFiles" in restore:
        problems.append("restore-keys is not the key's prefix before the inputs' hash")
    return problems


def _cache_step(workflow: dict) -> dict:
    return next(step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@"))


def test_the_cache_key_is_the_shard_and_the_hash_of_its_inputs(workflow):
    step = _cache_step(workflow)
    assert step["with"]["path"] == "output"
    assert cache_problems(step) == []


def test_the_cache_check_fires_on_a_key_that_never_hits(workflow):
    step = _cache_step(workflow)
    broken = {"with": {**step["with"], "key": "leaflets-shard-${{ matrix.shard }}-${{ github.sha }}",
                       "restore-keys": "leaflets-shard-${{ matrix.shard }}-"}}
    problems = cache_problems(broken)
    assert "the key changes on every run, so it never hits" in problems
    assert "the key hashes no input files" in problems
    assert "the key does not name ${{ needs.plan.outputs.shards }}" in problems
