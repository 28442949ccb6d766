"""Leaflet names from the command line or the file system must match the allowlist in full."""
import pytest


@pytest.mark.parametrize("name", ["../x", "..", "sample/../../etc", "/etc", "Sample", "sample ", "sample\n"])
def test_leaflet_option_outside_the_allowlist(sandbox, name):
    before = sandbox.snapshot()
    result = sandbox.run("build", "--leaflet", name, "--format", "a4", "--variant", "screen")
    sandbox.assert_refused(result, 2, f"--leaflet: leaflet name {name!r} is not allowed (lowercase words joined by hyphens, e.g. my-leaflet)", before=before)


@pytest.mark.parametrize("folder", ["..x", "x..", ".hidden", "with space", "UPPER", "a_b"])
def test_leaflet_folder_outside_the_allowlist(sandbox, folder):
    sandbox.write(sandbox.minimal(), f"source/{folder}/en.yaml")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 2, f"source/{folder}: leaflet name {folder!r} is not allowed (lowercase words joined by hyphens, e.g. my-leaflet)", before=before
    )
    assert not (sandbox.output / folder).exists()
