/* Preview cards for links that carry data-kb-preview (written at build time).
   Hover (with a mouse) or keyboard focus shows the card; Escape or leaving hides it.
   A tap on a touch screen follows the link: no hover card there. Text only, via
   textContent, so front matter is never parsed as HTML. */
(function () {
  "use strict";
  var SELECTOR = "a[data-kb-preview]";
  var card, title, meta, text, owner = null, hideTimer = 0, touched = false;

  function build() {
    card = document.createElement("div");
    card.id = "kb-preview";
    card.className = "kb-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    title = card.appendChild(document.createElement("p"));
    title.className = "kb-preview__title";
    meta = card.appendChild(document.createElement("p"));
    meta.className = "kb-preview__meta";
    text = card.appendChild(document.createElement("p"));
    text.className = "kb-preview__text";
    // The pointer may move onto the card (to read or select it) without losing it.
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", function () { hideSoon(); });
    document.body.appendChild(card);
  }

  function fill(el, value) {
    el.textContent = value || "";
    el.hidden = !value;
  }

  // A listing shows the excerpt under the title already: the card reads it from there
  // instead of the page carrying it twice.
  function excerptBeside(link) {
    var item = link.closest(".kb-article-list__item");
    var excerpt = item && item.querySelector(".kb-article-list__excerpt");
    return excerpt ? excerpt.textContent : "";
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(card.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    var top = box.bottom + 6;
    // Above the link when the card would leave the bottom of the window.
    if (top + card.offsetHeight > window.innerHeight && box.top - card.offsetHeight - 6 > 0) {
      top = box.top - card.offsetHeight - 6;
    }
    card.style.left = left + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    if (!card) build();
    clearTimeout(hideTimer);
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    fill(title, link.getAttribute("data-kb-preview"));
    fill(meta, link.getAttribute("data-kb-preview-meta"));
    fill(text, link.getAttribute("data-kb-preview-text") || excerptBeside(link));
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (card) card.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 150);
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest(SELECTOR) : null;
  }

  var mouse = window.matchMedia ? window.matchMedia("(hover: hover)") : { matches: true };
  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch";
    if (touched) hide();
  }, true);
  document.addEventListener("keydown", function (event) {
    touched = false;
    if (event.key === "Escape" && owner) hide();
  });
  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link && mouse.matches && !touched) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && link === owner && !link.contains(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link && !touched) show(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event) === owner) hide();
  });
})();
