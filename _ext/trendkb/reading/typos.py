"""A "did you mean" suggestion only for what is plausibly a typo of a known name.

Pure functions: no Sphinx here. difflib's ratio calls ``toc`` close to ``topics`` and
``series`` close to ``categories``: keys other engines use on purpose. A typo here is
at most one edit (insert, delete, substitute or swap two neighbours) for short names,
two for names of five letters or more with the first letter right; case is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable


def distance(a: str, b: str, limit: int = 3) -> int:
    """Edits between ``a`` and ``b`` (optimal string alignment), at most ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) >= limit:
            return limit
        before, row = row, current
    return min(row[-1], limit)


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` is most plausibly a typo of, or None."""
    folded = name.casefold()
    best, best_distance = None, 3
    for candidate in known:
        other = candidate.casefold()
        if other == folded:
            return candidate
        allowed = 2 if min(len(folded), len(other)) >= 5 and folded[:1] == other[:1] else 1
        edits = distance(folded, other)
        if len(folded) >= 3 and edits <= allowed and edits < best_distance:
            best, best_distance = candidate, edits
    return best
