"""Peak memory of all the processes of a build (Sphinx, its -j workers, Pagefind), and index time.

``run.py`` reports the largest single process (the kernel's ``maxrss``); Pagefind runs
beside Sphinx, so what the machine needs is the sum. This samples the resident set of the
build's whole process tree every 20 ms and reports the peak of the sum, of the Sphinx
processes and of Pagefind, for a full build, a body edit and a build that changed nothing,
on the benchmark corpus (``corpus.py``) in a copy of this site.

    python benchmarks/search_memory.py -n 2000
    python benchmarks/search_memory.py -n 2000 --repo /tmp/before   # another checkout, to compare

``--repo`` is copied as the site (its ``conf.py`` and ``_ext/``), so a checkout of an older
commit measures the older extension with the same corpus.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # benchmarks/ is not a package: import it from its folder
from run import APPENDED, LINKED, NOT_SITE, REPO

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        stack += _children(current)
    return pids


def _rss(pid: int) -> tuple[str, int]:
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return "", 0
    return name, pages * PAGE


@dataclass
class Measure:
    seconds: float
    peak_total: int = 0  # bytes, the sum over the tree at its largest
    peak_sphinx: int = 0  # the Sphinx processes (python), summed, at their largest
    peak_pagefind: int = 0
    index_seconds: float | None = None
    indexed: str = ""

    def row(self, label: str) -> str:
        mib = 1024 * 1024
        index = "-" if self.index_seconds is None else f"{self.index_seconds:.1f}"
        return (
            f"| {label} | {self.seconds:.1f} | {index} | {self.peak_total / mib:.0f} | "
            f"{self.peak_sphinx / mib:.0f} | {self.peak_pagefind / mib:.0f} | {self.indexed} |"
        )


def measure(command: list[str], cwd: Path) -> Measure:
    log = cwd / "build.log"
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        result = Measure(0)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                total = sphinx = pagefind = 0
                for pid in _tree(process.pid):
                    name, rss = _rss(pid)
                    total += rss
                    if name.startswith("pagefind"):
                        pagefind += rss
                    else:
                        sphinx += rss
                result.peak_total = max(result.peak_total, total)
                result.peak_sphinx = max(result.peak_sphinx, sphinx)
                result.peak_pagefind = max(result.peak_pagefind, pagefind)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        done.set()
        sampler.join()
        result.seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if code:
        sys.exit(f"build failed:\n{text[-3000:]}")
    found = re.search(r"search: pagefind indexed (\S+) pages in ([\d.]+) s", text)
    if found:
        result.index_seconds = float(found.group(2))
        result.indexed = f"indexed {found.group(1)} pages"
    elif "no indexed text changed" in text:
        result.indexed = "not indexed: no text changed"
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to copy as the site")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-search-memory-"))
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(args.repo, site, ignore=NOT_SITE)
    for name in LINKED:
        if (REPO / name).is_dir() and not (site / name).exists():
            (site / name).symlink_to(REPO / name, target_is_directory=True)
    articles = corpus.write_corpus(site / "docs/articles", args.n, 4, 60, 0)
    env_python = [sys.executable, "-m", "sphinx", "-b", "html", ".", str(work / "out")]
    shutil.rmtree(work / "out", ignore_errors=True)
    rows = [measure(env_python, site).row("full build")]
    middle = sorted(articles, key=lambda a: (a.date, a.title))[len(articles) // 2]
    edited = site / "docs/articles" / middle.path
    edited.write_text(edited.read_text(encoding="utf-8") + APPENDED, encoding="utf-8")
    rows.append(measure(env_python, site).row("body edit"))
    rows.append(measure(env_python, site).row("no change"))
    print(f"N = {args.n}, site copied from {args.repo}")
    print(
        "| build | seconds | index (s) | peak, all processes (MiB) | Sphinx (MiB) | Pagefind (MiB) |", end=""
    )
    print(" search |")
    print("| --- | --: | --: | --: | --: | --: | --- |")
    print("\n".join(rows))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
