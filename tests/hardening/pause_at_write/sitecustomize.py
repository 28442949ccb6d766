"""Fault injection for the interruption tests: pause a build as it puts a PDF in place.

Put this folder on PYTHONPATH and set FOLDLINE_TEST_PAUSE to a file name: the
first time the build renames a finished temporary file onto a .pdf target, it
writes the temporary file's name there and waits (up to a minute) until that
file is deleted. The test then interrupts or kills the build at the worst moment:
the new PDF written in full beside the target, the target not yet replaced.
"""
import os
import time

_signal = os.environ.get("FOLDLINE_TEST_PAUSE")
if _signal:
    _replace = os.replace
    _paused = []

    def _pausing_replace(src, dst, *args, **kwargs):
        if str(dst).endswith(".pdf") and not _paused:
            _paused.append(dst)
            with open(_signal + ".tmp", "w") as handle:
                handle.write(str(src))
            _replace(_signal + ".tmp", _signal)
            deadline = time.monotonic() + 60
            while os.path.exists(_signal) and time.monotonic() < deadline:
                time.sleep(0.02)
        return _replace(src, dst, *args, **kwargs)

    os.replace = _pausing_replace
