"""``python -m trendkb check [PATHS]``: the build's front-matter and body warnings, without a build.

Every message comes from ``reading/`` (the same ``frontmatter.read`` the build
calls, with the same aliases and dates from file names; the same ``foreign.convert``
for other engines' syntax and hiding HTML; the same ``formulas`` for math), or is
worded exactly as the build words it (encoding, unknown topics), so an editor or a
pre-commit hook shows what ``sphinx-build`` would.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..model import media, trends
from ..model.catalog import UNKNOWN_TOPIC, Article, Topic
from ..reading import bibtex, foreign, formulas, headings, source, walk
from ..reading.encoding import encoding_message, first_invalid_line
from ..reading.engines import Engine
from . import siteconf

SUFFIXES = walk.SOURCE_SUFFIXES


@dataclass(frozen=True)
class Finding:
    """One warning, as the build would log it."""

    path: Path
    line: int
    message: str
    type: str
    level: str = "WARNING"

    def as_text(self) -> str:
        return f"{_shown(self.path)}:{self.line}: {self.level}: {self.message} [{self.type}]"

    def as_json(self) -> dict:
        found = {"path": _shown(self.path), "line": self.line, "message": self.message, "type": self.type}
        return found if self.level == "WARNING" else found | {"level": self.level.lower()}


def _shown(path: Path) -> str:
    """The path as the user sees it: relative to the working directory, on one line with its
    control and direction characters escaped, as the build's log shows it (a file name can
    hold ESC, CR or U+202E)."""
    from ..reading.walk import printable

    try:
        shown = Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        shown = path.as_posix()
    return printable(shown)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate the front matter of articles and topics without building the site",
        description=(
            "Validate the front matter of articles and topics with the build's own messages. "
            "Exit status: 0 when all is well, 1 when anything is wrong, 2 for usage errors."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="files or folders to check (default: the site's articles and topics folders)",
    )
    parser.add_argument(
        "--conf-dir",
        type=Path,
        default=Path("."),
        help="the folder of the site's conf.py, which names the content folders (default: .)",
    )
    parser.add_argument(
        "--kind",
        choices=("article", "topic"),
        default="article",
        help="how to check files outside both content folders (default: article)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--review",
        action="store_true",
        help="also list the topics due for review (last_reviewed older than kb_review_after_days); "
        "they do not change the exit status",
    )
    parser.add_argument(
        "--strict-review",
        action="store_true",
        help="like --review, and exit with status 1 when a topic is due for review",
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    try:
        site = siteconf.load(args.conf_dir)
    except ValueError as exc:
        args.parser.error(str(exc))
    for note in site.notes:
        _say(note)
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        args.parser.error(f"no such file or folder: {', '.join(missing)}")

    walked = _walk(site)
    files, findings = _select(site, walked, [_absolute(p) for p in args.paths])
    known = {path.stem for path in walked.files if path.is_relative_to(site.topics)}
    unreadable = 0
    for path in files:
        try:
            findings.extend(check_file(site, path, site.kind_of(path) or args.kind, known))
        except OSError as exc:
            unreadable += 1
            _say(f"cannot read {_shown(path)}: {exc.strerror or exc}")

    due = review_due(site, files) if args.review or args.strict_review else []
    if args.format == "json":
        print(json.dumps([f.as_json() for f in findings + due], indent=2, ensure_ascii=False))
    else:
        for finding in findings + due:
            print(finding.as_text())
        if findings or unreadable:
            _say(f"{len(findings)} warning(s) in {len(files)} file(s)")
        if due:
            _say(f"{len(due)} topic(s) due for review")
    return 1 if findings or unreadable or (due and args.strict_review) else 0


def review_due(site: siteconf.Site, files: list[Path]) -> list[Finding]:
    """The topics due for review, as the build lists them (an info, not a warning)."""
    today = trends.today(site.config.zone)
    after = site.config.review_after_days
    found = []
    for path in files:
        if site.kind_of(path) != "topic":
            continue
        topic = _topic(site, path)
        if topic is not None and trends.is_due(topic, today, after):
            line = dict(topic.lines).get("last_reviewed", 1)
            when = f"last reviewed {topic.last_reviewed}" if topic.last_reviewed else "never reviewed"
            message = f"topic {topic.slug!r} is due for review: {when}, expected within {after} days"
            message += f" of {today}"
            found.append(Finding(path, line, message, "kb.review", "INFO"))
    return found


def _topic(site: siteconf.Site, path: Path) -> Topic | None:
    try:
        text = walk.read_source(path).decode("utf-8-sig", "replace")
    except OSError:
        return None
    result, _, _ = source.read(
        text, site.root, path, _docname(site, path), "topic", site.config, site.language, site.cache
    )
    return Topic.from_front_matter(path.with_suffix("").as_posix(), result.data, result.field_lines)


def _say(message: str) -> None:
    print(f"trendkb check: {message}", file=sys.stderr)


@dataclass(frozen=True)
class Walked:
    """The site's source files as the build discovers them (``reading/walk.py``)."""

    files: tuple[Path, ...]
    skipped: tuple[Finding, ...]


