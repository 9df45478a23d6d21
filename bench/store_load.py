"""Store load: is the database the bottleneck? Ingest N articles' worth of extracted events into SQLite and
PostgreSQL, time it per 1,000 events, time an actor's timeline, and compare with the pipeline's own time.

Usage: python bench/store_load.py [--articles 10000] [--templates 8] [--pg URL] [--corpus VOA.jsonl]
                                  [--bulk-batch 200] [--json OUT.json]

1. The pipeline runs on ``--templates`` VOA stories (model loaded and warmed up first): its mean seconds
   per article is the denominator of the "store share".
2. Those analyses are cloned into ``--articles`` analyses with new ids, publishers and dates (article,
   event and timex dates shifted together, keeping their precision): no spaCy in the timed part. Article i
   is template i % T shifted by i // T days, so clones of one story recur daily and some do merge into
   canonical events, as repeated wire copy does.
3. Timed: ``Store.ingest`` one article per transaction (what ``eventwire ingest`` does, canonical assignment
   included) into a fresh SQLite file, and into PostgreSQL when ``--pg`` or EVENTWIRE_TEST_PG gives a URL
   (a fresh schema, dropped afterwards); plus ``Store.ingest_many`` batches (COPY on PostgreSQL), what
   ``eventwire load`` of batch Parquet can use.
4. Timeline query: ``Store.events(Filters(actor=CODE))`` for the most frequent actor code, all of it and
   one page of 100 (offset 1000), median of 5 runs each.

Skips with a message when the VOA corpus (../shared/corpora/voa) is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.model import Analysis, Article
from eventwire.store import Filters, Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
_DAY = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")


def shift_value(value: str | None, days: int) -> str | None:
    """A calendar date moved by ``days``, at its own precision ("2022-02" stays a month); others as is."""
    if not value:
        return value
    m = _DAY.match(value)
    if not m:
        return value
    anchor = date(int(m[1]), int(m[2][1:]) if m[2] else 1, int(m[3][1:]) if m[3] else 1)
    moved = anchor + timedelta(days=days)
    return moved.isoformat()[: len(value)]


def clone(template: Analysis, index: int, days: int) -> Analysis:
    """``template`` as another article: new id, publisher and dates; same text, offsets and structure."""
    data = template.to_json()
    art = data["article"]
    art["id"] = f"{art['id']}-c{index}"
    art["date"] = (date.fromisoformat(art["date"]) + timedelta(days=days)).isoformat()
    art["publisher"] = f"publisher-{index % 7}"
    for ev in data["events"]:
        ev["date"] = shift_value(ev.get("date"), days)
    for tx in data["timexes"]:
        tx["value"] = shift_value(tx.get("value"), days)
    return Analysis.from_json(data)


def pipeline_seconds(articles: list[Article]) -> tuple[list[Analysis], float]:
    """Analyse ``articles`` (after a warm-up on the first) and return the analyses and mean s/article."""
    from eventwire import pipeline

    pipeline.analyze(articles[0])  # loads the model and every stage's data
    analyses, spent = [], 0.0
    for article in articles:
        start = time.perf_counter()
        analyses.append(pipeline.analyze(article))
        spent += time.perf_counter() - start
    return analyses, spent / len(articles)


def timed_load(url: str, analyses: list[Analysis], bulk: int, canonical: bool) -> dict[str, Any]:
    """Load ``analyses`` into an empty store at ``url``; ``bulk`` > 0: ingest_many batches of that size.

    ``canonical=False`` switches canonical assignment off, to see what the rows alone cost.
    """
    with Store(url) as store:
        if not canonical:
            store._canonical_add = lambda analysis: None  # type: ignore[method-assign]
        start = time.perf_counter()
        if bulk:
            for i in range(0, len(analyses), bulk):
                store.ingest_many(analyses[i : i + bulk])
        else:
            for analysis in analyses:
                store.ingest(analysis)
        seconds = time.perf_counter() - start
        stats = store.stats()
        canonical = store.count_canonical_events() if hasattr(store, "count_canonical_events") else None
        code = _top_actor(store)
        query = _median(lambda: store.events(Filters(actor=code), order="date"))
        page = _median(lambda: store.events(Filters(actor=code, limit=100, offset=1000), order="date"))
        rows = len(store.events(Filters(actor=code), order="date"))
    return {
        "seconds": round(seconds, 2),
        "articles": stats["articles"],
        "events": stats["events"],
        "canonical_events": canonical,
        "ms_per_article": round(1000 * seconds / max(stats["articles"], 1), 2),
        "s_per_1000_events": round(1000 * seconds / max(stats["events"], 1), 3),
        "timeline_actor": code,
        "timeline_rows": rows,
        "timeline_ms": round(1000 * query, 1),
        "timeline_page_of_100_ms": round(1000 * page, 1),
    }


def _top_actor(store: Store) -> str:
    codes = store.conn.execute(
        "SELECT code, COUNT(*) AS n FROM event_participants WHERE code IS NOT NULL"
        " GROUP BY code ORDER BY n DESC, code LIMIT 1"
    ).fetchone()
    return str(codes[0]) if codes else ""


def _median(run: Callable[[], Any], times: int = 5) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def _pg_schema(base: str) -> tuple[str, Callable[[], None]]:
    """A fresh schema in ``base`` (URL for Store, and a function that drops it)."""
    import psycopg

    schema = f"ew_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    return base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}", drop


def _run(plan: list[tuple[str, int, bool]], backends: list[str], tmp: str, args: argparse.Namespace,
         analyses: list[Analysis], with_canonical: list[Analysis], per_article: float,
         results: dict[str, Any]) -> None:
    """Every (plan, backend) load, printed as it finishes and recorded in ``results["runs"]``."""
    for (label, bulk, canonical), backend in ((p, b) for p in plan for b in backends):
        name = f"{backend} {label}"
        drop: Callable[[], None] | None = None
        if backend == "sqlite":
            url = f"sqlite:///{tmp}/{len(results['runs'])}.db"
        else:
            url, drop = _pg_schema(args.pg)
        try:
            figures = timed_load(url, with_canonical if canonical else analyses, bulk, canonical)
        finally:
            if drop is not None:
                drop()
        share = figures["ms_per_article"] / (figures["ms_per_article"] + per_article * 1000)
        figures["store_share_of_pipeline"] = round(share, 4)
        results["runs"][name] = figures
        print(
            f"{name:32s} {figures['s_per_1000_events']:7.3f} s/1000 events  {figures['ms_per_article']:6.2f}"
            f" ms/article  store share {100 * share:4.1f}%  timeline of {figures['timeline_actor']}"
            f" ({figures['timeline_rows']} events) {figures['timeline_ms']:.1f} ms,"
            f" a page of 100: {figures['timeline_page_of_100_ms']:.1f} ms"
            f"  canonical events {figures['canonical_events']}"
        )
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--templates", type=int, default=8)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"), help="PostgreSQL URL")
    parser.add_argument("--bulk-batch", type=int, default=200)
    parser.add_argument("--canonical-articles", type=int, default=None,
                        help="articles for the runs with canonical assignment (default: --articles)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"skipped: corpus not found at {args.corpus}")
        return 0
    from eventwire.readers import read

    stories = [a for a in read([args.corpus]) if isinstance(a, Article) and len(a.text) > 1500]
    templates, per_article = pipeline_seconds(stories[: args.templates])
    templates = [t for t in templates if t.events] or templates
    analyses = [clone(templates[i % len(templates)], i, i // len(templates)) for i in range(args.articles)]
    events = sum(len(a.events) for a in analyses)
    print(f"pipeline: {per_article * 1000:.0f} ms/article (mean of {args.templates} VOA stories, model warm;"
          f" load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    print(f"load: {len(analyses)} articles, {events} events, {events / len(analyses):.1f} events/article")
    results: dict[str, Any] = {"pipeline_ms_per_article": round(per_article * 1000, 1), "runs": {}}
    with_canonical = analyses[: args.canonical_articles or len(analyses)]
    # (label, bulk batch size or 0 for one transaction per article, canonical assignment on?)
    plan = [("ingest, rows only", 0, False), ("ingest_many, rows only", args.bulk_batch, False),
            ("ingest + canonical", 0, True)]
    backends = ["sqlite"]
    if args.pg:
        backends.append("postgresql")
    else:
        print("postgresql: skipped (give --pg URL or set EVENTWIRE_TEST_PG)")
    tmp = tempfile.mkdtemp(prefix="ew-store-load-")
    try:
        _run(plan, backends, tmp, args, analyses, with_canonical, per_article, results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    counts = Counter(len(a.events) for a in templates)
    results["templates"] = {"stories": len(templates), "events_per_story": dict(sorted(counts.items()))}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
