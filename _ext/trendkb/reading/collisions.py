"""Two files that would be one page: a deterministic winner, the other left out.

- Topics are named by their file name, so ``topics/sub/rlhf.md`` and
  ``topics/rlhf.md`` both claim the slug ``rlhf``: the shallower path wins, then the
  first in alphabetical order.
- ``index`` is never a topic's slug: ``topics/index.md`` would be the topics folder's
  own page, which is the topics overview's place.
- In ``dirhtml`` the pages ``X`` and ``X/index`` are both ``X/index.html``: ``X`` wins.
- ``Good.md`` and ``good.md`` are one file on case-insensitive file systems and hosts
  (Windows, macOS, many static hosts): the name in lower case wins (URLs usually are), then
  the first in code-point order. Names are compared as output paths are (``urlpaths.key``),
  so also after Unicode normalisation.

Pure functions on docnames; the loser is left out of the site (not read), so an
incremental build follows any change of winner like an added or deleted file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .urlpaths import key


@dataclass(frozen=True)
class Collision:
    loser: str
    winner: str
    kind: str  # "slug", "reserved", "dirhtml" or "case"

    def describe(self, loser: str, winner: str) -> str:
        """The warning, given the two files' paths."""
        if self.kind == "reserved":
            return (
                f"'index' cannot be a topic's slug (the topics overview, {self.winner}, is the page "
                f"of the topics folder): {loser} is not read; rename it"
            )
        if self.kind == "slug":
            return (
                f"{loser} and {winner} both claim the topic slug {_slug(self.loser)!r} (a topic's "
                f"slug is its file name): {loser} is not read; rename one of them"
            )
        if self.kind == "case":
            return (
                f"{loser} and {winner} differ only in case, so they would be one file on "
                f"case-insensitive file systems and hosts: {loser} is not read; rename one of them"
            )
        return (
            f"{loser} and {winner} would both be the page {self.winner}/ in dirhtml: "
            f"{loser} is not read; merge them, or rename one"
        )


def _slug(docname: str) -> str:
    return docname.rsplit("/", 1)[-1]


def topic_collisions(docnames: Iterable[str], topics_dir: str) -> list[Collision]:
    prefix = topics_dir + "/"
    by_slug: dict[str, list[str]] = {}
    for docname in docnames:
        if docname.startswith(prefix):
            by_slug.setdefault(key(_slug(docname)), []).append(docname)
    found = []
    for slug, claimants in sorted(by_slug.items()):
        if slug == "index":
            found.extend(Collision(d, topics_dir, "reserved") for d in sorted(claimants))
            continue
        winner, *losers = sorted(claimants, key=lambda d: (d.count("/"), d))
        found.extend(Collision(d, winner, "slug") for d in losers)
    return found


def dirhtml_collisions(docnames: Iterable[str]) -> list[Collision]:
    names = set(docnames)
    return [
        Collision(d, d[: -len("/index")], "dirhtml")
        for d in sorted(names)
        if d.endswith("/index") and d[: -len("/index")] in names
    ]


def case_collisions(docnames: Iterable[str], dirhtml: bool) -> list[Collision]:
    """Pages whose output files differ only in case (``X/index`` is ``X`` in dirhtml)."""
    by_key: dict[str, list[str]] = {}
    for docname in docnames:
        page = docname.removesuffix("/index") if dirhtml else docname
        by_key.setdefault(key(page), []).append(docname)
    found = []
    for _key, claimants in sorted(by_key.items()):
        winner, *losers = sorted(claimants, key=lambda d: (d != d.lower(), d))
        found.extend(Collision(d, winner, "case") for d in losers)
    return found


def collisions(docnames: Iterable[str], topics_dir: str, dirhtml: bool) -> list[Collision]:
    """Every file to leave out, in a stable order; each loser appears once."""
    names = set(docnames)
    found = topic_collisions(names, topics_dir)
    if dirhtml:
        names -= {c.loser for c in found}
        found += dirhtml_collisions(names)
    names -= {c.loser for c in found}
    found += case_collisions(names, dirhtml)
    return found