def _walk(site: siteconf.Site) -> Walked:
    """The build's own discovery: the same walk, patterns and per-file rule, so a FIFO, a
    device, a link out of the folder or an oversized file is skipped with the build's message."""
    found = walk.walk(
        site.root,
        _suffixes(site),
        keep=site.is_source_path,
        prune=site.is_excluded_path,
        content_dirs=[d.relative_to(site.root).as_posix() for d in (site.articles, site.topics)],
        place=lambda real, folder: site.policy.place_refusal(real, folder=folder),
    )
    skipped = tuple(_skipped(site.root, s) for s in found.skipped)
    return Walked(tuple(site.root / rel for rel in found.files), skipped)


def _suffixes(site: siteconf.Site) -> tuple[str, ...]:
    """The suffixes the build reads: these two, and any more ``source_suffix`` reads as Markdown."""
    return tuple(dict.fromkeys((*SUFFIXES, *site.markdown_suffixes)))


def _skipped(root: Path, skipped: walk.Skipped) -> Finding:
    """A file the walk left out, worded as the build's discovery words it."""
    return Finding(root / skipped.path, 1, walk.printable(skipped.message), f"kb.{skipped.subtype}")


def _select(site: siteconf.Site, walked: Walked, given: list[Path]) -> tuple[list[Path], list[Finding]]:
    """The files to check (those the build reads, and any given outside its content folders),
    and the build's warnings for the files it leaves out."""
    content = [d for d in (site.articles, site.topics) if d.is_dir()]
    files: list[Path] = []
    findings: list[Finding] = []
    for place in given or content:
        in_content = any(place == d or place.is_relative_to(d) or d.is_relative_to(place) for d in content)
        if place.is_dir() and in_content:
            # The build's own walk, narrowed to the folder (``check .`` means the content folders).
            files += [p for p in walked.files if site.kind_of(p) and (p.is_relative_to(place))]
            findings += [f for f in walked.skipped if f.path.is_relative_to(place) and site.kind_of(f.path)]
        elif place.is_dir():
            # A folder outside the content folders: its Markdown files, by the same per-file rule.
            found = walk.walk(place, _suffixes(site), keep=lambda rel: True, prune=lambda rel: False)
            files += [place / rel for rel in found.files]
            findings += [
                Finding(place / s.path, 1, walk.printable(s.message), f"kb.{s.subtype}")
                for s in found.skipped
            ]
        elif place in walked.files:
            files.append(place)
        elif site.kind_of(place) is not None and not site.is_source(place):
            _say(f"skipped {_shown(place)}: the build does not read it (conf.py's patterns)")
        else:
            problem = walk.file_problem(str(place), place.name, place.suffix, str(place.parent.resolve()))
            if problem:
                findings.append(Finding(place, 1, walk.printable(problem), "kb.files"))
            else:
                files.append(place)
    return sorted(dict.fromkeys(files), key=lambda p: p.as_posix()), list(dict.fromkeys(findings))


def _docname(site: siteconf.Site, path: Path) -> str:
    """The file's docname, as the build names it (relative to the site, without its suffix)."""
    docname = path.with_suffix("")
    return (docname.relative_to(site.root) if docname.is_relative_to(site.root) else docname).as_posix()


