"""Benchmark the knowledge base against the floor and the naive site, side by side.

For each corpus size N, three sites get the same generated articles (see corpus.py):

- kb:    a copy of this site (conf.py, trendkb and all) with the corpus in docs/articles/;
- floor: MyST and Furo alone, articles in no toctree, no extension (the least Sphinx does
         to render the pages);
- naive: the floor plus one glob toctree listing every article (what a newcomer writes).

Builds run in fresh ``python -m sphinx`` processes, alternating between sites, and the
report gives medians over the runs, the ratios the issue sets as targets, and which
pages each incremental build rewrote. See benchmarks/README.md.

    python benchmarks/run.py --sizes 500 2000 --runs 3
    python benchmarks/run.py --quick        # one run at N=40, a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # benchmarks/ is not a package: import it from its folder

REPO = Path(__file__).resolve().parent.parent
ARTICLES = Path("docs/articles")
TAGS_DIR = "docs/tags/"  # kb_tags_page of the real conf.py: generated tag pages live below it
TAGS_OVERVIEW = "docs/tags.html"
SPHINX_PAGES = ("search.html", "genindex.html")  # Sphinx rewrites these on every build
# What is not part of the site: never copied into the knowledge-base build.
NOT_SITE = shutil.ignore_patterns(
    ".git", "_build", ".tox", ".venv", "venv", "tests", "benchmarks", "__pycache__",
    ".pytest_cache", ".ruff_cache", "*.egg-info", "build", "dist", "node_modules",
)  # fmt: skip
# Not copied but linked (read only): the site serves mermaid from node_modules when present.
LINKED = ("node_modules",)
APPENDED = (
    "\nA paragraph added by the benchmark to time a body edit: it changes the text of this "
    "article and nothing that any other page shows.\n"
)

# The floor renders the same Markdown with the same MyST and HTML settings as the real
# conf.py, and nothing else. The naive site uses this conf.py too; only its index differs.
FLOOR_CONF = '''\
"""Benchmark floor: MyST and Furo alone, the same settings as the knowledge base."""

from docutils import nodes

project = "Benchmark floor"
language = "en"
extensions = ["myst_parser"]
root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Articles have no "# title" line: the knowledge base makes the front-matter title the
# heading, and MyST does the same here.
myst_title_to_header = True
html_theme = "furo"
html_last_updated_fmt = None
html_copy_source = False
# The floor's articles are in no toctree on purpose; checking that is part of every
# build, printing a warning per article is not.
suppress_warnings = ["toc.not_included"]


def _topic(name, rawtext, text, lineno, inliner, options=None, content=None):
    # The corpus cites topics with {topic}; the floor shows the slug as code, as cheaply
    # as possible, instead of an "unknown role" error per citation.
    return [nodes.literal(rawtext, text)], []


def setup(app):
    app.add_role("topic", _topic)
'''
FLOOR_INDEX = "# Benchmark floor\n\nThe articles are built as standalone pages in no toctree.\n"
NAIVE_INDEX = """\
# Naive site

```{toctree}
:glob:
:maxdepth: 1

docs/articles/**
```
"""


@dataclass
class Build:
    seconds: float
    cpu_seconds: float  # user + system, the worker processes of -j included
    peak_mib: float  # largest resident set of the build process or any of its workers
    warnings: int


@dataclass
class Rewrite:
    """An incremental build: its cost and the HTML files it wrote."""

    build: Build
    pages: list[str]  # every .html whose modification time changed, or that is new
    unchanged: list[str]  # of those, rewritten with identical bytes
    categories: dict[str, str]  # page -> why it may (or may not) be rewritten
    unexpected: list[str]


@dataclass
class SiteResult:
    full: list[Build] = field(default_factory=list)
    full_j2: list[Build] = field(default_factory=list)
    body_edit: list[Rewrite] = field(default_factory=list)
    retag: list[Rewrite] = field(default_factory=list)


@dataclass
class Site:
    name: str
    src: Path
    out: Path

    @property
    def articles(self) -> Path:
        return self.src / ARTICLES


# --- building -----------------------------------------------------------------------------


def sphinx_build(src: Path, out: Path, jobs: int) -> Build:
    """One ``sphinx-build`` in a child process, measured by the kernel's wait4."""
    log = out.with_name(out.name + ".log")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", str(jobs), str(src), str(out)]
    with log.open("w", encoding="utf-8") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4 gives this child's own rusage: maxrss is the largest of the process and
        # the -j workers it reaped, unlike RUSAGE_CHILDREN, which covers every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode:
        sys.exit(f"build failed ({shlex.join(command)}):\n{text[-3000:]}")
    return Build(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        warnings=sum("WARNING" in line for line in text.splitlines()),
    )


