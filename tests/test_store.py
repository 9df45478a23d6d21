"""Store: schema, atomic idempotent ingest, round trip, filters and safe full-text search.

Every analysis here is built by hand over sentences written for these tests, so the store is tested
without the NLP pipeline.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from eventwire.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Participant,
    Quote,
    Span,
    Speaker,
    Timex,
)
from eventwire.store import Filters, Store, StoreError, date_range, db_path

TEXT = (
    "Chile's foreign minister met Peru's president in Lima on Monday. "
    '"We will sign the trade pact in June," the minister said.'
)


def _find(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span.of(text, start, start + len(needle))


def make_analysis(
    text: str = TEXT,
    article_id: str = "a1",
    day: date = date(2024, 3, 5),
    event_date: str | None = "2024-03-04",
) -> Analysis:
    """A small but complete analysis: two entities, a timex, a CONSULT event and a direct quote."""
    article = Article(article_id, day, text, title="Chile and Peru", source=f"{article_id}.txt")
    chile = Entity("E1", "Chile's foreign minister", "person", [_find(text, "Chile's foreign minister")],
                   country="CHL", sector="GOV", code="CHLGOV", role="Foreign Minister of Chile")
    peru = Entity("E2", "Peru's president", "person", [_find(text, "Peru's president")],
                  country="PER", sector="GOV", code="PERGOV")
    place = re.search(r"in ([A-Z]\w+) on (\w+day)", text)
    assert place is not None
    where = Span.of(text, place.start(1), place.end(1))
    lima = Entity("E3", where.text, "location", [where], country="PER", lat=-12.04, lon=-77.03)
    monday = Span.of(text, place.start(2), place.end(2))
    timex = Timex("T1", monday.start, monday.end, monday.text, "DATE", "2024-03-04")
    sentence_end = text.index(".") + 1
    event = Event(
        id="V1", type="CONSULT", cameo="043", quad_class=1, goldstein=2.8,
        trigger=_find(text, "met"), evidence=Span.of(text, 0, sentence_end),
        actors=[Participant.of_entity(chile)], recipients=[Participant.of_entity(peru)],
        date=event_date, date_precision="day" if event_date else None,
        date_basis={"timex": "T1"} if event_date else None,
        mentions=[Span.of(text, 0, sentence_end)], context=["diplomatic"],
    )
    said = _find(text, "said")
    qstart = text.index('"') + 1
    quote = Quote("Q1", qstart, text.index('"', qstart), text[qstart : text.index('"', qstart)], "direct",
                  speaker=Speaker("the minister", "E1"), cue=said)
    analysis = Analysis(article, [chile, peru, lima], [timex], [event], [quote])
    assert analysis.check_spans() == []
    return analysis


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "test.db") as s:
        yield s


def test_schema_is_migrated_once_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with Store(path) as first:
        latest = len(first.dialect.migrations)
        assert first.schema_version == latest >= 2
        assert first.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(f"sqlite:///{path}") as again:  # re-opening applies nothing twice
        rows = again.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert (again.schema_version, rows) == (latest, latest)


def test_db_urls() -> None:
    assert db_path("sqlite:///rel/x.db") == "rel/x.db"
    assert db_path("sqlite:////abs/x.db") == "/abs/x.db"
    assert db_path("plain.db") == "plain.db"
    assert db_path("sqlite://") == ":memory:"
    with pytest.raises(StoreError, match="postgresql"):
        db_path("postgresql://host/db")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-07", ("2022-02-07", "2022-02-07")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2021", ("2021-01-01", "2021-12-31")),
        ("2022-W05", (None, None)),
        ("2022-02-30", (None, None)),
        (None, (None, None)),
    ],
)
def test_date_range_keeps_precision(value: str | None, expected: tuple) -> None:
    assert date_range(value) == expected


def test_round_trip_and_rows(store: Store) -> None:
    analysis = make_analysis()
    assert store.ingest(analysis) == "added"
    back = store.analysis("a1")
    assert back is not None and back.to_json() == analysis.to_json()
    expected = {"articles": 1, "entities": 3, "timexes": 1, "events": 1, "quotes": 1, "errors": 0}
    assert store.stats() == expected
    ids = [r[0] for r in store.conn.execute("SELECT id FROM entities ORDER BY id")]
    assert ids == ["a1/E1", "a1/E2", "a1/E3"]
    roles = store.conn.execute(
        "SELECT role, entity_id FROM event_participants ORDER BY role").fetchall()
    assert [tuple(r) for r in roles] == [("actor", "a1/E1"), ("recipient", "a1/E2")]
    # Offsets survive storage: the stored mention still cuts its text out of the stored article.
    text, start, end, mention = store.conn.execute(
        'SELECT a.text, m.start, m."end", m.text FROM mentions m JOIN articles a ON a.id = m.article_id'
        " WHERE m.entity_id = 'a1/E3'").fetchone()
    assert text[start:end] == mention == "Lima"
    assert [r["name"] for r in store.entities(Filters(actor="a1/E3"))] == ["Lima"]


def test_same_article_again_writes_nothing(store: Store) -> None:
    assert store.ingest(make_analysis()) == "added"
    stamp = store.conn.execute("SELECT ingested_at FROM articles").fetchone()[0]
    assert store.ingest(make_analysis()) == "unchanged"
    assert store.conn.execute("SELECT ingested_at FROM articles").fetchone()[0] == stamp
    assert store.stats()["events"] == 1
    assert store.is_current("a1", make_analysis().article.content_hash)
    assert store.ingest(make_analysis(), force=True) == "replaced"
    assert store.stats()["events"] == 1


def test_changed_article_replaces_all_its_rows(store: Store) -> None:
    store.ingest(make_analysis())
    store.ingest(make_analysis(article_id="other"))
    changed = make_analysis(text=TEXT.replace("Monday", "Tuesday"))
    changed.events = []
    changed.quotes = []
    assert store.ingest(changed) == "replaced"
    assert store.analysis("a1").to_json() == changed.to_json()
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["quotes"]) == (2, 1, 1)  # "other" untouched
    assert store.conn.execute("SELECT COUNT(*) FROM event_participants").fetchone()[0] == 2
    assert store.search("Tuesday")[0]["article_id"] == "a1"
    assert [(r["kind"], r["article_id"]) for r in store.search("Monday")] == [("article", "other")]


def test_failure_mid_article_leaves_nothing_of_it(store: Store) -> None:
    broken = make_analysis(article_id="bad")
    broken.entities.append(broken.entities[0])  # the same id twice: the insert fails midway
    with pytest.raises(sqlite3.IntegrityError):
        store.ingest(broken)
    assert store.stats()["articles"] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0
    assert store.search("Lima") == []


def test_failed_replacement_keeps_the_old_version(store: Store) -> None:
    good = make_analysis()
    store.ingest(good)
    broken = make_analysis(text=TEXT.replace("Lima", "Cusco"))
    broken.quotes.append(broken.quotes[0])
    with pytest.raises(sqlite3.IntegrityError):
        store.ingest(broken)
    assert store.analysis("a1").to_json() == good.to_json()
    assert store.stats()["quotes"] == 1
    assert store.search("Cusco") == [] and len(store.search("Lima")) == 1


CRASH = """
import os, sys
from eventwire.store import Store
sys.path.insert(0, {tests!r})
from test_store import make_analysis
store = Store({db!r})
store.ingest(make_analysis(article_id="first"))
def die(*args, **kwargs):
    os._exit(3)  # the process dies inside the transaction: no rollback, no cleanup