def check_file(site: siteconf.Site, path: Path, kind: str, known_topics: set[str]) -> list[Finding]:
    """The warnings the build would give for one file read as ``kind``."""
    data = walk.read_source(path)
    findings = []
    bad = first_invalid_line(data)
    if bad:
        line, byte = bad
        findings.append(Finding(path, line, encoding_message(byte), "kb.encoding"))
    # Decoded and split into lines as Sphinx reads sources: BOM dropped, bad bytes
    # replaced, universal newlines.
    text = data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    result, _, origin = source.read(
        text, site.root, path, _docname(site, path), kind, site.config, site.language, site.cache
    )
    findings.extend(Finding(path, p.line, p.message, f"kb.{p.subtype}") for p in result.problems)

    if kind == "topic":
        topic = Topic.from_front_matter(path.with_suffix("").as_posix(), result.data, result.field_lines)
        found = trends.problems(topic, site.config.areas)
        findings.extend(Finding(path, p.line, p.message, f"kb.{p.subtype}") for p in found)
        heading = topic.title or (
            topic.slug if result.block_lines > 0 or not text.split("\n", 1)[0].strip() else None
        )
    else:
        article = Article.from_front_matter(
            path.with_suffix("").as_posix(),
            result.data,
            result.field_lines,
            site.config.zone,
            result.item_lines,
        )
        heading = article.title
        if isinstance(result.data.get("image"), str):
            # The build's one rule for which files a page may publish (reading/published.py).
            _, problem = media.resolve(result.data["image"], site.policy, path)
            if problem:
                line = result.field_lines.get("image", 1)
                findings.append(Finding(path, line, problem, "kb.image"))
    field = "topics" if kind == "article" else "related"
    slugs = result.data.get(field) or ()
    line = result.field_lines.get(field, 1)
    findings.extend(
        Finding(path, line, UNKNOWN_TOPIC % (field, slug), "kb.topic")
        for slug in dict.fromkeys(slugs)
        if slug not in known_topics
    )
    if path.suffix in _suffixes(site):
        # The body as MyST reads it: front matter blanked, the title as its first line.
        lines, _ = headings.page_lines(text, result.block_lines, heading)
        body = "\n".join(lines)
        findings.extend(body_findings(site, path, body, origin.engine, title_line=bool(heading)))
    return findings


def body_findings(
    site: siteconf.Site, path: Path, text: str, engine: Engine, title_line: bool = False
) -> list[Finding]:
    """The build's warnings about a page's body (as MyST reads it, for the post's ``engine``):
    other engines' syntax, hiding HTML, and formulas it shows as TeX."""

    def read(text: str, stem: str, title: bool = False) -> foreign.Converted:
        return foreign.convert(
            text,
            engine,
            substitutions="substitution" in site.myst_extensions,
            citations=_citation_keys(site),
            stem=stem,
            title_line=title,
        )

    def include(name: str) -> str | None:
        """An included file as the build reads it: only one the site may publish, converted."""
        target = site.root / name.lstrip("/") if name.startswith("/") else path.parent / name
        if target.suffix.lower() not in foreign.MARKDOWN_SUFFIXES:
            return None  # code or text, included as it is
        if site.policy.refusal(target, picture=False):
            return None
        try:
            return read(target.read_text(encoding="utf-8", errors="replace"), target.stem).text
        except OSError:
            return None

    converted = read(text, path.stem, title_line)
    found = [Finding(path, p.line, p.message, f"kb.{p.subtype}") for p in converted.problems]
    page = formulas.find(converted.text, site.myst_extensions, site.strict_dollars, include)
    for line, message in formulas.problems(page, converted.text.split("\n")):
        found.append(Finding(path, line, message, "kb.math"))
    return found


def _citation_keys(site: siteconf.Site) -> frozenset[str] | None:
    """The site's bibliography keys, as the build reads them (None without a bibliography)."""
    if not site.bibfiles:
        return None
    return _keys_of(tuple(str(site.root / name) for name in site.bibfiles))


@functools.lru_cache(maxsize=8)
def _keys_of(paths: tuple[str, ...]) -> frozenset[str]:
    return bibtex.keys_of(list(paths))


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))
