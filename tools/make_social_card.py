"""Draw the site's link-preview image (``og:image``), 1200 x 630 PNG, once.

The image is committed (``_ext/trendkb/static/kb-social-card.png``), so building the
site needs neither this script nor a browser. Run it again after changing the text or
colours: ``python tools/make_social_card.py`` (needs Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "_ext" / "trendkb" / "static" / "kb-social-card.png"
WIDTH, HEIGHT = 1200, 630

# A flat background keeps the PNG small (a gradient made it 370 KB).
# A small graph of linked topics on the right: the site is trends and their relations.
NODES = [(880, 170), (1040, 120), (1090, 300), (950, 360), (1060, 480), (860, 500)]
EDGES = [(0, 1), (1, 2), (0, 3), (2, 3), (3, 4), (4, 5), (3, 5), (2, 4)]

CARD = """<!doctype html><html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {w}px; height: {h}px; overflow: hidden; }}
body {{ background: #163a63;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #fff; position: relative; }}
h1 {{ position: absolute; left: 80px; top: 170px; width: 680px; margin: 0;
  font-size: 76px; line-height: 1.08; font-weight: 700; letter-spacing: -1px; }}
p {{ position: absolute; left: 80px; top: 440px; width: 660px; margin: 0;
  font-size: 30px; line-height: 1.35; color: #cfe3f7; }}
.bar {{ position: absolute; left: 80px; top: 130px; width: 120px; height: 8px; background: #f5b942; }}
svg {{ position: absolute; left: 0; top: 0; }}
</style></head><body>
<svg width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">{graph}</svg>
<div class="bar"></div>
<h1>ML Trends Knowledge Base</h1>
<p>Machine-learning trends, the articles that discuss them, and how they connect.</p>
</body></html>"""


def graph() -> str:
    lines = "".join(
        f'<line x1="{NODES[a][0]}" y1="{NODES[a][1]}" x2="{NODES[b][0]}" y2="{NODES[b][1]}" '
        'stroke="#9cc7ee" stroke-width="4" stroke-opacity="0.7"/>'
        for a, b in EDGES
    )
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="{26 if i % 2 else 34}" fill="{"#f5b942" if i == 3 else "#ffffff"}"/>'
        for i, (x, y) in enumerate(NODES)
    )
    return lines + dots


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "card.html"
        page.write_text(CARD.format(w=WIDTH, h=HEIGHT, graph=graph()), encoding="utf-8")
        subprocess.run(
            [
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={OUT}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
