"""Lighthouse scores of the built site: five page types, mobile and desktop.

Builds the site (or takes a built ``html`` folder with ``--site``), serves it on a free
port of 127.0.0.1, and runs Lighthouse from npm against Debian's Chromium with every
request that leaves 127.0.0.1 blocked. Writes a Markdown table (and the audits that did
not pass) to ``benchmarks/lighthouse.md`` and prints it.

Lighthouse is not a dependency of the site: on first use it is installed with npm into a
cache folder outside the repository (``--lighthouse-dir``), pinned below, so ``npm ci``
stays as light as the tests need.

    python benchmarks/lighthouse.py                 # build, then measure
    python benchmarks/lighthouse.py --site _build/html --runs 3
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.8.2"  # 13.x needs Node 22; Debian's is 20
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "trendkb-lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Everything but the local server fails to resolve, so no request leaves the machine.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
CATEGORIES = [
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
]
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FORM_FACTORS = ("mobile", "desktop")
RUN_TIMEOUT = 240  # seconds for one Lighthouse run


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pages(site: Path) -> list[tuple[str, str]]:
    """(label, path) of the page types measured; the first of each kind, by name."""

    def first(pattern: str, exclude: str = "") -> str:
        found = sorted(
            p.relative_to(site).as_posix()
            for p in site.glob(pattern)
            if p.is_file() and not (exclude and p.name == exclude)
        )
        if not found:
            sys.exit(f"no page matches {pattern} in {site}")
        return found[0]

    return [
        ("home", "index.html"),
        ("article", first("docs/articles/**/*.html")),
        ("topic", first("docs/topics/*.html")),
        ("topics overview", "docs/topics.html"),
        ("tag", first("docs/tags/*.html")),
        # The search page as the sidebar opens it, and as a shared link does (results drawn by
        # the script once Pagefind has loaded).
        ("search", "search.html"),
        ("search, shared link", "search.html?q=transformer"),
    ]


def build(dest: Path) -> Path:
    out = dest / "html"
    log(f"building the site into {out} ...")
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(REPO), str(out)]
    subprocess.run(cmd, check=True, cwd=REPO, timeout=1800)
    return out


def lighthouse_bin(folder: Path) -> Path:
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if binary.is_file():
        return binary
    log(f"installing {LIGHTHOUSE} into {folder} (once) ...")
    folder.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm") or sys.exit("npm is needed to install Lighthouse (apt-get install npm)")
    cmd = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(folder), LIGHTHOUSE]
    subprocess.run(cmd, check=True, timeout=600)
    return binary


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the table is the output, not the access log
        pass


def serve(site: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(binary: Path, url: str, form_factor: str, report: Path) -> dict:
    cmd = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(key for key, _ in CATEGORIES),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--max-wait-for-load=30000",
    ]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(cmd, check=True, env=env, timeout=RUN_TIMEOUT, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text(encoding="utf-8"))


def failing(result: dict) -> list[str]:
    """The audits that lost points in the categories that should score 100 (and performance)."""
    lines = []
    for key, _ in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            score = audit.get("score")
            weighted = ref.get("weight", 0) > 0
            if score is not None and score < (0.9 if key == "performance" else 1) and weighted:
                shown = audit.get("displayValue") or f"score {score:.2f}"
                where = _where(audit) if key != "performance" else ""
                lines.append(f"{key}: `{ref['id']}` ({audit['title']}; {shown}){where}")
    return lines


def _where(audit: dict) -> str:
    """The first elements or URLs an audit names, so the line says what to fix."""
    found = []
    for item in audit.get("details", {}).get("items", []):
        node = item.get("node") or {}
        source = item.get("sourceLocation") or {}
        text = node.get("selector") or source.get("url") or item.get("url")
        if text and text not in found:
            found.append(str(text).split("://", 1)[-1].split("/", 1)[-1] if "://" in str(text) else str(text))
    if not found:
        return ""
    more = f" and {len(found) - 2} more" if len(found) > 2 else ""
    return ": " + ", ".join(f"`{text}`" for text in found[:2]) + more


def scores(result: dict) -> dict[str, int]:
    return {key: round(result["categories"][key]["score"] * 100) for key, _ in CATEGORIES}


def measure(site: Path, binary: Path, runs: int, workdir: Path, only: list[str] | None = None) -> list[dict]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        for label, path in pages(site):
            if only and label not in only:
                continue
            for form_factor in FORM_FACTORS:
                results = []
                for run in range(runs):
                    log(f"{label} ({path}), {form_factor}, run {run + 1}/{runs}")
                    report = workdir / f"{label.replace(' ', '-')}-{form_factor}-{run}.json"
                    results.append(run_lighthouse(binary, base + path, form_factor, report))
                each = [scores(r) for r in results]
                median = {key: round(statistics.median(s[key] for s in each)) for key, _ in CATEGORIES}
                # One line per audit (the first run's wording: its value varies from run to run).
                lines = {line.split("` (")[0]: line for r in reversed(results) for line in failing(r)}
                audits = sorted(lines.values())
                row = {"page": label, "path": path, "form": form_factor, "scores": median}
                rows.append({**row, "audits": audits})
    finally:
        server.shutdown()
    return rows


def version(program: str) -> str:
    return subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()


def report(rows: list[dict], binary: Path, runs: int, command: str) -> str:
    head = "| page | form factor | " + " | ".join(title for _, title in CATEGORIES) + " |"
    lines = [
        "# Lighthouse",
        "",
        f"Lighthouse {version(str(binary))}, {version(CHROME)}, {platform.machine()}, "
        f"{datetime.date.today().isoformat()}; median of {runs} run(s) per cell. "
        "Requests outside 127.0.0.1 are blocked. Goals: performance 95 or more, the others 100 "
        "(a cell below its goal is in bold).",
        "",
        f"Command: `{command}`",
        "",
        head,
        "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " |",
    ]
    for row in rows:
        cells = []
        for key, _ in CATEGORIES:
            value = row["scores"][key]
            cells.append(f"**{value}**" if value < GOALS[key] else str(value))
        lines.append(f"| {row['page']} (`{row['path']}`) | {row['form']} | " + " | ".join(cells) + " |")
    lines += ["", "## Audits that did not pass", ""]
    any_failing = False
    for row in rows:
        if row["audits"]:
            any_failing = True
            lines.append(f"- {row['page']}, {row['form']}:")
            lines += [f"  - {audit}" for audit in row["audits"]]
    if not any_failing:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built html folder (default: build the repository)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "lighthouse.md")
    parser.add_argument("--lighthouse-dir", type=Path, default=CACHE, help="where Lighthouse is installed")
    parser.add_argument("--keep", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("--only", nargs="+", help="measure only these page types (e.g. search)")
    args = parser.parse_args(argv)
    if not Path(CHROME).is_file():
        sys.exit(f"no browser at {CHROME}: apt-get install chromium, or set CHROME_PATH")
    binary = lighthouse_bin(args.lighthouse_dir)
    command = "python benchmarks/lighthouse.py" + (f" --runs {args.runs}" if args.runs != 1 else "")
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as tmp:
        site = args.site.resolve() if args.site else build(Path(tmp))
        workdir = args.keep or Path(tmp) / "reports"
        workdir.mkdir(parents=True, exist_ok=True)
        rows = measure(site, binary, args.runs, workdir, args.only)
    text = report(rows, binary, args.runs, command)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
