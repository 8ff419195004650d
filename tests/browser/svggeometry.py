"""Geometry read from drawings in the page (SVG user units), shared by the browser tests."""

from __future__ import annotations

#: For each visible map drawing under ``root``: its edges, the (edge, box) pairs where an
#: edge's path (sampled every px with getPointAtLength) enters a box, and what lies
#: outside the viewBox (getBBox of every shape and text).
MAP_GEOMETRY = """root => [...document.querySelectorAll(root + ' svg.kb-map__svg')]
    .filter(svg => svg.getClientRects().length)
    .map(svg => {
        const boxes = [...svg.querySelectorAll('.kb-map__node')].map(node => ({
            key: node.getAttribute('data-kb-node'), box: node.querySelector('rect').getBBox()}));
        const crossings = new Set();
        const paths = [...svg.querySelectorAll('.kb-map__edges path')];
        for (const path of paths) {
            const length = path.getTotalLength();
            for (let at = 0; at <= length; at += 1) {
                const p = path.getPointAtLength(at);
                for (const {key, box} of boxes) {
                    if (p.x > box.x + 0.5 && p.x < box.x + box.width - 0.5
                        && p.y > box.y + 0.5 && p.y < box.y + box.height - 0.5) {
                        crossings.add(path.getAttribute('data-kb-ends') + ' -> ' + key);
                    }
                }
            }
        }
        const view = svg.viewBox.baseVal;
        const clipped = [...svg.querySelectorAll('rect, text, path, circle, line')].filter(el => {
            const b = el.getBBox();
            return b.x < view.x - 0.5 || b.y < view.y - 0.5
                || b.x + b.width > view.x + view.width + 0.5 || b.y + b.height > view.y + view.height + 0.5;
        }).map(el => el.outerHTML.slice(0, 120));
        // A group's name stays inside its panel and clear of every box.
        const names = [...svg.querySelectorAll('text.kb-map__group')].map(text => {
            const t = text.getBBox(), panel = text.previousElementSibling.getBBox();
            const inside = t.x >= panel.x && t.y >= panel.y && t.x + t.width <= panel.x + panel.width
                && t.y + t.height <= panel.y + panel.height;
            const overlaps = boxes.filter(({box}) => t.x < box.x + box.width && box.x < t.x + t.width
                && t.y < box.y + box.height && box.y < t.y + t.height).map(({key}) => key);
            const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
            return {name: text.textContent, inside, overlaps, size};
        });
        return {edges: paths.length, crossings: [...crossings], clipped, names,
                width: svg.getBoundingClientRect().width};
    })"""

#: The visible radar drawing: every text's rendered size, every blip's tap area and dot
#: (client px), what lies outside the viewBox, and the list's links (client px).
RADAR_GEOMETRY = """() => {
    const svg = [...document.querySelectorAll('svg.kb-radar__svg')].find(s => s.getClientRects().length);
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => ({
        text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}));
    const blips = [...svg.querySelectorAll('.kb-radar-blip')].map(a => {
        const hit = a.getBoundingClientRect(), dot = a.querySelector('.kb-radar-dot').getBoundingClientRect();
        return {name: a.getAttribute('aria-label'), shown: a.querySelector('.kb-radar-number').textContent,
                width: hit.width, height: hit.height, x: dot.x + dot.width / 2, y: dot.y + dot.height / 2,
                dot: dot.width};
    });
    const view = svg.viewBox.baseVal;
    const shapes = 'rect, circle, line, path:not(.kb-radar-lane), text';
    const clipped = [...svg.querySelectorAll(shapes)].filter(el => {
        const b = el.getBBox();
        return b.x < view.x - 0.5 || b.y < view.y - 0.5
            || b.x + b.width > view.x + view.width + 0.5 || b.y + b.height > view.y + view.height + 0.5;
    }).map(el => el.outerHTML.slice(0, 100));
    const links = [...document.querySelectorAll('.kb-radar-legend a')].map(a => {
        const r = a.getBoundingClientRect();
        return {text: a.textContent, width: r.width, height: r.height};
    });
    return {kind: svg.classList.contains('kb-radar__svg--narrow') ? 'narrow' : 'wide',
            width: svg.getBoundingClientRect().width, texts, blips, clipped, links};
}"""

#: Every visible text of the drawings under ``root`` (timeline, chart): its rendered size
#: and box (client px), by drawing.
TEXTS = """root => [...document.querySelectorAll(root + ' svg')]
    .filter(svg => svg.getClientRects().length)
    .map(svg => [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
                box: [r.left, r.top, r.right, r.bottom]};
    }))"""
