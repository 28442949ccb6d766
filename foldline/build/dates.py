"""The build's date for its PDFs: SOURCE_DATE_EPOCH where set (else each leaflet's publication date).

Never the clock: the same inputs give the same bytes. SOURCE_DATE_EPOCH (seconds
since 1970, see reproducible-builds.org) is read once, by the command, as a UTC
date, because the template writes dates as YYYY-MM-DDT00:00:00Z, and passed down
to every render (``layout.render.RenderRequest.date``).
"""
from __future__ import annotations

import datetime
import os

from ..errors import UsageError


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH as a UTC date (YYYY-MM-DD), or None when unset; UsageError when malformed."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of seconds since 1970-01-01")
    try:
        return datetime.datetime.fromtimestamp(int(value), datetime.UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise UsageError(f"SOURCE_DATE_EPOCH={value!r}: out of range") from None
