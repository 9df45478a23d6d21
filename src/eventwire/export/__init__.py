"""Exports from the store: canonical events (with their mentions) or event mentions, in standard formats.

Two levels:

- ``canonical`` (one record per real-world event, merged across articles by ``store/canonical.py``):
  JSONL (each event with its ``mentions`` and the ``links`` that explain the merge), CSV (flat rows),
  Parquet (explicit schema, mentions as ``list<struct>``), GDELT 2.0 Events and Mentions TSV
  (``gdelt.py``) and PLOVER JSON records (``plover.py``).
- ``mentions`` (one record per event extracted from one article; the shape exports had before canonical
  events existed): JSONL, CSV and Parquet.

``what="analyses"`` writes the whole stored Analysis of every article (JSONL only). Every format and
column is documented in ``docs/output.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from eventwire.export import gdelt, plover
from eventwire.export.tables import (
    CANONICAL_COLUMNS,
    JOIN,
    PARTICIPANT_FIELDS,
    flatten,
    write_csv,
    write_jsonl,
    write_parquet,
)
from eventwire.model import Analysis
from eventwire.store import Filters, Store
from eventwire.store.sql import CHUNK

__all__ = [
    "FORMATS",
    "JOIN",
    "PARTICIPANT_FIELDS",
    "ExportError",
    "analysis_records",
    "canonical_records",
    "default_level",
    "event_records",
    "export",
    "export_path_notes",
    "flatten",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]

Format = Literal["jsonl", "csv", "parquet", "gdelt", "gdelt-mentions", "plover"]
What = Literal["events", "analyses"]
Level = Literal["canonical", "mentions"]

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt", "gdelt-mentions", "plover")
#: Formats that exist only for canonical events (they count mentions, sources and articles of an event).
CANONICAL_ONLY = ("gdelt", "gdelt-mentions", "plover")


class ExportError(ValueError):
    """The export cannot be made as asked (wrong level for the format, store without canonical events)."""


def default_level(fmt: str) -> Level:
    """The level a format gets when none is asked for: canonical events, always.

    An event dataset should count events, not reports; ``--level mentions`` gives one row per report
    (per article) for jsonl/csv/parquet. GDELT and PLOVER are canonical by nature (GDELT's mentions file
    is its own format, ``gdelt-mentions``).
    """
    return "canonical"


def event_records(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Stored event mentions as export records: the store's event rows, ``id`` renamed ``event_id``."""
    records = []
    for row in store.events(filters, order="date"):
        record = {"event_id": row.pop("id"), **row}
        records.append(record)
    return records


def canonical_records(store: Store, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """Canonical events matching ``filters`` (by date), each with its ``mentions`` and ``links``.

    Read in chunks (``Store.canonical_events_detailed``): a constant number of queries per 500 events.
    """
    for detail in store.canonical_events_detailed(filters, order="date"):
        if not detail["mentions"]:  # merged away by a concurrent ingest between the two reads
            raise ExportError(f"canonical event {detail['id']} changed during the export: run it again")
        yield detail


def analysis_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored Analysis in its JSON form (the public contract)."""
    for analysis in store.analyses():
        yield analysis.to_json()


def export(
    store: Store,
    fmt: Format,
    out: Path,
    what: What = "events",
    filters: Filters | None = None,
    level: Level | None = None,
    header: bool = False,
) -> int:
    """Write ``what`` from ``store`` to ``out`` in ``fmt``; returns the number of records (rows) written.

    ``level`` defaults to ``default_level(fmt)``; ``header`` adds a header line to the GDELT TSV files
    (GDELT's own files have none). The GDELT Events export also writes its id/date crosswalk next to
    ``out`` (see ``gdelt.crosswalk_path``).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if what == "analyses":
        if fmt != "jsonl":
            raise ExportError("analyses are nested documents: export them as jsonl")
        out.parent.mkdir(parents=True, exist_ok=True)
        return write_jsonl(analysis_records(store), out)
    level = level or default_level(fmt)
    if level == "mentions":
        if fmt in CANONICAL_ONLY:
            raise ExportError(f"{fmt} describes canonical events: use --level canonical")
        out.parent.mkdir(parents=True, exist_ok=True)
        records = event_records(store, filters)
        if fmt == "parquet":
            return write_parquet(records, out)
        return write_jsonl(records, out) if fmt == "jsonl" else write_csv(records, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    records = canonical_records(store, filters)
    if fmt == "jsonl":
        return write_jsonl(records, out)
    if fmt == "csv":
        return write_csv(records, out, CANONICAL_COLUMNS)
    if fmt == "parquet":
        return write_parquet(records, out, level="canonical")
    if fmt == "plover":
        return write_jsonl((plover.plover_record(r) for r in records), out)
    analyses = _Analyses(store)
    if fmt == "gdelt":
        return gdelt.write_events(analyses.prefetched(records), out, analyses, header=header)
    return gdelt.write_mentions(analyses.prefetched(records), out, analyses, header=header)


class _Analyses:
    """The stored analyses the GDELT writers look up (actor offsets, citations), read for ``CHUNK``
    canonical events at a time: one query per chunk instead of one per article cited.

    ``prefetched`` passes the records through, loading the analyses of every article a chunk of them
    cites before the first of them goes on; the writers consume records one by one, so their look-ups
    (``__call__``) find them loaded. Only one chunk's analyses are held at a time.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loaded: dict[str, Analysis | None] = {}

    def prefetched(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) == CHUNK:
                yield from self._load(batch)
                batch = []
        yield from self._load(batch)

    def _load(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        cited = sorted({str(m["article_id"]) for record in batch for m in record.get("mentions") or ()})
        self.loaded = self.store.analyses_of(cited)
        return batch

    def __call__(self, article_id: str) -> Analysis | None:
        if article_id not in self.loaded:  # not cited by the current chunk's mentions (never, in practice)
            self.loaded[article_id] = self.store.analysis(article_id)
        return self.loaded[article_id]


def export_path_notes(fmt: str, out: Path) -> list[Path]:
    """Extra files an export writes next to ``out`` (for the CLI to mention)."""
    return [gdelt.crosswalk_path(out)] if fmt == "gdelt" else []
