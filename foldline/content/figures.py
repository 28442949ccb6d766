"""Figures' image files: found in the leaflet's folder, per language, and checked before anything renders.

A figure names an SVG, PNG or JPEG file relative to its leaflet's folder
(``figures/face.svg``); a language's own drawing, ``figures/face.<lang>.svg``, is used
for that language when it exists. Refused, with the file, line and key: a path that
leaves the leaflet's folder, a missing file, a file that is not what its name says, and
an SVG that refers to anything outside itself (``href``, ``xlink:href``, CSS ``url()``
or ``@import`` to anything but a ``#fragment``), has a DOCTYPE or entities, or is not
well-formed. Pixel sizes of raster images are read here (standard library only); whether
they are sharp enough at their printed size is the layout's question. Never renders.
"""
from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..errors import Problem, key_path
from .yamlsource import SourceText

MAX_BYTES = 8 * 1024 * 1024
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)|@import", re.I)


def image_path(folder: Path, image: str, language: str) -> Path:
    """The file a figure shows in ``language``: figures/x.<lang>.svg when it exists, else figures/x.svg."""
    path = Path(folder) / image
    own = path.with_name(f"{path.stem}.{language}{path.suffix}")
    return own if own.is_file() else path


def figure_problems(text: SourceText, figures, folder: Path, language: str) -> list[Problem]:
    """Every problem with the image files of a leaflet's figures ((key path, Figure) pairs)."""
    problems = []
    for path, figure in figures:
        reason = image_problem(Path(folder), figure.image, language)
        if reason:
            parts = (*path, "image")
            problems.append(Problem(text.value_at(parts), key_path(parts), reason, code="bad-figure"))
    return problems


def image_problem(folder: Path, image: str, language: str) -> str | None:
    """Why the image a figure names cannot be used; None when it can."""
    folder = folder.resolve()
    candidate = folder / image
    if ".." in Path(image).parts or image.startswith("/") or not candidate.resolve().is_relative_to(folder):
        return f"{image!r} is outside the leaflet's folder; put the image in it (e.g. figures/{Path(image).name})"
    path = image_path(folder, image, language)
    if not path.resolve().is_relative_to(folder):
        return f"{path.name} is a link to a file outside the leaflet's folder"
    if not path.is_file():
        return f"no image file {image!r} in the leaflet's folder"
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return f"{path.name} is {len(data) // 1024} KB; images are limited to {MAX_BYTES // (1024 * 1024)} MB"
    if path.suffix.lower() == ".svg":
        return svg_problem(data, path.name)
    if raster_size(data, path.suffix.lower()) is None:
        return f"{path.name} is not a {'PNG' if path.suffix.lower() == '.png' else 'JPEG'} image"
    return None


def svg_problem(data: bytes, name: str) -> str | None:
    """Why an SVG cannot be used: not well-formed, DOCTYPE or entities, external references."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.I):
        return f"{name}: a DOCTYPE or entity declaration is not allowed in an SVG"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"{name} is not a well-formed SVG ({exc})"
    if root.tag not in ("{http://www.w3.org/2000/svg}svg", "svg"):
        return f"{name} is not an SVG (its root element is {root.tag!r})"
    for element in root.iter():
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local == "href" and not value.strip().startswith("#"):
                return f"{name}: <{_local(element.tag)} {local}={value!r}> refers to a resource outside the SVG; draw it inside"
            if (reference := _external_url(value)) is not None:
                return f"{name}: url({reference}) in <{_local(element.tag)} {local}> refers to a resource outside the SVG"
        if _local(element.tag) == "style" and (reference := _external_url(element.text or "")) is not None:
            return f"{name}: {reference or '@import'} in a <style> refers to a resource outside the SVG"
    return None


def _external_url(value: str) -> str | None:
    for match in _URL.finditer(value):
        target = match.group(1)
        if target is None or not target.startswith("#"):
            return target or ""
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def raster_size(data: bytes, suffix: str) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG or JPEG file; None when it is not one."""
    if suffix == ".png":
        if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", data[16:24])
    if data[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None
