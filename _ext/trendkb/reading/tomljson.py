"""Hugo's other front-matter formats: TOML between ``+++`` lines, and a JSON object.

Pure functions: no Sphinx here. ``frontmatter.read`` gives what these return to the
same checks as YAML. Values come out as the YAML reader leaves them: numbers and dates
as text (TOML's datetimes in ISO 8601, so ``reading/dates`` reads them), booleans as
booleans. Neither parser says where a key is, so a small scanner over the text finds
the line of each top-level key and of each item of a top-level list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from typing import Any

TOML = "TOML"
JSON = "JSON"

_TOML_DELIMITER = re.compile(r"^\+\+\+[ \t]*$")
# "Invalid value (at line 3, column 9)": Python 3.11-3.13 put the place only in the text.
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
_TOKEN = re.compile(
    r"""(?P<nl>\n)|(?P<space>[ \t\r]+)|(?P<comment>\#[^\n]*)
    |(?P<text>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''.*?'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')
    |(?P<mark>[\[\]{},=:])|(?P<word>[^\s\[\]{},=:\#"']+)""",
    re.VERBOSE | re.DOTALL,
)


class Malformed(ValueError):
    """The block is not valid TOML or JSON; ``line`` is the 1-based line in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def split(text: str) -> tuple[str, str, int] | None:
    """``(format, block text, lines the block spans)`` of a leading TOML or JSON block.

    ``None`` when the file starts with neither; a span of -1 when a ``+++`` block is
    never closed. A JSON block starts with a ``{`` line and ends where its object ends.
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if _TOML_DELIMITER.match(lines[0]):
        for index, line in enumerate(lines[1:], start=1):
            if _TOML_DELIMITER.match(line):
                return TOML, "\n".join(lines[1:index]) + "\n", index + 1
        return TOML, "", -1
    if lines[0].strip() == "{":
        whole = "\n".join(lines)
        end = json_end(whole)
        if end is None:
            return JSON, whole, len(lines)  # load() says where it breaks
        return JSON, whole[:end], whole.count("\n", 0, end) + 1
    return None


def json_end(text: str) -> int | None:
    """Where the JSON object that ``text`` starts with ends, found without parsing it.

    A scan of brackets outside strings: linear, whatever the nesting or the numbers
    (a parser would recurse per level, or refuse a 5,000-digit integer, before the
    depth and size checks of ``load`` could say so in a warning).
    """
    depth, in_string, escaped = 0, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
            if depth < 0:
                return None
    return None


def load(kind: str, source: str) -> tuple[dict[str, Any], dict[tuple, int], list[tuple[str, int]]]:
    """The fields, the file line of each (and of each list item), and the keys given twice.

    Raises ``Malformed`` with the line and the parser's reason, and for a block nested
    deeper than ``MAX_DEPTH`` (both parsers, and the steps after them, recurse per level).
    """
    _check_depth(source, 2 if kind == TOML else 1)
    if kind == TOML:
        try:
            data = tomllib.loads(source, parse_float=str)
        except tomllib.TOMLDecodeError as exc:
            raise _toml_error(exc, source) from None
        except (ValueError, RecursionError):  # an integer longer than Python converts
            raise Malformed(
                1, "malformed TOML: a value is too long or too deep to read; expected ordinary fields"
            ) from None
        lines, duplicates = _toml_lines(source)
    else:
        try:
            data = json.loads(source, parse_float=str, parse_int=str, parse_constant=str)
        except json.JSONDecodeError as exc:
            field = _field_above(source, exc.lineno, _JSON_KEY)
            raise Malformed(
                exc.lineno,
                f"malformed JSON{field}: {exc.msg}; expected a JSON object such as "
                '{"title": "A title", "tags": ["AI", "NLP"]}',
            ) from None
        if not isinstance(data, dict):
            raise Malformed(1, 'malformed JSON: expected an object such as {"title": "A title"}')
        lines, duplicates = _json_lines(source)
    return {key: _plain(value) for key, value in data.items()}, lines, duplicates


#: Deepest nesting of arrays and tables accepted (front matter is one or two levels deep).
MAX_DEPTH = 32


def _check_depth(source: str, first_line: int) -> None:
    depth = 0
    for line, token in _tokens(source, first_line):
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise Malformed(
                    line,
                    f"the front matter is nested more than {MAX_DEPTH} levels deep: expected flat fields "
                    'such as tags = ["AI", "NLP"]',
                )
        elif token in ("]", "}"):
            depth = max(0, depth - 1)


def _plain(value: Any) -> Any:
    """Values as the YAML reader leaves them: numbers and dates as text."""
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    try:
        return str(value)  # TOML integers
    except ValueError:  # a hex or octal number too long to write in decimal
        raise Malformed(1, "malformed TOML: a number is too long to read; expected ordinary fields") from None


_TOML_KEY = re.compile(r"""^\s*\[*\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))""")
_JSON_KEY = re.compile(r'^\s*"([^"\\]+)"\s*:')


def _field_above(source: str, line: int, pattern: re.Pattern) -> str:
    """`` in field 'x'`` for the nearest key at or above a 1-based line of ``source``."""
    for text in reversed(source.split("\n")[:line]):
        if match := pattern.match(text):
            name = next(group for group in match.groups() if group)
            return f" in field {name[:40]!r}"
    return ""


def _toml_error(exc: tomllib.TOMLDecodeError, source: str) -> Malformed:
    message = str(exc)
    place = _TOML_PLACE.search(message)
    reason = message[: place.start()] if place else message
    # At the end of the block (an unclosed array or string), the last line is the place.
    line = int(place.group(1)) if place and place.group(1) else len(source.rstrip("\n").split("\n"))
    field = _field_above(source, line, _TOML_KEY)
    return Malformed(
        line + 1,  # the '+++' line
        f'malformed TOML{field}: {reason[:200]}; expected valid TOML such as \'tags = ["AI", "NLP"]\'',
    )


def _tokens(source: str, first_line: int):
    """``(line, token)`` of every token but spaces and comments; strings keep their quotes."""
    line = first_line
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        token = match.group()
        if kind == "nl":
            yield line, "\n"
            line += 1
        elif kind not in ("space", "comment"):
            yield line, token
            line += token.count("\n")  # a multi-line string


def _name(token: str) -> str:
    """The first part of a (dotted) key: ``a.b`` -> ``a``, ``"x:y"`` -> ``x:y``."""
    if token[:1] == '"':
        try:
            return json.loads(token)
        except ValueError:
            return token.strip('"')
    if token[:1] == "'":
        return token.strip("'")
    return token.split(".", 1)[0]


def _toml_lines(source: str) -> tuple[dict[tuple, int], list[tuple[str, int]]]:
    lines: dict[tuple, int] = {}
    state, key, depth, index, want_item, in_table, opened = "start", "", 0, 0, False, False, ""
    for line, token in _tokens(source, 2):  # the block starts after the '+++' line
        if token == "\n":
            if depth == 0:
                state = "start"
            continue
        if state == "start":
            if token == "[":
                state = "header"
            else:
                key, state = _name(token), "key"
                if not in_table:
                    lines.setdefault((key,), line)  # dotted keys a.b, a.c: 'a' at the first
        elif state == "header":
            if token != "[":
                lines.setdefault((_name(token),), line)  # [table] or [[array of tables]]
                in_table, state = True, "skip"
        elif state == "key":
            if token == "=":
                state = "value"
        elif state == "value":
            array = depth == 1 and not in_table and opened == "["
            if depth > 0 and array and want_item and token not in ("]", "}", ","):
                lines[(key, index)] = line
                index, want_item = index + 1, False
            if token in ("[", "{"):
                if depth == 0:
                    opened, index, want_item = token, 0, True
                depth += 1
            elif token in ("]", "}"):
                depth -= 1
                if depth == 0:
                    state = "skip"
            elif token == "," and depth == 1:
                want_item = True
            elif depth == 0:
                state = "skip"
    return lines, []  # TOML refuses a key given twice


def _json_lines(source: str) -> tuple[dict[tuple, int], list[tuple[str, int]]]:
    lines: dict[tuple, int] = {}
    duplicates = []
    depth, key, want_key, want_value, array, index, want_item = 0, "", False, False, False, 0, False
    for line, token in _tokens(source, 1):
        if token == "\n":
            continue
        if depth == 2 and array and want_item and token not in ("]", "}", ","):
            lines[(key, index)] = line
            index, want_item = index + 1, False
        if token in ("{", "["):
            if depth == 0:
                want_key = True
            elif depth == 1 and want_value:
                array, index, want_item = token == "[", 0, True
                want_value = False
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
            if depth == 1:
                array = False
        elif token == ",":
            want_key = want_key or depth == 1
            want_item = want_item or depth == 2
        elif token == ":":
            want_value = depth == 1
        elif depth == 1 and want_key:
            key, want_key = _name(token) if token[:1] == '"' else token, False
            if (key,) in lines:
                duplicates.append((key, line))
            lines[(key,)] = line
        elif depth == 1:
            want_value = False
    return lines, duplicates
