"""Benchmark the knowledge base against the floor and the naive site, side by side.

For each corpus size N, three sites get the same generated articles (see corpus.py):

- kb:    a copy of this site (conf.py, trendkb and all) with the corpus in docs/articles/;
- floor: MyST and Furo alone, articles in no toctree, no extension (the least Sphinx does
         to render the pages);
- naive: the floor plus one glob toctree listing every article (what a newcomer writes).

Builds run in fresh ``python -m sphinx`` processes, alternating between sites, and the
report gives medians over the runs, the ratios the issue sets as targets, and which
pages each incremental build rewrote. See benchmarks/README.md.

    python benchmarks/run.py --sizes 2000 10000 --runs 1 --profile
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
import probes

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
#: A word no generated article has: the search must find it on the edited page.
FRESH_WORD = "zanzibarquux"
APPENDED = (
    "\nA paragraph added by the benchmark to time a body edit: it changes the text of this "
    f"article and nothing that any other page shows, and adds the word {FRESH_WORD}.\n"
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
    peak_mib: float  # largest sum of resident memory over the build and all its processes
    largest_process_mib: float  # largest resident set of any one of them (wait4's maxrss)
    warnings: int


@dataclass
class Rewrite:
    """An incremental build: its cost and the HTML files it wrote."""

    build: Build
    pages: list[str]  # every .html whose modification time changed, or that is new
    unchanged: list[str]  # of those, rewritten with identical bytes
    categories: dict[str, str]  # page -> why it may (or may not) be rewritten
    unexpected: list[str]  # rewritten with the same bytes (Sphinx's own index pages aside)
    search_fresh: bool | None = None  # body edit: Pagefind finds the added word on the page


#: The incremental builds, in the order they run: (label, field of SiteResult).
CHANGES = (
    ("body edit", "body_edit"),
    ("retag", "retag"),
    ("new article", "new_article"),
    ("deleted article", "deleted"),
)


@dataclass
class SiteResult:
    full: list[Build] = field(default_factory=list)
    full_j2: list[Build] = field(default_factory=list)
    body_edit: list[Rewrite] = field(default_factory=list)
    retag: list[Rewrite] = field(default_factory=list)
    new_article: list[Rewrite] = field(default_factory=list)
    deleted: list[Rewrite] = field(default_factory=list)
    largest_pages: list[tuple[str, int]] = field(default_factory=list)  # after the first full build


@dataclass
class Site:
    name: str
    src: Path
    out: Path

    @property
    def articles(self) -> Path:
        return self.src / ARTICLES


# --- building -----------------------------------------------------------------------------


def sphinx_build(src: Path, out: Path, jobs: int, extra: tuple[str, ...] = (), env=None) -> Build:
    """One ``sphinx-build`` in a child process: the kernel's wait4, and the process tree sampled."""
    log = out.with_name(out.name + ".log")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-j",
        str(jobs),
        *extra,
        str(src),
        str(out),
    ]
    with log.open("w", encoding="utf-8") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        memory = probes.TreeMemory(process.pid)
        # wait4 gives this child's own rusage: maxrss is the largest of the process and
        # the -j workers it reaped, unlike RUSAGE_CHILDREN, which covers every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        peak = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode:
        sys.exit(f"build failed ({shlex.join(command)}):\n{text[-3000:]}")
    return Build(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        # The sampler can miss a short spike; the largest single process is a floor for it.
        peak_mib=max(peak, usage.ru_maxrss / 1024),  # maxrss is KiB on Linux
        largest_process_mib=usage.ru_maxrss / 1024,
        warnings=sum("WARNING" in line for line in text.splitlines()),
    )


def full_build(site: Site, jobs: int) -> Build:
    shutil.rmtree(site.out, ignore_errors=True)
    return sphinx_build(site.src, site.out, jobs)


def largest_pages(out: Path, count: int = 5) -> list[tuple[str, int]]:
    sizes = [(p.relative_to(out).as_posix(), p.stat().st_size) for p in out.rglob("*.html")]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))[:count]


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


