"""A file over the size cap is refused before it is parsed."""
from foldline.content.yamlsource import MAX_FILE_BYTES


def test_oversized_file(sandbox):
    # Valid YAML all the way: only the size is wrong (a long comment).
    data = sandbox.minimal() + "# " + "x" * MAX_FILE_BYTES + "\n"
    path = sandbox.write(data)
    before = sandbox.snapshot()
    result = sandbox.build()
    size = path.stat().st_size
    sandbox.assert_refused(result, 1, f"{path}:1:1: file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes", before=before)
