"""Inline markup as XLIFF 2.1 inline codes, and codes read back as the project's markup.

Written: emphasis and strong as ``<pc type="fmt" subType="xlf:i|xlf:b">``, links as
``<pc type="link">``, line breaks as ``<ph subType="xlf:lb">``, placeholders such as
``{page}`` as ``<ph subType="xlf:var">``, each pointing (``dataRef*``) at the markup
characters it stands for in the unit's ``<originalData>`` and showing them
(``disp*``); do-not-translate spans as ``<mrk translate="no">`` (``type="fl:keep"``
for the author's ``{{...}}``, ``fl:auto`` for addresses, numbers and doses found in
the words). Ids are unique in the unit; a target's codes take the ids of the source's.

Read: a target's codes are matched to the source's by id (the ``<pc>`` a CAT tool
keeps, or the ``<sc>``/``<ec>`` pair it may turn it into), and a code dropped,
duplicated, unknown or left unbalanced is a problem, never a guess. Codes go back to
markup through ``inline.markup``, which gives text that parses to those nodes.
Element trees only; never touches files.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from . import inline, protected

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
PLACEHOLDER = re.compile(r"\{(?:page|pages)\}")  # labels.page: where the numbers go
_TAGS = {name: f"{{{XLIFF}}}{name}" for name in ("pc", "ph", "mrk", "sc", "ec", "cp", "data", "originalData")}
_FORMAT = {"em": ("xlf:i", "*", "*"), "strong": ("xlf:b", "**", "**")}


@dataclass(frozen=True)
class Code:
    kind: str  # em, strong, link, break, placeholder, keep, auto
    href: str = ""
    text: str = ""  # a placeholder's characters, a span's words

    def described(self) -> str:
        return {"em": "emphasis", "strong": "strong", "link": f"link to {self.href}", "break": "line break",
                "placeholder": f"placeholder {self.text}", "keep": f"do-not-translate {self.text!r}",
                "auto": f"do-not-translate {self.text!r}"}[self.kind]

    def key(self) -> tuple:
        return (self.kind, self.href, self.text)


class UnitCodes:
    """A unit's inline codes while it is written: their ids, and the markup kept in ``<originalData>``."""

    def __init__(self) -> None:
        self.data: list[tuple[str, str]] = []
        self._count = 0
        self._source: dict[tuple, list[str]] = {}  # code key -> ids, in the source's order

    def begin_segment(self) -> None:
        """A target's codes are matched to its own segment's source."""
        self._source = {}

    def new_id(self, prefix: str) -> str:
        self._count += 1
        return f"{prefix}{self._count}"

    def data_ref(self, markup: str) -> str:
        for ident, known in self.data:
            if known == markup:
                return ident
        self.data.append((f"d{len(self.data) + 1}", markup))
        return self.data[-1][0]

    def id_for(self, code: Code, side: str, used: set[str]) -> str:
        prefix = "m" if code.kind in ("keep", "auto") else "c"
        if side == "source":
            ident = self.new_id(prefix)
            self._source.setdefault(code.key(), []).append(ident)
            return ident
        free = [i for i in self._source.get(code.key(), []) if i not in used]
        return free[0] if free else self.new_id("x" + prefix)

    def original_data(self, unit) -> None:
        """Add ``<originalData>`` to the unit (before its segments), when there is any."""
        if not self.data:
            return
        element = etree.Element(_TAGS["originalData"])
        for ident, markup in self.data:
            etree.SubElement(element, _TAGS["data"], id=ident).text = markup
        segment = unit.find(f"{{{XLIFF}}}segment")
        segment.addprevious(element)


def write(element, text: str, marked: bool, codes: UnitCodes, side: str) -> None:
    """Fill ``<source>`` or ``<target>`` with the text, its markup as inline codes."""
    nodes = inline.parse(text) if marked else (inline.Node("text", text),)
    if side == "source":
        codes.begin_segment()
    _emit(element, nodes, codes, side, set())


