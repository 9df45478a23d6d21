"""Parquet files of articles: one article per row, read in row batches (memory holds one batch).

A corpus at scale is often already a Parquet dataset (a crawl, a dump, the ``articles`` table of an
earlier batch). Columns are mapped exactly like a CSV row's (``records``: ``ReaderOptions.fields``, the
same checks and text normalization); each problem is reported as ``path:row N``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventwire.model import Article, ReadError
from eventwire.readers.options import ReaderOptions

SUFFIXES = (".parquet", ".pq")
ROW_BATCH = 256


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def read(path: Path, options: ReaderOptions) -> Iterator[Article | ReadError]:
    """One article per row of a Parquet file, read in row batches (memory holds one batch)."""
    import pyarrow.parquet as pq

    from eventwire.readers.records import to_article

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # not Parquet, truncated, unreadable: one error for the file
        yield ReadError(str(path), f"cannot read Parquet file: {type(exc).__name__}: {exc}")
        return
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=ROW_BATCH):
            for record in batch.to_pylist():
                row += 1
                yield to_article(_plain(record), f"{path}:row {row}", options)
    except Exception as exc:
        yield ReadError(f"{path}:row {row + 1}", f"cannot read Parquet rows: {type(exc).__name__}: {exc}")


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet dates and timestamps as ISO text, which the record mapper reads like any date column.

    A timestamp keeps its own calendar day (the date as written in its time zone), as the readers do.
    """
    return {
        key: value.date().isoformat() if isinstance(value, datetime)
        else value.isoformat() if isinstance(value, date) else value
        for key, value in record.items()
    }
