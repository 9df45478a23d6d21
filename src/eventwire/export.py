"""Writing stored events (with their participants) or whole analyses to JSONL, CSV and Parquet.

Events keep their nesting where the format allows it: JSONL and Parquet carry ``actors`` and
``recipients`` as lists of participant records (Parquet: ``list<struct>``); CSV, being flat, gets one
column per participant field with the values of several participants joined by ``"; "``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from eventwire.store import Filters, Store

Format = Literal["jsonl", "csv", "parquet"]
What = Literal["events", "analyses"]

#: Separator between the values of several participants in one flat (CSV / table) cell.
JOIN = "; "
PARTICIPANT_FIELDS = ("name", "entity", "country", "sector", "code")


def event_records(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Stored events as export records: the store's event rows, ``id`` renamed ``event_id``."""
    records = []
    for row in store.events(filters, order="date"):
        record = {"event_id": row.pop("id"), **row}
        records.append(record)
    return records


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One flat row for CSV/tables: participant lists become joined columns, other nesting JSON."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in ("actors", "recipients") and isinstance(value, list):
            prefix = key[:-1]  # actor_name, recipient_code, ...
            for name in PARTICIPANT_FIELDS:
                flat[f"{prefix}_{name}"] = JOIN.join(str(p.get(name) or "") for p in value) if value else ""
        elif key == "context" and isinstance(value, list):
            flat[key] = JOIN.join(value)
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


def write_csv(records: Iterable[dict[str, Any]], out: Path) -> int:
    rows = [flatten(r) for r in records]
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _event_schema() -> Any:
    import pyarrow as pa

    participant = pa.struct([(name, pa.string()) for name in PARTICIPANT_FIELDS])
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
            ("actors", pa.list_(participant)),
            ("recipients", pa.list_(participant)),
        ]
    )


def write_parquet(records: Iterable[dict[str, Any]], out: Path) -> int:
    """Events as a typed Parquet table (participants as ``list<struct>``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _event_schema()
    rows = []
    for record in records:
        row = {name: record.get(name) for name in schema.names}
        if row["date_basis"] is not None:
            row["date_basis"] = json.dumps(row["date_basis"])
        rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)


def analysis_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored Analysis in its JSON form (the public contract)."""
    for analysis in store.analyses():
        yield analysis.to_json()


def export(
    store: Store, fmt: Format, out: Path, what: What = "events", filters: Filters | None = None
) -> int:
    """Write ``what`` from ``store`` to ``out`` in ``fmt``; returns the number of records written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if what == "analyses":
        if fmt != "jsonl":
            raise ValueError("analyses are nested documents: export them as jsonl")
        return write_jsonl(analysis_records(store), out)
    records = event_records(store, filters)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[fmt]
    return writer(records, out)
