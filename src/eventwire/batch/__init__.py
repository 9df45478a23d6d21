"""Batch analysis at corpus scale: a local process pool or a Dask cluster in, partitioned Parquet out.

``run_batch(inputs, out_dir, engine="local"|"dask", workers=N, ...)`` reads articles (every reader
format, plus Parquet files of articles), cuts them into partitions with stable ids, runs the pipeline
on every worker (model loaded once per worker process) and writes one Parquet file per table per
partition under ``out_dir``: articles (with the full Analysis JSON), entities, timexes, events, quotes,
errors. Per-article failures become error rows; a rerun skips the articles already written.
``read_results(out_dir)`` gives the Analyses back for ``eventwire load``; ``read_errors`` the failures.
The layout and schemas are documented in ``docs/scale.md``.

Edges, like the store: the pipeline never imports this package, and ``distributed`` is imported only
when the Dask engine starts.
"""

from __future__ import annotations

from eventwire.batch.engines import ENGINES
from eventwire.batch.inputs import read_inputs
from eventwire.batch.output import OutputError, done_ids, read_errors, read_results, read_table
from eventwire.batch.run import DEFAULT_PARTITION_SIZE, BatchSummary, run_batch
from eventwire.batch.tables import KEYS, SCHEMA_VERSION, SCHEMAS, TABLES
from eventwire.batch.worker import Analyzer, WorkerError
from eventwire.readers.parquet import read as read_parquet

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "ENGINES",
    "KEYS",
    "SCHEMAS",
    "SCHEMA_VERSION",
    "TABLES",
    "Analyzer",
    "BatchSummary",
    "OutputError",
    "WorkerError",
    "done_ids",
    "read_errors",
    "read_inputs",
    "read_parquet",
    "read_results",
    "read_table",
    "run_batch",
]
