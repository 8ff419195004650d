"""Files written next to the pages at the end of a build (feeds, catalogue).

They are regenerated from the catalog on every build, so incremental builds equal
fresh ones, and only written when their bytes change, so an unchanged build touches
nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.builders import Builder

from ..model.digests import digest

# Characters XML 1.0 cannot hold; YAML's "\x01"-style escapes can put them in front matter.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


class OutputLedger:
    """What each written file was made from, kept beside the doctrees between builds.

    A file is regenerated only when its inputs changed or it is missing, so an
    incremental build does not pay for feeds no edit touched.
    """

    def __init__(self, doctreedir: str | Path, outdir: str | Path, name: str) -> None:
        self.path = Path(doctreedir) / f"trendkb-{name}.json"
        self.outdir = Path(outdir)
        try:
            self.old = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}

    def stale(self, relpath: str, inputs: object) -> bool:
        signature = digest(inputs)
        self.new[relpath] = signature
        return self.old.get(relpath) != signature or not (self.outdir / relpath).is_file()

    def save(self) -> None:
        if self.new != self.old:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.new, sort_keys=True), encoding="utf-8")
