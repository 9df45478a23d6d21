"""PostgreSQL for the store: a connection adapter that looks like ``sqlite3`` and the PostgreSQL dialect.

Why an adapter: the store (and the canonical-events mixin) write their SQL once, with ``?`` placeholders,
and read rows by name or by position, as ``sqlite3`` offers. ``PgConnection`` gives psycopg 3 the same face:

- ``execute/executemany`` translate ``?`` to ``%s`` (outside string literals and quoted identifiers),
  double literal ``%``, and turn ``LIKE`` into ``ILIKE`` so matching is ASCII-case-insensitive as in SQLite;
- rows are ``Row`` tuples that also answer ``row["name"]`` and ``dict(row)``, like ``sqlite3.Row``;
- ``numeric`` results (``SUM`` of integers, ``AVG``) come back as ``int``/``float``, not ``Decimal``;
- psycopg errors are re-raised as subclasses of the ``sqlite3`` exception classes
  (``IntegrityError`` of a duplicate id is ``sqlite3.IntegrityError`` on both backends), so callers catch one
  family whatever the backend;
- autocommit, with explicit ``BEGIN``/``COMMIT`` from the store, exactly as the SQLite connection is used.

The dialect derives its migrations from the SQLite ones (see ``pg_migrations``): portable DDL runs as is,
with ``TEXT`` columns in the byte-order "C" collation (same sort order as SQLite), ``REAL`` widened to
``DOUBLE PRECISION`` (SQLite's REAL is 8 bytes; PostgreSQL's is 4) and ``AUTOINCREMENT`` keys as identity
columns; full-text search is a generated ``tsvector`` column with a GIN index instead of FTS5, folded
(accents, case) by ``eventwire_fold`` exactly as FTS5 folds (``store/fold.py``, migration step 7).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import Any, ClassVar

from eventwire.store import fold
from eventwire.store.sql import SQLITE_MIGRATIONS, Filters, Query, SQLiteDialect

__all__ = ["PgConnection", "PostgresDialect", "Row", "connect", "fts_to_tsquery", "pg_migrations"]

#: Key of the advisory lock every write transaction takes: one writer at a time, as with SQLite.
WRITE_LOCK = 0x65776972  # "ewir"


# -- rows and errors -----------------------------------------------------------------------------------


class Row(tuple):
    """A result row readable by position (``row[0]``) and by column name (``row["id"]``, ``dict(row)``)."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@cache
def _row_class(names: tuple[str, ...]) -> type[Row]:
    """One Row subclass per column list (cached: a query's rows share their name index)."""
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    if cursor.description is None:
        return tuple
    return _row_class(tuple(c.name for c in cursor.description))


class IntegrityError(sqlite3.IntegrityError):
    """A constraint violation in PostgreSQL (the psycopg error is the ``__cause__``)."""


class OperationalError(sqlite3.OperationalError):
    """A PostgreSQL error in a statement or its data (syntax, bad value, lost connection)."""


class DatabaseError(sqlite3.DatabaseError):
    """Any other PostgreSQL error."""


def _mapped(exc: Exception) -> Exception:
    import psycopg

    if isinstance(exc, psycopg.IntegrityError):
        return IntegrityError(str(exc).strip())
    if isinstance(exc, psycopg.OperationalError | psycopg.ProgrammingError | psycopg.DataError):
        return OperationalError(str(exc).strip())
    return DatabaseError(str(exc).strip())


# -- SQL translation -----------------------------------------------------------------------------------

# String literals, quoted identifiers, and the three things we rewrite outside them.
_SQL_PARTS = re.compile(r"('(?:[^']|'')*')|(\"[^\"]*\")|(\?)|(%)|\b(LIKE)\b", re.IGNORECASE)


