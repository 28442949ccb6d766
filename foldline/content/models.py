"""The content model of a leaflet: one place for every type the pipeline passes on
(the block kinds are in ``blocks.py``, the field types in ``fields.py``; all are named here).

Pydantic models validated once, at the boundary (``validate.py``). Past the loader
no code sees a raw dict. The JSON Schema for editors is generated from these
same classes (``python make_leaflet.py schema``), so it never drifts from the loader.

Contact details are validated and normalised here (emails with ``email-validator``,
web addresses by scheme); phone numbers need their organization's country and are
checked by ``validate.py`` with ``phones.py``, so that an error points at the number.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from .blocks import (
    BulletsBlock,
    CalloutBlock,
    Figure,
    FigureBlock,
    QuoteBlock,
    ReferencesBlock,
    StepsBlock,
    SubheadingBlock,
    TableBlock,
    TextBlock,
    _kind_of,
)
from .fields import Fingerprint, Identifier, Inline, LanguageTag, Note, Same, ShortText, Strict, Text

# A unit's fingerprint: the first 8 hex digits of the SHA-256 of its source text.
COUNTRY = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
# Element ids the templates (layouts/base/*.html.j2) give their own markers, beside each
# section's id and its end marker END_MARKER + id; copyfitting measures by them, so a
# section id must never equal one (tests/hardening/test_reserved_ids.py reads the templates).
LAYOUT_ANCHORS = frozenset({"end-of-content"})
END_MARKER = "end-"


def display_url(url: str) -> str:
    """The printed form of a web address: no scheme, no bare trailing slash."""
    shown = re.sub(r"^https?://", "", url)
    return shown[:-1] if shown.endswith("/") and shown.count("/") == 1 else shown


def check_web_address(value: str) -> str:
    if re.search(r"\s", value):
        raise ValueError("a web address cannot contain spaces")
    match = re.match(r"^(https?)://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(:[0-9]{1,5})?(/[^\s<>\"'\\]*)?$", value)
    if not match:
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme and scheme not in ("http", "https"):
            raise ValueError(f"web addresses must start with https:// or http:// (not {scheme}:)")
        raise ValueError("not a web address; write it as https://example.org/page")
    check_host(match.group(2))
    return value


def check_host(host: str) -> str:
    """The confusable rule every address field shares (websites, emails, allowed hosts):
    ASCII letters, digits, dots and hyphens only, and no internationalized (``xn--``)
    label, whose Unicode form can imitate another site letter for letter."""
    if not host.isascii():
        raise ValueError(
            "write the domain in ASCII letters: a look-alike letter from another script can lead elsewhere"
        )
    if any(label.lower().startswith("xn--") for label in host.split(".")):
        raise ValueError("internationalized (xn--) domain names are refused: they can imitate another address")
    return host


Url = Annotated[str, Field(max_length=500)]


def _grade_number(value):
    """The content reader gives every scalar as text; a grade is written as 8 or 7.5."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,2}(\.[0-9])?", value):
        return float(value)
    return value


# Field before the validator: after it, the JSON Schema gets pydantic's "ge"/"le" instead of minimum/maximum.
ReadingGrade = Annotated[float, Field(ge=1, le=18), BeforeValidator(_grade_number)]


class Publication(Strict):
    id: ShortText = Field(description="The publisher's identifier, e.g. a publication number")
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date, YYYY-MM-DD")

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        _dt.date.fromisoformat(value)
        return value


class Translation(Strict):
    """Present in every translation: where it comes from and whether it was reviewed."""

    source: LanguageTag = Field(description="Language of the source file this translates (normally en)")
    status: Literal["draft", "reviewed"] = Field(description="'reviewed' only after a qualified medical translator checked it")
    note: ShortText | None = None
    reviewer: ShortText | None = None


class Meta(Strict):
    title: ShortText
    subtitle: ShortText | None = None
    language: LanguageTag
    publisher: ShortText
    publisher_short: ShortText | None = Field(None, description="Short form of the publisher, e.g. an acronym")
    publication: Publication
    url: Url = Field(description="Address of this leaflet's online version (https://...)")
    summary: Text | None = Field(None, description="One sentence: the PDF's subject")
    keywords: list[ShortText] = Field(default_factory=list)
    translation: Translation | None = None
    translated_url_hosts: list[Annotated[str, Field(max_length=253)]] = Field(
        default_factory=list,
        description="In the source only: hosts a translation's url may point at instead of the source's "
        "url (e.g. the site's Spanish pages); the translation must not change this list",
    )
    reading_grade: ReadingGrade | None = Field(
        None,
        description="Target reading grade (US school grade, e.g. 8): check warns about each section and the "
        "leaflet above it, in the languages with a readability formula (TRANSLATING.md, 'Readability'); "
        "a translation may set its own, otherwise the source's applies",
    )
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_web_address(value)

    @field_validator("translated_url_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", host):
                raise ValueError(f"{host!r} is not a host name such as es.example.org")
            check_host(host)
        return value


DRAFT_LABEL = "Draft translation"  # where a draft gives no labels.draft of its own


class Labels(Strict):
    """Words the layout prints around the content, in the leaflet's language."""

    page: ShortText = Field(description="Running footer page label; must contain {page} and {pages}")
    online: ShortText = Field(description="Caption beside the online address, e.g. 'Read online'")
    draft: ShortText | None = Field(None, description="Shown while the translation is a draft")
    notes: ShortText | None = Field(None, description="Heading of the notes pages that pad a booklet")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None

    @field_validator("page")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        if "{page}" not in value or "{pages}" not in value:
            raise ValueError("must contain both {page} and {pages}, e.g. 'Page {page} of {pages}'")
        leftover = re.sub(r"\{pages?\}", "", value)
        if "{" in leftover or "}" in leftover:
            raise ValueError("only {page} and {pages} may appear in braces")
        return value


