"""The article store: analyses in, filtered events, timelines, quotes, entities and search out.

``Store(url)`` opens (and migrates) a SQLite database (a path or ``sqlite:///path``) or a PostgreSQL one
(``postgresql://user@host:port/db``). Every statement comes from a dialect (``store/sql.py``,
``store/postgres.py``); on PostgreSQL ``Store.conn`` is an adapter with the ``sqlite3`` interface (``?``
placeholders, rows by name or position, ``sqlite3`` exception classes), so this module's logic and the
canonical-events mixin run unchanged on both backends.

Guarantees the rest of eventwire relies on:

- **One transaction per article.** ``ingest`` writes an article and all its rows, or nothing; a crash or an
  error midway leaves the previous state (WAL mode, ``BEGIN IMMEDIATE``, rollback on any exception). On
  PostgreSQL every write transaction takes one advisory lock, so writers queue exactly as on SQLite.
- **Idempotent by content hash.** The same article again is ``"unchanged"`` and writes nothing; a changed
  article with the same id has its old rows deleted and the new ones written in that same transaction
  (``"replaced"``).
- **Round trip.** The full ``Analysis`` JSON is stored with the article, so ``Store.analysis(id)`` returns
  exactly what was ingested.
- **Parameters only.** User input never becomes SQL text; FTS5 syntax errors in a search fall back to a
  plain word search instead of failing (PostgreSQL: the same syntax, translated to a ``tsquery``).
"""

from __future__ import annotations

import calendar
import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from eventwire.model import Analysis, Event, Participant, Quote
from eventwire.store.canonical import CanonicalMixin
from eventwire.store.sql import Filters, Query, SQLiteDialect, chunks, marks

__all__ = ["DEFAULT_DB", "Filters", "Outcome", "Store", "StoreError", "date_range", "db_path", "is_postgres"]

DEFAULT_DB = "eventwire.db"
Outcome = Literal["added", "unchanged", "replaced"]


class StoreError(RuntimeError):
    """The database cannot be opened or used (bad URL, unsupported backend, newer schema)."""


