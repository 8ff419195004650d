"""Pagefind fed from memory: its Python API (``pagefind``) driving ``pagefind --service``.

The build hands Pagefind one small HTML document per indexed page, made from the records
it keeps (``outputs/searchindex.py``), instead of letting the binary read the whole site
back from disk: Pagefind holds only the text it indexes, never the pages with their
navigation, and nothing is parsed twice.

``PagefindService`` of pagefind 1.5 waits 0.1 s before reading each reply (2,000 pages
would take over three minutes), merges Pagefind's messages into the pipe its replies come
on, and leaves its callers waiting forever when Pagefind dies. ``Service`` reads replies as
they come, on a pipe of their own, and fails every pending request when the process ends;
the requests themselves are the package's own.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Requests in flight at once: enough to keep Pagefind busy, few enough to keep memory flat.
IN_FLIGHT = 16
#: Pagefind 1.5's service answers "written" before its writes end (a busy machine sees empty
#: files): the bundle is watched until it stops changing and is whole, else written again.
WRITE_TRIES = 3
SETTLE_SECONDS = 30


def available() -> bool:
    """Whether the Python API and a Pagefind binary for it are installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return False
    try:
        binary = get_executable()
    except OSError:
        return False
    return binary is not None and Path(binary).is_file()


class PagefindFailed(RuntimeError):
    """Pagefind refused a page, failed to write its bundle, or stopped."""


def broken(bundle: Path, empty: bool = False) -> str | None:
    """What is wrong with a bundle's files (an empty file, a chunk that does not unpack), or None.

    ``empty``: no page was given, so an entry naming no index is what Pagefind should write.
    """
    entry = bundle / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages") or {}
    except (OSError, ValueError, AttributeError):
        return "pagefind-entry.json is missing or cut short"
    if not languages and not empty:
        return "pagefind-entry.json names no index"
    for path in sorted(bundle.rglob("*")):
        if not path.is_file():
            continue
        if path.stat().st_size == 0:
            return f"{path.relative_to(bundle)} is empty"
        if path.suffix.startswith(".pf_"):
            try:
                gzip.decompress(path.read_bytes())
            except (OSError, EOFError):
                return f"{path.relative_to(bundle)} is cut short"
    for language in languages.values():
        if not list(bundle.glob(f"pagefind.{language.get('hash')}.pf_meta")):
            return "the index named by pagefind-entry.json is missing"
    return None


def _sizes(bundle: Path) -> dict[str, int]:
    return {str(p): p.stat().st_size for p in bundle.rglob("*") if p.is_file()}


async def _settled(bundle: Path, empty: bool) -> bool:
    """Wait until the bundle's files stop changing; whether it is then whole."""
    deadline = time.monotonic() + SETTLE_SECONDS
    last = None
    while time.monotonic() < deadline:
        now = _sizes(bundle)
        if now == last and broken(bundle, empty) is None:
            return True
        last = now
        await asyncio.sleep(0.05)
    return False


def _service_class():
    from pagefind.service import PagefindService

    class Service(PagefindService):
        async def launch(self) -> Service:
            # As the package launches it, but with Pagefind's own messages kept off the pipe
            # its replies come on (the package merges them in).
            self._backend = await asyncio.create_subprocess_exec(
                self._bin,
                "--service",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                limit=2**24,  # a reply is one line: the largest page's
            )
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def close(self) -> None:
            # Pagefind ends when its input does, once it has written every file; the package
            # terminates it instead, which can cut a bundle short on a busy machine.
            if self._backend.stdin is not None:
                self._backend.stdin.close()
            try:
                await asyncio.wait_for(self._backend.wait(), timeout=120)
            except TimeoutError:
                self._backend.kill()
                await self._backend.wait()
            self._poll_task.cancel()

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            try:
                while True:
                    message = await stdout.readuntil(b",")
                    reply = json.loads(base64.b64decode(message[:-1]))
                    future = self._responses.pop(reply.get("message_id"), None)
                    if future is None or future.done():
                        continue
                    payload = reply.get("payload") or {}
                    if payload.get("type") == "Error":
                        future.set_exception(PagefindFailed(payload.get("message", "unknown error")))
                    else:
                        future.set_result(payload)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError) as exc:
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(PagefindFailed(f"pagefind stopped ({exc.__class__.__name__})"))
                self._responses.clear()

    return Service


async def _write(pages: Iterable[tuple[str, str]], output: Path) -> int:
    service = await _service_class()().launch()
    count = 0
    try:
        index = await service.create_index()
        queue: Iterator[tuple[str, str]] = iter(pages)

        async def feed() -> None:
            nonlocal count
            for url, html in queue:  # the workers share one iterator: each page is sent once
                await index.add_html_file(content=html, url=url)
                count += 1

        await asyncio.gather(*(feed() for _ in range(IN_FLIGHT)))
        for _ in range(WRITE_TRIES):
            shutil.rmtree(output, ignore_errors=True)
            await index.write_files(str(output))
            if await _settled(output, count == 0):
                break
        else:
            raise PagefindFailed(f"the bundle Pagefind wrote is incomplete ({broken(output, count == 0)})")
    finally:
        await service.close()
    return count


def write_bundle(pages: Iterable[tuple[str, str]], output: Path) -> int:
    """Index ``(url, html)`` pages into a new bundle at ``output``; the number of pages indexed.

    A build called from code that runs an event loop in this thread (a notebook, an async
    test harness, Playwright's sync API) cannot start one here: the loop gets a thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_write(pages, output))
    result: list = []

    def run() -> None:
        try:
            result.append(asyncio.run(_write(pages, output)))
        except BaseException as exc:  # re-raised in the caller's thread
            result.append(exc)

    worker = threading.Thread(target=run, name="pagefind", daemon=True)
    worker.start()
    worker.join()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]