class TypeItem(Strict):
    name: ShortText = Field(description="Name of the type, set in bold")
    description: Inline = Field(description="Continues the sentence after the name")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class Phone(Strict):
    number: Annotated[str, Field(min_length=3, max_length=40)]
    label: ShortText | None = Field(None, description="e.g. 'voicemail only'")
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None


class Organization(Strict):
    name: ShortText
    address: list[ShortText] = Field(default_factory=list)
    country: Annotated[str, Field(pattern=COUNTRY.pattern)] = Field(
        "US", description="ISO 3166 country code, used to write phone numbers in international form"
    )
    phones: list[Phone] = Field(default_factory=list)
    email: Annotated[str, Field(max_length=254)] | None = None
    website: Url | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if value.lower().startswith("mailto:"):
            raise ValueError("write the address alone, without 'mailto:'")
        if not value.isascii():
            # The same rule as websites: a Cyrillic 'а' in the domain is another mailbox.
            raise ValueError(
                "write the address in ASCII letters: a look-alike letter from another script can lead elsewhere"
            )
        if re.search(r"[?#%&/\\\s]", value):
            # Valid in an address, but in a mailto: link they add headers or change the target.
            raise ValueError("not an email address: '?', '#', '%', '&', '/' and spaces are not allowed")
        check_host(value.rpartition("@")[2])  # as written: the validator decodes xn-- labels
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError(f"not an email address: {exc}") from None

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return None if value is None else check_web_address(value)


class ListBlock(Strict):
    items: list[TypeItem] = Field(min_length=1)


class OrganizationBlock(Strict):
    organization: Organization


BLOCK_MODELS = {
    "text": TextBlock,
    "items": ListBlock,
    "organization": OrganizationBlock,
    "subheading": SubheadingBlock,
    "bullets": BulletsBlock,
    "steps": StepsBlock,
    "callout": CalloutBlock,
    "figure": FigureBlock,
    "table": TableBlock,
    "quote": QuoteBlock,
    "references": ReferencesBlock,
}
_KINDS = tuple(BLOCK_MODELS)

Block = Annotated[
    Annotated[TextBlock, Tag("text")]
    | Annotated[ListBlock, Tag("items")]
    | Annotated[OrganizationBlock, Tag("organization")]
    | Annotated[SubheadingBlock, Tag("subheading")]
    | Annotated[BulletsBlock, Tag("bullets")]
    | Annotated[StepsBlock, Tag("steps")]
    | Annotated[CalloutBlock, Tag("callout")]
    | Annotated[FigureBlock, Tag("figure")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[QuoteBlock, Tag("quote")]
    | Annotated[ReferencesBlock, Tag("references")],
    Discriminator(
        lambda value: _kind_of(value, _KINDS),
        custom_error_type="block_kind",
        custom_error_message="a block needs one of the keys " + ", ".join(f"'{k}'" for k in _KINDS),
    ),
]


class Section(Strict):
    id: Identifier = Field(description="Stable identifier, the same in every language")
    title: ShortText
    blocks: list[Block] = Field(min_length=1)
    src: Fingerprint | None = None
    same: Same = None
    note: Note | None = None

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.startswith(END_MARKER) or f"{END_MARKER}{value}" in LAYOUT_ANCHORS:
            raise ValueError(
                f"{value!r} collides with the layout's own anchors ({', '.join(sorted(LAYOUT_ANCHORS))}, and "
                f"{END_MARKER}<id> after each section); choose an id that does not start with {END_MARKER!r}"
                f" and is not {', '.join(sorted(a[len(END_MARKER):] for a in LAYOUT_ANCHORS))}"
            )
        return value


class Leaflet(Strict):
    """One leaflet in one language, as written in source/<leaflet>/<lang>.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, title="Foldline leaflet")

    meta: Meta
    labels: Labels
    sections: list[Section] = Field(min_length=1, description="The body, in reading order")
    contacts: Section = Field(description="Where to get more information: text and organizations")

    @model_validator(mode="after")
    def _unique_ids(self) -> Leaflet:
        seen = set()
        for section in [*self.sections, self.contacts]:
            if section.id in seen:
                raise ValueError(f"section id {section.id!r} is used twice")
            seen.add(section.id)
        return self

    @property
    def is_draft(self) -> bool:
        """A translation not yet reviewed: every edition says so."""
        return self.meta.translation is not None and self.meta.translation.status == "draft"

    @property
    def draft_label(self) -> str | None:
        """The words that mark every page (or the cover) of a draft; None when reviewed."""
        return (self.labels.draft or DRAFT_LABEL) if self.is_draft else None

    @property
    def organizations(self) -> list[Organization]:
        return [b.organization for s in [*self.sections, self.contacts] for b in s.blocks if isinstance(b, OrganizationBlock)]

    @property
    def figures(self) -> list[tuple[tuple, Figure]]:
        """(key path, figure) of every figure, in reading order."""
        found = []
        for path, section in [*((("sections", i), s) for i, s in enumerate(self.sections)), (("contacts",), self.contacts)]:
            for index, block in enumerate(section.blocks):
                if isinstance(block, FigureBlock):
                    found.append(((*path, "blocks", index, "figure"), block.figure))
        return found

    @property
    def type_items(self) -> list[TypeItem]:
        return [i for s in [*self.sections, self.contacts] for b in s.blocks if isinstance(b, ListBlock) for i in b.items]
