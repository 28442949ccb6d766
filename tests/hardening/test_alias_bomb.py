"""A billion-laughs alias bomb is refused at its first anchor, before anything expands it."""
import time

from .harness import where


def test_alias_bomb_refused_quickly(sandbox):
    text = sandbox.fixture("alias-bomb.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    started = time.perf_counter()
    result = sandbox.build(timeout=30)
    assert time.perf_counter() - started < 10, "the loader walked the aliases"
    sandbox.assert_refused(result, 1, f"{where(path, text, '&a')} anchors (&name) are not allowed", before=before)


def test_alias_without_anchor_refused(sandbox):
    """An alias alone (its anchor in no document) is refused as an alias, not a crash."""
    text = sandbox.minimal().replace("title: Sample", "title: *name")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 1, f"{where(path, text, '*name')} aliases (*name) are not allowed", before=before)


def test_custom_tags_refused(sandbox):
    """Tags would make PyYAML build other types (or objects); only text is read."""
    text = sandbox.minimal().replace("title: Sample", "title: !!python/object/apply:os.system [echo hi]")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 1, f"{where(path, text, '!!python')} tags such as tag:yaml.org,2002:python/object/apply:os.system are not allowed", before=before
    )
