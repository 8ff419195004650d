"""The papers of the bibliography, read from what sphinxcontrib-bibtex has parsed.

sphinxcontrib-bibtex parses the BibTeX files once per build (``builder-inited``) and
records every ``{cite}`` role per document, purging and merging those records by
docname; this module only turns that data into plain, sorted records, so incremental
and parallel builds see the same papers. It never touches the network: a paper's link
is its ``url``, else its ``doi`` or arXiv ``eprint``, exactly as written in the file.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

DOMAIN = "cite"  # sphinxcontrib-bibtex's domain


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    authors: tuple[str, ...]
    year: str
    venue: str
    url: str | None  # an http(s) link, or None when the entry gives none
    cited_by: tuple[str, ...]  # docnames citing the paper, sorted


def _domain(env: BuildEnvironment):
    try:
        return env.get_domain(DOMAIN)
    except ExtensionError:  # sphinxcontrib.bibtex is not enabled: no bibliography
        return None


def enabled(env: BuildEnvironment) -> bool:
    return _domain(env) is not None


def bib_files(env: BuildEnvironment) -> list[str]:
    domain = _domain(env)
    return [str(path) for path in domain.bibdata.bibfiles] if domain is not None else []


def citations(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    """Citation key -> the documents citing it (sorted), for every cited key."""
    domain = _domain(env)
    cited: dict[str, set[str]] = {}
    for ref in domain.citation_refs if domain is not None else ():
        for target in ref.targets:
            cited.setdefault(target.key, set()).add(ref.docname)
    return {key: tuple(sorted(docs)) for key, docs in sorted(cited.items())}


def cited_keys(env: BuildEnvironment, docname: str) -> tuple[str, ...]:
    """The keys a document cites, sorted."""
    return tuple(key for key, docs in citations(env).items() if docname in docs)


@functools.lru_cache(maxsize=65536)
def _decoded(latex: str) -> str:
    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    return codecs.decode(latex, "ulatex")


def cache_latex_decoding() -> None:
    """Decode each distinct BibTeX string once per process, in pybtex too.

    sphinxcontrib-bibtex formats every cited entry again on every build, incremental ones
    included, and pybtex decodes each field with latexcodec's pure-Python lexer: on this
    site that was most of an incremental build. The decoding is a pure function of the
    string, so its result is cached; the parsing after it is unchanged.
    """
    from pybtex import richtext
    from pybtex.markup import LaTeXParser

    if getattr(richtext.Text.from_latex, "kb_cached", False):
        return

    def from_latex(cls, latex):
        return LaTeXParser(_decoded(latex)).parse()

    from_latex.kb_cached = True
    richtext.Text.from_latex = classmethod(from_latex)


@functools.lru_cache(maxsize=16384)
def _text(latex: str) -> str:
    """BibTeX field text as plain text: braces dropped, LaTeX accents decoded."""
    from pybtex.markup import LaTeXParser

    try:
        return str(LaTeXParser(_decoded(latex)).parse()).strip()
    except Exception:  # malformed LaTeX in the file: show it as written
        return latex.replace("{", "").replace("}", "").strip()


def _person(person) -> str:
    names = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    return _text(" ".join(names))


def safe_url(value: str) -> str | None:
    """Only http(s) links leave the site: a ``javascript:`` URL in the file is dropped."""
    value = value.strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def link(fields) -> str | None:
    if fields.get("url"):
        return safe_url(fields["url"])
    if fields.get("doi"):
        return "https://doi.org/" + quote(fields["doi"].strip(), safe="/:;()._-")
    if fields.get("eprint") and fields.get("archiveprefix", "arXiv").lower() == "arxiv":
        return "https://arxiv.org/abs/" + quote(fields["eprint"].strip(), safe="/.")
    return None


def _venue(fields) -> str:
    for name in ("journal", "booktitle", "howpublished", "publisher", "institution", "organization"):
        if fields.get(name):
            return _text(fields[name])
    return ""


def papers(env: BuildEnvironment) -> tuple[Paper, ...]:
    """Every entry of the bibliography files, in key order, with the pages citing it."""
    domain = _domain(env)
    if domain is None:
        return ()
    cited = citations(env)
    entries = domain.bibdata.data.entries
    result = []
    for key in sorted(entries):
        entry = entries[key]
        fields = {name.lower(): value for name, value in entry.fields.items()}
        people: Iterable = entry.persons.get("author") or entry.persons.get("editor") or ()
        authors = tuple("et al." if _person(p) == "others" else _person(p) for p in people)
        result.append(
            Paper(
                key=key,
                title=_text(fields.get("title", key)),
                authors=authors,
                year=fields.get("year", "").strip(),
                venue=_venue(fields),
                url=link(fields),
                cited_by=cited.get(key, ()),
            )
        )
    return tuple(result)


def short_authors(authors: tuple[str, ...]) -> str:
    """``A``, ``A and B``, or ``A et al.``: how a list shows who wrote a paper."""
    named = [a for a in authors if a != "et al."]
    if not named:
        return ""
    if len(authors) == 1:
        return named[0]
    if len(authors) == 2 and len(named) == 2:
        return f"{named[0]} and {named[1]}"
    return f"{named[0]} et al."
