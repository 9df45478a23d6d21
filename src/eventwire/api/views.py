"""What each endpoint answers, built from the store: plain functions of ``(store, filters) -> JSON``.

Kept apart from the FastAPI wiring (``app.py``) so the shapes documented in ``docs/api.md`` are computed in
one readable place and can be tested without HTTP.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from eventwire.api import ids, queries, readmodel
from eventwire.model import Article, ReadError
from eventwire.store import Filters, Store, date_range

QUADS = ("1", "2", "3", "4")


def stats(store: Store) -> dict[str, Any]:
    counts: dict[str, Any] = dict(store.stats())
    counts["canonical_events"] = count_canonical(store, Filters())
    return counts


# -- canonical events ------------------------------------------------------------------------------------


def canonical_events(store: Store, f: Filters) -> list[dict[str, Any]]:
    return store.canonical_events(f)


def count_canonical(store: Store, f: Filters) -> int:
    return store.count_canonical_events(queries.unpaged(f))


def canonical_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """The canonical event ``event_id``, or the one an event mention id (``<article>/V1``) belongs to."""
    found = store.canonical_event(event_id)
    if found is None and "/" in event_id:
        sql = "SELECT canonical_id FROM canonical_members WHERE event_id = ?"
        owner = queries.rows(store, sql, [event_id])
        if owner:
            found = store.canonical_event(owner[0]["canonical_id"])
    return found


# -- timeline and network --------------------------------------------------------------------------------


def _first_day(row: dict[str, Any]) -> str | None:
    return row.get("date_lo") or row.get("first_reported")


@lru_cache(maxsize=65536)
def bucket_of(day: str, bucket: str) -> tuple[str, str, str]:
    """``(key, start, end)`` of the bucket holding ``day`` (an ISO day, or a month ``YYYY-MM``)."""
    if bucket == "month":
        lo, hi = date_range(day[:7])
        return day[:7], str(lo), str(hi)
    if bucket == "day":
        return day, day, day
    year, week, weekday = date.fromisoformat(day).isocalendar()
    monday = date.fromisoformat(day) - timedelta(days=weekday - 1)
    return f"{year:04d}-W{week:02d}", monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def timeline(store: Store, f: Filters, bucket: str, snap: readmodel.Snapshot | None = None) -> dict[str, Any]:
    """Canonical events per bucket (of their first day) and per quad class, in time order.

    From the read model when one is given; else the database counts per day (or month) and quad class and
    the days are folded into weeks here, which keeps the SQL portable.
    """
    if snap is not None:
        buckets = snap.buckets(f, bucket)
        return {"bucket": bucket, "total": sum(b["count"] for b in buckets), "buckets": buckets}
    found: dict[tuple[str, str, str], list[int]] = {}
    for r in queries.counts_by_quad(store, f, 7 if bucket == "month" else 10):
        counts = found.setdefault(bucket_of(r["day"], bucket), [0, 0, 0, 0])
        counts[int(r["quad_class"]) - 1] += r["n"]
    buckets = [
        {"key": key, "start": start, "end": end, "count": sum(counts),
         "by_quad_class": dict(zip(QUADS, counts, strict=True))}
        for (key, start, end), counts in sorted(found.items(), key=lambda kv: kv[0][1])
    ]
    return {"bucket": bucket, "total": sum(b["count"] for b in buckets), "buckets": buckets}


def network(store: Store, f: Filters, top: int) -> dict[str, Any]:
    """Actor nodes (by name and country) and actor -> recipient edges of the matching canonical events.

    A node counts the events it takes part in; an edge counts events per quad class. The participant
    lists of all events are decoded by one ``json.loads`` (one C call instead of one per list), and node
    ids come from a cached slug (``ids.slug``): per-event Python is what the first call costs.
    """
    nodes: dict[str, dict[str, Any]] = {}
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    node_of: dict[tuple[str, str | None], str] = {}
    found = queries.participants(store, f)
    lists = json.loads("[" + ",".join(f"{a},{r}" for a, r, _ in found) + "]") if found else []
    for i, (_, _, quad_class) in enumerate(found):
        seen: set[str] = set()
        sides: tuple[list[str], list[str]] = ([], [])
        for side, people in zip(sides, (lists[2 * i], lists[2 * i + 1]), strict=True):
            for p in people:
                country, code = p.get("country"), p.get("code")
                if not (country or code or p.get("entity")):
                    continue  # an unresolved description ("tear gas", "the vote") is not an actor
                name = p["name"]
                node = node_of.get((name, country))
                if node is None:
                    node = node_of[(name, country)] = ids.actor_id(name, country)
                side.append(node)
                entry = nodes.get(node)
                if entry is None:
                    entry = nodes[node] = {"id": node, "name": name, "code": None, "country": country,
                                           "count": 0}
                if code:
                    codes[node][code] += 1
                if node not in seen:
                    entry["count"] += 1
                    seen.add(node)
        quad = str(quad_class)
        for a in sides[0]:
            for r in sides[1]:
                if a != r:
                    edges[(a, r)][quad] += 1
    for node, counter in codes.items():
        nodes[node]["code"] = counter.most_common(1)[0][0]
    kept = sorted(nodes.values(), key=lambda n: (-n["count"], n["name"]))[:top]
    keep = {n["id"] for n in kept}
    edge_list = [
        {"source": a, "target": r, "count": sum(c.values()), "by_quad_class": {q: c.get(q, 0) for q in QUADS}}
        for (a, r), c in edges.items()
        if a in keep and r in keep
    ]
    edge_list.sort(key=lambda e: (-e["count"], e["source"], e["target"]))
    return {"nodes": kept, "edges": edge_list}


# -- entities --------------------------------------------------------------------------------------------


def entity_item(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": ids.entity_id(row["name"], row["kind"], row["country"]), **row}


def entity(store: Store, entity_id: str, limit: int) -> dict[str, Any] | None:
    """One entity group (name + kind + country) with its canonical events and quotes over time."""
    parsed = ids.parse_entity_id(entity_id)
    if parsed is None:
        return None
    kind, country, name_slug = parsed
    names = [n for n in queries.entity_names(store, kind, country) if ids.slug(n) == name_slug]
    if not names:
        return None
    groups = [
        r for name in names
        for r in store.entities(Filters(actor=name, country=country), kind)
        if r["name"] == name and r["country"] == country
    ]
    if not groups:
        return None
    best = max(groups, key=lambda r: (r["articles"], r["mentions"]))
    name = best["name"]
    # The store filters participants by name substring; keep the events where this very entity takes part.
    events = [
        row for row in canonical_events(store, Filters(actor=name, limit=limit * 4))
        if any(p["name"] == name and p.get("country") == country for p in row["actors"] + row["recipients"])
    ][:limit]
    quotes = queries.entity_quotes(store, name, kind, country, limit)
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    for row in events:
        day = _first_day(row)
        if day:
            per_month[day[:7]]["events"] += 1
    for row in quotes:
        per_month[row["article_date"][:7]]["quotes"] += 1
    over_time = [
        {"key": key, "events": c.get("events", 0), "quotes": c.get("quotes", 0)}
        for key, c in sorted(per_month.items())
    ]
    return {"entity": entity_item(best), "events": events, "quotes": quotes, "timeline": over_time}


# -- articles --------------------------------------------------------------------------------------------


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored Analysis JSON, each event with the id of its canonical event (or null)."""
    analysis = store.analysis(article_id)
    if analysis is None:
        return None
    data = analysis.to_json()
    sql = "SELECT event_id, canonical_id FROM canonical_members WHERE article_id = ?"
    owners = {r["event_id"]: r["canonical_id"] for r in queries.rows(store, sql, [article_id])}
    for event in data["events"]:
        event["canonical_id"] = owners.get(f"{article_id}/{event['id']}")
    return data


def ingest(store: Store, articles: list[Article], failures: list[ReadError]) -> dict[str, Any]:
    """Analyse and store ``articles`` (already stored ones are skipped); counts per article, and errors."""
    from eventwire.ingest import ingest as run_ingest

    outcomes: list[tuple[str, str]] = []

    def note(kind: str, item: Article | ReadError) -> None:
        if isinstance(item, Article):
            outcomes.append((item.id, kind))

    summary = run_ingest(articles, store, on_result=note)
    stored = []
    for article_id, outcome in outcomes:
        if outcome == "error":
            continue
        analysis = store.analysis(article_id)
        if analysis is None:
            continue
        stored.append({
            "id": article_id, "outcome": outcome, "entities": len(analysis.entities),
            "timexes": len(analysis.timexes), "events": len(analysis.events), "quotes": len(analysis.quotes),
        })
    problems = [e.to_json() for e in failures] + [e.to_json() for e in summary.errors]
    return {"articles": stored, "errors": problems}
