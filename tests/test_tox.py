"""Each tox environment's command, run as tox would run it, without tox making virtualenvs.

tox.ini is parsed here (``set_env`` inherited from ``[testenv]``, ``{posargs}``,
``{toxinidir}`` and ``{env_tmp_dir}`` substituted); the commands run with the
environment tox would give them (its own variables, not the caller's), against a copy
of a small test site or, for ``py``, the repository (collection only).
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kbtest import copy_root

REPO = Path(__file__).resolve().parent.parent
TOX_INI = REPO / "tox.ini"


def tox_config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(TOX_INI, encoding="utf-8")
    return parser


def setting(env: str, key: str) -> str | None:
    """A setting of ``[testenv:<env>]``, or of ``[testenv]``, which every environment inherits."""
    config = tox_config()
    for section in (f"testenv:{env}", "testenv"):
        if config.has_option(section, key):
            return config.get(section, key)
    return None


def set_env(env: str) -> dict[str, str]:
    lines = (setting(env, "set_env") or "").strip().splitlines()
    return {name.strip(): value.strip() for name, _, value in (line.partition("=") for line in lines if line)}


def commands(env: str, toxinidir: Path, env_tmp_dir: Path, posargs: list[str]) -> list[list[str]]:
    found = []
    for line in (setting(env, "commands") or "").strip().splitlines():
        words = shlex.split(
            line.replace("{toxinidir}", str(toxinidir)).replace("{env_tmp_dir}", str(env_tmp_dir))
        )
        found.append([arg for word in words for arg in (posargs if word == "{posargs}" else [word])])
    return found


def environment(env: str, **extra: str) -> dict[str, str]:
    """What tox passes to a command: a few of the caller's variables, then the env's set_env."""
    passed = {name: os.environ[name] for name in ("HOME", "LANG", "TMPDIR", "TERM") if name in os.environ}
    # The environment's virtualenv first on PATH: here, the one running the tests.
    passed["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    # Plain, unbuffered output, so the test can follow a long-running command's log.
    passed |= {"NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    return passed | set_env(env) | extra


def test_no_environment_turns_every_warning_into_an_error():
    config = tox_config()
    envs = ["py"] + [s.removeprefix("testenv:") for s in config.sections() if s.startswith("testenv:")]
    assert {"py", "docs", "live", "lint"} <= set(envs)
    for env in envs:
        assert "PYTHONWARNINGS" not in set_env(env), env


def test_docs_builds_a_site(rootdir, tmp_path):
    site = copy_root(rootdir, "basic", tmp_path / "site")
    (command,) = commands("docs", site, tmp_path / "env-tmp", [])
    assert command[:3] == ["python", "-m", "sphinx"] and "-W" in command
    done = subprocess.run(
        command,
        cwd=site,
        env=environment("docs", PYTHONPATH=str(REPO / "_ext")),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "env-tmp/html/index.html").is_file()


def test_py_collects_the_tests(tmp_path):
    (command,) = commands("py", REPO, tmp_path, ["--collect-only", "-q", "-p", "no:cacheprovider"])
    done = subprocess.run(
        command, cwd=REPO, env=environment("py"), capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "tests collected" in done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(log: Path, text: str, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count(text) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"no {count}x {text!r} within {timeout}s:\n{log.read_text(errors='replace')}")


def test_live_rebuilds_pages_when_the_extension_changes(rootdir, tmp_path):
    pytest.importorskip("sphinx_autobuild")
    # A site with its own copy of the extension, as the repository has: edits stay in tmp_path.
    site = copy_root(rootdir, "basic", tmp_path / "site")
    shutil.copytree(REPO / "_ext", site / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (command,) = commands(
        "live", site, tmp_path / "env-tmp", ["--host", "127.0.0.1", "--port", str(free_port())]
    )
    assert command[0] == "sphinx-autobuild" and "--watch" in command
    log = tmp_path / "live.log"
    env = environment("live", PYTHONPATH=str(site / "_ext"))
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=site, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(log, "Waiting to detect changes", 1)
        article = site / "_build/live/docs/articles/zeta.html"
        written = article.stat().st_mtime_ns
        time.sleep(2)  # the watcher starts just after the message
        template = site / "_ext/trendkb/pages/templates/byline.html"
        template.write_text(
            template.read_text(encoding="utf-8") + "<!-- kb-live-edit -->\n", encoding="utf-8"
        )
        wait_for(log, "build succeeded", 2)
        rebuild = log.read_text(errors="replace").split("Detected changes", 1)[1]
        assert "build environment version not current" in rebuild  # fingerprint.py
        assert article.stat().st_mtime_ns > written, "the article was not written again"
        assert "kb-live-edit" in article.read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
