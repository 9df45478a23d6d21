"""Exports: GDELT 2.0 Events/Mentions TSV, PLOVER records, canonical CSV/Parquet/JSONL.

The analyses are built by hand over sentences written for these tests and stored in a real Store, so the
mention rows are exactly what ``Store.events()`` gives. Canonical rows are built here in the shape the
store contract (``Store.canonical_event``) documents; ``naive_canonical`` groups mentions by event type,
which is all these tests need (merging itself is tested with the canonical store).
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.export import ExportError, export, gdelt, plover
from eventwire.export.tables import canonical_schema, flatten, write_parquet
from eventwire.model import Analysis, Article, Entity, Event, Location, Participant, Span
from eventwire.store import Store, date_range

FIRST = (
    "Kenya's president hosted Tanzania's foreign minister in Nairobi on Thursday. "
    "The two leaders discussed a border dispute.\n"
    "Officials said the talks would continue next month."
)
SECOND = (
    "Talks in Nairobi went on for a second day.\n"
    "In May, Tanzania's foreign minister visited Kenya's president again, aides said. "
    "NATO criticised the delay."
)


def _at(text: str, needle: str, start: int = 0) -> Span:
    at = text.index(needle, start)
    return Span.of(text, at, at + len(needle))


def _sentence(text: str, inside: Span) -> Span:
    """The sentence (or line) holding ``inside``: a hand-made evidence span for these texts."""
    dot, line = text.rfind(". ", 0, inside.start), text.rfind("\n", 0, inside.start)
    start = max(dot + 2 if dot >= 0 else 0, line + 1)
    stops = [i for i in (text.find(". ", inside.end), text.find("\n", inside.end)) if i >= 0]
    end = min(stops) + 1 if stops and text[min(stops)] == "." else min(stops) if stops else len(text)
    return Span.of(text, start, end)


def first_report() -> Analysis:
    text = FIRST
    art = Article("r1", date(2024, 5, 10), text, title="Kenya hosts Tanzania", publisher="Example Wire",
                  url="https://www.example.org/news/1")
    kenya = Entity("E1", "Kenya's president", "person", [_at(text, "Kenya's president")], country="KEN",
                   sector="GOV", code="KENGOV")
    tanzania = Entity("E2", "Tanzania's foreign minister", "person",
                      [_at(text, "Tanzania's foreign minister")], country="TZA", sector="GOV", code="TZAGOV")
    nairobi = Entity("E3", "Nairobi", "location", [_at(text, "Nairobi")], country="KEN", lat=-1.28333,
                     lon=36.81667)
    trigger = _at(text, "hosted")
    evidence = _sentence(text, trigger)
    meet = Event("V1", "CONSULT", "043", 1, 2.8, trigger, evidence, context=["diplomatic"],
                 actors=[Participant.of_entity(kenya)], recipients=[Participant.of_entity(tanzania)],
                 date="2024-05-09", date_precision="day", date_basis="article",
                 location=Location("Nairobi", "KEN", -1.28333, 36.81667), mentions=[evidence], confidence=0.8)
    analysis = Analysis(art, [kenya, tanzania, nairobi], [], [meet], [])
    assert analysis.check_spans() == []
    return analysis


def second_report() -> Analysis:
    text = SECOND
    art = Article("r2", date(2024, 5, 11), text, title="Talks go on", publisher="Daily Sample")
    tanzania = Entity("E1", "Tanzania's foreign minister", "person",
                      [_at(text, "Tanzania's foreign minister")], country="TZA", sector="GOV", code="TZAGOV")
    kenya = Entity("E2", "Kenya's president", "person", [_at(text, "Kenya's president")], country="KEN",
                   sector="GOV", code="KENGOV")
    nato = Entity("E3", "NATO", "organization", [_at(text, "NATO")], country="NATO", sector=None, code="NATO")
    visit = _at(text, "visited")
    visit_sentence = _sentence(text, visit)
    meet = Event("V1", "CONSULT", "042", 1, 1.9, visit, visit_sentence,
                 actors=[Participant.of_entity(tanzania)], recipients=[Participant.of_entity(kenya)],
                 date="2024-05", date_precision="month", mentions=[visit_sentence], confidence=0.6)
    blame = _at(text, "criticised")
    blame_sentence = _sentence(text, blame)
    # A participant without an entity: its offset is found by name inside the evidence sentence.
    criticise = Event("V2", "ACCUSE", "111", 3, -2.0, blame, blame_sentence,
                      actors=[Participant.of_entity(nato)], recipients=[Participant("the delay")],
                      date=None, date_precision=None, mentions=[blame_sentence], confidence=0.5)
    analysis = Analysis(art, [tanzania, kenya, nato], [], [meet, criticise], [])
    assert analysis.check_spans() == []
    return analysis


def naive_canonical(store: Store) -> list[dict[str, Any]]:
    """Canonical rows in the contract's shape: mentions grouped by event type (a test stand-in)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in store.events(order="article"):
        groups.setdefault(row["type"], []).append(row)
    found = []
    for kind, mentions in sorted(groups.items()):
        best = max(mentions, key=lambda m: ({"day": 3, "month": 2, "year": 1}.get(m["date_precision"], 0),
                                            m["confidence"]))
        lo, hi = date_range(best["date"])
        days = sorted(str(m["article_date"]) for m in mentions)
        cid = "C" + hashlib.sha256(kind.encode()).hexdigest()[:12]
        found.append({
            "id": cid, "type": kind, "mode": best["mode"], "context": best["context"], "cameo": best["cameo"],
            "quad_class": best["quad_class"], "goldstein": best["goldstein"], "date": best["date"],
            "date_precision": best["date_precision"], "date_lo": lo, "date_hi": hi,
            "location_name": best["location_name"], "location_country": best["location_country"],
            "lat": best["lat"], "lon": best["lon"], "modality": best["modality"], "actors": best["actors"],
            "recipients": best["recipients"], "num_mentions": len(mentions),
            "num_articles": len({m["article_id"] for m in mentions}),
            "num_sources": len({m["article_id"] for m in mentions}), "first_reported": days[0],
            "last_reported": days[-1], "confidence": max(m["confidence"] for m in mentions),
            "summary": best["evidence_text"],
            "mentions": [{**m, "canonical_id": cid} for m in mentions],
            "links": [{"event_id": mentions[0]["id"], "other_id": m["id"], "score": 0.9, "reasons": ["type"]}
                      for m in mentions[1:]],
        })
    return found


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "export.db") as s:
        s.ingest(first_report())
        s.ingest(second_report())
        yield s


