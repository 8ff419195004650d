"""The W3C Nu HTML checker (vnu.jar, from ``npm ci``): its errors for built pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("KB_VNU") or REPO / "node_modules/vnu-jar/build/dist/vnu.jar")


def nu_errors(pages: list[Path]) -> list[str]:
    """Every error the checker finds in ``pages`` ("file:line: message"); skips without it."""
    if not JAR.is_file():
        pytest.skip(f"no Nu checker at {JAR}: run `npm ci` (or set KB_VNU to a vnu.jar)")
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu checker needs Java (apt-get install default-jre-headless)")
    result = subprocess.run(
        [java, "-jar", str(JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
