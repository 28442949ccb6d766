"""A translator cannot redirect readers: fields not theirs to change must equal the source's.

A translation used to be free to change ``meta.url`` (the QR code and the "read
online" link), the publisher and the publication id, and ``check`` said nothing;
two translations naming each other as source vouched for each other. Each case
edits a translation made by ``new-language`` and expects one error naming the
translation's file and line and the source's.
"""
import pytest

from .harness import where

SOURCE_URL = "https://example.org/sample"


def _translate(sandbox, language="es", source_edit=None):
    if source_edit:
        sandbox.write(source_edit(sandbox.minimal()))
    made = sandbox.run("new-language", "sample", language, timeout=60)
    assert made.returncode == 0, made.stdout + made.stderr
    return sandbox.root / "source" / "sample" / f"{language}.yaml"


def _allow(hosts):
    def edit(text):
        listed = "".join(f"\n    - {host}" for host in hosts)
        return text.replace(f"  url: {SOURCE_URL}\n", f"  url: {SOURCE_URL}\n  translated_url_hosts:{listed}\n")
    return edit


# (case, edit of the source or None, old text in the translation, new text, the key, what the message says)
CHANGED = [
    ("url-other-site", None, f"url: {SOURCE_URL}", "url: https://evil.example.net/sample", "meta.url",
     f"is 'https://evil.example.net/sample'; the source has '{SOURCE_URL}' (the source allows no other host)"),
    ("url-host-not-allowed", _allow(["es.example.org"]), f"url: {SOURCE_URL}", "url: https://evil.example.net/es",
     "meta.url", f"is 'https://evil.example.net/es'; the source has '{SOURCE_URL}' (allowed hosts: es.example.org)"),
    ("url-scheme-downgraded", _allow(["es.example.org"]), f"url: {SOURCE_URL}", "url: http://es.example.org/x",
     "meta.url", f"is 'http://es.example.org/x'; the source has '{SOURCE_URL}' (allowed hosts: es.example.org)"),
    ("publisher", None, "publisher: Example Health Service", "publisher: Another Service", "meta.publisher",
     "is 'Another Service'; the source has 'Example Health Service'"),
    ("publication-id", None, "id: EX-1", "id: EX-666", "meta.publication.id", "is 'EX-666'; the source has 'EX-1'"),
    ("publication-date", None, 'date: "2024-01-31"', 'date: "2025-01-31"', "meta.publication.date",
     "is '2025-01-31'; the source has '2024-01-31'"),
    ("grants-itself-a-host", None, f"url: {SOURCE_URL}",
     f"url: {SOURCE_URL}\n  translated_url_hosts:\n    - evil.example.net", "meta.translated_url_hosts",
     "is ['evil.example.net']; the source has []"),
]


@pytest.mark.parametrize("case, source_edit, old, new, key, said", CHANGED, ids=[c[0] for c in CHANGED])
def test_fixed_field_changed_by_a_translation(sandbox, case, source_edit, old, new, key, said):
    es = _translate(sandbox, source_edit=source_edit)
    text = es.read_text(encoding="utf-8").replace(old, new, 1)
    es.write_text(text, encoding="utf-8")
    source_text = sandbox.content.read_text(encoding="utf-8")
    field = key.rsplit(".", 1)[1]
    needle = new.split("\n")[-1].strip() if "\n" in new else new.split(": ", 1)[1]  # a list: where it starts
    mine = where(es, text, needle)[:-1]
    theirs = f"{sandbox.content}:{':'.join(map(str, _value_at(source_text, field, old, new)))}"
    before = sandbox.snapshot()
    result = sandbox.run("check", timeout=60)
    sandbox.assert_refused(result, 1, f"error: {mine}: {key}: {said} ({theirs}); a translation may not change it")
    assert sandbox.snapshot() == before


def _value_at(source_text, field, old, new):
    """Line and column of the source's value the translation is compared with."""
    from .harness import locate

    if field == "translated_url_hosts":
        line, column = locate(source_text, "translated_url_hosts:") if "translated_url_hosts" in source_text else (0, 0)
        # The source has no list: the location falls back to its parent key, meta.
        return locate(source_text, "meta:") if not line else (line, column)
    return locate(source_text, old.split(": ", 1)[1])


def test_translated_url_on_an_allowed_host_is_fine(sandbox):
    es = _translate(sandbox, source_edit=_allow(["es.example.org"]))
    es.write_text(es.read_text(encoding="utf-8").replace(f"url: {SOURCE_URL}", "url: https://es.example.org/muestra"),
                  encoding="utf-8")
    result = sandbox.run("check", timeout=60)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "error:" not in said


def test_translation_sources_going_round_in_a_circle(sandbox):
    de, fr = _translate(sandbox, "de"), _translate(sandbox, "fr")
    for path, other in ((de, "fr"), (fr, "de")):
        path.write_text(path.read_text(encoding="utf-8").replace("source: en", f"source: {other}"), encoding="utf-8")
    result = sandbox.run("check", timeout=60)
    text = fr.read_text(encoding="utf-8")
    sandbox.assert_refused(
        result, 1,
        f"error: {where(fr, text, 'de', nth=1 + text[: text.index('source: de')].count('de'))[:-1]}: "
        "meta.translation.source: the translation sources go round in a circle (fr -> de -> fr); "
        "every chain of sources must end at the leaflet's source file",
    )


@pytest.mark.parametrize(
    "field, value, said",
    [
        ("email", "info@exаmple.org", "write the address in ASCII letters"),  # Cyrillic а
        ("email", "info@xn--exmple-cua.org", "internationalized (xn--) domain names are refused"),
        ("email", "іnfo@example.org", "write the address in ASCII letters"),  # Cyrillic і
        ("website", "https://xn--exmple-cua.org", "internationalized (xn--) domain names are refused"),
    ],
)
def test_confusable_addresses_are_refused_in_every_address_field(sandbox, field, value, said):
    website = "        website: https://example.org"
    added = f"        {field}: {value}" + (f"\n{website}" if field == "email" else "")
    text = sandbox.minimal().replace(website, added)
    path = sandbox.write(text)
    before = sandbox.snapshot()
    result = sandbox.run("check", timeout=60)
    sandbox.assert_refused(result, 1, f"{where(path, text, value)} contacts.blocks[0].organization.{field}:", said,
                           before=before)
