"""Batch inputs: every reader format (Parquet included, see ``readers.parquet``) with ids made unique
across the whole run, and their cutting into partitions.

Partitions are cut from the stream of articles in input order (readers are deterministic: files sorted,
records in file order), and a partition's id is a hash of its article ids. So the same inputs always
give the same partitions and file names, which is what lets a retried Dask task overwrite its own files
and a rerun recognise finished work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.model import Article, ReadError
from eventwire.readers import ReaderOptions, read


def read_inputs(
    inputs: Iterable[str | Path], options: ReaderOptions | None = None
) -> Iterator[Article | ReadError]:
    """Articles and errors of every input in order (``eventwire.readers.read``, Parquet included).

    Within the whole call an id that comes back with different content is reported and an exact repeat is
    dropped, because each id is one row of the output and a partition must not hold it twice.
    """
    options = options or ReaderOptions()
    seen: dict[str, tuple[str, str | None]] = {}  # id -> (content hash prefix, first source)
    for item in read(inputs, options):
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