def full_build(site: Site, jobs: int) -> Build:
    shutil.rmtree(site.out, ignore_errors=True)
    return sphinx_build(site.src, site.out, jobs)


def snapshot(out: Path, target: re.Pattern[str]) -> dict[str, tuple[int, str, bool]]:
    """Every HTML file: modification time, content hash, whether it links to ``target``."""
    pages = {}
    for path in out.rglob("*.html"):
        data = path.read_bytes()
        links = bool(target.search(data.decode("utf-8", errors="replace")))
        pages[path.relative_to(out).as_posix()] = (
            path.stat().st_mtime_ns,
            hashlib.sha1(data).hexdigest(),
            links,
        )
    return pages


def link_pattern(article: Path) -> re.Pattern[str]:
    # Links are relative (../2021/x.html, x.html#section), so match the file name alone.
    return re.compile(rf'href="(?:[^"]*/)?{re.escape(article.stem)}\.html(?:#[^"]*)?"')


def incremental(site: Site, article: Path, edit, retag: bool) -> Rewrite:
    """Apply ``edit`` to one article, rebuild, and sort the pages that were written."""
    pattern = link_pattern(article)
    before = snapshot(site.out, pattern)
    path = site.articles / article
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    build = sphinx_build(site.src, site.out, 1)
    after = snapshot(site.out, pattern)

    own = (ARTICLES / article).with_suffix(".html").as_posix()
    pages = sorted(page for page, state in after.items() if before.get(page, (None,))[0] != state[0])
    unchanged = [page for page in pages if page in before and before[page][1] == after[page][1]]
    categories = {}
    for page in pages:
        linked_before = before.get(page, (0, "", False))[2]
        linked_after = after[page][2]
        if page == own:
            categories[page] = "the article"
        elif page in SPHINX_PAGES:
            categories[page] = "Sphinx index page"
        elif retag and page == TAGS_OVERVIEW:
            categories[page] = "tags overview"
        elif retag and page.startswith(TAGS_DIR) and linked_before and not linked_after:
            categories[page] = "old tag page"
        elif retag and page.startswith(TAGS_DIR) and linked_after and not linked_before:
            categories[page] = "new tag page"
        elif retag and (linked_before or linked_after) and page not in unchanged:
            categories[page] = "shows the article, content changed"
        elif linked_before or linked_after:
            categories[page] = "UNEXPECTED: shows the article" + (", same bytes" if page in unchanged else "")
        else:
            categories[page] = "UNEXPECTED" + (", same bytes" if page in unchanged else "")
    unexpected = [page for page, why in categories.items() if why.startswith("UNEXPECTED")]
    return Rewrite(build, pages, unchanged, categories, unexpected)


# --- sites --------------------------------------------------------------------------------


