// Search from every page. Ctrl-K or Cmd-K, "/" (unless the reader is typing in a field), the
// header's search button (phones, where Furo hides the sidebar) and Furo's sidebar box open the
// search dialog. Its code and styles (kb-search.js and .css) are fetched on first use, or as
// soon as a pointer or the focus comes near a search control; this file is all a page loads
// for it. Without scripts the button and the box still lead to the search page.
(() => {
  "use strict";
  const button = document.querySelector(".kb-search-open");
  if (!button) return;
  const pageInput = document.getElementById("kb-search-input"); // on the search page itself
  const box = document.querySelector("input.sidebar-search");
  let loading = null;

  function fetched(tag, attributes) {
    return new Promise((resolve, reject) => {
      const node = Object.assign(document.createElement(tag), attributes);
      node.addEventListener("load", resolve);
      node.addEventListener("error", reject);
      document.head.append(node);
    });
  }

  function load() {
    if (!loading) {
      loading = Promise.all([
        fetched("link", {rel: "stylesheet", href: button.dataset.kbStyle}),
        window.kbSearch ? null : fetched("script", {src: button.dataset.kbScript}),
      ]);
      loading.catch(() => (loading = null));
    }
    return loading;
  }

  async function open(query, opener) {
    if (pageInput) {
      pageInput.focus();
      pageInput.select();
      return;
    }
    try {
      await load();
    } catch {
      location.href = button.href + (query ? `?q=${encodeURIComponent(query)}` : "");
      return;
    }
    window.kbSearch.openDialog({bundle: button.dataset.kbBundle, page: button.href, query, opener});
  }

  function typing(target) {
    return target instanceof Element && target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])");
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey) return;
    const shortcut = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
    const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !typing(event.target);
    if (!shortcut && !slash) return;
    if (document.querySelector("dialog.kb-dialog[open]")) return; // the dialog handles its own keys
    event.preventDefault();
    open("", document.activeElement);
  });

  button.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return; // a new tab
    event.preventDefault();
    open("", button);
  });

  for (const near of [button, box]) {
    if (!near) continue;
    near.addEventListener("pointerenter", () => load().catch(() => {}), {once: true});
  }

  if (box && !pageInput) {
    // A click or a typed character opens the dialog; the focus alone does not, so Tab walks
    // past the box (and the focus the dialog gives back to it is not a new search).
    box.addEventListener("focus", () => load().catch(() => {}));
    box.addEventListener("click", () => open(box.value, box));
    box.addEventListener("input", () => open(box.value, box));
    box.form.addEventListener("submit", (event) => {
      event.preventDefault();
      open(box.value, box);
    });
  }
})();
