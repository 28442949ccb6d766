"""The date a PDF carries: SOURCE_DATE_EPOCH where set, else the leaflet's publication date.

Never the clock: the same inputs give the same bytes. SOURCE_DATE_EPOCH (seconds
since 1970, see reproducible-builds.org) is read as a UTC date, because the
template writes dates as YYYY-MM-DDT00:00:00Z.
"""
from __future__ import annotations

import datetime
import os


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH as a UTC date (YYYY-MM-DD), or None when unset; ValueError when malformed."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of seconds since 1970-01-01")
    try:
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"SOURCE_DATE_EPOCH={value!r}: out of range") from None


def pdf_date(publication_date: str) -> str:
    return source_date_epoch() or publication_date
