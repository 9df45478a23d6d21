"""The store on PostgreSQL: the SQLite store tests again, plus what only a server has (concurrent opening,
a client killed mid-transaction), and the portable pieces (SQL translation, FTS5 -> tsquery, migrations).

PostgreSQL tests skip unless EVENTWIRE_TEST_PG names a throw-away database (scripts/pg_cluster.sh start).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eventwire.ingest import store_results
from eventwire.store import Filters, Store, StoreError, is_postgres, redact
from eventwire.store.postgres import fts_to_tsquery, pg_migrations, plain_tsquery, translate
from eventwire.store.sql import SQLITE_MIGRATIONS

# The backend-independent tests of test_store.py, collected here once more with the PostgreSQL ``store``
# fixture below (pytest resolves fixtures in the module that collects the test).
from test_store import (  # noqa: F401
    TEXT,
    _two_articles,
    make_analysis,
    test_changed_article_replaces_all_its_rows,
    test_errors_are_recorded,
    test_event_filters,
    test_failed_replacement_keeps_the_old_version,
    test_failure_mid_article_leaves_nothing_of_it,
    test_quotes_and_entities,
    test_round_trip_and_rows,
    test_same_article_again_writes_nothing,
    test_search_finds_articles_and_quotes,
    test_search_survives_hostile_queries,
    test_timeline_orders_by_event_date_and_falls_back_to_article,
)


@pytest.fixture
def store(pg_url: str):
    with Store(pg_url) as s:
        yield s


# -- PostgreSQL only ---------------------------------------------------------------------------------------


def test_pg_schema_is_migrated_once(pg_url: str) -> None:
    with Store(pg_url) as first:
        latest = len(first.dialect.migrations)
        assert first.dialect.name == "postgresql" and first.schema_version == latest
        assert latest == len(SQLITE_MIGRATIONS)  # same numbering as SQLite
    with Store(pg_url) as again:
        rows = again.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert (again.schema_version, rows) == (latest, latest)


def test_pg_newer_schema_is_refused(pg_url: str) -> None:
    with Store(pg_url) as s:
        s.conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(StoreError, match="newer"):
        Store(pg_url)


def test_pg_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match=r"cannot open database 'postgresql://nobody:\*\*\*@127\.0\.0\.1:9"):
        Store("postgresql://nobody:secret@127.0.0.1:9/none?connect_timeout=2")


def test_pg_rows_are_mappings_and_numbers_are_plain(store: Store) -> None:
    _two_articles(store)
    row = store.conn.execute("SELECT id, local_id AS lid FROM events ORDER BY id").fetchone()
    assert (row[0], row["lid"], dict(row)) == ("a1/V1", "V1", {"id": "a1/V1", "lid": "V1"})
    total, mean = store.conn.execute("SELECT SUM(quad_class), AVG(goldstein) FROM events").fetchone()
    assert (type(total), type(mean)) == (int, float)
    assert store.conn.execute("DELETE FROM ingest_errors WHERE source = ?", ["none"]).fetchone() is None


def test_pg_two_processes_opening_a_new_database_at_once(pg_url: str) -> None:
    script = "import sys; from eventwire.store import Store; Store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", script, pg_url], stderr=subprocess.PIPE) for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    with Store(pg_url) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == s.schema_version


PG_CRASH = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from eventwire.store import Store
from test_store import make_analysis
store = Store({url!r})
store.ingest(make_analysis(article_id="first"))
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # killed inside the transaction: no rollback, no goodbye
store._canonical_add = die  # after every row of the article was written, before COMMIT
store.ingest(make_analysis(article_id="second"))
"""


