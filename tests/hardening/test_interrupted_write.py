"""Ctrl-C or a kill while a PDF is being put in place: earlier files intact, no partial PDF.

The build is paused (pause_at_write/) at the worst moment: the new PDF is
written in full to a temporary file beside the target, the target not yet
replaced. The content was changed first, so a new file is told from an old one.
"""
import signal
import subprocess
import sys

from pypdf import PdfReader

from .harness import ROOT, ctrl_c_reaches, text_of

TWO = ("--lang", "en", "--format", "a4", "--format", "letter", "--variant", "screen")


def _two_outputs_then_new_content(sandbox):
    result = sandbox.build(*TWO)  # earlier outputs: a4 (from the template) and letter
    assert result.returncode == 0, result.stdout + result.stderr
    before = sandbox.snapshot()
    sandbox.write(sandbox.minimal().replace("Some text.", "Some revised text."))
    return before


def _assert_only_whole_pdfs(sandbox, before):
    """Every .pdf is either the earlier file, byte for byte, or a complete new one."""
    after = sandbox.snapshot()
    for name, digest in after.items():
        if not name.endswith(".pdf") or name.split("/")[-1].startswith("."):
            continue
        if before.get(name) != digest:
            text = text_of(PdfReader(sandbox.output / name, strict=True))
            assert "revised text." in text, f"{name} is neither the old nor a whole new PDF"
    for name in before:
        assert name in after, f"{name} disappeared"


def test_ctrl_c_while_writing(sandbox):
    before = _two_outputs_then_new_content(sandbox)
    process, paused = sandbox.start_paused(*TWO)
    temporary = paused.read_text()
    try:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 130, out + err
        assert "interrupted" in err
        assert len([line for line in err.splitlines() if line.strip()]) == 1, f"one line, not a traceback:\n{err}"
        assert sandbox.snapshot() == before, "Ctrl-C before the rename must leave every earlier file as it was"
        assert not (sandbox.output / "sample" / temporary.split("/")[-1]).exists(), "temporary file left behind"
        sandbox.assert_nothing_leaked()
    finally:
        sandbox.reap(process)


def test_kill_while_writing(sandbox):
    before = _two_outputs_then_new_content(sandbox)
    process, paused = sandbox.start_paused(*TWO)
    process.kill()
    try:
        process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        # The targets are untouched; at most a temporary file (not a .pdf name) is left.
        _assert_only_whole_pdfs(sandbox, before)
        assert {k: v for k, v in sandbox.snapshot().items() if not k.split("/")[-1].startswith(".")} == before
        sandbox.assert_nothing_leaked()
    finally:
        sandbox.reap(process)


def test_ctrl_c_between_outputs(sandbox):
    """Interrupted after the first output: it is new and whole, the second is the earlier file."""
    before = _two_outputs_then_new_content(sandbox)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(sandbox.root), *TWO],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, preexec_fn=ctrl_c_reaches,
    )
    try:
        first = process.stdout.readline()  # "built ..." for the first output
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert first.startswith("built"), first + out + err
        assert process.returncode == 130, first + out + err
        _assert_only_whole_pdfs(sandbox, before)
        changed = [name for name, digest in sandbox.snapshot().items() if before.get(name) != digest]
        written = first.split()[1].split("/output/")[-1]  # the path the first "built" line names
        assert written in changed, (written, changed)
        assert all(name.endswith(".pdf") and "/." not in name for name in changed), changed
        sandbox.assert_nothing_leaked()
    finally:
        sandbox.reap(process)
