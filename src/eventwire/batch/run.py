"""The batch driver: read, skip what is done, cut partitions, keep the workers busy, collect the summary.

Memory stays flat however large the corpus: inputs are read lazily and at most ``2 x slots``
partitions are queued or running at once, so reading overlaps with analysis without running ahead.
The driver never analyses; it writes only the read errors (``errors`` rows with stage "read") and the
error rows of a partition that kept killing its workers.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eventwire.batch import engines, output
from eventwire.batch.inputs import partition_id, partitions, read_inputs
from eventwire.batch.tables import TABLES, error_row, to_table
from eventwire.batch.worker import Analyzer, Report, Task, WorkerError, actor_files
from eventwire.model import Article, ReadError
from eventwire.readers import ReaderOptions

#: Queued + running partitions per worker slot: one running, one ready to start.
IN_FLIGHT_PER_SLOT = 2
DEFAULT_PARTITION_SIZE = 50


@dataclass(slots=True)
class BatchSummary:
    """What one ``run_batch`` did. Counts are for this run; ``skipped`` were done by an earlier one."""

    engine: str
    workers: int
    out_dir: str
    articles: int = 0  # articles processed in this run (analysed + failed)
    analyzed: int = 0
    failed: int = 0  # articles whose analysis raised (rows in the errors table)
    read_errors: int = 0  # inputs that never became an article
    skipped: int = 0  # articles already in a complete partition of out_dir
    partitions: int = 0
    retried: int = 0  # partitions resubmitted after their worker died
    entities: int = 0
    timexes: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0  # wall time, start-up included
    startup_seconds: float = 0.0  # starting the engine, until every worker had loaded the model
    worker_seconds: float = 0.0  # wall time spent in partitions, summed over workers
    cpu_seconds: float = 0.0  # CPU time spent in partitions, summed over workers (core-seconds)
    dashboard: str | None = None

    @property
    def errors(self) -> int:
        return self.failed + self.read_errors

    @property
    def articles_per_second(self) -> float:
        """Throughput over the whole run, start-up included (what a user waits for)."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def processing_per_second(self) -> float:
        """Throughput once the workers are up (what more articles would cost)."""
        busy = self.seconds - self.startup_seconds
        return self.articles / busy if busy > 0 else 0.0

    def add(self, report: Report) -> None:
        self.partitions += 1
        self.articles += report.articles
        self.analyzed += report.analyzed
        self.failed += report.failed
        self.worker_seconds += report.seconds
        self.cpu_seconds += report.cpu_seconds
        for name in ("entities", "timexes", "events", "quotes"):
            setattr(self, name, getattr(self, name) + report.counts.get(name, 0))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            errors=self.errors,
            articles_per_second=round(self.articles_per_second, 3),
            processing_per_second=round(self.processing_per_second, 3),
        )
        return data

    def describe(self) -> str:
        """One line for a terminal."""
        where = f", dashboard {self.dashboard}" if self.dashboard else ""
        return (
            f"{self.articles} articles ({self.skipped} already done), {self.events} events, "
            f"{self.errors} errors ({self.failed} analysis, {self.read_errors} read) in {self.partitions} "
            f"partitions; {self.seconds:.1f}s, {self.articles_per_second:.2f} articles/s "
            f"({self.processing_per_second:.2f}/s after {self.startup_seconds:.1f}s start-up) "
            f"on {self.engine} x{self.workers}{where} -> {self.out_dir}"
        )


def run_batch(
    inputs: Iterable[str | Path],
    out_dir: Path,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    options: ReaderOptions | None = None,
    model: str | None = None,
    progress: bool = False,
    analyzer: Analyzer | None = None,
) -> BatchSummary:
    """Analyse every article of ``inputs`` on ``engine`` and write partitioned Parquet under ``out_dir``.

    ``inputs`` are what ``eventwire.readers.read`` takes plus Parquet files of articles. ``engine`` is
    "local" (a pool of ``workers`` processes) or "dask" (``scheduler`` address, or a LocalCluster of
    ``workers`` processes). Articles already in a complete partition of ``out_dir`` are skipped, so a
    rerun after a crash does only what is missing. ``analyzer`` replaces ``pipeline.analyze_doc`` on the
    workers (a module-level function taking ``(article, doc)``). With ``progress`` a progress bar, the
    dashboard link and the summary line are printed on stderr. Raises ``WorkerError`` when workers
    cannot analyse at all (e.g. no model): that is not a per-article failure.
    The user's actor files of this process (``kb.load_extra``, ``EVENTWIRE_PEOPLE``, their
    institutions counterparts) travel with every task, so all workers resolve actors alike; a bad file
    raises ``WorkerError`` before any worker starts.
    """
    out_dir = Path(out_dir).resolve()  # workers may run elsewhere: they get an absolute path
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    summary = BatchSummary(engine=engine, workers=workers, out_dir=str(out_dir))
    output.clear_incomplete(out_dir)
    done = output.done_ids(out_dir)
    read_errors: list[ReadError] = []

    def todo(items: Iterable[Article | ReadError]) -> Iterator[Article]:
        for item in items:
            if isinstance(item, ReadError):
                read_errors.append(item)
                bar.error(item)
            elif item.id in done:
                summary.skipped += 1
            else:
                yield item

    actors = actor_files()  # a bad user actor file fails here, before any worker starts
    bar = _Progress(progress)
    tasks = (
        Task(pid, chunk, str(out_dir), model, analyzer, actors if any(actors.values()) else None)
        for pid, chunk in partitions(todo(read_inputs(inputs, options)), partition_size)
    )
    with bar:
        first = next(tasks, None)
        if first is not None:  # start workers only when there is work: a finished rerun loads no model
            engine_started = time.perf_counter()
            runner = engines.start(engine, workers, model, scheduler, str(out_dir))
            summary.startup_seconds = time.perf_counter() - engine_started
            summary.dashboard = runner.dashboard
            if runner.dashboard:
                bar.note(f"Dask dashboard: {runner.dashboard}")
            try:
                for report in _drive(runner, itertools.chain([first], tasks), summary):
                    summary.add(report)
                    bar.advance(report)
            finally:
                runner.close()
    if read_errors:
        _write_read_errors(out_dir, read_errors)
        summary.read_errors = len(read_errors)
    with contextlib.suppress(OSError):  # the staging folder, when every write went through
        (out_dir / output.STAGING).rmdir()
    summary.seconds = time.perf_counter() - started
    if progress:
        bar.note(summary.describe())
    return summary


