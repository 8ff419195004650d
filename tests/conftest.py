"""Test setup: Sphinx's own fixtures, test sites under tests/roots/, and HTML helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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


# Hypothesis profiles (tests/test_properties.py): "ci", the default, is derandomized
# (the same examples on every run) and small; HYPOTHESIS_PROFILE=deep runs many more.
# No example database: a failure prints its @reproduce_failure blob instead.
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
