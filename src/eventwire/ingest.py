"""Reading + analysing many articles, in-process or on a pool of workers, and writing them to a store.

Two layers, both free of any user interface (the CLI passes a callback to draw its progress bar):

- ``analyze_stream`` turns a stream of ``Article | ReadError`` into a stream of ``Analysis | ReadError``
  in the same order. With ``workers > 1`` the articles go to a ``multiprocessing`` pool whose
  initializer loads the spaCy model once per worker; at most a few articles per worker are in flight, so
  memory stays flat however large the corpus. A failing article becomes a ``ReadError``, never a crash.
- ``ingest`` drives it into a ``Store``. Only the main process writes (SQLite has one writer), one
  transaction per article. Articles whose content hash is already stored are skipped *before* analysis,
  so ingesting the same inputs twice costs one read and no model time.
"""

from __future__ import annotations

import multiprocessing
import signal
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from eventwire.model import Analysis, Article, ReadError

if TYPE_CHECKING:
    from eventwire.store import Outcome, Store

#: Articles queued per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4
#: Seconds to wait for one article's analysis once it is next in line (a megabyte of text takes ~3 min).
ANSWER_TIMEOUT = 900

Result = Analysis | ReadError
ResultKind = Literal["added", "unchanged", "replaced", "error"]


class AnalysisFailed(ReadError):
    """An article that was read but could not be analysed or stored (a bug, not a bad input)."""


@dataclass(slots=True)
class Skipped:
    """An article that did not need analysing (already stored with the same content hash)."""

    article: Article


@dataclass(slots=True)
class IngestSummary:
    """What one ``ingest`` run did. ``read`` counts articles read; ``errors`` holds every failed input."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    errors: list[ReadError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "errors": len(self.errors),
        }


def read_inputs(inputs: Iterable[str | Path], *, date: Any = None, glob: str | None = None) -> Iterator[Any]:
    """Articles and read errors from files, folders or "-" (stdin), via ``eventwire.readers``."""
    from eventwire.readers import ReaderOptions, read  # imported late: readers pull in trafilatura

    return read(inputs, ReaderOptions(date=date, glob=glob))


def _source(article: Article) -> str:
    return article.source or article.id


def analyze_one(article: Article, model: str | None = None) -> Result:
    """Analyse one article; any exception becomes a ReadError naming the article's source."""
    from eventwire.pipeline import analyze

    try:
        return analyze(article, model)
    except Exception as exc:  # one bad article must not stop a corpus
        return AnalysisFailed(_source(article), f"analysis failed: {type(exc).__name__}: {exc}")


# -- worker side -------------------------------------------------------------------------------------

_worker_model: str | None = None
_worker_broken: str | None = None


def _init_worker(model: str | None) -> None:
    """Pool initializer: load the spaCy pipeline once in this worker; leave Ctrl-C to the parent.

    It never raises: a pool whose initializer fails respawns workers forever, so a load failure is kept
    and every article sent to this worker is answered with it instead.
    """
    global _worker_model, _worker_broken
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_model = model
    try:
        from eventwire import nlp

        nlp.load(model)
    except Exception as exc:
        _worker_broken = f"worker cannot load the pipeline: {type(exc).__name__}: {exc}"


def _work(payload: dict[str, Any]) -> dict[str, Any]:
    """Analyse one article given as JSON; answers JSON too (plain dicts cross process borders safely)."""
    article = Article.from_json(payload)
    if _worker_broken is not None:
        return {"failed": {"source": _source(article), "reason": _worker_broken}}
    result = analyze_one(article, _worker_model)
    if isinstance(result, ReadError):
        return {"failed": result.to_json()}
    return {"analysis": result.to_json()}


def _decode(answer: dict[str, Any]) -> Result:
    if "failed" in answer:
        return AnalysisFailed(**answer["failed"])
    return Analysis.from_json(answer["analysis"])


# -- main side ---------------------------------------------------------------------------------------


