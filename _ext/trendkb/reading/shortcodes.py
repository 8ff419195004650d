"""One-line template tags of other engines: figures, embeds, includes, one-line notes.

Pure, no Sphinx. Each tag is replaced where it stands (line for line):

- **figures and images**: Hugo's ``{{< figure >}}``, Hexo's ``{% asset_img %}`` (the picture
  is in the post's asset folder, named like the post) and ``{% img %}`` (also Octopress's and
  Pelican's), Jekyll's ``{% include figure.html image="..." %}`` (and ``image.html``) when
  its parameters are plain values, Zola's image shortcodes (``{{ image(src=...) }}``) and
  Eleventy's ``{% image "src" "alt" %}`` become the ``kb-figure`` role;
- **embeds**: YouTube, Vimeo, X/Twitter, GitHub gists, JSFiddle, iframes and videos become
  the ``kb-embed`` role: a link card to the original page, so the page loads nothing from
  another site and nobody is tracked until the reader follows the link;
- **includes of the site's own files**: Jekyll's ``{% include_relative %}``, Hugo's
  ``{{< readfile >}}``, Quarto's ``{{< include >}}``, Octopress's and Pelican's
  ``{% include_code %}`` and MkDocs' ``--8<-- "file"`` become MyST's ``{include}`` (Markdown)
  or ``{literalinclude}`` (anything else), which read only files the site may publish;
  the tag must be alone on its line, with a blank line (or the end of the file) after it;
- **one-line notes**: fastpages' ``{% include note.html content="..." %}`` (alert, info,
  tip, important, warning) and Zola's ``{{ admonition(type=..., text=...) }}`` become the
  ``kb-note`` role.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from urllib.parse import parse_qs, urlsplit

from . import bodyscan, dialects, tags
from .conversion import Work, directive, role

_IMAGE_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif|bmp|ico|tiff?)$", re.IGNORECASE)
_ID = re.compile(r"^[\w-]{1,100}$")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".qmd", ".mdx", ".rmd", ".txt")
_SNIPPET = re.compile(r"^(?P<indent>\s*)-{1,2}8<-{1,2}\s+[\"'](?P<path>[^\"']+)[\"']\s*$")
_FASTPAGES_NOTES = {
    "alert": "warning",
    "info": "note",
    "note": "note",
    "tip": "tip",
    "important": "important",
    "warning": "warning",
    "callout": "note",
}
_INCLUDE_FIGURES = ("figure", "image", "img", "picture")


def convert(work: Work) -> None:
    lines = work.lines
    kinds = work.kinds()
    hugo = work.family == "hugo"
    zola = work.family == "zola"
    raw_markers = work.family in dialects.RAW_FAMILIES
    in_raw = False
    for i in range(len(lines)):
        kind = kinds[i]
        if (hugo or zola) and kind == bodyscan.CODE and "/*" in lines[i]:
            lines[i] = unescape_hugo(lines[i]) if hugo else unescape_zola(lines[i])
            continue
        if kind != bodyscan.PROSE:
            continue
        line = lines[i]
        if "8<" in line and _snippet(work, i):
            continue
        if "{" not in line:
            continue
        if hugo and "/*" in line:
            lines[i] = line = _literal_escapes(line)
        masked = bodyscan.mask_code(line)
        if raw_markers:  # what {% raw %} encloses is shown as written (foreign.drop_raw_markers)
            masked, in_raw = bodyscan.outside_liquid_raw(masked, in_raw)
        found = [t for t in tags.find(masked) if not t.closing and not t.escaped]
        for tag in reversed(found):
            # Found in the masked line; its arguments are read from the line as written.
            written = next(iter(tags.find(line[tag.start : tag.end])), None)
            if written is not None and (written.form, written.name) == (tag.form, tag.name):
                tag = dataclasses.replace(written, start=tag.start, end=tag.end)
            replacement = _replacement(work, i, line, tag)
            if replacement is not None:
                line = line[: tag.start] + replacement + line[tag.end :]
        lines[i] = line


def unescape_hugo(line: str) -> str:
    """Hugo shows ``{{</* x */>}}`` as the literal text ``{{< x >}}`` (in code, its usual place)."""
    return re.sub(r"\{\{([<%])/\*\s?", r"{{\1 ", re.sub(r"\s?\*/([>%])\}\}", r" \1}}", line)).replace(
        "{{<  ", "{{< "
    )


def unescape_zola(line: str) -> str:
    """Zola shows ``{{/* x() */}}`` and ``{%/* x() */%}`` as the literal text ``{{ x() }}``, ``{% x() %}``."""
    return re.sub(r"\{([{%])/\*\s?(.*?)\s?\*/([}%])\}", r"{\1 \2 \3}", line)


def _literal_escapes(line: str) -> str:
    """Escaped shortcodes in prose: the literal text, with braces MyST shows as written."""

    def literal(match: re.Match[str]) -> str:
        return unescape_hugo(match.group()).replace("{", "\\{").replace("}", "\\}")

    return re.sub(r"\{\{[<%]/\*.*?\*/[>%]\}\}", literal, line)


def _replacement(work: Work, i: int, line: str, tag: tags.Tag) -> str | None:
    name = tag.name.lower()
    family = work.family
    if tag.form == tags.VARIABLE:
        return None
    if tag.form == tags.LIQUID and name == "include" and tag.positional:
        return _jekyll_include(tag)
    if name in ("include_relative", "readfile", "include_code") or (
        name == "include" and tag.form == tags.HUGO
    ):
        return _include(work, i, line, tag)
    fields = _figure(work, tag, name)
    if fields:
        return role("kb-figure", fields)
    fields = _embed(tag, name)
    if fields:
        return role("kb-embed", fields)
    if tag.form == tags.ZOLA and name in (
        "admonition",
        "note",
        "aside",
        "warning",
        "tip",
        "info",
        "important",
    ):
        text = tag.get("text", "body", "content")
        if text:
            return role(
                "kb-note",
                {
                    "kind": tag.get("type", "kind") or (name if name != "aside" else "note"),
                    "title": tag.get("title") or "",
                    "text": text,
                },
            )
    if family == "hexo" and name == "asset_img":
        return None
    return None


# Figures ---------------------------------------------------------------------------------


def _figure(work: Work, tag: tags.Tag, name: str) -> dict[str, str] | None:
    if tag.form == tags.HUGO and name == "figure":
        src = tag.get("src")
        caption = tag.get("caption", "title") or ""
        return _figure_fields(src, tag.get("alt") or caption, caption)
    if tag.form == tags.LIQUID and name == "asset_img":
        return _asset_img(work, tag)
    if tag.form == tags.LIQUID and name in ("img", "image") and tag.positional:
        return _img(tag)
    if tag.form == tags.ZOLA and ("image" in name or "img" in name or name == "figure"):
        src = tag.get("src", "path", "default_src", "light_src", "url", "image")
        caption = tag.get("caption", "title") or ""
        return _figure_fields(src, tag.get("alt") or caption, caption)
    return None


def _figure_fields(src: str | None, alt: str, caption: str) -> dict[str, str] | None:
    if not src or "{{" in src or "{%" in src:
        return None
    return {"src": src, "alt": alt or "", "caption": caption or ""}


def _asset_img(work: Work, tag: tags.Tag) -> dict[str, str] | None:
    """``{% asset_img [class names] slug [width] [height] [title text [alt text]] %}``: the picture
    is in the post's asset folder, which has the post's file name."""
    words = list(tag.positional)
    slug_index = next((k for k, w in enumerate(words) if _IMAGE_SUFFIX.search(w)), 0 if words else None)
    if slug_index is None:
        return None
    slug = words[slug_index]
    rest = [w for w in words[slug_index + 1 :] if not w.isdigit()]
    title, alt = _title_and_alt(rest, tag.raw)
    src = posixpath.join(work.stem, slug) if work.stem and "/" not in slug else slug
    return _figure_fields(src, alt or title, title)


def _img(tag: tags.Tag) -> dict[str, str] | None:
    """``{% img [class names] /path/to/image [width] [height] [title text [alt text]] %}``."""
    words = list(tag.positional)
    index = next(
        (k for k, w in enumerate(words) if "/" in w or _IMAGE_SUFFIX.search(w) or w.startswith("http")), None
    )
    if index is None:
        return None
    rest = [w for w in words[index + 1 :] if not re.fullmatch(r"\d+(?:px|%)?", w)]
    title, alt = _title_and_alt(rest, tag.raw)
    return _figure_fields(words[index], alt or title, title)


def _title_and_alt(words: list[str], raw: str) -> tuple[str, str]:
    """Octopress's ``"title text" "alt text"`` (quoted, the pair in single quotes too), or the
    words after the picture as its title."""
    quoted = re.findall(r'"([^"]*)"', raw)
    if quoted:
        return quoted[0], quoted[1] if len(quoted) > 1 else ""
    return " ".join(words), ""


def _jekyll_include(tag: tags.Tag) -> str | None:
    """Jekyll's ``{% include name.html key="value" %}`` for the includes that are a figure,
    a video or a note, when every parameter is a plain value."""
    stem = posixpath.splitext(posixpath.basename(tag.positional[0]))[0].lower()
    values = tag.keywords
    if any("{{" in v or "{%" in v for v in values.values()) or "{{" in tag.positional[0]:
        return None
    if stem in _INCLUDE_FIGURES:
        src = tag.get("image", "image_path", "file", "url", "src", "path")
        caption = tag.get("caption", "description", "title") or ""
        fields = _figure_fields(src, tag.get("alt") or caption, caption)
        return role("kb-figure", fields) if fields else None
    if stem in ("youtube", "video", "vimeo"):
        provider = tag.get("provider") or stem
        ident = tag.get("id")
        content = tag.get("content", "url") or ""
        fields = _video(content) if content else _service(provider, ident)
        return role("kb-embed", fields) if fields else None
    if stem in _FASTPAGES_NOTES:
        text = tag.get("text", "content")
        if text:
            return role("kb-note", {"kind": tag.get("type") or _FASTPAGES_NOTES[stem], "text": text})
    return None


# Embeds ----------------------------------------------------------------------------------


def _embed(tag: tags.Tag, name: str) -> dict[str, str] | None:
    if name in ("youtube", "youtubeembed", "youtube_embed", "youtube-lite", "lite-youtube"):
        ident = tag.get("id", "video", index=0)
        if ident and "/" in ident:
            return _video(ident)
        playlist = "playlist" in tag.positional[1:2]
        fields = _service("youtube-playlist" if playlist else "youtube", ident)
        if fields and tag.get("title"):
            fields["title"] = tag.get("title")
        return fields
    if name in ("vimeo", "vimeo_simple"):
        return _service("vimeo", tag.get("id", index=0))
    if name in ("tweet", "x", "twitter"):
        url = tag.get("url", index=0) or ""
        if url.startswith("http"):
            return _link(url, "x")
        user, ident = tag.get("user"), tag.get("id", index=0)
        if user and ident and _ID.match(user) and ident.isdigit():
            return {
                "service": "x",
                "url": f"https://x.com/{user}/status/{ident}",
                "title": f"Post by @{user}",
            }
        return None
    if name == "gist":
        words = [w for w in tag.positional if w]
        user, ident = tag.get("user"), tag.get("id")
        if not ident and words:
            if "/" in words[0]:
                user, ident = words[0].split("/", 1)
            elif len(words) >= 2 and tag.form == tags.HUGO:
                user, ident = words[0], words[1]
            else:
                ident = words[0]
        if ident and _ID.match(ident) and (user is None or _ID.match(user)):
            path = f"{user}/{ident}" if user else ident
            return {"service": "gist", "url": f"https://gist.github.com/{path}", "title": f"Gist {path}"}
        return None
    if name == "jsfiddle":
        ident = tag.get("id", index=0)
        if ident and re.fullmatch(r"[\w/-]{1,100}", ident):
            return {
                "service": "jsfiddle",
                "url": f"https://jsfiddle.net/{ident.strip('/')}/",
                "title": "JSFiddle",
            }
        return None
    if name in ("iframe", "video", "embed"):
        url = tag.get("src", "url", index=0)
        return _video(url) if url else None
    if name == "instagram":
        ident = tag.get("id", index=0)
        if ident and _ID.match(ident):
            return {
                "service": "instagram",
                "url": f"https://www.instagram.com/p/{ident}/",
                "title": "Instagram post",
            }
    return None


def _service(service: str, ident: str | None) -> dict[str, str] | None:
    if not ident or not _ID.match(ident):
        return None
    if service == "youtube":
        return {"service": "youtube", "url": f"https://www.youtube.com/watch?v={ident}"}
    if service == "youtube-playlist":
        return {"service": "youtube", "url": f"https://www.youtube.com/playlist?list={ident}"}
    if service == "vimeo" and ident.isdigit():
        return {"service": "vimeo", "url": f"https://vimeo.com/{ident}"}
    return None


def _video(text: str) -> dict[str, str] | None:
    """A card for a video named by its address (YouTube, Vimeo, or any http(s) address)."""
    found = re.search(r"https?://[^\s\"'<>]+", text)
    if found is None:
        return (
            {"service": "video", "url": text, "title": posixpath.basename(text)}
            if text.startswith("/") or "." in text
            else None
        )
    url = found.group()
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    ident = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        ident = parse_qs(parts.query).get("v", [None])[0]
        if ident is None and parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            ident = parts.path.split("/")[2]
    elif host == "youtu.be":
        ident = parts.path.strip("/").split("/")[0]
    if ident:
        return _service("youtube", ident)
    if host in ("vimeo.com", "player.vimeo.com"):
        ident = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return _service("vimeo", ident)
    return _link(url, "video")


def _link(url: str, service: str) -> dict[str, str] | None:
    return {"service": service, "url": url} if re.match(r"https?://", url) else None


# Includes --------------------------------------------------------------------------------


def _include(work: Work, i: int, line: str, tag: tags.Tag) -> str | None:
    """``{include}`` or ``{literalinclude}`` of a file of the site, when the tag has its line to itself."""
    if not tags.alone(line, tag):
        return None
    name = tag.name.lower()
    if name == "include_code":
        positional, _ = tags.arguments(tag.raw, colon_keys=True)
        paths = [w for w in positional if "." in w or "/" in w]
        path = (
            paths[0]
            if paths and tag.form == tags.LIQUID and work.family == "pelican"
            else (paths[-1] if paths else None)
        )
    else:
        path = tag.get("file", "path", index=0)
    if not path or "{{" in path or "://" in path:
        return None
    return _include_lines(work, i, path)


def _include_lines(work: Work, i: int, path: str) -> str | None:
    indent = work.lines[i][: len(work.lines[i]) - len(work.lines[i].lstrip())]
    suffix = posixpath.splitext(path)[1].lower()
    name = "include" if suffix in _MARKDOWN_SUFFIXES else "literalinclude"
    marks = "~~~"
    if not work.close_after(i, indent + marks):
        return None
    return directive("", marks, name, path).lstrip()


def _snippet(work: Work, i: int) -> bool:
    """MkDocs' snippets, ``--8<-- "file.md"``."""
    match = _SNIPPET.match(work.lines[i])
    if match is None or work.family != "mkdocs":
        return False
    replacement = _include_lines(work, i, match["path"])
    if replacement is None:
        return False
    work.lines[i] = match["indent"] + replacement
    return True
