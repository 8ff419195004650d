/* The topic map and a topic's neighbourhood (pages/mapsvg.py): while a topic is hovered or
   has the keyboard focus, its relations and related topics are lit and the rest dimmed.
   Reads only the keys the build wrote (data-kb-node, data-kb-ends); writes classes only.
   Without this script the drawings are the same, unlit. */
(function () {
  "use strict";

  function setUp(svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll("[data-kb-ends]"));
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("[data-kb-node]"));
    var lit = null;

    function light(key) {
      if (key === lit) return;
      lit = key;
      svg.classList.toggle("kb-map--lit", key !== null);
      var near = {};
      edges.forEach(function (edge) {
        var ends = edge.getAttribute("data-kb-ends").split(" ");
        var on = key !== null && ends.indexOf(key) !== -1;
        edge.classList.toggle("is-lit", on);
        if (on) {
          near[ends[0]] = near[ends[1]] = true;
          edge.parentNode.appendChild(edge); // drawn over the other edges
        }
      });
      nodes.forEach(function (node) {
        var own = node.getAttribute("data-kb-node");
        node.classList.toggle("is-here", own === key);
        node.classList.toggle("is-near", own !== key && near[own] === true);
      });
    }

    function nodeOf(target) {
      var node = target && target.closest ? target.closest("[data-kb-node]") : null;
      return node && svg.contains(node) ? node.getAttribute("data-kb-node") : null;
    }

    svg.addEventListener("pointerover", function (event) {
      var key = nodeOf(event.target);
      if (key !== null) light(key);
    });
    svg.addEventListener("pointerleave", function () { light(null); });
    svg.addEventListener("focusin", function (event) { light(nodeOf(event.target)); });
    svg.addEventListener("focusout", function (event) {
      if (nodeOf(event.relatedTarget) === null) light(null);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("svg.kb-map__svg"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