def analyze_stream(
    items: Iterable[Article | ReadError],
    *,
    workers: int = 1,
    model: str | None = None,
    skip: Callable[[Article], bool] | None = None,
) -> Iterator[Result | Skipped]:
    """Analyse every Article of ``items`` (read errors pass through), keeping the input order.

    ``skip(article)`` returning True yields ``Skipped(article)`` without analysing it.
    """
    if workers <= 1:
        for item in items:
            if isinstance(item, ReadError):
                yield item
            elif skip is not None and skip(item):
                yield Skipped(item)
            else:
                yield analyze_one(item, model)
        return

    # The pool starts with the first article that needs analysing: re-ingesting an unchanged corpus
    # never pays for loading the model in every worker.
    pool: Any = None
    pending: deque[Any] = deque()  # AsyncResult of an analysis, or an item that needs none
    limit = workers * IN_FLIGHT_PER_WORKER
    try:
        for item in items:
            if isinstance(item, ReadError):
                pending.append(item)
            elif skip is not None and skip(item):
                pending.append(Skipped(item))
            else:
                if pool is None:
                    # "spawn": workers start clean (no inherited threads or database handles) everywhere.
                    context = multiprocessing.get_context("spawn")
                    pool = context.Pool(workers, initializer=_init_worker, initargs=(model,))
                pending.append(_Job(_source(item), pool.apply_async(_work, (item.to_json(),))))
            while len(pending) > limit or (pending and _ready(pending[0])):
                yield _resolve(pending.popleft())
        while pending:
            yield _resolve(pending.popleft())
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


@dataclass(slots=True)
class _Job:
    """An article on its way through the pool."""

    source: str
    answer: Any  # multiprocessing AsyncResult


def _ready(entry: Any) -> bool:
    return not isinstance(entry, _Job) or entry.answer.ready()


def _resolve(entry: Any) -> Result | Skipped:
    if not isinstance(entry, _Job):
        return entry
    try:
        return _decode(entry.answer.get(timeout=ANSWER_TIMEOUT))
    except multiprocessing.TimeoutError:
        # A worker killed mid-article (out of memory, a crash in native code) never answers; the pool
        # replaces it, and the article is reported instead of hanging the whole run.
        return AnalysisFailed(entry.source, f"no answer from the worker within {ANSWER_TIMEOUT}s")


def ingest(
    items: Iterable[Article | ReadError],
    store: Store,
    *,
    workers: int = 1,
    model: str | None = None,
    on_result: Callable[[ResultKind, Article | ReadError], None] | None = None,
    force: bool = False,
) -> IngestSummary:
    """Analyse and store every article of ``items``; failures are recorded in the store and returned.

    ``on_result(kind, item)`` is called once per input, in order, after it was stored or recorded.
    ``force`` re-analyses and replaces articles that are stored unchanged (e.g. after an upgrade).
    """
    def already_stored(article: Article) -> bool:
        return store.is_current(article.id, article.content_hash)

    skip = None if force else already_stored
    results = analyze_stream(items, workers=workers, model=model, skip=skip)
    return store_results(results, store, on_result=on_result, force=force)


def store_results(
    results: Iterable[Result | Skipped],
    store: Store,
    *,
    on_result: Callable[[ResultKind, Article | ReadError], None] | None = None,
    force: bool = False,
    batch: int = 1,
) -> IngestSummary:
    """Write analyses to ``store`` and record failures; used by ``ingest`` and by ``eventwire load``
    (analyses made elsewhere, e.g. by the batch engine).

    With ``batch`` > 1, analyses are stored ``batch`` at a time in one transaction (``Store.ingest_each``:
    COPY on PostgreSQL; a batch with a bad analysis falls back to one transaction per article, so the good
    ones are kept and the bad one is reported). A crash loses at most the batch being written.
    """
    summary = IngestSummary()
    pending: list[Analysis] = []

    def report(kind: ResultKind, item: Article | ReadError) -> None:
        if on_result is not None:
            on_result(kind, item)

    def stored(analysis: Analysis, outcome: Outcome | Exception) -> None:
        if isinstance(outcome, Exception):
            failed(AnalysisFailed(_source(analysis.article), f"cannot store analysis: {outcome}"))
            return
        summary.read += 1
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        report(outcome, analysis.article)

    def failed(error: ReadError) -> None:
        # Articles that failed analysis were read all the same; count them as read too.
        summary.read += isinstance(error, AnalysisFailed) or error.reason.startswith("analysis failed")
        store.record_error(error.source, error.reason)
        summary.errors.append(error)
        report("error", error)

    def flush() -> None:
        for analysis, outcome in zip(pending, store.ingest_each(pending, force=force), strict=True):
            stored(analysis, outcome)
        pending.clear()

    for result in results:
        if isinstance(result, Analysis):
            if batch > 1:
                pending.append(result)
                if len(pending) >= batch:
                    flush()
                continue
            try:
                outcome: Outcome | Exception = store.ingest(result, force=force)
            except sqlite3.IntegrityError as exc:  # e.g. a stage emitted the same id twice
                outcome = exc
            stored(result, outcome)
        elif isinstance(result, Skipped):
            summary.read += 1
            summary.unchanged += 1
            report("unchanged", result.article)
        else:
            failed(result)
    if pending:
        flush()
    return summary
