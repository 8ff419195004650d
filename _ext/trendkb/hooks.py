"""Narrowing another extension's event handler, at the priority it chose."""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx


def replace_handler(app: Sphinx, event: str, handler: Callable, wrap: Callable[[Callable], Callable]) -> None:
    """Put ``wrap(handler)`` in place of ``handler`` wherever it is connected to ``event``."""
    for listener in list(app.events.listeners.get(event, ())):
        if listener.handler is handler:
            app.disconnect(listener.id)
            app.connect(event, wrap(handler), priority=listener.priority)
