"""Canonical exports read their events' details in chunks (issue 7): same bytes, constant query count.

The store is filled with hand-made analyses (``test_store.make_analysis``): pairs of articles report the
same meeting on the same day (one canonical event with two mentions and a link), and the pairs are a
month apart (separate canonical events). Runs on SQLite, and on PostgreSQL when EVENTWIRE_TEST_PG is set.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import eventwire.export as export_module
import eventwire.store.canonical as canonical_store
import eventwire.store.sql as sql_module
from eventwire.export import FORMATS, canonical_records, export
from eventwire.store import Store
from test_store import make_analysis


def _fill(store: Store, pairs: int) -> None:
    """``pairs`` canonical events, each reported by two articles (ids a0, a1, ...)."""
    start = date(2023, 1, 9)
    analyses = []
    for i in range(2 * pairs):
        day = start + timedelta(days=31 * (i // 2))
        analyses.append(make_analysis(article_id=f"a{i}", day=day + timedelta(days=1 + i % 2),
                                      event_date=day.isoformat()))
    store.ingest_many(analyses)


class _Counting:
    """A connection that counts the statements run through it (everything else passes through)."""

    def __init__(self, conn: Any) -> None:
        self.conn, self.statements = conn, 0

    def execute(self, *args: Any) -> Any:
        self.statements += 1
        return self.conn.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def _exports(store: Store, out: Path) -> dict[str, bytes]:
    """Every canonical export of ``store`` (all formats, the GDELT crosswalk too), as bytes."""
    out.mkdir(parents=True, exist_ok=True)
    for fmt in FORMATS:
        export(store, fmt, out / f"events.{fmt}")  # type: ignore[arg-type]
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_chunked_details_give_the_same_bytes(backend_store: Store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(backend_store, 5)
    records = list(canonical_records(backend_store))
    assert len(records) == 5 and all(len(r["mentions"]) == 2 and r["links"] for r in records)
    whole = _exports(backend_store, tmp_path / "whole")
    # Chunks of 2: every chunk boundary splits events, and the article look-ups of GDELT span chunks.
    for module in (sql_module, canonical_store, export_module):
        monkeypatch.setattr(module, "CHUNK", 2)
    assert _exports(backend_store, tmp_path / "chunked") == whole
    assert list(canonical_records(backend_store)) == records


def test_batched_record_is_what_canonical_event_gives(backend_store: Store) -> None:
    _fill(backend_store, 3)
    for record in canonical_records(backend_store):
        assert backend_store.canonical_event(record["id"]) == record
        assert {m["canonical_id"] for m in record["mentions"]} == {record["id"]}


@pytest.mark.parametrize("fmt", ["jsonl", "gdelt-mentions"])
def test_export_costs_the_same_statements_for_3_or_12_events(tmp_path: Path, fmt: str) -> None:
    counts = []
    for pairs in (3, 12):
        with Store(tmp_path / f"{pairs}.db") as store:
            _fill(store, pairs)
            store.refresh_canonical()  # the aggregation after ingest is not the export's cost
            counting = _Counting(store.conn)
            store.conn = counting
            assert export(store, fmt, tmp_path / f"{pairs}.{fmt}") >= pairs  # type: ignore[arg-type]
            counts.append(counting.statements)
    assert counts[0] == counts[1] <= 7