def incremental(site: Site, article: Path, change, kind: str) -> Rewrite:
    """Make one change to the corpus (``change(site)``), rebuild, and sort the pages written.

    ``article``: the article the change is about (edited, retagged, added or deleted).
    """
    pattern = link_pattern(article)
    before = snapshot(site.out, pattern)
    change(site)
    build = sphinx_build(site.src, site.out, 1)
    after = snapshot(site.out, pattern)

    own = (ARTICLES / article).with_suffix(".html").as_posix()
    pages = sorted(page for page, state in after.items() if before.get(page, (None,))[0] != state[0])
    unchanged = [page for page in pages if page in before and before[page][1] == after[page][1]]
    categories = {}
    for page in pages:
        linked_before = before.get(page, (0, "", False))[2]
        linked_after = after[page][2]
        same = page in unchanged
        if page == own:
            categories[page] = "the article"
        elif page in SPHINX_PAGES:
            categories[page] = "Sphinx index page"
        elif same:
            categories[page] = "UNEXPECTED: same bytes"
        elif page not in before:
            categories[page] = "new page"
        elif kind == "body edit":
            categories[page] = "UNEXPECTED: " + ("shows the article" if linked_before else "unrelated")
        elif linked_before or linked_after:
            categories[page] = "shows the article, content changed"
        else:
            categories[page] = "content changed (a list moved on)"
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


@dataclass
class Edits:
    body: Path  # the article whose body is edited
    retagged: Path  # the article retagged, from tag ``old`` to ``new``
    old: str
    new: str
    deleted: Path  # the article deleted
    added: Path  # the new article, and its text
    added_text: str