@lru_cache(maxsize=2048)  # statements are few, but IN (?, ?, ...) lists vary in length
def translate(sql: str) -> str:
    """``sql`` written for sqlite3 as psycopg expects it: ``?`` -> ``%s``, ``%`` -> ``%%``, LIKE -> ILIKE."""

    def part(m: re.Match[str]) -> str:
        if m[1] or m[2]:
            return m[0].replace("%", "%%")
        if m[3]:
            return "%s"
        if m[4]:
            return "%%"
        return "ILIKE"

    return _SQL_PARTS.sub(part, sql)


class _Cursor:
    """What ``execute`` returns: ``fetchone`` (None when there is nothing), ``fetchall``, iteration."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Any:
        if self._cursor.description is None:
            return None
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        if self._cursor.description is None:
            return []
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        if self._cursor.description is None:
            return iter(())
        return iter(self._cursor)


class _Pipeline:
    """psycopg's pipeline block with its errors mapped like every other statement's."""

    def __init__(self, block: Any, error: type[Exception]) -> None:
        self.block, self.error = block, error

    def __enter__(self) -> None:
        self.block.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self.block.__exit__(exc_type, exc, tb)
        except self.error as failure:
            raise _mapped(failure) from failure


class PgConnection:
    """A psycopg 3 connection with the subset of the ``sqlite3.Connection`` interface the store uses."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> _Cursor:
        import psycopg

        try:
            return _Cursor(self.raw.execute(translate(sql), tuple(params or ())))
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        import psycopg

        rows = list(rows)
        if not rows:
            return
        try:
            with self.raw.cursor() as cur:
                cur.executemany(translate(sql), rows)
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk insert with ``COPY ... FROM STDIN`` (binary-safe, one round trip for all rows)."""
        import psycopg
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        )
        try:
            with self.raw.cursor() as cur, cur.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def pipeline(self) -> Any:
        """A block whose statements go to the server together (one round trip instead of one each);
        errors surface at the end of the block, still inside the caller's transaction."""
        import psycopg

        return _Pipeline(self.raw.pipeline(), psycopg.Error)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def connect(url: str) -> PgConnection:
    """Open ``url`` (``postgresql://user@host:port/db?options=...``) in autocommit mode.

    Raises ``sqlite3.OperationalError``'s PostgreSQL subclass when the server cannot be reached; the store
    turns that into a ``StoreError`` naming the URL.
    """
    import psycopg
    from psycopg.adapt import Loader

    class NumericLoader(Loader):
        """``numeric`` as int when integral (SUM of integers), else float: JSON-ready like SQLite's."""

        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            try:
                return int(text)
            except ValueError:
                return float(text)

    try:
        raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory, connect_timeout=10)
    except psycopg.Error as exc:
        raise _mapped(exc) from exc
    raw.adapters.register_loader("numeric", NumericLoader)
    return PgConnection(raw)


# -- migrations ----------------------------------------------------------------------------------------

# Replaces step 1's FTS5 tables and triggers (everything from this comment line on).
_FTS_MARKER = "-- Full-text search"
PG_SEARCH_DDL = """
    -- Full-text search: generated tsvector columns (title weighted A, text B) kept in step by PostgreSQL.
    ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', COALESCE(title, '')), 'A')
        || setweight(to_tsvector('simple', text), 'B')
    ) STORED;
    CREATE INDEX articles_search ON articles USING GIN (search);
    ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
    CREATE INDEX quotes_search ON quotes USING GIN (search);
"""


def _folded(column: str) -> str:
    """``eventwire_fold(column)``, called only for text with a non-ASCII character: a call costs a few
    tenths of a millisecond per row inserted one by one, and many texts (most quotes) are plain ASCII."""
    return (f"CASE WHEN octet_length({column}) = char_length({column}) THEN {column}"
            f" ELSE eventwire_fold({column}) END")


def fold_step() -> str:
    """Migration step 7: the folding functions (``store/fold.py``), and the ``search`` columns generated
    again through them, which refills every stored row (dropping a column drops its index too)."""
    return fold.sql_functions() + f"""
    ALTER TABLE articles DROP COLUMN search;
    ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', {_folded("COALESCE(title, '')")}), 'A')
        || setweight(to_tsvector('simple', {_folded("text")}), 'B')
    ) STORED;
    CREATE INDEX articles_search ON articles USING GIN (search);
    ALTER TABLE quotes DROP COLUMN search;
    ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', {_folded("text")})
    ) STORED;
    CREATE INDEX quotes_search ON quotes USING GIN (search);
"""


