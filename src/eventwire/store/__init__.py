"""The article store: analyses in, filtered events, timelines, quotes, entities and search out.

``Store(url)`` opens (and migrates) a SQLite database; every statement comes from the dialect in
``store/sql.py`` so that a PostgreSQL dialect can be added without touching this module's logic.

Guarantees the rest of eventwire relies on:

- **One transaction per article.** ``ingest`` writes an article and all its rows, or nothing; a crash or an
  error midway leaves the previous state (WAL mode, ``BEGIN IMMEDIATE``, rollback on any exception).
- **Idempotent by content hash.** The same article again is ``"unchanged"`` and writes nothing; a changed
  article with the same id has its old rows deleted and the new ones written in that same transaction
  (``"replaced"``).
- **Round trip.** The full ``Analysis`` JSON is stored with the article, so ``Store.analysis(id)`` returns
  exactly what was ingested.
- **Parameters only.** User input never becomes SQL text; FTS5 syntax errors in a search fall back to a
  plain word search instead of failing.
"""

from __future__ import annotations

import calendar
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from eventwire.model import Analysis, Entity, Event, Participant, Quote, Timex
from eventwire.store.sql import Filters, Query, SQLiteDialect

__all__ = ["DEFAULT_DB", "Filters", "Outcome", "Store", "StoreError", "date_range", "db_path"]

DEFAULT_DB = "eventwire.db"
Outcome = Literal["added", "unchanged", "replaced"]


class StoreError(RuntimeError):
    """The database cannot be opened or used (bad URL, unsupported backend, newer schema)."""


def db_path(url: str | Path) -> str:
    """The SQLite file for ``url``: a path, ``sqlite:///relative``, ``sqlite:////abs`` or ``:memory:``."""
    text = str(url)
    if text.startswith("sqlite://"):
        rest = text[len("sqlite://") :]
        if rest in ("", "/", "/:memory:"):
            return ":memory:"
        if not rest.startswith("/"):
            raise StoreError(f"bad SQLite URL {text!r}: expected sqlite:///path")
        return rest[1:]
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"unsupported database {scheme!r} in {text!r}: only SQLite (a path or sqlite:///path)")
    return text


