"""The structure checks of a tagged screen file, read back from the written PDF.

What ``tags.finisher`` promises, checked on the file a reader gets, so that a
change in WeasyPrint or in the templates cannot break it unseen:

- every marked-content sequence of a page belongs to an element of the logical
  tree: running headers and footers are /Artifact, not text hanging in an
  orphaned branch (PDF/UA-1 §7.1; Matterhorn 01-005, 01-007);
- each link annotation is the object of one /Link element, found from the
  annotation's /StructParent, and is described by /Contents that is not its bare
  URI (PDF/UA-1 §7.18.5; Matterhorn 28-004, 28-008, 28-010);
- the XMP packet names the document's language and has document and instance ids
  (PDF/UA-1 §7.1: metadata; ISO 16684-1).

Reads with pypdf only; never renders.
"""
from __future__ import annotations

import re

from pypdf import PdfReader

_MCID = re.compile(rb"/MCID\s+(\d+)")


def check_structure(reader: PdfReader, language: str) -> list[str]:
    """Problems with the marked content, links and metadata of a tagged file."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []  # the metadata check reports a file without structure tree
    root = root.get_object()
    elements = _reachable(root)
    nums = _parent_tree(root.get("/ParentTree"))
    return [*_marked_content(reader, elements, nums), *_links(reader, elements, nums), *_xmp(reader, language)]


def _marked_content(reader: PdfReader, elements: dict, nums: dict) -> list[str]:
    problems = []
    for number, page in enumerate(reader.pages, 1):
        data = page.get_contents().get_data() if page.get_contents() is not None else b""
        used = [int(m) for m in _MCID.findall(data)]
        key = page.get("/StructParents")
        entries = nums.get(key) if key is not None else None
        if used and not isinstance(entries, list):
            problems.append(f"page {number}: marked content but no /StructParents entry in the parent tree")
            continue
        outside = [mcid for mcid in used if mcid >= len(entries or []) or _ref(entries[mcid]) not in elements]
        if outside:
            problems.append(f"page {number}: {len(outside)} marked-content sequence(s) belong to no element of the "
                            "structure tree (running headers and footers must be /Artifact)")
    return problems


def _links(reader: PdfReader, elements: dict, nums: dict) -> list[str]:
    problems = []
    held: dict[tuple, list[str]] = {}  # annotation -> tags of the elements holding an /OBJR of it
    for element in elements.values():
        for kid in _kids(element):
            if isinstance(kid, dict) and kid.get("/Type") == "/OBJR":
                held.setdefault(_ref(kid.raw_get("/Obj")), []).append(str(element.get("/S")))
    for number, page in enumerate(reader.pages, 1):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            target = str((annotation.get("/A") or {}).get("/URI", annotation.get("/Dest", "")))
            holders = held.get(_ref(reference), [])
            if holders != ["/Link"]:
                problems.append(f"page {number}: link to {target} is held by {holders or 'no element'}, not by one /Link")
            owner = nums.get(annotation.get("/StructParent"))
            if _ref(owner) not in elements or str(elements[_ref(owner)].get("/S")) != "/Link":
                problems.append(f"page {number}: link to {target}: its /StructParent is not its /Link element")
            contents = str(annotation.get("/Contents", "")).strip()
            if not contents or contents == target or contents == target.split(":", 1)[-1]:
                problems.append(f"page {number}: link to {target} has no description (/Contents {contents!r})")
    return problems


def _xmp(reader: PdfReader, language: str) -> list[str]:
    metadata = reader.trailer["/Root"].get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    problems = []
    bag = re.search(r"<dc:language>\s*<rdf:Bag>(.*?)</rdf:Bag>", xmp, re.S)
    if bag is None or language not in re.findall(r"<rdf:li>([^<]*)</rdf:li>", bag.group(1)):
        problems.append(f"XMP has no dc:language {language!r}")
    for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
        if not re.search(rf"<{key}>uuid:[0-9a-f-]{{36}}</{key}>", xmp):
            problems.append(f"XMP has no {key}")
    return problems


def _reachable(root) -> dict:
    """(object number, generation) -> structure element, for every element of the logical tree."""
    found: dict = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for kid in _kids(node):
            if isinstance(kid, dict) and "/S" in kid and _ref(kid) not in found:
                found[_ref(kid)] = kid
                stack.append(kid)
    return found


def _kids(node) -> list:
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
    return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in kids]


def _ref(value):
    """An object's identity (object number, generation), from a reference or a resolved object."""
    reference = getattr(value, "indirect_reference", None) or value
    return (reference.idnum, reference.generation) if hasattr(reference, "idnum") else id(value)


def _parent_tree(tree) -> dict:
    """The parent tree's number tree as a dict: key -> list of element references, or one."""
    found: dict = {}
    stack = [tree.get_object()] if tree is not None else []
    while stack:
        node = stack.pop()
        nums = node.get("/Nums") or []
        for index in range(0, len(nums) - 1, 2):
            value = nums[index + 1]
            resolved = value.get_object() if hasattr(value, "idnum") else value
            found[int(nums[index])] = list(resolved) if isinstance(resolved, list) else value
        stack += [kid.get_object() for kid in node.get("/Kids") or []]
    return found