def _emit(parent, nodes, codes: UnitCodes, side: str, used: set[str]) -> None:
    for node in nodes:
        if node.kind == "text":
            _emit_text(parent, node.text, codes, side, used)
        elif node.kind == "break":
            code = Code("break")
            _ph(parent, codes.id_for(code, side, used), "fmt", "xlf:lb", codes.data_ref("\\\n"), "↵", used)
        elif node.kind == "keep":
            words = "".join(child.text for child in node.children)
            _mrk(parent, codes.id_for(Code("keep", text=words), side, used), "fl:keep", words, used)
        else:
            code = Code(node.kind, node.href)
            ident = codes.id_for(code, side, used)
            used.add(ident)
            start, end = ("[", f"]({node.href})") if node.kind == "link" else _FORMAT[node.kind][1:]
            attributes = {"id": ident, "type": "link" if node.kind == "link" else "fmt"}
            if node.kind != "link":
                attributes["subType"] = _FORMAT[node.kind][0]
            attributes.update(dataRefStart=codes.data_ref(start), dataRefEnd=codes.data_ref(end),
                              dispStart=start, dispEnd=end)
            pc = etree.SubElement(parent, _TAGS["pc"], attributes)
            _emit(pc, node.children, codes, side, used)


def _emit_text(parent, text: str, codes: UnitCodes, side: str, used: set[str]) -> None:
    """Text, with placeholders as ``<ph>`` and the spans found in it as ``<mrk>``."""
    pieces = [(m.start(), m.end(), "placeholder") for m in PLACEHOLDER.finditer(text)]
    after = 0
    for span in protected.found(text):  # in order, so each is found after the one before
        at = text.find(span.text, after)
        after = at + len(span.text)
        if not any(a < after and at < b for a, b, _ in pieces):
            pieces.append((at, after, "auto"))
    position = 0
    for start, end, kind in sorted(pieces):
        _append(parent, text[position:start])
        words = text[start:end]
        ident = codes.id_for(Code(kind, text=words), side, used)
        if kind == "placeholder":
            _ph(parent, ident, "ui", "xlf:var", codes.data_ref(words), words, used)
        else:
            _mrk(parent, ident, "fl:auto", words, used)
        position = end
    _append(parent, text[position:])


def _ph(parent, ident, kind, sub_type, data_ref, shown, used) -> None:
    used.add(ident)
    etree.SubElement(parent, _TAGS["ph"], id=ident, type=kind, subType=sub_type, dataRef=data_ref, disp=shown,
                     canDelete="no")


def _mrk(parent, ident, kind, words, used) -> None:
    used.add(ident)
    etree.SubElement(parent, _TAGS["mrk"], id=ident, translate="no", type=kind).text = words


