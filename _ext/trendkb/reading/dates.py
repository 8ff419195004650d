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

_DATE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?:[ \t]*(?P<zone>[Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?"
)
_SLASHED = re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})")
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
    match = _DATE.fullmatch(text.strip()) or _SLASHED.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a date: {text!r}")
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
    if part["zone"]:
        return naive.replace(tzinfo=_offset(part["zone"]))
    # fold=0: an ambiguous wall-clock time (the hour repeated in autumn) is its first occurrence.
    return naive.replace(tzinfo=zone)


def is_date(value: object) -> bool:
    """For the schema's format checker: text in one of the accepted shapes, and a real date."""
    if not isinstance(value, str):
        return True  # the type is the schema's "type" keyword's business
    try:
        parse(value)
    except ValueError:
        return False
    return True


def format_checker(base: jsonschema.FormatChecker) -> jsonschema.FormatChecker:
    """``base`` (a draft's checker) plus the ``kb-date`` format."""
    checker = jsonschema.FormatChecker(base.checkers)
    checker.checks(FORMAT)(is_date)
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


def timestamp(instant: dt.datetime) -> str:
    """RFC 3339 with the offset, to the second: what ``<time datetime>`` and JSON-LD carry."""
    return instant.isoformat(timespec="seconds")
