"""Files written next to the pages at the end of a build (feeds, catalogue).

They are regenerated from the catalog on every build, so incremental builds equal
fresh ones, and only written when their bytes change, so an unchanged build touches
nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.builders import Builder

# Characters XML 1.0 cannot hold; YAML's "\x01"-style escapes can put them in front matter.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: Builders whose pages have stable per-document URLs, so feeds and catalogues can point at them.
PAGE_BUILDERS = frozenset({"html", "dirhtml"})


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def page_path(builder: Builder, docname: str) -> str:
    """A page's path below the site root, as this builder names it."""
    return builder.get_target_uri(docname)
