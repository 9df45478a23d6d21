"""Batch inputs: every reader format plus Parquet files of articles, and their cutting into partitions.

Parquet input lives here because a corpus at batch scale is often already a Parquet dataset (a crawl, a
GDELT-style dump, the ``articles`` table of an earlier batch). Its columns are mapped exactly like a CSV
row's (``readers.records``: ``ReaderOptions.fields``, the same checks and text normalization); each
problem is reported as ``path:row N``. Everything else goes through ``eventwire.readers.read``.

Partitions are cut from the stream of articles in input order (readers are deterministic: files sorted,
records in file order), and a partition's id is a hash of its article ids. So the same inputs always
give the same partitions and file names, which is what lets a retried Dask task overwrite its own files
and a rerun recognise finished work.
"""

from __future__ import annotations

import glob as globbing
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventwire.model import Article, ReadError
from eventwire.readers import ReaderOptions, read

PARQUET_SUFFIXES = (".parquet", ".pq")
ROW_BATCH = 256


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(PARQUET_SUFFIXES)


def read_inputs(
    inputs: Iterable[str | Path], options: ReaderOptions | None = None
) -> Iterator[Article | ReadError]:
    """Articles and errors of every input in order; Parquet files (also inside folders and globs) included.

    Within the whole call an id that comes back with different content is reported and an exact repeat is
    dropped, because each id is one row of the output and a partition must not hold it twice.
    """
    options = options or ReaderOptions()
    seen: dict[str, tuple[str, str | None]] = {}  # id -> (content hash prefix, first source)
    for item in _expand(inputs, options):
        if isinstance(item, Article):
            digest = item.content_hash[:16]
            known = seen.get(item.id)
            if known is None:
                seen[item.id] = (digest, item.source)
            elif known[0] == digest:
                continue  # the same article again: nothing new to analyse
            else:
                reason = f"id {item.id!r} was already used by {known[1]} for a different article"
                item = ReadError(item.source or "?", reason)
        yield item


def _expand(inputs: Iterable[str | Path], options: ReaderOptions) -> Iterator[Article | ReadError]:
    for item in inputs:
        path = Path(item)
        if str(item) != "-" and path.is_file() and is_parquet(path):
            yield from read_parquet(path, options)
        elif path.is_dir():
            yield from read([path], options)
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and is_parquet(found) and not hidden:
                    yield from read_parquet(found, options)
        elif str(item) != "-" and not path.exists() and globbing.has_magic(str(item)):
            matches = sorted(Path(m) for m in globbing.glob(str(item), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield ReadError(str(item), "no file matches this pattern")
            for found in files:
                yield from read_parquet(found, options) if is_parquet(found) else read([found], options)
        else:
            yield from read([item], options)


def read_parquet(path: Path, options: ReaderOptions) -> Iterator[Article | ReadError]:
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


def partition_id(article_ids: list[str]) -> str:
    """A stable name for the partition made of exactly these articles, in this order."""
    return hashlib.sha256("\n".join(article_ids).encode()).hexdigest()[:16]


def partitions(articles: Iterable[Article], size: int) -> Iterator[tuple[str, list[Article]]]:
    """Consecutive chunks of ``size`` articles with their ids; lazy, so memory holds one chunk."""
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield partition_id([a.id for a in chunk]), chunk
            chunk = []
    if chunk:
        yield partition_id([a.id for a in chunk]), chunk
