"""Canonical events in the store: every stored event (a mention) belongs to one canonical event.

``CanonicalMixin`` is inherited by ``Store``. Its tables (migration step in ``store/sql.py``):

- ``canonical_members``: one row per stored event: its canonical event, the blocking keys (PLOVER type,
  CAMEO root, the days it can be on) and the comparable facts as JSON (``canonical.Mention``);
- ``canonical_links``: the pairs ``canonical.compare`` judged to be the same event, with score and reasons;
- ``canonical_events``: one row per connected component of the links (singletons included), aggregated;
- ``canonical_keys``: the blocks candidate lookup searches; ``canonical_dirty``: events to re-aggregate.

Maintenance happens inside the ingest transaction of the article, so a crash leaves the previous state:

- **adding** an article: ONE query looks up the candidates of all its new mentions (a ``UNION`` of one
  indexed branch per mention over ``canonical_keys``: blocks "<type or CAMEO root>|<participant key>"
  (same or compatible type, or same root, sharing a participant name, head, description or code) within
  a ``day_lo`` range no wider than ``max_span_days``). That finds *every* mention the rules could link it
  to (the rules require a compatible type, a shared participant and overlapping days). The components
  touched are united in Python (one more query reads the smallest member of each stored canonical event
  linked to), then every write (members with their final canonical id, keys, links, set-based UPDATEs
  of the united events' members, dirty marks) goes out as a few ``executemany`` calls in one pipeline
  on PostgreSQL: a constant number of round trips per article, whatever its number of mentions. No
  member of a united event is loaded, so the cost does not grow with their size;
- **removing** an article (replace, delete): its members and links go, and only the components it was in
  are recomputed from their stored links (they may split) and marked;
- **reading**: every query first re-aggregates the marked canonical events (``refresh_canonical``).

Since links depend on their two mentions only and blocking is exact, the canonical events (members, ids,
aggregates) are the same whatever order the articles were ingested in.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from eventwire import canonical
from eventwire.model import Analysis
from eventwire.store.sql import CHUNK, Filters, Query, _like, chunks, marks

INSERT_MEMBER = (
    "INSERT INTO canonical_members (event_id, canonical_id, article_id, type, cameo_root, day_lo, day_hi,"
    " features) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_LINK = (
    "INSERT INTO canonical_links (event_id, other_id, article_id, other_article_id, score, reasons)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
CANONICAL_COLUMNS = (
    "id", "type", "mode", "context", "cameo", "quad_class", "goldstein", "date", "date_precision", "date_lo",
    "date_hi", "location_name", "location_country", "lat", "lon", "modality", "actors", "recipients",
    "num_mentions", "num_articles", "num_sources", "first_reported", "last_reported", "confidence", "summary",
    "best_event_id",
)
INSERT_CANONICAL = (
    f"INSERT INTO canonical_events ({', '.join(CANONICAL_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(CANONICAL_COLUMNS))})"
)
INSERT_KEY = "INSERT INTO canonical_keys (block, day_lo, day_hi, event_id, article_id) VALUES (?, ?, ?, ?, ?)"
# One branch per (mention, chunk of its blocks), tagged with the mention's index; UNION (not ALL) keeps
# each (mention, candidate) pair once, and the join reads the candidate's features and canonical event.
CANDIDATE_BRANCH = (
    "SELECT {index} AS i, event_id FROM canonical_keys"
    " WHERE block IN ({marks}) AND day_lo >= ? AND day_lo <= ? AND day_hi >= ? AND article_id <> ?"
)
CANDIDATES = (
    "SELECT c.i, c.event_id, m.canonical_id, m.features FROM ({branches}) c"
    " JOIN canonical_members m ON m.event_id = c.event_id"
)
# Bound parameters and UNION branches per candidate statement: SQLite allows 32,766 parameters since 3.32
# (999 before) and 500 compound SELECT terms; PostgreSQL 65,535 parameters.
MAX_PARAMS = 30_000 if sqlite3.sqlite_version_info >= (3, 32, 0) else 900
MAX_BRANCHES = 400
# The smallest member of stored canonical events (what the id of a union is computed from).
ANCHORS = (
    "SELECT canonical_id, MIN(event_id) FROM canonical_members WHERE canonical_id IN ({marks})"
    " GROUP BY canonical_id"
)
MOVE = "UPDATE canonical_members SET canonical_id = ? WHERE canonical_id = ?"
SET_OWNER = "UPDATE canonical_members SET canonical_id = ? WHERE event_id = ?"
DROP_EVENT = "DELETE FROM canonical_events WHERE id = ?"
UNMARK = "DELETE FROM canonical_dirty WHERE id = ?"
MARK = "INSERT INTO canonical_dirty (id) VALUES (?)"
ORDERS = {
    "date": "COALESCE(c.date_lo, c.first_reported), c.first_reported, c.id",
    "mentions": "c.num_mentions DESC, COALESCE(c.date_lo, c.first_reported), c.id",
    "reported": "c.last_reported DESC, c.id",
}


_DECODED: dict[str, canonical.Mention] = {}
DECODED_MAX = 50_000


def _mention(features: str) -> canonical.Mention:
    """The Mention stored as ``features`` JSON, decoded once per process: the same neighbours are candidates
    for article after article. Keyed by the JSON text itself, so a replaced article can never be served a
    stale copy, whoever replaced it."""
    found = _DECODED.get(features)
    if found is None:
        if len(_DECODED) >= DECODED_MAX:
            _DECODED.clear()
        found = _DECODED[features] = canonical.Mention.from_json(json.loads(features))
    return found


def _blocks(m: canonical.Mention, types: list[str]) -> list[str]:
    """Blocking keys "<type>|<key>" and "#<CAMEO root>|<key>" for every participant key of ``m`` and every
    name its evidence sentence mentions (``named``: a tie can join a participant to a name)."""
    roles = ("actors", "recipients", "named")
    keys = sorted({k for role in roles for kind in m.keys.get(role, []) for k in kind})
    return [f"{prefix}|{k}" for prefix in (*types, f"#{m.cameo_root}") for k in keys]


def _batches(branches: list[tuple[str, list[Any]]]) -> Iterable[list[tuple[str, list[Any]]]]:
    """UNION branches grouped into statements within SQLite's limits (almost always one statement)."""
    batch: list[tuple[str, list[Any]]] = []
    params = 0
    for branch in branches:
        if batch and (params + len(branch[1]) > MAX_PARAMS or len(batch) >= MAX_BRANCHES):
            yield batch
            batch, params = [], 0
        batch.append(branch)
        params += len(branch[1])
    if batch:
        yield batch


