"""What a reader downloads for one search, Pagefind against Sphinx's index, at N articles.

For each N the corpus (``corpus.py``) is built once with Pagefind (the site's default)
and once more (``-a``: every page written again) with Sphinx's search, as a site
without the pagefind binary has it. Headless Chromium (Debian's, through Playwright)
then opens ``search.html?q=WORD`` on a local server, waits for the results and adds up
the bytes of every response the search needs: Pagefind's bundle files plus the search
page's own script and style, against ``searchindex.js`` plus Sphinx's search scripts.
Files are counted as served by a plain static server (Pagefind's chunks are already
gzipped; scripts are counted uncompressed, and gzipped in a second column).

    python benchmarks/search_bytes.py --sizes 2000 10000 [--minimal-conf] [-j 2]

``--minimal-conf`` builds with MyST, trendkb and Furo only (faster at 10,000).
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
import corpus  # benchmarks/ is not a package
import run  # the knowledge-base copy and its ignore list

MINIMAL_CONF = """\
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
project = "Search benchmark"
language = "en"
extensions = ["myst_parser", "trendkb"]
root_doc = "index"
source_suffix = {".md": "markdown"}
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "amsmath"]
html_theme = "furo"
html_copy_source = False
html_baseurl = "https://kb.example.org/"
"""
SPHINX_SEARCH = (
    "import sys, runpy; import trendkb.outputs.search as s; s.pagefind_executable = lambda: None; "
    "sys.argv = ['sphinx', *sys.argv[1:]]; runpy.run_module('sphinx', run_name='__main__')"
)
#: Pagefind's index chunks and its wasm are stored gzipped already.
PACKED = (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind")
QUERIES = ("transformer", "quantised")  # a common word and a rarer one of the corpus


def build(src: Path, out: Path, jobs: int, sphinx_search: bool) -> tuple[float, str]:
    args = ["-b", "html", "-j", str(jobs), str(src), str(out)]
    if sphinx_search:
        command = [sys.executable, "-c", SPHINX_SEARCH, "-a", *args]
    else:
        command = [sys.executable, "-m", "sphinx", *args]
    env = {"PYTHONPATH": str(src / "_ext")}
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env={**_env(), **env})
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - started, result.stdout


def _env() -> dict:
    import os

    return dict(os.environ)


def measure(root: Path, query: str, prefixes: tuple[str, ...]) -> tuple[int, int, int]:
    """Bytes of the responses whose path starts with one of ``prefixes``: (raw, gzipped, count)."""
    from kbbrowser import CHROMIUM, LAUNCH_ARGS, open_reader, serve
    from playwright.sync_api import sync_playwright

    sizes: dict[str, bytes] = {}
    server_gen = serve(root)
    server = next(server_gen)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            reader = open_reader(browser, server)

            def response(resp) -> None:
                path = resp.url[len(server.origin) + 1 :].split("?")[0]
                if path.startswith(prefixes):
                    sizes[path] = resp.body()

            reader.page.on("response", response)
            reader.goto(f"search.html?q={query}")
            # Pagefind's page or Sphinx's: wait until results are listed.
            reader.page.wait_for_selector(".kb-search__result, #search-results li", timeout=120_000)
            reader.page.wait_for_timeout(500)
            browser.close()
    finally:
        server_gen.close()
    raw = sum(len(body) for body in sizes.values())
    packed = sum(
        len(body) if path.endswith(PACKED) else len(gzip.compress(body)) for path, body in sizes.items()
    )
    return raw, packed, len(sizes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--minimal-conf", action="store_true")
    parser.add_argument("--workdir", type=Path, help="keep the sites here (default: a temporary folder)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-search-"))
    rows = []
    for n in args.sizes:
        src, out = workdir / f"src-{n}", workdir / f"out-{n}"
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(run.REPO, src, ignore=run.NOT_SITE)
        if args.minimal_conf:
            (src / "conf.py").write_text(MINIMAL_CONF, encoding="utf-8")
        corpus.write_corpus(src / "docs/articles", n)
        seconds, log = build(src, out, args.jobs, sphinx_search=False)
        indexed = re.search(r"search: pagefind indexed (\d+) pages in ([\d.]+) s", log)
        bundle = sum(p.stat().st_size for p in (out / "pagefind").rglob("*") if p.is_file())
        pagefind = {q: measure(out, q, ("pagefind/", "_static/kb-search")) for q in QUERIES}
        sphinx_seconds, _ = build(src, out, args.jobs, sphinx_search=True)
        index = (out / "searchindex.js").stat().st_size
        sphinx = measure(
            out, QUERIES[0], ("searchindex.js", "_static/searchtools.js", "_static/language_data.js")
        )
        rows.append((n, seconds, indexed, bundle, pagefind, index, sphinx, sphinx_seconds))
        print(f"N={n} done", file=sys.stderr, flush=True)

    kib = 1024
    print(
        "| N | query | Pagefind: bytes per query (KiB) | gzip-served (KiB) | requests | "
        "Sphinx: searchindex.js (KiB) | Sphinx: bytes per query (KiB) | gzip-served (KiB) |"
    )
    print("| --: | --- | --: | --: | --: | --: | --: | --: |")
    for n, _, _, _, pagefind, index, sphinx, _ in rows:
        for q, (raw, packed, count) in pagefind.items():
            print(
                f"| {n} | {q} | {raw / kib:.0f} | {packed / kib:.0f} | {count} | {index / kib:.0f} | "
                f"{sphinx[0] / kib:.0f} | {sphinx[1] / kib:.0f} |"
            )
    print()
    print("| N | build -j (s) | pagefind pages | pagefind time (s) | bundle on disk (KiB) |")
    print("| --: | --: | --: | --: | --: |")
    for n, seconds, indexed, bundle, *_ in rows:
        pages, took = indexed.groups() if indexed else ("?", "?")
        print(f"| {n} | {seconds:.0f} | {pages} | {took} | {bundle / kib:.0f} |")


if __name__ == "__main__":
    main()
