"""Dates as blog engines write them, read into aware instants.

Pure functions: no Sphinx here. Accepted shapes, quoted or not (the front-matter
loader keeps them as text):

- ``2024-03-04`` (midnight in the site's time zone);
- ISO 8601 / RFC 3339: ``2024-03-04T10:30:00Z``, ``2024-03-04T10:30+02:00``;
- Jekyll and YAML timestamps: ``2017-07-11 9:00:00``, ``2021-04-08 16:45:00 -0400``,
  ``2001-12-14 21:59:43.10 -5``;
- Nextra's ``2016/5/21``: year first, so never ambiguous (``04/03/2024`` is refused).

A date in a file or folder name may have one-digit months and days, as Jekyll reads
them (``2022-04-1-slug.md``).

A time without an offset is a wall-clock time in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import jsonschema

#: The schema's ``format`` for publication and update dates.
FORMAT = "kb-date"
#: The schema's ``format`` for a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD).
PARTIAL_FORMAT = "kb-partial-date"
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

_DATE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?:[ \t]*(?P<zone>[Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?"
)
_SLASHED = re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})")
# VuePress and hand-written front matter: "2019-2-26" (one-digit month or day, no time).
_ISO_LOOSE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_REPEATED_YEAR = re.compile(
    r"(?P<head>(?P<year>\d{4})-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)\s+(?P<again>\d{4})\s+"
    r"(?P<zone>[+-]\d{2}:?\d{2})"
)
#: Words a written-out date may hold besides numbers: months, weekdays, "at", am/pm, UTC.
_MONTHS = "january february march april may june july august september october november december"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_WORDS = frozenset(
    {
        *_MONTHS.split(),
        *(month[:3] for month in _MONTHS.split()),
        "sept",
        *_WEEKDAYS.split(),
        *(day[:3] for day in _WEEKDAYS.split()),
        *("at", "am", "pm", "a.m.", "p.m.", "utc", "gmt", "z", "st", "nd", "rd", "th", "of"),
    }
)
_WORD = re.compile(r"[A-Za-z][A-Za-z.]*")
# A date at the start of a file or folder name: Jekyll's 2024-03-04-slug.md (and
# 2022-04-1-slug.md: its pattern takes one or two digits), Hugo's bundles.
_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[-_]|$)")


def _offset(zone: str) -> dt.tzinfo:
    if zone in ("Z", "z"):
        return dt.UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"offset {zone} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse(text: str, zone: dt.tzinfo = dt.UTC) -> dt.datetime:
    """The instant ``text`` names; a date or time without an offset is read in ``zone``.

    Raises ValueError for text that is not one of the accepted shapes or names an
    impossible date or time (``2024-02-30``, ``25:00``).
    """
    stripped = text.strip()
    match = _DATE.fullmatch(stripped) or _SLASHED.fullmatch(stripped) or _ISO_LOOSE.fullmatch(stripped)
    if match is None:
        repeated = _REPEATED_YEAR.fullmatch(stripped)
        if repeated and repeated["year"] == repeated["again"]:
            # Jekyll reads what Ruby's Time.parse reads, the `date` command's year included:
            # "2023-01-29 18:30:22 2023 -0800".
            return parse(f"{repeated['head']} {repeated['zone']}", zone)
        return _written_out(stripped, text, zone)
    part = dict.fromkeys(("hour", "minute", "second", "fraction", "zone")) | match.groupdict()
    fraction = (part["fraction"] or "")[:6].ljust(6, "0")
    naive = dt.datetime(
        int(part["year"]),
        int(part["month"]),
        int(part["day"]),
        int(part["hour"] or 0),
        int(part["minute"] or 0),
        int(part["second"] or 0),
        int(fraction),
    )
    # fold=0: an ambiguous wall-clock time (the hour repeated in autumn) is its first occurrence.
    instant = naive.replace(tzinfo=_offset(part["zone"]) if part["zone"] else zone)
    _in_range(instant, text)
    return instant


#: Instants every time zone can show: a day inside the calendar's ends (year 1 and 9999).
_EARLIEST = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
_LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


def _in_range(instant: dt.datetime, text: str) -> None:
    try:
        utc = instant.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"date out of range: {text!r}") from None
    if not _EARLIEST <= utc <= _LATEST:
        raise ValueError(f"date out of range: {text!r}")


def _written_out(stripped: str, text: str, zone: dt.tzinfo) -> dt.datetime:
    """Dates as blog engines also accept them: "November 1, 2019" (Jekyll), "Jul 08 2022"
    (Astro), "Mon, 02 Jan 2006 15:04:05 -0700" (Hugo, RFC 2822), "June 3rd, 2021 at 5pm".

    The same strictness for every shape: a month name and a four-digit year are required (so
    "04/03/2024", April or March, is refused), every part of the day must be given, no word
    may be left unread, and an impossible date is refused.
    """
    import warnings

    from dateutil import parser

    words = [w.lower() for w in _WORD.findall(stripped)]
    months = [w for w in words if w.rstrip(".") in _WORDS and w[:3] in _MONTHS]
    if not months or not re.search(r"(?<!\d)\d{4}(?!\d)", stripped) or len(stripped) > 80:
        raise ValueError(f"not a date: {text!r}")
    if any(w.rstrip(".") not in _WORDS and w not in _WORDS for w in words):
        raise ValueError(f"not a date: {text!r}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = parser.parse(stripped, default=dt.datetime(2000, 1, 1))
            second = parser.parse(stripped, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, parser.ParserError):
        raise ValueError(f"not a date: {text!r}") from None
    if first.date() != second.date():
        raise ValueError(f"not a whole date (year, month and day): {text!r}")
    instant = first if first.tzinfo is not None else first.replace(tzinfo=zone)
    _in_range(instant, text)
    return instant


def is_date(value: object) -> bool:
    """For the schema's format checker: text in one of the accepted shapes, and a real date."""
    if not isinstance(value, str):
        return True  # the type is the schema's "type" keyword's business
    try:
        parse(value)
    except ValueError:
        return False
    return True