def _drive(runner: engines.Engine, tasks: Iterator[Task], summary: BatchSummary) -> Iterator[Report]:
    """Keep ``IN_FLIGHT_PER_SLOT`` partitions per slot submitted; yield each report as it arrives."""
    pending: dict[Any, Task] = {}
    attempts: dict[str, int] = {}
    limit = IN_FLIGHT_PER_SLOT * runner.slots
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            task = next(tasks, None)
            if task is None:
                exhausted = True
            else:
                attempts[task.partition] = 1
                pending[runner.submit(task)] = task
        if not pending:
            return
        retry: list[Task] = []
        for future in runner.wait_any(pending):
            task = pending.pop(future)
            try:
                yield future.result()
            except WorkerError:
                for other in pending:
                    other.cancel()
                raise
            except Exception as exc:
                if not runner.crashed(exc):
                    raise
                if attempts[task.partition] < runner.max_attempts:
                    retry.append(task)
                else:
                    yield _give_up(task, f"its worker died on every attempt ({type(exc).__name__}: {exc})")
        if retry:
            if runner.crash_breaks_all:  # the local pool died as a whole: its other futures are lost too
                retry += pending.values()
                pending.clear()
            runner.recover()
            for task in retry:
                attempts[task.partition] += 1
                summary.retried += 1
                pending[runner.submit(task, attempts[task.partition])] = task


def _give_up(task: Task, reason: str) -> Report:
    """Record every article of a partition that kept killing its workers as failed, so the batch ends."""
    rows = [error_row(a.id, a.source, "analyze", "WorkerDied", reason, task.partition) for a in task.articles]
    tables = {name: to_table(name, rows if name == "errors" else []) for name in TABLES}
    counts = {name: table.num_rows for name, table in tables.items()}
    ids = [a.id for a in task.articles]
    manifest = {"articles": ids, "analyzed": 0, "failed": len(rows), "counts": counts}
    output.write_partition(Path(task.out_dir), task.partition, tables, manifest)
    return Report(task.partition, articles=len(rows), failed=len(rows), counts=counts)


def _write_read_errors(out_dir: Path, errors: list[ReadError]) -> None:
    """The run's read errors as one partition named after its content (a rerun rewrites the same file)."""
    pid = "read-" + partition_id([f"{e.source}\x1f{e.reason}" for e in errors])
    rows = [error_row(None, e.source, "read", "ReadError", e.reason, pid) for e in errors]
    tables = {name: to_table(name, rows if name == "errors" else []) for name in TABLES}
    manifest = {"articles": [], "analyzed": 0, "failed": 0, "counts": {"errors": len(rows)}}
    output.write_partition(out_dir, pid, tables, manifest)


class _Progress:
    """A rich progress bar on stderr (articles, rate, errors), or nothing at all when disabled."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._started = time.perf_counter()
        self._done = 0
        self._errors = 0
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("batch"),
                TextColumn("{task.completed} articles"),
                TextColumn("{task.fields[rate]:.2f} articles/s"),
                TextColumn("{task.fields[errors]} errors"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("batch", total=None, rate=0.0, errors=0)

    def __enter__(self) -> _Progress:
        if self.enabled:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()

    def note(self, message: str) -> None:
        if self.enabled:
            self._bar.console.print(message, markup=False, highlight=False)

    def error(self, item: ReadError) -> None:
        self._errors += 1
        self.note(f"failed {item.source}: {item.reason}")

    def advance(self, report: Report) -> None:
        self._done += report.articles
        self._errors += report.failed
        if self.enabled:
            rate = self._done / max(time.perf_counter() - self._started, 1e-6)
            self._bar.update(self._task, completed=self._done, rate=rate, errors=self._errors)
