"""The bibliography as untrusted input: bounded, screened, every problem a warning with its line.

Pure functions: no Sphinx here. pybtex, which sphinxcontrib-bibtex parses ``.bib`` files
with, stops the whole build on the first syntax error, lets one unbalanced brace swallow
every entry after it, expands ``@string`` chains without bound (each ``a2 = a1 # a1``
doubles the text) and turns any ``url`` into a link. So, before pybtex sees a file:

- the file is cut into entries at lines that start with ``@`` (as every bibliography
  manager writes them); an entry whose braces do not balance, or nest deeper than
  ``MAX_DEPTH``, is left out with a warning at its line, and the rest is kept;
- a ``url`` that is not an http(s) address is removed from its entry (the entry stays);
- the file's size is bounded.

While pybtex parses, ``BoundedMacros`` and ``bounded_value`` keep every ``@string`` and
every field within ``MAX_VALUE`` characters (``model/bibliography.py``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import sanitize

#: Largest bibliography file read, in characters.
MAX_FILE = 8 * 1024 * 1024
#: Deepest nesting of braces in an entry (real entries use two or three levels).
MAX_DEPTH = 32
#: Longest value of a field or ``@string`` after expansion, in characters.
MAX_VALUE = 20_000

_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_HEAD = re.compile(r"@\s*([A-Za-z][\w-]*)\s*([{(])\s*([^,\s{}()]*)")
_URL_FIELD = re.compile(r"(?<![\w-])url\s*=\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def _blank(text: str) -> str:
    """The same number of lines, nothing else (so pybtex's line numbers stay right)."""
    return "\n" * text.count("\n")


def _entry_end(chunk: str, opener: int) -> tuple[int | None, int]:
    """(offset just after the entry's closing delimiter or None if it never closes, deepest depth).

    ``opener`` is the offset of the entry's ``{`` or ``(``. Braces count as BibTeX counts them;
    text after the entry's end is a comment to BibTeX, and is not looked at.
    """
    closer = "}" if chunk[opener] == "{" else ")"
    depth = deepest = 0
    for index in range(opener, len(chunk)):
        char = chunk[index]
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None, deepest
        if closer == "}" and depth == 0 and char == "}":
            return index + 1, deepest
        if closer == ")" and depth == 0 and char == ")":
            return index + 1, deepest
    return None, deepest


def _value_span(chunk: str, start: int) -> int:
    """End offset of a braced, quoted or bare value starting at ``start``."""
    if start >= len(chunk):
        return start
    opener = chunk[start]
    if opener == "{":
        depth = 0
        for index in range(start, len(chunk)):
            depth += {"{": 1, "}": -1}.get(chunk[index], 0)
            if depth == 0:
                return index + 1
        return len(chunk)
    if opener == '"':
        depth = 0
        for index in range(start + 1, len(chunk)):
            char = chunk[index]
            depth += {"{": 1, "}": -1}.get(char, 0)
            if char == '"' and depth == 0:
                return index + 1
        return len(chunk)
    match = re.compile(r"[^\s,}#)]*").match(chunk, start)
    return match.end() if match else start


def safe_url(value: str) -> bool:
    text = value.strip().strip('{}"').strip()
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _screen_urls(chunk: str, line: int, key: str) -> tuple[str, list[Problem]]:
    problems = []
    pieces, position = [], 0
    for match in _URL_FIELD.finditer(chunk):
        end = _value_span(chunk, match.end())
        value = chunk[match.end() : end]
        if safe_url(value):
            continue
        shown = " ".join(value.split())[:60]
        problems.append(
            Problem(
                line + chunk.count("\n", 0, match.start()),
                f"entry {key!r}: field 'url' is {shown!r}: expected an http:// or https:// address; "
                "the field is left out (the entry is kept)",
            )
        )
        pieces += [chunk[position : match.start()], _blank(chunk[match.start() : end])]
        position = end
    return "".join(pieces) + chunk[position:], problems


def screen(text: str) -> tuple[str, list[Problem], dict[str, int]]:
    """The text pybtex may parse, the problems found, and the line of each entry's key."""
    if len(text) > MAX_FILE:
        return "", [Problem(1, f"the file is larger than {MAX_FILE // 1024 // 1024} MiB: it is not read")], {}
    problems: list[Problem] = []
    text, bad_line, code = sanitize.replace_not_text(text)
    if bad_line is not None:
        problems.append(
            Problem(bad_line, f"a control character or noncharacter ({code}): expected text; shown as \ufffd")
        )
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    bounds = [0, *starts, len(text)]
    out: list[str] = []
    lines: dict[str, int] = {}
    seen: dict[str, int] = {}
    line = 1
    for begin, end in itertools.pairwise(bounds):
        chunk = text[begin:end]
        head = _HEAD.match(chunk.lstrip(" \t"))
        if begin == 0 and not (starts and starts[0] == 0):
            out.append(chunk)  # text before the first entry: a comment for BibTeX
            line += chunk.count("\n")
            continue
        kind = head.group(1).lower() if head else ""
        key = head.group(3) if head else ""
        if kind == "comment" or head is None:
            out.append(chunk if head is not None else _blank(chunk))
            if head is None and chunk.strip():
                problems.append(
                    Problem(line, "an '@' that starts no entry: expected '@type{key, ...}'; ignored")
                )
            line += chunk.count("\n")
            continue
        offset = len(chunk) - len(chunk.lstrip(" \t"))
        end_of_entry, deepest = _entry_end(chunk, offset + head.end(2) - 1)
        if end_of_entry is None or deepest > MAX_DEPTH:
            why = (
                f"its braces nest more than {MAX_DEPTH} deep"
                if end_of_entry is not None
                else "its braces '{' and '}' do not balance"
            )
            name = f"entry {key!r}" if key and kind != "string" else f"the @{kind} at this line"
            problems.append(Problem(line, f"{name}: {why}; it is left out, the rest of the file is read"))
            out.append(_blank(chunk))
        else:
            if kind == "string":
                lines.setdefault(f"@string:{key.casefold()}", line)
            elif kind != "preamble":
                lines.setdefault(key, line)
                seen[key] = seen.get(key, 0) + 1
                lines[f"{key}#{seen[key]}"] = line  # the nth entry of that key (repeats warn there)
                chunk, found = _screen_urls(chunk, line, key)
                problems += found
            out.append(chunk)
        line += chunk.count("\n")
    return "".join(out), problems, lines


class BoundedMacros(dict):
    """pybtex's ``@string`` table, refusing values longer than ``MAX_VALUE`` (each use is then empty)."""

    def __init__(self, base, refused: list[str]) -> None:
        super().__init__()
        self._base = base
        self.refused = refused
        for name, value in base.items():
            dict.__setitem__(self, name.lower(), value)

    def __setitem__(self, name: str, value: str) -> None:
        if len(value) > MAX_VALUE:
            self.refused.append(name)
            value = ""
        dict.__setitem__(self, name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return dict.__getitem__(self, name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name.lower())


def bounded_value(parts: list[str]) -> tuple[str, bool]:
    """A field's parts joined, or cut to ``MAX_VALUE`` (True when cut) without building the whole."""
    total, kept = 0, []
    for part in parts:
        if total + len(part) > MAX_VALUE:
            kept.append(part[: MAX_VALUE - total])
            return "".join(kept), True
        kept.append(part)
        total += len(part)
    return "".join(kept), False


def keys_of(paths: list[str]) -> frozenset[str]:
    """The entry keys of the bibliography files (read as ``screen`` reads them; a file that
    cannot be read gives none: the build warns about it elsewhere)."""
    found: set[str] = set()
    for path in paths:
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as stream:
                text = stream.read(MAX_FILE + 1)
        except OSError:
            continue
        _, _, lines = screen(text)
        found.update(key for key in lines if not key.startswith("@string:") and "#" not in key)
    return frozenset(found)
