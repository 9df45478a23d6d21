"""The output folder of a batch: partitioned Parquet tables, written atomically, read back for ``load``.

Layout (one file per table per partition; a folder per table is a Parquet dataset any engine reads)::

    OUT/articles/part-<pid>.parquet   entities/ timexes/ events/ quotes/ errors/  (same names)
    OUT/_partitions/<pid>.json        completion marker: written last, lists the partition's article ids
    OUT/_tmp/                         staging; files are renamed into place from here

Why a marker per partition: a partition is *complete* exactly when its marker exists, and the marker is
renamed into place only after every table file is. A worker killed halfway leaves no marker, so the
partition is redone on the next run (or by Dask's retry, which writes the same file names: the rename
replaces, never duplicates). ``done_ids`` (what a rerun skips) and ``read_results`` (what ``load``
reads) only look at complete partitions; ``clear_incomplete`` removes the leftovers of a crash.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.batch.tables import SCHEMA_VERSION, TABLES
from eventwire.model import Analysis, ReadError

MARKERS = "_partitions"
STAGING = "_tmp"
COMPRESSION = "zstd"


class OutputError(RuntimeError):
    """The output folder holds something this version cannot read (a broken marker, another schema)."""


def table_file(out_dir: Path, table: str, pid: str) -> Path:
    """Where one partition's file of one table lives."""
    return out_dir / table / f"part-{pid}.parquet"


def write_partition(out_dir: Path, pid: str, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> None:
    """Write one partition's tables, then its marker, each by an atomic rename from the staging folder.

    Safe to call twice for the same partition (a retried task): the staging name is unique per attempt
    and the final names are the partition's, so the second write replaces the first with equal content.
    """
    staging = out_dir / STAGING / f"{pid}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        for name in TABLES:
            tmp = staging / f"{name}.parquet"
            pq.write_table(tables[name], tmp, compression=COMPRESSION)
            final = table_file(out_dir, name, pid)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
        marker = {
            "partition": pid,
            "schema_version": SCHEMA_VERSION,
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            **manifest,
        }
        tmp = staging / "marker.json"
        tmp.write_text(json.dumps(marker, ensure_ascii=False, indent=1), encoding="utf-8")
        (out_dir / MARKERS).mkdir(parents=True, exist_ok=True)
        os.replace(tmp, out_dir / MARKERS / f"{pid}.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def markers(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The marker of every complete partition, sorted by partition id (so reading back is deterministic)."""
    folder = Path(out_dir) / MARKERS
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"{path}: unreadable partition marker ({exc})") from exc
        if data.get("schema_version") != SCHEMA_VERSION:
            raise OutputError(
                f"{path}: written with batch schema {data.get('schema_version')}, this version reads "
                f"{SCHEMA_VERSION}; write the batch to a new folder"
            )
        yield data


def done_ids(out_dir: Path) -> set[str]:
    """Ids of the articles a complete partition already holds (analysed or failed): a rerun skips them."""
    return {aid for marker in markers(out_dir) for aid in marker.get("articles", [])}


def clear_incomplete(out_dir: Path) -> int:
    """Remove staging leftovers and table files of partitions without a marker; return the file count.

    Only call this when no other batch writes to ``out_dir``: a running worker's files look the same.
    """
    out_dir = Path(out_dir)
    complete = {m["partition"] for m in markers(out_dir)}
    removed = 0
    for name in TABLES:
        for path in (out_dir / name).glob("part-*.parquet"):
            if path.stem.removeprefix("part-") not in complete:
                path.unlink(missing_ok=True)
                removed += 1
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)
    return removed


def read_table(out_dir: Path, table: str) -> pa.Table:
    """One table of every complete partition, concatenated in partition order (empty if none)."""
    from eventwire.batch.tables import SCHEMAS

    parts = [pq.read_table(table_file(Path(out_dir), table, m["partition"])) for m in markers(out_dir)]
    if not parts:
        return SCHEMAS[table].empty_table()
    return pa.concat_tables(parts)


def read_results(out_dir: Path) -> Iterator[Analysis]:
    """Every analysed article of a batch folder, as the exact ``Analysis`` the pipeline produced.

    For ``eventwire load DIR``: the caller ingests each into its store. Partitions are read one at a time
    (in partition id order, articles in partition order), so memory holds one partition, not the batch.
    """
    for marker in markers(out_dir):
        path = table_file(Path(out_dir), "articles", marker["partition"])
        column = pq.read_table(path, columns=["analysis"]).column("analysis")
        for text in column.to_pylist():
            yield Analysis.from_json(json.loads(text))


def read_errors(out_dir: Path) -> Iterator[ReadError]:
    """Every failed input and failed article of a batch folder, as ``ReadError(source, reason)``.

    The reason of an analysis failure reads ``analysis failed: Type: message``, as ``eventwire ingest``
    writes it, so a store shows both the same way.
    """
    for marker in markers(out_dir):
        path = table_file(Path(out_dir), "errors", marker["partition"])
        for row in pq.read_table(path).to_pylist():
            source = row["source"] or row["article_id"] or "?"
            if row["stage"] == "read":
                yield ReadError(source, row["reason"])
            else:
                yield ReadError(source, f"analysis failed: {row['error']}: {row['reason']}")
