"""The Parquet tables a batch writes: explicit pyarrow schemas and the rows of one Analysis.

Why explicit schemas: a partition with no quotes (or no events) must still write a file whose columns
and types match every other partition's, or a dataset reader (pyarrow, DuckDB, Spark) refuses to
concatenate them; and downstream users need a schema that does not drift with the data. Spans and
participants are native Parquet lists of structs, so analytic engines can query them without a JSON
parser; the one union-typed field, ``date_basis`` (``{"timex": id}``, ``"article"`` or null), is kept as
its JSON text. The ``articles`` table also carries the complete ``Analysis`` JSON of each article, which
is what ``read_results`` (and so ``eventwire load``) reads back: a round trip that is exact by
construction, whatever the flattened columns leave out.

Bump ``SCHEMA_VERSION`` on any change to these schemas; it is written into every file's metadata.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from eventwire.model import Analysis, Event, Participant, Quote, Span

SCHEMA_VERSION = 2  # 2: participants carry country_basis

SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
PARTICIPANT = pa.struct(
    [
        ("entity", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("code", pa.string()),
        ("country_basis", pa.string()),
    ]
)


def _schema(name: str, fields: list[tuple[str, pa.DataType]]) -> pa.Schema:
    meta = {"eventwire.table": name, "eventwire.schema_version": str(SCHEMA_VERSION)}
    return pa.schema(fields, metadata=meta)


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(
        "articles",
        [
            ("article_id", pa.string()),
            ("date", pa.date32()),
            ("title", pa.string()),
            ("source", pa.string()),
            ("publisher", pa.string()),
            ("url", pa.string()),
            ("content_hash", pa.string()),
            ("text", pa.string()),
            ("n_entities", pa.int32()),
            ("n_timexes", pa.int32()),
            ("n_events", pa.int32()),
            ("n_quotes", pa.int32()),
            ("partition", pa.string()),
            ("analysis", pa.string()),  # the full Analysis JSON: what `load` reads back
        ],
    ),
    "entities": _schema(
        "entities",
        [
            ("article_id", pa.string()),
            ("entity_id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("code", pa.string()),
            ("role", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("mentions", pa.list_(SPAN)),
        ],
    ),
    "timexes": _schema(
        "timexes",
        [
            ("article_id", pa.string()),
            ("timex_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("type", pa.string()),
            ("value", pa.string()),
        ],
    ),
    "events": _schema(
        "events",
        [
            ("article_id", pa.string()),
            ("event_id", pa.string()),
            ("date", pa.string()),  # YYYY-MM-DD, YYYY-MM or YYYY: precision kept, never padded
            ("date_precision", pa.string()),
            ("date_basis", pa.string()),  # JSON text: {"timex": "T3"}, "article" or null
            ("type", pa.string()),
            ("mode", pa.string()),
            ("context", pa.list_(pa.string())),
            ("cameo", pa.string()),
            ("quad_class", pa.int8()),
            ("goldstein", pa.float64()),
            ("actors", pa.list_(PARTICIPANT)),
            ("recipients", pa.list_(PARTICIPANT)),
            ("location_name", pa.string()),
            ("location_country", pa.string()),
            ("location_lat", pa.float64()),
            ("location_lon", pa.float64()),
            ("modality", pa.string()),
            ("trigger", SPAN),
            ("evidence", SPAN),
            ("mentions", pa.list_(SPAN)),
            ("confidence", pa.float64()),
        ],
    ),
    "quotes": _schema(
        "quotes",
        [
            ("article_id", pa.string()),
            ("quote_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("kind", pa.string()),
            ("speaker_name", pa.string()),
            ("speaker_entity", pa.string()),
            ("cue", SPAN),
        ],
    ),
    "errors": _schema(
        "errors",
        [
            ("article_id", pa.string()),  # null for inputs that never became an article
            ("source", pa.string()),
            ("stage", pa.string()),  # "read" (the input) or "analyze" (the pipeline)
            ("error", pa.string()),  # exception type, e.g. ValueError; "ReadError" for inputs
            ("reason", pa.string()),
            ("partition", pa.string()),
        ],
    ),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)

#: Columns that identify a row, for sorting a table into a canonical order (tests, comparisons).
KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "entities": ["article_id", "entity_id"],
    "timexes": ["article_id", "timex_id"],
    "events": ["article_id", "event_id"],
    "quotes": ["article_id", "quote_id"],
    "errors": ["source", "article_id", "stage", "reason"],
}

Row = dict[str, Any]


def _span(span: Span | None) -> Row | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _participants(people: list[Participant]) -> list[Row]:
    return [p.to_json() for p in people]


def analysis_rows(analysis: Analysis, partition: str) -> dict[str, list[Row]]:
    """The rows one analysed article contributes to each table (``errors`` stays empty)."""
    art = analysis.article
    aid = art.id
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    rows["articles"].append(
        {
            "article_id": aid,
            "date": art.date,
            "title": art.title,
            "source": art.source,
            "publisher": art.publisher,
            "url": art.url,
            "content_hash": art.content_hash,
            "text": art.text,
            "n_entities": len(analysis.entities),
            "n_timexes": len(analysis.timexes),
            "n_events": len(analysis.events),
            "n_quotes": len(analysis.quotes),
            "partition": partition,
            "analysis": json.dumps(analysis.to_json(), ensure_ascii=False),
        }
    )
    for ent in analysis.entities:
        rows["entities"].append(
            {
                "article_id": aid,
                "entity_id": ent.id,
                "name": ent.name,
                "kind": ent.kind,
                "country": ent.country,
                "sector": ent.sector,
                "code": ent.code,
                "role": ent.role,
                "lat": ent.lat,
                "lon": ent.lon,
                "mentions": [_span(m) for m in ent.mentions],
            }
        )
    rows["timexes"] += [
        {"article_id": aid, "timex_id": t.id, "start": t.start, "end": t.end, "text": t.text,
         "type": t.type, "value": t.value}
        for t in analysis.timexes
    ]
    rows["events"] += [_event_row(aid, ev) for ev in analysis.events]
    rows["quotes"] += [_quote_row(aid, q) for q in analysis.quotes]
    return rows


def _event_row(aid: str, ev: Event) -> Row:
    loc = ev.location
    return {
        "article_id": aid,
        "event_id": ev.id,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "date_basis": None if ev.date_basis is None else json.dumps(ev.date_basis, sort_keys=True),
        "type": ev.type,
        "mode": ev.mode,
        "context": list(ev.context),
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "actors": _participants(ev.actors),
        "recipients": _participants(ev.recipients),
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "modality": ev.modality,
        "trigger": _span(ev.trigger),
        "evidence": _span(ev.evidence),
        "mentions": [_span(m) for m in ev.mentions],
        "confidence": ev.confidence,
    }


def _quote_row(aid: str, q: Quote) -> Row:
    return {
        "article_id": aid,
        "quote_id": q.id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "kind": q.kind,
        "speaker_name": q.speaker.name if q.speaker else None,
        "speaker_entity": q.speaker.entity if q.speaker else None,
        "cue": _span(q.cue),
    }


def error_row(
    article_id: str | None, source: str | None, stage: str, error: str, reason: str, partition: str
) -> Row:
    """One row of the errors table."""
    return {
        "article_id": article_id,
        "source": source,
        "stage": stage,
        "error": error,
        "reason": reason,
        "partition": partition,
    }


def to_table(name: str, rows: list[Row]) -> pa.Table:
    """Rows as a table with the table's fixed schema (an empty list gives an empty, typed table)."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])
