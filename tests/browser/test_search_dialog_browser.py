"""Search from every page, in Chromium: the dialog, its keys and filters, on a phone and a desktop.

The small ``test-search`` site (British and American spellings, a reference list by "Vitaly")
is built once; the index is queried through Pagefind's own script, as readers query it.
Every test fails on a JavaScript error or a request that leaves localhost.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator

import pytest
from kbbrowser import AXE, DESKTOP, REPO, SAVED, build_site, open_reader, require_node_modules, serve

sys.path.insert(0, str(REPO / "_ext"))
from trendkb.model import spelling

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="session")
def small_site(chromium, tmp_path_factory):
    source = tmp_path_factory.mktemp("search-site") / "src"
    shutil.copytree(REPO / "tests/roots/test-search", source)
    outdir = build_site(source, source / "_build/html")
    yield from serve(outdir)


def tab(chromium, server, size: str = "desktop", theme: str | None = None):
    options = {"viewport": SIZES[size]}
    if size == "phone":
        options |= {"is_mobile": True, "has_touch": True}
    if theme:
        options["color_scheme"] = theme
    return open_reader(chromium, server, **options)


@pytest.fixture
def desktop(chromium, small_site) -> Iterator:
    reader = tab(chromium, small_site)
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()


@pytest.fixture
def phone(chromium, small_site) -> Iterator:
    reader = tab(chromium, small_site, "phone")
    try:
        yield reader
        reader.assert_clean()
    finally:
        reader.page.context.close()


def dialog_open(reader) -> bool:
    return reader.page.evaluate("!!document.querySelector('dialog.kb-dialog[open]')")


def wait_open(reader) -> None:
    reader.page.locator("dialog.kb-dialog[open] .kb-dialog__input").wait_for(timeout=10_000)


def results(reader) -> list[str]:
    reader.page.locator(".kb-dialog__status", has_text=re.compile(r"results?|No results")).wait_for()
    return [t.strip() for t in reader.page.locator(".kb-dialog__result .kb-dialog__title").all_inner_texts()]


def type_query(reader, text: str) -> list[str]:
    page = reader.page
    page.locator(".kb-dialog__input").fill("")
    page.keyboard.type(text)
    page.wait_for_function(
        "q => document.querySelector('.kb-dialog__status').textContent.includes(q) ||"
        " document.querySelector('.kb-dialog__status').textContent.startsWith('No results')",
        arg=text.strip(),
    )
    return results(reader)


def test_ctrl_k_and_slash_open_the_dialog_but_slash_does_not_steal_typing(desktop):
    page = desktop.page
    desktop.goto("docs/articles/vision.html")
    page.keyboard.press("Control+k")
    wait_open(desktop)
    assert page.evaluate("document.activeElement.id") == "kb-dialog-input"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog.kb-dialog[open]')")
    page.keyboard.press("Meta+k")
    wait_open(desktop)
    page.keyboard.press("Control+k")  # the same keys close it
    page.wait_for_function("!document.querySelector('dialog.kb-dialog[open]')")
    page.keyboard.press("/")
    wait_open(desktop)
    page.keyboard.type("a/b")  # inside the dialog a slash is text
    assert page.locator(".kb-dialog__input").input_value() == "a/b"
    page.keyboard.press("Escape")

    # In any other field, "/" is typed, not taken.
    page.evaluate(
        "document.querySelector('article')"
        ".prepend(Object.assign(document.createElement('textarea'), {id: 'note'}))"
    )
    page.locator("#note").click()
    page.keyboard.type("and/or")
    assert page.locator("#note").input_value() == "and/or"
    assert not dialog_open(desktop)


def test_results_as_you_type_with_arrows_and_enter(desktop):
    page = desktop.page
    desktop.goto("index.html")
    page.keyboard.press("/")
    wait_open(desktop)
    found = type_query(desktop, "quantization")
    assert sorted(found) == ["Quantisation notes", "Quantization in practice"]
    input_ = page.locator(".kb-dialog__input")
    assert input_.get_attribute("aria-expanded") == "true"
    first = input_.get_attribute("aria-activedescendant")
    page.keyboard.press("ArrowDown")
    second = input_.get_attribute("aria-activedescendant")
    assert first != second and page.locator(f"#{second}").get_attribute("aria-selected") == "true"
    title = page.locator(f"#{second} .kb-dialog__title").inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶").strip() == title


def test_the_sidebar_box_opens_the_dialog_and_the_focus_comes_back(desktop):
    page = desktop.page
    desktop.goto("docs/topics/vit.html")
    box = page.locator("input.sidebar-search")
    box.click()
    wait_open(desktop)
    page.keyboard.type("patches")
    assert "Vision Transformers" in results(desktop)
    # Tab never leaves the dialog, forwards or backwards.
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
        page.keyboard.press(key)
        assert page.evaluate("!!document.activeElement.closest('dialog.kb-dialog')"), key
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog.kb-dialog[open]')")
    assert page.evaluate("document.activeElement.classList.contains('sidebar-search')")
    assert not dialog_open(desktop)  # focus given back is not a new search
    # The full page stays, for shared links: the dialog links to it with the words.
    page.keyboard.press("Control+k")
    wait_open(desktop)
    type_query(desktop, "patches")
    with page.expect_navigation():
        page.locator(".kb-dialog__all").click()
    assert desktop.path() == "search.html" and "q=patches" in page.url
    page.locator(".kb-search__result").first.wait_for()


def test_the_header_button_opens_the_dialog_on_a_phone(phone):
    page = phone.page
    phone.goto("docs/articles/british.html")
    # Furo slides the sidebar, and its search box, off the screen.
    assert page.locator("input.sidebar-search").bounding_box()["x"] + 10 < 0
    button = page.locator(".kb-search-open")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a target a thumb can hit
    button.tap()
    wait_open(phone)
    frame = page.locator("dialog.kb-dialog").bounding_box()
    assert frame["width"] == PHONE["width"]  # the whole screen
    assert "Quantisation notes" in type_query(phone, "fine tuning")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog.kb-dialog[open]')")
    assert page.evaluate("document.activeElement.classList.contains('kb-search-open')")


def test_the_desktop_header_has_no_search_button(desktop):
    desktop.goto("index.html")
    assert not desktop.page.locator(".kb-search-open").is_visible()
    assert desktop.page.locator("input.sidebar-search").is_visible()


def test_dialog_filters_narrow_the_results_and_their_counts_follow_the_query(desktop):
    page = desktop.page
    desktop.goto("index.html")
    page.keyboard.press("/")
    wait_open(desktop)
    page.locator(".kb-dialog__toggle").click()
    kind = page.locator(".kb-dialog__filters select[name=kind]")
    kind.wait_for()
    both = sorted(type_query(desktop, "transformers"))
    assert both == ["Model compression", "Seeing with transformers", "Vision Transformers"]
    page.wait_for_function(
        "() => document.querySelector('select[name=kind]').options[1].text.includes('(1)')"
    )
    assert [o.strip() for o in kind.locator("option").all_inner_texts()] == [
        "Any kind",
        "Article (1)",
        "Topic (2)",
    ]
    kind.select_option("Topic")
    page.wait_for_function("() => document.querySelectorAll('.kb-dialog__result').length === 2")
    assert sorted(results(desktop)) == ["Model compression", "Vision Transformers"]
    # A filter alone, without words.
    page.locator(".kb-dialog__input").fill("")
    page.locator(".kb-dialog__input").dispatch_event("input")
    page.wait_for_function("() => document.querySelectorAll('.kb-dialog__result').length === 2")
    tag = page.locator(".kb-dialog__filters select[name=tag]")
    assert "Computer Vision (" in tag.inner_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quantisation", ["Quantisation notes", "Quantization in practice"]),
        ("quantization", ["Quantisation notes", "Quantization in practice"]),
        ("optimise", ["Quantisation notes", "Quantization in practice"]),
        ("optimizers", ["Quantisation notes", "Quantization in practice"]),
        ("modelling", ["Model compression", "Quantisation notes", "Quantization in practice"]),
        ("fine-tuning", ["Quantisation notes", "Quantization in practice"]),
        ("fine tuning", ["Quantisation notes", "Quantization in practice"]),
        ("finetuning", ["Quantisation notes", "Quantization in practice"]),
        ("colour", ["Quantization in practice"]),
        ("patch", ["Seeing with transformers", "Vision Transformers"]),
        # Not the article citing "Vitaly", in its text and its reference list.
        ("ViT", ["Vision Transformers"]),
        ("Quokka", []),
    ],
)
def test_spelling_variants_plurals_and_hyphens_find_the_same_pages(desktop, query, expected):
    desktop.goto("index.html")
    desktop.page.keyboard.press("/")
    wait_open(desktop)
    assert sorted(type_query(desktop, query)) == expected


def test_excerpts_show_each_page_s_own_spelling(desktop):
    page = desktop.page
    desktop.goto("search.html?q=optimize")
    page.locator(".kb-search__result").first.wait_for()
    excerpts = dict(
        zip(
            page.locator(".kb-search__result .kb-search__title").all_inner_texts(),
            page.locator(".kb-search__result .kb-search__excerpt").all_inner_texts(),
            strict=True,
        )
    )
    assert "We optimise the quantisation" in excerpts["Quantisation notes"]
    assert "fine tuning" in excerpts["Quantisation notes"]
    assert "finetuning them: optimizers" in excerpts["Quantization in practice"]
    assert page.locator(".kb-search__result mark").first.inner_text().lower().startswith("optimi")


def test_the_script_spells_queries_as_the_index_does(desktop):
    desktop.goto("search.html")
    rules = spelling.rules()
    words = sorted({*rules["words"], *(w for pair in TEST_WORDS for w in pair)})
    spelled = desktop.page.evaluate(
        "([rules, words]) => { const s = kbSearch.speller(rules); return words.map(w => s.american(w)); }",
        [rules, words],
    )
    assert dict(zip(words, spelled, strict=True)) == {word: spelling.american(word) for word in words}


TEST_WORDS = [
    ("quantisation", "optimising"),
    ("behaviour", "colourful"),
    ("supervised", "exercise"),
    ("criticise", "advertising"),
    ("analysed", "modelling"),
    ("labelled", "otherwise"),
    ("unsupervised", "promising"),
    ("improvisation", "hour"),
]


def test_filters_without_words_on_the_search_page(desktop):
    page = desktop.page
    desktop.goto("search.html?kind=Topic")
    page.locator(".kb-search__result").first.wait_for()
    titles = page.locator(".kb-search__result .kb-search__title").all_inner_texts()
    assert sorted(titles) == ["Model compression", "Vision Transformers"]
    assert page.locator("input[name=kind][value=Topic]").is_checked()
    assert page.locator(".kb-search__filter[data-group=kind] summary").inner_text() == "Kind (1 chosen)"
    desktop.goto("search.html?tag=Computer+Vision")
    page.wait_for_function("() => document.querySelectorAll('.kb-search__result').length === 3")
    titles = page.locator(".kb-search__result .kb-search__title").all_inner_texts()
    assert sorted(titles) == ["Quantization in practice", "Seeing with transformers", "Vision Transformers"]


def test_search_page_counts_follow_the_query(desktop):
    page = desktop.page
    desktop.goto("search.html")
    count = page.locator(".kb-search__option", has=page.locator("input[value=Article]")).locator(
        ".kb-search__count"
    )
    assert count.text_content() == "(3)"  # every article, drawn with the page
    page.locator("#kb-search-input").fill("patches")
    page.wait_for_function(
        "() => document.querySelector('.kb-search__option input[value=Article]')"
        ".parentElement.querySelector('.kb-search__count').textContent === '(1)'"
    )
    topic = page.locator(".kb-search__option", has=page.locator("input[value=Topic]")).locator(
        ".kb-search__count"
    )
    assert topic.text_content() == "(1)"


LAYOUT_SHIFT = """
window.kbShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const nodes = entry.sources.map((s) => s.node).filter(Boolean);
    const ours = nodes.some((n) => n.closest && n.closest('#search-results, .kb-dialog, .kb-search-open'));
    window.kbShifts.push({value: entry.value, ours, nodes: nodes.map((n) => n.className || n.nodeName)});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


