"""Fixtures of the bad-input suite (see harness.py for what every case checks).

This folder is a package (it has an ``__init__.py``), so this conftest is imported
as ``hardening.conftest`` and never shadows ``tests/conftest.py``, whose
``run_cli`` and fixtures stay importable as ``conftest``.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from .harness import MINIMAL, SMALL, Listener, Sandbox, run_cli, sandbox_copy


@pytest.fixture(scope="session")
def sandbox_template(project_template: Path, tmp_path_factory) -> Path:
    """layouts/ and fonts/ of the project, one small leaflet, and one build of it."""
    root = tmp_path_factory.mktemp("hardening") / "project"
    sandbox_copy(project_template, root, skip=("source", "output"))
    (root / "source" / "sample").mkdir(parents=True)
    (root / "source" / "sample" / "en.yaml").write_bytes(MINIMAL.read_bytes())
    result = run_cli("build", "--root", str(root), *SMALL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "output" / "sample" / "sample.en.a4.pdf").is_file()
    return root


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def sandbox(sandbox_template: Path, tmp_path: Path, listener: Listener) -> Sandbox:
    """A fresh copy of the template project, a secret file beside it, a listener."""
    root = sandbox_copy(sandbox_template, tmp_path / "project")
    token = f"SECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    # A valid content file: if anything followed a link to it, its text would print.
    secret.write_text(MINIMAL.read_text(encoding="utf-8").replace("Some text.", token), encoding="utf-8")
    return Sandbox(root=root, secret=secret, secret_token=token, listener=listener)
