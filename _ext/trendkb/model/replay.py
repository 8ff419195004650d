"""Warnings of unchanged files, reported again on every build until they are fixed.

An incremental build reads only the files that changed, so the warnings of a file that
is still wrong would be printed once and never again, and a second ``-W`` build would
pass. Every warning logged while documents are read is recorded, attributed to the
document its location names, and kept in the ``kb`` domain (purged and merged per
document, so ``-j`` works: Sphinx replays the workers' records in the main process,
where they are recorded). After reading, the warnings of every document that was not
read again are logged again, with the same text, location, type and subtype, so
``suppress_warnings`` and ``-W`` treat them as the first time. The same holds for the
warnings logged while a page is written (a dangling reference), for pages not written
again.
"""

from __future__ import annotations

import json
import logging as stdlib_logging
import weakref
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import NAMESPACE, get_node_location

from .domain import KnowledgeBase

logger = logging.getLogger(__name__)

#: (level, message, location, type, subtype); location is (docname, line) or "path:line".
Warning_ = tuple[int, str, object, str | None, str | None]


class WarningRecorder(stdlib_logging.Handler):
    """Collects the warnings of the documents being read, before any filter changes them."""

    def __init__(self, env: BuildEnvironment, reading: set[str], current: bool = True) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.env = env
        self.reading = reading
        self.current = current  # a warning without location is the document being read's
        self.found: dict[str, list[Warning_]] = {}

    def _attribute(self, location) -> tuple[str | None, object]:
        """The document a warning belongs to, and its location in a form that logs the same."""
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if isinstance(location, tuple) and len(location) == 2:
            return location[0], tuple(location)
        if isinstance(location, str):
            if ":" not in location:
                return location, (location, None)
            path = location.rsplit(":", 1)[0]
            try:
                return self.env.path2doc(path), location
            except (ValueError, OSError):
                return None, location
        current = getattr(self.env, "current_document", None) if self.current else None
        return (getattr(current, "docname", None) or None), None

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        # Sphinx buffers some warnings (pending_warnings) and hands the same record to the
        # handlers again when it flushes them: record each record once.
        seen = record.__dict__.setdefault("_kb_recorded_by", set())
        if id(self) in seen:
            return
        seen.add(id(self))
        docname, location = self._attribute(getattr(record, "location", None))
        if docname not in self.reading:
            return
        # The message as given, not as a handler's filters decorate it.
        message = stdlib_logging.LogRecord.getMessage(record)
        warning = (
            record.levelno,
            message,
            location,
            getattr(record, "type", None),
            getattr(record, "subtype", None),
        )
        self.found.setdefault(docname, []).append(warning)


_recorders: weakref.WeakKeyDictionary[Sphinx, WarningRecorder] = weakref.WeakKeyDictionary()


def start_recording(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    recorder = WarningRecorder(env, set(docnames))
    # First of the handlers: Sphinx's own rewrite a record's location and message in place.
    stdlib_logging.getLogger(NAMESPACE).handlers.insert(0, recorder)
    _recorders[app] = recorder


def replay_unread(app: Sphinx, env: BuildEnvironment) -> None:
    recorder = _recorders.pop(app, None)
    if recorder is None:
        return
    stdlib_logging.getLogger(NAMESPACE).removeHandler(recorder)
    stored = KnowledgeBase(env).warnings
    for docname, found in recorder.found.items():
        stored[docname] = tuple(found)
    for docname in sorted(stored):
        if docname in recorder.reading or docname not in env.all_docs:
            continue
        _replay(stored[docname])


def _replay(warnings) -> None:
    for level, message, location, type_, subtype in warnings:
        if isinstance(location, list):
            location = tuple(location)
        logger.log(level, "%s", message, location=location, type=type_, subtype=subtype)


# Warnings logged while pages are written (a dangling reference, say) are about the
# pages written in this build only. The environment is saved before writing, so they
# are kept in a file beside the doctrees, per builder.
_writing: weakref.WeakKeyDictionary[Sphinx, tuple[WarningRecorder, set[str]]] = weakref.WeakKeyDictionary()


def _write_store(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"trendkb-write-warnings-{app.builder.name}.json"


def start_recording_writes(app: Sphinx, builder) -> None:
    recorder = WarningRecorder(app.env, set(app.env.all_docs), current=False)
    stdlib_logging.getLogger(NAMESPACE).handlers.insert(0, recorder)
    _writing[app] = (recorder, set())


def note_written(app: Sphinx, doctree, docname: str) -> None:
    if app in _writing:
        _writing[app][1].add(docname)


def replay_unwritten(app: Sphinx, exception: Exception | None) -> None:
    found = _writing.pop(app, None)
    if found is None:
        return
    recorder, written = found
    stdlib_logging.getLogger(NAMESPACE).removeHandler(recorder)
    if exception is not None:
        return
    path = _write_store(app)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    stored = {
        doc: warnings for doc, warnings in stored.items() if doc in app.env.all_docs and doc not in written
    }
    for docname in sorted(stored):
        _replay(stored[docname])
    stored |= {doc: warnings for doc, warnings in recorder.found.items() if doc in written}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, sort_keys=True, default=str), encoding="utf-8")


def setup_replay(app: Sphinx) -> None:
    # Last at env-before-read-docs: what runs before it is not about one document's content.
    app.connect("env-before-read-docs", start_recording, priority=1000)
    # First at env-updated: warnings after it are about the whole site and repeat anyway.
    app.connect("env-updated", replay_unread, priority=0)
    app.connect("write-started", start_recording_writes, priority=1000)
    app.connect("doctree-resolved", note_written)
    # First at build-finished: the end-of-build files' warnings are the whole site's.
    app.connect("build-finished", replay_unwritten, priority=0)
