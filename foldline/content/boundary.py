"""The translator trust boundary: the fields of a leaflet that are not the translator's to change.

A translation is text from outside: it may translate words, never redirect
readers. The publisher, the publication's id and date, and the online address
(the QR code and the "read online" link) must equal the source's; a translated
address is allowed only on a host the source lists in ``meta.translated_url_hosts``
(a list the translation itself may not change). Each difference is an error
naming the translation's file and line and the source's. (Contacts and link
targets are compared in ``compare.py``.)

Works on loaded leaflets; never renders, never writes.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import Problem, key_path
from .load import LoadedLeaflet

# Key paths under meta that must be the source's, word for word.
FIXED = (("publisher",), ("publisher_short",), ("publication", "id"), ("publication", "date"))


def fixed_fields(source: LoadedLeaflet, translation: LoadedLeaflet) -> list[Problem]:
    """Every field the translation changed although it must be the source's."""
    problems = []

    def differs(parts: tuple, message: str) -> None:
        path = ("meta", *parts)
        problems.append(
            Problem(
                translation.source_text.value_at(path), key_path(path),
                f"{message} ({source.source_text.value_at(path)}); a translation may not change it",
                code="fixed-field-changed",
            )
        )

    for parts in FIXED:
        mine, theirs = _get(translation.leaflet.meta, parts), _get(source.leaflet.meta, parts)
        if mine != theirs and mine is not None and theirs is not None:
            differs(parts, f"is {mine!r}; the source has {theirs!r}")
    allowed = source.leaflet.meta.translated_url_hosts
    hosts = translation.leaflet.meta.translated_url_hosts
    if hosts and hosts != allowed:
        differs(("translated_url_hosts",), f"is {hosts!r}; the source has {allowed!r}")
    url, source_url = translation.leaflet.meta.url, source.leaflet.meta.url
    if url != source_url:
        host = (urlsplit(url).hostname or "").lower()
        if host not in {h.lower() for h in allowed} or urlsplit(url).scheme != urlsplit(source_url).scheme:
            where = f"allowed hosts: {', '.join(allowed)}" if allowed else "the source allows no other host"
            differs(("url",), f"is {url!r}; the source has {source_url!r} ({where})")
    return problems


def _get(model, parts: tuple):
    for part in parts:
        model = getattr(model, part, None)
    return model
