"""Temporary files left by a killed build are cleaned up by the next run."""


def test_next_run_cleans_leftovers(sandbox):
    sandbox.write(sandbox.minimal().replace("Some text.", "Some revised text."))
    process, _ = sandbox.start_paused("--lang", "en", "--format", "a4", "--variant", "screen")
    process.kill()
    process.communicate(timeout=60)
    leftovers = [name for name in sandbox.snapshot() if name.split("/")[-1].startswith(".")]
    assert leftovers, "the kill should have left the temporary file of the paused write"
    result = sandbox.build()
    assert result.returncode == 0, result.stdout + result.stderr
    remaining = [name for name in sandbox.snapshot() if name in leftovers]
    assert remaining == [], f"left behind: {remaining}"
    sandbox.assert_nothing_leaked()
