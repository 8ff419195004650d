"""Front matter that is not a YAML, TOML or JSON block: the forms other engines also write.

Pure functions: no Sphinx here. Each reader returns the fields, the line of each, the
keys given twice and the lines the block spans, or raises ``tomljson.Malformed``; the
values are text, as the YAML reader leaves them, and ``frontmatter.read`` gives them the
same checks as any other block.

- **Header lines** (Pelican, Python-Markdown's meta-data): ``Key: value`` lines from the
  first line to the first blank line, optionally between ``---`` lines; continuation lines
  are indented. Values are raw text, never YAML.
- **JavaScript front matter** (Eleventy's ``---js``): only ``const name = literal;`` (or
  ``let``/``var``) lines are read, the literal in JSON syntax; anything else is reported,
  never run.
- **JSON after** ``---json`` (Eleventy).
- **A YAML block without its opening line** (Hexo reads ``key: value`` lines up to a ``---``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .tomljson import MAX_DEPTH, Malformed

HEADER = "header lines"
JS = "js"
JSON_AFTER_DASHES = "json after ---json"
YAML_WITHOUT_OPENER = "yaml without opener"

_KEY = re.compile(r"^([A-Za-z][\w -]{0,40}?)\s*:\s?(.*)$")
#: The keys a header block starts with in practice: a file whose first line is another
#: "Word: text" is prose, not metadata.
HEADER_KEYS = frozenset(
    {"title", "date", "author", "authors", "category", "tags", "slug", "summary", "status"}
)
_JS_ASSIGNMENT = re.compile(r"^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?);?\s*$")


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def header_lines(text: str) -> tuple[dict[str, Any], dict[tuple, int], list[tuple[str, int]], int] | None:
    """Pelican's ``Key: value`` metadata at the top of a file, or None when it has none."""
    lines = _lines(text)
    start, fenced = 0, False
    if lines and lines[0].strip() == "---":
        start, fenced = 1, True
    first = _KEY.match(lines[start]) if start < len(lines) else None
    if first is None or (not fenced and first.group(1).strip().casefold() not in HEADER_KEYS):
        return None
    data: dict[str, Any] = {}
    where: dict[tuple, int] = {}
    duplicates: list[tuple[str, int]] = []
    key = None
    end = len(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        if fenced and line.strip() in ("---", "..."):
            end = index + 1
            break
        if not fenced and not line.strip():
            end = index
            break
        match = _KEY.match(line)
        if match and not line[:1].isspace():
            key = match.group(1).strip()
            if (key,) in where:
                duplicates.append((key, index + 1))
            data[key] = match.group(2).strip()
            where[(key,)] = index + 1
        elif key is not None and line[:1].isspace():
            data[key] = f"{data[key]} {line.strip()}".strip()  # a continuation line
        else:
            end = index
            break
    return data, where, duplicates, end


def javascript(text: str) -> tuple[dict[str, Any], dict[tuple, int], list[tuple[str, int]], int] | None:
    """Eleventy's ``---js`` block: literal assignments only; None when the file has no such block."""
    lines = _lines(text)
    if not lines or lines[0].strip() != "---js":
        return None
    data: dict[str, Any] = {}
    where: dict[tuple, int] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return data, where, [], index + 1
        if not line.strip() or line.strip().startswith("//"):
            continue
        match = _JS_ASSIGNMENT.match(line)
        value = _literal(match.group(2)) if match else _UNREAD
        if value is _UNREAD:
            raise Malformed(
                index + 1,
                "JavaScript front matter: only lines such as 'const title = \"A title\";' (a JSON literal) "
                "are read, nothing is run; expected YAML front matter instead",
            )
        data[match.group(1)] = value
        where[(match.group(1),)] = index + 1
    raise Malformed(1, "the front matter is never closed: expected a '---' line after its fields")


_UNREAD = object()


def _literal(text: str) -> Any:
    text = text.strip().rstrip(";").strip()
    if text[:1] == "'" and text[-1:] == "'" and '"' not in text:
        text = '"' + text[1:-1] + '"'
    if text[:1] in "[{" and text.count(text[:1]) > MAX_DEPTH:
        return _UNREAD
    try:
        return _text(json.loads(text, parse_float=str, parse_int=str))
    except (ValueError, RecursionError):
        return _UNREAD


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}
    return value


def json_after_dashes(
    text: str,
) -> tuple[dict[str, Any], dict[tuple, int], list[tuple[str, int]], int] | None:
    """Eleventy's ``---json`` block; None when the file has none."""
    lines = _lines(text)
    if not lines or lines[0].strip() != "---json":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            body = "\n".join(lines[1:index])
            if body.count("[") + body.count("{") > 4 * MAX_DEPTH:
                raise Malformed(2, f"the front matter is nested more than {MAX_DEPTH} levels deep")
            try:
                data = json.loads(body, parse_float=str, parse_int=str)
            except (ValueError, RecursionError) as error:
                raise Malformed(2, f"malformed JSON: {str(error)[:120]}; expected a JSON object") from None
            if not isinstance(data, dict):
                raise Malformed(2, 'malformed JSON: expected an object such as {"title": "A title"}')
            return _text(data), {(key,): 2 for key in data}, [], index + 1
    raise Malformed(1, "the front matter is never closed: expected a '---' line after its fields")


def yaml_without_opener(text: str) -> tuple[str, int] | None:
    """Hexo's block without its opening ``---``: the YAML text and the lines it spans, or None.

    Only when every line up to the first ``---`` looks like a field, so a body that merely
    holds a horizontal rule is never read as front matter.
    """
    lines = _lines(text)
    for index, line in enumerate(lines[:200]):
        if line.strip() == "---":
            head = [item for item in lines[:index] if item.strip()]
            if head and _KEY.match(head[0]) and all(_KEY.match(item) or item[:1] in " \t-" for item in head):
                return "\n".join(lines[:index]) + "\n", index + 1
            return None
    return None