@pytest.fixture
def canon(store: Store) -> dict[str, dict[str, Any]]:
    return {row["type"]: row for row in naive_canonical(store)}


# -- GDELT ---------------------------------------------------------------------------------------------


def test_gdelt_columns_are_the_documented_61_and_16() -> None:
    events, mentions = gdelt.columns()
    assert len(events) == 61 and len(set(events)) == 61
    assert events[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert events[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                             "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    # GDELT 2.0 added ADM2Code: eight geo fields per block, ADM2 right after ADM1.
    assert events[35:43] == tuple(f"Actor1Geo_{k}" for k in ("Type", "FullName", "CountryCode", "ADM1Code",
                                                             "ADM2Code", "Lat", "Long", "FeatureID"))
    assert events[51] == "ActionGeo_Type" and events[-2:] == ("DATEADDED", "SOURCEURL")
    assert len(mentions) == 16 and mentions[0] == "GLOBALEVENTID" and mentions[-1] == "Extras"
    assert mentions[7:10] == ("Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset")


def test_gdelt_column_file_is_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "gdelt.yaml"
    bad.write_text("events: [GLOBALEVENTID, SQLDATE]\nmentions: []\n", encoding="utf-8")
    monkeypatch.setattr(gdelt, "DATA", bad)
    gdelt.columns.cache_clear()
    try:
        with pytest.raises(gdelt.GdeltSchemaError, match=r"gdelt\.yaml.*'events' must list 61"):
            gdelt.columns()
    finally:
        gdelt.columns.cache_clear()


def test_gdelt_event_row(store: Store, canon: dict[str, dict[str, Any]]) -> None:
    row = gdelt.event_row(canon["CONSULT"], store.analysis)
    assert set(row) == set(gdelt.columns()[0])
    assert row["GLOBALEVENTID"] == str(gdelt.global_event_id(canon["CONSULT"]["id"]))
    assert row["GLOBALEVENTID"].isdigit()
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20240509", "202405", "2024")
    assert row["FractionDate"] == f"{2024 + (5 * 30 + 9) / 365:.4f}"
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "KENGOV", "Kenya's president", "KEN", "GOV")
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("TZAGOV", "TZA")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("043", "043", "04")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("1", "2.8")
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert row["IsRootEvent"] == "1"  # the first report has it in its lead paragraph
    # Nairobi: a world city in Kenya (FIPS KE), our coordinates.
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == (
        "4", "Nairobi, Kenya", "KE")
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == ("-1.28333", "36.81667")
    assert (row["DATEADDED"], row["SOURCEURL"]) == ("20240510000000", "https://www.example.org/news/1")
    # What eventwire does not measure stays empty.
    empty = ["AvgTone", "Actor1EthnicCode", "Actor1Religion1Code", "Actor2Type2Code", "Actor1KnownGroupCode",
             "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_FeatureID",
             *(c for c in gdelt.columns()[0] if c.startswith(("Actor1Geo_", "Actor2Geo_")))]
    assert all(row[c] == "" for c in empty)


def test_gdelt_codes_stay_strings_and_igo_is_a_known_group(store: Store, canon: dict) -> None:
    accuse = dict(canon["ACCUSE"], cameo="0251")
    row = gdelt.event_row(accuse, store.analysis)
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0251", "025", "02")
    assert (row["Actor1CountryCode"], row["Actor1KnownGroupCode"], row["Actor1Code"]) == ("", "NATO", "NATO")
    # No event date: SQLDATE falls back to the first report; no place: every ActionGeo cell is empty.
    assert row["SQLDATE"] == "20240511"
    assert all(row[c] == "" for c in gdelt.columns()[0] if c.startswith("ActionGeo_"))
    # Without a URL the source is cited (GDELT's citation-only form).
    assert row["SOURCEURL"] == "Daily Sample, Talks go on, 2024-05-11, eventwire:r2"
    assert row["IsRootEvent"] == "0"


def test_gdelt_month_precision_is_written_on_its_first_day(store: Store, canon: dict) -> None:
    month = dict(canon["CONSULT"], date="2024-05", date_precision="month", date_lo="2024-05-01",
                 date_hi="2024-05-31")
    assert gdelt.event_row(month, store.analysis)["SQLDATE"] == "20240501"


def test_gdelt_mention_offsets_are_the_text(store: Store, canon: dict) -> None:
    rows = gdelt.mention_rows(canon["CONSULT"], store.analysis)
    assert len(rows) == 2 and all(set(r) == set(gdelt.columns()[1]) for r in rows)
    assert {r["GLOBALEVENTID"] for r in rows} == {str(gdelt.global_event_id(canon["CONSULT"]["id"]))}
    for row in rows:
        extras = json.loads(row["Extras"])
        article = store.analysis(extras["eventwire_id"].split("/")[0])
        assert article is not None
        text = article.article.text
        mention = next(m for m in canon["CONSULT"]["mentions"] if m["id"] == extras["eventwire_id"])
        a1, a2, act = int(row["Actor1CharOffset"]), int(row["Actor2CharOffset"]), int(row["ActionCharOffset"])
        assert text[a1 : extras["actor1_end"]] == mention["actors"][0]["name"]
        assert text[a2 : extras["actor2_end"]] == mention["recipients"][0]["name"]
        assert text[act : extras["action_end"]] == mention["trigger_text"]
        assert row["MentionDocLen"] == str(len(text)) and row["InRawText"] == "1"
    first, second = rows
    assert (first["MentionType"], first["MentionSourceName"], first["SentenceID"]) == (
        "1", "example.org", "1")
    assert (first["MentionTimeDate"], first["EventTimeDate"], first["Confidence"]) == (
        "20240510000000", "20240510000000", "80")
    # The second report cites (no URL) and has the event in its second sentence (after a line break).
    assert (second["MentionType"], second["MentionSourceName"], second["SentenceID"]) == ("2", "Daily Sample",
                                                                                          "2")
    assert second["MentionIdentifier"].endswith("eventwire:r2")
    assert second["MentionTimeDate"] == "20240511000000"


def test_gdelt_actor_without_entity_is_found_by_name_or_minus_one(store: Store, canon: dict) -> None:
    row = gdelt.mention_rows(canon["ACCUSE"], store.analysis)[0]
    extras = json.loads(row["Extras"])
    assert SECOND[int(row["Actor2CharOffset"]) : extras["actor2_end"]] == "the delay"
    lost = dict(canon["ACCUSE"], mentions=[dict(canon["ACCUSE"]["mentions"][0],
                                                recipients=[{"name": "the parliament"}])])
    assert gdelt.mention_rows(lost, store.analysis)[0]["Actor2CharOffset"] == "-1"


def test_sentence_number_and_lead() -> None:
    text = "First one. Second one!\nThird line. \"Fourth,\" Mr. Smith told U.S. officials. Fifth."
    words = ("First", "Second", "Third", "Fourth", "officials", "Fifth")
    assert [gdelt.sentence_number(text, text.index(w)) for w in words] == [1, 2, 3, 4, 4, 5]
    assert gdelt.in_lead(text, text.index("Second")) and not gdelt.in_lead(text, text.index("Third"))
    flat = "One. Two. Three. Four."  # paragraph breaks lost: the lead is the first two sentences
    assert [gdelt.in_lead(flat, flat.index(w)) for w in ("One", "Two", "Three")] == [True, True, False]


def test_gdelt_files_header_and_crosswalk(store: Store, canon: dict, tmp_path: Path) -> None:
    records = list(canon.values())
    out = tmp_path / "events.tsv"
    assert gdelt.write_events(records, out, store.analysis) == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 61 for line in lines)  # no header by default
    cells = dict(zip(gdelt.columns()[0], next(csv.reader([lines[1]], delimiter="\t")), strict=True))
    assert cells["EventCode"] == "043"  # leading zero survives the file
    assert gdelt.crosswalk_path(out) == tmp_path / "events.eventwire.tsv"
    assert gdelt.crosswalk_path(tmp_path / "20240510.export.CSV").name == "20240510.export.eventwire.tsv"
    walk = list(csv.DictReader(gdelt.crosswalk_path(out).open(encoding="utf-8"), delimiter="\t"))
    assert {w["eventwire_id"]: w["sqldate_from"] for w in walk} == {
        canon["ACCUSE"]["id"]: "first report", canon["CONSULT"]["id"]: "event date"}
    assert gdelt.write_events(records, out, store.analysis, header=True) == 2
    assert out.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(gdelt.columns()[0])
    mentions = tmp_path / "mentions.tsv"
    assert gdelt.write_mentions(records, mentions, store.analysis, header=True) == 3
    rows = mentions.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("GLOBALEVENTID\tEventTimeDate") and all(len(r.split("\t")) == 16 for r in rows)