def _append(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Reading


def source_codes(source, data: dict[str, str]) -> dict[str, Code]:
    """The codes of a ``<source>`` by id, what each stands for read from its attributes and
    the unit's ``<originalData>`` (``data``: id -> markup)."""
    codes = {}
    for element in source.iter(_TAGS["pc"], _TAGS["ph"], _TAGS["mrk"]):
        ident = element.get("id", "")
        if element.tag == _TAGS["pc"]:
            if element.get("type") == "link":
                end = data.get(element.get("dataRefEnd", ""), element.get("dispEnd", ""))
                codes[ident] = Code("link", href=end[2:-1] if end.startswith("](") and end.endswith(")") else "")
            else:
                codes[ident] = Code("strong" if element.get("subType") == "xlf:b" else "em")
        elif element.tag == _TAGS["ph"]:
            if element.get("subType") == "xlf:lb":
                codes[ident] = Code("break")
            else:
                codes[ident] = Code("placeholder", text=data.get(element.get("dataRef", ""), element.get("disp", "")))
        elif element.get("translate") == "no":
            codes[ident] = Code("keep" if element.get("type") == "fl:keep" else "auto", text="".join(element.itertext()))
    return codes


def has_codes(element) -> bool:
    return element is not None and len(element) > 0


def read(element, codes: dict[str, Code], marked: bool, checked: bool) -> tuple[str, list[str]]:
    """(the element's text in the project's markup, problems with its codes). ``checked``:
    a target, whose codes must be the source's, each once and balanced."""
    reader = _Reader(codes)
    nodes = reader.nodes(element)
    problems = reader.problems
    if checked:
        problems += _compare(codes, reader.used, "".join(inline.plain_words(nodes)))
    if not marked:
        return "".join(inline.plain_words(nodes)), problems
    text = inline.markup(nodes)
    if text is None:
        problems.append("its codes cannot be written as markup (a code around nothing but spaces?)")
        return "", problems
    return text, problems


def _compare(codes: dict[str, Code], used: list[str], words: str) -> list[str]:
    problems = []
    counted = Counter(used)
    for ident, code in codes.items():
        if code.kind in ("keep", "auto"):
            continue  # a span's words are checked as words (protected.py), not as a code
        if code.kind == "placeholder" and counted[ident] == 0 and code.text in words:
            continue  # typed as text ("{page}") by a tool that shows codes as text: the same characters
        if counted[ident] == 0:
            problems.append(f"code {ident} ({code.described()}) of the source is missing from the target")
        elif counted[ident] > 1:
            problems.append(f"code {ident} ({code.described()}) appears {counted[ident]} times in the target")
    return problems


class _Reader:
    """Nodes from a ``<source>``/``<target>``, collecting the ids used and what is wrong."""

    def __init__(self, codes: dict[str, Code]) -> None:
        self.codes = codes
        self.used: list[str] = []
        self.problems: list[str] = []
        self._overlapped: set[str] = set()

    def nodes(self, element) -> list[inline.Node]:
        # open: (id, code, nodes so far) for each <sc> not yet closed by its <ec>
        stack: list[tuple[str, Code | None, list]] = [("", None, [])]
        _add(stack[-1][2], element.text)
        for child in element:
            self._child(child, stack)
            _add(stack[-1][2], child.tail)
        for ident, _, _ in stack[1:]:
            if ident not in self._overlapped:
                self.problems.append(f"code {ident} is opened (<sc>) and never closed (<ec>)")
        while len(stack) > 1:  # keep the words of what was left open
            _, _, nodes = stack.pop()
            stack[-1][2].extend(nodes)
        return stack[0][2]

    def _code(self, ident: str, wanted: tuple[str, ...]) -> Code | None:
        code = self.codes.get(ident)
        if code is None or code.kind not in wanted:
            self.problems.append(f"code {ident or '(no id)'} is not one of the source's")
            return None
        self.used.append(ident)
        return code

    def _child(self, child, stack) -> None:
        tag = child.tag
        if not isinstance(tag, str):
            return  # a comment, a processing instruction, an entity never expanded: nothing to print
        ident = child.get("id", "")
        if tag == _TAGS["pc"]:
            code = self._code(ident, ("em", "strong", "link"))
            stack[-1][2].extend(_wrapped(code, self.nodes(child)))
        elif tag == _TAGS["ph"]:
            code = self._code(ident, ("break", "placeholder"))
            if code is not None:
                stack[-1][2].append(inline.Node("break") if code.kind == "break" else inline.Node("text", code.text))
        elif tag == _TAGS["mrk"]:
            inner = self.nodes(child)
            code = self.codes.get(ident)
            if code is not None and code.kind == "keep":
                self.used.append(ident)
                words = "".join(inline.plain_words(inner))
                stack[-1][2].append(inline.Node("keep", children=(inline.Node("text", words),)))
            else:  # an automatic span, or a CAT tool's own annotation: its words
                stack[-1][2].extend(inner)
        elif tag == _TAGS["sc"]:
            stack.append((ident, self._code(ident, ("em", "strong", "link")), []))
        elif tag == _TAGS["ec"]:
            self._close(child.get("startRef", ident), stack)
        elif tag == _TAGS["cp"]:
            _add(stack[-1][2], _code_point(child.get("hex", "")))
        else:
            self.problems.append(f"unexpected <{etree.QName(tag).localname}> in the text")

    def _close(self, ident: str, stack) -> None:
        if len(stack) > 1 and stack[-1][0] == ident:
            _, code, nodes = stack.pop()
            stack[-1][2].extend(_wrapped(code, nodes))
        elif any(opened == ident for opened, _, _ in stack[1:]):
            inner = stack[-1][0]
            self._overlapped.add(ident)
            self.problems.append(f"codes {ident} and {inner} overlap: close {inner} before {ident} (<ec> order)")
        else:
            self.problems.append(f"code {ident} is closed (<ec>) where it was never opened (<sc>)")


def _wrapped(code: Code | None, children: list[inline.Node]) -> list[inline.Node]:
    """A paired code around its nodes, with spaces at its edges moved outside it."""
    if code is None:
        return children
    before = after = ""
    children = list(children)
    if children and children[0].kind == "text" and children[0].text[:1].isspace():
        before, children[0] = " ", inline.Node("text", children[0].text.lstrip())
    if children and children[-1].kind == "text" and children[-1].text[-1:].isspace():
        after, children[-1] = " ", inline.Node("text", children[-1].text.rstrip())
    node = inline.Node(code.kind, href=code.href, children=tuple(c for c in children if c.kind != "text" or c.text))
    return [*([inline.Node("text", before)] if before else []), node, *([inline.Node("text", after)] if after else [])]


def _add(nodes: list, text: str | None) -> None:
    if text:
        nodes.append(inline.Node("text", text))


def _code_point(hex_value: str) -> str:
    try:
        return chr(int(hex_value, 16))
    except ValueError:
        return ""