def is_partial_date(value: object) -> bool:
    """A real year, month or day: ``2024``, ``2024-02``, ``2024-02-29`` (not ``2024-02-30``)."""
    if not isinstance(value, str):
        return True
    match = _PARTIAL.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return year >= 1


def format_checker(base: jsonschema.FormatChecker) -> jsonschema.FormatChecker:
    """``base`` (a draft's checker) plus the ``kb-date`` and ``kb-partial-date`` formats."""
    checker = jsonschema.FormatChecker(base.checkers)
    checker.checks(FORMAT)(is_date)
    checker.checks(PARTIAL_FORMAT)(is_partial_date)
    return checker


def date_from_name(docname: str) -> str | None:
    """``2024-03-04`` from ``.../2024-03-04-slug`` or ``.../2024-03-04-slug/index``, if real.

    One-digit months and days are padded: ``2022-04-1-slug`` gives ``2022-04-01``.
    """
    parts = docname.split("/")
    name = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    year, month, day = match.groups()
    text = f"{year}-{int(month):02d}-{int(day):02d}"
    return text if is_date(text) else None


def time_zone(name: str) -> dt.tzinfo:
    """The IANA time zone ``name`` ("UTC", "Europe/Paris"); ValueError if unknown."""
    if name.upper() == "UTC":
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def machine(instant: dt.datetime) -> dt.datetime:
    """The instant as machines read it: RFC 3339 offsets are whole minutes, so a historic
    offset such as Amsterdam's +00:19:32 (before 1937) is given in UTC instead."""
    offset = instant.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        return instant.astimezone(dt.UTC)
    return instant


def timestamp(instant: dt.datetime) -> str:
    """RFC 3339 with the offset, to the second: what ``<time datetime>``, JSON-LD, Atom,
    the sitemap and ``catalog.json`` carry (the one formatter for all of them)."""
    return machine(instant).isoformat(timespec="seconds")
