// The knowledge base's search: Pagefind's chunked index, one spelling per word, filters from
// front matter. One engine for two views: the search page (#search-results, words and filters
// from the address, so a search can be shared) and the dialog every page opens
// (kb-search-dialog.js loads this file on first use and calls kbSearch.openDialog).
// Text from the index is inserted as text only: titles and excerpts are front matter and
// article bodies, so never markup.
(() => {
  "use strict";
  if (window.kbSearch) return;
  const GROUPS = ["kind", "topic", "tag", "author", "year"];
  const LABELS = {kind: "Kind", topic: "Topic", tag: "Tag", author: "Author", year: "Year"};
  const TOKEN = /[A-Za-z]+(?:-[A-Za-z]+)*/g;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cased(like, word) {
    if (like[0] && like[0] !== like[0].toLowerCase()) {
      return like.length > 1 && like === like.toUpperCase() ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1);
    }
    return word;
  }

  // The spelling rules of model/spelling.py, from the kb-spelling.json the index was made with.
  function speller(rules) {
    const our = new RegExp(`^(${rules.our.join("|")})ur(\\w*)$`);
    const doubleL = new RegExp(`^(${rules.double_l.join("|")})l(ed|ing|er|ers)$`);
    const yse = new RegExp(`^(${rules.yse.join("|")})(e|ed|ing|er|ers)$`);
    const keep = new Set(rules.ise.keep);
    const vowels = "aeiouy";
    function keepsIse(stem) {
      const last = stem[stem.length - 1];
      if (stem.length < 3 || vowels.includes(last) || last === "v" || last === "w") return true;
      if (last === "c" && !stem.endsWith("ic")) return true;
      const base = stem + "ise";
      return keep.has(base) || rules.ise.prefixes.some((p) => base.startsWith(p) && keep.has(base.slice(p.length)));
    }
    function american(word) {
      if (Object.hasOwn(rules.words, word)) return rules.words[word];
      let m;
      if (word.includes("ur") && (m = our.exec(word))) return `${m[1]}r${m[2]}`;
      if (word.includes("ll") && (m = doubleL.exec(word))) return m[1] + m[2];
      if (word.includes("ys") && (m = yse.exec(word))) return `${m[1].slice(0, -1)}z${m[2]}`;
      if (word.includes("is")) {
        for (const suffix of rules.ise.suffixes) {
          if (word.endsWith(suffix)) {
            const stem = word.slice(0, -suffix.length);
            return keepsIse(stem) ? word : `${stem}iz${suffix.slice(2)}`;
          }
        }
      }
      return word;
    }
    function respelled(word) {
      const lower = word.toLowerCase();
      const found = american(lower);
      return found === lower ? word : cased(word, found);
    }
    const text = (value) => value.replace(TOKEN, (token) => token.split("-").map(respelled).join("-"));
    text.american = american;
    return text;
  }

  // The page's own spelling back in its excerpt (the index holds the American form).
  function respell(text, map) {
    if (!map) return text;
    return text.replace(TOKEN, (token) => {
      const own = map[token.toLowerCase()];
      return own ? cased(token, own) : token;
    });
  }

  function excerpt(html, map, className) {
    const out = el("p", className);
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    for (const node of doc.body.childNodes) {
      const text = respell(node.textContent, map);
      if (node.nodeName === "MARK") out.append(el("mark", "", text));
      else out.append(document.createTextNode(text));
    }
    return out;
  }

  function spellings(meta) {
    try {
      return meta.spelling ? JSON.parse(meta.spelling) : null;
    } catch {
      return null;
    }
  }

  function sortedValues(group, values) {
    const names = Object.keys(values);
    if (group === "year") return names.sort().reverse();
    return names.sort((a, b) => a.localeCompare(b, undefined, {sensitivity: "base"}));
  }

  function facts(item, className) {
    const meta = item.meta || {};
    const line = el("p", className);
    const kind = (item.filters && item.filters.kind && item.filters.kind[0]) || "";
    if (kind) line.append(el("span", "kb-search__kind", kind));
    if (meta.date) line.append(el("span", "kb-search__date", meta.date));
    if (meta.status) line.append(el("span", "kb-search__date", meta.status));
    return line;
  }

  // --- the engine: one per bundle, shared by the page and the dialog ---------------------

  const engines = new Map();

  function engine(bundleHref) {
    const bundle = new URL(bundleHref, document.baseURI);
    if (!engines.has(bundle.href)) engines.set(bundle.href, makeEngine(bundle));
    return engines.get(bundle.href);
  }

  async function makeEngine(bundle) {
    const rules = fetch(new URL("kb-spelling.json", bundle))
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    // Pagefind searches in its web worker, off the page's main thread. No filter chunks until
    // counts are wanted: values and totals come with the search page, counts follow later.
    const module = await import(bundle.href);
    const pagefind = module.createInstance({basePath: new URL(".", bundle).pathname});
    await pagefind.options({baseUrl: new URL("..", bundle).pathname, excerptLength: 24});
    await pagefind.init();
    const spelled = (await rules) ? speller(await rules) : (text) => text;
    let filterValues = null;
    return {
      spelled,
      // Every filter's values with their page counts; loads the filter chunks (once).
      filters() {
        if (!filterValues) filterValues = pagefind.filters();
        return filterValues;
      },
      countsLoaded: () => filterValues !== null,
      async search(term, filters) {
        const words = spelled(term.trim());
        const options = {filters};
        if (!words) options.sort = {date: "desc"}; // filters alone: newest first
        return pagefind.search(words || null, options);
      },
    };
  }

  function activeFilters(chosen) {
    const filters = {};
    for (const [group, values] of Object.entries(chosen)) {
      if (values.size) filters[group] = {any: [...values]};
    }
    return filters;
  }

  function address(base, term, chosen) {
    const params = new URLSearchParams();
    if (term.trim()) params.set("q", term.trim());
    for (const [group, values] of Object.entries(chosen)) {
      for (const value of [...values].sort()) params.append(group, value);
    }
    const query = params.toString();
    return query ? `${base}?${query}` : base;
  }

  function summary(count, term) {
    const what = term.trim() ? ` for “${term.trim()}”` : "";
    return count
      ? `${count} result${count === 1 ? "" : "s"}${what}.`
      : `No results${what}. Try fewer words or filters.`;
  }

  // --- the search page ----------------------------------------------------------------

  function searchPage(root) {
    const form = root.querySelector("form");
    const input = root.querySelector("input[type=search]");
    const status = root.querySelector(".kb-search__status");
    const list = root.querySelector(".kb-search__results");
    const more = root.querySelector(".kb-search__more");
    const PAGE = 10;
    const params = new URLSearchParams(location.search);
    const chosen = Object.fromEntries(GROUPS.map((g) => [g, new Set(params.getAll(g))]));
    input.value = params.get("q") || "";
    let search = null;
    let results = [];
    let shown = 0;
    let generation = 0;
    let timer = 0;

    // The groups are on the page already (no layout shift): only their state is set here.
    const boxes = [...root.querySelectorAll(".kb-search__option input[type=checkbox]")];
    for (const box of boxes) {
      box.checked = chosen[box.name] && chosen[box.name].has(box.value);
      box.addEventListener("change", () => {
        if (box.checked) chosen[box.name].add(box.value);
        else chosen[box.name].delete(box.value);
        if (search) run();
        else start();
      });
    }
    function markGroups() {
      for (const details of root.querySelectorAll(".kb-search__filter")) {
        const count = chosen[details.dataset.group] ? chosen[details.dataset.group].size : 0;
        details.querySelector(".kb-search__chosen").textContent = count ? ` (${count} chosen)` : "";
      }
    }
    // Counts follow the words and filters once the filter chunks are there.
    function drawCounts(counts) {
      for (const box of boxes) {
        const count = (counts[box.name] && counts[box.name][box.value]) || 0;
        box.parentElement.querySelector(".kb-search__count").textContent = `(${count})`;
      }
    }

    // A fresh search replaces the list in one step once its first page is fetched, so the
    // old results stay readable meanwhile (no empty list between two searches).
    async function drawMore(fresh = false) {
      const mine = generation;
      const page = results.slice(shown, shown + PAGE);
      const data = await Promise.all(page.map((result) => result.data()));
      if (mine !== generation) return;
      if (fresh) list.replaceChildren();
      for (const item of data) {
        const meta = item.meta || {};
        const li = el("li", "kb-search__result");
        const link = el("a", "kb-search__title", meta.title || item.url);
        link.href = item.url;
        li.append(link);
        const line = facts(item, "kb-search__facts");
        if (line.childNodes.length) li.append(line);
        if (input.value.trim() && item.excerpt) li.append(excerpt(item.excerpt, spellings(meta), "kb-search__excerpt"));
        else if (meta.summary) li.append(el("p", "kb-search__excerpt", meta.summary));
        list.append(li);
      }
      shown += page.length;
      more.hidden = shown >= results.length;
    }

    async function run() {
      const mine = ++generation;
      history.replaceState(null, "", address(location.pathname, input.value, chosen));
      markGroups();
      const term = input.value;
      const filters = activeFilters(chosen);
      if (!term.trim() && !Object.keys(filters).length) {
        results = [];
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "Type a word, or choose a filter, to search the articles and topics.";
        return;
      }
      status.textContent = "Searching…";
      const found = await search.search(term, filters);
      if (mine !== generation || !found) return;
      results = found.results;
      shown = 0;
      if (search.countsLoaded()) drawCounts(found.filters || {});
      await drawMore(true);
      if (mine === generation) status.textContent = summary(results.length, term);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      if (search) run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      if (search) timer = setTimeout(run, 200);
    });
    more.addEventListener("click", () => {
      const next = list.children.length;
      drawMore().then(() => {
        const link = list.children[next] && list.children[next].querySelector("a");
        if (link) link.focus(); // keyboard readers land on the first new result
      });
    });

    // Pagefind loads when there is something to search: at once for a shared link, else on
    // the first word typed or filter ticked (the page itself needs none of it to appear).
    let started = null;
    function start() {
      if (!started) {
        started = engine(root.dataset.kbBundle).then(
          async (found) => {
            search = found;
            await run();
            // After the first results: the filter chunks, so the counts follow the query.
            await search.filters();
            await run();
            return true;
          },
          (error) => {
            status.textContent = "The search index could not be loaded.";
            console.warn("search:", error);
            return false;
          },
        );
      }
      return started;
    }
    const pending = () => !search;
    form.addEventListener("input", () => pending() && start(), true);
    form.addEventListener("submit", () => pending() && start(), true);
    if (input.value.trim() || Object.keys(activeFilters(chosen)).length) start();
    else {
      status.textContent = "Type a word, or choose a filter, to search the articles and topics.";
      input.focus();
    }
  }

  // --- the dialog -----------------------------------------------------------------------

  let dialog = null;

  function buildDialog() {
    const node = el("dialog", "kb-dialog");
    node.setAttribute("aria-label", "Search the knowledge base");
    node.innerHTML = `
      <div class="kb-dialog__box">
        <form class="kb-dialog__form" role="search">
          <label class="kb-dialog__label" for="kb-dialog-input">Search the knowledge base</label>
          <div class="kb-dialog__row">
            <input id="kb-dialog-input" class="kb-dialog__input" type="search" autocomplete="off"
                   spellcheck="false" role="combobox" aria-autocomplete="list" aria-expanded="false"
                   aria-controls="kb-dialog-results" aria-describedby="kb-dialog-status">
            <button class="kb-dialog__close" type="button">Close</button>
          </div>
        </form>
        <button class="kb-dialog__toggle" type="button" aria-expanded="false" aria-controls="kb-dialog-filters">Filters</button>
        <div id="kb-dialog-filters" class="kb-dialog__filters" role="group" aria-label="Filters" hidden></div>
        <p id="kb-dialog-status" class="kb-dialog__status" role="status" aria-live="polite"></p>
        <ul id="kb-dialog-results" class="kb-dialog__results" role="listbox" aria-label="Results"></ul>
        <p class="kb-dialog__footer">
          <a class="kb-dialog__all" href="">Open the search page</a>
          <span class="kb-dialog__keys" aria-hidden="true"><kbd>↑</kbd><kbd>↓</kbd> move <kbd>Enter</kbd> open <kbd>Esc</kbd> close</span>
        </p>
      </div>`;
    document.body.append(node);
    return node;
  }

  function openDialog({bundle, page, query = "", opener = null}) {
    if (!dialog) dialog = dialogView(buildDialog());
    dialog.open({bundle, page, query, opener});
  }

  function dialogView(node) {
    const input = node.querySelector(".kb-dialog__input");
    const status = node.querySelector(".kb-dialog__status");
    const list = node.querySelector(".kb-dialog__results");
    const toggle = node.querySelector(".kb-dialog__toggle");
    const panel = node.querySelector(".kb-dialog__filters");
    const all = node.querySelector(".kb-dialog__all");
    const SHOWN = 8;
    const chosen = Object.fromEntries(GROUPS.map((g) => [g, new Set()]));
    const selects = {};
    let search = null;
    let ready = Promise.resolve(false); // whether the engine loaded
    let page = "";
    let opener = null;
    let items = [];
    let active = -1;
    let generation = 0;
    let timer = 0;

    function setActive(index) {
      const options = [...list.children];
      active = options.length ? (index + options.length) % options.length : -1;
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      const item = items[index];
      if (item) location.href = item.url;
    }

    async function drawFilters() {
      if (panel.childElementCount || !(await ready)) return;
      const values = await search.filters();
      for (const group of GROUPS) {
        const names = sortedValues(group, values[group] || {});
        if (!names.length) continue;
        const label = el("label", "kb-dialog__filter");
        label.append(el("span", "kb-dialog__filter-name", LABELS[group]));
        const select = el("select");
        select.name = group;
        select.append(new Option(`Any ${LABELS[group].toLowerCase()}`, ""));
        for (const name of names) select.append(new Option(`${name} (${values[group][name]})`, name));
        select.addEventListener("change", () => {
          chosen[group] = new Set(select.value ? [select.value] : []);
          run();
        });
        if (chosen[group].size) select.value = [...chosen[group]][0];
        selects[group] = select;
        label.append(select);
        panel.append(label);
      }
    }

    function drawCounts(counts) {
      for (const [group, select] of Object.entries(selects)) {
        for (const option of select.options) {
          if (!option.value) continue;
          const count = (counts[group] && counts[group][option.value]) || 0;
          option.textContent = `${option.value} (${count})`;
        }
      }
    }

    async function run() {
      const mine = ++generation;
      const term = input.value;
      const filters = activeFilters(chosen);
      all.href = address(page, term, chosen);
      if (!term.trim() && !Object.keys(filters).length) {
        items = [];
        list.replaceChildren();
        setActive(-1);
        input.setAttribute("aria-expanded", "false");
        status.textContent = "Type to search the articles and topics.";
        return;
      }
      const found = await search.search(term, filters);
      if (mine !== generation || !found) return;
      const data = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
      if (mine !== generation) return;
      items = data;
      list.replaceChildren();
      data.forEach((item, index) => {
        const meta = item.meta || {};
        const option = el("li", "kb-dialog__result");
        option.id = `kb-dialog-result-${index}`;
        option.setAttribute("role", "option");
        option.append(el("span", "kb-dialog__title", meta.title || item.url));
        const line = facts(item, "kb-dialog__facts");
        if (line.childNodes.length) option.append(line);
        if (term.trim() && item.excerpt) option.append(excerpt(item.excerpt, spellings(meta), "kb-dialog__excerpt"));
        else if (meta.summary) option.append(el("p", "kb-dialog__excerpt", meta.summary));
        option.addEventListener("click", () => go(index));
        option.addEventListener("pointermove", () => active !== index && setActive(index));
        list.append(option);
      });
      input.setAttribute("aria-expanded", String(data.length > 0));
      setActive(data.length ? 0 : -1);
      const count = found.results.length;
      status.textContent = count > SHOWN ? `${summary(count, term)} The first ${SHOWN} are shown.` : summary(count, term);
      if (search.countsLoaded()) drawCounts(found.filters || {});
    }

    function close() {
      // The browser gives the focus back to the opener as the dialog closes: not a new search.
      window.kbSearch.closedAt = Date.now();
      if (node.open) node.close();
    }

    node.addEventListener("close", () => {
      clearTimeout(timer);
      if (opener && opener.isConnected && document.activeElement !== opener) opener.focus({preventScroll: true});
    });
    node.addEventListener("click", (event) => {
      if (event.target === node) close(); // the backdrop
    });
    node.querySelector(".kb-dialog__close").addEventListener("click", close);
    node.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (active >= 0) go(active);
      else location.href = address(page, input.value, chosen);
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => ready.then((ok) => ok && run()), 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0 && !event.isComposing) {
        event.preventDefault();
        go(active);
      }
    });
    toggle.addEventListener("click", async () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
      if (open) {
        await drawFilters();
        run();
      }
    });
    // The focus stays in the dialog: Tab from the last control goes to the first, and back.
    node.addEventListener("keydown", (event) => {
      // Escape closes even from the search field, which would only clear itself.
      const shortcut = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (shortcut || event.key === "Escape") {
        event.preventDefault();
        close();
        return;
      }
      if (event.key !== "Tab") return;
      const controls = [...node.querySelectorAll("input, select, button, a[href]")].filter(
        (control) => !control.closest("[hidden]") && control.getClientRects().length,
      );
      const first = controls[0];
      const last = controls[controls.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });

    return {
      async open(options) {
        page = options.page;
        opener = options.opener;
        if (!node.open) node.showModal();
        input.value = options.query || input.value;
        input.focus();
        input.select();
        ready = engine(options.bundle).then(
          (found) => {
            search = found;
            return true;
          },
          (error) => {
            status.textContent = "The search index could not be loaded.";
            console.warn("search:", error);
            return false;
          },
        );
        if (await ready) run();
      },
    };
  }

  window.kbSearch = {openDialog, engine, speller, closedAt: 0};
  const root = document.getElementById("search-results");
  if (root) searchPage(root);
})();
