"""Batch scaling: articles/s with 1 and 2 local workers, and Dask's overhead over the local pool, in one run.

Usage: python bench/batch_scaling.py [CORPUS] [--limit 300] [--partition-size 10] [--model NAME]
                                     [--json FILE]

The first ``--limit`` articles of the corpus (default ../shared/corpora/india_police_events) are read
once and written to a Parquet file of articles, which every run then reads (so the driver's reading is
the same small cost for all). Then, each into a fresh folder: the local engine with 1 worker, the local
engine with 2 workers, and Dask (LocalCluster, 2 worker processes x 1 thread) on the same cores. For each:
wall time, engine start-up, articles/s once the workers are up (the throughput that scales), the CPU
seconds spent per article on the workers (the cost model's input), and the load average of the machine
(other processes on the same cores make every figure worse). Finally it checks that the local and Dask
outputs are identical. Skips with a message when the corpus is missing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire import batch
from eventwire.model import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "india_police_events"


def prepare(corpus: Path, limit: int, folder: Path) -> Path:
    """The first ``limit`` articles of the corpus as one Parquet file of articles (read once, here)."""
    found = (item for item in batch.read_inputs([corpus]) if isinstance(item, Article))
    articles = list(itertools.islice(found, limit))
    path = folder / "articles.parquet"
    pq.write_table(pa.Table.from_pylist([a.to_json() for a in articles]), path)
    return path


def measure(
    label: str, articles: Path, out: Path, engine: str, workers: int, args: argparse.Namespace
) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    summary = batch.run_batch(
        [articles], out, engine=engine, workers=workers, partition_size=args.partition_size, model=args.model
    )
    result: dict[str, Any] = {
        "run": label,
        "articles": summary.articles,
        "events": summary.events,
        "errors": summary.errors,
        "seconds": round(summary.seconds, 2),
        "startup_seconds": round(summary.startup_seconds, 2),
        "articles_per_second": round(summary.articles_per_second, 3),
        "processing_per_second": round(summary.processing_per_second, 3),
        "cpu_seconds_per_article": round(summary.cpu_seconds / max(summary.articles, 1), 4),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(result), flush=True)
    return result


def identical(first: Path, second: Path) -> bool:
    """Whether two batch folders hold the same rows in every table (after sorting by each table's keys)."""
    for table in batch.TABLES:
        keys = [(key, "ascending") for key in batch.KEYS[table]]
        left, right = (batch.read_table(folder, table).sort_by(keys) for folder in (first, second))
        if not left.equals(right):
            print(f"tables differ: {table}", file=sys.stderr)
            return False
    return True


def run_snapshot() -> int:
    """Run this benchmark again on a copy of the package, so edits during the run change nothing.

    With an editable install the package is the working tree; a long benchmark would otherwise compare
    runs of different code. The copy comes first on PYTHONPATH, which the workers inherit.
    """
    import shutil
    import subprocess

    import eventwire

    with tempfile.TemporaryDirectory(prefix="eventwire-snapshot-") as tmp:
        shutil.copytree(Path(eventwire.__file__).parent, Path(tmp) / "eventwire")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tmp, os.environ.get("PYTHONPATH")]))}
        argv = [arg for arg in sys.argv[1:] if arg != "--snapshot"]
        return subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--partition-size", type=int, default=10)
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    parser.add_argument("--keep", type=Path, default=None, help="write the batch folders here and keep them")
    parser.add_argument("--snapshot", action="store_true",
                        help="run a copy of the package (for a working tree that others are editing)")
    args = parser.parse_args()
    if args.snapshot:
        return run_snapshot()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (it comes with ../shared)", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        started = time.perf_counter()
        articles = prepare(args.corpus, args.limit, folder)
        count = pq.read_metadata(articles).num_rows
        print(f"eventwire from {Path(batch.__file__).parent.parent}", flush=True)
        print(f"prepared {count} articles in {time.perf_counter() - started:.1f}s", flush=True)
        one = measure("local x1", articles, folder / "local1", "local", 1, args)
        two = measure("local x2", articles, folder / "local2", "local", 2, args)
        dask = measure("dask x2", articles, folder / "dask2", "dask", 2, args)
        same = identical(folder / "local2", folder / "dask2")
    cpu = one["cpu_seconds_per_article"]
    report = {
        "corpus": str(args.corpus),
        "limit": args.limit,
        "partition_size": args.partition_size,
        "cores": os.cpu_count(),
        "runs": [one, two, dask],
        "speedup_1_to_2_local": round(two["processing_per_second"] / one["processing_per_second"], 3),
        "speedup_1_to_2_local_wall": round(one["seconds"] / two["seconds"], 3),
        "dask_overhead_vs_local": round(dask["seconds"] / two["seconds"] - 1, 3),
        "dask_overhead_vs_local_processing": round(
            two["processing_per_second"] / dask["processing_per_second"] - 1, 3
        ),
        "local_and_dask_identical": same,
        "articles_per_core_hour": round(3600 / cpu) if cpu else None,
    }
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
