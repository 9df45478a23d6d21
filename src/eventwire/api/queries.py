"""The few read queries the API needs that the store does not offer (counts, speakers, one entity's quotes).

Written like the store's own SQL so they run on both backends: ``?`` placeholders (the store's connection
translates them for PostgreSQL), standard functions only, values always as parameters.
"""

from __future__ import annotations

from typing import Any

from eventwire.store import Filters, Store
from eventwire.store.sql import Query

_QUOTE_COLUMNS = (
    "q.id, q.article_id, a.date AS article_date, a.title, q.kind, q.speaker_name, q.speaker_entity_id,"
    ' s.country AS speaker_country, s.role AS speaker_role, q.text, q.start, q."end", q.cue_text'
)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def rows(store: Store, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return [dict(row) for row in store.conn.execute(sql, list(params))]


def count(store: Store, query: Query) -> int:
    """How many rows ``query`` (built without limit/offset) returns, counted by the database."""
    row = store.conn.execute(f"SELECT COUNT(*) AS n FROM ({query.sql}) AS counted", query.params).fetchone()
    return int(row[0])


def unpaged(f: Filters) -> Filters:
    """The same filters without paging (for totals)."""
    return Filters(**{**vars(f), "limit": None, "offset": None})


def entities_page(store: Store, f: Filters, kind: str | None) -> tuple[int, list[dict[str, Any]]]:
    """How many entity groups match, and the page of them ``f.limit``/``f.offset`` select, in one
    statement: the total is a window count over the groups the page is cut from (a separate count grouped
    every entity a second time). Past the last page the count is asked for on its own."""
    query = store.dialect.entities(f, kind, total=True)
    found = rows(store, query.sql, query.params)
    total = int(found[0]["total"]) if found else 0
    for row in found:
        del row["total"]
    if not found and f.offset:
        total = count(store, store.dialect.entities(unpaged(f), kind))
    return total, found


def speakers(store: Store, q: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Quoted speakers by the name the text gives them, most quoted first, with their total."""
    where = "WHERE q.speaker_name IS NOT NULL"
    params: list[Any] = []
    if q:
        where += " AND LOWER(q.speaker_name) LIKE ? ESCAPE '\\'"
        params.append(_like(q))
    sql = (
        "SELECT q.speaker_name AS name, MAX(s.country) AS country, COUNT(*) AS quotes,"
        " COUNT(DISTINCT q.article_id) AS articles"
        " FROM quotes q LEFT JOIN entities s ON s.id = q.speaker_entity_id "
        + where
        + " GROUP BY q.speaker_name"
    )
    total = count(store, Query(sql, params))
    items = rows(store, sql + " ORDER BY quotes DESC, name LIMIT ? OFFSET ?", [*params, limit, offset])
    return total, items


def entity_names(store: Store, kind: str, country: str | None) -> list[str]:
    """Distinct names stored for one kind and country (``None``: no country)."""
    sql = "SELECT DISTINCT name FROM entities WHERE kind = ? AND " + (
        "country = ?" if country else "country IS NULL"
    )
    return [r["name"] for r in rows(store, sql, [kind, country] if country else [kind])]


def entity_quotes(
    store: Store, name: str, kind: str, country: str | None, limit: int
) -> list[dict[str, Any]]:
    """Quotes whose speaker resolved to an entity of exactly this name, kind and country, by date."""
    sql = (
        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN entities s ON s.id = q.speaker_entity_id"
        " JOIN articles a ON a.id = q.article_id WHERE s.name = ? AND s.kind = ? AND "
        + ("s.country = ?" if country else "s.country IS NULL")
        + " ORDER BY a.date, a.id, q.start LIMIT ?"
    )
    params: list[Any] = [name, kind, *([country] if country else []), limit]
    return rows(store, sql, params)


def refresh(store: Store) -> None:
    """Bring the canonical-event aggregates up to date before reading their table directly (the store
    re-aggregates changed canonical events lazily, on the first read after a write)."""
    store.refresh_canonical()


def _canonical(store: Store, f: Filters) -> tuple[str, list[Any]]:
    """The store's filtered canonical-event query (one source of truth for what the filters mean)."""
    refresh(store)
    return store._canonical_query(unpaged(f))


def counts_by_quad(store: Store, f: Filters, width: int) -> list[dict[str, Any]]:
    """Matching canonical events counted per quad class and per the first ``width`` characters of their
    first day (undated: first report): 10 counts per day, 7 per month.

    ``width`` is an integer written into the SQL (never user text); the grouping is by position so the
    same statement runs on SQLite and PostgreSQL.
    """
    if width not in (4, 7, 10):
        raise ValueError(f"width must be 4, 7 or 10, not {width!r}")
    sql, params = _canonical(store, f)
    return rows(
        store,
        f"SELECT SUBSTR(COALESCE(c.date_lo, c.first_reported), 1, {width}) AS day, c.quad_class,"
        f" COUNT(*) AS n FROM ({sql}) AS c GROUP BY 1, 2",
        params,
    )


def participants(store: Store, f: Filters) -> list[tuple[str, str, int]]:
    """``(actors JSON, recipients JSON, quad class)`` of every matching canonical event, in time order.

    Plain tuples, the JSON left encoded: building a dict per row and decoding here cost more than the
    query on 100,000 canonical events; the caller decodes all lists in one call instead.
    """
    sql, params = _canonical(store, f)
    cursor = store.conn.execute(
        f"SELECT c.actors, c.recipients, c.quad_class FROM ({sql}) AS c"
        " ORDER BY COALESCE(c.date_lo, c.first_reported), c.first_reported, c.id",  # ties break the same
        params,
    )
    return [(actors or "[]", recipients or "[]", int(quad)) for actors, recipients, quad in cursor]
