"""Every SQL statement the store runs, for the SQLite dialect.

The store's Python code (``store/__init__.py``) never writes SQL itself: it asks a ``Dialect`` for the
migrations, the insert/delete statements and the query builders. A PostgreSQL dialect is then one more
class with the same attributes (``tsvector`` instead of FTS5, ``%s`` instead of ``?``), not a rewrite.

Ids: every row is keyed by ``"<article id>/<per-article id>"`` (e.g. ``"abc123/E1"``) so analyses of
different articles never collide, and ``local_id`` keeps the per-article id of the JSON contract.
Event dates keep their precision (``date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); ``date_lo`` and
``date_hi`` are the first and last day that date covers, so range filters compare whole days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Ordered migrations: step N brings the schema from version N-1 to N. Never edit a released step; add one.
SQLITE_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        title TEXT,
        source TEXT,
        publisher TEXT,
        url TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        analysis TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date);

    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        country TEXT,
        sector TEXT,
        code TEXT,
        role TEXT,
        lat REAL,
        lon REAL
    );
    CREATE INDEX entities_article ON entities(article_id);
    CREATE INDEX entities_name ON entities(name);

    CREATE TABLE mentions (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE INDEX mentions_article ON mentions(article_id);

    CREATE TABLE timexes (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL
    );
    CREATE INDEX timexes_article ON timexes(article_id);

    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        context TEXT NOT NULL,
        cameo TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        date TEXT,
        date_precision TEXT,
        date_basis TEXT,
        date_lo TEXT,
        date_hi TEXT,
        location_name TEXT,
        location_country TEXT,
        lat REAL,
        lon REAL,
        modality TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date_lo);

    CREATE TABLE event_participants (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        entity_id TEXT,
        country TEXT,
        sector TEXT,
        code TEXT
    );
    CREATE INDEX participants_event ON event_participants(event_id);
    CREATE INDEX participants_article ON event_participants(article_id);
    CREATE INDEX participants_country ON event_participants(country);

    CREATE TABLE event_mentions (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX event_mentions_article ON event_mentions(article_id);

    CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        speaker_name TEXT,
        speaker_entity_id TEXT,
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text TEXT
    );
    CREATE INDEX quotes_article ON quotes(article_id);

    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );

    -- Full-text search over article titles + text and quote text. External-content tables: the text
    -- lives once, in articles/quotes; the triggers keep the index in step inside the same transaction.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    """,
    # Step 2: an explicit per-article order for events (their index in Analysis.events), so listings need
    # no SQLite rowid and sort the same on every backend. Rows stored before this step get it from their
    # local id ("V7" -> 6), which is the order they were emitted in.
    """
    ALTER TABLE events ADD COLUMN position INTEGER;
    UPDATE events SET position = CAST(SUBSTR(local_id, 2) AS INTEGER) - 1 WHERE position IS NULL;
    CREATE INDEX events_article_position ON events(article_id, position);
    """,
    # Step 3: canonical events (store/canonical.py). Members: one row per event, with its comparable facts
    # as JSON. Keys: the blocks candidate lookup searches (event type or CAMEO root + a participant key,
    # then a day_lo range). Links: the pairs judged to be one event, with why. Dirty: canonical events whose
    # aggregates must be recomputed before the next read. No foreign keys: rows are
    # deleted explicitly, before the events they describe, so the components they leave can be recomputed.
    """
    CREATE TABLE canonical_events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        mode TEXT,
        context TEXT NOT NULL,
        cameo TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        date TEXT,
        date_precision TEXT,
        date_lo TEXT,
        date_hi TEXT,
        location_name TEXT,
        location_country TEXT,
        lat REAL,
        lon REAL,
        modality TEXT NOT NULL,
        actors TEXT NOT NULL,
        recipients TEXT NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        first_reported TEXT NOT NULL,
        last_reported TEXT NOT NULL,
        confidence REAL NOT NULL,
        summary TEXT NOT NULL,
        best_event_id TEXT NOT NULL
    );
    CREATE INDEX canonical_events_date ON canonical_events(date_lo);
    CREATE INDEX canonical_events_type ON canonical_events(type);
    CREATE INDEX canonical_events_mentions ON canonical_events(num_mentions);

    CREATE TABLE canonical_members (
        event_id TEXT PRIMARY KEY,
        canonical_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        type TEXT NOT NULL,
        cameo_root TEXT NOT NULL,
        day_lo TEXT NOT NULL,
        day_hi TEXT NOT NULL,
        features TEXT NOT NULL
    );
    CREATE INDEX canonical_members_canonical ON canonical_members(canonical_id, event_id);
    CREATE INDEX canonical_members_article ON canonical_members(article_id);

    CREATE TABLE canonical_links (
        event_id TEXT NOT NULL,
        other_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        other_article_id TEXT NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (event_id, other_id)
    );
    CREATE INDEX canonical_links_article ON canonical_links(article_id);
    CREATE INDEX canonical_links_other_article ON canonical_links(other_article_id);

    CREATE TABLE canonical_keys (
        block TEXT NOT NULL,
        day_lo TEXT NOT NULL,
        day_hi TEXT NOT NULL,
        event_id TEXT NOT NULL,
        article_id TEXT NOT NULL
    );
    CREATE INDEX canonical_keys_block ON canonical_keys(block, day_lo);
    CREATE INDEX canonical_keys_article ON canonical_keys(article_id);

    CREATE TABLE canonical_dirty (id TEXT PRIMARY KEY);
    """,
    # Step 4: indexes for the HTTP API (api/). The timeline lists canonical events in the order of their
    # first day (undated: first report), which this expression index serves page by page without sorting;
    # the timeline counts per day and quad class from a covering index instead of the wide rows; and the
    # API's change check reads the newest ingest time.
    """
    CREATE INDEX canonical_events_order
        ON canonical_events((COALESCE(date_lo, first_reported)), first_reported, id);
    CREATE INDEX canonical_events_days ON canonical_events(date_lo, first_reported, quad_class, type);
    CREATE INDEX articles_ingested ON articles(ingested_at);
    """,
    # Step 5: where a participant's country comes from (Participant.country_basis: named, modifier,
    # location, article). Rows stored before this step keep NULL: their analysis JSON has no basis either.
    """
    ALTER TABLE event_participants ADD COLUMN country_basis TEXT;
    """,
    # Step 6: what the canonical events were built with (canonical.rules.fingerprint: the merge rules and
    # the facts mentions keep), so a store built with other rules says so instead of mixing two rule sets.
    """
    CREATE TABLE canonical_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # Step 7: accent and case folding in full-text search (issue 7). FTS5's tokenizer folds already
    # (unicode61 remove_diacritics 2); PostgreSQL gets its own step 7 (store/postgres.py, store/fold.py).
    """
    -- Nothing to do on SQLite.
    """,
)


@dataclass(frozen=True)
class Query:
    """A statement and its parameters; values only ever travel as parameters, never inside the SQL."""

    sql: str
    params: list[Any] = field(default_factory=list)


@dataclass
class Filters:
    """The filters every listing command understands; ``None`` means "do not filter on this"."""

    actor: str | None = None  # participant name (substring), entity id ("<article>/E1") or actor code
    country: str | None = None  # ISO alpha-3 (or IGO code) of a participant or of the event location
    type: str | None = None  # PLOVER event type
    since: str | None = None  # ISO day, inclusive
    until: str | None = None  # ISO day, inclusive
    q: str | None = None  # text the evidence (events), quote text or entity name contains
    quad_class: int | None = None  # CAMEO quad class 1-4 (events only)
    limit: int | None = None
    offset: int | None = None  # rows to skip before ``limit`` (paging)


CHUNK = 500  # ids per IN (...) list: below SQLite's bound-parameter limit


def chunks(ids: list[str]) -> Iterator[list[str]]:
    """``ids`` in slices of at most ``CHUNK``, for ``IN (...)`` lists of bound parameters."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def marks(ids: list[Any]) -> str:
    """One ``?`` placeholder per value of ``ids``, comma separated."""
    return ", ".join("?" * len(ids))


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, with LIKE's own wildcards taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SQLiteDialect:
    """SQL for SQLite 3.35+ with FTS5 (bundled with CPython)."""

    name = "sqlite"
    migrations = SQLITE_MIGRATIONS
    pragmas = (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA busy_timeout=30000",
    )

    create_version_table = (
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    current_version = "SELECT COALESCE(MAX(version), 0) FROM schema_version"
    record_version = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"
    begin = "BEGIN IMMEDIATE"

    article_hash = "SELECT content_hash FROM articles WHERE id = ?"
    article_hashes = "SELECT id, content_hash FROM articles WHERE id IN ({marks})"
    # Children first: explicit deletes keep the FTS triggers and other dialects simple (no reliance on
    # cascades firing triggers).
    delete_article = (
        "DELETE FROM event_mentions WHERE article_id = ?",
        "DELETE FROM event_participants WHERE article_id = ?",
        "DELETE FROM events WHERE article_id = ?",
        "DELETE FROM quotes WHERE article_id = ?",
        "DELETE FROM timexes WHERE article_id = ?",
        "DELETE FROM mentions WHERE article_id = ?",
        "DELETE FROM entities WHERE article_id = ?",
        "DELETE FROM articles WHERE id = ?",
    )
    insert_article = (
        "INSERT INTO articles (id, date, title, source, publisher, url, text, content_hash, ingested_at,"
        " analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_entity = (
        "INSERT INTO entities (id, article_id, local_id, name, kind, country, sector, code, role, lat, lon)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_mention = 'INSERT INTO mentions (entity_id, article_id, start, "end", text) VALUES (?, ?, ?, ?, ?)'
    insert_timex = (
        'INSERT INTO timexes (id, article_id, local_id, start, "end", text, type, value)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_event = (
        "INSERT INTO events (id, article_id, local_id, type, mode, context, cameo, quad_class, goldstein,"
        " date, date_precision, date_basis, date_lo, date_hi, location_name, location_country, lat, lon,"
        " modality, trigger_start, trigger_end, trigger_text, evidence_start, evidence_end, evidence_text,"
        " confidence, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_participant = (
        "INSERT INTO event_participants (event_id, article_id, role, position, name, entity_id, country,"
        " sector, code, country_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_event_mention = (
        'INSERT INTO event_mentions (event_id, article_id, start, "end", text) VALUES (?, ?, ?, ?, ?)'
    )
    insert_quote = (
        'INSERT INTO quotes (id, article_id, local_id, start, "end", text, kind, speaker_name,'
        " speaker_entity_id, cue_start, cue_end, cue_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    insert_error = "INSERT INTO ingest_errors (source, reason, at) VALUES (?, ?, ?)"
    #: Bulk loads write whole tables in this order (parents before children).
    insert_order = (
        insert_article, insert_entity, insert_mention, insert_timex, insert_event, insert_participant,
        insert_event_mention, insert_quote,
    )

    analysis_of = "SELECT analysis FROM articles WHERE id = ?"
    analyses_of = "SELECT id, analysis FROM articles WHERE id IN ({marks})"
    all_analyses = "SELECT analysis FROM articles ORDER BY date, id"
    counts = (
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM entities),"
        " (SELECT COUNT(*) FROM timexes), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM quotes),"
        " (SELECT COUNT(*) FROM ingest_errors)"
    )
    errors = "SELECT source, reason, at FROM ingest_errors ORDER BY id"
    participants_of = (
        "SELECT event_id, role, name, entity_id, country, sector, code, country_basis FROM event_participants"
        " WHERE event_id IN ({marks}) ORDER BY event_id, role, position"
    )

    # -- queries ---------------------------------------------------------------------------------------

    def events(self, f: Filters, order: str = "date") -> Query:
        """Events joined with their article; ``order`` is "date" (timeline) or "article"."""
        where: list[str] = []
        params: list[Any] = []
        if f.type:
            where.append("e.type = ?")
            params.append(f.type.upper())
        if f.actor:
            where.append(
                "e.id IN (SELECT p.event_id FROM event_participants p WHERE p.name LIKE ? ESCAPE '\\'"
                " OR p.entity_id = ? OR p.code = ?)"
            )
            params += [_like(f.actor), f.actor, f.actor.upper()]
        if f.country:
            where.append(
                "(e.location_country = ? OR e.id IN"
                " (SELECT p.event_id FROM event_participants p WHERE p.country = ?))"
            )
            params += [f.country.upper(), f.country.upper()]
        # An event whose date is unknown is placed on its article's date for filtering and ordering.
        if f.since:
            where.append("COALESCE(e.date_hi, a.date) >= ?")
            params.append(f.since)
        if f.until:
            where.append("COALESCE(e.date_lo, a.date) <= ?")
            params.append(f.until)
        if f.q:
            where.append("(e.evidence_text LIKE ? ESCAPE '\\' OR e.trigger_text LIKE ? ESCAPE '\\')")
            params += [_like(f.q), _like(f.q)]
        if f.quad_class is not None:
            where.append("e.quad_class = ?")
            params.append(int(f.quad_class))
        sort = (
            "COALESCE(e.date_lo, a.date), a.date, a.id, e.position"
            if order == "date"
            else "a.date, a.id, e.position"
        )
        sql = (
            "SELECT e.id, e.article_id, e.local_id, a.date AS article_date, a.title, a.url, e.type, e.mode,"
            " e.context, e.cameo, e.quad_class, e.goldstein, e.date, e.date_precision, e.date_basis,"
            " e.location_name, e.location_country, e.lat, e.lon, e.modality, e.trigger_text,"
            " e.trigger_start, e.trigger_end, e.evidence_text, e.evidence_start, e.evidence_end,"
            " e.confidence"
            " FROM events e JOIN articles a ON a.id = e.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {sort}"
        )
        return self._limited(sql, params, f)

    def quotes(self, f: Filters) -> Query:
        """Quotes with their speaker (``actor`` filters the speaker) and article."""
        where: list[str] = []
        params: list[Any] = []
        if f.actor:
            where.append("(q.speaker_name LIKE ? ESCAPE '\\' OR q.speaker_entity_id = ? OR s.code = ?)")
            params += [_like(f.actor), f.actor, f.actor.upper()]
        if f.country:
            where.append("s.country = ?")
            params.append(f.country.upper())
        if f.since:
            where.append("a.date >= ?")
            params.append(f.since)
        if f.until:
            where.append("a.date <= ?")
            params.append(f.until)
        if f.q:
            where.append("q.text LIKE ? ESCAPE '\\'")
            params.append(_like(f.q))
        sql = (
            "SELECT q.id, q.article_id, a.date AS article_date, a.title, q.kind, q.speaker_name,"
            " q.speaker_entity_id, s.country AS speaker_country, s.role AS speaker_role, q.text, q.start,"
            ' q."end", q.cue_text'
            " FROM quotes q JOIN articles a ON a.id = q.article_id"
            " LEFT JOIN entities s ON s.id = q.speaker_entity_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.date, a.id, q.start, q.id"
        )
        return self._limited(sql, params, f)

    def entities(self, f: Filters, kind: str | None = None, total: bool = False) -> Query:
        """Entities grouped across articles by name, kind and country, with article and mention counts.

        The matching entity rows are read once, with their article's date and mention count, in storage
        order (a materialized CTE): grouping straight from the joined tables made SQLite look the
        articles up in name order, at random, which cost ~2.5 s of ~4 s on 200,000 entities. With
        ``total`` every row also carries ``total``, the number of groups before paging (a window count).
        """
        where: list[str] = []
        params: list[Any] = []
        if kind:
            where.append("e.kind = ?")
            params.append(kind)
        name = f.actor or f.q
        if name:
            where.append("(e.name LIKE ? ESCAPE '\\' OR e.id = ? OR e.code = ?)")
            params += [_like(name), name, name.upper()]
        if f.country:
            where.append("e.country = ?")
            params.append(f.country.upper())
        if f.since:
            where.append("a.date >= ?")
            params.append(f.since)
        if f.until:
            where.append("a.date <= ?")
            params.append(f.until)
        sql = (
            "WITH n AS MATERIALIZED (SELECT e.name, e.kind, e.country, e.code, e.role, e.article_id, a.date,"
            " (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mention_count"
            " FROM entities e JOIN articles a ON a.id = e.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ") SELECT n.name, n.kind, n.country, n.code, MAX(n.role) AS role,"
            " COUNT(DISTINCT n.article_id) AS articles,"
            " COALESCE(SUM(n.mention_count), 0) AS mentions, MIN(n.date) AS first_seen,"
            " MAX(n.date) AS last_seen"
            + (", COUNT(*) OVER () AS total" if total else "")
            # A total order, NULLs as '' (SQLite sorts NULL first, PostgreSQL last): same rows, same order.
            + " FROM n GROUP BY n.name, n.kind, n.country, n.code"
            " ORDER BY articles DESC, mentions DESC, n.name, n.kind, COALESCE(n.country, ''),"
            " COALESCE(n.code, '')"
        )
        return self._limited(sql, params, f)

    def search(self, match: str, f: Filters, total: bool = False) -> Query:
        """Articles and quotes whose text matches the FTS5 expression ``match``, best first.

        Hits are ranked and paged first; snippets are made for the returned page only, each by a second
        MATCH on its own row: ``snippet()`` re-reads and tokenizes the whole text, which is most of what a
        search of a frequent word costs (unpaged, every hit gets its snippet in the one pass instead).
        With ``total`` every row also carries ``total``, the number of hits before paging (a window count
        over the ranked hits: no second search to count them).
        """
        where = ""
        dates: list[Any] = []
        for clause, value in (("a.date >= ?", f.since), ("a.date <= ?", f.until)):
            if value:
                where += f" AND {clause}"
                dates.append(value)
        paged = f.limit is not None or bool(f.offset)
        article_snippet = "snippet(articles_fts, 1, '[', ']', '…', 12)"
        quote_snippet = "snippet(quotes_fts, 0, '[', ']', '…', 12)"
        hits = (
            "SELECT 'article' AS kind, a.id AS id, a.id AS article_id, a.date AS article_date, a.title,"
            f" {'articles_fts.rowid AS hit' if paged else article_snippet + ' AS snippet'},"
            " bm25(articles_fts) AS rank"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ?{where}"
            " UNION ALL"
            " SELECT 'quote', q.id, q.article_id, a.date, a.title,"
            f" {'quotes_fts.rowid' if paged else quote_snippet}, bm25(quotes_fts)"
            " FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid"
            " JOIN articles a ON a.id = q.article_id"
            f" WHERE quotes_fts MATCH ?{where}"
        )
        counted = ", COUNT(*) OVER () AS total" if total else ""
        page = self._limited(f"SELECT *{counted} FROM ({hits}) AS found ORDER BY rank, article_date, id",
                             [match, *dates, match, *dates], f)
        if not paged:
            return page
        sql = (
            "SELECT p.kind, p.id, p.article_id, p.article_date, p.title, CASE WHEN p.kind = 'article'"
            f" THEN (SELECT {article_snippet} FROM articles_fts"
            " WHERE articles_fts MATCH ? AND articles_fts.rowid = p.hit)"
            f" ELSE (SELECT {quote_snippet} FROM quotes_fts"
            " WHERE quotes_fts MATCH ? AND quotes_fts.rowid = p.hit) END AS snippet, p.rank"
            + (", p.total" if total else "")
            + f" FROM ({page.sql}) AS p ORDER BY p.rank, p.article_date, p.id"
        )
        return Query(sql, [match, match, *page.params])

    @staticmethod
    def _limited(sql: str, params: list[Any], f: Filters) -> Query:
        """``sql`` paged by ``f.limit``/``f.offset`` (an offset alone means "all the rest")."""
        if f.limit is None and not f.offset:
            return Query(sql, params)
        limit = -1 if f.limit is None else int(f.limit)
        return Query(sql + " LIMIT ? OFFSET ?", [*params, limit, int(f.offset or 0)])