def choose_edits(articles: list, vocabulary: int) -> Edits:
    """The articles each change is made to.

    They come from the middle of the date order, so none is on the home page's latest
    list; the new tag is one other articles already carry, so its page exists. The new
    article is the newest, as a new post is, with the tags and author of another.
    """
    by_date = sorted(articles, key=lambda a: (a.date, a.title))
    body, retagged, deleted = (
        by_date[len(by_date) // 2],
        by_date[len(by_date) // 3],
        by_date[len(by_date) // 4],
    )
    used = {tag for article in articles if article is not retagged for tag in article.tags}
    old = retagged.tags[0]
    new = next(tag for tag in corpus.tag_vocabulary(vocabulary) if tag in used and tag not in retagged.tags)
    newest = by_date[-1]
    added = newest.path.with_name("a-new-article-added-by-the-benchmark.md")
    return Edits(body.path, retagged.path, old, new, deleted.path, added, "")


def new_article_text(site: Site, edits: Edits) -> str:
    """The newest article's text, retitled, dated a day later, with a body of its own."""
    text = (site.articles / edits.body).read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle: ")
    _, _, rest = rest.partition("\n")
    text = f"{head}\ntitle: A new article added by the benchmark\n{rest}"
    return re.sub(r"\ndate: [^\n]*\n", "\ndate: 2026-01-02\n", text, count=1)


def retag_edit(old: str, new: str):
    def edit(text: str) -> str:
        head, rest = text.split("\ntags: ", 1)
        line, tail = rest.split("\n", 1)
        tags = [new if tag == old else tag for tag in json.loads(line)]
        return f"{head}\ntags: {json.dumps(tags)}\n{tail}"

    return edit


def append_paragraph(text: str) -> str:
    return text + APPENDED


def changes(edits: Edits) -> dict[str, tuple[Path, object]]:
    """Each incremental change: the article it is about, and what it does to a site."""

    def edit_file(path: Path, edit):
        def change(site: Site) -> None:
            file = site.articles / path
            file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")

        return change

    def add(site: Site) -> None:
        (site.articles / edits.added).write_text(new_article_text(site, edits), encoding="utf-8")

    def delete(site: Site) -> None:
        (site.articles / edits.deleted).unlink()

    return {
        "body edit": (edits.body, edit_file(edits.body, append_paragraph)),
        "retag": (edits.retagged, edit_file(edits.retagged, retag_edit(edits.old, edits.new))),
        "new article": (edits.added, add),
        "deleted article": (edits.deleted, delete),
    }


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


def run_size(n: int, args: argparse.Namespace, workdir: Path, extra: dict) -> dict[str, SiteResult]:
    """Every measurement at one size; rows and sections beyond the tables go into ``extra``."""
    root = workdir / f"n{n}"
    sites, articles = make_sites(root, n, args)
    edits = choose_edits(articles, args.vocabulary)
    touched = (edits.body, edits.retagged, edits.deleted)
    originals = {
        name: {p: (site.articles / p).read_text(encoding="utf-8") for p in touched}
        for name, site in sites.items()
    }
    results = {name: SiteResult() for name in sites}
    log(
        f"N={n}: sites in {root}; body edit {edits.body}, retag {edits.retagged} "
        f"({edits.old!r} -> {edits.new!r}), new {edits.added}, deleted {edits.deleted}"
    )

    def restore(site: Site) -> None:
        for path, text in originals[site.name].items():
            (site.articles / path).write_text(text, encoding="utf-8")
        (site.articles / edits.added).unlink(missing_ok=True)

    names = list(sites)
    for run in range(args.runs):
        tag = f"N={n} run {run + 1}/{args.runs}"
        for name in rotate(names, run):
            site, result = sites[name], results[name]
            restore(site)
            result.full.append(full_build(site, 1))
            log(f"[{tag}] {name} full -j1: {describe(result.full[-1])}")
            if not result.largest_pages:
                result.largest_pages = largest_pages(site.out)
            if name == "naive":
                continue  # the naive site is only a reference for the full build
            # One after another, each on the site the one before left, as an author works.
            for label, attribute in CHANGES:
                article, change = changes(edits)[label]
                rewrite = incremental(site, article, change, label)
                if label == "body edit" and name == "kb":
                    rewrite.search_fresh = search_finds_edit(site, edits.body)
                getattr(result, attribute).append(rewrite)
                fresh = "" if rewrite.search_fresh is None else f", search fresh: {rewrite.search_fresh}"
                log(f"[{tag}] {name} {label}: {describe(rewrite.build)}, {len(rewrite.pages)} pages{fresh}")
        if args.jobs > 1:
            for name in rotate([name for name in names if name != "naive"], run):
                restore(sites[name])
                results[name].full_j2.append(full_build(sites[name], args.jobs))
                log(f"[{tag}] {name} full -j{args.jobs}: {describe(results[name].full_j2[-1])}")
    for site in sites.values():
        restore(site)
    if n <= args.live_max:
        extra["rows"] += live_rows(n, sites, edits, args)
    if args.profile and n == max(args.sizes):
        full_build(sites["kb"], 1)
        extra["sections"] += profiles(sites, edits, n, root)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return results


def search_finds_edit(site: Site, article: Path) -> bool | None:
    """Whether Pagefind, asked in Chromium, finds the body edit's new word on its page."""
    urls = probes.pagefind_finds(site.out, FRESH_WORD)
    if urls is None:
        return None
    return any(url.rstrip("/").endswith(article.with_suffix(".html").as_posix()) for url in urls)


# --- the live preview and the project's own site ----------------------------------------------


def live_rows(n: int, sites: dict[str, Site], edits: Edits, args) -> list[tuple]:
    """From saving an article to the reloaded page, through sphinx-autobuild, KB and floor."""
    timings = {}
    page = (ARTICLES / edits.body).with_suffix(".html").as_posix()
    for name in ("kb", "floor"):
        site = sites[name]
        marks = [f"kblive{run}x{n}" for run in range(args.runs)]
        steps = [(lambda text, mark=mark: text + f"\nLive preview edit {mark}\n", mark) for mark in marks]
        extra = ["-d", str(site.out.with_name(site.out.name + "-live-doctrees"))]
        if name == "kb":  # as ``tox -e live`` runs it
            extra += ["-D", "kb_preview=1", "-D", "kb_search_background=1"]
        out = site.out.with_name(site.out.name + "-live")
        timings[name] = probes.live_preview(site.src, out, site.articles / edits.body, page, steps, extra)
        log(f"N={n} {name} live preview: {', '.join(f'{t:.2f}' for t in timings[name])} s")
    kb, floor = median(timings["kb"]), median(timings["floor"])
    value = ratio(kb, floor)
    what = f"live preview, save to reloaded page, KB {fmt(kb, 2)} s / floor {fmt(floor, 2)} s"
    return [(f"N={n}", what, fmt(value, 2, "x"), "≤ 1.3x", None if value is None else value <= 1.3)]


OWN_ARTICLE = Path("docs/articles/2026/agents-2025.md")


def own_site(args, workdir: Path) -> tuple[list[tuple], list[str]]:
    """The project's own site, and the same pages without the bibliography and Pagefind.

    The second build leaves out sphinxcontrib-bibtex (``-D extensions=...``) and hides
    Pagefind, so Sphinx's own search index is written, as in the floor.
    """
    import runpy

    src = workdir / "own"
    shutil.copytree(REPO, src, ignore=NOT_SITE)
    for name in LINKED:
        if (REPO / name).is_dir():
            (src / name).symlink_to(REPO / name, target_is_directory=True)
    extensions = runpy.run_path(str(src / "conf.py"))["extensions"]
    hidden = workdir / "no-pagefind"
    (hidden / "pagefind").mkdir(parents=True)
    (hidden / "pagefind" / "__init__.py").write_text('raise ImportError("hidden by the benchmark")\n')
    without_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hidden), os.environ.get("PYTHONPATH", "")]),
    }
    variants = {
        "site": ((), None),
        "without bibliography and search": (
            ("-D", "extensions=" + ",".join(e for e in extensions if e != "sphinxcontrib.bibtex")),
            without_env,
        ),
    }
    original = (src / OWN_ARTICLE).read_text(encoding="utf-8")
    times: dict[str, dict[str, list[float]]] = {name: {"full": [], "edit": []} for name in variants}
    for run in range(args.runs):
        for name in rotate(list(variants), run):
            extra, env = variants[name]
            out = workdir / f"own-out-{len(name)}"
            (src / OWN_ARTICLE).write_text(original, encoding="utf-8")
            shutil.rmtree(out, ignore_errors=True)
            full = sphinx_build(src, out, 1, extra, env)
            (src / OWN_ARTICLE).write_text(original + APPENDED, encoding="utf-8")
            edit = sphinx_build(src, out, 1, extra, env)
            times[name]["full"].append(full.seconds)
            times[name]["edit"].append(edit.seconds)
            log(f"own site, {name}: full {full.seconds:.1f} s, body edit {edit.seconds:.1f} s")
    (src / OWN_ARTICLE).write_text(original, encoding="utf-8")
    rows = []
    for measure in ("full", "edit"):
        ours, plain = (
            median(times["site"][measure]),
            median(times["without bibliography and search"][measure]),
        )
        value = ratio(ours, plain)
        label = "full build" if measure == "full" else "body edit"
        what = f"own site, {label}: {fmt(ours, 2)} s / {fmt(plain, 2)} s without bibliography and search"
        rows.append(("own site", what, fmt(value, 2, "x"), "≤ 1.5x", None if value is None else value <= 1.5))
    shutil.rmtree(src, ignore_errors=True)
    return rows, []


