"""One spelling per word for search: British and American forms, and hyphenated compounds.

Pagefind stems English words, so plurals and ``modelling``/``modeling`` already meet, but
``quantisation`` and ``quantization`` stem apart, and ``fine tuning`` is two words where
``fine-tuning`` and ``finetuning`` are one. So the text given to the index is rewritten to
one form first, and so is every query (``static/kb-search.js`` applies the same rules,
read from the same ``spelling.json``):

- British spellings become American ones: a table of words, ``-our`` stems, ``-ll-``
  before an ending, ``-yse`` and ``-ise`` (with the words that keep ``-ise`` in American);
- a compound the site writes with a hyphen anywhere (or one of the usual ones), written
  apart or run together elsewhere, is hyphenated: Pagefind indexes a hyphenated word as
  the whole and its parts, so all three ways of writing it then find it.

A reader still sees each page's own spelling: what was rewritten on a page is recorded
(``display_map``), and the search script undoes it in that page's excerpt.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

RULES_FILE = Path(__file__).with_name("spelling.json")
VOWELS = frozenset("aeiouy")
#: A word, or a hyphenated compound of words (letters only: ``GPT-4`` is not a compound).
TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@functools.cache
def rules() -> dict:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    data.pop("comment", None)
    return data


@functools.cache
def _compiled() -> tuple:
    r = rules()
    our = re.compile(rf"^({'|'.join(r['our'])})ur(\w*)$")
    double_l = re.compile(rf"^({'|'.join(r['double_l'])})l(ed|ing|er|ers)$")
    yse = re.compile(rf"^({'|'.join(r['yse'])})(e|ed|ing|er|ers)$")
    ise = r["ise"]
    return our, double_l, yse, tuple(ise["suffixes"]), frozenset(ise["keep"]), tuple(ise["prefixes"])


def _keeps_ise(stem: str, keep: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """Whether ``stem + "ise"`` is spelled so in American English too (advise, surprise, noise...)."""
    if len(stem) < 3 or stem[-1] in VOWELS or stem[-1] in "vw":  # raise, noise, advise, otherwise
        return True
    if stem[-1] == "c" and not stem.endswith("ic"):  # exercise, precise (but criticise)
        return True
    base = stem + "ise"
    return base in keep or any(base.startswith(p) and base[len(p) :] in keep for p in prefixes)


@functools.lru_cache(maxsize=65536)
def american(word: str) -> str:
    """The American spelling of a lowercase word (the word itself when it has no other)."""
    r = rules()
    found = r["words"].get(word)
    if found:
        return found
    our, double_l, yse, suffixes, keep, prefixes = _compiled()
    if "ur" in word and (m := our.match(word)):
        return f"{m.group(1)}r{m.group(2)}"
    if "ll" in word and (m := double_l.match(word)):
        return f"{m.group(1)}{m.group(2)}"
    if "ys" in word and (m := yse.match(word)):
        return f"{m.group(1)[:-1]}z{m.group(2)}"
    if "is" in word:
        for suffix in suffixes:
            if word.endswith(suffix):
                stem = word[: -len(suffix)]
                if not _keeps_ise(stem, keep, prefixes):
                    return stem + "iz" + suffix[2:]
                break
    return word


def _cased(like: str, word: str) -> str:
    if like[:1].isupper():
        return word.upper() if like.isupper() and len(like) > 1 else word[:1].upper() + word[1:]
    return word


def _respelled(word: str) -> str:
    lower = word.lower()
    found = american(lower)
    return word if found == lower else _cased(word, found)


def americanise(text: str, seen: Counter | None = None) -> str:
    """``text`` with every word in its American spelling; ``seen`` counts (form, original) pairs."""

    def one(match: re.Match) -> str:
        token = match.group(0)
        spelled = "-".join(_respelled(part) for part in token.split("-"))
        if seen is not None:
            seen[(spelled.lower(), token.lower())] += 1
        return spelled

    return TOKEN.sub(one, text)


def compounds_in(text: str) -> set[str]:
    """The hyphenated compounds of ``text``, lowercase (``fine-tuning``, ``chain-of-thought``)."""
    return {t.lower() for t in TOKEN.findall(text) if "-" in t and len(t) >= 5}


class Compounds:
    """Known compounds, found written apart (``fine tuning``) or run together (``finetuning``)."""

    def __init__(self, compounds: Iterable[str]) -> None:
        self.joined: dict[str, str] = {}
        self.first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for compound in sorted(set(compounds)):
            parts = tuple(compound.split("-"))
            self.joined.setdefault("".join(parts), compound)
            self.first.setdefault(parts[0], []).append((parts[1:], compound))
        for options in self.first.values():
            options.sort(key=lambda option: -len(option[0]))  # the longest compound first

    def hyphenate(self, text: str, seen: Counter | None = None) -> str:
        """``text`` with every known compound hyphenated; ``seen`` counts (form, original) pairs."""
        lower = text.lower()
        if len(lower) != len(text):  # a letter whose lowercase is longer: positions would drift
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        tokens = [(m.start(), m.end()) for m in TOKEN.finditer(lower)]
        joined, first = self.joined, self.first
        out: list[str] = []
        at = i = 0  # how far ``text`` has been copied; the token looked at
        while i < len(tokens):
            start, end = tokens[i]
            word = lower[start:end]
            found, last = None, i
            if "-" in word:
                if seen is not None:
                    seen[(word, word)] += 1  # written as the compound already
            elif word in joined:
                found = joined[word]
            elif word in first:
                for rest, compound in first[word]:
                    last = i + len(rest)
                    if last < len(tokens) and all(
                        lower[tokens[i + k + 1][0] : tokens[i + k + 1][1]] == part
                        and lower[tokens[i + k][1] : tokens[i + k + 1][0]] == " "
                        for k, part in enumerate(rest)
                    ):
                        found = compound
                        break
                else:
                    last = i
            if found is None:
                i += 1
                continue
            original = text[start : tokens[last][1]]
            out.append(text[at:start])
            out.append(_cased(original, found))
            if seen is not None:
                seen[(found, original.lower())] += 1
            at = tokens[last][1]
            i = last + 1
        if not out:
            return text
        out.append(text[at:])
        return "".join(out)


def display_map(seen: Counter) -> dict[str, str]:
    """Rewritten form -> the page's own spelling, where the page mostly wrote it that other way."""
    native = Counter({form: n for (form, original), n in seen.items() if form == original})
    best: dict[str, tuple[int, str]] = {}
    for (form, original), n in seen.items():
        if form != original and n > best.get(form, (0, ""))[0]:
            best[form] = (n, original)
    return {form: original for form, (n, original) in sorted(best.items()) if n > native[form]}