# -- PLOVER --------------------------------------------------------------------------------------------


def test_plover_record_fields(canon: dict) -> None:
    record = plover.plover_record(canon["CONSULT"])
    assert record["id"] == canon["CONSULT"]["id"] and record["event"] == ["CONSULT"]
    assert (record["date"], record["enddate"]) == ("2024-05-09", None)
    assert record["source"][0] == {"code": "KEN", "sector": "GOV", "actor_text": "Kenya's president",
                                   "eventwire": {"entity": "r1/E1", "country": "KEN", "code": "KENGOV",
                                                 "country_basis": "named"}}
    assert record["recipient"][0]["code"] == "TZA" and record["quad_code"] == 1
    assert record["event_loc"] == {"name": "Nairobi", "latitude": -1.28333, "longitude": 36.81667,
                                   "country code": "KE", "cc3": "KEN"}
    assert record["context"] == ["diplomatic"] and record["event_scale"] == 2.8
    assert record["event_text"][0] == canon["CONSULT"]["summary"] and len(record["event_text"]) == 2
    extra = record["eventwire"]
    assert extra["cameo"] == "043" and [m["id"] for m in extra["mentions"]] == ["r1/V1", "r2/V1"]
    assert extra["mentions"][0]["trigger"]["text"] == "hosted" and extra["links"][0]["reasons"] == ["type"]
    json.dumps(record)  # serialisable as is


