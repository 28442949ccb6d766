"""A duplicate key is an error naming both lines; PyYAML alone keeps the last one silently."""
from .harness import locate, where


def test_duplicate_key_names_both_lines(sandbox):
    text = sandbox.fixture("duplicate-key.yaml")
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.build()
    first_line, _ = locate(text, "id: first")
    sandbox.assert_refused(
        result,
        1,
        f"{where(path, text, 'id: second')} sections[0].id: duplicate key (first given on line {first_line})",
        "nothing built",
        before=before,
    )