def shifts(page) -> tuple[float, list]:
    """The layout shifts so far: their sum, and those of the search's own elements."""
    found = page.evaluate("window.kbShifts")
    return sum(s["value"] for s in found), [s for s in found if s["ours"]]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_dialog_and_the_search_page_shift_nothing(chromium, small_site, size):
    reader = tab(chromium, small_site, size)
    try:
        page = reader.page
        page.add_init_script(LAYOUT_SHIFT)
        reader.goto("docs/articles/british.html")
        page.wait_for_load_state("networkidle")
        loaded = len(page.evaluate("window.kbShifts"))
        page.keyboard.press("/")
        wait_open(reader)
        type_query(reader, "quantization")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        assert page.evaluate("window.kbShifts").__len__() == loaded  # the dialog moved nothing
        reader.goto("search.html?q=quantization")
        page.locator(".kb-search__result").first.wait_for()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        total, ours = shifts(page)
        # Lighthouse shows 0 below 0.0005; Furo's own header icons may move a pixel at load.
        assert ours == [] and total < 0.0005, page.evaluate("window.kbShifts")
        reader.assert_clean()
    finally:
        reader.page.context.close()


def axe(reader, artefacts, name: str) -> None:
    reader.page.add_script_tag(path=str(AXE))
    found = reader.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    summary = [
        {"rule": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in found["violations"]
    ]
    report = artefacts / f"axe-{name}.json"
    report.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    SAVED.append(report)
    assert [v for v in summary if v["impact"] in ("serious", "critical")] == [], report


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_open_dialog_has_no_serious_accessibility_violations(
    chromium, small_site, artefacts, size, theme
):
    require_node_modules(AXE)
    reader = tab(chromium, small_site, size, theme)
    try:
        page = reader.page
        reader.goto("docs/articles/vision.html")
        page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
        page.reload(wait_until="load")
        page.keyboard.press("/")
        wait_open(reader)
        page.locator(".kb-dialog__toggle").click()
        page.locator(".kb-dialog__filters select").first.wait_for()
        type_query(reader, "transformers")
        page.screenshot(path=str(artefacts / f"search-dialog-{size}-{theme}.png"))
        SAVED.append(artefacts / f"search-dialog-{size}-{theme}.png")
        axe(reader, artefacts, f"search-dialog-{size}-{theme}")
        reader.assert_clean()
    finally:
        reader.page.context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_search_page_has_no_serious_accessibility_violations(
    chromium, small_site, artefacts, size, theme
):
    require_node_modules(AXE)
    reader = tab(chromium, small_site, size, theme)
    try:
        page = reader.page
        reader.goto("search.html?q=transformers&kind=Topic")
        page.evaluate("theme => localStorage.setItem('theme', theme)", theme)
        page.reload(wait_until="load")
        page.locator(".kb-search__result").first.wait_for()
        page.evaluate("document.querySelectorAll('.kb-search__filter').forEach(d => d.open = true)")
        axe(reader, artefacts, f"search-page-{size}-{theme}")
        reader.assert_clean()
    finally:
        reader.page.context.close()


def query(chromium, server, term: str) -> list[str]:
    """The titles Pagefind finds for ``term`` in the served index, through the site's own script."""
    reader = tab(chromium, server)
    try:
        reader.goto("search.html")
        found = reader.page.evaluate(
            """async (term) => {
                const engine = await kbSearch.engine('pagefind/pagefind.js');
                const found = await engine.search(term, {});
                return Promise.all(found.results.map(async (r) => (await r.data()).meta.title));
            }""",
            term,
        )
        reader.assert_clean()
        return sorted(found)
    finally:
        reader.page.context.close()


def test_an_incremental_build_s_index_forgets_removed_pages_and_finds_edited_words(chromium, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(REPO / "tests/roots/test-search", source)
    outdir = source / "_build/html"
    build_site(source, outdir)
    served = serve(outdir)
    server = next(served)
    try:
        assert query(chromium, server, "patches") == ["Seeing with transformers", "Vision Transformers"]
        assert query(chromium, server, "kingfisher") == []
        (source / "docs/articles/vision.md").unlink()
        british = source / "docs/articles/british.md"
        british.write_text(british.read_text().replace("Zebrafinch", "Kingfisher"), encoding="utf-8")
        build_site(source, outdir)
        assert query(chromium, server, "patches") == ["Vision Transformers"]
        assert query(chromium, server, "kingfisher") == ["Quantisation notes"]
        assert query(chromium, server, "zebrafinch") == []
    finally:
        served.close()