#: Steps PostgreSQL replaces with its own: what they do on SQLite, FTS5 does by itself.
_OWN_STEPS = {7: fold_step}
_NOT_PORTABLE = re.compile(r"\b(VIRTUAL\s+TABLE|TRIGGER|rowid|PRAGMA|WITHOUT\s+ROWID)\b", re.IGNORECASE)


def translate_ddl(script: str, version: int) -> str:
    """A portable migration step as PostgreSQL DDL (see the module docstring); refuses SQLite-only bits."""
    bad = _NOT_PORTABLE.search(script)
    if bad:
        from eventwire.store import StoreError

        raise StoreError(
            f"migration step {version} uses {bad[0]!r}, which PostgreSQL lacks: give PostgresDialect an "
            "override for this step (store/postgres.py) or write it portably"
        )
    script = re.sub(
        r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        script,
    )
    script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
    return re.sub(r"\bTEXT\b(?!\s+COLLATE)", 'TEXT COLLATE "C"', script)


def pg_migrations(sqlite_steps: Sequence[str] = SQLITE_MIGRATIONS) -> tuple[str, ...]:
    """The SQLite migration steps as PostgreSQL steps, same numbering (step 1's FTS5 part replaced, step 7
    PostgreSQL's own: see ``fold_step``)."""
    steps = []
    for version, script in enumerate(sqlite_steps, start=1):
        if version == 1:
            head, marker, _ = script.partition(_FTS_MARKER)
            if not marker:
                raise AssertionError("step 1 lost its full-text search section")
            steps.append(translate_ddl(head, 1) + PG_SEARCH_DDL)
        elif version in _OWN_STEPS:
            steps.append(_OWN_STEPS[version]())
        else:
            steps.append(translate_ddl(script, version))
    return tuple(steps)


# -- full-text search ----------------------------------------------------------------------------------

_FTS_TOKEN = re.compile(r'"([^"]*)"|(\()|(\))|([^\s"()]+)|(")')


def _lexeme(text: str, suffix: str = "") -> str:
    """A quoted tsquery operand; PostgreSQL's parser splits it ("U.S. trade" -> 'u.s' <-> 'trade')."""
    if not re.search(r"[^\W_]", text):
        raise ValueError(f"no word in {text!r}")
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def fts_to_tsquery(text: str) -> str:
    """The FTS5 query syntax the SQLite store accepts, as a ``to_tsquery`` expression.

    Supported as in FTS5: words (all required), ``"exact phrase"``, ``OR``, ``AND``, binary ``NOT``,
    ``prefix*``, ``title:word`` and parentheses; precedence NOT > AND > OR. Anything else raises
    ``ValueError`` and the caller searches the plain words instead, as the SQLite store does.
    """
    tokens: list[tuple[str, str]] = []
    for m in _FTS_TOKEN.finditer(text):
        phrase, left, right, bare, stray = m.groups()
        if stray is not None:
            raise ValueError("unbalanced quote")
        if phrase is not None:
            tokens.append(("term", _lexeme(phrase)))
        elif left:
            tokens.append(("(", ""))
        elif right:
            tokens.append((")", ""))
        elif bare in ("AND", "OR", "NOT"):
            tokens.append((bare, ""))
        else:
            column, colon, word = bare.rpartition(":")
            if colon and column != "title":
                raise ValueError(f"unknown column {column!r}")
            # tsquery suffixes: ":*" prefix match, ":A" title only (weight A), ":*A" both.
            suffix = (":*" if word.endswith("*") else ":") + ("A" if colon else "")
            suffix = "" if suffix == ":" else suffix
            tokens.append(("term", _lexeme(word.rstrip("*"), suffix)))
    if not tokens:
        raise ValueError("empty query")
    pos = 0

    def peek() -> str | None:
        return tokens[pos][0] if pos < len(tokens) else None

    def take(kind: str) -> str:
        nonlocal pos
        if peek() != kind:
            raise ValueError(f"expected {kind} at token {pos}")
        pos += 1
        return tokens[pos - 1][1]

    def primary() -> str:
        if peek() == "(":
            take("(")
            inner = disjunction()
            take(")")
            return inner if inner.startswith("(") else f"({inner})"
        return take("term")

    def negation() -> str:
        out = primary()
        while peek() == "NOT":
            take("NOT")
            out = f"({out} & !{primary()})"
        return out

    def conjunction() -> str:
        parts = [negation()]
        while peek() in ("AND", "term", "("):
            if peek() == "AND":
                take("AND")
            parts.append(negation())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def disjunction() -> str:
        parts = [conjunction()]
        while peek() == "OR":
            take("OR")
            parts.append(conjunction())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    query = disjunction()
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos][0]!r}")
    return query


