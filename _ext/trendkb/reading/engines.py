"""Other blog engines' rules, as one table: where a post's metadata lives and what it means.

Pure data and pure functions: no Sphinx here. Each ``Engine`` says, for one engine, which
front-matter forms it writes, which keys mean the knowledge base's fields, where a title,
a date and a language may come from when the front matter has none, which files resolve
author ids or give a folder's defaults, which keys are taxonomies, and which body syntax
its posts carry. ``detect`` finds the engine of a post from the files around it (or the
site sets it, ``kb_engine``); ``aliases.Normalizer`` and ``reading/source.py`` apply the
engine's rules, and the README's migration table is checked against this one
(``tests/test_engines.py``).

The native form (``ENGINES["kb"]``) is the knowledge base's own front matter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Where a title may come from, in the engine's order.
FRONT_MATTER, HEADING, FILE_NAME, FILE_WORDS = "front matter", "first heading", "file name", "file-name words"
#: Where a date may come from: the file or folder name's ``YYYY-MM-DD`` prefix, a
#: ``YYYY/MM/DD`` folder path, a date anywhere in the path, or a ``path`` field that holds one.
NAME_DATE, FOLDER_DATE, PATH_DATE, PATH_FIELD = (
    "file name",
    "folder path",
    "anywhere in the path",
    "path field",
)
#: Where a language may come from: ``post.es.md``, a ``content/es/`` folder, a front-matter key.
SUFFIX, FOLDER = "file suffix", "language folder"


@dataclass(frozen=True)
class Engine:
    key: str
    name: str
    docs: str
    #: File names whose presence in a post's folder, or a folder above it, identifies the engine.
    markers: tuple[str, ...] = ()
    #: Endings of file names that identify it the same way (Eleventy's ``blog.11tydata.js``).
    marker_suffixes: tuple[str, ...] = ()
    #: Folder names in a post's path that identify it (weaker than markers).
    folders: tuple[str, ...] = ()
    #: File suffixes only this engine uses.
    suffixes: tuple[str, ...] = ()
    #: Front-matter forms: "yaml", "toml", "json", "js" (``---js``), "header lines" (``Key: value``),
    #: "yaml without opener" (Hexo reads a block that only has its closing ``---``).
    formats: tuple[str, ...] = ("yaml",)
    #: engine key -> the knowledge base's field (keys are matched as written).
    fields: Mapping[str, str] = field(default_factory=dict)
    #: Whether front-matter keys are matched whatever their case (Pelican: ``Title:``).
    any_case: bool = False
    title: tuple[str, ...] = (FRONT_MATTER, HEADING)
    dates: tuple[str, ...] = (FRONT_MATTER, NAME_DATE)
    languages: tuple[str, ...] = (FRONT_MATTER,)
    #: Files that resolve author ids to names (nearest one up the folder tree).
    authors_files: tuple[str, ...] = ()
    #: Files whose fields every post below them inherits (Quarto's directory metadata).
    folder_metadata: tuple[str, ...] = ()
    #: Folders of author profiles written as pages (Contentlayer's ``content/authors/<id>.mdx``,
    #: whose ``title`` is the name): they describe authors, they are not posts.
    author_folders: tuple[str, ...] = ()
    #: Keys whose values are tags, in the order they are listed.
    taxonomies: tuple[str, ...] = ("tags", "categories")
    #: The family of body syntax its posts carry (``reading/foreign.py`` converts or reports it).
    syntax: str = "markdown"
    excerpt_markers: tuple[str, ...] = ("<!--more-->",)
    #: File stems of a section's own page (Hugo's and Zola's ``_index.md``, language suffix
    #: aside): the text of a list page, not a post.
    section_pages: tuple[str, ...] = ()
    #: Folder names whose posts are drafts (Jekyll's and Hexo's ``_drafts``).
    draft_folders: tuple[str, ...] = ()
    #: A one-line statement of its draft rules, for the README.
    drafts: str = "draft: true"
    #: Whether a post's folder name is a category (Pelican's USE_FOLDER_AS_CATEGORY).
    folder_category: bool = False


_COMMON = {
    "description": "excerpt",
    "summary": "excerpt",
    "authors": "author",
    "lastmod": "updated",
    "last_modified": "updated",
    "images": "image",
    "cover": "image",
}

ENGINES: dict[str, Engine] = {
    engine.key: engine
    for engine in (
        Engine(
            "kb",
            "ML Trends Knowledge Base",
            "README.md#front-matter-fields",
            fields=_COMMON,
        ),
        Engine(
            "jekyll",
            "Jekyll",
            "https://jekyllrb.com/docs/front-matter/",
            markers=("Gemfile", "_config.yml.example"),
            folders=("_posts", "_drafts"),
            fields={**_COMMON, "category": "tags", "tag": "tags", "last_modified_at": "updated"},
            title=(FRONT_MATTER, FILE_WORDS),
            syntax="liquid",
            draft_folders=("_drafts",),
            drafts="published: false; files in _drafts/",
        ),
        Engine(
            "hugo",
            "Hugo",
            "https://gohugo.io/content-management/front-matter/",
            markers=("hugo.toml", "hugo.yaml", "hugo.json", "archetypes"),
            formats=("yaml", "toml", "json"),
            fields={
                **_COMMON,
                "publishDate": "date",
                "publishdate": "date",
                "pubdate": "date",
                "modified": "updated",
                "featured_image": "image",
            },
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER,),
            languages=(FRONT_MATTER, SUFFIX, FOLDER),
            taxonomies=("tags", "categories", "series"),
            section_pages=("_index",),
            syntax="hugo",
            drafts="draft: true; a future publishDate",
        ),
        Engine(
            "zola",
            "Zola",
            "https://www.getzola.org/documentation/content/page/",
            markers=("zola.toml",),
            formats=("toml", "yaml"),
            fields={**_COMMON, "updated": "updated"},
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER, NAME_DATE, PATH_FIELD),
            languages=(SUFFIX,),
            taxonomies=("taxonomies",),
            section_pages=("_index",),
            syntax="zola",
            excerpt_markers=("<!-- more -->",),
        ),
        Engine(
            "hexo",
            "Hexo",
            "https://hexo.io/docs/front-matter",
            markers=("_config.landscape.yml", "scaffolds"),
            folders=("source",),
            formats=("yaml", "yaml without opener", "json"),
            fields={**_COMMON, "updated": "updated"},
            title=(FRONT_MATTER, FILE_NAME),
            languages=(FRONT_MATTER,),
            syntax="hexo",
            draft_folders=("_drafts",),
            drafts="published: false; files in source/_drafts/",
        ),
        Engine(
            "pelican",
            "Pelican",
            "https://docs.getpelican.com/en/latest/content.html",
            markers=("pelicanconf.py", "publishconf.py"),
            formats=("header lines",),
            fields={
                "title": "title",
                "date": "date",
                "modified": "updated",
                "tags": "tags",
                "category": "tags",
                "author": "author",
                "authors": "author",
                "summary": "excerpt",
                "slug": "slug",
                "lang": "language",
                "status": "status",
            },
            any_case=True,
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER,),
            languages=(FRONT_MATTER,),
            taxonomies=("tags",),
            drafts="Status: draft (or hidden)",
            folder_category=True,
        ),
        Engine(
            "mkdocs",
            "MkDocs Material (blog)",
            "https://squidfunk.github.io/mkdocs-material/plugins/blog/",
            markers=("mkdocs.yml", ".authors.yml", ".meta.yml"),
            fields=_COMMON,
            authors_files=(".authors.yml",),
            folder_metadata=(".meta.yml",),
            taxonomies=("categories", "tags"),
            syntax="mkdocs",
            excerpt_markers=("<!-- more -->",),
        ),
        Engine(
            "docusaurus",
            "Docusaurus",
            "https://docusaurus.io/docs/api/plugins/@docusaurus/plugin-content-blog",
            markers=("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "authors.yml"),
            fields={**_COMMON, "last_update": "updated"},
            title=(FRONT_MATTER, HEADING, FILE_NAME),
            dates=(FRONT_MATTER, NAME_DATE, FOLDER_DATE),
            authors_files=("authors.yml",),
            taxonomies=("tags",),
            syntax="docusaurus",
            excerpt_markers=("<!-- truncate -->", "{/* truncate */}"),
            drafts="draft: true; unlisted: true",
        ),
        Engine(
            "astro",
            "Astro",
            "https://docs.astro.build/en/guides/content-collections/",
            markers=("astro.config.mjs", "astro.config.ts", "astro.config.js"),
            fields={
                **_COMMON,
                "pubDate": "date",
                "published": "date",
                "updatedDate": "updated",
                "heroImage": "image",
                "category": "tags",
                "lang": "language",
            },
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER,),
            syntax="mdx",
        ),
        Engine(
            "nextjs",
            "Next.js / Contentlayer",
            "https://contentlayer.dev/docs/sources/files/mapping-document-types",
            markers=("contentlayer.config.js", "contentlayer.config.ts", "next.config.js", "next.config.mjs"),
            fields=_COMMON,
            author_folders=("authors",),
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER,),
            syntax="mdx",
            drafts="draft: true; published: false",
        ),
        Engine(
            "quarto",
            "Quarto",
            "https://quarto.org/docs/websites/website-blog.html",
            markers=("_quarto.yml", "_metadata.yml"),
            suffixes=(".qmd",),
            fields={**_COMMON, "date-modified": "updated", "lang": "language"},
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER, NAME_DATE),
            folder_metadata=("_metadata.yml",),
            taxonomies=("categories",),
            syntax="quarto",
        ),
        Engine(
            "eleventy",
            "Eleventy",
            "https://www.11ty.dev/docs/data-frontmatter/",
            markers=(".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"),
            marker_suffixes=(".11tydata.js", ".11tydata.json", ".11tydata.cjs", ".11tydata.mjs"),
            formats=("yaml", "json", "js"),
            fields=_COMMON,
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER, PATH_DATE),
            taxonomies=("tags",),
            syntax="nunjucks",
            drafts="draft: true (with the drafts preprocessor); eleventyExcludeFromCollections",
        ),
        Engine(
            "gatsby",
            "Gatsby",
            "https://www.gatsbyjs.com/plugins/gatsby-transformer-remark/",
            markers=("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"),
            fields={**_COMMON, "banner": "image"},
            title=(FRONT_MATTER,),
            dates=(FRONT_MATTER,),
            syntax="mdx",
        ),
        Engine(
            "vuepress",
            "VuePress",
            "https://vuepress.vuejs.org/guide/frontmatter.html",
            markers=(".vuepress",),
            fields=_COMMON,
            title=(FRONT_MATTER, HEADING),
            syntax="vue",
            excerpt_markers=("<!-- more -->",),
        ),
    )
}

NATIVE = ENGINES["kb"]
_BY_MARKER = [(marker, engine) for engine in ENGINES.values() for marker in engine.markers]
_BY_SUFFIX = [engine for engine in ENGINES.values() if engine.marker_suffixes]
#: Configuration files several engines share, told apart by a key only one of them writes.
SHARED_CONFIG = {
    "_config.yml": (("new_post_name", "hexo"), ("permalink", "jekyll"), ("", "jekyll")),
    "config.toml": (("base_url", "zola"), ("baseurl", "hugo"), ("baseURL", "hugo")),
    "config.yaml": (("baseURL", "hugo"), ("baseurl", "hugo")),
}


def _shared(folder: str, name: str) -> Engine | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as stream:
            text = stream.read(65536)
    except OSError:
        return None
    for needle, key in SHARED_CONFIG[name]:
        if needle in text:
            return ENGINES[key]
    return None


def _listing(folder: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    found = cache.get(folder)
    if found is None:
        try:
            found = frozenset(os.listdir(folder))
        except OSError:
            found = frozenset()
        cache[folder] = found
    return found


def detect(source: Path, top: Path, cache: dict[str, frozenset[str]] | None = None) -> Engine:
    """The engine a post was written for, from the files in its folder and the folders above it
    (up to ``top``, the articles folder), then from its path and suffix; the native form otherwise.

    The nearest marker wins, so an archive copied into a sub-folder keeps its own engine.
    """
    cache = {} if cache is None else cache
    source, top = source.absolute(), top.absolute()
    folder = source.parent
    while True:
        names = _listing(str(folder), cache)
        for marker, engine in _BY_MARKER:
            if marker in names:
                return engine
        for engine in _BY_SUFFIX:
            if any(name.endswith(engine.marker_suffixes) for name in names):
                return engine
        for name in SHARED_CONFIG:
            if name in names and (engine := _shared(str(folder), name)) is not None:
                return engine
        if folder == top or folder == folder.parent or not folder.is_relative_to(top):
            break
        folder = folder.parent
    for engine in ENGINES.values():
        if source.suffix in engine.suffixes:
            return engine
    parts = set(source.parts)
    for engine in ENGINES.values():
        if parts & set(engine.folders):
            return engine
    return NATIVE


def named(key: str) -> Engine:
    """The engine a site names in ``kb_engine`` (ValueError for an unknown one)."""
    try:
        return ENGINES[key]
    except KeyError:
        raise ValueError(f"unknown engine {key!r}: expected one of {', '.join(ENGINES)}") from None
