"""The stress corpus (tests/fixtures/stress/): content shaped to break layouts, built in
every format and variant; verify, geometric checks included, must pass on every file.

Each leaflet there is a scenario: long web addresses and emails, long headings, a short
leaflet, many contacts. A new scenario is a new folder; nothing here names one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

STRESS = FIXTURES / "stress"


@pytest.fixture(scope="module")
def stress_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stress")
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(STRESS, root / "source")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_every_stress_output_passes_verify(stress_build: Path):
    result = run_cli("verify", "--root", str(stress_build), "--report-format", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == len(list(STRESS.glob("*/*.yaml"))) * 2 * len(list((ROOT / "layouts").glob("*/format.yaml")))
    assert [row for row in rows if row["problems"]] == []
    assert result.returncode == 0
    assert all("placement" in row["checks"] for row in rows)


def test_long_addresses_wrap_and_still_link_to_the_exact_address(stress_build: Path):
    """Wrapped at sensible points, never with a hyphen added: the link is the address,
    and the extracted text, line breaks removed, is the address too."""
    from pypdf import PdfReader

    from foldline.content.load import load
    from foldline.pdf.reading import link_targets, squeeze
    from foldline.project import Project

    project = Project.at(stress_build)
    for file in project.discover():
        leaflet = load(project, file).leaflet
        for pdf in sorted((stress_build / "output" / file.leaflet).glob(f"{file.leaflet}.{file.language}.*.pdf")):
            if ".imposed" in pdf.name or ".print" in pdf.name:
                continue
            reader = PdfReader(pdf)
            text = squeeze("\n".join(page.extract_text() or "" for page in reader.pages))
            links = link_targets(reader)
            for org in leaflet.organizations:
                if org.email:
                    assert org.email in text and f"mailto:{org.email}" in links, (pdf.name, org.email)
                if org.website:
                    assert org.website in links, (pdf.name, org.website)
