"""The one home of the knowledge-base data: a domain with purge and merge.

Per-document records (articles, listing directives) are purged and merged by
docname, so incremental and parallel reads stay correct. The catalog and page
signatures are derived in the main process after reading (see ``updates.py``).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .catalog import Article, Catalog


class KnowledgeBaseDomain(Domain):
    name = "kb"
    label = "ML Trends Knowledge Base"
    data_version = 1
    initial_data: dict[str, Any] = {
        "articles": {},  # docname -> Article
        "listings": {},  # docname -> tuple of listing specs shown on that page
        "catalog": Catalog(),  # derived, rebuilt after every read phase
        "signatures": {},  # page name -> digest of its generated content
        "stale_outputs": frozenset(),  # output-only pages to write in this build
    }

    def clear_doc(self, docname: str) -> None:
        self.data["articles"].pop(docname, None)
        self.data["listings"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("articles", "listings"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


class KnowledgeBase:
    """Typed access to the domain's data, the only way the modules read it."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self._data = env.domains["kb"].data

    @property
    def articles(self) -> dict[str, Article]:
        return self._data["articles"]

    @property
    def listings(self) -> dict[str, tuple]:
        return self._data["listings"]

    @property
    def catalog(self) -> Catalog:
        return self._data["catalog"]

    @catalog.setter
    def catalog(self, value: Catalog) -> None:
        self._data["catalog"] = value

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
