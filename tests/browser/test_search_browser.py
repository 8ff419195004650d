"""Search in Chromium: Pagefind's index, the sidebar box, filters by keyboard, axe-core.

Every test fails on a JavaScript error or a request that leaves localhost (``kbbrowser.Reader``).
"""

from __future__ import annotations

import json
import re

import pytest
from kbbrowser import AXE, REPO, SAVED, require_node_modules

pytestmark = pytest.mark.browser

FEATURED = "docs/articles/2024/machine-learning-trends-2024"


def catalog(reader) -> dict:
    return json.loads((reader.server.root / "catalog.json").read_text(encoding="utf-8"))


def own_word() -> tuple[str, str]:
    """A word of the featured article's body that no other source file holds, and its title."""
    source = (REPO / f"{FEATURED}.md").read_text(encoding="utf-8")
    title = re.search(r'^title:\s*"?(.*?)"?\s*$', source, re.MULTILINE).group(1)
    others = " ".join(
        path.read_text(encoding="utf-8").lower()
        for path in [REPO / "index.md", *(REPO / "docs").rglob("*.md")]
        if path != REPO / f"{FEATURED}.md"
    )
    body = source.split("\n---\n", 1)[1]
    word = next(w for w in re.findall(r"\b[a-z]{8,}\b", body) if w not in others and w not in title.lower())
    return word, title


def result_titles(reader) -> list[str]:
    return [t.strip() for t in reader.page.locator(".kb-search__result .kb-search__title").all_inner_texts()]


def wait_for_results(reader) -> None:
    reader.page.locator(".kb-search__status", has_text=re.compile(r"\d+ results?")).wait_for(timeout=10_000)
    reader.page.locator(".kb-search__result").first.wait_for(timeout=10_000)


def test_the_sidebar_box_opens_the_dialog_which_finds_an_article_by_a_body_word(reader):
    word, title = own_word()
    loaded = []
    reader.page.on("request", lambda request: loaded.append(request.url))
    reader.goto("index.html")
    reader.page.locator("input.sidebar-search:visible").click()
    reader.page.locator("dialog.kb-dialog[open] .kb-dialog__input").wait_for()
    reader.page.keyboard.type(word)
    first = reader.page.locator(".kb-dialog__result").first
    first.wait_for(timeout=10_000)
    assert first.locator(".kb-dialog__title").inner_text() == title  # other pages may share a stem
    assert first.locator("mark").first.inner_text().lower() == word
    assert first.locator(".kb-dialog__facts").inner_text().split() == ["Article", "March", "4,", "2024"]
    reader.page.wait_for_load_state("networkidle")  # leave no index download cut short
    # No filter chunk is loaded until the filters are opened; Pagefind searches in its worker.
    assert not [url for url in loaded if "/pagefind/filter/" in url]
    assert [url for url in loaded if url.endswith("/pagefind/pagefind-worker.js")]
    with reader.page.expect_navigation():
        reader.page.keyboard.press("Enter")
    assert reader.path() == f"{FEATURED}.html"


def test_a_shared_search_link_shows_the_results(reader):
    word, title = own_word()
    reader.goto(f"search.html?q={word}")
    wait_for_results(reader)
    assert result_titles(reader)[0] == title
    assert reader.page.locator("#kb-search-input").input_value() == word
    hit = reader.page.locator(".kb-search__result").first
    assert hit.locator("mark").first.inner_text().lower() == word
    with reader.page.expect_navigation():
        hit.locator("a").click()
    assert reader.path() == f"{FEATURED}.html"


def test_results_once_shown_stay_on_the_page_while_the_search_is_run_again(reader):
    # The page searches a second time once the filter counts are loaded: the list must go
    # from the old results to the new in one step, never through an empty list.
    word, _ = own_word()
    reader.page.add_init_script(
        """
        window.kbEmptied = 0;
        document.addEventListener("DOMContentLoaded", () => {
          const list = document.querySelector(".kb-search__results");
          let seen = false;
          new MutationObserver(() => {
            if (list.children.length) seen = true;
            else if (seen) window.kbEmptied += 1;
          }).observe(list, { childList: true });
        });
        """
    )
    reader.goto(f"search.html?q={word}")
    wait_for_results(reader)
    reader.page.wait_for_load_state("networkidle")  # the filter chunks, then the second search
    # The counts follow the word once the second search has drawn (the page's own are totals).
    reader.page.wait_for_function(
        "[...document.querySelectorAll('.kb-search__count')].some((c) => c.textContent === '(0)')"
    )
    assert reader.page.evaluate("window.kbEmptied") == 0
    assert result_titles(reader)


def test_a_tag_filter_narrows_the_results_and_works_with_the_keyboard(reader):
    articles = {a["path"]: a for a in catalog(reader)["articles"]}
    featured = articles[f"{FEATURED}.html"]
    other_tags = {t for path, a in articles.items() if path != f"{FEATURED}.html" for t in a["tags"]}
    tag = next(t for t in featured["tags"] if t not in other_tags)
    others = [a["title"] for path, a in articles.items() if path != f"{FEATURED}.html"]

    reader.goto("search.html?kind=Article")  # a filter alone: every article, newest first
    wait_for_results(reader)
    reader.page.locator(".kb-search__more").click()  # ten at a time
    reader.page.wait_for_function("n => document.querySelectorAll('.kb-search__result').length > n", arg=10)
    before = result_titles(reader)
    assert featured["title"] in before and set(others[:5]) <= set(before)

    page = reader.page
    summary = page.locator(".kb-search__filter summary", has_text=re.compile(r"^Tag"))
    summary.focus()
    page.keyboard.press("Enter")  # opens the group
    box = page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(tag)}\b"))
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('tag=')")
    wait_for_results(reader)
    page.wait_for_function("n => document.querySelectorAll('.kb-search__result').length < n", arg=len(before))
    after = result_titles(reader)
    assert featured["title"] in after
    assert not set(others) & set(after)
    assert "tag=" in page.url and "kind=Article" in page.url

    # The address holds the filter: a reload (or a shared link) shows the same results.
    page.reload(wait_until="load")
    wait_for_results(reader)
    assert result_titles(reader) == after
    # Kept in the address, shown in the group's summary; the group stays closed (nothing moves).
    assert page.locator(f"input[name=tag][value='{tag}']").is_checked()
    assert "(1 chosen)" in page.locator(".kb-search__filter[data-group=tag] summary").inner_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_search_page_has_no_serious_accessibility_violations(reader, artefacts, theme):
    require_node_modules(AXE)
    reader.goto("search.html?q=learning&kind=Article")
    reader.page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
    reader.page.reload(wait_until="load")
    wait_for_results(reader)
    reader.page.evaluate("document.querySelectorAll('.kb-search__filter').forEach(d => d.open = true)")
    reader.page.add_script_tag(path=str(AXE))
    results = reader.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    summary = [
        {"rule": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
    ]
    report = artefacts / f"axe-search-{theme}.json"
    report.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    SAVED.append(report)
    assert [v for v in summary if v["impact"] in ("serious", "critical")] == [], report
