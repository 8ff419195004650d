"""Trend lifecycles: statuses over time, areas, review dates. Pure functions, no Sphinx.

The schema checks each field's shape; what needs two fields or the configuration is
checked here (the build and ``python -m trendkb check`` share these messages).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .catalog import Article, Topic

#: The statuses, in lifecycle order (the radar draws its rings from mainstream outwards).
STATUSES = ("emerging", "growing", "mainstream", "fading")
#: What each status means (the topics overview defines them for readers too).
STATUS_LABELS = {
    "emerging": "Emerging",
    "growing": "Growing",
    "mainstream": "Mainstream",
    "fading": "Fading",
}


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    subtype: str


def problems(topic: Topic, areas: Mapping[str, str]) -> list[Problem]:
    """What is wrong across a topic's lifecycle fields, each at its field's line."""
    found = []
    history = topic.status_history
    years = [_sort_key(date) for date, _ in history]
    if years != sorted(years):
        shown = ", ".join(date for date, _ in history)
        found.append(
            Problem(
                topic.line_of("status_history"),
                f"field 'status_history': expected its entries oldest first, got the dates {shown}",
                "trend",
            )
        )
    if history and topic.status_given and topic.status != history[-1][1]:
        found.append(
            Problem(
                topic.line_of("status"),
                f"field 'status': {topic.status!r} disagrees with the last entry of status_history "
                f"({history[-1][1]!r}, {history[-1][0]}): expected them to agree, or status left out",
                "trend",
            )
        )
    if topic.area is not None and topic.area not in areas:
        found.append(
            Problem(
                topic.line_of("area"),
                f"field 'area': unknown area {topic.area!r}: expected one of {', '.join(areas)} "
                "(kb_topic_areas)",
                "trend",
            )
        )
    return found


def _sort_key(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-"))


def year_of(date: str) -> int:
    return int(date[:4])


def today(zone: dt.tzinfo) -> dt.date:
    """The build's date in the site's time zone: ``SOURCE_DATE_EPOCH`` when set (``publishing.now``)."""
    from .publishing import now

    return now().astimezone(zone).date()


def is_due(topic: Topic, today: dt.date, after_days: int) -> bool:
    """Never reviewed, or reviewed more than ``after_days`` days before ``today``."""
    return topic.last_reviewed is None or (today - topic.last_reviewed).days > after_days


def due_for_review(topics: Iterable[Topic], today: dt.date, after_days: int) -> list[Topic]:
    """The topics due for review, longest unreviewed first (never reviewed before all)."""
    due = [t for t in topics if is_due(t, today, after_days)]
    return sorted(due, key=lambda t: (t.last_reviewed or dt.date.min, (t.title or t.slug).casefold(), t.slug))


def articles_per_year(docnames: Iterable[str], articles: Mapping[str, Article]) -> dict[int, int]:
    """Year -> how many of ``docnames`` were published that year, every year between the first and last."""
    counts = Counter(articles[d].date.year for d in dict.fromkeys(docnames) if articles[d].date)
    if not counts:
        return {}
    return {year: counts.get(year, 0) for year in range(min(counts), max(counts) + 1)}
