"""Noticing database changes cheaply, and a response cache that never outlives one.

Why: the timeline and the first page of events are what every visitor of the web view asks for first, and
on a large database they are aggregates over every canonical event. Answering repeats from memory keeps
the API fast under load; correctness comes from noticing *every* change, whoever made it (this server's
POST, ``eventwire ingest`` in another process, another server).

``ChangeWatch.token()`` is a value that changes whenever the database changed:

- SQLite: ``PRAGMA data_version`` of one dedicated connection that never writes. It changes whenever any
  other connection (another process, or this process's own writer threads) committed since it was last
  read, and reading it costs microseconds.
- other backends (PostgreSQL): a fingerprint of the articles table (row count, latest ``ingested_at``),
  plus a clock tick every ``ttl`` seconds so that a replacement within the same second is seen then.

Answers are cached under the token they were computed after; an answer computed while a change committed
is filed under the older token, which no later request asks for.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from typing import Any

from eventwire.store import Store

FINGERPRINT = "SELECT COUNT(*) AS n, MAX(ingested_at) AS latest FROM articles"


class ChangeWatch:
    """``token(store)`` changes whenever the database behind ``store`` changed."""

    def __init__(self, store: Store, ttl: float = 5.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        if getattr(store.dialect, "name", "") == "sqlite" and store.path != ":memory:":
            self._conn = sqlite3.connect(store.path, check_same_thread=False, isolation_level=None)

    @property
    def exact(self) -> bool:
        """True when every commit is seen at once (SQLite); else changes may take up to ``ttl`` seconds."""
        return self._conn is not None

    def token(self, store: Store | None) -> Any:
        """The current change token; ``store`` (for its connection) is only needed when not ``exact``."""
        if self._conn is not None:
            with self._lock:
                return ("v", self._conn.execute("PRAGMA data_version").fetchone()[0])
        if store is None:
            raise ValueError("this backend needs a store connection to read its fingerprint")
        row = store.conn.execute(FINGERPRINT).fetchone()
        return ("f", row[0], row[1], int(time.monotonic() // self.ttl))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


class ResponseCache:
    """LRU of answers keyed by (change token, endpoint, normalized parameters); thread-safe.

    Bounded by the bytes it holds (``budget``), not by a count: a page of events is tens of kilobytes,
    a ten-year daily timeline half a megabyte, and a count a few bytes.
    """

    def __init__(self, budget: int = 64 * 1024 * 1024) -> None:
        self.budget = budget
        self._entries: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._token: Any = None
        self.hits = self.misses = 0

    def get(self, token: Any, key: Any) -> Any:
        with self._lock:
            if token != self._token:  # the database changed: every entry is stale
                self._entries.clear()
                self._size = 0
                self._token = token
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, token: Any, key: Any, value: Any) -> None:
        size = len(value) if isinstance(value, bytes | str) else 64
        with self._lock:
            if token != self._token or size > self.budget:  # computed before a change, or too big
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._entries[key] = (value, size)
            self._size += size
            while self._size > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= dropped