def is_postgres(url: str | Path) -> bool:
    """True for ``postgresql://`` and ``postgres://`` URLs."""
    return str(url).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """``url`` without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


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


class Store(CanonicalMixin):
    """A database of analysed articles (schema migrated on open, single writer): SQLite or PostgreSQL."""

    def __init__(self, url: str | Path = DEFAULT_DB) -> None:
        if is_postgres(url):
            self._open_postgres(str(url))
            return
        self.dialect: Any = SQLiteDialect()
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

    def _open_postgres(self, url: str) -> None:
        from eventwire.store.postgres import PostgresDialect, connect

        self.dialect = PostgresDialect()
        self.path = redact(url)
        try:
            self.conn: Any = connect(url)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path!r}: {exc}") from exc
        try:
            self._migrate()
        except sqlite3.Error as exc:
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
        with self._transaction():  # PostgreSQL: two processes may open a new database at once
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
        self._canonical_backfill()  # events stored before canonical events existed get theirs

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.dialect.begin, getattr(self.dialect, "write_lock", None))

    # -- writing ---------------------------------------------------------------------------------------

    def is_current(self, article_id: str, content_hash: str) -> bool:
        """True when the article is stored with this content hash (re-analysing it would change nothing)."""
        row = self.conn.execute(self.dialect.article_hash, (article_id,)).fetchone()
        return row is not None and row[0] == content_hash

    def ingest(self, analysis: Analysis, *, force: bool = False) -> Outcome:
        """Store one analysed article atomically; see the module docstring for the idempotence rules.

        ``force`` replaces the stored rows even when the article is unchanged (after a pipeline upgrade).
        """
        with self._transaction():
            return self._ingest_one(analysis, force)

    def record_error(self, source: str, reason: str) -> None:
        """Remember an input that could not be read or analysed (its own small transaction)."""
        with self._transaction():
            self.conn.execute(self.dialect.insert_error, (source, reason, _now()))

    def ingest_many(self, analyses: Sequence[Analysis], *, force: bool = False) -> list[Outcome]:
        """Store a batch of analyses in ONE transaction, all or nothing; the outcome of each, in order.

        For bulk loading (``eventwire load`` of batch Parquet, benchmarks): the rows of the whole batch are
        written together, with ``COPY`` on PostgreSQL (one round trip per table instead of one per row).
        The idempotence rules are those of ``ingest``. Any error rolls the whole batch back: callers that
        must keep the good articles of a batch with a bad one use ``ingest_each``.
        """
        ids = [a.article.id for a in analyses]
        if len(set(ids)) != len(ids):  # the same article twice: the later one replaces the earlier
            with self._transaction():
                return [self._ingest_one(a, force) for a in analyses]
        outcomes: list[Outcome] = []
        with self._transaction():
            stored: dict[str, str] = {}
            for chunk in chunks(ids):
                sql = self.dialect.article_hashes.format(marks=marks(chunk))
                stored.update((r[0], r[1]) for r in self.conn.execute(sql, chunk))
            rows: dict[str, list[tuple[Any, ...]]] = {}
            todo: list[Analysis] = []
            for analysis in analyses:
                article = analysis.article
                old = stored.get(article.id)
                if old is not None and old == article.content_hash and not force:
                    outcomes.append("unchanged")
                    continue
                if old is not None:
                    self._delete_article(article.id)
                outcomes.append("added" if old is None else "replaced")
                todo.append(analysis)
                for statement, values in self._rows_of(analysis):
                    rows.setdefault(statement, []).extend(values)
            for statement in self.dialect.insert_order:
                if rows.get(statement):
                    self._bulk_write(statement, rows[statement])
            for analysis in todo:
                self._canonical_add(analysis)
        return outcomes

    def ingest_each(self, analyses: Sequence[Analysis], *, force: bool = False) -> list[Outcome | Exception]:
        """``ingest_many``, falling back to one transaction per article when the batch fails on bad data;
        a failed article's entry is its exception (``sqlite3.IntegrityError`` on both backends)."""
        try:
            return list(self.ingest_many(analyses, force=force))
        except sqlite3.IntegrityError:
            pass
        results: list[Outcome | Exception] = []
        for analysis in analyses:
            try:
                results.append(self.ingest(analysis, force=force))
            except sqlite3.IntegrityError as exc:
                results.append(exc)
        return results

    def _ingest_one(self, analysis: Analysis, force: bool) -> Outcome:
        """``ingest`` without its own transaction (the caller holds one)."""
        article = analysis.article
        row = self.conn.execute(self.dialect.article_hash, (article.id,)).fetchone()
        if row is not None and row[0] == article.content_hash and not force:
            return "unchanged"
        if row is not None:
            self._delete_article(article.id)
        self._insert(analysis)
        self._canonical_add(analysis)
        return "added" if row is None else "replaced"

    def _delete_article(self, article_id: str) -> None:
        self._canonical_remove(article_id)
        for statement in self.dialect.delete_article:
            self.conn.execute(statement, (article_id,))

    def _bulk_write(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        """Many rows of one INSERT statement: COPY where the connection offers it, else executemany."""
        copy_rows = getattr(self.conn, "copy_rows", None)
        if copy_rows is None:
            self.conn.executemany(statement, rows)
            return
        m = _INSERT.match(statement)
        if m is None:
            raise StoreError(f"cannot bulk-load with {statement[:60]!r}")
        columns = [c.strip().strip('"') for c in m[2].split(",")]
        copy_rows(m[1], columns, rows)

    def _insert(self, analysis: Analysis) -> None:
        # PostgreSQL: the article's statements go to the server in one pipeline (one round trip, not ~20);
        # measured ~20% faster per article than a COPY per table, whose fixed cost is paid 8 times.
        pipeline = getattr(self.conn, "pipeline", None)
        with pipeline() if pipeline else contextlib.nullcontext():
            for statement, rows in self._rows_of(analysis):
                if len(rows) == 1:
                    self.conn.execute(statement, rows[0])
                elif rows:
                    self.conn.executemany(statement, rows)

    def _rows_of(self, analysis: Analysis) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """Every row one analysis stores, as (INSERT statement, rows), parents before children."""
        d, a = self.dialect, analysis.article
        key = _Keys(a.id)
        article = (a.id, a.date.isoformat(), a.title, a.source, a.publisher, a.url, a.text, a.content_hash,
                   _now(), json.dumps(analysis.to_json(), ensure_ascii=False))
        entities = [
            (key(e.id), key.article, e.id, e.name, e.kind, e.country, e.sector, e.code, e.role, e.lat, e.lon)
            for e in analysis.entities
        ]
        mentions = [(key(e.id), key.article, m.start, m.end, m.text) for e in analysis.entities
                    for m in e.mentions]
        timexes = [(key(t.id), key.article, t.id, t.start, t.end, t.text, t.type, t.value)
                   for t in analysis.timexes]
        events = [_event_row(key, ev, position) for position, ev in enumerate(analysis.events)]
        participants = [
            (key(ev.id), key.article, role, pos, p.name, key(p.entity) if p.entity else None, p.country,
             p.sector, p.code, p.country_basis)
            for ev in analysis.events
            for role, people in (("actor", ev.actors), ("recipient", ev.recipients))
            for pos, p in enumerate(people)
        ]
        event_mentions = [(key(ev.id), key.article, m.start, m.end, m.text) for ev in analysis.events
                          for m in ev.mentions]
        quotes = [_quote_row(key, q) for q in analysis.quotes]
        return [
            (d.insert_article, [article]),
            (d.insert_entity, entities),
            (d.insert_mention, mentions),
            (d.insert_timex, timexes),
            (d.insert_event, events),
            (d.insert_participant, participants),
            (d.insert_event_mention, event_mentions),
            (d.insert_quote, quotes),
        ]

    # -- reading ---------------------------------------------------------------------------------------

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored Analysis of one article, exactly as it was ingested."""
        row = self.conn.execute(self.dialect.analysis_of, (article_id,)).fetchone()
        return Analysis.from_json(json.loads(row[0])) if row else None

    def analyses_of(self, article_ids: Sequence[str]) -> dict[str, Analysis | None]:
        """The stored Analysis of each of ``article_ids`` (None when not stored), in one query per
        ``CHUNK`` ids: what exports that cite many articles read instead of one ``analysis`` each."""
        found: dict[str, Analysis | None] = dict.fromkeys(article_ids)
        for chunk in chunks(list(found)):
            for row in self.conn.execute(self.dialect.analyses_of.format(marks=marks(chunk)), chunk):
                found[row[0]] = Analysis.from_json(json.loads(row[1]))
        return found

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
        """Events matching ``filters``, each with ``actors``/``recipients`` lists and its ``canonical_id``.

        ``order="date"`` sorts by the event's own date (its first day; unknown dates take the article's),
        which is what a timeline shows; ``order="article"`` keeps article order.
        """
        rows = self._rows(self.dialect.events(filters or Filters(), order))
        self._complete_event_rows(rows)
        return rows

    def _complete_event_rows(self, rows: list[dict[str, Any]],
                             canonical_ids: dict[str, str] | None = None) -> None:
        """Decode the JSON columns of event rows and add their participants and ``canonical_id`` (read,
        unless ``canonical_ids`` has them)."""
        for row in rows:
            row["context"] = json.loads(row["context"]) if row["context"] else []
            row["date_basis"] = json.loads(row["date_basis"]) if row["date_basis"] else None
            row["actors"], row["recipients"] = [], []
        by_id = {row["id"]: row for row in rows}
        for chunk in chunks(list(by_id)):
            for p in self.conn.execute(self.dialect.participants_of.format(marks=marks(chunk)), chunk):
                person = Participant(p["name"], p["entity_id"], p["country"], p["sector"], p["code"],
                                     p["country_basis"])
                role = "actors" if p["role"] == "actor" else "recipients"
                by_id[p["event_id"]][role].append(person.to_json())
        self._add_canonical_ids(rows, canonical_ids)

    def quotes(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        return self._rows(self.dialect.quotes(filters or Filters()))

    def entities(self, filters: Filters | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        return self._rows(self.dialect.entities(filters or Filters(), kind))

    def search(self, text: str, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Full-text search over article titles/text and quotes, best match first.

        ``text`` may use FTS5 syntax (``"exact phrase"``, ``OR``, ``NOT``, ``prefix*``, ``title:word``);
        when it is not valid FTS5 (stray quotes, punctuation) it is searched as plain words, all required.
        """
        return self._search(text, filters or Filters(), total=False)

    def search_page(self, text: str, filters: Filters) -> tuple[int, list[dict[str, Any]]]:
        """How many hits ``search`` finds, and the page of them ``filters.limit``/``offset`` select.

        Counted and paged by the database, so only the page gets snippets (what a listing of a frequent
        word costs); the page holds exactly the rows ``search`` lists at those positions.
        """
        rows = self._search(text, filters, total=True)
        total = int(rows[0]["total"]) if rows else 0
        for row in rows:
            del row["total"]
        if not rows and filters.offset:  # paged past the end: count on a first page of one hit
            first = self._search(text, Filters(**{**vars(filters), "limit": 1, "offset": 0}), total=True)
            total = int(first[0]["total"]) if first else 0
        return total, rows

    def _search(self, text: str, f: Filters, total: bool) -> list[dict[str, Any]]:
        try:
            return self._rows(self.dialect.search(text, f, total))
        except sqlite3.OperationalError:
            # FTS5 reports bad expressions with varied messages ("fts5: syntax error", "unterminated
            # string", "no such column"); the statement itself is fixed, so retry as plain words. A real
            # database problem (e.g. locked) simply fails again below.
            pass
        plain = _fts_fallback(text)
        return self._rows(self.dialect.search(plain, f, total)) if plain else []

    def _rows(self, query: Query) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute(query.sql, query.params)]


