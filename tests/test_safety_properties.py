"""Property tests of the safety invariants (SECURITY.md), each over its whole input space.

Each invariant is decided in one place; these tests drive that place with generated input
and check the invariant itself, not examples of it:

- ``reading/urlpaths.py``: an old URL path becomes one safe file path inside the output, or
  is refused;
- ``outputs/owners.py``: one owner per output path, the first claim wins;
- ``reading/publication.py`` and ``aliases.Normalizer``: anything not clearly published is not;
- ``reading/dates.py``: every date is refused or becomes an instant every zone can show,
  written as RFC 3339;
- ``reading/tomljson.py`` and ``frontmatter``: nesting of any depth is a warning;
- ``reading/bibtex.py`` and the bibliography parser: any text is screened, bounded, parsed;
- ``config.py``: any value of any setting is accepted in its one type or refused with
  ConfigError;
- ``pages/linkpolicy.py``: only http(s), mailto and relative links pass;
- ``reading/published.py``: only files inside the source folder that may be published pass,
  judged by where they really are (links followed), against both patterns, never a FIFO or
  a draft; discovery (``reading/walk.py``) takes only pages that rule allows;
- ``reading/pictures.py``: a picture is what its name says; an SVG has no script;
- ``reading/walk.py``, ``reading/collisions.py`` and ``pages/linkpolicy.relative``: a page's
  name is one file on every system and a link to it is never a scheme;
- ``outputs/owners.py``: nothing is written through a symbolic link.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import time
import unicodedata
import zoneinfo
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sphinx.errors import ConfigError
from trendkb.config import PREFIX, KBConfig
from trendkb.outputs.owners import Owners
from trendkb.pages.linkpolicy import allowed, scheme_of
from trendkb.reading import aliases, bibtex, dates, frontmatter, publication, urlpaths
from trendkb.reading.published import Policy

# -- URL paths -------------------------------------------------------------------------

url_characters = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc"))
path_parts = st.sampled_from(
    ["/", "//", ".", "..", "%2e", "%2F", "%252e", "a", "B", "x.html", ".git", "index.html", "~", " ", "\\"]
)
url_paths = st.one_of(
    st.text(url_characters, max_size=60),
    st.lists(st.one_of(path_parts, st.text(url_characters, max_size=8)), max_size=12).map("".join),
    st.text(st.sampled_from("a/."), max_size=300),
)


@given(url_paths)
@example("/catalog.json")
@example("/.buildinfo")
@example("/index.html/old/")
@example("/" + "a" * 300)
@example("/a/%2e%2e/%2e%2e/b")
@example("HTTPS://evil.example/x")
@example("/con/")
def test_an_old_path_is_one_safe_file_inside_the_output_or_refused(text):
    try:
        relative = urlpaths.output_file(text)
    except urlpaths.Refused as refused:
        assert refused.reason and "\n" not in refused.reason
        return
    parts = PurePosixPath(relative).parts
    assert not relative.startswith("/") and parts
    assert all(part not in (".", "..") and not part.startswith(".") for part in parts)
    assert all(len(part.encode()) <= urlpaths.SEGMENT_BYTES for part in parts)
    assert len(relative.encode()) <= urlpaths.PATH_BYTES
    assert relative.lower().endswith((".html", ".htm"))
    assert not re.search(r'[\x00-\x1f\x7f<>:"|?*\\]', relative)
    assert unicodedata.normalize("NFC", relative) == relative
    # Normalised once: the result is its own normal form.
    assert urlpaths.output_file("/" + relative) == relative


# -- one owner per path -----------------------------------------------------------------

claims = st.lists(
    st.tuples(
        st.lists(
            st.sampled_from(["a", "A", "b", "index.html", "x.html", "_static"]), min_size=1, max_size=4
        ).map("/".join),
        st.sampled_from(["Sphinx", "feeds", "redirect 1", "redirect 2"]),
        st.booleans(),
    ),
    max_size=30,
)


def consistent(granted: list[tuple[str, str, bool]]) -> bool:
    """The reference rule: one owner per file, files only inside folders their own producer owns
    (or nobody does), and never a file where a folder must be."""
    for path, producer, folder in granted:
        key = urlpaths.key(path)
        for other, other_producer, other_folder in granted:
            other_key = urlpaths.key(other)
            if (other, other_producer, other_folder) == (path, producer, folder):
                continue
            if other_key == key and (producer != other_producer or folder != other_folder):
                return False
            if other_key.startswith(key + "/") and (not folder or producer != other_producer):
                return False
    return True


@given(claims)
def test_every_path_has_one_owner_and_the_first_claim_wins(sequence):
    owners = Owners()
    granted: list[tuple[str, str, bool]] = []
    for path, producer, folder in sequence:
        refused_by = owners.claim(path, producer, folder)
        claim = (path.strip("/"), producer, folder)
        if refused_by is None:
            if claim not in granted and not any(urlpaths.key(g[0]) == urlpaths.key(path) for g in granted):
                granted.append(claim)
        else:
            # Refused only when granting it would break the rule.
            assert not consistent([*granted, claim]), (claim, refused_by, granted)
        assert consistent(granted), granted
    for path, producer, _folder in granted:
        assert owners.owner(path) == producer  # the first claim keeps it


def test_a_claimed_file_cannot_become_a_folder_nor_a_folder_a_file():
    owners = Owners()
    assert owners.claim("index.html", "the page index") is None
    assert owners.claim("index.html/old/index.html", "a redirect") == "the page index"
    assert owners.claim("_static", "Sphinx", folder=True) is None
    assert owners.claim("_static/styles/furo.css", "a redirect") == "Sphinx"
    assert owners.claim("docs/a/index.html", "the page docs/a/index") is None
    assert owners.claim("docs/a", "a redirect") == "the page docs/a/index"
    assert owners.claim("Index.HTML", "a redirect") == "the page index"  # case-insensitive file systems


# -- publication ---------------------------------------------------------------------------

flag_keys = st.sampled_from(
    ["draft", "Draft", "DRAFT", "published", "Published", "hidden", "private", "unlisted", "status", "Status"]
)
flag_values = st.one_of(
    st.booleans(),
    st.sampled_from(
        ["true", "false", "yes", "no", "0", "1", "published", "draft", "Published", "", "hidden"]
    ),
    st.integers(-1, 2),
    st.none(),
    st.lists(st.booleans(), max_size=2),
)


def clearly_published(flags: dict) -> bool:
    """The reference rule: every flag spelled exactly, with the value that means "publish"."""
    for key, value in flags.items():
        if key not in publication.FLAGS:
            return False
        meaning = publication.FLAGS[key]
        if meaning is None:
            if not (isinstance(value, str) and value.strip().casefold() in publication.STATUS_PUBLISHED):
                return False
        elif not isinstance(value, bool) or value is meaning:
            return False
    return True


@given(st.dictionaries(flag_keys, flag_values, max_size=4))
def test_anything_not_clearly_published_stays_unpublished(flags):
    data = {"title": "T", "date": "2024-01-01", **flags}
    lines = {(key,): index + 2 for index, key in enumerate(data)}
    decision = publication.decide(data, lines)
    assert decision.unpublished is not clearly_published(flags)
    assert data.get("draft", False) is decision.unpublished
    assert not any(key in data for key in flags if key != "draft")
    if flags and not clearly_published(flags) and any(not isinstance(v, bool) for v in flags.values()):
        assert decision.problems or all(k in publication.FLAGS for k in flags)


# Characters a key may hold that a reader does not see: format characters (zero-width
# space and joiner, byte order mark, soft hyphen), spaces of other widths.
invisible = st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u00a0", "\u3000"])


@given(st.lists(st.tuples(st.integers(0, 5), invisible), max_size=4), st.booleans(), st.booleans())
def test_a_flag_key_that_reads_as_draft_is_the_draft_flag(insertions, wide, merged):
    key = "draft"
    if wide:  # fullwidth letters: the same word in another compatibility form
        key = "".join(chr(ord(c) + 0xFEE0) for c in key)
    for position, char in sorted(insertions, reverse=True):
        key = key[:position] + char + key[position:]
    line = f"<<: {{{key}: true}}" if merged else f"{key}: true"
    text = f"---\ntitle: T\ndate: 2024-01-01\n{line}\n---\nBody.\n"
    result = frontmatter.read(text, prepare=aliases.Normalizer())
    assert result.data.get("draft") is True, (key, result.problems)


@given(
    st.sampled_from([*sorted(publication.FLAGS), "date"]),
    st.lists(flag_values, min_size=2, max_size=3),
    st.sampled_from(["yaml", "json", "toml"]),
)
def test_a_flag_or_date_given_twice_keeps_the_post_out(flag, values, form):
    # Whichever value the reader takes last, an author who wrote two did not say clearly.
    import json

    if flag == "date":
        values = ["2024-01-01", "2024-02-02"]
    if form == "yaml":
        fields = "".join(f"{flag}: {json.dumps(v)}\n" for v in values)
        text = (
            f"---\ntitle: T\ndate: 2024-01-01\n{fields}---\nBody.\n"
            if flag != "date"
            else (f"---\ntitle: T\n{fields}---\nBody.\n")
        )
    elif form == "json":
        body = ", ".join(f'"{flag}": {json.dumps(v)}' for v in values)
        head = '"title": "T", ' + ('"date": "2024-01-01", ' if flag != "date" else "")
        text = "{\n" + head + body + "\n}\n\nBody.\n"  # Hugo's JSON: a '{' line opens it
    else:
        if any(v is None or (isinstance(v, list) and not v) for v in values):
            return  # TOML has no null, and an empty array has no type to repeat
        body = "".join(f"{flag} = {json.dumps(v)}\n" for v in values)
        dated = "date = 2024-01-01\n" if flag != "date" else ""
        text = "+++\ntitle = 'T'\n" + dated + body + "+++\nBody.\n"
    result = frontmatter.read(text, prepare=aliases.Normalizer(), formats=("yaml", "toml", "json"))
    # TOML refuses a repeated key outright (the front matter is malformed, nothing is read).
    assert any("given more than once" in p.message for p in result.problems) or (
        form == "toml" and not result.data
    ), (text, result.problems)
    data = dict(result.data)
    assert not data or data.get("draft") is True or publication.decide(data, {}).unpublished, text


@given(
    st.sampled_from(sorted(publication.FLAGS)), st.integers(0, 40), st.sampled_from(["", " ", "-", "_", "x"])
)
def test_a_key_one_slip_from_a_flag_keeps_the_post_out(flag, position, slip):
    position %= len(flag) + 1
    key = flag[:position] + slip + flag[position:] if slip else flag[:position] + flag[position + 1 :]
    if len(flag) < 5 or key == flag or not key:
        return
    # The value that would mean "publish it" under the flag's own spelling.
    value = "published" if flag == "status" else not publication.FLAGS[flag]
    data = {"title": "T", key: value}
    assert publication.decide(data, {}).unpublished, key


@given(st.text(max_size=40), st.sampled_from([None, "2024-03-04"]))
@example("2030-02-30", None)
@example("2024-02-30", "2024-03-04")
def test_a_date_that_cannot_be_read_never_publishes(value, name_date):
    normalizer = aliases.Normalizer(name_date=name_date)
    text = f"---\ntitle: T\ndate: {value!r}\n---\n".replace("'", '"') if value.isprintable() else None
    if text is None:
        return
    result = frontmatter.read(text, prepare=normalizer)
    readable = dates.is_date(value) and bool(value.strip())
    if "date" in result.data and not result.data.get("draft"):
        assert readable or result.data["date"] != value.strip()
    if not readable and "date" in frontmatter.read(text).data:
        assert result.data.get("draft") is True


# -- dates -----------------------------------------------------------------------------------

zones = st.sampled_from(
    [dt.UTC, zoneinfo.ZoneInfo("Europe/Amsterdam"), zoneinfo.ZoneInfo("Pacific/Kiritimati")]
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
date_texts = st.one_of(
    st.text(max_size=40),
    st.datetimes(timezones=st.none() | st.timezones()).map(str),
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00{}".format,
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 25),
        st.integers(0, 61),
        st.sampled_from(["", "Z", "+01:00", "-01:00", "+23:59", "-2359"]),
    ),
    st.sampled_from(
        ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "November 1, 2019", "1930-05-01"]
    ),
)


@given(date_texts, zones)
def test_every_date_is_refused_or_an_instant_every_zone_can_show(text, zone):
    try:
        instant = dates.parse(text, zone)
    except ValueError:
        assert not dates.is_date(text) or zone is not dt.UTC
        return
    assert instant.tzinfo is not None
    for other in (dt.UTC, zoneinfo.ZoneInfo("Pacific/Kiritimati"), zoneinfo.ZoneInfo("Pacific/Pago_Pago")):
        shown = instant.astimezone(other)
        assert RFC3339.match(dates.timestamp(shown).replace("+00:00", "Z")), dates.timestamp(shown)


@given(st.text(st.sampled_from("0123456789-"), max_size=12))
def test_partial_dates_are_real_calendar_dates(text):
    if dates.is_partial_date(text):
        year, month, day = ([*map(int, text.split("-")), 1, 1])[:3]
        assert dt.date(year, month, day)


# -- nesting ---------------------------------------------------------------------------------


# Past Python's recursion limit (1,000) too: a parser that recurses would raise, not warn.
depths = st.one_of(st.integers(1, 600), st.sampled_from([999, 1001, 5000, 100_000]))


@given(depths, st.sampled_from(["json", "toml", "yaml"]), st.sampled_from("[{"))
def test_nesting_of_any_depth_is_a_warning_not_a_crash(depth, kind, bracket):
    close = {"[": "]", "{": "}"}[bracket]
    inner = bracket * depth + close * depth if bracket == "[" else '{"a": ' * depth + "1" + "}" * depth
    if kind == "json":
        text = '{\n"title": "T",\n"tags": ' + inner + "\n}\n"
    elif kind == "toml":
        inner = "[" * depth + "]" * depth if bracket == "[" else "{a = " * depth + "1" + "}" * depth
        text = '+++\ntitle = "T"\ntags = ' + inner + "\n+++\n"
    else:
        text = "---\ntitle: T\ntags: " + inner.replace('"', "") + "\n---\n"
    result = frontmatter.read(text)  # never raises
    if depth > 40:
        assert result.problems


@given(
    st.integers(4000, 20_000),
    st.sampled_from(["json", "toml", "yaml", "---json", "---js"]),
    st.sampled_from(["", "-", "0x", "1e"]),
)
def test_numbers_of_any_length_are_read_or_refused_with_a_warning(digits, kind, prefix):
    number = prefix + "9" * digits
    if kind == "json":
        text = '{\n"title": "T",\n"views": ' + number + "\n}\n"
    elif kind == "toml":
        text = '+++\ntitle = "T"\nviews = ' + number + "\n+++\n"
    elif kind == "yaml":
        text = "---\ntitle: T\nviews: " + number + "\n---\n"
    elif kind == "---json":
        text = '---json\n{"title": "T", "views": ' + number + "}\n---\n"
    else:
        text = '---js\n{ title: "T", views: ' + number + " }\n---\n"
    formats = (*frontmatter.FORMATS, "js", "json")
    frontmatter.read(text, formats=formats)  # never raises: a value or a problem


# -- the bibliography ---------------------------------------------------------------------------

bib_pieces = st.sampled_from(
    [
        "@misc{",
        "@string{",
        "a = ",
        "{",
        "}",
        '"',
        "#",
        ",",
        "x",
        "\n",
        "url = {javascript:alert(1)}",
        "@",
        " a1 ",
    ]
)


@given(st.lists(bib_pieces, max_size=80).map("".join))
def test_any_bibliography_text_is_screened_into_balanced_entries(text):
    screened, problems, _lines = bibtex.screen(text)
    assert screened.count("\n") == text.count("\n")  # pybtex's line numbers stay right
    # Inside entries (text outside them is a comment to BibTeX), no url keeps another scheme.
    for entry in re.split(r"(?m)^[ \t]*(?=@)", screened):
        if entry.startswith("@") and not entry[1:].lower().startswith(("string", "comment", "preamble")):
            assert not re.search(r"(?<![\w-])url\s*=\s*\{\s*javascript", entry, re.I), entry
    for problem in problems:
        assert 1 <= problem.line <= text.count("\n") + 1


@pytest.mark.parametrize("lines", [10, 23, 40])
def test_string_chains_cost_linear_time(tmp_path, lines):
    """A chain of @string doublings (each line doubles the text) stays bounded."""
    from trendkb.model.bibliography import install_safe_parser

    install_safe_parser()
    import sphinxcontrib.bibtex.bibfile as bibfile

    chain = "@string{a0 = {" + "x" * 30 + "}}\n"
    chain += "".join(f"@string{{a{i} = a{i - 1} # a{i - 1}}}\n" for i in range(1, lines))
    chain += f"@misc{{big, title = a{lines - 1}, year = {{2021}}, url = {{https://example.org}}}}\n"
    path = tmp_path / "chain.bib"
    path.write_text(chain)
    started = time.perf_counter()
    data = bibfile.Parser("utf-8").parse_file(path)
    assert time.perf_counter() - started < 5
    assert len(data.entries["big"].fields["title"]) <= bibtex.MAX_VALUE


# -- settings ----------------------------------------------------------------------------------

setting_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        ["0", "1", "yes", "no", "10", "docs/tags", "../x", "/abs", "UTC", "Mars/Olympus", "warn"]
    ),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5) | st.none(), max_size=2),
)
SETTINGS = [name for name in KBConfig.__dataclass_fields__]


@given(st.sampled_from(SETTINGS), setting_values)
@example("preview", "0")
@example("feed_length", "10")
@example("feed_length", 10.5)
@example("timezone", None)
@example("authors_page", "docs/tags")
def test_every_setting_is_accepted_in_its_type_or_refused_in_one_sentence(name, value):
    try:
        config = KBConfig.checked(**{name: value})
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(PREFIX)
        assert name in message
        return
    checked = getattr(config, name)
    default = KBConfig.__dataclass_fields__[name].default
    if isinstance(default, bool):
        assert isinstance(checked, bool)
        if isinstance(value, str):
            assert checked is (value.strip().casefold() in ("1", "true", "yes", "on"))
    elif isinstance(default, int):
        assert type(checked) is int and checked >= 1


# -- links ---------------------------------------------------------------------------------------

schemes = st.sampled_from(
    ["javascript", "JavaScript", "java\tscript", " javascript", "data", "vbscript", "file"]
)


@given(schemes, st.text(max_size=10))
def test_links_with_any_other_scheme_are_refused(scheme, rest):
    assert not allowed(f"{scheme}:{rest}")


@given(
    st.sampled_from(["https://example.org/", "http://x.y/z", "mailto:a@b.c", "../x.html", "#top", "x.html"])
)
def test_http_mailto_and_relative_links_pass(uri):
    assert allowed(uri)


# -- files that may be published ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    src = root / "src"
    for rel in [
        "docs/a.png",
        "docs/.hidden/b.png",
        ".git/config",
        ".env",
        "conf.py",
        "_build/html/c.png",
        "x.png",
    ]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8))
    (root / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink(root / "outside.png", src / "docs" / "link.png")
    (src / "docs" / "text.png").write_text("not a picture")
    policy = Policy.of(src, src / "_build/html", src / "_build/doctrees", src, ["_build"])
    return src, policy


@given(
    st.lists(
        st.sampled_from(
            ["docs", "..", ".", ".git", ".hidden", "a.png", "link.png", "text.png", "conf.py", "_build"]
        ),
        min_size=1,
        max_size=5,
    )
)
def test_only_publishable_files_of_the_source_folder_pass(tree, parts):
    src, policy = tree
    path = src.joinpath(*parts)
    if policy.refusal(path, picture=True) is None:
        real = Path(os.path.realpath(path))
        rel = real.relative_to(src.resolve())
        assert not any(part.startswith(".") for part in rel.parts)
        assert rel.parts[0] != "_build" and rel.name != "conf.py"
        assert real.read_bytes().startswith(b"\x89PNG")


# -- files in and out: the one rule, over every kind of path ------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory):
    """A source folder with every kind of file a path can reach: hidden, excluded, outside the
    include patterns, in the build folders, a FIFO, a draft, links to each of them and out."""
    root = tmp_path_factory.mktemp("hostile")
    src, outside = root / "src", root / "outside"
    files = {
        "docs/a.png": PNG,
        "docs/a.html": PNG + b"<script>alert(1)</script>",
        "docs/draft.md": b"---\ndraft: true\n---\nSECRET",
        "docs/post.md": b"---\ntitle: T\n---\n",
        "docs/private/p.png": PNG,
        "docs/.hidden/h.png": PNG,
        "private/x.png": PNG,
        ".env": b"SECRET",
        "conf.py": b"SECRET",
        "_build/html/o.png": PNG,
        "_build/doctrees/d.png": PNG,
        "index.md": b"# Home\n",
    }
    for rel, data in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    outside.mkdir()
    (outside / "o.png").write_bytes(PNG)
    os.mkfifo(src / "docs/pipe.png")
    links = {
        "docs/out": outside,
        "docs/out.png": outside / "o.png",
        "docs/hid": src / "docs/.hidden",
        "docs/priv": src / "docs/private",
        "docs/nope": src / "private",
        "docs/build": src / "_build",
        "docs/env.png": src / ".env",
        "docs/conf.png": src / "conf.py",
        "docs/up": src,
    }
    for rel, to in links.items():
        os.symlink(to, src / rel)

    def unpublished(real: Path) -> str | None:
        return "a draft" if real.name == "draft.md" else None

    policy = Policy.of(
        src,
        src / "_build/html",
        src / "_build/doctrees",
        src,
        ["_build", "docs/private"],
        ["index.md", "docs/**"],
        unpublished=unpublished,
    )
    return src, policy


tree_parts = st.sampled_from(
    [
        *("docs", "..", ".", ".hidden", "private", "a.png", "a.html", "draft.md", "post.md", "p.png"),
        *("h.png", "x.png", ".env", "conf.py", "_build", "html", "doctrees", "o.png", "pipe.png", "out"),
        *("out.png", "hid", "priv", "nope", "build", "env.png", "conf.png", "up", "index.md"),
    ]
)


@given(st.lists(tree_parts, min_size=1, max_size=6), st.booleans())
@example(["docs", "draft.md"], False)
@example(["docs", "up", "private", "x.png"], True)
@example(["docs", "priv", "p.png"], True)
@example(["docs", "pipe.png"], True)
def test_only_publishable_files_pass_however_they_are_reached(hostile_tree, parts, picture):
    src, policy = hostile_tree
    path = src.joinpath(*parts)
    why = policy.refusal(path, picture=picture)
    real = Path(os.path.realpath(path))
    if why is not None:
        assert why and "\n" not in why
        return
    # Judged by where the file really is, however the path (links, "..") reached it.
    rel = PurePosixPath(real.relative_to(src.resolve()).as_posix())
    assert not any(part.startswith(".") for part in rel.parts)
    assert rel.parts[0] != "_build" and rel.as_posix() != "conf.py"
    assert rel.as_posix() == "index.md" or (rel.parts[0] == "docs" and rel.parts[1] != "private")
    assert real.is_file() and not stat.S_ISFIFO(real.stat().st_mode)
    assert real.name != "draft.md"
    assert b"SECRET" not in real.read_bytes()
    if picture:
        assert real.suffix == ".png" and Path(path).suffix == ".png" and real.read_bytes().startswith(PNG)


@given(st.lists(tree_parts, min_size=1, max_size=6))
def test_a_folder_is_judged_by_where_it_really_is(hostile_tree, parts):
    src, policy = hostile_tree
    path = src.joinpath(*parts)
    if not path.is_dir() or policy.place_refusal(path, folder=True) is not None:
        return
    rel = PurePosixPath(Path(os.path.realpath(path)).relative_to(src.resolve()).as_posix())
    assert not any(part.startswith(".") for part in rel.parts)
    assert rel.parts[:1] != ("_build",) and rel.parts[:2] != ("docs", "private")


@given(st.sampled_from(["_build", "docs/private", "docs/priv*", "**/p.png", "nothing"]))
def test_discovery_reads_only_pages_the_rule_allows_wherever_links_lead(hostile_tree, excluded):
    from sphinx.util.matching import compile_matchers
    from trendkb.reading import walk

    src, base = hostile_tree
    policy = Policy.of(src, base.outdir, base.doctreedir, src, [excluded], ["index.md", "docs/**"])
    matchers = compile_matchers([excluded])
    found = walk.walk(
        src,
        [".md", ".png"],
        keep=lambda rel: (rel == "index.md" or rel.startswith("docs/")) and not any(m(rel) for m in matchers),
        prune=lambda rel: any(m(rel) for m in matchers),
        content_dirs=["docs"],
        place=lambda real, folder: policy.place_refusal(real, folder=folder),
    )
    assert found.files
    for rel in found.files:
        real = os.path.realpath(src / rel)
        assert policy.place_refusal(real) is None, rel
        assert not any(part.startswith(".") for part in PurePosixPath(rel).parts)
        assert not stat.S_ISFIFO(os.stat(real).st_mode)


# -- pictures: a picture by name and content, an SVG without script ----------------------------

SIGNED = {".png": PNG, ".gif": b"GIF89a", ".jpg": b"\xff\xd8\xff\xe0", ".webp": b"RIFF\0\0\0\0WEBPVP8 "}
raster_heads = st.one_of(st.sampled_from(list(SIGNED.values())), st.binary(max_size=16))
names = st.tuples(
    st.sampled_from(["pic", "a.b", "x", ""]),
    st.sampled_from([".png", ".PNG", ".gif", ".jpg", ".webp", ".html", ".js", ".svg", "", ".png.html"]),
).map("".join)


@given(names, raster_heads, st.binary(max_size=40))
@example("pic.html", PNG, b"<script>alert(1)</script>")
@example("gif.js", b"GIF89a", b"alert(1)")
def test_a_picture_is_what_its_name_says(name, head, rest):
    from trendkb.reading.pictures import picture_problem

    if picture_problem(name, head + rest) is not None:
        return
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".svg":
        return  # the SVG property below
    assert suffix in {".png", ".gif", ".jpg", ".webp"}
    expected = {".png": PNG, ".gif": b"GIF8", ".jpg": b"\xff\xd8\xff", ".webp": b"RIFF"}[suffix]
    assert (head + rest).startswith(expected)


# Half benign, half hostile: enough documents pass for the property to say something.
svg_elements = st.one_of(
    st.sampled_from(["g", "rect", "circle", "a", "use", "image", "title", "style", "h:div"]),
    st.sampled_from(["script", "SCRIPT", "foreignObject", "set", "animate", "h:script", "svg:script"])
    | st.sampled_from(["handler", "iframe", "feImage"]),
)
svg_attributes = st.one_of(
    st.sampled_from(["id", "fill", "x", "class", "style", "href", "xlink:href"]),
    st.sampled_from(["onload", "OnClick", "src", "attributeName", "to", "values", "xml:base"]),
)
svg_values = st.one_of(
    st.sampled_from(["#a", "a", "red", "url(#g)", "data:image/png;base64,AAAA", " #x", "href"]),
    st.sampled_from(["javascript:alert(1)", "JaVa&#x09;Script:alert(1)", "&#106;avascript:x"])
    | st.sampled_from(["http://e.x/y", "url(http://e.x/a.png)", "background: url( 'x.png' )"])
    | st.sampled_from(["@import 'x.css'", "onclick", "data:text/html,<script>", "xlink:href"]),
)
svg_text = st.sampled_from(["", "x", "<![CDATA[alert(1)]]>", "&amp;", "@import url(x.css);", "&bogus;"])


@st.composite
def svg_documents(draw):
    def element(depth: int) -> str:
        tag = draw(svg_elements)
        attrs = draw(st.dictionaries(svg_attributes, svg_values, max_size=3))
        shown = "".join(f' {k}="{v}"' for k, v in attrs.items())
        children = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 2 if depth < 3 else 0))))
        return f"<{tag}{shown}>{draw(svg_text)}{children}</{tag}>"

    prolog = draw(
        st.sampled_from(
            [
                *("", '<?xml version="1.0"?>', '<?xml-stylesheet href="x.css"?>'),
                '<!DOCTYPE svg [<!ENTITY a "b">]>',
                '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/svg11.dtd">',
            ]
        )
    )
    body = "".join(element(0) for _ in range(draw(st.integers(0, 3))))
    namespaces = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    namespaces += 'xmlns:h="http://www.w3.org/1999/xhtml" xmlns:svg="http://www.w3.org/2000/svg"'
    return f"{prolog}<svg {namespaces}>{body}</svg>".encode()


@given(svg_documents())
@example(
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill: url(\'#g\')"/>'
    b'<use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/><title>A &amp; B</title></svg>'
)
@example(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
@example(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
@example(b'<svg xmlns="http://www.w3.org/2000/svg"><a href="jav&#x09;ascript:alert(1)">x</a></svg>')
def test_an_svg_passes_only_without_script_or_references_outside_it(data):
    from xml.etree import ElementTree

    from trendkb.reading.pictures import picture_problem

    if picture_problem("drawing.svg", data) is not None:
        return
    # An independent reading of what passed: the standard library's tree.
    assert b"<!ENTITY" not in data and b"<?xml-stylesheet" not in data
    root = ElementTree.fromstring(data)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    for node in root.iter():
        namespace, _, tag = node.tag.rpartition("}")
        assert namespace.strip("{") != "http://www.w3.org/1999/xhtml"
        assert tag.lower() not in {"script", "foreignobject", "handler", "iframe"}
        texts = [node.text or ""] if tag == "style" else []
        for key, value in node.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not local.startswith("on"), key
            if local in ("href", "src", "base"):
                assert plain.startswith(("#", "data:image/png")), (key, value)
            if local == "attributename":
                assert plain.rpartition(":")[2] not in ("href", "src") and not plain.startswith("on")
            texts.append(value)
        for text in texts:
            plain = re.sub(r"[\x00-\x20]", "", text).lower()
            assert "javascript:" not in plain and "@import" not in plain
            assert re.search(r"url\((?!['\"]?#)", plain) is None, text


def test_a_plain_drawing_and_an_inkscape_file_are_pictures():
    from trendkb.reading.pictures import picture_problem

    inkscape = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<!-- Created with Inkscape -->\n<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" width="10" height="10">'
        b'<sodipodi:namedview id="n"/><metadata><rdf:RDF/></metadata>'
        b'<style>.a { fill: #123; }</style><path class="a" d="M0 0L10 10"/></svg>'
    )
    assert picture_problem("drawing.svg", inkscape) is None
    assert picture_problem("photo.png", PNG) is None
    assert picture_problem("photo.jpeg", b"\xff\xd8\xff\xe0") is None


# -- page names and links -------------------------------------------------------------------------

name_pieces = st.sampled_from(
    ["a", "B", "javascript", ":", "alert(1)", "%2F", "#", "?", "CON", "con", "lpt1", " ", ".", "-", "é", "/"]
)


@given(st.lists(name_pieces, min_size=1, max_size=8).map("".join))
@example("javascript:alert(document.domain)%2F%2F")
@example("docs/CON")
@example("trail. ")
def test_a_source_name_that_can_be_a_page_can_be_linked_to_as_itself(stem):
    from trendkb.reading import walk

    folders, _, name = stem.rpartition("/")
    if walk.name_problem(name + ".md", ".md", folders) is not None:
        return
    for segment in [*filter(None, folders.split("/")), name]:
        assert not re.search(r'[:#%?<>"|*\\]', segment), segment
        assert segment == segment.strip(" ") and not segment.endswith(".")
        assert not re.match(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", segment)
    # A relative link to the page reads as a path, never as a scheme.
    assert scheme_of(stem.strip("/") + ".html") is None


@given(st.lists(name_pieces, min_size=0, max_size=8).map("".join))
@example("javascript:alert(1).html")
@example("a/b:c.html")
@example("\tjavascript:x")
def test_a_relative_link_the_site_writes_is_never_read_as_a_scheme(uri):
    from trendkb.pages.linkpolicy import relative

    written = relative(uri)
    assert scheme_of(written) is None
    assert written in (uri, "./" + uri)  # the same path, only made unambiguous


docnames = st.lists(
    st.lists(st.sampled_from(["a", "A", "b", "index", "Index", "topics", "x"]), min_size=1, max_size=3).map(
        "/".join
    ),
    max_size=12,
)


@given(docnames, st.booleans())
def test_page_names_that_would_be_one_file_keep_one_winner(names, dirhtml):
    from trendkb.reading.collisions import collisions

    names = set(names)
    found = collisions(names, "topics", dirhtml)
    losers = [c.loser for c in found]
    assert len(losers) == len(set(losers)) and set(losers) <= names
    kept = names - set(losers)
    assert all(c.winner in kept or c.kind == "reserved" for c in found)
    pages = [d.removesuffix("/index") if dirhtml else d for d in kept]
    assert len({urlpaths.key(p) for p in pages}) == len(pages)  # one page per file on any system
    assert collisions(sorted(names, reverse=True), "topics", dirhtml) == found  # in any order


# -- the one writer: never through a link ---------------------------------------------------------


@pytest.fixture(scope="module")
def output_tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("output")
    out, elsewhere = root / "html", root / "elsewhere"
    (out / "docs/real").mkdir(parents=True)
    elsewhere.mkdir()
    (out / "old").symlink_to(elsewhere, target_is_directory=True)
    (out / "_kb_images").symlink_to(elsewhere, target_is_directory=True)
    (out / "docs/file.html").symlink_to(elsewhere / "f.html")
    (out / "docs/up").symlink_to(out, target_is_directory=True)
    return out


@given(
    st.lists(
        st.sampled_from(["old", "_kb_images", "docs", "real", "file.html", "up", "x.html", "..", ".", "/"]),
        min_size=1,
        max_size=5,
    ).map("/".join)
)
def test_the_writer_never_reaches_outside_the_output_folder(output_tree, relpath):
    from trendkb.outputs.owners import output_path

    try:
        path = output_path(output_tree, relpath)
    except OSError as refused:
        assert refused.strerror
        return
    assert Path(os.path.realpath(path)).is_relative_to(output_tree.resolve())
    here = output_tree.resolve()
    for part in path.relative_to(here).parts:
        here = here / part
        assert not here.is_symlink()
