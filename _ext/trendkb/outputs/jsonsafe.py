"""JSON for machines that read it strictly: ``catalog.json``, JSON-LD, the search filters.

Python's ``json`` writes ``NaN`` and ``Infinity`` for such floats, which no JSON parser
accepts (``JSON.parse`` in a browser fails on the whole document). Front matter kept as it
is (``kb_unknown_fields = "keep"``) can hold them (``!!float 1e999``); here any value
becomes strict JSON: non-finite numbers and anything else JSON has no form for as text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any


def plain(value: Any) -> Any:
    """``value`` with only what strict JSON holds: text keys, finite numbers, text."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(item) for item in items]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def dumps(value: Any, **options: Any) -> str:
    return json.dumps(plain(value), allow_nan=False, **options)
