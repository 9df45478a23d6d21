"""The in-memory read model answers exactly what the store's SQL answers, for any mix of filters."""

from __future__ import annotations

import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.api import create_app, readmodel, views
from eventwire.model import Analysis, Article, Entity, Event, Location, Participant, Span
from eventwire.store import Filters, Store

# Names with upper and lower case, accents and non-Latin letters: LIKE folds ASCII letters only.
PEOPLE = [
    ("Olaf Scholz", "DEU", "GOV"), ("Donald Tusk", "POL", "GOV"), ("Élysée Palace", "FRA", "GOV"),
    ("Zürich police", "CHE", "COP"), ("ПРЕЗИДЕНТ России", "RUS", "GOV"), ("Kenyan protesters", "KEN", "OPP"),
    ("NATO", "NATO", None), ("Hamas", None, "REB"), ("United Nations", "UN", None),
]
KINDS = [("CONSULT", "040", 1, "met"), ("AID", "070", 2, "Sent Aid To"), ("ACCUSE", "112", 3, "accused"),
         ("ASSAULT", "180", 4, "ATTACKED"), ("PROTEST", "140", 3, "protested against")]
TOPICS = ["grain deal", "Border Talks", "the ceasefire", "Öl prices", "élections"]
START = date(2023, 1, 1)


def _article(n: int, rng: random.Random) -> Analysis:
    day = START + timedelta(days=rng.randrange(120))
    parts: list[str] = []
    entities: dict[str, Entity] = {}
    events = []
    pos = 0

    def add(text: str) -> int:
        nonlocal pos
        start = pos
        parts.append(text)
        pos += len(text)
        return start

    def participant(person: tuple[str, str | None, str | None], at: int) -> Participant:
        name, country, sector = person
        code = (country or "") + (sector or "") or None
        ent = entities.setdefault(
            name, Entity(f"E{len(entities) + 1}", name, "organization", [], country, sector, code)
        )
        ent.mentions.append(Span(at, at + len(name), name))
        return Participant(name, ent.id, country, sector, ent.code)

    for _ in range(rng.randint(1, 4)):
        kind, cameo, quad, verb = rng.choice(KINDS)
        who, whom = rng.sample(PEOPLE, 2)
        start = pos
        actor = participant(who, add(who[0]))
        add(" ")
        trigger = add(verb)
        add(" ")
        recipient = participant(whom, add(whom[0]))
        add(f" over {rng.choice(TOPICS)}. ")
        dated = rng.random() < 0.7
        when = day - timedelta(days=rng.randrange(4))
        precision = rng.choice(("day", "day", "month"))
        value = when.isoformat() if precision == "day" else when.isoformat()[:7]
        events.append((kind, cameo, quad, start, trigger, verb, actor, recipient,
                       value if dated else None, precision if dated else None, whom[1]))
    text = "".join(parts).rstrip()
    for k, found in enumerate(events):
        kind, cameo, quad, start, trigger, verb, actor, recipient, value, precision, place = found
        end = text.index(".", start) + 1
        events[k] = Event(
            id=f"V{k + 1}", type=kind, cameo=cameo, quad_class=quad, goldstein=1.0,
            trigger=Span.of(text, trigger, trigger + len(verb)), evidence=Span.of(text, start, end),
            actors=[actor], recipients=[recipient], date=value, date_precision=precision,
            date_basis={"timex": "T1"} if value else None,
            location=Location(place, place) if place and rng.random() < 0.5 else None,
            mentions=[Span.of(text, start, end)],
        )
    analysis = Analysis(Article(f"rm-{n:04d}", day, text, publisher=f"p{n % 3}"), list(entities.values()), [],
                        events, [])
    assert not analysis.check_spans()
    return analysis


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("readmodel") / "synthetic.db"
    rng = random.Random(11)
    with Store(path) as store:
        for n in range(250):
            store.ingest(_article(n, rng))
    return str(path)


