"""Golden HTML and CSS: what every format makes of a small leaflet, in a left-to-right
and a right-to-left language, in process and without WeasyPrint.

The templates, views and generated stylesheet are compared with files kept under
``tests/golden/``; a change to any of them shows here as a readable diff before it
shows as different PDF bytes. After a deliberate change, regenerate and review:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from foldline.content.load import load
from foldline.layout.formats import load_format
from foldline.layout.render import RenderRequest
from foldline.layout.stylesheet import css_string, font_face_css, output_css
from foldline.layout.template import render_html
from foldline.project import Project, Variant

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = FIXTURES / "golden" / "sample"
LANGUAGES = sorted(path.stem for path in SAMPLE.glob("*.yaml"))
FORMATS = Project.at(ROOT).format_names()
DATE = "2024-01-15"


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "fonts", root / "fonts")
    shutil.copytree(SAMPLE, root / "source" / "sample")
    return Project.at(root)


def generated(project: Project, format_name: str, language: str) -> dict[str, str]:
    """The print variant's HTML, and its CSS at the format's largest body size, with the
    project's own path replaced so the files do not depend on where the test runs."""
    fmt = load_format(project, format_name)
    loaded = load(project, project.content_file("sample", language))
    request = RenderRequest.of(project, fmt, loaded, Variant.PRINT, DATE, tagged=fmt.tagged)
    css = font_face_css(project, loaded.language) + "\n" + output_css(fmt, loaded, fmt.body_size.max, Variant.PRINT)
    root = project.root.as_uri()
    return {
        "html": render_html(request).replace(root, "PROJECT"),
        "css": css.replace(root, "PROJECT"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("format_name", FORMATS)
def test_html_and_css_match_the_golden_files(sample_project, format_name, language, request):
    update = request.config.getoption("--update-golden")
    for kind, text in generated(sample_project, format_name, language).items():
        golden = GOLDEN / f"{format_name}.{language}.{kind}"
        if update:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text, encoding="utf-8")
            continue
        assert golden.exists(), f"no {golden.relative_to(ROOT)}: run pytest {__file__} --update-golden"
        expected = golden.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                str(golden.relative_to(ROOT)), "generated", n=2))
            pytest.fail(f"{golden.name} differs (run with --update-golden if intended):\n{diff[:4000]}")


def test_every_golden_file_belongs_to_a_format_and_language():
    """A golden file left behind by a removed format or fixture fails, so the folder stays true."""
    expected = {f"{name}.{language}.{kind}" for name in FORMATS for language in LANGUAGES for kind in ("html", "css")}
    assert {path.name for path in GOLDEN.iterdir()} == expected


def test_the_golden_html_says_what_the_content_says(sample_project):
    """The golden files are not just any bytes: the right-to-left file is set right to
    left, the draft is marked, and each section title is there."""
    for format_name in FORMATS:
        files = generated(sample_project, format_name, "ar")
        html = files["html"]
        assert 'dir="rtl"' in html and 'lang="ar"' in html
        label = "ترجمة أولية، لم تتم مراجعتها"
        assert f'class="cover-draft sans">{label}<' in html or css_string(label) in files["css"], format_name
        assert "ما هي الحالة النموذجية؟" in html
        assert 'lang="en"' in generated(sample_project, format_name, "en")["html"]


def test_html_and_css_are_made_without_weasyprint(sample_project):
    """Templating and the generated stylesheet never load WeasyPrint: these tests (and a
    no-op build) stay fast. Checked in a fresh process, whatever this one imported."""
    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from pathlib import Path\n"
        "from foldline.project import Project\n"
        "import test_golden\n"
        "project = Project.at(Path(sys.argv[3]))\n"
        "for name in test_golden.FORMATS:\n"
        "    test_golden.generated(project, name, 'ar')\n"
        "print(sorted(m for m in ('weasyprint', 'pypdf', 'pydyf') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(ROOT), str(Path(__file__).parent), str(sample_project.root)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
