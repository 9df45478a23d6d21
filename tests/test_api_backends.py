"""The API on both store backends (SQLite always; PostgreSQL when EVENTWIRE_TEST_PG is set), without spaCy."""

from __future__ import annotations

import random
import socket
import subprocess
import sys
import time

import httpx
from fastapi.testclient import TestClient
from tests.test_api_readmodel import _article

from eventwire.api import create_app, readmodel, views
from eventwire.store import Filters, Store


def _filled(url: str, articles: int = 40) -> None:
    rng = random.Random(3)
    with Store(url) as store:
        for n in range(articles):
            store.ingest(_article(n, rng))


def test_endpoints_answer_on_each_backend(store_url: str) -> None:
    _filled(store_url)
    client = TestClient(create_app(store_url), raise_server_exceptions=False)
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 40 and stats["canonical_events"] > 0
    events = client.get("/api/events", params={"limit": 500}).json()
    assert events["total"] == stats["canonical_events"] == len(events["items"])
    detail = client.get(f"/api/events/{events['items'][0]['id']}").json()
    assert detail["mentions"]
    mention = detail["mentions"][0]
    article = client.get(f"/api/articles/{mention['article_id']}").json()
    text = article["article"]["text"]
    assert text[mention["evidence_start"] : mention["evidence_end"]] == mention["evidence_text"]
    line = client.get("/api/timeline", params={"bucket": "week", "actor": "scholz"}).json()
    with Store(store_url) as store:
        assert line["total"] == store.count_canonical_events(Filters(actor="scholz")) > 0
    network = client.get("/api/network").json()
    assert network["nodes"] and network["edges"]
    entities = client.get("/api/entities", params={"q": "tusk"}).json()
    assert entities["total"] >= 1
    entity = client.get(f"/api/entities/{entities['items'][0]['id']}").json()
    assert entity["events"]
    assert client.get("/api/quotes").json()["total"] == 0
    assert client.get("/api/quotes/speakers").json()["items"] == []
    hits = client.get("/api/search", params={"q": "ceasefire"}).json()
    assert hits["total"] >= 1
    for payload in ("' OR 1=1 --", "%", "_"):
        assert client.get("/api/events", params={"actor": payload}).json()["total"] == 0
        assert client.get("/api/search", params={"q": payload}).status_code == 200


def test_read_model_matches_sql_on_each_backend(store_url: str) -> None:
    _filled(store_url, 60)
    with Store(store_url) as store:
        snap = readmodel.build(store, "t")
        cases = (Filters(), Filters(actor="élysée"), Filters(q="GRAIN", quad_class=2), Filters(country="deu"),
                 Filters(since="2023-02-01", until="2023-02-28", limit=5, offset=2))
        for f in cases:
            total, ids = snap.page(f)
            assert total == store.count_canonical_events(f)
            assert ids == [r["id"] for r in store.canonical_events(f)]
            for bucket in ("day", "week", "month"):
                assert views.timeline(store, f, bucket, snap) == views.timeline(store, f, bucket)


def test_serve_command_runs_a_server(tmp_path) -> None:
    db = str(tmp_path / "served.db")
    _filled(db, 5)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", db, "--port", str(port)],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()["articles"] == 5
        post = {"date": "2024-01-01", "text": "x"}
        refused = httpx.post(f"http://127.0.0.1:{port}/api/articles", json=post)
        assert refused.status_code == 403
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_refuses_a_bad_database(tmp_path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    done = subprocess.run([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(bad), "--port", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "error" in done.stderr


def test_app_read_model_on_each_backend(store_url: str) -> None:
    """The background rebuild (its read transaction) works on both backends and answers like SQL."""
    _filled(store_url, 30)
    client = TestClient(create_app(store_url, read_model_min=1))
    client.get("/api/events")  # starts the build
    deadline = time.monotonic() + 60
    while not client.get("/api/stats").json()["read_model"]:
        assert time.monotonic() < deadline, "the read model was not built"
        time.sleep(0.05)
    params = {"q": "grain", "limit": 7, "offset": 1}
    page = client.get("/api/events", params=params).json()
    line = client.get("/api/timeline", params={"bucket": "week", "q": "grain"}).json()
    with Store(store_url) as store:
        f = Filters(q="grain", limit=7, offset=1)
        assert page["total"] == store.count_canonical_events(f)
        assert page["items"] == store.canonical_events(f)
        assert line == views.timeline(store, Filters(q="grain"), "week")