_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last ISO day covered by a precision-keeping date ("2022-02" -> 2022-02-01..2022-02-28).

    Range filters compare these, so a month-precision event counts as inside any range it overlaps.
    Anything that is not a calendar date (e.g. "2022-W05", "PAST_REF") gives ``(None, None)``.
    """
    m = _DAY.match(value or "")
    if not m:
        return None, None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            iso = datetime(year, int(month), int(day)).date().isoformat()
            return iso, iso
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return f"{year:04d}-{int(month):02d}-01", f"{year:04d}-{int(month):02d}-{last:02d}"
    except ValueError:
        return None, None
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _fts_fallback(text: str) -> str | None:
    """The query as a conjunction of quoted words: always valid FTS5, whatever characters it held."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A SQLite database of analysed articles (schema migrated on open, WAL mode, single writer)."""

    def __init__(self, url: str | Path = DEFAULT_DB) -> None:
        self.dialect = SQLiteDialect()
        self.path = db_path(url)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: no implicit transactions; we BEGIN/COMMIT ourselves, per article.
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path!r}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            for pragma in self.dialect.pragmas:
                self.conn.execute(pragma)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"cannot use database {self.path!r}: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute(self.dialect.current_version).fetchone()[0])

    def _migrate(self) -> None:
        """Apply the pending migration steps, each in its own transaction together with its version row."""
        self.conn.execute(self.dialect.create_version_table)
        target = len(self.dialect.migrations)
        if self.schema_version > target:
            raise StoreError(
                f"database schema version {self.schema_version} is newer than this eventwire ({target})"
            )
        for version, script in enumerate(self.dialect.migrations, start=1):
            with self._transaction():
                # Re-checked inside the write lock: another process may have migrated meanwhile.
                if self.schema_version >= version:
                    continue
                for statement in _statements(script):
                    self.conn.execute(statement)
                self.conn.execute(self.dialect.record_version, (version, _now()))

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.dialect.begin)

    # -- writing ---------------------------------------------------------------------------------------

    def is_current(self, article_id: str, content_hash: str) -> bool:
        """True when the article is stored with this content hash (re-analysing it would change nothing)."""
        row = self.conn.execute(self.dialect.article_hash, (article_id,)).fetchone()
        return row is not None and row[0] == content_hash

    def ingest(self, analysis: Analysis, *, force: bool = False) -> Outcome:
        """Store one analysed article atomically; see the module docstring for the idempotence rules.

        ``force`` replaces the stored rows even when the article is unchanged (after a pipeline upgrade).
        """
        article = analysis.article
        with self._transaction():
            row = self.conn.execute(self.dialect.article_hash, (article.id,)).fetchone()
            if row is not None and row[0] == article.content_hash and not force:
                return "unchanged"
            if row is not None:
                for statement in self.dialect.delete_article:
                    self.conn.execute(statement, (article.id,))
            self._insert(analysis)
        return "added" if row is None else "replaced"

    def record_error(self, source: str, reason: str) -> None:
        """Remember an input that could not be read or analysed (its own small transaction)."""
        with self._transaction():
            self.conn.execute(self.dialect.insert_error, (source, reason, _now()))

    def _insert(self, analysis: Analysis) -> None:
        d, a = self.dialect, analysis.article
        key = _Keys(a.id)
        self.conn.execute(
            d.insert_article,
            (a.id, a.date.isoformat(), a.title, a.source, a.publisher, a.url, a.text, a.content_hash,
             _now(), json.dumps(analysis.to_json(), ensure_ascii=False)),
        )
        for ent in analysis.entities:
            self._insert_entity(key, ent)
        for tx in analysis.timexes:
            self._insert_timex(key, tx)
        for ev in analysis.events:
            self._insert_event(key, ev)
        for qt in analysis.quotes:
            self._insert_quote(key, qt)

    def _insert_entity(self, key: _Keys, ent: Entity) -> None:
        d = self.dialect
        self.conn.execute(
            d.insert_entity,
            (key(ent.id), key.article, ent.id, ent.name, ent.kind, ent.country, ent.sector, ent.code,
             ent.role, ent.lat, ent.lon),
        )
        self.conn.executemany(
            d.insert_mention, [(key(ent.id), key.article, m.start, m.end, m.text) for m in ent.mentions]
        )

    def _insert_timex(self, key: _Keys, tx: Timex) -> None:
        self.conn.execute(
            self.dialect.insert_timex,
            (key(tx.id), key.article, tx.id, tx.start, tx.end, tx.text, tx.type, tx.value),
        )

    def _insert_event(self, key: _Keys, ev: Event) -> None:
        d = self.dialect
        lo, hi = date_range(ev.date)
        loc = ev.location
        basis = json.dumps(ev.date_basis) if ev.date_basis is not None else None
        self.conn.execute(
            d.insert_event,
            (key(ev.id), key.article, ev.id, ev.type, ev.mode, json.dumps(list(ev.context)), ev.cameo,
             ev.quad_class, ev.goldstein, ev.date, ev.date_precision, basis, lo, hi,
             loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
             loc.lon if loc else None, ev.modality, ev.trigger.start, ev.trigger.end, ev.trigger.text,
             ev.evidence.start, ev.evidence.end, ev.evidence.text, ev.confidence),
        )
        rows = [
            (key(ev.id), key.article, role, pos, p.name, key(p.entity) if p.entity else None, p.country,
             p.sector, p.code)
            for role, people in (("actor", ev.actors), ("recipient", ev.recipients))
            for pos, p in enumerate(people)
        ]
        self.conn.executemany(d.insert_participant, rows)
        self.conn.executemany(
            d.insert_event_mention, [(key(ev.id), key.article, m.start, m.end, m.text) for m in ev.mentions]
        )

    def _insert_quote(self, key: _Keys, qt: Quote) -> None:
        sp, cue = qt.speaker, qt.cue
        self.conn.execute(
            self.dialect.insert_quote,
            (key(qt.id), key.article, qt.id, qt.start, qt.end, qt.text, qt.kind,
             sp.name if sp else None, key(sp.entity) if sp and sp.entity else None,
             cue.start if cue else None, cue.end if cue else None, cue.text if cue else None),
        )

    # -- reading ---------------------------------------------------------------------------------------

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored Analysis of one article, exactly as it was ingested."""
        row = self.conn.execute(self.dialect.analysis_of, (article_id,)).fetchone()
        return Analysis.from_json(json.loads(row[0])) if row else None

    def analyses(self) -> Iterator[Analysis]:
        """Every stored Analysis, by article date."""
        for row in self.conn.execute(self.dialect.all_analyses):
            yield Analysis.from_json(json.loads(row[0]))

    def stats(self) -> dict[str, int]:
        row = self.conn.execute(self.dialect.counts).fetchone()
        return dict(zip(("articles", "entities", "timexes", "events", "quotes", "errors"), row, strict=True))

    def errors(self) -> list[dict[str, Any]]:
        return self._rows(Query(self.dialect.errors))

    def events(self, filters: Filters | None = None, order: str = "date") -> list[dict[str, Any]]:
        """Events matching ``filters``, each with ``actors`` and ``recipients`` lists.

        ``order="date"`` sorts by the event's own date (its first day; unknown dates take the article's),
        which is what a timeline shows; ``order="article"`` keeps article order.
        """
        rows = self._rows(self.dialect.events(filters or Filters(), order))
        for row in rows:
            row["context"] = json.loads(row["context"]) if row["context"] else []
            row["date_basis"] = json.loads(row["date_basis"]) if row["date_basis"] else None
            row["actors"], row["recipients"] = [], []
        by_id = {row["id"]: row for row in rows}
        ids = list(by_id)
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            sql = self.dialect.participants_of.format(marks=", ".join("?" * len(chunk)))
            for p in self.conn.execute(sql, chunk):
                person = Participant(p["name"], p["entity_id"], p["country"], p["sector"], p["code"])
                role = "actors" if p["role"] == "actor" else "recipients"
                by_id[p["event_id"]][role].append(person.to_json())
        return rows

    def quotes(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        return self._rows(self.dialect.quotes(filters or Filters()))

    def entities(self, filters: Filters | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        return self._rows(self.dialect.entities(filters or Filters(), kind))

    def search(self, text: str, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Full-text search over article titles/text and quotes, best match first.

        ``text`` may use FTS5 syntax (``"exact phrase"``, ``OR``, ``NOT``, ``prefix*``, ``title:word``);
        when it is not valid FTS5 (stray quotes, punctuation) it is searched as plain words, all required.
        """
        f = filters or Filters()
        try:
            return self._rows(self.dialect.search(text, f))
        except sqlite3.OperationalError:
            # FTS5 reports bad expressions with varied messages ("fts5: syntax error", "unterminated
            # string", "no such column"); the statement itself is fixed, so retry as plain words. A real
            # database problem (e.g. locked) simply fails again below.
            pass
        plain = _fts_fallback(text)
        return self._rows(self.dialect.search(plain, f)) if plain else []

    def _rows(self, query: Query) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute(query.sql, query.params)]


class _Keys:
    """Turns per-article ids ("E1") into store keys ("<article>/E1")."""

    def __init__(self, article: str) -> None:
        self.article = article

    def __call__(self, local: str) -> str:
        return f"{self.article}/{local}"


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK when the block raises (including KeyboardInterrupt)."""

    def __init__(self, conn: sqlite3.Connection, begin: str) -> None:
        self.conn, self.begin = conn, begin

    def __enter__(self) -> None:
        self.conn.execute(self.begin)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements (``CREATE TRIGGER ... END;`` kept whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise StoreError(f"incomplete SQL statement in migration: {buffer.strip()[:80]!r}")
