"""How --shard K/N shares a plan out (a layout's variants together, parts even by cost, the same split everywhere), and the peak memory the report gives for each process."""
from __future__ import annotations

import random

from foldline.build.plan import Output, in_shard
from foldline.project import Variant

FORMATS = ("a4", "letter", "a5-booklet", "trifold-a4", "trifold-letter")


def catalogue(leaflets: int) -> tuple[list[Output], dict[tuple[str, str], float]]:
    """A synthetic plan: leaflets in 4 languages x 5 formats x 2 variants, texts of uneven length."""
    chooser = random.Random(18)
    lengths = {(f"leaflet-{i:03d}", lang): chooser.uniform(4_000, 40_000)
               for i in range(leaflets) for lang in ("en", "es", "ar", "zh-Hans")}
    outputs = [Output(leaflet, lang, fmt, variant) for (leaflet, lang) in lengths for fmt in FORMATS
               for variant in (Variant.SCREEN, Variant.PRINT)]
    return outputs, lengths


def test_parts_are_even_by_cost_and_keep_a_layouts_variants_together():
    outputs, lengths = catalogue(25)

    def cost(output: Output) -> float:
        return lengths[(output.leaflet, output.language)]

    parts = [in_shard(outputs, (k, 4), cost) for k in range(1, 5)]
    assert sorted(o.key for part in parts for o in part) == sorted(o.key for o in outputs)  # each once
    for part in parts:
        layouts = {(o.leaflet, o.language, o.format) for o in part}
        assert len(part) == 2 * len(layouts)  # both variants of each of its layouts
    loads = [sum(cost(o) for o in part) for part in parts]
    assert max(loads) <= 1.02 * sum(loads) / 4


def test_the_split_is_the_same_whatever_the_order_of_the_plan():
    outputs, lengths = catalogue(3)

    def cost(output: Output) -> float:
        return lengths[(output.leaflet, output.language)]

    shuffled = list(outputs)
    random.Random(1).shuffle(shuffled)
    assert in_shard(outputs, (2, 4), cost) == in_shard(shuffled, (2, 4), cost)


def test_without_costs_layouts_are_shared_out_one_by_one():
    outputs, _ = catalogue(1)  # 20 layouts, 40 outputs
    sizes = [len(in_shard(outputs, (k, 3))) for k in range(1, 4)]
    assert sizes == [14, 14, 12]


def test_an_uneven_split_by_count_is_what_costs_correct():
    """The check firing: sharing out by count alone leaves the costly texts together."""
    outputs = [Output("long", "en", fmt, v) for fmt in FORMATS for v in (Variant.SCREEN, Variant.PRINT)]
    outputs += [Output(f"short-{i}", "en", "a4", v) for i in range(5) for v in (Variant.SCREEN, Variant.PRINT)]

    def cost(output: Output) -> float:
        return 10.0 if output.leaflet == "long" else 1.0

    by_count = [sum(cost(o) for o in in_shard(outputs, (k, 2))) for k in (1, 2)]
    by_cost = [sum(cost(o) for o in in_shard(outputs, (k, 2), cost)) for k in (1, 2)]
    assert max(by_count) > 1.15 * sum(by_count) / 2
    assert max(by_cost) <= 1.15 * sum(by_cost) / 2


def test_a_process_reports_its_own_peak_memory_not_that_of_the_process_that_started_it():
    # The build report's build_rss_mb and worker_rss_mb: a child forked from a process
    # holding 300 MB reports its own peak (VmHWM), where getrusage's ru_maxrss keeps the
    # parent's 300 MB across exec.
    import subprocess
    import sys

    code = (
        "import resource, subprocess, sys\n"
        "ballast = bytearray(300 * 1024 * 1024)\n"
        "child = 'import resource; from foldline.build.jobs import own_peak_rss_mb as p; "
        "print(p(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)'\n"
        "print(subprocess.run([sys.executable, '-c', child], capture_output=True, text=True, check=True).stdout)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    own, inherited = map(float, done.stdout.split())
    assert own < 100
    if sys.platform == "linux":
        assert inherited > 250  # what the report gave before


def test_a_manifest_read_whole_is_told_apart_from_one_with_entries_dropped(tmp_path):
    """A no-op build leaves a manifest it read whole unwritten; one whose entries the
    reader dropped (wrong shape, unknown key) is not whole, so the build writes it anew."""
    import json

    from foldline.build.manifest import SCHEMA, Manifest

    entry = {"leaflet": "a", "language": "en", "format": "a4", "variant": "screen", "fingerprint": "f",
             "parts": {}, "sha256": "0" * 64, "bytes": 1}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"schema": SCHEMA, "outputs": {"a/a.en.a4.pdf": entry}, "font_sets": {}}), encoding="utf-8")
    assert Manifest.read(path).whole and len(Manifest.read(path).entries) == 1
    broken = {"a/a.en.a4.pdf": entry, "a/a.es.a4.pdf": {**entry, "language": "es", "extra": 1}}
    path.write_text(json.dumps({"schema": SCHEMA, "outputs": broken, "font_sets": {}}), encoding="utf-8")
    read = Manifest.read(path)
    assert not read.whole and list(read.entries) == ["a/a.en.a4.pdf"]