def plain_tsquery(text: str) -> str | None:
    """Every word of ``text``, all required: always a valid tsquery, whatever characters it held."""
    words = re.findall(r"[^\W_]+", text)
    return " & ".join(_lexeme(w) for w in words) if words else None


_HEADLINE = (
    "'StartSel=[, StopSel=], MaxWords=14, MinWords=6, ShortWord=1, MaxFragments=1, FragmentDelimiter=…'"
)
_FOLDED_QUERY = "to_tsquery('simple', eventwire_fold(?))"


def _literal(text: str) -> str:
    """``text`` as an SQL string literal (standard conforming: backslashes are plain characters)."""
    return "'" + text.replace("'", "''") + "'"


_QUOTE, _BACKSLASH = _literal("'"), _literal("\\")
# The operands of a query, read back from its text form ('elysee' & 'macron':*A) once per search: the
# lexemes (their quotes doubled) and whether each is a prefix (":*").
_OPERAND_PATTERN = _literal(r"'((?:[^']|'')+)'(:\*)?")
_OPERANDS = (
    "SELECT COALESCE(array_agg(o.word) FILTER (WHERE NOT o.prefix), '{}') AS words,"
    " COALESCE(array_agg(o.word) FILTER (WHERE o.prefix), '{}') AS prefixes,"
    " MIN(char_length(o.word)) AS shortest"
    f" FROM (SELECT replace(m[1], {_literal(2 * chr(39))}, {_QUOTE}) AS word, m[2] IS NOT NULL AS prefix"
    f" FROM regexp_matches(t.q::text, {_OPERAND_PATTERN}, 'g') m) o"
)
# A lexeme as a quoted tsquery operand: quotes doubled, backslashes escaped.
_OPERAND_OF = (
    f"{_QUOTE} || replace(replace(w.lexeme, {_BACKSLASH}, {_literal(2 * chr(92))}), {_QUOTE},"
    f" {_literal(2 * chr(39))}) || {_QUOTE}"
)
# What ts_headline highlights with, besides the (folded) query itself, which finds the words written
# without accents: the text's own words with a non-ASCII character of which a folded piece is an operand
# of the query (or starts with a prefix operand), OR-ed. ts_headline parses the original text, where
# "Élysée" is the lexeme 'Élysée' and, in a "C"-locale database, “Élysée” is '“Élysée”', so the folded
# query alone would not highlight them. Only the words with a non-ASCII character (a regular-expression
# scan finds them) are parsed again, together, and folded (only those at least as long as an operand).
# NULL when none matches (as in most texts): the query alone highlights.
_NON_ASCII_WORDS = _literal(r"\S*[^\x01-\x7f]\S*")
_HIGHLIGHT = (
    f"SELECT to_tsquery('simple', string_agg(DISTINCT {_OPERAND_OF}, ' | '))"
    " FROM (SELECT lexeme, CASE WHEN octet_length(lexeme) = char_length(lexeme) THEN lexeme"
    " ELSE eventwire_fold(lexeme) END AS folded"
    " FROM unnest(to_tsvector('simple',"
    f" (SELECT string_agg(m[1], ' ') FROM regexp_matches(b.body, {_NON_ASCII_WORDS}, 'g') m)))"
    " WHERE char_length(lexeme) >= ops.shortest) w"
    " WHERE EXISTS (SELECT 1 FROM regexp_split_to_table(w.folded, ' ') piece"
    " WHERE piece = ANY(ops.words) OR piece ^@ ANY(ops.prefixes))"
)


