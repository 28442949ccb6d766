"""Phone numbers: validated with the phonenumbers library, printed as written, linked in E.164.

A wrong phone number on a health leaflet is a content error, so every number is
parsed for its organization's country and must be a valid number there. The one
home of the number's printed form and of its ``tel:`` link.
"""
from __future__ import annotations

import re
import unicodedata

import phonenumbers

_ALLOWED = re.compile(r"[0-9+()./ \-]")


def phone_problem(number: str, country: str) -> str | None:
    """Why ``number`` is not a phone number valid in ``country``; None when it is."""
    bad = next((c for c in number if not _ALLOWED.fullmatch(c)), None)
    if bad is not None:
        return f"character U+{ord(bad):04X} ({unicodedata.name(bad, 'unnamed')}) is not allowed in a phone number"
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException as exc:
        return f"not a phone number ({exc})"
    if not phonenumbers.is_valid_number(parsed):
        return f"{number!r} is not a valid phone number for {country}"
    return None


def printed(number: str) -> str:
    """The number as the leaflet prints it: as written, runs of white space made one space."""
    return re.sub(r"\s+", " ", number.strip())


def tel_uri(number: str, country: str) -> str:
    """The tel: link of a valid number, in E.164 form (tel:+13014965751)."""
    return "tel:" + phonenumbers.format_number(phonenumbers.parse(number, country), phonenumbers.PhoneNumberFormat.E164)
