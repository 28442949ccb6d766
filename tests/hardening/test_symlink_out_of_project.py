"""Symlinks under source/, layouts/ or fonts/ that lead out of the project are refused."""
import shutil

import pytest


def test_content_file_linked_outside(sandbox):
    """en.yaml -> a valid file outside: refused; its (secret) text never reaches a PDF."""
    sandbox.content.unlink()
    sandbox.content.symlink_to(sandbox.secret)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 2, f"source/sample/en.yaml: {sandbox.content}: is a link to {sandbox.secret}, outside the project; refused",
        before=before,
    )


def test_leaflet_folder_linked_outside(sandbox):
    outside = sandbox.secret.parent / "leaflet"
    outside.mkdir()
    shutil.copy(sandbox.secret, outside / "en.yaml")
    (sandbox.root / "source" / "other").symlink_to(outside, target_is_directory=True)
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(result, 2, f"is a link to {outside}, outside the project; refused", before=before)


def test_link_inside_the_project_is_fine(sandbox):
    """A link that stays inside the project (e.g. shared text) is not a leak."""
    shared = sandbox.root / "source" / "sample" / "shared.txt"
    shared.write_text("not content")
    (sandbox.root / "layouts" / "note.txt").symlink_to(shared)
    result = sandbox.run("check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("where", ["fonts", "layouts"])
def test_font_or_layout_file_linked_outside(sandbox, where):
    """A font file or a stylesheet replaced by a link to a copy outside: refused before rendering."""
    if where == "fonts":
        target = next(p for p in sorted((sandbox.root / "fonts").rglob("*.ttf")))
    else:
        target = sandbox.root / "layouts" / "a4" / "format.css"
    outside = sandbox.secret.parent / target.name
    shutil.copy(target, outside)
    if where == "layouts":  # the copy would also reach the network if it were used
        outside.write_text(outside.read_text() + f"\nbody {{ background: url({sandbox.listener.url}/css) }}\n")
    target.unlink()
    target.symlink_to(outside)
    before = sandbox.snapshot()
    result = sandbox.build()
    relative = target.relative_to(sandbox.root)
    sandbox.assert_refused(
        result, 2, f"{target}: is a link to {outside}, outside the project; refused", before=before
    )
    assert str(relative).startswith(where)


def test_output_folder_linked_outside(sandbox):
    """output/<leaflet> -> a folder elsewhere: refused before anything is written there."""
    elsewhere = sandbox.secret.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.move(sandbox.output / "sample", elsewhere / "sample")
    (sandbox.output / "sample").symlink_to(elsewhere / "sample", target_is_directory=True)
    before = {p.name: p.read_bytes() for p in (elsewhere / "sample").iterdir()}
    result = sandbox.build()
    sandbox.assert_refused(
        result, 2, f"{sandbox.output / 'sample'}: is a link to {elsewhere / 'sample'}, outside the output folder; refused"
    )
    assert {p.name: p.read_bytes() for p in (elsewhere / "sample").iterdir()} == before
