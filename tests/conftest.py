"""Shared fixtures: a throwaway copy of the project, and one full build of it.

Every test builds into a temporary folder; nothing depends on an earlier build
or on the repository's own output/ folder.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def ctrl_c_reaches() -> None:
    """``preexec_fn`` for a child a test will Ctrl-C: SIGINT at its default, as at a terminal.

    A shell without job control starts background jobs (``cmd &``, and so a suite
    run that way, and every child it starts) with SIGINT ignored, and Python then
    installs no KeyboardInterrupt handler: the child would never see the Ctrl-C the
    test sends. A user at a terminal has SIGINT at its default; so does the child.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run make_leaflet.py as a user would; returns exit code and output."""
    return subprocess.run(
        [sys.executable, str(ROOT / "make_leaflet.py"), *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="session")
def project_template(tmp_path_factory) -> Path:
    """A copy of the project's content, layouts and fonts (font files hard-linked when possible)."""
    root = tmp_path_factory.mktemp("template")
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "fonts", root / "fonts", copy_function=_link_or_copy)
    return root


FONT_FILES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")


def _link_or_copy(src, dst):
    """Font files hard-linked (large, never written); anything else (fonts.yaml, a
    README) copied, so a test editing it in place cannot edit the repository's file
    through the link."""
    if str(src).lower().endswith(FONT_FILES):
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)


@pytest.fixture
def project(project_template, tmp_path) -> Path:
    """A fresh, writable project for one test."""
    root = tmp_path / "project"
    # Text files are copied: a test edits them in place, which through a hard link would
    # edit the template every later test starts from. Only the fonts (large, read-only) are linked.
    for name in ("source", "layouts"):
        shutil.copytree(project_template / name, root / name, symlinks=True)
    shutil.copytree(project_template / "fonts", root / "fonts", copy_function=_link_or_copy, symlinks=True)
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The full set built once from the repository's own content, into a temporary folder."""
    output = tmp_path_factory.mktemp("output")
    result = run_cli("build", "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current templates and stylesheets (then review the diff)")


def without_actual_text(pdf: Path, target: Path) -> Path:
    """A copy of ``pdf`` whose /ActualText marked content is plain marked content: what
    its glyphs alone say (the font's ToUnicode), as in a print file, which has none."""
    import re

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        contents = page["/Contents"].get_object()
        for stream in contents if isinstance(contents, list) else [contents]:
            stream = stream.get_object()
            stream.set_data(re.sub(rb"<</ActualText\s*(\((?:\\.|[^\\)])*\)|<[0-9a-fA-F]*>)>>\s*BDC", b"BMC", stream.get_data()))
    writer.write(target)
    return target


def reviewed(project: Path, leaflet: str = "sample", language: str = "fr") -> Path:
    """What the reviewer does last to a translation: its status."""
    path = project / "source" / leaflet / f"{language}.yaml"
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: reviewed\n    reviewer: A. Reviewer")
    path.write_text(text, encoding="utf-8")
    return path


# --- no test writes into a tracked file ----------------------------------------------------


def _tracked_files() -> dict[str, tuple[int, int]]:
    """Every file git tracks here, by path: (size, mtime in ns). Empty outside a checkout."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    stats = {}
    for name in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        try:
            stat = (ROOT / name).stat()
        except OSError:
            continue
        stats[name] = (stat.st_size, stat.st_mtime_ns)
    return stats


def pytest_sessionstart(session):
    session.config._tracked_before = _tracked_files()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a tracked file changed while it ran: tests work on copies (a hard
    link or an in-place write into a copy that is not one would edit the repository)."""
    before = getattr(session.config, "_tracked_before", {})
    after = _tracked_files()
    changed = sorted(name for name, stat in before.items() if after.get(name) != stat)
    if changed:
        sys.stderr.write("\ntracked files changed by the test run: " + ", ".join(changed[:20]) + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