def profiles(sites: dict[str, Site], edits: Edits, n: int, workdir: Path) -> list[str]:
    """The slowest steps of the KB's full build and of each change, from cProfile."""
    import pstats

    site = sites["kb"]
    lines = ["", f"## Where the time goes (KB, N={n}, cProfile, cumulative seconds)", ""]
    steps = [("full build", None)] + [(label, changes(edits)[label]) for label, _ in CHANGES]
    for label, step in steps:
        if step is None:
            shutil.rmtree(site.out, ignore_errors=True)
        else:
            step[1](site)
        dump = workdir / f"profile-{len(lines)}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(dump), "-m", "sphinx", "-q", "-b", "html"]
        subprocess.run([*command, str(site.src), str(site.out)], check=True, capture_output=True)
        stats = pstats.Stats(str(dump))
        total = max(entry[3] for entry in stats.stats.values())
        top = sorted(
            (
                (entry[3], f"{Path(func[0]).parent.name}/{Path(func[0]).name}:{func[2]}")
                for func, entry in stats.stats.items()
                # Below the frames every build goes through (main, build, events), above the leaves.
                if 0.02 * total < entry[3] < 0.6 * total and ("site-packages" in func[0] or "_ext" in func[0])
            ),
            reverse=True,
        )[:8]
        shown = "; ".join(f"`{name}` {seconds:.1f}" for seconds, name in top)
        lines.append(f"- {label} ({total:.1f} s under the profiler): {shown}")
    return lines


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
    changes: dict[str, float | None]  # label -> median seconds
    pages: dict[str, float | None]  # label -> median pages written
    unexpected: dict[str, float | None]  # label -> median pages written with the same bytes
    search_fresh: bool | None
    largest: tuple[str, int] | None
    warnings: int

    @property
    def gain(self) -> float | None:
        return ratio(self.full, self.full_j2)


