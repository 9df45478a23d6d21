"""JSONL, CSV and Parquet writers for event mentions and for canonical events.

Records keep their nesting where the format allows it: JSONL and Parquet carry ``actors`` and
``recipients`` as lists of participant records (Parquet: ``list<struct>``), and a canonical event its
``mentions``; CSV, being flat, gets one column per participant field with the values of several
participants joined by ``"; "``. Parquet schemas are explicit so that a file's columns and types never
depend on which values happened to be present.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Separator between the values of several participants in one flat (CSV / table) cell.
JOIN = "; "
PARTICIPANT_FIELDS = ("name", "entity", "country", "sector", "code", "country_basis")

#: CSV column order of a canonical event (contract7.md), then whatever else a row carries.
CANONICAL_COLUMNS = (
    "id", "type", "mode", "context", "cameo", "quad_class", "goldstein", "date", "date_precision", "date_lo",
    "date_hi", "location_name", "location_country", "lat", "lon", "modality",
    *(f"actor_{name}" for name in PARTICIPANT_FIELDS), *(f"recipient_{name}" for name in PARTICIPANT_FIELDS),
    "num_mentions", "num_articles", "num_sources", "first_reported", "last_reported", "confidence", "summary",
    "best_event_id", "mention_ids",
)


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One flat row for CSV/tables: participant lists become joined columns, other nesting JSON.

    A canonical event's ``mentions`` become ``mention_ids`` (the store ids of its mentions, joined);
    its ``links`` (the merge explanations) are left to JSONL, where they stay readable.
    """
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in ("actors", "recipients") and isinstance(value, list):
            prefix = key[:-1]  # actor_name, recipient_code, ...
            for name in PARTICIPANT_FIELDS:
                flat[f"{prefix}_{name}"] = JOIN.join(str(p.get(name) or "") for p in value) if value else ""
        elif key == "context" and isinstance(value, list):
            flat[key] = JOIN.join(value)
        elif key == "mentions" and isinstance(value, list) and all(isinstance(m, dict) for m in value):
            flat["mention_ids"] = JOIN.join(str(m.get("id") or m.get("event_id") or "") for m in value)
        elif key == "links":
            continue
        elif isinstance(value, dict | list):
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def write_jsonl(records: Iterable[dict[str, Any]], out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: Path, columns: Sequence[str] = ()) -> int:
    """Flat rows with a header; ``columns`` fixes the leading column order (others follow as met)."""
    rows = [flatten(r) for r in records]
    names: list[str] = list(columns)
    for row in rows:
        names += [c for c in row if c not in names]
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _participant() -> Any:
    import pyarrow as pa

    return pa.struct([(name, pa.string()) for name in PARTICIPANT_FIELDS])


def mention_schema() -> Any:
    """Parquet schema of one event mention (the store's event rows, ``id`` renamed ``event_id``)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("event_id", pa.string()),
            ("article_id", pa.string()),
            ("local_id", pa.string()),
            ("article_date", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("context", pa.list_(pa.string())),
            ("cameo", pa.string()),
            ("quad_class", pa.int8()),
            ("goldstein", pa.float64()),
            ("date", pa.string()),
            ("date_precision", pa.string()),
            ("date_basis", pa.string()),  # JSON: {"timex": "T1"} or "article"
            ("location_name", pa.string()),
            ("location_country", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("modality", pa.string()),
            ("trigger_text", pa.string()),
            ("trigger_start", pa.int64()),
            ("trigger_end", pa.int64()),
            ("evidence_text", pa.string()),
            ("evidence_start", pa.int64()),
            ("evidence_end", pa.int64()),
            ("confidence", pa.float64()),
            ("actors", pa.list_(_participant())),
            ("recipients", pa.list_(_participant())),
            ("canonical_id", pa.string()),
        ]
    )


#: The fields of a mention kept inside a canonical event's Parquet row (the rest is in the mention export).
MENTION_IN_CANONICAL = (
    ("event_id", "string"), ("article_id", "string"), ("article_date", "string"), ("url", "string"),
    ("date", "string"), ("date_precision", "string"), ("trigger_text", "string"), ("trigger_start", "int64"),
    ("trigger_end", "int64"), ("evidence_text", "string"), ("evidence_start", "int64"),
    ("evidence_end", "int64"), ("confidence", "float64"),
)


def canonical_schema() -> Any:
    """Parquet schema of one canonical event with its mentions (``list<struct>``)."""
    import pyarrow as pa

    mention = pa.struct([(name, pa.type_for_alias(kind)) for name, kind in MENTION_IN_CANONICAL])
    return pa.schema(
        [
            ("id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("context", pa.list_(pa.string())),
            ("cameo", pa.string()),
            ("quad_class", pa.int8()),
            ("goldstein", pa.float64()),
            ("date", pa.string()),
            ("date_precision", pa.string()),
            ("date_lo", pa.string()),
            ("date_hi", pa.string()),
            ("location_name", pa.string()),
            ("location_country", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("modality", pa.string()),
            ("actors", pa.list_(_participant())),
            ("recipients", pa.list_(_participant())),
            ("num_mentions", pa.int32()),
            ("num_articles", pa.int32()),
            ("num_sources", pa.int32()),
            ("first_reported", pa.string()),
            ("last_reported", pa.string()),
            ("confidence", pa.float64()),
            ("summary", pa.string()),
            ("best_event_id", pa.string()),
            ("mentions", pa.list_(mention)),
        ]
    )


def _text(value: Any) -> str | None:
    """Dates and the like as text (a backend may hand back ``date`` objects)."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _mention_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {name: record.get(name) for name in mention_schema().names}
    row["event_id"] = record.get("event_id") or record.get("id")
    if row["date_basis"] is not None:  # {"timex": "T1"} -> '{"timex": "T1"}', "article" -> '"article"'
        row["date_basis"] = json.dumps(row["date_basis"])
    row["article_date"] = _text(row["article_date"])
    return row


def _canonical_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {name: record.get(name) for name in canonical_schema().names}
    for key in ("date_lo", "date_hi", "first_reported", "last_reported"):
        row[key] = _text(row[key])
    row["mentions"] = [
        {
            **{name: m.get(name) for name, _ in MENTION_IN_CANONICAL},
            "event_id": m.get("event_id") or m.get("id"),
            "article_date": _text(m.get("article_date")),
        }
        for m in record.get("mentions") or []
    ]
    return row


def write_parquet(records: Iterable[dict[str, Any]], out: Path, level: str = "mentions") -> int:
    """Records as a typed Parquet table: ``level`` "mentions" (event rows) or "canonical"."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema, shape = (canonical_schema(), _canonical_row) if level == "canonical" else (mention_schema(),
                                                                                       _mention_row)
    rows = [shape(record) for record in records]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)