class _Keys:
    """Turns per-article ids ("E1") into store keys ("<article>/E1")."""

    def __init__(self, article: str) -> None:
        self.article = article

    def __call__(self, local: str) -> str:
        return f"{self.article}/{local}"


_INSERT = re.compile(r"INSERT INTO (\w+) \(([^)]*)\) VALUES", re.IGNORECASE)


def _event_row(key: _Keys, ev: Event, position: int) -> tuple[Any, ...]:
    lo, hi = date_range(ev.date)
    loc = ev.location
    basis = json.dumps(ev.date_basis) if ev.date_basis is not None else None
    return (key(ev.id), key.article, ev.id, ev.type, ev.mode, json.dumps(list(ev.context)), ev.cameo,
            ev.quad_class, ev.goldstein, ev.date, ev.date_precision, basis, lo, hi,
            loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
            loc.lon if loc else None, ev.modality, ev.trigger.start, ev.trigger.end, ev.trigger.text,
            ev.evidence.start, ev.evidence.end, ev.evidence.text, ev.confidence, position)


def _quote_row(key: _Keys, qt: Quote) -> tuple[Any, ...]:
    sp, cue = qt.speaker, qt.cue
    return (key(qt.id), key.article, qt.id, qt.start, qt.end, qt.text, qt.kind,
            sp.name if sp else None, key(sp.entity) if sp and sp.entity else None,
            cue.start if cue else None, cue.end if cue else None, cue.text if cue else None)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK when the block raises (including KeyboardInterrupt).

    ``lock`` (PostgreSQL) runs right after BEGIN and blocks until no other writer holds the store: what
    SQLite's ``BEGIN IMMEDIATE`` does, so migrations and ingests never interleave.
    """

    def __init__(self, conn: Any, begin: str, lock: str | None = None) -> None:
        self.conn, self.begin, self.lock = conn, begin, lock

    def __enter__(self) -> None:
        self.conn.execute(self.begin)
        if self.lock:
            try:
                self.conn.execute(self.lock)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements (``CREATE TRIGGER ... END;`` kept whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer.strip() and line.lstrip().startswith("--"):  # a comment between statements
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise StoreError(f"incomplete SQL statement in migration: {buffer.strip()[:80]!r}")