def summarise(result: SiteResult) -> Summary:
    rewrites = {label: getattr(result, attribute) for label, attribute in CHANGES}
    builds = result.full + result.full_j2 + [r.build for runs in rewrites.values() for r in runs]
    fresh = [r.search_fresh for r in result.body_edit if r.search_fresh is not None]
    return Summary(
        full=median([b.seconds for b in result.full]),
        full_j2=median([b.seconds for b in result.full_j2]),
        cpu=median([b.cpu_seconds for b in result.full]),
        peak=median([b.peak_mib for b in result.full + result.full_j2]),
        changes={label: median([r.build.seconds for r in runs]) for label, runs in rewrites.items()},
        pages={label: median([len(r.pages) for r in runs]) for label, runs in rewrites.items()},
        unexpected={label: median([len(r.unexpected) for r in runs]) for label, runs in rewrites.items()},
        search_fresh=all(fresh) if fresh else None,
        largest=tuple(result.largest_pages[0]) if result.largest_pages else None,
        warnings=max((b.warnings for b in builds), default=0),
    )


def _row(what: str, value: float | None, digits: int, goal: str, ok) -> tuple:
    return (what, fmt(value, digits, "x" if digits == 2 else ""), goal, None if value is None else ok(value))


def targets(n: int, s: dict[str, Summary], jobs: int) -> list[tuple[str, str, str, bool | None]]:
    """The issue's targets at one corpus size."""
    kb, floor, naive = s["kb"], s["floor"], s.get("naive")
    rows = [_row("full build -j1, KB / floor", ratio(kb.full, floor.full), 2, "≤ 1.1x", lambda v: v <= 1.1)]
    if naive is not None:
        rows.append(_row("full build, naive / KB", ratio(naive.full, kb.full), 2, "≥ 5x", lambda v: v >= 5))
    if jobs > 1 and kb.gain is not None and floor.gain is not None:
        rows.append(
            (f"-j {jobs} gain (-j 1 / -j {jobs}), KB", fmt(kb.gain, 2, "x"), f"≥ floor's {floor.gain:.2f}x",
             kb.gain >= floor.gain)
        )  # fmt: skip
    limits = {"body edit": 1.3, "retag": 1.5, "new article": 1.5, "deleted article": 1.5}
    for label, limit in limits.items():
        value = ratio(kb.changes.get(label), floor.changes.get(label))
        rows.append(
            _row(f"{label}, KB / floor time", value, 2, f"≤ {limit}x", lambda v, limit=limit: v <= limit)
        )
        rows.append(
            _row(
                f"{label}, pages rewritten with the same bytes",
                kb.unexpected.get(label),
                0,
                "0",
                lambda v: v == 0,
            )
        )
    fresh = kb.search_fresh
    rows.append(("body edit, Pagefind finds the new word on the page", {None: "-"}.get(fresh, str(fresh)),
                 "True", fresh))  # fmt: skip
    peak = ratio(kb.peak, floor.peak)
    rows.append(_row("peak memory, all processes, KB / floor", peak, 2, "≤ 1.3x", lambda v: v <= 1.3))
    return [(f"N={n}", *row) for row in rows]


def scaling(sizes: list[int], summaries: dict[int, dict[str, Summary]]) -> list[tuple]:
    rows = []
    for small, large in itertools.pairwise(sizes):
        kb = ratio(summaries[large]["kb"].full, summaries[small]["kb"].full)
        floor = ratio(summaries[large]["floor"].full, summaries[small]["floor"].full)
        relative = ratio(kb, floor)
        what = f"growth of the full build, KB ({fmt(kb, 2, 'x')}) / floor ({fmt(floor, 2, 'x')})"
        ok = None if relative is None else relative <= 1.1
        rows.append((f"N={small}→{large}", what, fmt(relative, 2, "x"), "≤ 1.1x", ok))
        before, after = summaries[small]["kb"].largest, summaries[large]["kb"].largest
        if before and after:
            # Pages of the same kind differ a little from corpus to corpus (excerpt lengths).
            rows.append(
                (f"N={small}→{large}", f"largest page, KB: {before[1] / 1024:.0f} KiB (`{before[0]}`) → "
                 f"{after[1] / 1024:.0f} KiB (`{after[0]}`)", fmt(after[1] / before[1], 2, "x"),
                 "≤ 1.05x", after[1] <= before[1] * 1.05)
            )  # fmt: skip
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


