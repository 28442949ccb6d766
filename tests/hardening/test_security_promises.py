"""Every test SECURITY.md names for a promise exists (so a promise never points at nothing)."""
import re

import pytest

from .harness import ROOT

HARDENING = ROOT / "tests" / "hardening"
NAMED = re.compile(r"`((?:tests/)?[\w/]*test_\w+\.py)(?:::(\w+))?`")


def _named():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    return sorted(set(NAMED.findall(text)))


def test_security_md_names_tests():
    assert len(_named()) > 20


@pytest.mark.parametrize("path, function", _named(), ids=lambda v: v or "-")
def test_named_test_exists(path, function):
    file = ROOT / path if path.startswith("tests/") else HARDENING / path
    assert file.is_file(), f"SECURITY.md names {path}, which does not exist"
    if function:
        assert re.search(rf"^def {function}\(", file.read_text(encoding="utf-8"), re.M), f"{path} has no {function}"
