"""Bytes that are not UTF-8 are reported with the line and column where they stand."""


def test_invalid_utf8_located(sandbox):
    text = sandbox.minimal().replace("Some text.", "Some caf\udce9 text.")
    data = text.encode("utf-8", "surrogateescape")  # a lone Latin-1 byte 0xE9
    path = sandbox.write(data)
    before = sandbox.snapshot()
    result = sandbox.build()
    line = text[: text.index("caf")].count("\n") + 1
    column = len(text[: text.index("\udce9")].rsplit("\n", 1)[-1]) + 1
    sandbox.assert_refused(result, 1, f"{path}:{line}:{column}: invalid UTF-8 byte 0xe9; save the file as UTF-8", before=before)
