"""Digests of plain data: what a page or a file was made from, compared between builds."""

from __future__ import annotations

import hashlib


def digest(value: object) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()
