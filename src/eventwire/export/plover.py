"""PLOVER JSON records (one per canonical event, one per line) in the field names of the PLOVER spec.

Field names follow the "JSON Data Fields" chapter of the PLOVER manual (Open Event Data Alliance,
draft 0.7b1, https://github.com/openeventdata/PLOVER): ``id``, ``date`` (YYYY-MM-DD), ``enddate``,
``source`` and ``recipient`` (lists of actor objects: ``code``, ``sector``, ``actor_text``), ``event`` (a
list of categories), ``mode``, ``context``, ``quad_code``, ``event_scale``, ``event_loc`` (a location
object in geonames field names, plus ``cc3``), ``event_text``, ``cite_info`` and ``coder``. The spec asks
for newline-delimited JSON and invites extra named fields; everything eventwire adds lives under one
``eventwire`` key so it can never collide with a future standard field.

Dates: PLOVER's ``date`` is a whole day. A month- or year-precision event gets the first day it covers as
``date`` and the last as ``enddate`` (the spec's own field for a span); the precision-keeping value
(``"2022-02"``) is in ``eventwire.date``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from eventwire import __version__
from eventwire.export.gdelt import iso3_codes

CODER = f"eventwire {__version__}"


@cache
def _iso3_to_iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries} | {"XKX": "XK"}


def actor_object(person: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER actor object: ``code`` is the country (ISO alpha-3) or "IGO" for an organisation code."""
    country = person.get("country")
    code = country if country in iso3_codes() else "IGO" if country else None
    return {
        "code": code,
        "sector": person.get("sector"),
        "actor_text": person.get("name"),
        "eventwire": {"entity": person.get("entity"), "country": country, "code": person.get("code"),
                      "country_basis": person.get("country_basis")},
    }


def location_object(record: dict[str, Any]) -> dict[str, Any] | None:
    """The event location in geonames field names (``country code`` is alpha-2, ``cc3`` alpha-3)."""
    name, country = record.get("location_name"), record.get("location_country")
    if not name and not country:
        return None
    return {
        "name": name,
        "latitude": record.get("lat"),
        "longitude": record.get("lon"),
        "country code": _iso3_to_iso2().get(country or ""),
        "cc3": country,
    }


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return (value.isoformat() if hasattr(value, "isoformat") else str(value))[:10]


def _mention(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": m.get("id") or m.get("event_id"),
        "article_id": m.get("article_id"),
        "article_date": _day(m.get("article_date")),
        "url": m.get("url"),
        "title": m.get("title"),
        "trigger": {"start": m.get("trigger_start"), "end": m.get("trigger_end"),
                    "text": m.get("trigger_text")},
        "evidence": {"start": m.get("evidence_start"), "end": m.get("evidence_end"),
                     "text": m.get("evidence_text")},
        "date": m.get("date"),
        "date_precision": m.get("date_precision"),
        "confidence": m.get("confidence"),
    }


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """One canonical event (with its ``mentions`` and ``links``) as a PLOVER record."""
    mentions = sorted(record.get("mentions") or [],
                      key=lambda m: (str(m.get("article_date") or ""), str(m.get("id") or m.get("event_id"))))
    precision = record.get("date_precision")
    start = _day(record.get("date_lo")) or (_day(record.get("date")) if precision == "day" else None)
    end = _day(record.get("date_hi"))
    texts: list[str] = []
    for text in [record.get("summary"), *(m.get("evidence_text") for m in mentions)]:
        if text and text not in texts:
            texts.append(text)
    first = mentions[0] if mentions else {}
    return {
        "id": record["id"],
        "date": start or _day(record.get("first_reported")),
        "enddate": end if end and end != start else None,
        "source": [actor_object(p) for p in record.get("actors") or []],
        "recipient": [actor_object(p) for p in record.get("recipients") or []],
        "event": [record["type"]] if record.get("type") else [],
        "mode": record.get("mode"),
        "context": list(record.get("context") or []),
        "quad_code": record.get("quad_class"),
        "event_scale": record.get("goldstein"),
        "event_loc": location_object(record),
        "event_text": texts,
        "cite_info": {"url": first.get("url"), "title": first.get("title"), "language": "en",
                      "coder": CODER, "codebook": "PLOVER (eventwire event lexicon)"},
        "coder": CODER,
        "eventwire": {
            "cameo": record.get("cameo"),
            "goldstein": record.get("goldstein"),
            "date": record.get("date"),
            "date_precision": precision,
            "date_basis": "first report" if start is None and record.get("first_reported") else "event",
            "modality": record.get("modality"),
            "confidence": record.get("confidence"),
            "num_mentions": record.get("num_mentions"),
            "num_articles": record.get("num_articles"),
            "num_sources": record.get("num_sources"),
            "first_reported": _day(record.get("first_reported")),
            "last_reported": _day(record.get("last_reported")),
            "mentions": [_mention(m) for m in mentions],
            "links": list(record.get("links") or []),
        },
    }
