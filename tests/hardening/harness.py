"""The bad-input suite's harness: a sandbox project, a listener, and the checks every case makes.

Each case runs the command line on a small project (one leaflet, ``sample``, made
from ``tests/fixtures/content/minimal.yaml``) that already holds one earlier build,
and checks, as it applies:

- the exit code and the message, with the file, line, column and key computed from
  the YAML under test (never pasted from the current output);
- that ``output/`` is byte for byte what it was, when the case fails;
- that nothing leaked: a loopback listener the content or stylesheet points at saw
  no connection, and no PDF holds an embedded file or the text of a secret file
  kept outside the project.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import FIXTURES, ROOT, ctrl_c_reaches, run_cli  # tests/conftest.py
from pypdf import PdfReader

MINIMAL = FIXTURES / "content" / "minimal.yaml"
BAD = FIXTURES / "bad"
PAUSE_HOOK = Path(__file__).resolve().parent / "pause_at_write"
# The smallest build: one language, one format, one variant.
SMALL = ("--lang", "en", "--format", "a4", "--variant", "screen")


class Listener:
    """A TCP server on 127.0.0.1 (ephemeral port) that records every connection."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self.port = self._socket.getsockname()[1]
        self.hits: list[str] = []  # first bytes each client sent
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:  # timeout: look at the stop flag again
                continue
            with connection:
                connection.settimeout(0.5)
                try:
                    self.hits.append(connection.recv(200).decode("latin-1"))
                except OSError:
                    self.hits.append("")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


