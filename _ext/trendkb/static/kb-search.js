// The knowledge base's search page: Pagefind's chunked index, filters from front matter.
// The query comes from ?q= (Furo's sidebar box and Sphinx's old links), the filters from
// ?tag=...&year=...; both are kept in the address as the reader types, so a search can be
// shared. Text from the index is inserted as text only: titles and excerpts are front
// matter and article bodies, so never markup.
(() => {
  "use strict";
  const root = document.getElementById("search-results");
  if (!root) return;
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = root.querySelector(".kb-search__status");
  const list = root.querySelector(".kb-search__results");
  const more = root.querySelector(".kb-search__more");
  const filterBox = root.querySelector(".kb-search__filters");
  const groups = (root.dataset.kbFilters || "").split(" ").filter(Boolean);
  const labels = {kind: "Kind", topic: "Topic", tag: "Tag", author: "Author", year: "Year"};
  const PAGE = 10;
  const bundle = new URL(root.dataset.kbBundle, document.baseURI);
  const siteRoot = new URL("..", bundle).pathname;
  let pagefind = null;
  let results = [];
  let shown = 0;
  let generation = 0;
  let timer = 0;

  const params = new URLSearchParams(location.search);
  const chosen = Object.fromEntries(groups.map((g) => [g, new Set(params.getAll(g))]));
  input.value = params.get("q") || "";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt marks the matched words with <mark>; keep those, and only text.
  function excerpt(html) {
    const out = el("p", "kb-search__excerpt");
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    for (const node of doc.body.childNodes) {
      if (node.nodeName === "MARK") out.append(el("mark", "", node.textContent));
      else out.append(document.createTextNode(node.textContent));
    }
    return out;
  }

  function activeFilters() {
    const filters = {};
    for (const [group, values] of Object.entries(chosen)) {
      if (values.size) filters[group] = {any: [...values]};
    }
    return filters;
  }

  function remember() {
    const next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    for (const [group, values] of Object.entries(chosen)) {
      for (const value of [...values].sort()) next.append(group, value);
    }
    const query = next.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  function sorted(group, values) {
    const names = Object.keys(values);
    if (group === "year") return names.sort().reverse();
    return names.sort((a, b) => a.localeCompare(b, undefined, {sensitivity: "base"}));
  }

  function drawFilters(all) {
    filterBox.replaceChildren();
    for (const group of groups) {
      const values = all[group] || {};
      if (!Object.keys(values).length) continue;
      const details = el("details", "kb-search__filter");
      details.open = chosen[group].size > 0;
      details.append(el("summary", "", labels[group] || group));
      const fieldset = el("fieldset");
      fieldset.append(el("legend", "kb-search__legend", labels[group] || group));
      for (const value of sorted(group, values)) {
        const label = el("label", "kb-search__option");
        const box = el("input");
        box.type = "checkbox";
        box.name = group;
        box.value = value;
        box.checked = chosen[group].has(value);
        box.addEventListener("change", () => {
          if (box.checked) chosen[group].add(value);
          else chosen[group].delete(value);
          search();
        });
        label.append(box, el("span", "", value), el("span", "kb-search__count", `(${values[value]})`));
        fieldset.append(label);
      }
      details.append(fieldset);
      filterBox.append(details);
    }
  }

  async function drawMore() {
    const mine = generation;
    const page = results.slice(shown, shown + PAGE);
    const data = await Promise.all(page.map((result) => result.data()));
    if (mine !== generation) return;
    for (const item of data) {
      const meta = item.meta || {};
      const li = el("li", "kb-search__result");
      const link = el("a", "kb-search__title", meta.title || item.url);
      link.href = item.url;
      li.append(link);
      const facts = el("p", "kb-search__facts");
      const kind = (item.filters && item.filters.kind && item.filters.kind[0]) || "";
      if (kind) facts.append(el("span", "kb-search__kind", kind));
      if (meta.date) facts.append(el("span", "kb-search__date", meta.date));
      if (meta.status) facts.append(el("span", "kb-search__date", meta.status));
      if (facts.childNodes.length) li.append(facts);
      if (input.value.trim() && item.excerpt) li.append(excerpt(item.excerpt));
      else if (meta.summary) li.append(el("p", "kb-search__excerpt", meta.summary));
      list.append(li);
    }
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  async function search() {
    const mine = ++generation;
    remember();
    const term = input.value.trim();
    const filters = activeFilters();
    if (!term && !Object.keys(filters).length) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type a word to search the articles and topics.";
      return;
    }
    status.textContent = "Searching…";
    const options = {filters};
    if (!term) options.sort = {date: "desc"};
    const found = await pagefind.search(term || null, options);
    if (mine !== generation || !found) return;
    results = found.results;
    shown = 0;
    list.replaceChildren();
    const count = results.length;
    const what = term ? ` for “${term}”` : "";
    status.textContent = count
      ? `${count} result${count === 1 ? "" : "s"}${what}.`
      : `No results${what}. Try fewer words or filters.`;
    await drawMore();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  more.addEventListener("click", () => {
    const next = list.children.length;
    drawMore().then(() => {
      const link = list.children[next] && list.children[next].querySelector("a");
      if (link) link.focus(); // keyboard readers land on the first new result
    });
  });

  (async () => {
    try {
      // No web worker (one script less to download), and no pagefind.filters(): it would
      // load every filter's chunk up front. The values and counts come with the page.
      const module = await import(bundle.href);
      pagefind = module.createInstance({basePath: new URL(".", bundle).pathname, noWorker: true});
      await pagefind.options({baseUrl: siteRoot, excerptLength: 24});
      await pagefind.init();
      drawFilters(JSON.parse(root.dataset.kbValues || "{}"));
    } catch (error) {
      status.textContent = "The search index could not be loaded.";
      console.warn("search:", error);
      return;
    }
    if (!input.value) input.focus();
    await search();
  })();
})();
