"""Bytes to text for content files: UTF-8 only (a leading BOM tolerated), every bad
byte, UTF-16/32 file and NUL located by line and column as the YAML parser counts them.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import ContentError, Location, Problem

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what PyYAML counts as a line break


def position(before: str) -> tuple[int, int]:
    """1-based line and column just after ``before``, counting line breaks as PyYAML
    does (CR LF, CR alone, LF, NEL, LS, PS), so a file saved with old Mac CR-only line
    endings gets the same line numbers as the parser's own errors."""
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(before) - start + 1


def decode_utf8(path: Path, raw: bytes) -> str:
    """Bytes to text: UTF-8 only, a leading BOM tolerated, bad bytes located."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or raw.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise ContentError(
            [Problem(Location(path, 1, 1), "", "file is UTF-16 or UTF-32; save it as UTF-8", code="encoding")]
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if b"\x00" in raw:
        # UTF-16/32 without a byte order mark: every other byte is a NUL.
        line, column = position(raw[: raw.index(b"\x00")].decode("utf-8", "replace"))
        if raw.count(b"\x00") * 4 >= len(raw):
            message = "file looks like UTF-16 or UTF-32 (NUL bytes); save it as UTF-8"
        else:
            message = "NUL byte (U+0000) is not allowed in text"
        raise ContentError([Problem(Location(path, line, column), "", message, code="encoding")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(raw[: exc.start].decode("utf-8", "replace"))
        raise ContentError(
            [
                Problem(
                    Location(path, line, column),
                    "",
                    f"invalid UTF-8 byte 0x{raw[exc.start]:02x}; save the file as UTF-8",
                    code="encoding",
                )
            ]
        ) from None
