"""Canonical events from mentions and links: connected components, stable ids, and aggregates.

Everything here is a function of the *set* of mentions and links only (members are sorted, ties broken
by id), which is what makes the canonical events independent of ingest order.

Confidence (documented in docs/canonical.md): each independent source (publisher) vouches with its most
confident mention ``p_s``; the event's confidence is the noisy-OR ``1 - prod_s (1 - p_s)``, capped at
0.99. One source keeps its own confidence; every further independent source raises it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from eventwire.canonical.mention import PRECISION_RANK, Mention


def components(members: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (each sorted, the list sorted by first member) of the graph ``links``."""
    parent = {m: m for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for m in parent:
        groups.setdefault(root(m), []).append(m)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def canonical_id(member_ids: Iterable[str]) -> str:
    """A stable id: "C" + 12 hex digits of the hash of the smallest member id."""
    return "C" + hashlib.sha256(min(member_ids).encode()).hexdigest()[:12]


def _most_common(values: list[Any]) -> Any:
    """The most frequent value; ties go to the one that comes first (values arrive in member order)."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _best(m: Mention, degree: dict[str, int]) -> tuple:
    """Sort key of the representative mention: most linked (central), confident, precisely dated,
    located, early, smallest id."""
    return (-degree.get(m.id, 0), -m.confidence,
            -(PRECISION_RANK.get(m.date_precision or "", 0) if m.timex_dated else 0),
            m.location is None, m.article_date, m.id)


def _people(members: list[Mention], role: str) -> list[dict[str, Any]]:
    """Participants in ``role`` named by the most members (by name), in first-seen order."""
    seen: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    for m in members:
        names = set()
        for p in getattr(m, role):
            key = p["name"].lower()
            seen.setdefault(key, p)
            names.add(key)
        counts.update(names)
    if not counts:
        return []
    top = max(counts.values())
    return [p for key, p in seen.items() if counts[key] == top]


def aggregate(members: list[Mention], links: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The canonical-event row for a component (see contract7: Store.canonical_events keys).

    ``links`` (pairs of member ids) make the most linked mention the representative one (summary, code).
    """
    members = sorted(members, key=lambda m: m.id)
    degree: Counter[str] = Counter()
    for a, b in links:
        degree.update((a, b))
    best = min(members, key=lambda m: _best(m, degree))
    type_ = _most_common([m.type for m in members])
    typed = sorted((m for m in members if m.type == type_), key=lambda m: _best(m, degree))
    code = typed[0]
    dated = [m for m in members if m.timex_dated and m.date]
    if dated:
        rank = max(PRECISION_RANK.get(m.date_precision or "", 0) for m in dated)
        day = _most_common([m.date for m in dated if PRECISION_RANK.get(m.date_precision or "", 0) == rank])
        at = next(m for m in dated if m.date == day)
        when = (at.date, at.date_precision, at.lo, at.hi)
    else:  # dated by articles only: the days the reports allow, no date of its own
        when = (None, None, min(m.lo for m in members), max(m.hi for m in members))
    places = [m.location for m in members if m.location]
    located = [p for p in places if p.get("lat") is not None] or places
    place = dict(_most_common([tuple(sorted(p.items())) for p in located])) if located else None
    per_source: dict[str, float] = {}
    for m in members:
        per_source[m.source] = max(per_source.get(m.source, 0.0), m.confidence)
    doubt = 1.0
    for p in per_source.values():
        doubt *= 1.0 - p
    reports = sorted(m.article_date for m in members)
    return {
        "id": canonical_id(m.id for m in members),
        "type": type_,
        "mode": code.mode,
        "context": list(code.context),
        "cameo": code.cameo,
        "quad_class": code.quad_class,
        "goldstein": code.goldstein,
        "date": when[0],
        "date_precision": when[1],
        "date_lo": when[2],
        "date_hi": when[3],
        "location_name": place.get("name") if place else None,
        "location_country": place.get("country") if place else _most_common(
            [m.country for m in members if m.country] or [None]),
        "lat": place.get("lat") if place else None,
        "lon": place.get("lon") if place else None,
        "modality": _most_common([m.modality for m in members]),
        "actors": _people(members, "actors"),
        "recipients": _people(members, "recipients"),
        "num_mentions": len(members),
        "num_articles": len({m.article_id for m in members}),
        "num_sources": len(per_source),
        "first_reported": reports[0],
        "last_reported": reports[-1],
        "confidence": round(min(0.99, 1.0 - doubt), 4),
        "summary": best.evidence,
        "best_event_id": best.id,
    }
