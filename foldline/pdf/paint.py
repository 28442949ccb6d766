"""What a finished PDF paints, read from its content streams with pypdf: every colour use.

``uses(reader)`` walks each page's content stream, into the Form XObjects it draws
(imposed pages), tiling patterns and annotation appearances, keeping the graphics
state a checker needs: the current fill and stroke colour and their colour space, the
transformation matrix and the text size. It yields one ``Use`` per text run, path
colour set, image and shading, and ``declared(reader)`` lists the colour space of
everything the resources hold (images, shadings, groups, colour-space entries), used
or not. Reads only; judges nothing (``preflight`` does).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_INITIAL = {"DeviceGray": (0.0,), "DeviceRGB": (0.0, 0.0, 0.0), "DeviceCMYK": (0.0, 0.0, 0.0, 1.0)}


@dataclass(frozen=True)
class Use:
    page: int  # 1-based
    kind: str  # "text", "fill", "stroke", "image", "shading", "inline image"
    space: str  # "DeviceCMYK", "DeviceRGB", "DeviceGray", "Lab", "Pattern", "Separation", ...
    values: tuple = ()
    size: float = 0.0  # text: the size on the page, pt
    x: float = 0.0  # text: where the run starts on the page (pt); image: its ppi in x
    y: float = 0.0


def multiply(a: tuple, b: tuple) -> tuple:
    """The matrix a x b (PDF order: a applied first)."""
    return (
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    )


def space_name(space, resources=None) -> str:
    """A colour space (a name, a resource name or an array) as the family it belongs to:
    DeviceRGB for anything three-component RGB (CalRGB, a 3-component ICCBased)."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, NameObject | str):
        name = str(space).lstrip("/")
        if name in ("DeviceGray", "DeviceRGB", "DeviceCMYK", "Pattern", "G", "RGB", "CMYK"):
            return {"G": "DeviceGray", "RGB": "DeviceRGB", "CMYK": "DeviceCMYK"}.get(name, name)
        named = ((resources or {}).get("/ColorSpace") or {}).get("/" + name)
        return space_name(named, None) if named is not None else f"unknown ({name})"
    if isinstance(space, ArrayObject) and space:
        family = str(space[0]).lstrip("/")
        if family == "ICCBased":
            components = int(space[1].get_object().get("/N", 0))
            return {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}.get(components, "ICCBased")
        if family == "CalRGB":
            return "DeviceRGB"
        if family == "CalGray":
            return "DeviceGray"
        if family in ("Indexed", "I"):
            return space_name(space[1], resources)
        if family == "Pattern" and len(space) > 1:
            return space_name(space[1], resources)
        return family
    return "unknown"


def declared(reader: PdfReader) -> list[tuple[int, str, str]]:
    """(page, what, colour space) of every image, shading, group and colour-space entry
    reachable from each page's resources and annotation appearances."""
    found, seen = [], set()

    def walk(page: int, resources, depth: int) -> None:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or depth > 8:
            return
        for name, space in (resources.get("/ColorSpace") or {}).items():
            found.append((page, f"colour space {name}", space_name(space)))
        for value in (resources.get("/Shading") or {}).values():
            found.append((page, "shading", space_name(value.get_object().get("/ColorSpace"), resources)))
        for value in (resources.get("/Pattern") or {}).values():
            pattern = value.get_object()
            if "/Shading" in pattern:
                found.append((page, "shading pattern", space_name(pattern["/Shading"].get_object().get("/ColorSpace"))))
            walk(page, pattern.get("/Resources"), depth + 1)
        for state in (resources.get("/ExtGState") or {}).values():
            mask = state.get_object().get("/SMask")
            mask = mask.get_object() if mask is not None else None
            if isinstance(mask, DictionaryObject) and "/G" in mask:
                form(page, mask["/G"], depth)
        for value in (resources.get("/XObject") or {}).values():
            form(page, value, depth)

    def form(page: int, value, depth: int) -> None:
        key = getattr(value, "idnum", None) or id(value)
        if key in seen:
            return
        seen.add(key)
        obj = value.get_object()
        if obj.get("/Subtype") == "/Image":
            if not obj.get("/ImageMask"):
                found.append((page, "image", space_name(obj.get("/ColorSpace"))))
            return
        group = obj.get("/Group")
        if group is not None and "/CS" in group.get_object():
            found.append((page, "transparency group", space_name(group.get_object()["/CS"])))
        walk(page, obj.get("/Resources"), depth + 1)

    for number, page in enumerate(reader.pages, start=1):
        seen.clear()
        walk(number, page.get("/Resources"), 0)
        group = page.get("/Group")
        if group is not None and "/CS" in group.get_object():
            found.append((number, "page group", space_name(group.get_object()["/CS"])))
        for annotation in page.get("/Annots") or []:
            appearance = (annotation.get_object().get("/AP") or {}).get("/N")
            if appearance is not None and hasattr(appearance.get_object(), "get_data"):
                form(number, appearance, 0)
    return found


