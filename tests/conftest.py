"""Test setup: Sphinx's own fixtures, test sites under tests/roots/, and HTML helpers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The test sites are copied to a temporary folder, so they cannot find _ext/ by
# their own path; the extension is importable from the repository instead.
sys.path.insert(0, str(REPO / "_ext"))
sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"