def test_plover_month_is_a_span_and_igo_is_igo(canon: dict) -> None:
    month = dict(canon["CONSULT"], date="2024-05", date_precision="month", date_lo="2024-05-01",
                 date_hi="2024-05-31")
    record = plover.plover_record(month)
    assert (record["date"], record["enddate"], record["eventwire"]["date"]) == ("2024-05-01", "2024-05-31",
                                                                                "2024-05")
    accuse = plover.plover_record(canon["ACCUSE"])
    assert accuse["source"][0]["code"] == "IGO" and accuse["source"][0]["eventwire"]["country"] == "NATO"
    assert accuse["recipient"][0]["code"] is None and accuse["event_loc"] is None
    assert (accuse["date"], accuse["eventwire"]["date_basis"]) == ("2024-05-11", "first report")


# -- tables --------------------------------------------------------------------------------------------


def test_canonical_parquet_schema_round_trip(canon: dict, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "canon.parquet"
    assert write_parquet(list(canon.values()), out, level="canonical") == 2
    table = pq.read_table(out)
    assert table.schema.equals(canonical_schema())
    rows = {r["type"]: r for r in table.to_pylist()}
    assert rows["CONSULT"]["cameo"] == "043" and rows["CONSULT"]["num_mentions"] == 2
    assert [m["event_id"] for m in rows["CONSULT"]["mentions"]] == ["r1/V1", "r2/V1"]
    assert rows["CONSULT"]["actors"][0]["code"] == "KENGOV" and rows["ACCUSE"]["date"] is None
    # An empty export still has the full schema.
    write_parquet([], out, level="canonical")
    assert pq.read_table(out).schema.equals(canonical_schema())


def test_canonical_csv_row_is_flat(canon: dict) -> None:
    flat = flatten(canon["CONSULT"])
    assert flat["mention_ids"] == "r1/V1; r2/V1" and "links" not in flat and "mentions" not in flat
    assert flat["actor_code"] == "KENGOV" and flat["context"] == "diplomatic"


class _Canonical(Store):
    """A Store with the canonical listing of the contract, over ``naive_canonical`` (a test double)."""

    def canonical_events(self, filters: Any = None, order: str = "date") -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k not in ("mentions", "links")} for r in naive_canonical(self)]

    def canonical_event(self, id: str) -> dict[str, Any] | None:
        return next((r for r in naive_canonical(self) if r["id"] == id), None)

    def canonical_events_detailed(self, filters: Any = None, order: str = "date") -> Any:
        return iter(naive_canonical(self))


def test_export_dispatch_levels(tmp_path: Path) -> None:
    with _Canonical(tmp_path / "c.db") as s:
        s.ingest(first_report())
        s.ingest(second_report())
        assert export(s, "jsonl", tmp_path / "c.jsonl", level="canonical") == 2
        back = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
        assert {len(r["mentions"]) for r in back} == {1, 2} and all("links" in r for r in back)
        assert export(s, "jsonl", tmp_path / "d.jsonl") == 2  # canonical by default
        assert export(s, "jsonl", tmp_path / "m.jsonl", level="mentions") == 3
        with pytest.raises(ExportError, match="canonical"):
            export(s, "gdelt", tmp_path / "x.tsv", level="mentions")