@dataclass
class Sandbox:
    """A throwaway project with one earlier build in output/; see the module docstring."""

    root: Path
    secret: Path  # outside the project: a valid content file whose text must never print
    secret_token: str
    listener: Listener

    @property
    def content(self) -> Path:
        return self.root / "source" / "sample" / "en.yaml"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def fixture(self, name: str) -> str:
        """A file of tests/fixtures/bad/, its placeholders pointed at this sandbox."""
        return self.placeholders((BAD / name).read_text(encoding="utf-8"))

    def placeholders(self, text: str) -> str:
        return text.replace("LISTENER", self.listener.url).replace("SECRET_PATH", str(self.secret))

    def minimal(self) -> str:
        return MINIMAL.read_text(encoding="utf-8")

    def write(self, content: str | bytes, relative: str = "source/sample/en.yaml") -> Path:
        """Replace a file of the project (unlinked first: files may be hard links)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def snapshot(self) -> dict[str, str]:
        """{path: sha256} of every file under output/, hidden ones (temporary files) included."""
        return {
            str(path.relative_to(self.output)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.output.rglob("*"))
            if path.is_file()
        }

    def run(self, command: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return run_cli(command, "--root", str(self.root), *args, timeout=timeout)

    def build(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """The smallest build (en, a4, screen) unless args say otherwise."""
        return self.run("build", *SMALL, *args, timeout=timeout)

    def start_paused(self, *args: str) -> tuple[subprocess.Popen, Path]:
        """Start a build that pauses as it puts its first PDF in place (see pause_at_write/).

        Returns the process and the signal file: it appears (holding the temporary
        file's name) once the build is paused; delete it to let the build go on.
        """
        signal = self.root.parent / "paused"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(PAUSE_HOOK), str(ROOT)]),
            "FOLDLINE_TEST_PAUSE": str(signal),
        }
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "make_leaflet.py"), "build", "--root", str(self.root), *args],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=ctrl_c_reaches,
        )
        deadline = time.monotonic() + 60
        while not signal.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                out, err = process.communicate()
                raise AssertionError(f"the build never paused at a write:\n{out}{err}")
            time.sleep(0.02)
        return process, signal

    @staticmethod
    def reap(*processes: subprocess.Popen) -> None:
        """Kill what still runs and close its pipes (unclosed pipes warn, and warnings are errors)."""
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()

    def pdfs(self) -> list[Path]:
        return sorted(self.output.rglob("*.pdf"))

    def assert_refused(self, result, code: int, *messages: str, before: dict | None = None) -> None:
        """Exit code, every message, output/ unchanged (when given a snapshot), nothing leaked."""
        said = result.stdout + result.stderr
        assert result.returncode == code, said
        for message in messages:
            assert message in said, f"{message!r} not in:\n{said}"
        if before is not None:
            assert self.snapshot() == before, "output/ changed although the case failed"
        self.assert_nothing_leaked()

    def assert_nothing_leaked(self) -> None:
        assert self.listener.hits == [], f"the renderer connected to the network: {self.listener.hits}"
        for pdf in self.pdfs():
            reader = PdfReader(pdf)
            assert not embedded_files(reader), f"{pdf} has embedded files"
            assert self.secret_token not in text_of(reader), f"{pdf} holds text of a file outside the project"


def sandbox_copy(template: Path, root: Path, skip: tuple[str, ...] = ()) -> Path:
    """Copy a sandbox: fonts hard-linked (large, never written), everything else copied."""

    def copy(src, dst):
        if Path(src).relative_to(template).parts[0] == "fonts":
            try:
                os.link(src, dst)
                return dst
            except OSError:
                pass
        return shutil.copy2(src, dst)

    def ignore(folder, names):
        return [name for name in names if Path(folder) == template and name in skip]

    shutil.copytree(template, root, symlinks=True, copy_function=copy, ignore=ignore)
    return root


# --- reading PDFs -----------------------------------------------------------------------


def text_of(reader_or_path) -> str:
    """All text of a PDF with white space collapsed (hyphenation joined)."""
    from foldline.pdf.reading import normalize, pdf_text

    reader = reader_or_path if isinstance(reader_or_path, PdfReader) else PdfReader(reader_or_path)
    return normalize(pdf_text(reader))


def assert_printed(reader_or_path, *literals: str) -> None:
    """Each literal appears in the PDF's text (compared without white space: lines
    break after '/' and at hyphens, so spacing in extracted text is not the YAML's)."""
    from foldline.pdf.reading import squeeze

    printed = squeeze(text_of(reader_or_path))
    for literal in literals:
        assert squeeze(literal) in printed, f"{literal!r} not printed literally in: {text_of(reader_or_path)}"


def embedded_files(reader: PdfReader) -> list:
    names = reader.trailer["/Root"].get("/Names")
    names = names.get_object() if names is not None else {}
    found = list(names.get("/EmbeddedFiles", {}).get("/Names", []) or []) if "/EmbeddedFiles" in names else []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(annotation)
    return found


def images(reader: PdfReader) -> list:
    """Every image XObject of every page (WeasyPrint also uses form XObjects, which are not images)."""
    found = []

    def walk(resources, seen):
        resources = resources.get_object() if resources is not None else {}
        xobjects = resources.get("/XObject")
        for xobject in (xobjects.get_object() if xobjects is not None else {}).values():
            xobject = xobject.get_object()
            if id(xobject) in seen:
                continue
            seen.add(id(xobject))
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif "/Resources" in xobject:
                walk(xobject["/Resources"], seen)

    for page in reader.pages:
        walk(page.get("/Resources"), set())
    return found


def link_targets(reader_or_path) -> list[str]:
    """The target of every link annotation: URIs, and the kind of any other action."""
    reader = reader_or_path if isinstance(reader_or_path, PdfReader) else PdfReader(reader_or_path)
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            targets.append(str(action["/URI"]) if action.get("/S") == "/URI" else str(action.get("/S")))
    return targets


def has_javascript(reader: PdfReader) -> bool:
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    return "/JavaScript" in names or "/OpenAction" in root or "/AA" in root or "/JavaScript" in link_targets(reader)


# --- where things stand in the YAML under test --------------------------------------------


def locate(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column where the nth occurrence of needle starts."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def where(path: Path, text: str, needle: str, nth: int = 1) -> str:
    """'path:line:col:' as the command line prints it for the position of needle."""
    line, column = locate(text, needle, nth)
    return f"{path}:{line}:{column}:"


__all__ = [
    "BAD",
    "MINIMAL",
    "ROOT",
    "SMALL",
    "Listener",
    "Sandbox",
    "assert_printed",
    "embedded_files",
    "has_javascript",
    "images",
    "link_targets",
    "locate",
    "run_cli",
    "sandbox_copy",
    "text_of",
    "where",
]