class PostgresDialect(SQLiteDialect):
    """SQL for PostgreSQL 12+: the SQLite statements (portable by design) plus its own search and paging."""

    name = "postgresql"
    migrations = pg_migrations()
    pragmas = ()
    begin = "BEGIN"
    #: Run right after ``begin`` in every write transaction: writers queue as they do on SQLite.
    write_lock = f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"

    def search(self, match: str, f: Filters, total: bool = False) -> Query:
        """Articles and quotes matching ``match`` (FTS5 syntax, see ``fts_to_tsquery``), best first.

        The query is folded by ``eventwire_fold`` as the indexed text was (accents, case), so "Elysee"
        finds "Élysée" as on SQLite. Snippets are cut from the original text with the words that matched
        highlighted (``_HIGHLIGHT``), and only for the page of hits returned, not for every hit. With
        ``total`` every row also carries ``total``, the number of hits before paging (a window count).
        """
        try:
            tsquery: str | None = fts_to_tsquery(match)
        except ValueError:
            tsquery = plain_tsquery(match)  # None (no word at all): to_tsquery(NULL) matches nothing
        extra: list[str] = []
        dates: list[Any] = []
        for clause, value in (("a.date >= ?", f.since), ("a.date <= ?", f.until)):
            if value:
                extra.append(f" AND {clause}")
                dates.append(value)
        where = "".join(extra)
        hits = (
            "SELECT 'article' AS kind, a.id AS id, a.id AS article_id, a.date AS article_date, a.title,"
            f" -ts_rank(a.search, tq) AS rank FROM articles a, {_FOLDED_QUERY} tq"
            f" WHERE a.search @@ tq{where}"
            " UNION ALL"
            " SELECT 'quote', q.id, q.article_id, a.date, a.title, -ts_rank(q.search, tq)"
            f" FROM quotes q JOIN articles a ON a.id = q.article_id, {_FOLDED_QUERY} tq"
            f" WHERE q.search @@ tq{where}"
        )
        counted = ", COUNT(*) OVER () AS total" if total else ""
        page = self._limited(f"SELECT *{counted} FROM ({hits}) found ORDER BY rank, article_date, id",
                             [tsquery, *dates, tsquery, *dates], f)
        sql = (
            "SELECT p.kind, p.id, p.article_id, p.article_date, p.title,"
            f" ts_headline('simple', b.body, COALESCE(t.q || ({_HIGHLIGHT}), t.q), {_HEADLINE})"
            " AS snippet, p.rank"
            + (", p.total" if total else "")
            + f" FROM ({page.sql}) p"
            " CROSS JOIN LATERAL (SELECT CASE WHEN p.kind = 'article'"
            " THEN (SELECT text FROM articles WHERE id = p.id)"
            " ELSE (SELECT text FROM quotes WHERE id = p.id) END AS body) b,"
            f" {_FOLDED_QUERY} AS t(q) CROSS JOIN LATERAL ({_OPERANDS}) ops"
            " ORDER BY p.rank, p.article_date, p.id"
        )
        return Query(sql, [*page.params, tsquery])

    @staticmethod
    def _limited(sql: str, params: list[Any], f: Filters) -> Query:
        """``sql`` paged by ``f.limit``/``f.offset``; ``LIMIT NULL`` is PostgreSQL's "no limit"."""
        if f.limit is None and not f.offset:
            return Query(sql, params)
        limit = None if f.limit is None else int(f.limit)
        return Query(sql + " LIMIT ? OFFSET ?", [*params, limit, int(f.offset or 0)])
