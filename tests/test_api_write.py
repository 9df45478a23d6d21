"""POST /api/articles: token rules, JSON and file uploads through the pipeline, size and format limits."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "id": "api-test-1",
    "date": "2024-05-06",
    "title": "Ministers meet in Oslo",
    "text": "Norway's foreign minister met his Swedish counterpart in Oslo on Monday. "
    "\"We agreed to work together on energy,\" the Norwegian minister said after the talks.",
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "write.db")


@pytest.fixture
def client(db: str) -> TestClient:
    return TestClient(create_app(db, token=TOKEN, max_body=64 * 1024), raise_server_exceptions=False)


def test_read_only_server_refuses_posts(db: str) -> None:
    ro = TestClient(create_app(db))
    response = ro.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"] == "read-only server" and "--token" in response.json()["detail"]
    assert ro.get("/api/stats").json()["articles"] == 0


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic dGVzdA==", f"bearer{TOKEN}", "Bearer "])
def test_missing_or_wrong_token_is_401(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = client.post("/api/articles", json=ARTICLE, headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/stats").json()["articles"] == 0


def test_json_article_is_analysed_stored_and_readable(client: TestClient) -> None:
    response = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["errors"] == []
    [stored] = body["articles"]
    assert stored["id"] == "api-test-1" and stored["outcome"] == "added" and stored["entities"] > 0
    data = client.get("/api/articles/api-test-1").json()
    assert data["article"]["title"] == ARTICLE["title"] and data["article"]["date"] == "2024-05-06"
    assert len(data["entities"]) == stored["entities"] and len(data["events"]) == stored["events"]
    assert all(e["canonical_id"] for e in data["events"])
    again = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert again.status_code == 201 and again.json()["articles"][0]["outcome"] == "unchanged"
    assert client.get("/api/stats").json()["articles"] == 1


def test_file_upload_in_any_reader_format(client: TestClient) -> None:
    seed = "date 2024-05-07 The Polish president visited Kyiv on Tuesday to meet Ukraine's president."
    response = client.post("/api/articles", files={"file": ("visit.txt", seed.encode())}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["articles"][0]["outcome"] == "added"
    lines = [json.dumps({**ARTICLE, "id": f"bulk-{n}", "text": ARTICLE["text"] + f" Round {n}."})
             for n in range(2)]
    packed = gzip.compress(("\n".join(lines) + "\n{broken\n").encode())
    response = client.post("/api/articles", files={"file": ("wire.jsonl.gz", packed)}, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert [a["id"] for a in body["articles"]] == ["bulk-0", "bulk-1"]
    assert len(body["errors"]) == 1 and "line 3" in body["errors"][0]["source"]
    plain = "Talks resumed in Geneva."
    form = {"files": {"file": ("note.txt", plain.encode())}, "data": {"date": "2024-05-08"}}
    response = client.post("/api/articles", headers=AUTH, **form)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "invalid JSON"),
        ({"content": b"", "headers": {"Content-Type": "application/json"}}, 400, "invalid JSON"),
        ({"content": b"42", "headers": {"Content-Type": "application/json"}}, 400, "invalid JSON"),
        ({"content": b"\xff\xfe{}", "headers": {"Content-Type": "application/json"}}, 400, "invalid JSON"),
        ({"content": b"date 2024-01-01 text", "headers": {"Content-Type": "text/plain"}}, 415,
         "unsupported media type"),
        ({"json": {"text": "No date here."}}, 422, "no article could be read"),
        ({"json": {"date": "2024-02-30", "text": "Bad day."}}, 422, "no article could be read"),
        ({"json": {"date": "2024-01-01", "text": "   "}}, 422, "no article could be read"),
        ({"files": {"file": ("a.txt", b"no date line")}}, 422, "no article could be read"),
        ({"files": {"file": ("a.pdf", b"%PDF-1.4 binary")}}, 422, "no article could be read"),
        ({"files": {"other": ("a.txt", b"x")}}, 400, "unknown field"),
        ({"data": {"date": "2024-01-01"}, "files": {"file": ("a.txt", b"x")}, "params": {"x": "1"}}, 400,
         "unknown parameter"),
        ({"data": {"date": "01/02/2024"}, "files": {"file": ("a.txt", b"x")}}, 422, "invalid parameter"),
    ],
)
def test_malformed_posts_get_a_clear_4xx(client: TestClient, kwargs: dict, status: int, error: str) -> None:
    response = client.post("/api/articles", headers={**AUTH, **kwargs.pop("headers", {})}, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    assert "Traceback" not in response.text
    assert client.get("/api/stats").json()["articles"] == 0


def test_oversized_bodies_are_413(client: TestClient) -> None:
    big = {**ARTICLE, "text": "word " * 20000}
    response = client.post("/api/articles", json=big, headers=AUTH)
    assert response.status_code == 413 and response.json()["error"] == "request body too large"
    upload = client.post("/api/articles", files={"file": ("big.txt", b"date 2024-01-01 " + b"x" * 70000)},
                         headers=AUTH)
    assert upload.status_code == 413

    def chunks():  # no Content-Length: the limit is enforced while the body streams in
        for _ in range(100):
            yield b"x" * 1024

    json_type = {**AUTH, "Content-Type": "application/json"}
    streamed = client.post("/api/articles", content=chunks(), headers=json_type)
    assert streamed.status_code == 413
    assert client.get("/api/stats").json()["articles"] == 0


def test_too_many_articles_per_request(client: TestClient) -> None:
    many = [{"id": f"m{n}", "date": "2024-01-01", "text": f"Item {n}."} for n in range(51)]
    response = client.post("/api/articles", json=many, headers=AUTH)
    assert response.status_code == 422 and response.json()["error"] == "too many articles"


def _analysis(article_id: str, day: str, kind: str = "CONSULT"):
    """A tiny hand-made analysis (no spaCy): one event between two countries, offsets cut from the text."""
    from datetime import date

    from eventwire.model import Analysis, Article, Event, Participant, Span

    text = f"France met Germany in Paris ({article_id})."
    event = Event(
        id="V1", type=kind, cameo="040", quad_class=1, goldstein=1.0, trigger=Span.of(text, 7, 10),
        evidence=Span.of(text, 0, len(text)), actors=[Participant("France", None, "FRA")],
        recipients=[Participant("Germany", None, "DEU")], date=day, date_precision="day",
        date_basis={"timex": "T1"},
        mentions=[Span.of(text, 0, len(text))],
    )
    return Analysis(Article(article_id, date.fromisoformat(day), text), events=[event])


def test_cached_answers_follow_writes_by_other_processes(db: str, client: TestClient) -> None:
    """The response cache never serves an answer from before a change, whoever wrote it."""
    from eventwire.store import Store

    assert client.get("/api/timeline").json()["total"] == 0
    assert client.get("/api/events").json()["total"] == 0
    with Store(db) as other:  # another connection, as `eventwire ingest` in another process would be
        other.ingest(_analysis("cache-1", "2024-01-05"))
    for _ in range(3):  # whichever worker thread answers, it sees the change
        assert client.get("/api/timeline").json()["total"] == 1
        assert client.get("/api/events").json()["total"] == 1
    with Store(db) as other:
        other.ingest(_analysis("cache-2", "2023-03-01", "AID"))
    line = client.get("/api/timeline", params={"bucket": "month"}).json()
    assert [b["key"] for b in line["buckets"]] == ["2023-03", "2024-01"]
    assert client.get("/api/network").json()["nodes"][0]["name"] in ("France", "Germany")
    entities = client.get("/api/entities").json()["total"]
    assert client.get("/api/quotes").json()["total"] == 0  # cached now, until the next write
    assert client.get("/api/search", params={"q": "Oslo"}).json()["total"] == 0
    response = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert response.status_code == 201
    assert client.get("/api/stats").json()["articles"] == 3
    assert client.get("/api/quotes").json()["total"] >= 1
    assert client.get("/api/quotes/speakers").json()["total"] >= 1
    assert client.get("/api/entities").json()["total"] > entities
    assert client.get("/api/search", params={"q": "Oslo"}).json()["total"] >= 1
    assert client.get("/api/events", params={"limit": 500}).json()["total"] >= 2
