"""Phone numbers: validated with the phonenumbers library, printed as written, linked in E.164.

A wrong phone number on a health leaflet is a content error, so every number is
parsed for its organization's country and must be a valid number there: a full
number, or a short service or emergency number of that country (911 and 988 in the
US, 111 and 999 in the UK), checked with phonenumbers' short-number data. The one
home of the number's printed form and of its ``tel:`` link.
"""
from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import shortnumberinfo

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
    if not phonenumbers.is_valid_number(parsed) and not is_short_number(number, country):
        return f"{number!r} is not a valid phone number for {country} (nor a short service number there)"
    return None


def is_short_number(number: str, country: str) -> bool:
    """A short service or emergency number valid in ``country`` (911, 988, 111, 999)."""
    digits = re.sub(r"[^0-9]", "", number)
    if number.strip().startswith("+") or not 3 <= len(digits) <= 6:
        return False
    try:
        return shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(digits, country), country)
    except phonenumbers.NumberParseException:
        return False


def printed(number: str) -> str:
    """The number as the leaflet prints it: as written, runs of white space made one space."""
    return re.sub(r"\s+", " ", number.strip())


def tel_uri(number: str, country: str) -> str:
    """The tel: link of a valid number, in E.164 form (tel:+13014965751); a short number
    is dialled as it is, within its country (tel:911)."""
    if not phonenumbers.is_valid_number(phonenumbers.parse(number, country)) and is_short_number(number, country):
        return "tel:" + re.sub(r"[^0-9]", "", number)
    return "tel:" + phonenumbers.format_number(phonenumbers.parse(number, country), phonenumbers.PhoneNumberFormat.E164)