def uses(reader: PdfReader):
    """Every colour use of every page, in drawing order."""
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        if contents is not None:
            yield from _Walker(reader, number).run(contents, page.get("/Resources"), IDENTITY, 0)
        for annotation in page.get("/Annots") or []:
            appearance = (annotation.get_object().get("/AP") or {}).get("/N")
            appearance = appearance.get_object() if appearance is not None else None
            if appearance is not None and hasattr(appearance, "get_data"):
                yield from _Walker(reader, number).run(appearance, appearance.get("/Resources"), IDENTITY, 0)


class _Walker:
    def __init__(self, reader: PdfReader, page: int):
        self.reader, self.page = reader, page

    def run(self, stream, resources, ctm: tuple, depth: int):
        resources = resources.get_object() if resources is not None else DictionaryObject()
        state = {"ctm": ctm, "fill": ("DeviceGray", (0.0,)), "stroke": ("DeviceGray", (0.0,))}
        stack = []
        text_matrix = line_matrix = IDENTITY
        font_size = 0.0
        for operands, operator in ContentStream(stream, self.reader).operations:
            op = operator.decode("latin-1") if isinstance(operator, bytes) else operator
            if op == "q":
                stack.append(dict(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state["ctm"] = multiply(tuple(float(v) for v in operands), state["ctm"])
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                space = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
                which = "fill" if op.islower() else "stroke"
                state[which] = (space, tuple(float(v) for v in operands))
                yield Use(self.page, which, space, state[which][1])
            elif op in ("cs", "CS"):
                space = space_name(operands[0], resources)
                which = "fill" if op == "cs" else "stroke"
                state[which] = (space, _INITIAL.get(space, ()))
                yield Use(self.page, which, space, state[which][1])
            elif op in ("sc", "scn", "SC", "SCN"):
                which = "fill" if op.islower() else "stroke"
                values = tuple(float(v) for v in operands if not isinstance(v, NameObject))
                state[which] = (state[which][0], values)
                yield Use(self.page, which, state[which][0], values)
            elif op == "BT":
                text_matrix = line_matrix = IDENTITY
            elif op == "Tf":
                font_size = float(operands[1])
            elif op == "Tm":
                text_matrix = line_matrix = tuple(float(v) for v in operands)
            elif op in ("Td", "TD"):
                line_matrix = text_matrix = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line_matrix)
            elif op in ("Tj", "TJ", "'", '"'):
                m = multiply(text_matrix, state["ctm"])
                size = font_size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
                yield Use(self.page, "text", *state["fill"], size=size, x=m[4], y=m[5])
            elif op == "sh":
                shading = (resources.get("/Shading") or {}).get(operands[0])
                if shading is not None:
                    yield Use(self.page, "shading", space_name(shading.get_object().get("/ColorSpace"), resources))
            elif op == "INLINE IMAGE":
                settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
                space = settings.get("/CS", settings.get("/ColorSpace", "/DeviceGray"))
                yield Use(self.page, "inline image", space_name(space, resources))
            elif op == "Do":
                yield from self._xobject(resources, operands[0], state["ctm"], depth)

    def _xobject(self, resources, name, ctm: tuple, depth: int):
        xobject = (resources.get("/XObject") or {}).get(name)
        if xobject is None or depth > 8:
            return
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            width_pt = math.hypot(ctm[0], ctm[1])
            ppi = float(xobject.get("/Width", 0)) / (width_pt / 72) if width_pt else 0.0
            space = "mask" if xobject.get("/ImageMask") else space_name(xobject.get("/ColorSpace"), resources)
            yield Use(self.page, "image", space, x=ppi)
        elif xobject.get("/Subtype") == "/Form":
            matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
            yield from self.run(xobject, xobject.get("/Resources"), multiply(matrix, ctm), depth + 1)