def make_sites(root: Path, n: int, args: argparse.Namespace) -> tuple[dict[str, Site], list]:
    sites = {}
    kb = Site("kb", root / "kb", root / "kb-out")
    shutil.copytree(REPO, kb.src, ignore=NOT_SITE)
    for name in LINKED:
        if (REPO / name).is_dir():
            (kb.src / name).symlink_to(REPO / name, target_is_directory=True)
    sites["kb"] = kb
    for name, index in (("floor", FLOOR_INDEX), ("naive", NAIVE_INDEX)):
        if name == "naive" and n > args.naive_max:
            continue
        site = Site(name, root / name, root / f"{name}-out")
        site.articles.mkdir(parents=True)
        (site.src / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
        (site.src / "index.md").write_text(index, encoding="utf-8")
        sites[name] = site
    articles = []
    for site in sites.values():
        articles = corpus.write_corpus(site.articles, n, args.tags, args.vocabulary, args.seed)
    return sites, articles


def choose_edits(articles: list, vocabulary: int) -> tuple[Path, Path, str, str]:
    """The body-edit article, the retag article, and its old and new tag.

    Both come from the middle of the date order, so neither is on the home page's
    latest list; the new tag is one other articles already carry, so its page exists.
    """
    by_date = sorted(articles, key=lambda a: (a.date, a.title))
    body, retagged = by_date[len(by_date) // 2], by_date[len(by_date) // 3]
    used = {tag for article in articles if article is not retagged for tag in article.tags}
    old = retagged.tags[0]
    new = next(tag for tag in corpus.tag_vocabulary(vocabulary) if tag in used and tag not in retagged.tags)
    return body.path, retagged.path, old, new


def retag_edit(old: str, new: str):
    def edit(text: str) -> str:
        head, rest = text.split("\ntags: ", 1)
        line, tail = rest.split("\n", 1)
        tags = [new if tag == old else tag for tag in json.loads(line)]
        return f"{head}\ntags: {json.dumps(tags)}\n{tail}"

    return edit


def append_paragraph(text: str) -> str:
    return text + APPENDED


# --- the benchmark ------------------------------------------------------------------------


def rotate(items: list, by: int) -> list:
    by %= len(items)
    return items[by:] + items[:by]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def describe(build: Build) -> str:
    return f"{build.seconds:.1f} s, {build.peak_mib:.0f} MiB" + (
        f", {build.warnings} warnings" if build.warnings else ""
    )


def run_size(n: int, args: argparse.Namespace, workdir: Path) -> dict[str, SiteResult]:
    root = workdir / f"n{n}"
    sites, articles = make_sites(root, n, args)
    body, retagged, old, new = choose_edits(articles, args.vocabulary)
    originals = {
        name: {p: (site.articles / p).read_text(encoding="utf-8") for p in (body, retagged)}
        for name, site in sites.items()
    }
    results = {name: SiteResult() for name in sites}
    log(f"N={n}: sites in {root}; body edit {body}, retag {retagged} ({old!r} -> {new!r})")

    def restore(site: Site) -> None:
        for path, text in originals[site.name].items():
            (site.articles / path).write_text(text, encoding="utf-8")

    names = list(sites)
    for run in range(args.runs):
        tag = f"N={n} run {run + 1}/{args.runs}"
        for name in rotate(names, run):
            site, result = sites[name], results[name]
            restore(site)
            result.full.append(full_build(site, 1))
            log(f"[{tag}] {name} full -j1: {describe(result.full[-1])}")
            if name == "naive":
                continue  # the naive site is only a reference for the full build
            result.body_edit.append(incremental(site, body, append_paragraph, retag=False))
            edit = result.body_edit[-1]
            log(f"[{tag}] {name} body edit: {describe(edit.build)}, {len(edit.pages)} pages")
            if name == "kb":
                result.retag.append(incremental(site, retagged, retag_edit(old, new), retag=True))
                edit = result.retag[-1]
                log(f"[{tag}] kb retag: {describe(edit.build)}, {len(edit.pages)} pages")
        if args.jobs > 1:
            for name in rotate([name for name in names if name != "naive"], run):
                restore(sites[name])
                results[name].full_j2.append(full_build(sites[name], args.jobs))
                log(f"[{tag}] {name} full -j{args.jobs}: {describe(results[name].full_j2[-1])}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return results


# --- the report ---------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")


@dataclass
class Summary:
    full: float | None
    full_j2: float | None
    cpu: float | None
    peak: float | None
    body: float | None
    body_pages: float | None
    retag: float | None
    retag_pages: float | None
    retag_unexpected: float | None
    warnings: int

    @property
    def gain(self) -> float | None:
        return ratio(self.full, self.full_j2)


def summarise(result: SiteResult) -> Summary:
    builds = result.full + result.full_j2 + [r.build for r in result.body_edit + result.retag]
    return Summary(
        full=median([b.seconds for b in result.full]),
        full_j2=median([b.seconds for b in result.full_j2]),
        cpu=median([b.cpu_seconds for b in result.full]),
        peak=median([b.peak_mib for b in result.full]),
        body=median([r.build.seconds for r in result.body_edit]),
        body_pages=median([len(r.pages) for r in result.body_edit]),
        retag=median([r.build.seconds for r in result.retag]),
        retag_pages=median([len(r.pages) for r in result.retag]),
        retag_unexpected=median([len(r.unexpected) for r in result.retag]),
        warnings=max((b.warnings for b in builds), default=0),
    )


def targets(n: int, s: dict[str, Summary], jobs: int) -> list[tuple[str, str, str, bool | None]]:
    kb, floor, naive = s["kb"], s["floor"], s.get("naive")
    rows = []
    full = ratio(kb.full, floor.full)
    rows.append(
        ("full build, KB / floor", fmt(full, 2, "x"), "≤ 1.3x", None if full is None else full <= 1.3)
    )
    if naive is not None:
        speedup = ratio(naive.full, kb.full)
        rows.append(
            (
                "full build, naive / KB",
                fmt(speedup, 1, "x"),
                "≥ 5x",
                None if speedup is None else speedup >= 5,
            )
        )
    rows.append(
        (
            "body edit, pages the KB rewrote",
            fmt(kb.body_pages, 0),
            "≤ 3",
            None if kb.body_pages is None else kb.body_pages <= 3,
        )
    )
    body = ratio(kb.body, floor.body)
    rows.append(
        ("body edit, KB / floor time", fmt(body, 2, "x"), "≤ 1.5x", None if body is None else body <= 1.5)
    )
    rows.append(
        (
            "retag, pages beyond the expected ones",
            fmt(kb.retag_unexpected, 0),
            "0",
            None if kb.retag_unexpected is None else kb.retag_unexpected == 0,
        )
    )
    peak = ratio(kb.peak, floor.peak)
    rows.append(
        ("peak memory (-j 1), KB / floor", fmt(peak, 2, "x"), "≤ 1.3x", None if peak is None else peak <= 1.3)
    )
    if jobs > 1 and kb.gain is not None and floor.gain is not None:
        rows.append(
            (
                f"-j {jobs} gain (-j 1 time / -j {jobs} time), KB",
                fmt(kb.gain, 2, "x"),
                f"≥ floor's {floor.gain:.2f}x",
                kb.gain >= floor.gain,
            )
        )
    return [(f"N={n}", *row) for row in rows]


def scaling(
    sizes: list[int], summaries: dict[int, dict[str, Summary]]
) -> list[tuple[str, str, str, str, bool | None]]:
    rows = []
    for small, large in itertools.pairwise(sizes):
        kb = ratio(summaries[large]["kb"].full, summaries[small]["kb"].full)
        floor = ratio(summaries[large]["floor"].full, summaries[small]["floor"].full)
        relative = ratio(kb, floor)
        rows.append(
            (
                f"N={small}→{large}",
                f"growth of the full build, KB ({fmt(kb, 2, 'x')}) / floor ({fmt(floor, 2, 'x')})",
                fmt(relative, 2, "x"),
                "≤ 1.1x",
                None if relative is None else relative <= 1.1,
            )
        )
    return rows


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.M).group(1).strip()
    except (OSError, AttributeError):
        pass
    memory = "?"
    try:
        kib = int(re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M).group(1))
        memory = f"{kib / 1024**2:.1f} GiB"
    except (OSError, AttributeError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("sphinx", "myst-parser", "furo", "sphinx-design", "docutils")
    )
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- **CPU**: {cpu}, {os.cpu_count()} logical cores ({usable} usable); **memory** {memory}",
        f"- **System**: {platform.platform()}; load average at start {load}",
        f"- **Python** {platform.python_version()}; {versions}",
        f"- **Repository**: {commit or 'unknown commit'}",
    ]


