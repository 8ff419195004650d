"""The one home of the knowledge-base data: a domain with purge and merge.

Per-document records (articles, listing directives) are purged and merged by
docname, so incremental and parallel reads stay correct. The catalog and page
signatures are derived in the main process after reading (see ``updates.py``).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .catalog import Article, Catalog, Mention, Topic

PER_DOCUMENT = ("articles", "topics", "mentions", "listings", "warnings", "links", "search")


class TopicRole(XRefRole):
    """``{topic}`slug``` without the domain prefix: the same reference as ``kb:topic``."""

    def run(self):
        self.name = "kb:topic"
        return super().run()


class KnowledgeBaseDomain(Domain):
    name = "kb"
    label = "ML Trends Knowledge Base"
    data_version = 4  # 4: each article's and topic's search text
    initial_data: dict[str, Any] = {
        "articles": {},  # docname -> Article
        "topics": {},  # docname -> Topic
        "mentions": {},  # docname -> tuple of Mention ({topic} roles in that page)
        "listings": {},  # docname -> tuple of listing specs shown on that page
        "warnings": {},  # docname -> warnings logged while it was read (model/replay.py)
        "links": {},  # docname -> tuple of its internal links (model/links.py)
        "search": {},  # docname -> searchtext.SearchText, what search indexes of it
        "backlinks": {},  # derived after reading: docname -> tuple of links.Backlink
        "catalog": Catalog(),  # derived, rebuilt after a read phase that changed its inputs
        "catalog_key": "",  # digest of the inputs the catalog was derived from
        "signatures": {},  # page name -> digest of its generated content
        "stale_outputs": frozenset(),  # output-only pages to write in this build
    }

    dangling_warnings = {
        "topic": "unknown topic %(target)r: expected the slug of a page in docs/topics/ that has a title"
    }
    roles = {"topic": XRefRole(innernodeclass=nodes.inline, warn_dangling=True)}
    object_types = {"topic": ObjType("topic", "topic")}

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOCUMENT:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def _topic(self, slug: str):
        return next((t for t in self.data["topics"].values() if t.slug == slug and t.title), None)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        topic = self._topic(target)
        if topic is None:
            return None
        if not node.get("refexplicit"):
            # The link text is the topic's title, as text (never markup).
            contnode = nodes.inline(topic.title, topic.title, classes=["kb-topic-ref"])
        ref = make_refnode(builder, fromdocname, topic.docname, None, contnode, topic.title)
        ref["kb_topic"] = topic.slug  # pages/previews.py gives it a preview card
        return ref

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self.resolve_xref(env, fromdocname, builder, "topic", target, node, contnode)
        return [("kb:topic", found)] if found is not None else []

    def get_objects(self):
        for topic in self.data["topics"].values():
            if topic.title:
                yield topic.slug, topic.title, "topic", topic.docname, "", 1


class KnowledgeBase:
    """Typed access to the domain's data, the only way the modules read it."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self._data = env.domains["kb"].data

    @property
    def articles(self) -> dict[str, Article]:
        return self._data["articles"]

    @property
    def topics(self) -> dict[str, Topic]:
        return self._data["topics"]

    @property
    def mentions(self) -> dict[str, tuple[Mention, ...]]:
        return self._data["mentions"]

    @property
    def listings(self) -> dict[str, tuple]:
        return self._data["listings"]

    @property
    def warnings(self) -> dict[str, tuple]:
        """docname -> the warnings logged while it was last read (model/replay.py)."""
        return self._data["warnings"]

    @property
    def links(self) -> dict[str, tuple]:
        """docname -> the internal links of that page (model/links.py)."""
        return self._data["links"]

    @property
    def search_texts(self) -> dict:
        """docname -> what search indexes of that page (model/searchtext.py)."""
        return self._data["search"]

    @property
    def backlinks(self) -> dict[str, tuple]:
        """docname -> the pages linking to it (model/links.py), derived after reading."""
        return self._data["backlinks"]

    @backlinks.setter
    def backlinks(self, value: dict[str, tuple]) -> None:
        self._data["backlinks"] = value

    @property
    def catalog(self) -> Catalog:
        return self._data["catalog"]

    @catalog.setter
    def catalog(self, value: Catalog) -> None:
        self._data["catalog"] = value

    @property
    def catalog_key(self) -> str:
        return self._data["catalog_key"]

    @catalog_key.setter
    def catalog_key(self, value: str) -> None:
        self._data["catalog_key"] = value

    @property
    def signatures(self) -> dict[str, str]:
        return self._data["signatures"]

    @property
    def stale_outputs(self) -> frozenset[str]:
        return self._data["stale_outputs"]

    @stale_outputs.setter
    def stale_outputs(self, value: frozenset[str]) -> None:
        self._data["stale_outputs"] = value


def setup_domain(app) -> None:
    app.add_domain(KnowledgeBaseDomain)
    app.add_role("topic", TopicRole(innernodeclass=nodes.inline, warn_dangling=True))
