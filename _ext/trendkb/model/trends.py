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


def describe_history(history: tuple[tuple[str, str], ...]) -> str:
    """The timeline in words: "emerging in 2018, growing from 2020, mainstream from 2023"."""
    words = [
        f"{status} {'in' if index == 0 else 'from'} {date}" for index, (date, status) in enumerate(history)
    ]
    return ", ".join(words).capitalize() + "." if words else ""


# -- movement on the radar ------------------------------------------------------------

#: The radar's rings, innermost first: the more established a trend, the nearer the centre.
RINGS = ("mainstream", "growing", "emerging", "fading")
#: How a topic moved since a date, as technology radars mark it.
MOVEMENTS = ("new", "in", "out")


def date_key(date: str) -> tuple[int, int, int]:
    """A date text (YYYY, YYYY-MM, YYYY-MM-DD) as a tuple; a missing month or day is the first."""
    parts = [int(part) for part in date.split("-")]
    return (*parts, *(1,) * (3 - len(parts)))  # type: ignore[return-value]


def status_before(history: tuple[tuple[str, str], ...], since: str) -> str | None:
    """The status the history gives just before ``since`` (None: the topic was not there yet)."""
    before = [status for date, status in history if date_key(date) < date_key(since)]
    return before[-1] if before else None


def movement(topic: Topic, since: str) -> str | None:
    """ "new" (first placed on or after ``since``), "in" (nearer the centre), "out", or None.

    A topic without a history, or one whose ring is the same as before, did not move.
    """
    if not topic.status_history or topic.status not in RINGS:
        return None
    before = status_before(topic.status_history, since)
    if before is None:
        return "new"
    if before not in RINGS or before == topic.status:
        return None
    return "in" if RINGS.index(topic.status) < RINGS.index(before) else "out"


def default_since(topics: Iterable[Topic]) -> str | None:
    """Twelve months before the newest date of any topic (history or ``as_of``), as YYYY-MM."""
    dates = [date for t in topics for date, _ in t.status_history] + [t.as_of for t in topics if t.as_of]
    if not dates:
        return None
    year, month, _ = max(date_key(date) for date in dates)
    return f"{year - 1:04d}-{month:02d}"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def readable(date: str) -> str:
    """A date text for readers: "2025", "September 2025", "15 September 2025"."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {month}" if len(parts) == 3 else month


def moved_words(topic: Topic, since: str) -> str:
    """The movement in words, for the radar's list and its blips' names ("" when none)."""
    kind = movement(topic, since)
    if kind is None:
        return ""
    when = readable(since)
    if kind == "new":
        return f"new since {when}"
    before = STATUS_LABELS[status_before(topic.status_history, since)].lower()
    return f"moved {'in' if kind == 'in' else 'out'} from {before} since {when}"
