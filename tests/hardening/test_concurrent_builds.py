"""Two builds into the same output/ at once: the second waits for or refuses the lock.

The first build is paused as it puts its first PDF in place. A second build of
other content starts meanwhile: it must either wait until the first is done or
refuse with a message and write nothing. Either way the final set of PDFs comes
from one build, never a mix.
"""
import subprocess
import sys
import time

from pypdf import PdfReader

from .harness import ROOT, text_of

# One worker: with two, the first build's other worker goes on writing while it is paused.
TWO = ("--lang", "en", "--format", "a4", "--format", "letter", "--variant", "screen", "--jobs", "1")


def test_second_build_waits_or_refuses(sandbox):
    sandbox.write(sandbox.minimal().replace("Some text.", "Some text of build one."))
    first, paused = sandbox.start_paused(*TWO)
    second = None
    try:
        before_second = sandbox.snapshot()
        sandbox.write(sandbox.minimal().replace("Some text.", "Some text of build two."))
        second = subprocess.Popen(
            [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(sandbox.root), *TWO],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 8
        while second.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if second.poll() is not None:  # it did not wait: it must have refused, and written nothing
            out, err = second.communicate()
            assert second.returncode != 0, f"the second build ran while the first held output/:\n{out}{err}"
            assert "lock" in (out + err).lower() or "another build" in (out + err).lower(), out + err
            assert sandbox.snapshot() == before_second
        paused.unlink()  # let the first build go on
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, out + err
        if second.returncode is None:
            out, err = second.communicate(timeout=120)
            assert second.returncode == 0, out + err
        texts = {name: text_of(PdfReader(sandbox.output / name)) for name in sandbox.snapshot() if name.endswith(".pdf")}
        builds = {("one" if "build one" in text else "two" if "build two" in text else "?") for text in texts.values()}
        assert len(builds) == 1 and "?" not in builds, f"a mixed set: {builds}"
        sandbox.assert_nothing_leaked()
    finally:
        sandbox.reap(first, *([second] if second else []))
