"""Canonical events in the store: incremental assignment, explanations, order independence, crashes.

Analyses are built by hand (``test_canonical.build``) over sentences written for these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Analysis
from eventwire.store import Filters, Store
from test_canonical import Spec, build

DAY = date(2024, 5, 14)


def meeting(article_id: str, sentence: str, day: date = DAY, publisher: str | None = None,
            **extra: object) -> Analysis:
    spec = Spec(sentence, "talks" if "talks" in sentence else "met", **{
        "actors": ["Ana Ruiz"], "recipients": ["Piet Maas"], **extra})  # type: ignore[arg-type]
    return build(article_id, day, [spec], publisher)


def pool() -> list[Analysis]:
    """Reports of two meetings, a battle, a denial and a bridge: merges, splits and chains in one set."""
    hague = dict(when="2024-05-13", when_text="Monday")
    return [
        meeting("a1", "Ana Ruiz held talks with Piet Maas in The Hague on Monday.", publisher="Planet",
                **hague),
        meeting("a2", "Piet Maas and Ana Ruiz held talks in The Hague on Monday about quotas.",
                publisher="Star", actors=["Piet Maas"], recipients=["Ana Ruiz"], **hague),
        meeting("a3", "Ana Ruiz held talks with Piet Maas in The Hague, where talks ran late.",
                day=date(2024, 5, 15), publisher="Globe", when=None),
        meeting("a4", "Ana Ruiz held talks with Piet Maas in Oslo on Monday.", day=date(2024, 5, 29),
                when="2024-05-27", when_text="Monday"),
        meeting("a5", "Ana Ruiz did not hold talks with Piet Maas on Monday, her office said.",
                modality="negated", **hague),
        build("b1", date(2024, 6, 2), [Spec("The army fought the rebels near Kassala on Saturday.",
                                            "fought", "ASSAULT", ["the army"], ["the rebels"], "2024-06-01",
                                            "Saturday", cameo="190")]),
        build("b2", date(2024, 6, 3), [Spec("The army attacked the rebels near Kassala on Saturday.",
                                            "attacked", "ASSAULT", ["the army"], ["the rebels"],
                                            "2024-06-01", "Saturday")]),
        build("b3", date(2024, 6, 3), [Spec("The army fought the rebels near Kassala in June.", "fought",
                                            "ASSAULT", ["the army"], ["the rebels"], "2024-06", "June",
                                            "month", cameo="190")]),
    ]


def snapshot(store: Store) -> tuple[str, dict[str, str], list[tuple]]:
    events = store.canonical_events()
    members = {r[0]: r[1] for r in store.conn.execute("SELECT event_id, canonical_id FROM canonical_members")}
    links = sorted(tuple(r) for r in store.conn.execute(
        "SELECT event_id, other_id, article_id, other_article_id, score, reasons FROM canonical_links"))
    return json.dumps(events, sort_keys=True), members, links


def check_consistent(store: Store) -> None:
    """Every event has one member row, every member a canonical event, and the counts add up."""
    store.refresh_canonical()
    assert store.conn.execute("SELECT COUNT(*) FROM canonical_dirty").fetchone()[0] == 0
    events = {r[0] for r in store.conn.execute("SELECT id FROM events")}
    members = dict(store.conn.execute("SELECT event_id, canonical_id FROM canonical_members").fetchall())
    assert set(members) == events
    canon = {r[0]: r[1] for r in store.conn.execute("SELECT id, num_mentions FROM canonical_events")}
    assert set(members.values()) == set(canon)
    assert sum(canon.values()) == len(events)
    for a, b in store.conn.execute("SELECT event_id, other_id FROM canonical_links"):
        assert members[a] == members[b]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """The store on both backends (PostgreSQL skips unless EVENTWIRE_TEST_PG is set)."""
    url = tmp_path / "canon.db" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store(url) as s:
        yield s


def test_reports_of_one_event_become_one_canonical_event_with_reasons(store: Store) -> None:
    for analysis in pool():
        store.ingest(analysis)
    check_consistent(store)
    rows = store.canonical_events(order="mentions")
    top = rows[0]
    assert (top["num_mentions"], top["num_articles"], top["num_sources"]) == (3, 3, 3)
    assert (top["date"], top["date_precision"], top["type"]) == ("2024-05-13", "day", "CONSULT")
    assert (top["first_reported"], top["last_reported"]) == ("2024-05-14", "2024-05-15")
    assert top["confidence"] == pytest.approx(1 - 0.5**3)
    assert top["summary"] and [p["name"] for p in top["actors"]] == ["Ana Ruiz"]
    detail = store.canonical_event(top["id"])
    assert detail is not None
    assert [m["article_id"] for m in detail["mentions"]] == ["a1", "a2", "a3"]
    assert all(m["canonical_id"] == top["id"] for m in detail["mentions"])
    assert {(link["event_id"], link["other_id"]) for link in detail["links"]} >= {("a1/V1", "a2/V1")}
    assert all(link["reasons"][0].startswith("same-type") for link in detail["links"])
    # The Oslo meeting two weeks later, and the denial, are events of their own.
    alone = {r["id"] for r in rows if r["num_mentions"] == 1}
    by_event = {e["id"]: e["canonical_id"] for e in store.events()}
    assert by_event["a4/V1"] in alone and by_event["a5/V1"] in alone
    # A battle reported as "fought" (CAMEO 190), "attacked" (180) and "fought in June": one event.
    battle = store.canonical_events(Filters(type="ASSAULT"))
    assert [(r["num_mentions"], r["date"]) for r in battle] == [(3, "2024-06-01")]
    assert store.canonical_event("C000000000000") is None


def test_filters_and_paging(store: Store) -> None:
    for analysis in pool():
        store.ingest(analysis)
    assert store.count_canonical_events() == 4
    assert store.count_canonical_events(Filters(actor="Maas")) == 3
    assert store.count_canonical_events(Filters(country="SDN")) == 1
    assert store.count_canonical_events(Filters(quad_class=4)) == 1
    assert store.count_canonical_events(Filters(since="2024-05-20", until="2024-05-31")) == 1
    assert store.count_canonical_events(Filters(q="Kassala")) == 1
    everything = [r["id"] for r in store.canonical_events()]
    page = [r["id"] for r in store.canonical_events(Filters(limit=2, offset=1))]
    assert page == everything[1:3]
    with pytest.raises(ValueError, match="order must be one of"):
        store.canonical_events(order="random")


def test_a_bridging_report_merges_two_canonical_events(store: Store) -> None:
    analyses = pool()
    store.ingest(analyses[0])  # dated Monday 13 May
    store.ingest(analyses[5])  # unrelated battle
    bridge = meeting("m1", "Ana Ruiz held talks with Piet Maas in May, in The Hague.", day=date(2024, 5, 31),
                     when="2024-05", when_text="May", precision="month")
    store.ingest(meeting("m2", "Ana Ruiz held talks with Piet Maas on 20 May in The Hague.",
                         day=date(2024, 5, 31), when="2024-05-20", when_text="20 May"))
    assert store.count_canonical_events(Filters(type="CONSULT")) == 2  # 13 May and 20 May differ
    store.ingest(bridge)  # "in May" is compatible with both days: the two become one
    check_consistent(store)
    assert store.count_canonical_events(Filters(type="CONSULT")) == 1
    store.ingest(meeting("m1", "Ana Ruiz met Piet Maas.", day=date(2024, 5, 31), when=None,
                         recipients=["Piet Maas"]))  # the bridge is corrected: they split again
    check_consistent(store)
    assert store.count_canonical_events(Filters(type="CONSULT")) == 3


def test_replacing_an_article_recomputes_only_what_it_touched(store: Store) -> None:
    analyses = pool()
    for analysis in analyses:
        store.ingest(analysis)
    before = snapshot(store)
    changed = meeting("a2", "Piet Maas and Ana Ruiz met to discuss whales on Friday.", publisher="Star",
                      actors=["Piet Maas"], recipients=["Ana Ruiz"], when="2024-05-10", when_text="Friday")
    assert store.ingest(changed) == "replaced"
    check_consistent(store)
    top = store.canonical_events(order="mentions")[0]
    assert top["num_mentions"] == 3 and top["type"] == "ASSAULT"  # the meeting lost a report
    assert store.ingest(analyses[1]) == "replaced"
    assert snapshot(store) == before


@st.composite
def orders(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    indexes = draw(st.permutations(range(len(pool()))))
    again = draw(st.lists(st.sampled_from(range(len(pool()))), max_size=3))
    return list(indexes), again


EXPECTED: dict[str, tuple] = {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders())
def test_any_ingest_order_gives_the_same_canonical_events(order: tuple[list[int], list[int]]) -> None:
    analyses = pool()
    if "reference" not in EXPECTED:
        with Store(":memory:") as reference:
            for analysis in analyses:
                reference.ingest(analysis)
            EXPECTED["reference"] = snapshot(reference)
    indexes, again = order
    with Store(":memory:") as store:
        for i in indexes:
            store.ingest(analyses[i])
        for i in again:  # forced re-ingest: remove and add back
            store.ingest(analyses[i], force=True)
        check_consistent(store)
        assert snapshot(store) == EXPECTED["reference"]


def test_events_stored_before_canonical_events_existed_get_them(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        for analysis in pool():
            store.ingest(analysis)
        expected = snapshot(store)
        for table in ("canonical_links", "canonical_members", "canonical_events"):
            store.conn.execute(f"DELETE FROM {table}")
    with Store(db) as store:
        assert snapshot(store) == expected


CRASH = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from eventwire.store import Store
from test_canonical_store import pool
store = Store({db!r})
analyses = pool()
store.ingest(analyses[0])
original = store._join
def killed(*args, **kwargs):
    original(*args, **kwargs)  # the canonical rows are written ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... and the process dies before COMMIT
store._join = killed
store.ingest(analyses[1])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_ingest_leaves_consistent_canonical_tables(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    script = CRASH.format(tests=str(Path(__file__).parent), db=str(db))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.returncode == -9, proc.stderr
    analyses = pool()
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check_consistent(store)
        assert [r[0] for r in store.conn.execute("SELECT article_id FROM canonical_members")] == ["a1"]
        for analysis in analyses:  # re-running the batch completes it, without duplicates
            store.ingest(analysis)
        check_consistent(store)
        rerun = snapshot(store)
    with Store(":memory:") as clean:
        for analysis in analyses:
            clean.ingest(analysis)
        assert rerun == snapshot(clean)


def test_the_pipeline_output_of_two_reports_merges(nlp: object) -> None:
    """End to end: two differently worded reports of one meeting, and an unrelated arrest."""
    from eventwire import pipeline
    from eventwire.model import Article

    texts = [
        ("n1", date(2023, 9, 12), "Daily Planet", "Brazilian President Luiz Inacio Lula da Silva met German "
         "Chancellor Olaf Scholz in Berlin on Monday. The two leaders discussed trade and the rainforest."),
        ("n2", date(2023, 9, 12), "Evening Star", "German Chancellor Olaf Scholz held talks with Brazil's "
         "President Lula in Berlin on Monday, focusing on trade and the rainforest."),
        ("n3", date(2023, 9, 13), "Morning Post", "Police in Lima arrested dozens of protesters on Tuesday "
         "after clashes near the Congress building."),
    ]
    with Store(":memory:") as store:
        for article_id, day, publisher, text in texts:
            store.ingest(pipeline.analyze(Article(article_id, day, text, publisher=publisher)))
        check_consistent(store)
        meeting = store.canonical_events(Filters(type="CONSULT"))
        assert [(r["num_articles"], r["num_sources"], r["date"]) for r in meeting] == [(2, 2, "2023-09-11")]
        assert all(r["num_articles"] == 1 for r in store.canonical_events() if r["type"] != "CONSULT")
