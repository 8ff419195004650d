"""Articles' local pictures, copied into the output where their pages and previews point."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..config import PAGE_BUILDERS
from ..model import media
from ..model.domain import KnowledgeBase


def copy_images(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in PAGE_BUILDERS:
        return
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    catalog = KnowledgeBase(app.env).catalog
    for image in sorted({catalog.articles[d].image for d in catalog.order} - {""}):
        if media.is_remote(image):
            continue
        source, target = srcdir / image, outdir / media.output_path(image)
        if not source.is_file():
            continue  # removed since it was read: warned about on the next read
        stat = source.stat()
        if (
            target.is_file()
            and target.stat().st_size == stat.st_size
            and target.stat().st_mtime >= stat.st_mtime
        ):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def setup_images(app: Sphinx) -> None:
    app.connect("build-finished", copy_images)
