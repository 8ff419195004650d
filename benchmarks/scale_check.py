"""Quick linearity check: build the site with N synthetic articles, report seconds.

Usage: python benchmarks/scale_check.py 250 500 1000
The full benchmark (floor and naive site side by side) belongs to benchmarks/run.py.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = [
    "model", "data", "training", "layer", "attention", "token",
    "gradient", "loss", "network", "vision", "language",
]  # fmt: skip


def article(rng: random.Random, index: int, vocabulary: list[str]) -> str:
    tags = rng.sample(vocabulary, 4)
    paragraphs = "\n\n".join(" ".join(rng.choices(WORDS, k=80)) + "." for _ in range(8))
    return (
        f"---\ntitle: Synthetic article {index}\n"
        f"date: {2015 + index % 10}-{1 + index % 12:02d}-{1 + index % 28:02d}\n"
        f"excerpt: Excerpt {index}.\ntags: [{', '.join(tags)}]\nauthor: Author {index % 7}\n---\n\n"
        f"{paragraphs}\n\n## Details\n\n- one\n- two\n\n```python\nprint({index})\n```\n"
    )


def main(sizes: list[int]) -> None:
    vocabulary = [f"Tag {i}" for i in range(60)]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "site"
            shutil.copytree(
                REPO, src, ignore=shutil.ignore_patterns("_build", ".git", "tests", ".tox", "benchmarks")
            )
            rng = random.Random(n)
            target = src / "docs" / "articles" / "synthetic"
            target.mkdir(parents=True)
            for i in range(n):
                (target / f"a{i:05d}.md").write_text(article(rng, i, vocabulary), encoding="utf-8")
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(Path(tmp) / "out")],
                check=True,
            )
            print(f"N={n}: full build {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [250, 500])