class CanonicalMixin:
    """Canonical-event maintenance and queries for ``Store`` (needs ``conn``, ``dialect``, ``events``)."""

    conn: Any
    dialect: Any

    # -- maintenance (inside the caller's transaction) ----------------------------------------------------

    def _canonical_add(self, analysis: Analysis) -> None:
        """Link the new article's events to what is stored and unite the components they touch.

        A constant number of statements per article (what matters on PostgreSQL, where each is a round
        trip): one candidate query for all mentions, one for the smallest member of the stored canonical
        events they link to (when they link to any), then the writes in one pipeline (see ``_join``).
        """
        rules = canonical.load()
        article = analysis.article
        new = [canonical.Mention.of_event(f"{article.id}/{ev.id}", ev, article, rules, analysis.entities)
               for ev in analysis.events]
        if not new:
            return
        mergeable = [m for m in new if m.span_days <= rules.max_span_days]  # others never merge: no keys
        links: list[tuple[str, str, canonical.Decision]] = []
        owners: dict[str, str] = {}  # stored mention linked to -> its canonical event
        for m, candidates in zip(mergeable, self._candidates(mergeable, rules, article.id), strict=True):
            for other, owner in candidates.values():
                # Judged in id order, so the stored reasons read the same whichever article came first.
                first, second = sorted((m, other), key=lambda x: x.id)
                decision = canonical.compare(first, second, rules)
                if decision.merge:
                    links.append((min(m.id, other.id), max(m.id, other.id), decision))
                    owners[other.id] = owner
        self._join(new, mergeable, links, owners)

    def _canonical_remove(self, article_id: str) -> None:
        """Forget an article's mentions and links; re-split the components it was part of."""
        stale = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT canonical_id FROM canonical_members WHERE article_id = ?", (article_id,))}
        pipeline = getattr(self.conn, "pipeline", None)
        with pipeline() if pipeline else contextlib.nullcontext():
            self.conn.execute("DELETE FROM canonical_links WHERE article_id = ?", (article_id,))
            self.conn.execute("DELETE FROM canonical_links WHERE other_article_id = ?", (article_id,))
            self.conn.execute("DELETE FROM canonical_members WHERE article_id = ?", (article_id,))
            self.conn.execute("DELETE FROM canonical_keys WHERE article_id = ?", (article_id,))
        self._split(stale)

    def rebuild_canonical(self) -> int:
        """Recompute every canonical event from the stored analyses (after a rules change or a migration).

        Runs in one transaction; returns the number of canonical events.
        """
        with self._transaction():  # type: ignore[attr-defined]
            for table in ("canonical_links", "canonical_keys", "canonical_members", "canonical_events",
                          "canonical_dirty"):
                self.conn.execute(f"DELETE FROM {table}")
            for analysis in self.analyses():  # type: ignore[attr-defined]
                self._canonical_add(analysis)
            self._record_rules()
        return self.count_canonical_events()

    def canonical_rules_current(self) -> bool:
        """True when the stored canonical events were built with the rules this eventwire has.

        A store whose events predate the record (or were built with an edited ``rules.yaml`` or older
        mention facts) is not current: ``rebuild_canonical`` (``eventwire events rebuild``) makes it so.
        """
        row = self.conn.execute("SELECT value FROM canonical_state WHERE key = 'rules'").fetchone()
        return row is not None and row[0] == canonical.rules.fingerprint()

    def _record_rules(self) -> None:
        self.conn.execute("DELETE FROM canonical_state WHERE key = 'rules'")
        self.conn.execute("INSERT INTO canonical_state (key, value) VALUES ('rules', ?)",
                          (canonical.rules.fingerprint(),))

    def _canonical_backfill(self) -> None:
        """Give canonical events to events stored before the canonical tables existed (cheap when none)."""
        missing = self.conn.execute(
            "SELECT 1 FROM events e WHERE NOT EXISTS"
            " (SELECT 1 FROM canonical_members m WHERE m.event_id = e.id) LIMIT 1"
        ).fetchone()
        if missing:
            self.rebuild_canonical()
            return
        recorded = self.conn.execute("SELECT 1 FROM canonical_state WHERE key = 'rules'").fetchone()
        empty = self.conn.execute("SELECT 1 FROM canonical_members LIMIT 1").fetchone() is None
        if recorded is None and empty:  # a new store: whatever it ingests is built with today's rules
            with self._transaction():  # type: ignore[attr-defined]
                self._record_rules()

    def _candidates(self, mentions: list[canonical.Mention], rules: canonical.Rules,
                    article_id: str) -> list[dict[str, tuple[canonical.Mention, str]]]:
        """For each of ``mentions`` (in order), the stored mentions it could be linked to (compatible type
        or same root, a shared participant key, overlapping days), each with its canonical event.

        One statement for the whole article (more only past the bound-parameter limits): each mention
        is one indexed branch of a UNION, exactly the look-up it would make on its own.
        """
        found: list[dict[str, tuple[canonical.Mention, str]]] = [{} for _ in mentions]
        branches: list[tuple[str, list[Any]]] = []
        for index, m in enumerate(mentions):
            earliest = (date.fromisoformat(m.lo) - timedelta(days=rules.max_span_days)).isoformat()
            for chunk in chunks(_blocks(m, rules.compatible(m.type))):
                branches.append((CANDIDATE_BRANCH.format(index=index, marks=marks(chunk)),
                                 [*chunk, earliest, m.hi, m.lo, article_id]))
        for batch in _batches(branches):
            sql = CANDIDATES.format(branches=" UNION ".join(branch for branch, _ in batch))
            for row in self.conn.execute(sql, [p for _, params in batch for p in params]):
                found[row[0]].setdefault(row[1], (_mention(row[3]), row[2]))
        return found

    def _anchors(self, canonical_ids: list[str]) -> dict[str, str]:
        """The smallest member of each stored canonical event in ``canonical_ids`` (one indexed MIN
        each, in one statement)."""
        found: dict[str, str] = {}
        for chunk in chunks(canonical_ids):
            found.update((r[0], r[1]) for r in self.conn.execute(ANCHORS.format(marks=marks(chunk)), chunk))
        return found

    def _join(self, new: list[canonical.Mention], mergeable: list[canonical.Mention],
              links: list[tuple[str, str, canonical.Decision]], owners: dict[str, str]) -> None:
        """Store the new mentions, keys and links, and unite the canonical events they link to.

        Adding only ever unites components, so this works on whole canonical events: the union is
        computed in Python over the new mentions and the stored canonical events linked to (never their
        members), the new members are written with their final canonical id, and each absorbed event's
        members move with one set-based UPDATE: the cost does not grow with the events' size. The id of
        a union is the hash of its smallest member (the smallest members of the stored events linked to
        are read in one query). Aggregates are marked stale here and recomputed by
        ``refresh_canonical`` before the next read. All writes go in one pipeline on PostgreSQL (one round
        trip).
        """
        old = sorted(set(owners.values()))
        stored = set(old)
        anchors = self._anchors(old)
        edges = [(owners.get(a, a), owners.get(b, b)) for a, b, _ in links]
        owner_of: dict[str, str] = {}  # new mention -> its canonical event
        moves: list[tuple[str, str]] = []  # (canonical id, absorbed stored canonical id)
        fresh_ids: list[str] = []
        for group in canonical.components(sorted(set(old) | {m.id for m in new}), edges):
            olds = [n for n in group if n in stored]
            fresh = [n for n in group if n not in stored]
            cid = canonical.canonical_id(fresh + [anchors[c] for c in olds])
            owner_of.update((n, cid) for n in fresh)
            moves += [(cid, c) for c in olds if c != cid]
            fresh_ids.append(cid)
        pipeline = getattr(self.conn, "pipeline", None)
        with pipeline() if pipeline else contextlib.nullcontext():
            self.conn.executemany(
                INSERT_MEMBER,
                [(m.id, owner_of[m.id], m.article_id, m.type, m.cameo_root, m.lo, m.hi,
                  json.dumps(m.to_json(), ensure_ascii=False)) for m in new],
            )
            self.conn.executemany(INSERT_KEY, [(b, m.lo, m.hi, m.id, m.article_id) for m in mergeable
                                               for b in _blocks(m, [m.type])])
            self.conn.executemany(
                INSERT_LINK,
                [(a, b, a.rsplit("/", 1)[0], b.rsplit("/", 1)[0], d.score,
                  json.dumps(d.reasons, ensure_ascii=False)) for a, b, d in links],
            )
            self.conn.executemany(MOVE, moves)
            self._stale(old, fresh_ids)

    def _split(self, stale: set[str]) -> None:
        """Recompute the membership of the canonical events ``stale`` from their remaining members' links
        (after a removal: they may fall apart)."""
        current: dict[str, str] = {}  # member -> its canonical event now
        for chunk in chunks(sorted(stale)):
            sql = ("SELECT event_id, canonical_id FROM canonical_members"
                   f" WHERE canonical_id IN ({marks(chunk)})")
            current.update((r[0], r[1]) for r in self.conn.execute(sql, chunk))
        ids = list(current)
        edges: list[tuple[str, str]] = []
        for chunk in chunks(sorted(ids)):
            sql = f"SELECT event_id, other_id FROM canonical_links WHERE event_id IN ({marks(chunk)})"
            edges += [(r[0], r[1]) for r in self.conn.execute(sql, chunk)]
        owner_of: list[tuple[str, str]] = []  # (new canonical id, member): only those that change
        fresh: list[str] = []
        for group in canonical.components(ids, edges):
            cid = canonical.canonical_id(group)
            owner_of += [(cid, m) for m in group if current[m] != cid]
            fresh.append(cid)
        pipeline = getattr(self.conn, "pipeline", None)
        with pipeline() if pipeline else contextlib.nullcontext():
            self.conn.executemany(SET_OWNER, owner_of)
            self._stale(sorted(stale), fresh)

    def _stale(self, gone: list[str], fresh: list[str]) -> None:
        """Drop the rows of canonical events that no longer exist (``gone``); mark ``fresh`` for
        re-aggregation. Three statements whatever the number of events."""
        self.conn.executemany(DROP_EVENT, [(c,) for c in gone])
        self.conn.executemany(UNMARK, [(c,) for c in sorted(set(gone) | set(fresh))])
        self.conn.executemany(MARK, [(c,) for c in sorted(set(fresh))])

    def refresh_canonical(self) -> int:
        """Aggregate every canonical event whose members changed since its row was written.

        Ingest only maintains membership and links (cheap whatever the size of the events); the queries
        below call this first, so readers always see current aggregates. Returns how many were refreshed.
        """
        if self.conn.execute("SELECT 1 FROM canonical_dirty LIMIT 1").fetchone() is None:
            return 0
        if getattr(self.conn, "in_transaction", False):
            return self._refresh_dirty()
        with self._transaction():  # type: ignore[attr-defined]
            return self._refresh_dirty()

    def _refresh_dirty(self) -> int:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM canonical_dirty ORDER BY id")]
        for cid in ids:
            rows = self.conn.execute(
                "SELECT event_id, features FROM canonical_members WHERE canonical_id = ?", (cid,))
            members = {r[0]: _mention(r[1]) for r in rows}
            edges: list[tuple[str, str]] = []
            for chunk in chunks(sorted(members)):
                sql = f"SELECT event_id, other_id FROM canonical_links WHERE event_id IN ({marks(chunk)})"
                edges += [(r[0], r[1]) for r in self.conn.execute(sql, chunk)]
            self.conn.execute("DELETE FROM canonical_events WHERE id = ?", (cid,))
            if members:
                row = canonical.aggregate(list(members.values()), edges)
                values = [json.dumps(row[k], ensure_ascii=False) if k in ("context", "actors", "recipients")
                          else row[k] for k in CANONICAL_COLUMNS]
                self.conn.execute(INSERT_CANONICAL, values)
        self.conn.execute("DELETE FROM canonical_dirty")
        return len(ids)

    # -- queries ----------------------------------------------------------------------------------------

    def _add_canonical_ids(self, rows: list[dict[str, Any]], known: dict[str, str] | None = None) -> None:
        """Give each ``Store.events`` row the ``canonical_id`` of its canonical event (read, unless
        ``known`` gives them all)."""
        ids = [r["id"] for r in rows]
        found: dict[str, str] = dict(known or {})
        for chunk in chunks([i for i in ids if i not in found]):
            sql = f"SELECT event_id, canonical_id FROM canonical_members WHERE event_id IN ({marks(chunk)})"
            found.update((r[0], r[1]) for r in self.conn.execute(sql, chunk))
        for row in rows:
            row["canonical_id"] = found.get(row["id"])

    def _canonical_query(self, f: Filters) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        member_of = (
            "c.id IN (SELECT m.canonical_id FROM canonical_members m JOIN {table} ON {on} WHERE {cond})"
        )
        if f.type:
            where.append("c.type = ?")
            params.append(f.type.upper())
        if f.quad_class is not None:
            where.append("c.quad_class = ?")
            params.append(int(f.quad_class))
        if f.actor:
            where.append(member_of.format(
                table="event_participants p", on="p.event_id = m.event_id",
                cond="p.name LIKE ? ESCAPE '\\' OR p.entity_id = ? OR p.code = ?"))
            params += [_like(f.actor), f.actor, f.actor.upper()]
        if f.country:
            where.append("(c.location_country = ? OR " + member_of.format(
                table="event_participants p", on="p.event_id = m.event_id", cond="p.country = ?") + ")")
            params += [f.country.upper(), f.country.upper()]
        if f.since:
            where.append("COALESCE(c.date_hi, c.last_reported) >= ?")
            params.append(f.since)
        if f.until:
            where.append("COALESCE(c.date_lo, c.first_reported) <= ?")
            params.append(f.until)
        if f.q:
            where.append("(c.summary LIKE ? ESCAPE '\\' OR " + member_of.format(
                table="events e", on="e.id = m.event_id",
                cond="e.evidence_text LIKE ? ESCAPE '\\' OR e.trigger_text LIKE ? ESCAPE '\\'") + ")")
            params += [_like(f.q), _like(f.q), _like(f.q)]
        sql = f"SELECT {', '.join('c.' + c for c in CANONICAL_COLUMNS)} FROM canonical_events c"
        return sql + (" WHERE " + " AND ".join(where) if where else ""), params

    def canonical_events(self, filters: Filters | None = None, order: str = "date") -> list[dict[str, Any]]:
        """Canonical events matching ``filters`` (as ``events``), one row each; ``order``: date (when it
        happened), mentions (most reported first) or reported (latest report first)."""
        f = filters or Filters()
        if order not in ORDERS:
            raise ValueError(f"order must be one of {sorted(ORDERS)}, not {order!r}")
        self.refresh_canonical()
        sql, params = self._canonical_query(f)
        query: Query = self.dialect._limited(f"{sql} ORDER BY {ORDERS[order]}", params, f)
        return [_decoded(dict(r)) for r in self.conn.execute(query.sql, query.params)]

    def count_canonical_events(self, filters: Filters | None = None) -> int:
        """How many canonical events match ``filters`` (limit and offset ignored): paging totals."""
        self.refresh_canonical()
        sql, params = self._canonical_query(filters or Filters())
        return int(self.conn.execute(f"SELECT COUNT(*) FROM ({sql}) n", params).fetchone()[0])

    def canonical_event(self, canonical_id: str) -> dict[str, Any] | None:
        """One canonical event with its ``mentions`` (event rows, by article date) and the ``links``
        (pairwise decisions with score and reasons) that joined them."""
        self.refresh_canonical()
        sql = f"SELECT {', '.join(CANONICAL_COLUMNS)} FROM canonical_events WHERE id = ?"
        row = self.conn.execute(sql, (canonical_id,)).fetchone()
        if row is None:
            return None
        return self._with_details([_decoded(dict(row))])[0]

    def canonical_events_detailed(self, filters: Filters | None = None,
                                  order: str = "date") -> Iterator[dict[str, Any]]:
        """``canonical_events`` rows, each completed as ``canonical_event`` completes it (``mentions`` and
        ``links``), for exports.

        The details are read for ``CHUNK`` events at a time: a constant number of statements per chunk
        (members, their event rows, participants, links), instead of six or seven per event, which on
        PostgreSQL are as many round trips. A canonical event merged away by a concurrent ingest between
        the reads comes back with no ``mentions``.
        """
        rows = self.canonical_events(filters, order)
        for start in range(0, len(rows), CHUNK):
            yield from self._with_details(rows[start : start + CHUNK])

    def _with_details(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``events`` (canonical event rows) with their ``mentions`` and ``links`` added, read in chunks."""
        members: dict[str, list[str]] = {e["id"]: [] for e in events}
        for chunk in chunks(list(members)):
            sql = ("SELECT canonical_id, event_id FROM canonical_members"
                   f" WHERE canonical_id IN ({marks(chunk)}) ORDER BY canonical_id, event_id")
            for r in self.conn.execute(sql, chunk):
                members[r[0]].append(r[1])
        owner = {m: cid for cid, ids in members.items() for m in ids}
        mentions: dict[str, list[dict[str, Any]]] = {cid: [] for cid in members}
        for row in self._event_rows(list(owner), owner):  # already in mention order
            mentions[owner[row["id"]]].append(row)
        links: dict[str, list[dict[str, Any]]] = {cid: [] for cid in members}
        for chunk in chunks(list(owner)):
            sql = (f"SELECT event_id, other_id, score, reasons FROM canonical_links"
                   f" WHERE event_id IN ({marks(chunk)})")
            for r in self.conn.execute(sql, chunk):
                links[owner[r[0]]].append(
                    {"event_id": r[0], "other_id": r[1], "score": r[2], "reasons": json.loads(r[3])})
        for event in events:
            event["mentions"] = mentions[event["id"]]
            event["links"] = sorted(links[event["id"]], key=lambda link: (link["event_id"], link["other_id"]))
        return events

    def _event_rows(self, ids: list[str], owners: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """``Store.events`` rows for these event ids, by article date then position (``owners``: their
        canonical ids, when the caller knows them)."""
        base = self.dialect.events(Filters(), "article")
        rows: list[dict[str, Any]] = []
        for chunk in chunks(ids):
            sql = f"SELECT * FROM ({base.sql}) ev WHERE ev.id IN ({marks(chunk)})"
            rows += [dict(r) for r in self.conn.execute(sql, [*base.params, *chunk])]
        self._complete_event_rows(rows, owners)
        # "V2" before "V10": local ids sort by length first.
        return sorted(rows, key=lambda r: (r["article_date"], r["article_id"], len(r["local_id"]),
                                           r["local_id"]))


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("context", "actors", "recipients"):
        row[key] = json.loads(row[key]) if row[key] else []
    return row
