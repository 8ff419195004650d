"""A picture must be a picture: its name and its first bytes agree, and an SVG holds no script.

Pure functions: no Sphinx here. A static host serves a file by its suffix, so a PNG
signature followed by ``<script>`` and named ``pic.html`` is a web page of the site's
origin; an SVG opened on its own runs its ``<script>``, its ``onload=`` and its
``javascript:`` links. So a picture passes only when its suffix is a picture format's and
its content starts as that format does; an SVG also only when the standard library's XML
parser, with entities refused, finds no script, event handler, ``foreignObject``, other
markup language or reference to anything outside the file.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from xml.parsers import expat

#: Largest SVG checked, in bytes (a drawing of a whole map is a few hundred KB).
MAX_SVG_BYTES = 4 * 1024 * 1024

_PNG = (b"\x89PNG\r\n\x1a\n",)
_JPEG = (b"\xff\xd8\xff",)
_TIFF = (b"II*\x00", b"MM\x00*")
#: Picture suffixes (lower case) and the first bytes of their format.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": _PNG,
    ".apng": _PNG,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".gif": (b"GIF87a", b"GIF89a"),
    ".bmp": (b"BM",),
    ".ico": (b"\x00\x00\x01\x00",),
    ".tif": _TIFF,
    ".tiff": _TIFF,
}
_AVIF_BRANDS = (b"avif", b"avis", b"mif1", b"miaf")
SUFFIXES = frozenset({*SIGNATURES, ".webp", ".avif", ".svg"})

_SVG = "http://www.w3.org/2000/svg"
_XHTML = "http://www.w3.org/1999/xhtml"
#: Elements that run script, embed another document or reach outside the file.
_ACTIVE = frozenset(
    {
        *("script", "handler", "listener", "foreignobject", "animation"),
        *("iframe", "frame", "frameset", "embed", "object", "applet", "audio", "video"),
        *("base", "meta", "link"),
    }
)
_ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "animatecolor"})
#: Attributes that name another resource (``href``, ``xlink:href``, ``src``, ``xml:base``).
_REFERENCES = frozenset({"href", "src", "base"})
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp)[;,]")
# Browsers drop these anywhere in a URL before reading it ("java\tscript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_URL = re.compile(r"(javascript|vbscript|livescript):|data:text/|expression\(")
_OUTSIDE_CSS = re.compile(r"url\((?!['\"]?#)|@import")


class _Refused(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def picture_problem(name: str, data: bytes) -> str | None:
    """Why the file ``name`` holding ``data`` is not a picture a page may show, or None.

    ``data`` is the whole file for an SVG; for other formats its first 16 bytes suffice.
    """
    suffix = PurePosixPath(name).suffix.lower()  # ".png" alone is a hidden name, no suffix
    if suffix not in SUFFIXES:
        shown = f"'{suffix}'" if suffix else "no suffix"
        return f"its name has {shown}, not a picture's (.png, .jpg, .gif, .webp, .avif, .svg, ...)"
    if suffix == ".svg":
        return svg_problem(data)
    if suffix == ".webp":
        matches = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    elif suffix == ".avif":
        matches = data[4:8] == b"ftyp" and data[8:12] in _AVIF_BRANDS
    else:
        matches = data.startswith(SIGNATURES[suffix])
    if not matches:
        return f"its content is not a {suffix[1:].upper()} picture, as its name says"
    return None


def _local(name: str) -> tuple[str, str]:
    """(namespace, lower-case local name) of an expat name written as ``"uri local"``."""
    uri, _, local = name.rpartition(" ")
    return uri, local.lower()


def _check_value(value: str) -> None:
    plain = _IGNORED.sub("", value).lower()
    if _SCRIPT_URL.search(plain):
        raise _Refused("it holds a script address (javascript:, data:text/...)")
    if _OUTSIDE_CSS.search(plain):
        raise _Refused("its style refers to another file (url(...) or @import)")


def _check_element(name: str, attributes: dict[str, str]) -> None:
    uri, local = _local(name)
    if uri == _XHTML:
        raise _Refused(f"it holds HTML (<{local}>), which an SVG picture has no use for")
    if local in _ACTIVE:
        raise _Refused(f"it holds a <{local}> element, which can run script or load another document")
    for attribute, value in attributes.items():
        _, key = _local(attribute)
        if key.startswith("on"):
            raise _Refused(f"it holds an event handler ({key}=), which runs script")
        plain = _IGNORED.sub("", value).lower()
        if key in _REFERENCES and not (plain.startswith("#") or _RASTER_DATA.match(plain)):
            raise _Refused(f"it refers to another file or address ({key}={value[:60]!r})")
        if local in _ANIMATIONS and key == "attributename":
            target = plain.rpartition(":")[2]
            if target in _REFERENCES or target.startswith("on"):
                raise _Refused(f"it animates the {plain!r} attribute, which can turn into script")
        _check_value(value)


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is not an SVG picture without script, or None when it is one."""
    if len(data) > MAX_SVG_BYTES:
        return f"it is an SVG larger than {MAX_SVG_BYTES // 2**20} MiB, too large to check"
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    style: list[str] = []

    def refuse(why: str):
        def handler(*_args):
            raise _Refused(why)

        return handler

    def doctype(name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            raise _Refused("it declares entities (<!DOCTYPE ... [...]>), which could expand without bound")

    def start(name: str, attributes: dict[str, str]) -> None:
        if not stack and _local(name)[1] != "svg":
            raise _Refused(f"its content is not an SVG picture (it starts with <{_local(name)[1]}>)")
        _check_element(name, attributes)
        stack.append(_local(name)[1])

    def end(name: str) -> None:
        if stack.pop() == "style":
            _check_value("".join(style))
            style.clear()

    def text(data: str) -> None:
        if stack and stack[-1] == "style":
            style.append(data)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse("it declares an entity, which could expand without bound")
    parser.ExternalEntityRefHandler = refuse("it refers to an external entity")
    parser.SkippedEntityHandler = refuse("it uses an entity that is not defined")
    parser.ProcessingInstructionHandler = refuse("it holds a processing instruction (<?xml-stylesheet ...?>)")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.why
    except expat.ExpatError as error:
        reason = expat.errors.messages.get(error.code, str(error))
        return f"it is not a well-formed SVG ({reason}, line {error.lineno})"
    except (ValueError, RecursionError) as error:
        return f"it is not a well-formed SVG ({error})"
    return None
