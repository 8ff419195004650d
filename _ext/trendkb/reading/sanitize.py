"""Front-matter text that YAML accepts but no page, feed, catalogue or warning can hold.

Pure functions: no Sphinx here. YAML escapes make any code point (``"\\0"``, ``"\\e"``,
``"\\uD800"``), and nothing bounds how long a value or list is. This module cleans the
loaded values (control characters removed, lone surrogates replaced), caps their size,
drops names that fold to nothing, and shows user text in warnings escaped on one line.
Each function returns ``(line, message)`` pairs; ``frontmatter`` turns them into problems.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import Any

# --------------------------------------------------------------------------------------
# Caps: what one file may hold. Beyond them a value is shortened (text) or its first
# items kept (lists), with a warning; nothing is dropped for being long.
# --------------------------------------------------------------------------------------

#: Items kept of a list field; the feed writer and tag pages do work per tag and author.
MAX_ITEMS: dict[str, int] = {"tags": 64, "author": 32}
#: Items kept of any other list field (topics, related, aliases, redirect_from).
MAX_OTHER_ITEMS = 64
#: Characters kept of a text field; the excerpt is copied into every listing and feed.
MAX_LENGTH: dict[str, int] = {"title": 300, "excerpt": 1000, "summary": 1000}
#: Characters kept of each tag and author name.
MAX_NAME_LENGTH = 100
#: An author as written may list several people in one string (Jekyll keeps it as written).
MAX_AUTHOR_LENGTH = 300
#: Fields whose items are names (folded like tags, see ``model.taxonomy.tag_key``).
NAME_FIELDS = ("tags", "author")
#: Characters of a field name kept; no known field is longer.
MAX_KEY_LENGTH = 100
#: Characters of user text shown in a warning, and of a whole warning.
SHOWN_LENGTH = 40
MAX_MESSAGE_LENGTH = 1000

ELLIPSIS = "\u2026"

# C0 and C1 controls (but tab and newline), DEL, and the noncharacters: invalid in XML
# (EPUB) or meaningless in text. Lone surrogates cannot even be encoded as UTF-8.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)
)
_SURROGATE = "\ud800-\udfff"
_CONTROLS = re.compile(f"[{_CONTROL}]+")
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]+")
_SURROGATES = re.compile(f"[{_SURROGATE}]")
_UNCLEAN = re.compile(f"[{_CONTROL}{_NONCHARACTERS}{_SURROGATE}]")
_WORD = re.compile(r"[^\W_]")
#: What PyYAML's reader refuses in the raw text (it stops the whole document).
_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """``text`` on one line: every unprintable character as its Python escape (``\\n``, ``\\x1b``)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shown(text: str, limit: int = SHOWN_LENGTH) -> str:
    """User text for a warning: quoted, escaped, and shortened."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return repr(text)


def one_line(message: str) -> str:
    """A whole warning message: no line breaks or terminal escapes, and bounded."""
    message = escape(message)
    if len(message) > MAX_MESSAGE_LENGTH:
        message = message[: MAX_MESSAGE_LENGTH - 3] + "..."
    return message


def field_name(key: str) -> str:
    """A top-level key as the reader keeps it: escaped and bounded (no field has such a name).

    A key that only looks like a publication flag (``dr\u200baft``) is kept as written
    here, and read as the flag by ``publication.lookalike``.
    """
    key = escape(key)
    if len(key) > MAX_KEY_LENGTH:
        key = key[: MAX_KEY_LENGTH - 3] + "..."
    return key


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Back to the last space, unless that loses more than a fifth (a long word, or CJK text).
    word_end = cut.rstrip().rfind(" ")
    if word_end >= limit * 4 // 5:
        cut = cut[:word_end]
    return cut.rstrip() + ELLIPSIS


def folds_to_nothing(name: str) -> bool:
    """Whether a tag or author name has nothing left once spaces, hyphens and underscores go.

    The same folding as ``model.taxonomy.tag_key`` (NFKC, then separators), also treating
    invisible characters (format characters, unusual spaces) as nothing.
    """
    if _WORD.search(name):
        return False  # the usual case, decided without normalising
    folded = unicodedata.normalize("NFKC", name)
    return not any(char.isprintable() and not char.isspace() and char not in "-_" for char in folded)


# --------------------------------------------------------------------------------------
# The raw text, before YAML reads it
# --------------------------------------------------------------------------------------


def strip_unreadable(source: str) -> tuple[str, list[int]]:
    """``source`` without the characters PyYAML refuses, and the 0-based lines they were on.

    A raw NUL or ESC would otherwise make the whole front matter "malformed". Line breaks
    are never removed, so the lines of everything else stay where they were.
    """
    if _UNREADABLE.search(source) is None:
        return source, []
    breaks = [match.start() for match in re.finditer("\n", source)]
    lines = sorted({bisect.bisect_left(breaks, match.start()) for match in _UNREADABLE.finditer(source)})
    cleaned = _UNREADABLE.sub(lambda m: "\ufffd" if _SURROGATES.match(m.group()) else "", source)
    return cleaned, lines


# --------------------------------------------------------------------------------------
# The loaded values
# --------------------------------------------------------------------------------------


def may_hold_unclean_values(source: str) -> bool:
    """Whether ``clean`` can find anything in the values read from ``source``.

    Once ``strip_unreadable`` has run, only YAML escapes (``"\\e"``, ``"\\uD800"``) and raw
    noncharacters such as U+FDD0 can put such characters into a value.
    """
    return "\\" in source or _UNCLEAN.search(source) is not None


def _clean_text(text: str, found: set[str]) -> str:
    if _UNCLEAN.search(text) is None:
        return text
    if _SURROGATES.search(text):
        found.add("surrogate")
        text = _SURROGATES.sub("\ufffd", text)
    if _CONTROLS.search(text):
        found.add("control")
        text = _CONTROLS.sub("", text)
    if _NONCHARACTER.search(text):
        found.add("noncharacter")
        text = _NONCHARACTER.sub("", text)
    return text


def _clean(value: Any, found: set[str]) -> Any:
    if isinstance(value, str):
        return _clean_text(value, found)
    if isinstance(value, list):
        return [_clean(item, found) for item in value]
    if isinstance(value, dict):
        return {
            (_clean_text(key, found) if isinstance(key, str) else key): _clean(item, found)
            for key, item in value.items()
        }
    return value


def _is_clean(value: Any) -> bool:
    """A quick check for the usual case: plain text, or a list of plain text."""
    if isinstance(value, str):
        return _UNCLEAN.search(value) is None
    if isinstance(value, list):
        return all(isinstance(item, str) and _UNCLEAN.search(item) is None for item in value)
    return isinstance(value, bool | int | float | None)


_WHAT = {
    "control": ("control characters such as NUL or ESC", "they are removed"),
    "noncharacter": ("noncharacters such as U+FFFE", "they are removed"),
    "surrogate": ("lone surrogates (an escape such as \\uD800 is half a character)", "each becomes U+FFFD"),
}


def clean(data: dict[str, Any], lines: dict[tuple, int]) -> list[tuple[int, str]]:
    """Remove control characters and noncharacters, replace lone surrogates: one warning per field."""
    problems = []
    for name, value in data.items():
        if _is_clean(value):
            continue
        found: set[str] = set()
        where, line, original = f"field '{name}'", lines.get((name,), 1), value
        if isinstance(value, list):
            cleaned = []
            for index, item in enumerate(value):
                before = len(found)
                cleaned.append(_clean(item, found))
                if len(found) > before and original is value:
                    # Point at the first item that held them.
                    where, line, original = f"{where}, item {index + 1}", lines.get((name, index), line), item
            value = cleaned
        else:
            value = _clean(value, found)
        if found:
            data[name] = value
            what = " or ".join(_WHAT[kind][0] for kind in sorted(found))
            then = "; ".join(dict.fromkeys(_WHAT[kind][1] for kind in sorted(found)))
            got = shown(original) if isinstance(original, str) else "a value holding them"
            problems.append((line, f"{where}: expected text without {what}, got {got}; {then}"))
    return problems


def unreadable_problems(raw_lines: list[int], field_at: Callable[[int], str | None]) -> list[tuple[int, str]]:
    """One warning per line that held characters PyYAML refuses (removed before reading)."""
    problems = []
    for line in raw_lines:
        name = field_at(line)
        where = f"field '{name}'" if name else "the front matter"
        problems.append(
            (
                line + 2,  # 1-based, after the '---' line
                f"{where}: expected text without control characters such as NUL or ESC, "
                "got such characters on this line; they are removed",
            )
        )
    return problems


# --------------------------------------------------------------------------------------
# Caps and empty names, once the fields have their final names
# --------------------------------------------------------------------------------------


def drop_empty_names(data: dict[str, Any], lines: dict[tuple, int]) -> list[tuple[int, str]]:
    """Drop the tags and authors that fold to nothing (``---``, ``_``), which would vanish silently."""
    problems: list[tuple[int, str]] = []
    for name in NAME_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and folds_to_nothing(value):
            del data[name]
            problems.append((lines.get((name,), 1), _empty_name(f"field '{name}'", value)))
        elif isinstance(value, list):
            kept = _drop_empty_names(name, value, lines, problems)
            if kept:
                data[name] = kept
            elif value:
                del data[name]  # nothing left: as if the field were not given
    return problems


def bound(data: dict[str, Any], lines: dict[tuple, int]) -> list[tuple[int, str]]:
    """Keep the first items of long lists and shorten long text, with one warning per field."""
    problems: list[tuple[int, str]] = []
    for name in list(data):
        value = data[name]
        line = lines.get((name,), 1)
        if isinstance(value, list):
            cap = MAX_ITEMS.get(name, MAX_OTHER_ITEMS)
            if len(value) > cap:
                problems.append(
                    (
                        line,
                        f"field '{name}': expected at most {cap} items, got {len(value):,}; "
                        f"the first {cap} are kept",
                    )
                )
                value = value[:cap]
        limit = MAX_AUTHOR_LENGTH if name == "author" else MAX_NAME_LENGTH if name in NAME_FIELDS else None
        limit = limit or MAX_LENGTH.get(name)
        if limit is not None:
            value = _shorten_field(name, value, limit, lines, problems)
        data[name] = value
    return problems


def _empty_name(where: str, value: str) -> str:
    return (
        f"{where}: expected a name with a letter, digit or sign, got {shown(value)}, "
        "which is only spaces, hyphens or underscores; it is ignored"
    )


def _drop_empty_names(name: str, items: list, lines: dict[tuple, int], problems: list) -> list:
    kept = []
    old_lines = {index: lines.pop((name, index)) for index in range(len(items)) if (name, index) in lines}
    for index, item in enumerate(items):
        if isinstance(item, str) and folds_to_nothing(item):
            line = old_lines.get(index, lines.get((name,), 1))
            problems.append((line, _empty_name(f"field '{name}', item {index + 1}", item)))
            continue
        if index in old_lines:
            lines[(name, len(kept))] = old_lines[index]
        kept.append(item)
    return kept


def _shorten_field(name: str, value: Any, limit: int, lines: dict[tuple, int], problems: list) -> Any:
    if isinstance(value, str):
        if len(value) > limit:
            problems.append((lines.get((name,), 1), _too_long(f"field '{name}'", value, limit)))
            return shorten(value, limit)
        return value
    if not isinstance(value, list):
        return value
    long_items = [i for i, item in enumerate(value) if isinstance(item, str) and len(item) > limit]
    if not long_items:
        return value
    first, shortened = long_items[0], set(long_items)
    more = f" (and {len(long_items) - 1} more items)" if len(long_items) > 1 else ""
    where = f"field '{name}', item {first + 1}"
    line = lines.get((name, first), lines.get((name,), 1))
    problems.append((line, _too_long(where, value[first], limit) + more))
    return [shorten(item, limit) if i in shortened else item for i, item in enumerate(value)]


def _too_long(where: str, text: str, limit: int) -> str:
    return (
        f"{where}: expected at most {limit:,} characters, got {len(text):,} ({shown(text)}); "
        f"it is shortened to {limit:,}"
    )


#: What XML 1.0 cannot hold, and HTML calls a parse error: C0 and C1 controls but tab,
#: line feed and carriage return; DEL; lone surrogates; the noncharacters.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


def replace_not_text(text: str) -> tuple[str, int | None, str | None]:
    """``text`` with U+FFFD for each character no page may hold; the first one's line and code."""
    found = NOT_TEXT.search(text)
    if found is None:
        return text, None, None
    line = text.count("\n", 0, found.start()) + 1
    return NOT_TEXT.sub("\ufffd", text), line, f"U+{ord(found.group()):04X}"