@pytest.fixture(scope="module")
def store(synthetic_db: str) -> Store:
    return Store(synthetic_db)


@pytest.fixture(scope="module")
def snap(store: Store) -> readmodel.Snapshot:
    return readmodel.build(store, "test")


NEEDLES = ["scholz", "SCHOLZ", "sch", "élysée", "Élysée", "ÉLYSÉE", "zürich", "ZÜRICH", "россии", "России",
           "nato", "a", "%", "_", "\\", "rm-0003/E1", "rm-0010/E2", "DEUGOV", "deugov", "nobody"]


@st.composite
def filters(draw: st.DrawFn) -> Filters:
    day = st.dates(date(2022, 12, 1), date(2023, 6, 1)).map(date.isoformat)
    since, until = draw(st.none() | day), draw(st.none() | day)
    return Filters(
        actor=draw(st.none() | st.sampled_from(NEEDLES)),
        country=draw(st.none() | st.sampled_from(["DEU", "pol", "NATO", "CHE", "XXX"])),
        type=draw(st.none() | st.sampled_from(["CONSULT", "aid", "ASSAULT", "NOPE"])),
        quad_class=draw(st.none() | st.integers(1, 4)),
        since=since, until=until,
        q=draw(st.none() | st.sampled_from(["grain", "GRAIN", "öl", "ÖL", "élections", "attacked", "met ",
                                            "over the", "%", "zz"])),
        limit=draw(st.integers(1, 60)), offset=draw(st.sampled_from([0, 0, 5, 30, 500])),
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters(), bucket=st.sampled_from(["day", "week", "month"]))
def test_read_model_matches_sql(store: Store, snap: readmodel.Snapshot, f: Filters, bucket: str) -> None:
    total, ids = snap.page(f)
    assert total == store.count_canonical_events(f)
    assert ids == [row["id"] for row in store.canonical_events(f)]
    by_sql = store.canonical_events(f)
    assert readmodel.decoded_rows(store, ids) == by_sql
    assert [json.loads(item) for item in readmodel.rows_json(store, ids)] == by_sql
    line = views.timeline(store, f, bucket)
    assert views.timeline(store, f, bucket, snap) == line
    assert json.loads(snap.timeline_json(f, bucket)) == line


def test_every_canonical_event_is_in_the_snapshot(store: Store, snap: readmodel.Snapshot) -> None:
    assert snap.size == store.count_canonical_events() > 200
    assert snap.ids == [row["id"] for row in store.canonical_events()]


def test_app_uses_the_read_model_and_follows_changes(synthetic_db: str, tmp_path: Path) -> None:
    """With a tiny threshold the app builds a snapshot; answers are the same before and after, and a
    write made meanwhile is never hidden by the snapshot or the cache."""
    import shutil

    db = tmp_path / "copy.db"
    with Store(synthetic_db) as source:
        source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(synthetic_db, db)
    client = TestClient(create_app(str(db), read_model_min=1))
    params = {"actor": "scholz", "limit": 500}
    by_sql = client.get("/api/events", params=params).json()  # starts the build in the background
    deadline = time.monotonic() + 60
    while not client.get("/api/stats").json()["read_model"]:
        assert time.monotonic() < deadline, "the read model was not built"
        time.sleep(0.05)
    assert client.get("/api/events", params={**params, "offset": 0}).json() == by_sql
    line = client.get("/api/timeline", params={"bucket": "week"}).json()
    with Store(db) as writer:
        writer.ingest(_article(999, random.Random(5)))
    after = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert client.get("/api/stats").json()["articles"] == 251
    with Store(db) as reader:
        expected = reader.count_canonical_events()
        assert after["total"] == expected >= line["total"]
        assert client.get("/api/events").json()["total"] == expected
        mine = [r["id"] for r in reader.canonical_events(Filters(actor="scholz"))]
    assert [e["id"] for e in client.get("/api/events", params=params).json()["items"]] == mine
