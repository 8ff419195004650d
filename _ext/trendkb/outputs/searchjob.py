"""One run of the search indexer: pages in, a complete bundle swapped in whole, or nothing.

A job runs inside the build (the default), or after it in a process of its own
(``kb_search_background``, for the live preview: the browser reloads as soon as the pages
are written, and the index follows a moment later). Either way:

- Pagefind writes the bundle into a scratch folder beside the live one; it is checked
  (``pagefind.js`` and its entry file are there) and then exchanged with the live one in
  one step (``owners.swap_folder``). A failure, a kill or a full disk leaves the old index
  in place and working.
- Every build that may index takes the next *generation* number when it starts
  (``begin``), and stops a job an earlier build left running. A job swaps its bundle in
  only while its generation is still the newest, holding a lock, so an index that appears
  always belongs to the newest pages: a slow job can never put an older index over a
  newer one.
- The state beside the doctrees records the digest of what the live bundle was made from,
  so a build whose indexed text did not change does not run Pagefind at all.

Run as ``python -m trendkb.outputs.searchjob INPUT`` by ``searchindex.start_background``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from . import owners, pagefindservice

#: Pagefind's ready-made interfaces: the site has its own (static/kb-search.js).
UNUSED = (
    *(f"pagefind-{ui}.{ext}" for ui in ("ui", "component-ui", "modular-ui") for ext in ("js", "css")),
    "pagefind-highlight.js",
)
#: Beside Pagefind's files: the spelling rules the index was made with, for queries.
SPELLING = "kb-spelling.json"
MODULE = "trendkb.outputs.searchjob"


@dataclass(frozen=True)
class Paths:
    """Where one builder's search index and its state live."""

    outdir: str
    bundle: str  # relative to outdir
    state: str  # the digest of the live bundle, and the last failure (written under the lock)
    generation: str  # the newest build's number (written by builds only)
    job: str  # the running background job: pid, generation, scratch folder
    lock: str

    @property
    def live(self) -> Path:
        return Path(self.outdir, self.bundle)


@dataclass(frozen=True)
class Job:
    paths: Paths
    generation: int
    digest: str
    spelling: dict


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


@contextlib.contextmanager
def locked(paths: Paths) -> Iterator[None]:
    """The lock under which the live bundle and its state change (none where flock is missing)."""
    Path(paths.lock).parent.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: builds of one folder are not run side by side there
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def state(paths: Paths) -> dict:
    return _read_json(Path(paths.state))


def generation(paths: Paths) -> int:
    try:
        return int(Path(paths.generation).read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return 0


def _is_job(pid: int) -> bool:
    """Whether ``pid`` is still a search job (and not a recycled number)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MODULE.encode() in command


def _stop(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _is_job(pid):
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)  # our own child (a build in the same process): reaped
        time.sleep(0.05)
    if _is_job(pid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def begin(paths: Paths) -> int:
    """A build starts: the next generation; a job an earlier build left running is stopped."""
    number = generation(paths) + 1
    _write_text(Path(paths.generation), f"{number}\n")
    running = _read_json(Path(paths.job))
    pid = running.get("pid")
    if isinstance(pid, int) and pid != os.getpid() and _is_job(pid):
        _stop(pid)
    for leftover in (running.get("scratch"), running.get("input")):
        if isinstance(leftover, str) and leftover:
            shutil.rmtree(leftover, ignore_errors=True)
            with contextlib.suppress(OSError):
                Path(leftover).unlink()
    with contextlib.suppress(OSError):
        Path(paths.job).unlink()
    return number


def note_job(paths: Paths, pid: int, scratch: Path, source: Path) -> None:
    """The build started a job: a later build stops it (``begin``) and removes what it left."""
    _write_json(Path(paths.job), {"pid": pid, "scratch": str(scratch), "input": str(source)})


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def complete(bundle: Path, empty: bool = False) -> str | None:
    """Why a bundle is not a usable index, or None when it is (``empty``: of no pages, which
    finds nothing but is whole)."""
    try:
        if (bundle / "pagefind.js").stat().st_size == 0:
            return "pagefind.js is empty"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"the bundle is incomplete ({exc})"
    if not isinstance(entry, dict) or not (entry.get("languages") or empty):
        return "pagefind-entry.json names no index"
    return None


def up_to_date(paths: Paths, digest: str) -> bool:
    """Whether the live bundle was made from exactly these pages (and is whole)."""
    # The digest is written only once a whole bundle is in place, so one of no pages is whole.
    return state(paths).get("digest") == digest and complete(paths.live, empty=True) is None


def run(job: Job, pages: Iterable[tuple[str, str]], scratch: Path) -> tuple[str, int]:
    """Index ``pages`` and swap the bundle in: ("indexed", pages), ("superseded", 0), or raise."""
    try:
        count = pagefindservice.write_bundle(pages, scratch)
        problem = complete(scratch, empty=count == 0)
        if problem:
            raise pagefindservice.PagefindFailed(problem)
        for name in UNUSED:
            (scratch / name).unlink(missing_ok=True)
        (scratch / SPELLING).write_text(
            json.dumps(job.spelling, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        with locked(job.paths):
            if generation(job.paths) != job.generation:
                return "superseded", 0  # a newer build started: its own job will index
            owners.swap_folder(owners.output_path(job.paths.outdir, job.paths.bundle), scratch)
            _write_json(Path(job.paths.state), {"digest": job.digest})
        return "indexed", count
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def fail(job: Job, message: str) -> None:
    """Note a failure for the next build to report (the live bundle and its digest stay)."""
    with locked(job.paths):
        _write_json(Path(job.paths.state), {**state(job.paths), "error": message})


# -- in a process of its own ----------------------------------------------------------


def write_input(path: Path, job: Job, pages: Iterable[tuple[str, str]], scratch: Path) -> None:
    data = {"job": {**asdict(job), "paths": asdict(job.paths)}, "scratch": str(scratch), "pages": list(pages)}
    _write_json(path, data)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds: the scratch folder and Pagefind go with it


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _terminated)
    source = Path(argv[0])
    data = _read_json(source)
    source.unlink(missing_ok=True)
    raw = data.get("job") or {}
    job = Job(Paths(**raw["paths"]), raw["generation"], raw["digest"], raw["spelling"])
    scratch = Path(data["scratch"])
    try:
        outcome, count = run(job, (tuple(page) for page in data.get("pages", ())), scratch)
    except pagefindservice.PagefindFailed as exc:
        fail(job, str(exc))
        return 1
    finally:
        # Not under the lock: a job stopped while waiting for it must still end at once.
        with contextlib.suppress(OSError):
            if _read_json(Path(job.paths.job)).get("pid") == os.getpid():
                Path(job.paths.job).unlink()
    print(f"search: {outcome} {count} pages (generation {job.generation})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