store._canonical_add = die  # after every row of the article was written, before COMMIT
store.ingest(make_analysis(article_id="second"))
"""


def test_crash_mid_batch_leaves_a_consistent_db(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "crash.db"
    script = CRASH.format(tests=str(Path(__file__).parent), db=str(db))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    with Store(db) as store:
        assert [r[0] for r in store.conn.execute("SELECT id FROM articles")] == ["first"]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.stats()["entities"] == 3
        assert store.ingest(make_analysis(article_id="second")) == "added"


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles; --",
        '"unbalanced',
        "Lima) OR (1=1",
        "NEAR(",
        "title:",
        "*",
        "a AND",
        "%_\\",
        "",
    ],
)
def test_search_survives_hostile_queries(store: Store, query: str) -> None:
    store.ingest(make_analysis())
    rows = store.search(query)
    assert isinstance(rows, list)
    assert store.stats()["articles"] == 1
    assert store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1


def test_search_finds_articles_and_quotes(store: Store) -> None:
    store.ingest(make_analysis())
    store.ingest(make_analysis(text=TEXT.replace("trade pact", "water treaty"), article_id="a2",
                               day=date(2024, 4, 1)))
    pact = store.search("pact")
    assert {(r["kind"], r["article_id"]) for r in pact} == {("article", "a1"), ("quote", "a1")}
    assert all("[pact]" in r["snippet"] for r in pact)
    assert {r["article_id"] for r in store.search('"trade pact" OR "water treaty"')} == {"a1", "a2"}
    assert {r["article_id"] for r in store.search("lim*")} == {"a1", "a2"}
    assert {r["article_id"] for r in store.search("Lima NOT treaty")} == {"a1"}
    assert store.search("pact", Filters(since="2024-03-10")) == []
    # Invalid FTS falls back to plain words, all of which must occur.
    assert {r["article_id"] for r in store.search('water "treaty')} == {"a2"}
    assert store.search("'; DROP TABLE articles; --") == []


def _two_articles(store: Store) -> None:
    store.ingest(make_analysis())
    later = make_analysis(article_id="a2", day=date(2024, 6, 20), event_date="2024-06")
    later.events[0].type = "AGREE"
    later.events[0].actors, later.events[0].recipients = later.events[0].recipients, later.events[0].actors
    store.ingest(later)


def test_event_filters(store: Store) -> None:
    _two_articles(store)

    def ids(**kwargs) -> list[str]:
        return [r["id"] for r in store.events(Filters(**kwargs))]

    assert ids() == ["a1/V1", "a2/V1"]
    assert ids(type="agree") == ["a2/V1"]
    assert ids(actor="foreign minister") == ["a1/V1", "a2/V1"]  # actor or recipient
    assert ids(actor="CHLGOV", type="CONSULT") == ["a1/V1"]
    assert ids(actor="a2/E2") == ["a2/V1"]
    assert ids(country="per") == ["a1/V1", "a2/V1"]
    assert ids(country="ARG") == []
    assert ids(since="2024-06-15") == ["a2/V1"]  # month precision: June overlaps the range
    assert ids(until="2024-06-01") == ["a1/V1", "a2/V1"]
    assert ids(until="2024-05-31") == ["a1/V1"]
    assert ids(q="met Peru") == ["a1/V1", "a2/V1"]
    assert ids(q="100%") == []
    assert ids(limit=1) == ["a1/V1"]
    row = store.events(Filters(type="AGREE"))[0]
    assert row["actors"][0]["code"] == "PERGOV" and row["recipients"][0]["entity"] == "a2/E1"
    assert (row["date"], row["date_precision"], row["context"]) == ("2024-06", "day", ["diplomatic"])


def test_timeline_orders_by_event_date_and_falls_back_to_article(store: Store) -> None:
    store.ingest(make_analysis(article_id="late", day=date(2024, 5, 1), event_date="2023"))
    store.ingest(make_analysis(article_id="undated", day=date(2023, 6, 1), event_date=None))
    store.ingest(make_analysis(article_id="early", day=date(2024, 1, 1), event_date="2022-12-31"))
    order = [r["article_id"] for r in store.events(order="date")]
    assert order == ["early", "late", "undated"]  # 2022-12-31, 2023 (from Jan 1), article 2023-06-01
    assert [r["article_id"] for r in store.events(order="article")] == ["undated", "early", "late"]


def test_quotes_and_entities(store: Store) -> None:
    _two_articles(store)
    quotes = store.quotes(Filters(actor="minister"))
    assert [q["id"] for q in quotes] == ["a1/Q1", "a2/Q1"]
    assert quotes[0]["speaker_country"] == "CHL" and quotes[0]["text"].startswith("We will sign")
    assert store.quotes(Filters(actor="CHLGOV", since="2024-06-01"))[0]["id"] == "a2/Q1"
    assert store.quotes(Filters(q="nothing like this")) == []
    people = store.entities(kind="person")
    assert [(e["name"], e["articles"], e["mentions"]) for e in people] == [
        ("Chile's foreign minister", 2, 2),
        ("Peru's president", 2, 2),
    ]
    assert [e["name"] for e in store.entities(Filters(country="PER"))] == ["Lima", "Peru's president"]
    assert store.entities(Filters(actor="lim"))[0]["kind"] == "location"


def test_errors_are_recorded(store: Store) -> None:
    store.record_error("inbox/x.txt", "empty file")
    assert [(e["source"], e["reason"]) for e in store.errors()] == [("inbox/x.txt", "empty file")]
    assert store.stats()["errors"] == 1