def report(args: argparse.Namespace, command: str, started: str, info: list[str], results: dict) -> str:
    summaries = {n: {name: summarise(r) for name, r in sites.items()} for n, sites in results.items()}
    j = args.jobs
    lines = [
        "# Benchmark: knowledge base, floor and naive site",
        "",
        f"Run on {started} with `{command}`: {args.runs} run(s) per measurement, medians shown; corpus "
        f"of N articles, {args.tags} tags each from a vocabulary of {args.vocabulary}, seed {args.seed}. "
        "What each column means and why the floor is fair: [README.md](README.md).",
        "",
        *info,
        "",
        "## Medians",
        "",
        f"| N | site | full -j1 (s) | full -j{j} (s) | -j{j} gain | CPU -j1 (s) | peak RSS -j1 (MiB) "
        "| body edit (s) | pages | retag (s) | pages | warnings |",
        "| --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |",
    ]
    for n, sites in summaries.items():
        for name, s in sites.items():
            cells = [
                n, name, fmt(s.full, 2), fmt(s.full_j2, 2), fmt(s.gain, 2, "x"), fmt(s.cpu, 2),
                fmt(s.peak, 0), fmt(s.body, 2), fmt(s.body_pages, 0), fmt(s.retag, 2),
                fmt(s.retag_pages, 0), s.warnings,
            ]  # fmt: skip
            lines.append("| " + " | ".join(map(str, cells)) + " |")
    rows = [row for n, sites in summaries.items() for row in targets(n, sites, j)]
    rows += scaling(sorted(summaries), summaries)
    lines += [
        "",
        "## Targets",
        "",
        "| N | measure | measured | target | result |",
        "| --- | --- | --: | --- | --- |",
        *(f"| {n} | {what} | {value} | {goal} | {verdict(ok)} |" for n, what, value, goal, ok in rows),
        "",
        "## Pages rewritten by the incremental builds (last run)",
        "",
    ]
    for n, sites in results.items():
        for name, result in sites.items():
            for label, rewrites in (("body edit", result.body_edit), ("retag", result.retag)):
                if not rewrites:
                    continue
                last = rewrites[-1]
                counts = sorted({len(r.pages) for r in rewrites})
                varied = "" if len(counts) == 1 else f" (varied across runs: {counts})"
                lines.append(f"- N={n}, {name}, {label}: {len(last.pages)} pages{varied}")
                lines += [f"  - `{page}`: {why}" for page, why in last.categories.items()]
    lines += [
        "",
        "## Every run",
        "",
        "| N | site | measure | seconds | peak MiB |",
        "| --: | --- | --- | --- | --- |",
    ]
    for n, sites in results.items():
        for name, result in sites.items():
            for label, builds in (
                ("full -j1", result.full),
                (f"full -j{j}", result.full_j2),
                ("body edit", [r.build for r in result.body_edit]),
                ("retag", [r.build for r in result.retag]),
            ):
                if builds:
                    seconds = ", ".join(f"{b.seconds:.2f}" for b in builds)
                    peaks = ", ".join(f"{b.peak_mib:.0f}" for b in builds)
                    lines.append(f"| {n} | {name} | {label} | {seconds} | {peaks} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build the knowledge base, the floor and the naive site side by side.",
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes N (default: 500 2000)")
    parser.add_argument("--runs", type=int, help="runs per measurement, medians reported (default: 3)")
    parser.add_argument("--quick", action="store_true", help="smoke test: N=40, one run (unless given)")
    parser.add_argument(
        "--naive-max", type=int, default=500, help="largest N at which the naive site is built (default 500)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="the -j compared with -j 1 (default 2; 1 skips it)"
    )
    parser.add_argument("--tags", type=int, default=4, help="tags per article (default 4)")
    parser.add_argument("--vocabulary", type=int, default=60, help="distinct tags (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / "benchmarks" / "results.md",
        help="Markdown report (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, help="also write every measurement as JSON")
    parser.add_argument(
        "--workdir", type=Path, help="where the sites are built (default: a new temporary folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or ([40] if args.quick else [500, 2000])))
    args.runs = args.runs or (1 if args.quick else 3)

    command = shlex.join(["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine()
    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-", dir=args.workdir))
    try:
        results = {n: run_size(n, args, workdir) for n in args.sizes}
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    text = report(args, command, started, info, results)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    if args.json:
        raw = {str(n): {name: asdict(r) for name, r in sites.items()} for n, sites in results.items()}
        args.json.write_text(json.dumps({"command": command, "started": started, "results": raw}, indent=1))
    log(f"report written to {args.output}")


if __name__ == "__main__":
    main()
