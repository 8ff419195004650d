"""Source files that are not valid UTF-8, or hold characters no page may: a warning with the line.

Sphinx decodes sources strictly and aborts the whole build on one bad byte. We
read with a UTF-8 codec that replaces undecodable bytes instead, then point the
author at the first bad byte. Control characters (other than tab and line breaks) and
noncharacters are text no XML document may hold: an EPUB chapter with one is not
well-formed, and HTML calls them errors. They are replaced with U+FFFD, with a warning.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig as utf_8_sig
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import sanitize

logger = logging.getLogger(__name__)

CODEC_NAME = "kb_lenient_utf8"
_STRICT_NAMES = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"}


class _LenientDecoder(utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name != CODEC_NAME:
        return None
    return codecs.CodecInfo(
        name=CODEC_NAME,
        encode=utf_8_sig.encode,
        decode=lambda data, errors="strict": utf_8_sig.decode(data, "replace"),
        incrementalencoder=utf_8_sig.IncrementalEncoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=utf_8_sig.StreamReader,
        streamwriter=utf_8_sig.StreamWriter,
    )


codecs.register(_search)


def first_invalid_line(data: bytes) -> tuple[int, int] | None:
    """The 1-based line and the value of the first byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1, data[exc.start]
    return None


def encoding_message(byte: int) -> str:
    """The warning for a file whose first undecodable byte is ``byte`` (build and check CLI)."""
    return (
        f"the file is not valid UTF-8 (byte 0x{byte:02x}): expected UTF-8 text; "
        "undecodable bytes are shown as \ufffd"
    )


def _use_lenient_codec(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if str(env.settings.get("input_encoding", "")).lower() in _STRICT_NAMES:
        env.settings["input_encoding"] = CODEC_NAME


def _replace_not_text(app: Sphinx, docname: str, source: list[str]) -> None:
    # After the front matter was read (and blanked): its fields get their own warnings.
    text, line, code = sanitize.replace_not_text(source[0])
    if line is not None:
        source[0] = text
        logger.warning(
            "the file holds a control character or noncharacter (%s): expected text; it is shown as \ufffd",
            code,
            location=(docname, line),
            type="kb",
            subtype="encoding",
        )


def _check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if "\ufffd" not in source[0]:
        return
    path = Path(app.env.doc2path(docname))
    found = first_invalid_line(path.read_bytes())
    if found:
        line, byte = found
        logger.warning(
            "%s",
            encoding_message(byte),
            location=(docname, line),
            type="kb",
            subtype="encoding",
        )


def setup_encoding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _use_lenient_codec)
    app.connect("source-read", _check_source, priority=100)
    app.connect("source-read", _replace_not_text, priority=550)
