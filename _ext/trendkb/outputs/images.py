"""Articles' local pictures, copied into the output where their pages and previews point."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS
from ..model import media
from ..model.domain import KnowledgeBase
from ..reading.confine import policy
from . import owners

PRODUCER = "the article pictures"


def claim_folder(app: Sphinx, builder) -> None:
    if builder.name in PAGE_BUILDERS:
        owners.claim(app, media.OUTPUT_FOLDER, PRODUCER, folder=True)


def copy_images(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    srcdir = Path(app.srcdir)
    catalog = KnowledgeBase(app.env).catalog
    rule = policy(app)
    # Each picture once, named for warnings by the first article that shows it.
    shown = {}
    for docname in catalog.order:
        article = catalog.articles[docname]
        shown.setdefault(article.image, (docname, article.image_line))
    for image, location in sorted(shown.items()):
        if not image or media.is_remote(image):
            continue
        source = srcdir / image
        # Checked again as it is copied: the file may have changed since it was read.
        if rule.refusal(source, picture=True) is None:
            owners.copy(app, media.output_path(image), source, PRODUCER, location=location)


def setup_images(app: Sphinx) -> None:
    app.connect("write-started", claim_folder, priority=200)
    app.connect("build-finished", copy_images)
