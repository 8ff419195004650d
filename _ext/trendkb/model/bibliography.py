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
from pathlib import Path
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


def bind_policy(app, policy) -> None:
    """Around sphinxcontrib-bibtex's parse (``builder-inited``): the files it may read."""
    import sphinxcontrib.bibtex.bibfile as bibfile

    if getattr(bibfile.Parser, "kb_safe", False):
        bibfile.Parser.kb_policy = policy


def install_safe_parser() -> None:
    """sphinxcontrib-bibtex parses with ``SafeParser``: screened input, bounded values, warnings.

    ``sphinxcontrib.bibtex.bibfile.parse_bibdata`` looks its parser class up in its own
    module at every parse, so replacing that one name is enough (and is undone by nothing
    else); see ``reading/bibtex.py`` for what is screened and why. While a build's bibliography
    is parsed (``bind_policy``), a file is read only where that build's rule allows.
    """
    import sphinxcontrib.bibtex.bibfile as bibfile
    from pybtex.database.input.bibtex import Parser
    from sphinx.util import logging

    from ..reading import bibtex

    if getattr(bibfile.Parser, "kb_safe", False):
        return
    logger = logging.getLogger(__name__)

    class SafeParser(Parser):
        kb_safe = True
        #: The rule of the build whose bibliography is being parsed (``bind_policy``).
        kb_policy = None

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.kb_refused: list[str] = []
            self.macros = bibtex.BoundedMacros(self.macros, self.kb_refused)
            self.kb_lines: dict[str, int] = {}
            self.kb_seen: dict[str, int] = {}

        def _warn(self, line: int | None, message: str) -> None:
            logger.warning(
                "%s", message, location=f"{self.filename}:{line or 1}", type="kb", subtype="bibtex"
            )

        def parse_file(self, filename, file_suffix=None):
            self.filename = str(filename)
            # A file conf.py names, so the patterns (which choose pages) do not apply; the rest
            # does: a link out of the source folder, a hidden file or a FIFO is not read.
            why = self.kb_policy.refusal(Path(filename), patterns=False) if self.kb_policy else None
            if why is not None:
                self._warn(1, f"the bibliography is not read: {why}; expected a file in the source folder")
                return self.data
            try:
                if Path(filename).stat().st_size > 4 * bibtex.MAX_FILE:
                    self._warn(1, f"the file is larger than {bibtex.MAX_FILE // 2**20} MiB: it is not read")
                    return self.data
                text = Path(filename).read_bytes().decode(self.encoding or "utf-8", "replace")
            except (OSError, LookupError) as exc:
                self._warn(1, f"the bibliography cannot be read ({exc}): no entries from it")
                return self.data
            screened, problems, self.kb_lines = bibtex.screen(text)
            for problem in problems:
                self._warn(problem.line, problem.message)
            self.parse_string(screened)
            for name in dict.fromkeys(self.kb_refused):
                line = self.kb_lines.get(f"@string:{name.casefold()}")
                self._warn(
                    line, f"@string {name!r} expands to more than {bibtex.MAX_VALUE} characters: left empty"
                )
            return self.data

        def process_entry(self, entry_type, key, fields) -> None:
            from pybtex.database import BibliographyDataError

            self.kb_seen[key] = self.kb_seen.get(key, 0) + 1
            try:
                super().process_entry(entry_type, key, fields)
            except BibliographyDataError as error:
                # pybtex raises on a repeated key, which would end the whole file's parse.
                line = self.kb_lines.get(f"{key}#{self.kb_seen[key]}", self.kb_lines.get(key))
                self._warn(line, f"{error}: the later entry is left out, the rest of the file is read")

        def handle_error(self, error) -> None:
            self._warn(getattr(error, "lineno", None), f"{error}; the entry may be incomplete")

        def flatten_value_list(self, value_list):
            value, cut = bibtex.bounded_value(value_list)
            if cut:
                self._warn(None, f"a field is longer than {bibtex.MAX_VALUE} characters: cut")
            return value

    bibfile.Parser = SafeParser
    _guard_cite_role(logger)


def _guard_cite_role(logger) -> None:
    """A malformed ``{cite:p}`` target (``key}``) is a warning and text, not a ValueError ending the build."""
    from docutils import nodes
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.roles import CiteRole

    checked = CiteRole.result_nodes

    def result_nodes(self, document, env, node, is_ref):
        try:
            list(parse_citation_targets(self.target))
        except ValueError:
            logger.warning(
                "citation %r: expected bibliography keys separated by commas, such as "
                "{cite:p}`key1,key2`; shown as text",
                self.target[:80],
                location=(env.docname, self.lineno),
                type="kb",
                subtype="bibtex",
            )
            return [nodes.inline(self.rawtext, self.target)], []
        return checked(self, document, env, node, is_ref)

    CiteRole.result_nodes = result_nodes


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


def keys(env: BuildEnvironment) -> frozenset[str]:
    """Every key of the bibliography files (empty without sphinxcontrib.bibtex)."""
    domain = _domain(env)
    return frozenset(domain.bibdata.data.entries) if domain is not None else frozenset()


def short_reference(env: BuildEnvironment, key: str) -> str | None:
    """How a citation reads in running text: "Guo et al., 2025" (None for an unknown key)."""
    domain = _domain(env)
    entry = domain.bibdata.data.entries.get(key) if domain is not None else None
    if entry is None:
        return None
    people = entry.persons.get("author") or entry.persons.get("editor") or ()
    who = short_authors(tuple("et al." if _person(p) == "others" else _person(p) for p in people))
    fields = {name.lower(): value for name, value in entry.fields.items()}
    year = fields.get("year", "").strip()
    return ", ".join(part for part in (who or _text(fields.get("title", key)), year) if part)


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
