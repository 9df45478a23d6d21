"""What runs on a worker: analyse one partition of articles and write its Parquet files.

The same function serves both engines (a process of the local pool, a Dask worker), which is why their
outputs are identical. The spaCy model is loaded once per worker process: ``nlp.load`` is cached per
process, and both engines call ``warm_up`` when a worker starts (pool initializer, Dask worker plugin),
so no partition pays for it. A failing article becomes a row of the errors table; only a failure of the
worker itself (the model cannot be loaded, the output folder cannot be written) fails the partition.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwire import nlp
from eventwire.batch import output
from eventwire.batch.tables import TABLES, Row, analysis_rows, error_row, to_table
from eventwire.model import Analysis, Article

#: Replaces ``pipeline.analyze_doc`` on the workers (a module-level function, so that it pickles).
Analyzer = Callable[[Article, Doc], Analysis]

#: The user's own actor files, sent with every partition: kind ("people", "institutions") -> path -> text.
ActorFiles = dict[str, dict[str, str]]

#: Texts per ``nlp.pipe`` batch inside a partition.
PIPE_BATCH = 16


@dataclass(slots=True)
class Task:
    """One partition to analyse; everything a worker needs, and small enough to send over the network."""

    partition: str
    articles: list[Article]
    out_dir: str
    model: str | None = None
    analyzer: Analyzer | None = None
    actors: ActorFiles | None = None  # the driver's user actor files (workers elsewhere may lack the paths)


@dataclass(slots=True)
class Report:
    """What a worker did with one partition (sent back to the driver for progress and the summary)."""

    partition: str
    articles: int = 0
    analyzed: int = 0
    failed: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # wall time spent on the partition by its worker
    cpu_seconds: float = 0.0  # CPU time of the worker for it: the cost model's core-seconds


_load_error: str | None = None


#: Analysed once when a worker starts, so that every stage loads its data files then, not in a partition.
WARM_UP_TEXT = "The minister met the ambassador in the capital on Monday and said talks would go on."
_warm: set[str | None] = set()


def warm_up(model: str | None) -> Language:
    """Load the spaCy pipeline and every stage's data in this process (once), before any partition.

    The stages load their lexicons lazily on first use; analysing one short text here moves that cost
    to worker start-up, which keeps partition timings (and the cost model) about articles only.
    """
    pipe = nlp.load(model)
    if model not in _warm:
        _warm.add(model)
        # a broken stage is not reported here: it shows up, with its article, in the first partition
        with contextlib.suppress(Exception):
            _default_analyzer()(Article("warm-up", date(2020, 1, 1), WARM_UP_TEXT), pipe(WARM_UP_TEXT))
    return pipe


def init_pool_worker(model: str | None) -> None:
    """Local pool initializer: load the model once, leave Ctrl-C to the driver.

    It never raises: a pool whose initializer fails breaks for good, so the failure is kept and raised by
    the first partition instead, where the driver reports it.
    """
    global _load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up(model)
    except Exception as exc:
        _load_error = f"{type(exc).__name__}: {exc}"


class WorkerError(RuntimeError):
    """The worker cannot analyse anything (e.g. no model); the batch stops with this message."""


def run_task(task: Task) -> Report:
    """Analyse every article of the partition and write its files; return the counts."""
    if _load_error is not None:
        raise WorkerError(f"worker cannot load the pipeline: {_load_error}")
    if task.actors:
        use_actor_files(task.actors)
    started, cpu_started = time.perf_counter(), time.process_time()
    analyzer = task.analyzer or _default_analyzer()
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    report = Report(task.partition, articles=len(task.articles))
    for article, parsed in _parse_all(warm_up(task.model), task.articles):
        try:
            if isinstance(parsed, Exception):
                raise parsed
            found = analysis_rows(analyzer(article, parsed), task.partition)
        except Exception as exc:  # one bad article must not cost the partition
            report.failed += 1
            rows["errors"].append(
                error_row(article.id, article.source, "analyze", type(exc).__name__, str(exc), task.partition)
            )
            continue
        report.analyzed += 1
        for name, new in found.items():
            rows[name] += new
    tables = {name: to_table(name, rows[name]) for name in TABLES}
    report.counts = {name: table.num_rows for name, table in tables.items()}
    report.seconds = time.perf_counter() - started
    report.cpu_seconds = time.process_time() - cpu_started
    manifest = {
        "articles": [a.id for a in task.articles],
        "analyzed": report.analyzed,
        "failed": report.failed,
        "counts": report.counts,
        "seconds": round(report.seconds, 3),
        "cpu_seconds": round(report.cpu_seconds, 3),
    }
    output.write_partition(Path(task.out_dir), task.partition, tables, manifest)
    return report


def actor_files() -> ActorFiles:
    """The driver's user actor files (``EVENTWIRE_PEOPLE``, ``--people`` ...), checked, as texts.

    Checked here, before any partition starts, so a bad file stops the batch with its name and entry
    instead of failing every article. The texts travel with the tasks: a local worker also finds the
    files through the inherited environment, a worker of a remote Dask cluster may not have the paths.
    """
    from eventwire.actors import institutions, kb

    try:
        files = {"institutions": institutions.user_files().snapshot(), "people": kb.user_files().snapshot()}
        if any(files.values()):
            institutions.institutions()
            kb.all_people()
    except ValueError as exc:
        raise WorkerError(f"bad actor file: {exc}") from exc
    return files


def use_actor_files(files: ActorFiles) -> None:
    """Worker side of ``actor_files``: use the driver's files (no-op when they are already in use)."""
    from eventwire.actors import institutions, kb

    institutions.adopt(files.get("institutions", {}))  # first: people may name a user's IGO code
    kb.adopt(files.get("people", {}))


def _default_analyzer() -> Analyzer:
    from eventwire.pipeline import analyze_doc

    return analyze_doc


def _parse_all(pipe: Language, articles: list[Article]) -> Iterator[tuple[Article, Doc | Exception]]:
    """Parse the partition with ``nlp.pipe`` (batched, faster); if a batch fails, parse one by one.

    Falling back per article keeps the good articles of a batch that holds one text spaCy chokes on.
    """
    done = 0
    try:
        for doc in pipe.pipe((a.text for a in articles), batch_size=PIPE_BATCH):
            yield articles[done], doc
            done += 1
    except Exception:
        for article in articles[done:]:
            try:
                yield article, pipe(article.text)
            except Exception as exc:
                yield article, exc
