"""An in-memory, columnar copy of the canonical events for the two hot read paths: listing and timeline.

Why: ``/api/events`` and ``/api/timeline`` take any mix of filters, several of which are substring
matches (actor name, evidence text) that no B-tree index serves; on 100,000 events each such request
scans tables in SQL, and 20 concurrent clients queue behind those scans. Here every filter is a numpy
mask over arrays held by the process (types, quad classes, day numbers; participants and evidence texts
as inverted lists), so a request costs a few milliseconds whatever it filters on. Only the page of
events finally shown is read from the database, by primary key.

It answers exactly what the store's SQL answers (``Store.canonical_events`` / ``count_canonical_events``,
the timeline query of ``queries.counts_by_quad``): the same filter meanings, including LIKE's ASCII-only
case folding, and the same order. ``tests/test_api_readmodel.py`` checks the two against each other.

Freshness: a snapshot is tagged with the change token (``cache.ChangeWatch``) read before it was built,
and is only used while the token is unchanged. When the data changes, requests go to SQL while one
background thread builds the next snapshot, so ingesting never makes the API wait for a rebuild.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from eventwire.store import Filters, Store
from eventwire.store.canonical import CANONICAL_COLUMNS

log = logging.getLogger("eventwire.api")

# SQLite's LIKE folds ASCII letters only; folding the same way keeps both answers identical.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_EPOCH = date(1970, 1, 1).toordinal()  # numpy's datetime64 counts days from 1970-01-01
_QUADS = ("1", "2", "3", "4")
_WORD = re.compile(r"\w+")
_SEP = "\x00"  # between texts in the searchable blob: no needle can contain it (checked)


def fold(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


@dataclass
class Snapshot:
    """The canonical events in listing order, as arrays and inverted lists (see the module docstring)."""

    token: Any
    ids: list[str]
    lo: np.ndarray  # first day (ordinal) of COALESCE(date_lo, first_reported)
    hi: np.ndarray  # last day (ordinal) of COALESCE(date_hi, last_reported)
    month: np.ndarray  # year * 12 + month - 1 of ``lo``
    quad: np.ndarray
    types: dict[str, np.ndarray]
    countries: dict[str, np.ndarray]  # participant country or place -> event positions
    names: list[tuple[str, np.ndarray]]  # folded participant name -> event positions
    entities: dict[str, np.ndarray]
    codes: dict[str, np.ndarray]
    texts: list[str]  # folded summaries, evidence and trigger texts
    blob: str  # the same texts joined by _SEP, for C-speed counting and finding
    starts: np.ndarray  # offset of each text in ``blob``
    owners: np.ndarray  # event position of each text
    words: str  # every distinct word (maximal run of \w) of the texts, joined by _SEP
    word_starts: np.ndarray  # offset of each word in ``words``
    postings: list[np.ndarray]  # per word: the positions of the events whose texts have it

    @property
    def size(self) -> int:
        return len(self.ids)

    # -- filters ---------------------------------------------------------------------------------------

    def _members(self, positions: list[np.ndarray]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        for p in positions:
            mask[p] = True
        return mask

    def _text_hits(self, needle: str) -> np.ndarray:
        """Positions of events one of whose texts contains ``needle`` (already folded).

        A needle made of word characters only can only occur inside one word (a maximal run of them), so
        it is looked up in the distinct words, far fewer than the texts. Any other needle is found in the
        joined texts and mapped to its texts in one vectorized search; a needle so frequent that visiting
        every hit costs more than testing each text does that instead.
        """
        if _WORD.fullmatch(needle):
            hits = re.finditer(re.escape(needle), self.words)
            where = np.fromiter((m.start() for m in hits), dtype=np.int64)
            found = np.unique(np.searchsorted(self.word_starts, where, side="right") - 1)
            return np.concatenate([self.postings[k] for k in found.tolist()] or [np.zeros(0, dtype=np.int64)])
        if self.blob.count(needle) > 200_000:
            hits = [k for k, text in enumerate(self.texts) if needle in text]
            return self.owners[np.asarray(hits, dtype=np.int64)] if hits else np.zeros(0, dtype=np.int64)
        where = np.fromiter((m.start() for m in re.finditer(re.escape(needle), self.blob)), dtype=np.int64)
        texts = np.searchsorted(self.starts, where, side="right") - 1
        return self.owners[texts]

    def mask(self, f: Filters) -> np.ndarray:
        """Which events match ``f`` (the meaning of every filter is the store's)."""
        m = np.ones(self.size, dtype=bool)
        if f.type:
            m &= self._members([self.types.get(f.type.upper(), np.zeros(0, dtype=np.int64))])
        if f.quad_class is not None:
            m &= self.quad == int(f.quad_class)
        if f.since:
            m &= self.hi >= _day(f.since)
        if f.until:
            m &= self.lo <= _day(f.until)
        if f.country:
            m &= self._members([self.countries.get(f.country.upper(), np.zeros(0, dtype=np.int64))])
        if f.actor:
            needle = fold(f.actor)
            hits = [p for name, p in self.names if needle in name]
            hits += [self.entities[f.actor]] if f.actor in self.entities else []
            hits += [self.codes[f.actor.upper()]] if f.actor.upper() in self.codes else []
            m &= self._members(hits)
        if f.q:
            m &= self._members([self._text_hits(fold(f.q))])
        return m

    # -- answers ---------------------------------------------------------------------------------------

    def page(self, f: Filters) -> tuple[int, list[str]]:
        """The total and the ids of the requested page, in listing order."""
        positions = np.flatnonzero(self.mask(f))
        start = int(f.offset or 0)
        chosen = positions[start : start + f.limit] if f.limit is not None else positions[start:]
        return len(positions), [self.ids[i] for i in chosen]

    def buckets(self, f: Filters, bucket: str) -> list[dict[str, Any]]:
        """The ``/api/timeline`` buckets of the matching events, in time order."""
        names, starts, ends, counts = self._table(f, bucket)
        return [
            {"key": k, "start": a, "end": b, "count": sum(c),
             "by_quad_class": dict(zip(_QUADS, c, strict=True))}
            for k, a, b, c in zip(names, starts, ends, counts, strict=True)
        ]

    def timeline_json(self, f: Filters, bucket: str) -> bytes:
        """The whole ``/api/timeline`` answer as JSON, written directly: years of daily bars are thousands
        of buckets, and building then encoding a dict for each would cost more than finding them."""
        names, starts, ends, counts = self._table(f, bucket)
        items = [
            f'{{"key":"{k}","start":"{a}","end":"{b}","count":{c1 + c2 + c3 + c4},'
            f'"by_quad_class":{{"1":{c1},"2":{c2},"3":{c3},"4":{c4}}}}}'
            for k, a, b, (c1, c2, c3, c4) in zip(names, starts, ends, counts, strict=True)
        ]
        total = sum(map(sum, counts))
        return f'{{"bucket":"{bucket}","total":{total},"buckets":[{",".join(items)}]}}'.encode()

    def _table(self, f: Filters, bucket: str) -> tuple[list[str], list[str], list[str], list[list[int]]]:
        """Keys, first and last days, and counts per quad class of the non-empty buckets, in time order:
        one ``bincount`` over the mask, and the keys and bounds formatted as arrays, not one by one."""
        m = self.mask(f)
        if not m.any():
            return [], [], [], []
        if bucket == "month":
            keys = self.month[m].astype(np.int64)
        elif bucket == "week":
            keys = (self.lo[m].astype(np.int64) - 1) // 7  # ordinal 1 (0001-01-01) is a Monday
        else:
            keys = self.lo[m].astype(np.int64)
        base = int(keys.min())
        combined = (keys - base) * 4 + (self.quad[m].astype(np.int64) - 1)
        table = np.bincount(combined, minlength=int(combined.max()) // 4 * 4 + 4).reshape(-1, 4)
        rows = np.flatnonzero(table.sum(axis=1))
        keys = rows + base
        if bucket == "month":
            first = ((keys // 12 - 1970) * 12 + keys % 12).astype("datetime64[M]")
            start = first.astype("datetime64[D]")
            end = (first + 1).astype("datetime64[D]") - 1
            names = np.datetime_as_string(first)
        else:
            start = (keys * 7 + 1 - _EPOCH if bucket == "week" else keys - _EPOCH).astype("datetime64[D]")
            end = start + (6 if bucket == "week" else 0)
            if bucket == "week":  # ISO week: the year and number of the week's Thursday
                thursday = start + 3
                jan1 = thursday.astype("datetime64[Y]").astype("datetime64[D]")
                number = (thursday - jan1).astype(np.int64) // 7 + 1
                years = np.datetime_as_string(thursday.astype("datetime64[Y]"))
                names = np.char.add(np.char.add(years, "-W"), np.char.zfill(number.astype(str), 2))
            else:
                names = np.datetime_as_string(start)
        starts, ends = np.datetime_as_string(start).tolist(), np.datetime_as_string(end).tolist()
        return names.tolist(), starts, ends, table[rows].tolist()


def can_answer(f: Filters) -> bool:
    """Filters whose text the snapshot matches exactly like SQL (no separator character inside)."""
    return not any(v and _SEP in v for v in (f.actor, f.q, f.country, f.type))


def build(store: Store, token: Any) -> Snapshot:
    """Read the canonical events, their participants and texts into a snapshot (call it inside one read
    transaction for a consistent copy; outside one, pending aggregates are refreshed first)."""
    conn = store.conn
    if not getattr(conn, "in_transaction", False):
        store.refresh_canonical()
    rows = conn.execute(
        "SELECT id, COALESCE(date_lo, first_reported) AS lo, COALESCE(date_hi, last_reported) AS hi,"
        " quad_class, type, location_country, summary FROM canonical_events"
        " ORDER BY COALESCE(date_lo, first_reported), first_reported, id"
    ).fetchall()
    ids = [r[0] for r in rows]
    where = {cid: i for i, cid in enumerate(ids)}
    lo = np.fromiter((_day(r[1]) for r in rows), dtype=np.int32, count=len(rows))
    hi = np.fromiter((_day(r[2]) for r in rows), dtype=np.int32, count=len(rows))
    month = np.fromiter((int(r[1][:4]) * 12 + int(r[1][5:7]) - 1 for r in rows), dtype=np.int32,
                        count=len(rows))
    quad = np.fromiter((r[3] for r in rows), dtype=np.int8, count=len(rows))
    types: dict[str, list[int]] = defaultdict(list)
    countries: dict[str, set[int]] = defaultdict(set)
    own_texts: list[set[str]] = [set() for _ in rows]  # per event: its summary, evidence and triggers
    for i, r in enumerate(rows):
        types[r[4]].append(i)
        if r[5]:
            countries[r[5]].add(i)
        own_texts[i].add(fold(r[6]))
    names: dict[str, set[int]] = defaultdict(set)
    entities: dict[str, set[int]] = defaultdict(set)
    codes: dict[str, set[int]] = defaultdict(set)
    for r in conn.execute(
        "SELECT m.canonical_id, p.name, p.entity_id, p.code, p.country FROM event_participants p"
        " JOIN canonical_members m ON m.event_id = p.event_id"
    ):
        i = where.get(r[0])
        if i is None:
            continue
        names[fold(r[1])].add(i)
        if r[2]:
            entities[r[2]].add(i)
        if r[3]:
            codes[r[3]].add(i)
        if r[4]:
            countries[r[4]].add(i)
    for r in conn.execute(
        "SELECT m.canonical_id, e.evidence_text, e.trigger_text FROM events e"
        " JOIN canonical_members m ON m.event_id = e.id"
    ):
        i = where.get(r[0])
        if i is not None:
            own_texts[i].update((fold(r[1]), fold(r[2])))
    # A text inside another text of the same event (a trigger in its sentence, the summary that is one
    # of the evidence sentences) can never decide a match: keeping only the others shrinks the blob.
    texts = [(i, t) for i, group in enumerate(own_texts) for t in group
             if not any(t != u and t in u for u in group)]
    folded = [t for _, t in texts]
    starts: list[int] = []
    pos = 0
    for t in folded:
        starts.append(pos)
        pos += len(t) + 1
    word_events: dict[str, list[int]] = defaultdict(list)
    for i, t in texts:
        for word in set(_WORD.findall(t)):
            word_events[word].append(i)
    vocabulary = sorted(word_events)
    word_starts: list[int] = []
    pos = 0
    for word in vocabulary:
        word_starts.append(pos)
        pos += len(word) + 1

    def arrays(groups: dict[str, Any]) -> dict[str, np.ndarray]:
        return {k: np.fromiter(sorted(v), dtype=np.int64) for k, v in groups.items()}

    return Snapshot(
        token=token, ids=ids, lo=lo, hi=hi, month=month, quad=quad, types=arrays(types),
        countries=arrays(countries), names=list(arrays(names).items()), entities=arrays(entities),
        codes=arrays(codes), texts=folded, blob=_SEP.join(folded),
        starts=np.asarray(starts, dtype=np.int64), words=_SEP.join(vocabulary),
        word_starts=np.asarray(word_starts, dtype=np.int64),
        postings=[np.unique(np.asarray(word_events[w], dtype=np.int64)) for w in vocabulary],
        owners=np.fromiter((i for i, _ in texts), dtype=np.int64, count=len(texts)),
    )


class ReadModel:
    """Holds the current snapshot and rebuilds it in the background when the data changed."""

    def __init__(
        self, open_store: Callable[[], Store], token_of: Callable[[Store], Any], min_events: int = 2000
    ) -> None:
        self._open = open_store
        self._token_of = token_of  # the change token (cache.ChangeWatch.token)
        self.min_events = min_events  # below this, SQL is as fast: no snapshot is built
        self._snapshot: Snapshot | None = None
        self._building = False
        self._lock = threading.Lock()
        self._not_before = 0.0  # monotonic time before which no rebuild starts (see ``_rebuild``)
        self.builds = 0

    def current(self, token: Any, size: Callable[[], int]) -> Snapshot | None:
        """The snapshot for ``token``, or None; then a rebuild starts (unless one is running) when the
        database holds at least ``min_events`` canonical events (``size()`` counts them)."""
        snap = self._snapshot
        if snap is not None and snap.token == token:
            return snap
        if not self._building and time.monotonic() >= self._not_before and size() >= self.min_events:
            self._start()
        return None

    def _start(self) -> None:
        with self._lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._rebuild, name="eventwire-readmodel", daemon=True).start()

    def _rebuild(self) -> None:
        started = time.perf_counter()
        try:
            store = self._open()
            try:
                store.refresh_canonical()  # aggregates are refreshed lazily, on read (a commit)
                # Read after that commit and before the snapshot's reads: the snapshot is never older
                # than its token (a change after this point gives a newer token, so it is not used).
                token = self._token_of(store)
                # One consistent read of all three tables, without taking the write lock.
                sqlite = getattr(store.dialect, "name", "") == "sqlite"
                store.conn.execute("BEGIN" if sqlite else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                try:
                    snap = build(store, token)
                finally:
                    store.conn.execute("COMMIT")
            finally:
                store.close()
            self._snapshot = snap
            self.builds += 1
            log.info("read model: %d canonical events in %.1f s", snap.size, time.perf_counter() - started)
        except Exception:  # the API keeps answering from SQL
            log.exception("read model rebuild failed")
        finally:
            # While articles keep arriving the snapshot is stale again at once: rebuilding back to back
            # would take a core from the ingest. Waiting twice the build time keeps it under a third.
            spent = time.perf_counter() - started
            with self._lock:
                self._building = False
                self._not_before = time.monotonic() + 2 * spent


_JSON_COLUMNS = ("context", "actors", "recipients")  # stored as JSON text in canonical_events


def _rows(store: Store, ids: list[str]) -> dict[str, Any]:
    store.refresh_canonical()
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT {', '.join(CANONICAL_COLUMNS)} FROM canonical_events WHERE id IN ({marks})"
    return {row["id"]: row for row in store.conn.execute(sql, ids)}


def decoded_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """The canonical event rows of ``ids`` (as ``Store.canonical_events`` gives them), in that order."""
    if not ids:
        return []
    found = _rows(store, ids)
    out = []
    for i in ids:
        if i in found:
            item = dict(found[i])
            for key in _JSON_COLUMNS:
                item[key] = json.loads(item[key]) if item[key] else []
            out.append(item)
    return out


def rows_json(store: Store, ids: list[str]) -> list[str]:
    """The same rows as ``decoded_rows``, each as JSON text: the JSON columns are spliced in as stored
    instead of being decoded and encoded again (most of the cost of a page of events)."""
    if not ids:
        return []
    found = _rows(store, ids)
    out = []
    for i in ids:
        row = found.get(i)
        if row is None:
            continue
        plain = {k: row[k] for k in CANONICAL_COLUMNS if k not in _JSON_COLUMNS}
        spliced = ",".join(f'"{k}":{row[k] or "[]"}' for k in _JSON_COLUMNS)
        out.append(json.dumps(plain, ensure_ascii=False, separators=(",", ":"))[:-1] + "," + spliced + "}")
    return out
