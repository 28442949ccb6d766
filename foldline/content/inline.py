"""Inline markup in reader-visible text: emphasis, strong, links, hard line breaks, do-not-translate spans.

Parsed with markdown-it-py's inline rules only (``emphasis``, ``link``, ``newline``,
``escape``, and our ``keep`` rule: ``{{Keppra}}`` marks words a translation keeps as
they are, printed without the braces; with a space inside the braces it is text); raw HTML, entities, code spans, images and autolinks are off, so
everything else prints exactly as written. The result is a small tree of nodes the
layout turns into HTML (``layout/views.py``) and everything else into plain text
(fingerprints, verification, PDF metadata). Links may go to https:, mailto: and tel:
only. Never renders HTML itself.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from markdown_it import MarkdownIt

SCHEMES = ("https:", "mailto:", "tel:")
KINDS = {"em_open": "em", "strong_open": "strong", "link_open": "link"}


@dataclass(frozen=True)
class Node:
    """One piece of inline text: ``text`` (its words), ``break`` (a hard line break),
    or ``em`` / ``strong`` / ``link`` / ``keep`` (do not translate) around ``children``."""

    kind: str
    text: str = ""
    href: str = ""
    children: tuple[Node, ...] = ()


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero").enable(["emphasis", "link", "newline", "escape"])
    parser.inline.ruler.before("emphasis", "keep", _keep_rule)
    if hasattr(parser.inline, "add_terminator_char"):
        parser.inline.add_terminator_char("{")
    # Every link target is let through the parser and judged by ``problem``, so a
    # refused scheme is an error a writer sees rather than text printed as written.
    parser.validateLink = lambda url: True
    parser.normalizeLink = lambda url: url
    return parser


KEEP_OPEN, KEEP_CLOSE = "{{", "}}"


def _keep_rule(state, silent: bool) -> bool:
    """``{{words}}``: a do-not-translate span; its words are text, never markup."""
    start = state.pos
    if not state.src.startswith(KEEP_OPEN, start):
        return False
    end = state.src.find(KEEP_CLOSE, start + len(KEEP_OPEN))
    words = state.src[start + len(KEEP_OPEN): end] if end > 0 else ""
    # Like emphasis, no space just inside the braces: "{{ config }}" (template-like text) prints as written.
    if not words.strip() or words != words.strip() or "\n" in words or "{" in words:
        return False
    if not silent:
        state.push("keep", "", 0).content = words
    state.pos = end + len(KEEP_CLOSE)
    return True


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Node, ...]:
    """The nodes of a text, white space collapsed as the layout prints it."""
    tokens = _parser().parseInline(text)[0].children or []
    stack: list[tuple[str, str, list[Node]]] = [("root", "", [])]
    for token in tokens:
        if token.type in KINDS:
            stack.append((KINDS[token.type], str(token.attrs.get("href", "")), []))
        elif token.type.endswith("_close") and len(stack) > 1:
            kind, href, children = stack.pop()
            stack[-1][2].append(Node(kind, href=href, children=tuple(children)))
        elif token.type == "keep":
            stack[-1][2].append(Node("keep", children=(Node("text", token.content),)))
        elif token.type == "hardbreak":
            stack[-1][2].append(Node("break"))
        elif token.type == "softbreak":
            _add_text(stack[-1][2], " ")
        else:
            _add_text(stack[-1][2], token.content)
    return _trim(tuple(_collapse(stack[0][2])))


def _add_text(nodes: list[Node], text: str) -> None:
    if nodes and nodes[-1].kind == "text":
        nodes[-1] = Node("text", nodes[-1].text + text)
    else:
        nodes.append(Node("text", text))


def _collapse(nodes):
    for node in nodes:
        if node.kind == "text":
            yield Node("text", re.sub(r"\s+", " ", node.text))
        else:
            yield Node(node.kind, node.text, node.href, tuple(_collapse(node.children)))


def _trim(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    nodes = list(nodes)
    if nodes and nodes[0].kind == "text":
        nodes[0] = Node("text", nodes[0].text.lstrip())
    if nodes and nodes[-1].kind == "text":
        nodes[-1] = Node("text", nodes[-1].text.rstrip())
    return tuple(node for node in nodes if node.kind != "text" or node.text)


def normalized(nodes) -> tuple[Node, ...]:
    """Nodes as ``parse`` gives them: adjacent texts joined, white space collapsed, the ends trimmed."""
    joined: list[Node] = []
    for node in nodes:
        if node.kind == "text":
            _add_text(joined, node.text)
        elif node.kind == "break":
            joined.append(node)
        else:
            joined.append(Node(node.kind, node.text, node.href, tuple(_collapse(_joined(node.children)))))
    return _trim(tuple(_collapse(joined)))


def _joined(nodes) -> list[Node]:
    joined: list[Node] = []
    for node in nodes:
        if node.kind == "text":
            _add_text(joined, node.text)
        else:
            joined.append(Node(node.kind, node.text, node.href, tuple(_joined(node.children))))
    return [node for node in joined if node.kind != "text" or node.text]


_SPECIAL = re.compile(r"([\\*_\[\]{}])")


def markup(nodes) -> str | None:
    """The text written in this project's markup whose ``parse`` is ``nodes`` (text left
    as it is where that reads back the same, else its markup characters escaped);
    None when no text does (emphasis around nothing)."""
    wanted = normalized(nodes)
    for escape in (False, True):
        text = "".join(_markup(node, escape) for node in wanted)
        if parse(text) == wanted:
            return text
    return None


def _markup(node: Node, escape: bool) -> str:
    if node.kind == "text":
        return _SPECIAL.sub(r"\\\1", node.text) if escape else node.text
    if node.kind == "break":
        return "\\\n"
    inner = "".join(_markup(child, escape) for child in node.children)
    if node.kind == "keep":
        return KEEP_OPEN + "".join(child.text for child in node.children) + KEEP_CLOSE
    if node.kind == "link":
        return f"[{inner}]({node.href})"
    return ("*" if node.kind == "em" else "**") + inner + ("*" if node.kind == "em" else "**")


def plain(text: str) -> str:
    """The words of a text without its markup, white space collapsed (a break is a space)."""
    return re.sub(r"\s+", " ", "".join(_words(parse(text)))).strip()


def plain_words(nodes):
    """The words of nodes, a break as a space."""
    return _words(nodes)


def _words(nodes):
    for node in nodes:
        if node.kind == "text":
            yield node.text
        elif node.kind == "break":
            yield " "
        else:
            yield from _words(node.children)


def links(text: str) -> list[str]:
    """Every link target of a text, in order."""
    return [node.href for node in _walk(parse(text)) if node.kind == "link"]


def signature(text: str) -> Counter:
    """What a translation must keep of a text's markup: each link target, and how many
    emphasis and strong spans and line breaks (word order may move them)."""
    counts: Counter = Counter()
    for node in _walk(parse(text)):
        if node.kind == "link":
            counts[f"a link to {node.href}"] += 1
        elif node.kind in ("em", "strong"):
            counts[f"{'an emphasis' if node.kind == 'em' else 'a strong'} span"] += 1
        elif node.kind == "break":
            counts["a line break"] += 1
    return counts


def kept(text: str) -> list[str]:
    """The words of every do-not-translate span (``{{...}}``) of a text, in order."""
    return ["".join(_words(node.children)) for node in _walk(parse(text)) if node.kind == "keep"]


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def problem(text: str) -> str | None:
    """Why the markup of ``text`` cannot be printed; None when it can."""
    for href in links(text):
        if not href.lower().startswith(SCHEMES) or re.search(r"\s", href):
            shown = href if len(href) <= 60 else href[:59] + "…"
            return f"a link may only go to an https:, mailto: or tel: address, not {shown!r}"
        if href.lower().startswith("https:") and not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]{1,5})?(/|$|\?|#)", href):
            return f"not a web address: {href!r}; write it as https://example.org/page"
        if href.lower().startswith("tel:") and not _TEL.match(href[4:]):
            return f"not a phone number: {href!r}; write it as tel:+18005551234 (or a short number, tel:911)"
        if href.lower().startswith("mailto:") and not _email_ok(href[7:].partition("?")[0]):
            return f"not an email address: {href!r}; write it as mailto:help@example.org"
    return None


# A dialled number: digits, an optional leading +, and the visual separators RFC 3966 allows.
_TEL = re.compile(r"^\+?[0-9](?:[0-9().-]*[0-9])?$")


def _email_ok(address: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return address.isascii()


def check(text: str) -> str:
    """Pydantic validator: the text itself, or ValueError naming the bad markup."""
    reason = problem(text)
    if reason:
        raise ValueError(reason)
    return text
