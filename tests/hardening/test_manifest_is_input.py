"""output/manifest.json and its shard fragments are input (a CI cache restores them).

Each case edits the manifest the earlier build wrote (a table: how the JSON is
changed). Whatever the shape, the build must finish (hard subprocess timeout:
a companion path of /dev/zero used to be read forever), never print a
traceback, never read, hash or delete a file outside output/, and rebuild the
output whose entry it could not trust.
"""
import hashlib
import json
import os

import pytest

KEY = "sample/sample.en.a4.pdf"


def _entry(data):
    return data["outputs"][KEY]


def _companion(path):
    def edit(data, victim):
        digest = hashlib.sha256(victim.read_bytes()).hexdigest()
        _entry(data)["companions"] = {path.replace("VICTIM", str(victim)): digest}
    return edit


def _set(field, value):
    def edit(data, victim):
        _entry(data)[field] = value
    return edit


def _outside_key(data, victim):
    """An entry named by a path outside output/ for a leaflet that is gone: a build
    deletes the files of removed outputs, so this would delete the victim."""
    entry = dict(_entry(data), leaflet="gone")
    data["outputs"]["../../victim.txt"] = entry


def _outside_leaflet(data, victim):
    entry = dict(_entry(data), leaflet="../..", companions={"../../victim.txt": "0" * 64})
    data["outputs"]["../../x.pdf"] = entry


def _font_sets(data, victim):
    for languages in data["font_sets"].values():
        languages["en"] = ["/dev/zero", "../../victim.txt"]


# (case, edit of the parsed manifest); the entry for KEY is rebuilt, except where an
# untrusted entry (or the font cache) was only added beside it: dropped, KEY stays up to date.
ADDED = {"key-outside-output", "leaflet-outside-source", "font-sets-outside-fonts"}
CASES = [
    ("companion-dev-zero", _companion("/dev/zero")),
    ("companion-outside", _companion("../../victim.txt")),
    ("companion-absolute", _companion("VICTIM")),
    ("key-outside-output", _outside_key),
    ("leaflet-outside-source", _outside_leaflet),
    ("font-sets-outside-fonts", _font_sets),
    ("bytes-as-text", _set("bytes", "15826")),
    ("bytes-as-boolean", _set("bytes", True)),
    ("parts-as-list", _set("parts", ["content"])),
    ("companions-as-list", _set("companions", ["sample/x.pdf"])),
    ("sha256-as-number", _set("sha256", 7)),
    ("unknown-field", _set("execute", "rm -rf /")),
    ("entry-as-text", lambda data, victim: data["outputs"].__setitem__(KEY, "built")),
    ("outputs-as-list", lambda data, victim: data.__setitem__("outputs", [KEY])),
    ("schema-as-text", lambda data, victim: data.__setitem__("schema", "1")),
]
RAW = [
    ("top-level-list", "[1, 2, 3]"),
    ("deeply-nested", "[" * 100000 + "]" * 100000),
    ("not-json", "{\"schema\": 1, \"outputs\": {"),
    ("not-utf8", b"\xff\xfe{}"),
]


def _victim(sandbox):
    victim = sandbox.root.parent / "victim.txt"
    victim.write_text("must stay, unread\n")
    return victim


def _assert_rebuilt(sandbox, result, victim, outcome="1 built"):
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "Traceback" not in said
    assert outcome in said, said
    assert victim.read_text() == "must stay, unread\n"
    data = json.loads((sandbox.output / "manifest.json").read_text(encoding="utf-8"))
    assert set(data["outputs"]) == {KEY}, data["outputs"].keys()
    sandbox.assert_nothing_leaked()


@pytest.mark.parametrize("case, edit", CASES, ids=[case for case, _ in CASES])
def test_manifest_entry_of_the_wrong_shape_means_rebuild(sandbox, case, edit):
    victim = _victim(sandbox)
    manifest = sandbox.output / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    edit(data, victim)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    outcome = "1 up to date" if case in ADDED else "1 built"
    _assert_rebuilt(sandbox, sandbox.build(timeout=60), victim, outcome)


@pytest.mark.parametrize("case, text", RAW, ids=[case for case, _ in RAW])
def test_manifest_that_is_not_a_manifest_means_rebuild(sandbox, case, text):
    victim = _victim(sandbox)
    manifest = sandbox.output / "manifest.json"
    manifest.write_bytes(text if isinstance(text, bytes) else text.encode())
    _assert_rebuilt(sandbox, sandbox.build(timeout=60), victim)


@pytest.mark.parametrize("what", ["fifo", "dev-zero-link", "fragment-fifo", "fragment-companion"])
def test_manifest_or_fragment_that_is_not_a_file(sandbox, what):
    """A FIFO (or /dev/zero) where the manifest or a fragment belongs is never read."""
    victim = _victim(sandbox)
    manifest = sandbox.output / "manifest.json"
    if what == "fifo":
        manifest.unlink()
        os.mkfifo(manifest)
    elif what == "dev-zero-link":
        manifest.unlink()
        manifest.symlink_to("/dev/zero")
    elif what == "fragment-fifo":
        os.mkfifo(sandbox.output / "manifest.shard-1-of-2.json")
    else:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        _companion("/dev/zero")(data, victim)
        manifest.unlink()
        (sandbox.output / "manifest.shard-1-of-2.json").write_text(json.dumps(data), encoding="utf-8")
    result = sandbox.build(timeout=60)
    said = result.stdout + result.stderr
    assert "Traceback" not in said
    if what == "dev-zero-link":  # a link out of output/ is refused before anything reads it
        assert result.returncode == 2, said
        assert f"{manifest}: is a link to /dev/zero, outside the output folder; refused" in said
        return
    # A fragment that is a FIFO is skipped (then removed with the merged ones); the rest rebuilds.
    _assert_rebuilt(sandbox, result, victim, "1 up to date" if what == "fragment-fifo" else "1 built")


@pytest.mark.parametrize("kind, reason", [("folder", "Is a directory"), ("fifo", "not a regular file")])
def test_lock_path_that_is_not_a_file(sandbox, kind, reason):
    lock = sandbox.output / ".foldline.lock"
    lock.mkdir() if kind == "folder" else os.mkfifo(lock)
    result = sandbox.build(timeout=60)
    said = result.stdout + result.stderr
    assert "Traceback" not in said
    assert result.returncode == 3, said
    assert f"error: cannot lock {lock}: {reason}; nothing built" in said, said
    assert lock.exists()


def test_immutable_manifest_is_named_with_the_reason(sandbox):
    """chattr +i on manifest.json: the PDF is built, then one error line names the
    manifest and why it could not be replaced (exit 3), never a traceback."""
    import subprocess

    manifest = sandbox.output / "manifest.json"
    done = subprocess.run(["chattr", "+i", str(manifest)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file immutable here: {done.stderr.strip()}")
    try:
        sandbox.write(sandbox.minimal().replace("Some text.", "Some revised text."))
        result = sandbox.build(timeout=60)
    finally:
        subprocess.run(["chattr", "-i", str(manifest)], check=False)
    said = result.stdout + result.stderr
    assert result.returncode == 3, said
    assert "Traceback" not in said
    assert f"error: cannot write {manifest}: Operation not permitted (is the file immutable? see lsattr)" in said, said


def test_unwritable_report_is_named(sandbox):
    report = sandbox.root / "report-folder"
    report.mkdir()
    result = sandbox.build("--report", str(report), timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 3, said
    assert "Traceback" not in said
    assert f"error: cannot write the report {report}: Is a directory" in said, said
