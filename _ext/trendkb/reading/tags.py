"""Template tags of other engines, as data: where one is, its name, and its arguments.

Pure functions, no Sphinx. The forms:

- Hugo (and Quarto) shortcodes: ``{{< name args >}}``, ``{{% name args %}}``, closed by
  ``{{< /name >}}``; ``{{</* name */>}}`` is Hugo's escape for the literal text;
- Liquid (Jekyll), Nunjucks (Eleventy), Hexo and Pelican's liquid_tags: ``{% name args %}``,
  closed by ``{% endname %}``;
- Zola: ``{{ name(key=value, ...) }}`` inline, and ``{% name(...) %}`` closed by ``{% end %}``;
- template variables: ``{{ page.title }}``, ``{{ site.url | relative_url }}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HUGO, LIQUID, ZOLA, VARIABLE = "hugo", "liquid", "zola", "variable"

_HUGO = re.compile(
    r"\{\{(?P<d>[<%])(?P<esc>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>.*?)\s*(?(esc)\*/)/?(?P<e>[>%])\}\}"
)
_LIQUID = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<paren>\()?(?P<args>.*?)-?%\}")
_ZOLA_INLINE = re.compile(r"\{\{-?\s*(?P<name>\w+)\((?P<args>.*?)\)\s*-?\}\}")
_VARIABLE = re.compile(r"\{\{-?\s*(?P<args>[^{}\s][^{}]*?)\s*-?\}\}")
_VALUE = r"""(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s,]+))"""
_ARGUMENT = re.compile(r"\s*,?\s*(?:(?P<key>[\w-]+)\s*=\s*)?" + _VALUE)
#: Hexo's ``lang:js``: a key and a colon, not followed by ``//`` (a URL).
_COLON_KEY = re.compile(r"\s*(?:(?P<key>[\w-]+):(?!//))?" + _VALUE.replace("[^\\s,]+", "[^\\s]+"))


@dataclass(frozen=True)
class Tag:
    """One template tag in a line: its form, name, whether it closes a pair, and its arguments."""

    form: str
    name: str
    start: int
    end: int
    text: str
    closing: bool = False
    #: Arguments as written after the name (for the converters that read them whole).
    raw: str = ""
    positional: tuple[str, ...] = ()
    keywords: dict[str, str] = field(default_factory=dict)
    escaped: bool = False

    def get(self, *names: str, index: int | None = None) -> str | None:
        """The first keyword argument of ``names`` given, else the positional one at ``index``."""
        for name in names:
            if self.keywords.get(name):
                return self.keywords[name]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return None


def arguments(text: str, colon_keys: bool = False) -> tuple[tuple[str, ...], dict[str, str]]:
    """Positional and keyword arguments: ``a "b c" key="v" k=v`` (commas between them allowed).

    With ``colon_keys``, ``lang:js`` is a keyword too (Hexo); otherwise only ``=`` makes one.
    Keys are lower-cased; quotes are removed and backslash escapes in quoted values resolved.
    """
    pattern = _COLON_KEY if colon_keys else _ARGUMENT
    positional: list[str] = []
    keywords: dict[str, str] = {}
    position, text = 0, text.strip()
    while position < len(text):
        match = pattern.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        quoted = match["dq"] if match["dq"] is not None else match["sq"]
        value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else match["bare"]
        if match["key"]:
            keywords[match["key"].lower()] = value
        else:
            positional.append(value)
    return tuple(positional), keywords


def find(line: str) -> list[Tag]:
    """Every template tag of a (code-masked) line, in order; overlapping matches are dropped."""
    if "{" not in line:
        return []
    found: list[Tag] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _HUGO.finditer(line):
        if (match["d"] == "<") != (match["e"] == ">"):
            continue
        found.append(_hugo(match))
        taken.append(match.span())
    for match in _LIQUID.finditer(line):
        if free(*match.span()):
            found.append(_liquid(match))
            taken.append(match.span())
    for match in _ZOLA_INLINE.finditer(line):
        if free(*match.span()):
            positional, keywords = arguments(match["args"])
            found.append(
                Tag(
                    ZOLA,
                    match["name"],
                    *match.span(),
                    match.group(),
                    False,
                    match["args"],
                    positional,
                    keywords,
                )
            )
            taken.append(match.span())
    for match in _VARIABLE.finditer(line):
        if free(*match.span()):
            found.append(Tag(VARIABLE, "", *match.span(), match.group(), raw=match["args"]))
            taken.append(match.span())
    return sorted(found, key=lambda tag: tag.start)


def _hugo(match: re.Match[str]) -> Tag:
    raw = match["args"].strip()
    positional, keywords = arguments(raw)
    return Tag(
        HUGO,
        match["name"],
        *match.span(),
        match.group(),
        closing=bool(match["close"]),
        raw=raw,
        positional=positional,
        keywords=keywords,
        escaped=bool(match["esc"]),
    )


def _liquid(match: re.Match[str]) -> Tag:
    name = match["name"]
    raw = match["args"].strip()
    if match["paren"]:  # Zola: {% name(key=value) %} ... {% end %}
        raw = raw[:-1] if raw.endswith(")") else raw
        positional, keywords = arguments(raw)
        return Tag(ZOLA, name, *match.span(), match.group(), False, raw, positional, keywords)
    closing = name == "end" or (name.startswith("end") and len(name) > 3)
    positional, keywords = arguments(raw, colon_keys=False)
    return Tag(LIQUID, name, *match.span(), match.group(), closing, raw, positional, keywords)


def closer_name(tag: Tag) -> str:
    """The name a closing tag closes: ``endnote`` -> ``note``, ``/notice`` -> ``notice``
    (Zola's ``end`` closes whatever is open: ``""``)."""
    if tag.form == LIQUID and tag.name.startswith("end"):
        return tag.name[3:]
    return tag.name


def alone(line: str, tag: Tag) -> bool:
    """Whether the tag is the only thing on its line."""
    return not line[: tag.start].strip() and not line[tag.end :].strip()
