"""sphinxcontrib-bibtex's domain at incremental cost.

sphinxcontrib-bibtex decides at ``env-updated`` which entries each ``{bibliography}``
lists, and formats them, on every build. Three costs there grow with the site, not with
the change: for each bibliography and each entry it scans every citation of the site
(bibliographies x entries x citations set comprehensions, most of a body edit here); it
looks pybtex's plugins up through ``importlib.metadata`` for every style it makes; and it
formats every listed entry again although neither the entry nor the style changed.

``CachedBibtexDomain`` keeps the upstream decisions and their order, and changes only
how they are computed: an index from citation key to the documents citing it, built once
per ``env-updated``; the citation order computed once instead of once per bibliography;
and formatted entries kept with the environment, keyed by the entry's content, its
label and the style's code, so an unchanged entry is never formatted twice.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import inspect
from collections import defaultdict
from typing import Any

from sphinx.application import Sphinx

CACHE = "kb_formatted"  # domain-data key: (style, entry, label) -> FormattedEntry


def cache_plugin_lookups() -> None:
    """pybtex's entry-point look-ups, once per process per (group, name).

    Every ``BaseStyle()`` finds its label, name and sorting styles through
    ``importlib.metadata.entry_points``, which re-reads every installed distribution's
    metadata (about 20 ms each here). Plugins registered at run time are still looked up
    first, as pybtex does, so a style a site registers in ``conf.py`` is never shadowed.
    """
    import pybtex.plugin as plugin

    if getattr(plugin._load_entry_point, "kb_cached", False):
        return
    original = plugin._load_entry_point

    @functools.cache
    def installed(group: str, name: str, use_aliases: bool):
        return original(group, name, use_aliases)

    def load(group, name, use_aliases=False):
        for search_group in [group, group + ".aliases"] if use_aliases else [group]:
            klass = plugin._RUNTIME_PLUGINS.get(search_group, {}).get(name)
            if klass is not None:
                return klass
        return installed(group, name, bool(use_aliases))

    load.kb_cached = True
    plugin._load_entry_point = load


@functools.cache
def _style_code(cls: type) -> str:
    """The source of a style class and its bases: a cached entry follows a style's edit."""
    digest = hashlib.sha256(importlib.metadata.version("pybtex").encode())
    for klass in cls.__mro__:
        try:
            digest.update(inspect.getsource(klass).encode())
        except (OSError, TypeError):
            digest.update(f"{klass.__module__}.{klass.__qualname__}".encode())
    return digest.hexdigest()


def _entry_content(entry) -> tuple | None:
    """Everything of an entry that its formatting reads; None for one that reads another."""
    if "crossref" in entry.fields:
        return None  # its fields come from a second entry: formatted every time
    persons = tuple(
        (
            role,
            tuple(
                (
                    tuple(p.first_names),
                    tuple(p.middle_names),
                    tuple(p.prelast_names),
                    tuple(p.last_names),
                    tuple(p.lineage_names),
                )
                for p in people
            ),
        )
        for role, people in entry.persons.items()
    )
    return (entry.key, entry.type, tuple(entry.fields.items()), persons)


def _domain_class():
    import pybtex.plugin
    from pybtex.richtext import Tag
    from pybtex.style import FormattedEntry
    from pybtex.style.template import FieldIsMissing
    from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor, logger

    class CachedBibtexDomain(BibtexDomain):
        def kb_index(self) -> None:
            """Which documents cite each key, and an empty cache of this run's entries."""
            cited: defaultdict[str, set[str]] = defaultdict(set)
            for ref in self.citation_refs:
                for target in ref.targets:
                    cited[target.key].add(ref.docname)
            self._kb_cited = cited
            self._kb_order = None
            self._kb_used = {}

        def env_updated(self):
            # The index is built here, once: the citations are complete only now.
            self.kb_index()
            try:
                return super().env_updated()
            finally:
                # Entries no bibliography listed this time are not kept.
                self.data[CACHE] = self._kb_used
                self._kb_cited = self._kb_order = self._kb_used = None

        def get_all_cited_keys(self, docnames):
            if getattr(self, "_kb_cited", None) is None:
                yield from super().get_all_cited_keys(docnames)
                return
            if self._kb_order is None or self._kb_order[0] is not docnames:
                position = {docname: i for i, docname in enumerate(docnames)}
                refs = sorted(self.citation_refs, key=lambda ref: position[ref.docname])
                keys = [target.key for ref in refs for target in ref.targets]
                self._kb_order = (docnames, keys)
            yield from self._kb_order[1]

        def get_filtered_entries(self, bibliography_key):
            cited = getattr(self, "_kb_cited", None)
            if cited is None:
                yield from super().get_filtered_entries(bibliography_key)
                return
            # The upstream filter, with the citing documents read from the index.
            bibliography = self.bibliographies[bibliography_key]
            for entry in self.get_entries(bibliography.bibfiles):
                key = bibliography.keyprefix + entry.key
                cited_docnames = cited.get(key, set())
                visitor = _FilterVisitor(
                    entry=entry,
                    docname=bibliography_key.docname,
                    cited_docnames=cited_docnames,
                )
                try:
                    success = visitor.visit(bibliography.filter_)
                except ValueError as err:
                    logger.warning(
                        f"syntax error in :filter: expression; {err}",
                        location=(bibliography_key.docname, bibliography.line),
                        type="bibtex",
                        subtype="filter_syntax_error",
                    )
                    success = bool(cited_docnames)
                if success or entry.key in bibliography.keys:
                    yield key, entry

        def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
            used = getattr(self, "_kb_used", None)
            if used is None:
                yield from super().get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)
                return
            # Upstream's sorting, labelling and formatting, with each formatted entry
            # answered from the cache while its content, label and styles are unchanged.
            kept = self.data.get(CACHE) or {}
            bibliography = self.bibliographies[bibliography_key]
            entries = dict(self.get_sorted_entries(bibliography_key, docnames))
            style = pybtex.plugin.find_plugin("pybtex.style.formatting", bibliography.style)()
            style2 = None
            if tooltips:
                style2 = (
                    pybtex.plugin.find_plugin("pybtex.style.formatting", tooltips_style)()
                    if tooltips_style
                    else style
                )
            # The environment is fresh after any change to this extension (env_version).
            styles = (_style_code(type(style)), style2 and _style_code(type(style2)))
            sorted_entries = style.sort(entries.values())
            labels = style.format_labels(sorted_entries)
            for label, entry in zip(labels, sorted_entries, strict=False):
                label = bibliography.labelprefix + label
                content = _entry_content(entry)
                key = (styles, label, content)
                if content is not None and key in kept:
                    used[key] = kept[key]
                    yield (entry, *kept[key])
                    continue
                try:
                    result = (
                        style.format_entry(label, entry),
                        style2.format_entry(label, entry) if style2 else None,
                    )
                except FieldIsMissing as exc:
                    # Not cached: the warning is given again on every build.
                    logger.warning(
                        str(exc),
                        location=(bibliography_key.docname, bibliography.line),
                        type="bibtex",
                        subtype="missing_field",
                    )
                    yield entry, FormattedEntry(entry.key, Tag("b", str(exc)), label), None
                    continue
                if content is not None:
                    used[key] = result
                yield (entry, *result)

    return CachedBibtexDomain


def setup_citecost(app: Sphinx) -> None:
    def install(app: Sphinx, config: Any) -> None:
        if "sphinxcontrib.bibtex" in config.extensions:
            cache_plugin_lookups()
            app.add_domain(_domain_class(), override=True)

    app.connect("config-inited", install)
