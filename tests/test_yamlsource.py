"""The strict YAML reader's two parsers, and loading each content file once per run.

libyaml's parser is a fast path: whatever it finds wrong, or might read differently,
is parsed again by PyYAML's own parser, so every message, line and column is the
strict parser's. These tests hold that on broken inputs, on every real file and on a
seeded set of mutated ones.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import ROOT

from foldline.content import hygiene, load, yamlsource
from foldline.errors import ContentError
from foldline.project import Project

pytestmark = pytest.mark.skipif(yamlsource._CParser is None, reason="PyYAML built without libyaml")

BROKEN = {
    "duplicate key": "title: a\ntitle: b\n",
    "bad indentation": "meta:\n  title: a\n    id: b\n",
    "tab indentation": "meta:\n\ttitle: a\n",
    "tab after colon": "title:\tvalue\n",
    "unknown tag": "title: !!python/object x\n",
    "custom tag": "title: !mine x\n",
    "alias": "a: &x text\nb: *x\n",
    "anchor": "a: &x text\n",
    "BOM inside": "title: a\n\ufeffid: b\n",
    "control character": "title: a\x07b\n",
    "question mark in a flow list": "keywords: [one, tw?o]\n",
    "colon in text": "title: Remarque : ceci\n",
    "two documents": "a: b\n---\nc: d\n",
    "too deep": "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 15)) + "  " * 15 + "v: x\n",
    "unclosed quote": 'title: "open\nid: b\n',
    "CR line breaks": "title: a\rid: b\rid: c\r",
}


def outcome(parse, text: str):
    try:
        result = parse(Path("f.yaml"), text)
    except ContentError as exc:
        return [(str(p), p.location.line, p.location.column, p.code) for p in exc.problems]
    return result.data, result.locations, result.key_locations


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_errors_are_the_strict_parsers(name):
    strict = outcome(yamlsource._strict_parse, BROKEN[name])
    assert isinstance(strict, list) and strict  # each input is refused
    assert outcome(yamlsource.parse_yaml, BROKEN[name]) == strict


def test_invalid_utf8_is_located_before_either_parser(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_bytes(b"title: a\nid: \xff\n")
    with pytest.raises(ContentError) as exc:
        yamlsource.read_yaml(path)
    problem = exc.value.problems[0]
    assert (problem.location.line, problem.location.column, problem.code) == (2, 5, "encoding")


def real_files() -> list[Path]:
    return sorted([*ROOT.glob("source/*/*.yaml"), *ROOT.glob("layouts/**/*.yaml"), *ROOT.glob("fonts/*.yaml")])


def test_real_files_take_the_fast_path_and_read_the_same():
    fast = 0
    for path in real_files():
        text = path.read_text(encoding="utf-8-sig")
        if yamlsource._fast_parse(path, text) is not None:
            fast += 1
        assert outcome(yamlsource.parse_yaml, text) == outcome(yamlsource._strict_parse, text), path
    assert fast >= len(list(ROOT.glob("source/*/*.yaml")))  # every content file is fast


def test_mutated_files_read_the_same():
    """Random edits (seeded) of real files: each reads to the same data, locations and errors."""
    rnd = random.Random(18)
    pieces = [":", " ", "-", "\n", '"', "'", "#", "[", "]", "{", "}", ",", "|", ">", "?", "? x", "!", "&a ",
              "*a", "%", "  ", "\r\n", "\\", "---", "é", ": ", "[a?b]", "\t", "\ufeff"]
    texts = [p.read_text(encoding="utf-8-sig") for p in real_files()]
    for _ in range(400):
        lines = rnd.choice(texts).split("\n")
        start = rnd.randrange(len(lines))
        text = "\n".join(lines[max(0, start - 3):start + 8])
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(text) + 1)
            text = text[:at] + rnd.choice(pieces) + text[at + rnd.randint(0, 2):]
        assert outcome(yamlsource.parse_yaml, text) == outcome(yamlsource._strict_parse, text), repr(text)


def test_a_translations_source_is_read_once_per_run(tmp_path, monkeypatch):
    import shutil

    for name in ("source", "layouts", "fonts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    project = Project.at(tmp_path)
    files = project.discover()
    reads: list[Path] = []
    real = load.read_yaml
    monkeypatch.setattr(load, "read_yaml", lambda path: reads.append(Path(path)) or real(path))
    loaded, problems = load.load_all(project, files)
    assert problems == [] and len(loaded) == len(files)
    assert sorted(reads) == sorted(f.path for f in files)  # each once, sources included
    translations = [item for item in loaded if item.leaflet.meta.translation]
    assert translations and all(item.source is not None for item in translations)


def test_first_refused_is_the_per_character_answer():
    values = ["plain text", "line\nbreak and\u00a0space", "a\u200bb\u202ec", "tab\there", "x\u200dy", "\U000e0041z"]
    for value in values:
        for joiners in (True, False):
            slow = next((c for c in value if hygiene.refusal.__wrapped__(c, joiners)), None)
            assert hygiene.first_refused(value, joiners) == slow


def test_the_refusal_cache_stays_within_its_bound():
    bound = hygiene.refusal.cache_info().maxsize
    for point in range(0x4E00, 0x4E00 + bound + 500):
        hygiene.refusal(chr(point), False)
    assert hygiene.refusal.cache_info().currsize <= bound