def test_pg_client_killed_mid_article_leaves_a_consistent_db(pg_url: str) -> None:
    script = PG_CRASH.format(tests=str(Path(__file__).parent), url=pg_url)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    with Store(pg_url) as store:
        assert [r[0] for r in store.conn.execute("SELECT id FROM articles")] == ["first"]
        assert store.stats() == {"articles": 1, "entities": 3, "timexes": 1, "events": 1, "quotes": 1,
                                 "errors": 0}
        orphans = store.conn.execute(
            "SELECT COUNT(*) FROM event_participants WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        assert orphans == 0
        # Re-running the whole batch finishes it without duplicates.
        again = store_results([make_analysis(article_id="first"), make_analysis(article_id="second")], store)
        assert (again.unchanged, again.added) == (1, 1)
        stored = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        assert stored == ["first", "second"]
        assert store.stats()["events"] == 2


def test_pg_bad_analysis_is_recorded_by_the_ingest_driver(store: Store) -> None:
    broken = make_analysis(article_id="dup")
    broken.entities.append(broken.entities[0])  # a stage bug: the same id twice
    summary = store_results([make_analysis(), broken], store)
    assert summary.to_json() == {"read": 2, "added": 1, "unchanged": 0, "replaced": 0, "errors": 1}
    assert summary.errors[0].reason.startswith("cannot store analysis")
    assert [e["source"] for e in store.errors()] == ["dup.txt"]


# -- both backends -----------------------------------------------------------------------------------------


def _load(store: Store) -> None:
    _two_articles(store)
    store.ingest(make_analysis(article_id="undated", day=date(2023, 6, 1), event_date=None))
    store.ingest(make_analysis(text=TEXT.replace("trade pact", "water treaty"), article_id="w",
                               day=date(2024, 4, 1)))
    # Ties that only a total order separates: the same name as another kind, with and without a country.
    tied = make_analysis(article_id="tied", day=date(2024, 5, 1))
    tied.entities[2].kind, tied.entities[2].country = "organization", None
    tied.entities[1].country = None
    store.ingest(tied)


def test_both_backends_give_the_same_rows(tmp_path: Path, pg_url: str) -> None:
    with Store(tmp_path / "same.db") as lite, Store(pg_url) as pg:
        _load(lite)
        _load(pg)
        for filters in (Filters(), Filters(country="per", since="2024-04-01"), Filters(actor="LIM"),
                        Filters(limit=2, offset=1), Filters(q="met"), Filters(offset=3)):
            assert pg.events(filters) == lite.events(filters)
            assert pg.events(filters, order="article") == lite.events(filters, order="article")
            assert pg.quotes(filters) == lite.quotes(filters)
            assert pg.entities(filters) == lite.entities(filters)
        assert pg.stats() == lite.stats()
        assert [a.to_json() for a in pg.analyses()] == [a.to_json() for a in lite.analyses()]
        for query in ("pact", '"trade pact" OR "water treaty"', "lim*", "Lima NOT treaty", 'water "treaty',
                      "(pact OR treaty) AND June", "Lima) OR (1=1", ""):
            assert {(r["kind"], r["id"]) for r in pg.search(query)} == {
                (r["kind"], r["id"]) for r in lite.search(query)
            }, query
        # A column filter: titles only on PostgreSQL (SQLite's quote index has no title column, so FTS5
        # rejects the expression there and it falls back to the plain words "title chile").
        assert {r["id"] for r in pg.search("title:chile")} == {"a1", "a2", "undated", "w", "tied"}
        assert pg.search("title:pact") == []


def test_backend_store_fixture_runs_everywhere(backend_store: Store) -> None:
    backend_store.ingest(make_analysis())
    assert backend_store.schema_version == len(backend_store.dialect.migrations)
    assert [r["id"] for r in backend_store.events(Filters(actor="peru"))] == ["a1/V1"]


def test_sqlite_v1_database_gets_event_positions(tmp_path: Path) -> None:
    """A database made by step 1 alone is upgraded: events keep their order via the new column."""
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(SQLITE_MIGRATIONS[0])
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
    analysis = make_analysis(article_id="a")
    analysis.events = [dataclasses.replace(analysis.events[0], id=local) for local in ("V2", "V10", "V1")]
    conn.execute(
        "INSERT INTO articles VALUES ('a', '2024-03-05', NULL, NULL, NULL, NULL, ?, 'h', 'x', ?)",
        (analysis.article.text, json.dumps(analysis.to_json())),
    )
    for local in ("V2", "V10", "V1"):
        conn.execute(
            "INSERT INTO events (id, article_id, local_id, type, context, cameo, quad_class, goldstein,"
            " modality, trigger_start, trigger_end, trigger_text, evidence_start, evidence_end,"
            " evidence_text, confidence)"
            " VALUES (?, 'a', ?, 'CONSULT', '[]', '040', 1, 1.0, 'asserted', 0, 1, 't', 0, 1, 't', 0.5)",
            (f"a/{local}", local),
        )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == len(SQLITE_MIGRATIONS)
        assert [r["local_id"] for r in store.events(order="article")] == ["V1", "V2", "V10"]


# -- pieces without a database -------------------------------------------------------------------------


def test_placeholders_and_percent_signs_are_translated_outside_literals() -> None:
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\'") == (
        "SELECT a FROM t WHERE b = %s AND c ILIKE %s ESCAPE '\\'"
    )
    assert translate("SELECT '?', '50%', \"odd?\" FROM t WHERE x = ?") == (
        "SELECT '?', '50%%', \"odd?\" FROM t WHERE x = %s"
    )
    assert translate("SELECT 'it''s ?' || x FROM t WHERE y % 2 = ?") == (
        "SELECT 'it''s ?' || x FROM t WHERE y %% 2 = %s"
    )


