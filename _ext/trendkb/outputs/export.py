"""``catalog.json``: the whole knowledge base as data, for readers who build on it."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS, kb_config, site_url
from ..model import bibliography, media, trends
from ..model.catalog import Catalog, Tag
from ..model.domain import KnowledgeBase
from ..reading import dates
from . import jsonsafe, owners
from .siteoutput import page_path

FILENAME = "catalog.json"
PRODUCER = "the catalog (catalog.json)"


def catalog_data(app: Sphinx, catalog: Catalog) -> dict:
    builder = app.builder
    config = kb_config(app.config)
    base = site_url(app.config)

    def where(pagename: str) -> dict:
        path = page_path(builder, pagename)
        return {"path": path, "url": base + path if base else None}

    def group(entry: Tag, page_of) -> dict:
        return {
            "name": entry.display,
            "slug": entry.slug,
            **where(page_of(entry.slug)),
            "articles": [page_path(builder, d) for d in entry.docnames],
        }

    articles = []
    for docname in catalog.order:
        article = catalog.articles[docname]
        articles.append(
            {
                "title": article.title,
                "date": dates.timestamp(article.published),
                "updated": dates.timestamp(article.updated) if article.updated else None,
                **where(docname),
                "excerpt": article.excerpt,
                "authors": list(article.authors),
                "tags": catalog.tag_names(article),
                "featured": article.featured,
                "reading_minutes": article.reading_minutes,
                "topics": list(catalog.article_topics.get(docname, ())),
                "related_articles": [
                    page_path(builder, other) for other in catalog.related_articles.get(docname, ())
                ],
                "image": media.absolute_url(article.image, base) if article.image else None,
                "slug": article.slug or None,
                "permalink": article.permalink or None,
                "redirect_from": [path for path, _ in article.redirects],
                **({"custom": dict(article.custom)} if article.custom else {}),
            }
        )
    today = trends.today(config.zone)
    due = {t.slug for t in trends.due_for_review(catalog.topics.values(), today, config.review_after_days)}
    topics = [
        {
            "slug": slug,
            "title": topic.title,
            **where(topic.docname),
            "summary": topic.summary,
            "status": topic.status,
            "tags": list(topic.tags),
            "related": list(catalog.related_topics.get(slug, ())),
            "articles": [page_path(builder, d) for d, _, _ in catalog.topic_articles.get(slug, ())],
            "status_history": [{"date": date, "status": status} for date, status in topic.status_history],
            "area": topic.area,
            "last_reviewed": topic.last_reviewed.isoformat() if topic.last_reviewed else None,
            "review_due": slug in due,
            # Citation keys of the topic's page (sphinxcontrib-bibtex), sorted.
            "references": list(bibliography.cited_keys(app.env, topic.docname)),
        }
        for slug, topic in catalog.topics.items()
    ]
    return {
        "title": app.config.project,
        "url": base,
        "articles": articles,
        "topics": topics,
        "tags": [group(tag, config.tag_page) for tag in catalog.tags.values()],
        "authors": [group(author, config.author_page) for author in catalog.authors.values()],
        # The bibliography (sphinxcontrib-bibtex), each paper with the pages citing it.
        "papers": [
            {
                "key": paper.key,
                "title": paper.title,
                "authors": list(paper.authors),
                "year": paper.year,
                "url": paper.url,
                "cited_by": [page_path(builder, d) for d in paper.cited_by],
            }
            for paper in bibliography.papers(app.env)
        ],
    }


def write_catalog(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    data = catalog_data(app, KnowledgeBase(app.env).catalog)
    text = jsonsafe.dumps(data, ensure_ascii=False, indent=1) + "\n"
    owners.write(app, FILENAME, text.encode("utf-8"), PRODUCER)


def claim_catalog(app: Sphinx, builder) -> None:
    if builder.name in PAGE_BUILDERS:
        owners.claim(app, FILENAME, PRODUCER)


def setup_export(app: Sphinx) -> None:
    app.connect("write-started", claim_catalog, priority=200)
    app.connect("build-finished", write_catalog)
