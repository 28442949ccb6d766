"""A synthetic catalogue for the benchmark: N leaflets varied from the real ones in source/.

Leaflet i is a variation of one real leaflet (the real ones taken in turn, those with
the most languages first), in every language that leaflet has. Its text is not a byte
copy: in every paragraph the sentences are rotated (by a step that depends on i), and
the title and publication id carry the variation's number. Sections keep their order:
rotating them was tried and made a tri-fold's section overflow its panel (the panels
are filled section by section), so a varied leaflet failed to build where the real
one fits. Each translation unit that was current before keeps
being current: its ``src:`` is recomputed from the varied source with the project's
own ``units()`` and ``fingerprint()``, so ``check`` sees the catalogue as up to date.
Units that were stale stay stale.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

CURRENT = "__current__"  # marks a unit whose src: matched its source before the variation
_SENTENCE_END = re.compile(r"(?<=[.!?。！？؟])\s+|(?<=[。！？])")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def generate(root: Path, project: Path, count: int) -> list[str]:
    """Write ``count`` varied leaflets (and the real layouts and fonts) into ``project``;
    their names."""
    for name in ("layouts", "fonts"):
        shutil.copytree(root / name, project / name)
    (project / "source").mkdir(parents=True)
    bases = sorted((p for p in (root / "source").iterdir() if p.is_dir()), key=lambda p: (-len(list(p.glob("*.yaml"))), p.name))
    names = []
    for index in range(count):
        base = bases[index % len(bases)]
        step = index // len(bases) + 1
        name = f"{base.name}-{index + 1:02d}"
        vary_leaflet(root, base, project / "source" / name, step)
        names.append(name)
    return names


def vary_leaflet(root: Path, base: Path, target: Path, step: int) -> None:
    from foldline.project import Project

    real = Project.at(root)
    source_language = real.source_language(base.name) or "en"
    shutil.copytree(base, target, ignore=shutil.ignore_patterns("*.yaml"))
    before = source_fingerprints(real, base.name, source_language)
    documents = {}
    for path in sorted(base.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.stem != source_language:
            mark_current(data, before, ())
        documents[path.stem] = vary(data, step)
    write(target / f"{source_language}.yaml", documents.pop(source_language))
    varied = Project.at(target.parent.parent)
    after = source_fingerprints(varied, target.name, source_language)
    for language, data in documents.items():
        fill_current(data, after, ())
        write(target / f"{language}.yaml", data)


def source_fingerprints(project, leaflet: str, language: str) -> dict[tuple, str]:
    """Each unit's key path -> its fingerprint, from the loaded source."""
    from foldline.content.load import load
    from foldline.content.units import fingerprint, units

    loaded = load(project, project.content_file(leaflet, language))
    return {path: fingerprint(unit) for path, unit in units(loaded.leaflet)}


def mark_current(value, fingerprints: dict, path: tuple) -> None:
    if isinstance(value, dict):
        if "src" in value and fingerprints.get(path) == str(value["src"]):
            value["src"] = CURRENT
        for key, child in value.items():
            mark_current(child, fingerprints, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            mark_current(child, fingerprints, (*path, index))


def fill_current(value, fingerprints: dict, path: tuple) -> None:
    if isinstance(value, dict):
        if value.get("src") == CURRENT:
            value["src"] = fingerprints[path]
        for key, child in value.items():
            fill_current(child, fingerprints, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            fill_current(child, fingerprints, (*path, index))


def vary(data: dict, step: int) -> dict:
    meta = data["meta"]
    meta["title"] = f"{meta['title']} {step}"
    publication = meta.get("publication") or {}
    if publication.get("id"):
        publication["id"] = f"{publication['id']}-{step:02d}"
    for section in [*data.get("sections", []), data.get("contacts") or {}]:
        rotate_paragraphs(section.get("blocks") or [], step)
    return data


def rotate_paragraphs(blocks: list, step: int) -> None:
    for block in blocks:
        if isinstance(block, dict) and isinstance(block.get("text"), str):
            block["text"] = rotate_sentences(block["text"], step)
        if isinstance(block, dict) and isinstance(block.get("callout"), dict):
            rotate_paragraphs(block["callout"].get("blocks") or [], step)


def rotate_sentences(text: str, step: int) -> str:
    """The paragraph's sentences rotated by ``step``; one whose markup a sentence break
    would cut (an odd number of ``*`` or an open bracket in a piece) is left as it is."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]
    if len(sentences) < 2 or any(s.count("*") % 2 or s.count("[") != s.count("]") for s in sentences):
        return text
    turn = step % len(sentences)
    joiner = "" if any(ch in text for ch in "。！？") else " "
    return joiner.join(sentences[turn:] + sentences[:turn])


def write(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    text = re.sub(r"^(\s*src: )'?([0-9a-f]{8})'?$", r'\1"\2"', text, flags=re.MULTILINE)
    path.write_text("# yaml-language-server: $schema=../../schema/leaflet.schema.json\n" + text, encoding="utf-8")
