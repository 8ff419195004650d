"""The imported archives against the floor: the migration corpus built both ways, side by side.

The knowledge base builds ``tests/roots/test-archives`` (unmodified posts of thirteen engines,
their configuration files beside them) with its own conf.py; the floor builds the same files
with MyST and Furo alone, every suffix the knowledge base reads (``.md``, ``.markdown``,
``.qmd``, ``.mdx``) read as Markdown. Builds alternate, each a fresh process from an empty
output folder (``run.sphinx_build``), and the report gives medians and the ratio (issue 16:
at most 1.2x).

    python benchmarks/archives.py --runs 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # benchmarks/ is not a package: import it from its folder

ROOT = run.REPO / "tests" / "roots" / "test-archives"

# The floor reads what the knowledge base reads, with the same MyST settings as its conf.py.
FLOOR_CONF = '''\
"""Archive floor: MyST and Furo alone, the archive's files read as Markdown."""

project = "Archive floor"
language = "en"
extensions = ["myst_parser"]
root_doc = "index"
include_patterns = ["index.md", "docs/**"]
source_suffix = {".md": "markdown", ".markdown": "markdown", ".qmd": "markdown", ".mdx": "markdown"}
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist"]
myst_title_to_header = True
html_theme = "furo"
html_copy_source = False
suppress_warnings = ["toc.not_included", "myst.header", "myst.xref_missing"]
'''


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per site (default 3)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kb-archives-") as tmp:
        work = Path(tmp)
        sites = {}
        for name in ("kb", "floor"):
            src = work / name / "src"
            shutil.copytree(ROOT, src)
            if name == "floor":
                (src / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
            sites[name] = src
        posts = sum(
            1
            for path in (sites["kb"] / "docs").rglob("*")
            if path.suffix in {".md", ".markdown", ".qmd", ".mdx"}
        )
        seconds: dict[str, list[float]] = {name: [] for name in sites}
        peaks: dict[str, list[float]] = {name: [] for name in sites}
        for attempt in range(args.runs):
            for name in sorted(sites, reverse=attempt % 2 == 1):  # alternate which goes first
                out = work / name / f"out{attempt}"
                build = run.sphinx_build(sites[name], out, 1, ("-E", "-d", str(out / ".." / f"d{attempt}")))
                seconds[name].append(build.seconds)
                peaks[name].append(build.peak_mib)
                run.log(f"{name} run {attempt + 1}: {build.seconds:.1f} s, {build.peak_mib:.0f} MiB")

    kb, floor = (statistics.median(seconds[name]) for name in ("kb", "floor"))
    print(f"\n{posts} source files of tests/roots/test-archives, {args.runs} run(s) each, medians:\n")
    print("| site | full build (s) | peak RSS (MiB) |")
    print("| --- | --: | --: |")
    for name in sites:
        print(f"| {name} | {statistics.median(seconds[name]):.1f} | {statistics.median(peaks[name]):.0f} |")
    verdict = "pass" if kb / floor <= 1.2 else "FAIL"
    print(f"\nKB / floor: {kb / floor:.2f}x (target <= 1.2x): {verdict}")


if __name__ == "__main__":
    main()
