"""sphinx-design card grids built from data (topics, featured articles).

Built as sphinx-design's own component nodes rather than HTML, so the cards look
and behave exactly like hand-written ``grid``/``card`` directives in every builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from docutils import nodes
from sphinx_design.shared import create_component


@dataclass
class Card:
    title: str
    url: str | None
    #: Paragraph texts under the title, each with its classes.
    lines: list[tuple[str, list[str]]] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    #: A picture above the title (URL from the page), shown by HTML builders.
    image: str | None = None


def _title(card: Card) -> nodes.paragraph:
    title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold"])
    if card.url:
        # The stretched link makes the whole card clickable, like sphinx-design's :link:.
        title += nodes.reference(
            "", card.title, refuri=card.url, internal=True, classes=["sd-stretched-link", "kb-card-link"]
        )
    else:
        title += nodes.Text(card.title)
    return title


def _row_classes(columns: tuple[int, int, int, int]) -> list[str]:
    """sphinx-design's row classes for (xs, sm, md, lg) columns, with its default gutter."""
    sizes = dict(zip(("xs", "sm", "md", "lg"), columns, strict=True))
    return [
        "sd-row",
        f"sd-row-cols-{sizes['xs']}",
        *(f"sd-row-cols-{size}-{count}" for size, count in sizes.items()),
        "sd-g-3",
        *(f"sd-g-{size}-3" for size in sizes),
    ]


def card_grid(
    cards: list[Card], classes: list[str], columns: tuple[int, int, int, int] = (1, 2, 3, 3)
) -> nodes.Element:
    items = []
    for card in cards:
        body = [_title(card)]
        for text, text_classes in card.lines:
            if text:
                inline = nodes.inline(text, text, classes=text_classes)
                body.append(nodes.paragraph("", "", inline, classes=["sd-card-text"]))
        card_body = create_component("card-body", ["sd-card-body"], children=body)
        picture = []
        if card.image:
            # Decorative (the title says what the card is): empty alt text.
            html = f'<img class="sd-card-img-top kb-article-card__image" src="{escape(card.image)}" alt="" />'
            picture = [nodes.raw("", html, format="html")]
        node = create_component(
            "card",
            ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover", *card.classes],
            children=[*picture, card_body],
        )
        items.append(create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[node]))
    row = create_component("grid-row", _row_classes(columns), children=items)
    return create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", *classes], children=[row]
    )
