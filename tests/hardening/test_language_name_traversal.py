"""Language tags (file names and --lang) and format names must match their allowlists in full."""
import pytest


@pytest.mark.parametrize("tag", ["../en", "en/../../x", "en.", "EN", "en-", "en_US", "english"])
def test_lang_option_outside_the_allowlist(sandbox, tag):
    before = sandbox.snapshot()
    result = sandbox.run("build", "--lang", tag, "--format", "a4", "--variant", "screen")
    sandbox.assert_refused(
        result, 2, f"--lang: language name {tag!r} is not allowed (a BCP 47 tag, e.g. en, es, zh-Hans)", before=before
    )


@pytest.mark.parametrize("file", ["en..yaml", "..yaml", ".en.yaml", "en-.yaml", "en_GB.yaml"])
def test_language_file_outside_the_allowlist(sandbox, file):
    sandbox.write(sandbox.minimal(), f"source/sample/{file}")
    before = sandbox.snapshot()
    result = sandbox.build()
    sandbox.assert_refused(
        result, 2, f"source/sample/{file}: language name {file[:-5]!r} is not allowed", before=before
    )


@pytest.mark.parametrize("name", ["../a4", "a4/../../x", "A4", "a4.yaml"])
def test_format_option_outside_the_allowlist(sandbox, name):
    before = sandbox.snapshot()
    result = sandbox.build("--format", name)
    sandbox.assert_refused(result, 2, f"format: format name {name!r} is not allowed (e.g. a4)", before=before)
