"""Entities paged with a window count and the network from decoded participant lists (issue 8 follow-up),
checked against plain recomputations on both backends (PostgreSQL when EVENTWIRE_TEST_PG is set)."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient
from tests.test_api_backends import _filled

from eventwire.api import create_app, ids
from eventwire.store import Filters, Store


def test_entity_pages_are_slices_with_the_full_total(store_url: str) -> None:
    _filled(store_url, 30)
    client = TestClient(create_app(store_url, static_dir=None))
    with Store(store_url) as store:
        for kind, q in ((None, None), ("organization", None), (None, "o")):
            full = store.entities(Filters(q=q), kind)
            assert len(full) > 3
            for limit, offset in ((2, 0), (3, 2), (50, 0), (5, len(full) - 1), (5, len(full) + 10)):
                params = {k: v for k, v in (("kind", kind), ("q", q)) if v}
                page = client.get("/api/entities", params={**params, "limit": limit, "offset": offset}).json()
                assert page["total"] == len(full)
                assert [{k: v for k, v in item.items() if k != "id"} for item in page["items"]] == \
                    full[offset : offset + limit]


def test_network_counts_events_per_actor_and_edge(store_url: str) -> None:
    _filled(store_url, 30)
    client = TestClient(create_app(store_url, static_dir=None))
    network = client.get("/api/network", params={"top": 500}).json()
    with Store(store_url) as store:
        events = store.canonical_events(Filters())
    nodes: Counter[str] = Counter()
    edges: Counter[tuple[str, str]] = Counter()
    for event in events:
        sides = [[ids.actor_id(p["name"], p.get("country")) for p in event[side]
                  if p.get("entity") or p.get("code") or p.get("country")]
                 for side in ("actors", "recipients")]
        nodes.update(set(sides[0] + sides[1]))
        edges.update((a, r) for a in sides[0] for r in sides[1] if a != r)
    assert {n["id"]: n["count"] for n in network["nodes"]} == dict(nodes)
    assert {(e["source"], e["target"]): e["count"] for e in network["edges"]} == dict(edges)
    assert [n["count"] for n in network["nodes"]] == sorted(nodes.values(), reverse=True)