@pytest.mark.parametrize(
    ("fts", "tsquery"),
    [
        ("pact", "'pact'"),
        ("trade pact", "('trade' & 'pact')"),
        ('"trade pact" OR "water treaty"', "('trade pact' | 'water treaty')"),
        ("lim*", "'lim':*"),
        ("title:chile", "'chile':A"),
        ("title:chi*", "'chi':*A"),
        ("Lima NOT treaty", "('Lima' & !'treaty')"),
        ("a OR b c", "('a' | ('b' & 'c'))"),
        ("(a OR b) AND c", "(('a' | 'b') & 'c')"),
        ("O'Brien", "'O''Brien'"),
        ("back\\slash", "'back\\\\slash'"),
    ],
)
def test_fts5_syntax_becomes_tsquery(fts: str, tsquery: str) -> None:
    assert fts_to_tsquery(fts) == tsquery


@pytest.mark.parametrize(
    "bad", ['"unbalanced', "Lima) OR (1=1", "NEAR(", "title:", "*", "a AND", "x:y", "", "NOT a", "%_\\"]
)
def test_invalid_fts5_is_refused_and_plain_words_remain(bad: str) -> None:
    with pytest.raises(ValueError):
        fts_to_tsquery(bad)
    plain = plain_tsquery(bad)
    assert plain is None or all(part.startswith("'") for part in plain.split(" & "))


def test_pg_migrations_are_translated_and_guarded() -> None:
    steps = pg_migrations()
    assert len(steps) == len(SQLITE_MIGRATIONS)
    assert "fts5" not in steps[0] and "tsvector" in steps[0] and "DOUBLE PRECISION" in steps[0]
    assert 'id TEXT COLLATE "C" PRIMARY KEY' in steps[0]
    assert "GENERATED BY DEFAULT AS IDENTITY" in steps[0] and "AUTOINCREMENT" not in steps[0]
    with pytest.raises(StoreError, match="step 2 uses 'rowid'"):
        pg_migrations((SQLITE_MIGRATIONS[0], "UPDATE events SET position = rowid;"))


def test_urls() -> None:
    assert is_postgres("postgresql://u@h/db") and is_postgres("postgres://h/db")
    assert not is_postgres("sqlite:///x.db") and not is_postgres("postgresql.db")
    assert redact("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


@pytest.mark.skipif(not os.environ.get("EVENTWIRE_TEST_PG"), reason="needs EVENTWIRE_TEST_PG")
def test_pg_env_url_is_usable() -> None:
    assert is_postgres(os.environ["EVENTWIRE_TEST_PG"])


# -- bulk loading (COPY on PostgreSQL, executemany on SQLite) --------------------------------------------


def _batch() -> list:
    later = make_analysis(article_id="b2", day=date(2024, 6, 20), event_date="2024-06")
    later.events[0].type = "AGREE"
    return [make_analysis(article_id="b1"), later,
            make_analysis(text=TEXT.replace("Lima", "Cusco"), article_id="b3", day=date(2024, 4, 1))]


def test_bulk_load_stores_what_ingest_stores(backend_store: Store, tmp_path: Path) -> None:
    assert backend_store.ingest_many(_batch()) == ["added", "added", "added"]
    with Store(tmp_path / "one-by-one.db") as reference:
        for analysis in _batch():
            reference.ingest(analysis)
        assert backend_store.events() == reference.events()
        assert backend_store.quotes() == reference.quotes()
        assert backend_store.entities() == reference.entities()
        assert backend_store.stats() == reference.stats()
        assert backend_store.canonical_events() == reference.canonical_events()
    assert {r["article_id"] for r in backend_store.search("Cusco")} == {"b3"}
    # Idempotence as in ingest: unchanged, replaced, forced.
    changed = _batch()
    changed[1] = make_analysis(article_id="b2", text=TEXT.replace("June", "July"))
    assert backend_store.ingest_many(changed) == ["unchanged", "replaced", "unchanged"]
    assert backend_store.ingest_many(_batch()[:1], force=True) == ["replaced"]
    assert backend_store.stats()["events"] == 3 and backend_store.search("July")[0]["article_id"] == "b2"
    assert backend_store.ingest_many([]) == []


def test_bulk_load_is_all_or_nothing_and_ingest_each_keeps_the_good(backend_store: Store) -> None:
    batch = _batch()
    batch[1].entities.append(batch[1].entities[0])  # the same entity id twice
    with pytest.raises(sqlite3.IntegrityError):
        backend_store.ingest_many(batch)
    assert backend_store.stats()["articles"] == 0 and backend_store.search("Lima") == []
    results = backend_store.ingest_each(batch)
    assert results[0] == results[2] == "added" and isinstance(results[1], sqlite3.IntegrityError)
    assert [r[0] for r in backend_store.conn.execute("SELECT id FROM articles ORDER BY id")] == ["b1", "b3"]


def test_bulk_load_with_the_same_article_twice_keeps_the_last(backend_store: Store) -> None:
    first = make_analysis(article_id="x")
    second = make_analysis(article_id="x", text=TEXT.replace("June", "May"))
    assert backend_store.ingest_many([first, second]) == ["added", "replaced"]
    assert backend_store.analysis("x").to_json() == second.to_json()
