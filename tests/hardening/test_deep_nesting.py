"""Thousands of nested lists are refused while parsing (no recursion error, no long wait)."""
import time

from foldline.content.yamlsource import MAX_DEPTH


def test_deep_nesting_refused_quickly(sandbox):
    depth = 5000
    text = "meta: " + "[" * depth + "]" * depth + "\n"
    path = sandbox.write(text)
    before = sandbox.snapshot()
    started = time.perf_counter()
    result = sandbox.build(timeout=60)
    assert time.perf_counter() - started < 10
    column = len("meta: ") + MAX_DEPTH  # the first bracket past the limit (the mapping is level 1)
    sandbox.assert_refused(result, 1, f"{path}:1:{column}: nested more than {MAX_DEPTH} levels deep", before=before)
