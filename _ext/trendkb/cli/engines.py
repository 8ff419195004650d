"""``python -m trendkb engines``: the table of other engines' rules, as the README shows it.

The README's migration table is this command's output between its markers, and a test
checks that they agree (``tests/test_engines.py``), so the table never drifts from the
rules the build applies.
"""

from __future__ import annotations

import argparse

from ..reading import engines


def table() -> str:
    """The Markdown table of every engine the knowledge base reads (``reading/engines.py``)."""
    rows = [
        "| engine | found by | metadata | title | date | authors | taxonomies | drafts | body syntax |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine in engines.ENGINES.values():
        if engine is engines.NATIVE:
            continue
        found = [f"`{name}`" for name in (*engine.markers, *(f"*{s}" for s in engine.marker_suffixes))]
        found += [
            f"`{name}` with `{needle}`" if needle else f"`{name}`"
            for name, choices in engines.SHARED_CONFIG.items()
            for needle, key in choices
            if key == engine.key
        ]
        found += [f"`{s}` files" for s in engine.suffixes]
        keys = sorted({k for k, v in engine.fields.items() if k != v and v in ("title", "date", "updated")})
        metadata = ", ".join(engine.formats) + (" (keys in any case)" if engine.any_case else "")
        if keys:
            metadata += "; " + ", ".join(f"`{k}`" for k in keys)
        authors = ", ".join(f"`{name}`" for name in engine.authors_files) or "as written"
        if engine.author_folders:
            authors += "; profile pages in " + ", ".join(f"`{f}/`" for f in engine.author_folders)
        rows.append(
            "| "
            + " | ".join(
                [
                    f"[{engine.name}]({engine.docs})",
                    ", ".join(found) or "`kb_engine`",
                    metadata,
                    ", then ".join(engine.title),
                    ", then ".join(engine.dates),
                    authors,
                    ", ".join(f"`{t}`" for t in engine.taxonomies),
                    engine.drafts,
                    engine.syntax,
                ]
            )
            + " |"
        )
    return "\n".join(rows) + "\n"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "engines",
        help="print the table of other blog engines' rules (the README's migration table)",
        description="Print, as Markdown, how posts from each blog engine are read.",
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    print(table(), end="")
    return 0