def report(args, command: str, started: str, info: list[str], results: dict, extra: dict) -> str:
    summaries = {n: {name: summarise(r) for name, r in sites.items()} for n, sites in results.items()}
    j = args.jobs
    labels = [label for label, _ in CHANGES]
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
        f"| N | site | full -j1 (s) | full -j{j} (s) | -j{j} gain | CPU -j1 (s) | peak memory (MiB) | "
        + " | ".join(f"{label} (s) | pages" for label in labels)
        + " | largest page (KiB) | warnings |",
        "| --: | --- | " + " | ".join(["--:"] * (6 + 2 * len(labels) + 1)) + " |",
    ]
    for n, sites in summaries.items():
        for name, s in sites.items():
            cells = [
                n,
                name,
                fmt(s.full, 2),
                fmt(s.full_j2, 2),
                fmt(s.gain, 2, "x"),
                fmt(s.cpu, 2),
                fmt(s.peak, 0),
            ]
            for label in labels:
                cells += [fmt(s.changes.get(label), 2), fmt(s.pages.get(label), 0)]
            cells += [fmt(s.largest[1] / 1024 if s.largest else None, 0), s.warnings]
            lines.append("| " + " | ".join(map(str, cells)) + " |")
    rows = [row for n, sites in summaries.items() for row in targets(n, sites, j)]
    rows += scaling(sorted(summaries), summaries)
    rows += extra.get("rows", [])
    lines += [
        "",
        "## Targets",
        "",
        "| N | measure | measured | target | result |",
        "| --- | --- | --: | --- | --- |",
        *(f"| {n} | {what} | {value} | {goal} | {verdict(ok)} |" for n, what, value, goal, ok in rows),
    ]
    lines += extra.get("sections", [])
    lines += ["", "## Pages rewritten by the incremental builds (last run)", ""]
    for n, sites in results.items():
        for name, result in sites.items():
            for label, attribute in CHANGES:
                rewrites = getattr(result, attribute)
                if not rewrites:
                    continue
                last = rewrites[-1]
                counts = sorted({len(r.pages) for r in rewrites})
                varied = "" if len(counts) == 1 else f" (varied across runs: {counts})"
                lines.append(f"- N={n}, {name}, {label}: {len(last.pages)} pages{varied}")
                reasons: dict[str, list[str]] = {}
                for page, why in last.categories.items():
                    reasons.setdefault(why, []).append(page)
                for why, pages in reasons.items():
                    shown = ", ".join(f"`{page}`" for page in pages[:4])
                    more = f" and {len(pages) - 4} more" if len(pages) > 4 else ""
                    lines.append(f"  - {why} ({len(pages)}): {shown}{more}")
    lines += ["", "## Largest pages (first full build)", ""]
    for n, sites in results.items():
        for name, result in sites.items():
            shown = ", ".join(f"`{page}` {size / 1024:.0f} KiB" for page, size in result.largest_pages)
            lines.append(f"- N={n}, {name}: {shown}")
    lines += [
        "",
        "## Every run",
        "",
        "| N | site | measure | seconds | peak memory, all processes (MiB) | largest process (MiB) |",
        "| --: | --- | --- | --- | --- | --- |",
    ]
    for n, sites in results.items():
        for name, result in sites.items():
            measures = [("full -j1", result.full), (f"full -j{j}", result.full_j2)]
            measures += [
                (label, [r.build for r in getattr(result, attribute)]) for label, attribute in CHANGES
            ]
            for label, builds in measures:
                if builds:
                    seconds = ", ".join(f"{b.seconds:.2f}" for b in builds)
                    peaks = ", ".join(f"{b.peak_mib:.0f}" for b in builds)
                    single = ", ".join(f"{b.largest_process_mib:.0f}" for b in builds)
                    lines.append(f"| {n} | {name} | {label} | {seconds} | {peaks} | {single} |")
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
    parser.add_argument(
        "--live-max", type=int, default=2000, help="largest N with a live-preview measurement (default 2000)"
    )
    parser.add_argument(
        "--no-own-site", dest="own_site", action="store_false", help="skip the project's own site"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile each loop once at the largest N (cProfile)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(set(args.sizes or ([40] if args.quick else [2000, 10000])))
    args.runs = args.runs or (1 if args.quick else 3)

    command = shlex.join(["python", "benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine()
    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-", dir=args.workdir))
    extra: dict = {"rows": [], "sections": []}
    try:
        results = {n: run_size(n, args, workdir, extra) for n in args.sizes}
        if args.own_site:
            rows, sections = own_site(args, workdir)
            extra["rows"] += rows
            extra["sections"] += sections
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    text = report(args, command, started, info, results, extra)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    if args.json:
        raw = {str(n): {name: asdict(r) for name, r in sites.items()} for n, sites in results.items()}
        args.json.write_text(json.dumps({"command": command, "started": started, "results": raw}, indent=1))
    log(f"report written to {args.output}")


if __name__ == "__main__":
    main()
