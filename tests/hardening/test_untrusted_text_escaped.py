"""Untrusted text in a message is shown escaped: control, escape and bidi characters by code point.

A folder name holding a newline or an ANSI escape sequence used to be echoed raw
(a forged log line, a recoloured terminal); a bidi override in a value reordered
the error message around it. Every message goes through ``errors.shown``.
"""
import pytest

from foldline.errors import Location, Problem, shown

ESC, RLO = "\x1b", "\u202e"
# (case, name of a leaflet folder under source/, the name as the message shows it)
FOLDERS = [
    ("newline", "bad\nname", "bad\\x0aname"),
    ("ansi-escape", f"red{ESC}[31mname{ESC}[0m", "red\\x1b[31mname\\x1b[0m"),
    ("bidi-override", f"abc{RLO}fed", "abc\\u202efed"),
    ("carriage-return", "fake\rerror: all good", "fake\\x0derror: all good"),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case, name, escaped", FOLDERS, ids=[case[0] for case in FOLDERS])
def test_folder_name_is_escaped(sandbox, command, case, name, escaped):
    folder = sandbox.root / "source" / name
    folder.mkdir()
    (folder / "en.yaml").write_text(sandbox.minimal(), encoding="utf-8")
    before = sandbox.snapshot()
    result = sandbox.build(timeout=60) if command == "build" else sandbox.run("check", timeout=60)
    sandbox.assert_refused(result, 2, f"error: source/{escaped}: leaflet name", before=before)
    said = result.stdout + result.stderr
    for char in (ESC, RLO, "\r"):
        assert char not in said
    assert all(line.startswith(("error:", "checked", "nothing")) for line in said.splitlines() if line), said


def test_language_file_name_is_escaped(sandbox):
    path = sandbox.root / "source" / "sample" / f"e{RLO}n.yaml"
    path.write_text(sandbox.minimal(), encoding="utf-8")
    result = sandbox.run("check", timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 2, said
    assert "error: source/sample/e\\u202en.yaml:" in said, said
    assert RLO not in said


@pytest.mark.parametrize(
    "text, escaped",
    [
        (f"x{ESC}[2J", "x\\x1b[2J"),
        ("line\nerror: forged", "line\\x0aerror: forged"),
        (f"{RLO}lmth.exe", "\\u202elmth.exe"),
        ("tab\there", "tab\\x09here"),
        ("\U000e0041 tag", "\\U000e0041 tag"),
        ("Arabic نص and 中文 stay", "Arabic نص and 中文 stay"),
    ],
)
def test_problem_lines_escape_what_they_quote(tmp_path, text, escaped):
    """Message, key and path of a Problem, in the one place every command prints them."""
    problem = Problem(Location(tmp_path / text, 3, 4), f"sections[0].{text}", f"quoted {text!r} and raw {text}")
    line = str(problem)
    assert shown(text) == escaped
    assert f"{escaped}:3:4: sections[0].{escaped}: quoted " in line
    assert f"and raw {escaped}" in line
    assert "\n" not in line and ESC not in line and RLO not in line
