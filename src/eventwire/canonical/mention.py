"""An event mention as canonical merging sees it: the comparable facts of one stored event.

A ``Mention`` is built once, when its article is ingested, and stored as JSON with the membership row, so
judging a candidate pair never needs joins or re-parsing. It carries the effective date interval (what
days the event can have happened on, given its precision), participant keys, and the content words of its
trigger and evidence sentence.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from eventwire.canonical.rules import Rules
from eventwire.model import Article, Entity, Event, Participant

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "f.b.i." and "u.s.": letters each followed by a dot
PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def day_range(value: str | None) -> tuple[date, date] | None:
    """First and last day a precision-keeping date covers ("2022-02" -> Feb 1..28); None if not a date."""
    m = _DAY.match(value or "")
    if not m:
        return None
    try:
        year = int(m[1])
        if m[3]:
            day = date(year, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            month = int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def source_key(article: Article) -> str:
    """Who published the article: the publisher, else the URL's host, else where it was read from."""
    if article.publisher:
        return article.publisher.strip().lower()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.lower().removeprefix("www.")
    return (article.source or article.id).strip()


def normal_name(name: str, rules: Rules) -> str:
    """A participant name folded for comparison: no accents, lower case, no punctuation, no "the"; a
    dotted abbreviation is one word ("F.B.I." is "fbi", as the undotted "FBI" is)."""
    return _fold_name(name, rules.name_prefixes)


@functools.lru_cache(maxsize=65536)
def _fold_name(name: str, name_prefixes: frozenset[str]) -> str:
    """``normal_name``, cached: pair comparisons fold the same names and sentences again and again."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = _DOTTED.sub(lambda m: m[0].replace(".", ""), folded)
    words = re.findall(r"\w+", re.sub(r"['’]s\b", "", folded))  # "Jon Lester's" is Jon Lester
    while words and words[0] in name_prefixes:
        words = words[1:]
    return " ".join(words)


def acronym(name: str, rules: Rules) -> str | None:
    """The initials of a normalised name of at least ``acronym_min_words`` words, skipping the
    ``acronym_skip`` words: "federal bureau of investigation" -> "fbi", so the long name, "FBI" and
    "F.B.I." are one name. None for shorter names (two initials collide too often: "hc" is anyone)."""
    words = [w for w in name.split() if w not in rules.acronym_skip]
    if len(words) < rules.acronym_min_words or any(len(w) < 2 or w.isdigit() for w in words):
        return None
    return "".join(w[0] for w in words)


def content_words(text: str, rules: Rules) -> set[str]:
    """Lower-cased, crudely stemmed words of ``text`` that are not stop words (the similarity features)."""
    found = set()
    for raw in _WORD.findall(text.lower()):
        word = raw.split("'")[0] if raw.endswith("'s") else raw
        if len(word) < rules.min_word_length or word in rules.stopwords:
            continue
        for suffix in rules.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= rules.min_stem:
                word = word[: -len(suffix)]
                break
        found.add(word)
    return found


def _keyed(person: Participant, article_id: str) -> dict[str, Any]:
    """Participant JSON with the entity as its store key ("<article>/E1"): unique across articles."""
    data = person.to_json()
    if person.entity:
        data["entity"] = f"{article_id}/{person.entity}"
    return data


def _named(event: Event, entities: list[Entity], rules: Rules) -> list[str]:
    """Normalised names of the people, organisations and groups mentioned inside the evidence sentence:
    the entity's resolved name, and the words used there ("FBI" for the Federal Bureau of Investigation)."""
    lo, hi = event.evidence.start, event.evidence.end
    found: set[str] = set()
    for entity in entities:
        if entity.kind not in rules.named_kinds:
            continue
        inside = [m.text for m in entity.mentions if lo <= m.start and m.end <= hi]
        if inside:
            found |= {normal_name(n, rules) for n in (entity.name, *inside)}
    # Pronouns resolved to the entity ("he", "him") are not names: short words and stopwords go.
    return sorted(n for n in found if len(n) >= rules.min_word_length and n not in rules.stopwords)


@dataclass(slots=True)
class Mention:
    """One stored event (a mention of a real event in one article) with what merging compares."""

    id: str  # store key "<article>/V1"
    article_id: str
    article_date: str  # ISO day
    source: str  # publisher key (see source_key)
    type: str
    cameo: str
    modality: str
    lo: str  # first ISO day the event can be on
    hi: str  # last ISO day
    timex_dated: bool  # False: dated only by its article (lo..hi is the article window)
    quad_class: int = 0
    goldstein: float = 0.0
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    location: dict[str, Any] | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[dict[str, Any]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    trigger: str = ""
    evidence: str = ""
    confidence: float = 0.5
    # Resolved names of the entities the evidence sentence mentions, whether or not the event coder made
    # them participants ("The Chicago Cubs beat ..." with no actor found still names the Cubs).
    named: list[str] = field(default_factory=list)
    # Participant comparison keys, computed once (see compare.participant_keys): {"actors": [...],
    # "recipients": [...], "named": [...]}, each a list of key lists, strongest first.
    keys: dict[str, list[list[str]]] = field(default_factory=dict)

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]

    @property
    def span_days(self) -> int:
        return (date.fromisoformat(self.hi) - date.fromisoformat(self.lo)).days + 1

    @property
    def country(self) -> str | None:
        return (self.location or {}).get("country")

    @classmethod
    def of_event(cls, key: str, event: Event, article: Article, rules: Rules,
                 entities: list[Entity] | None = None) -> Mention:
        """The mention of ``event`` (stored under ``key``) from ``article``; ``entities`` (the article's)
        give the names its evidence sentence mentions."""
        timex = isinstance(event.date_basis, dict)
        days = day_range(event.date) if timex else None
        if days is None:  # dated by the article only, or a date that is not a calendar span (a week)
            timex = False
            days = (article.date - timedelta(days=rules.article_window_days), article.date)
        text = f"{event.trigger.text} {event.evidence.text}"
        return cls(
            id=key, article_id=article.id, article_date=article.date.isoformat(), source=source_key(article),
            type=event.type, cameo=event.cameo, modality=event.modality, lo=days[0].isoformat(),
            hi=days[1].isoformat(), timex_dated=timex, quad_class=event.quad_class,
            goldstein=event.goldstein, mode=event.mode, context=list(event.context), date=event.date,
            date_precision=event.date_precision,
            location=event.location.to_json() if event.location else None,
            actors=[_keyed(p, article.id) for p in event.actors],
            recipients=[_keyed(p, article.id) for p in event.recipients],
            words=sorted(content_words(text, rules)), trigger=event.trigger.text,
            evidence=event.evidence.text,
            confidence=event.confidence, named=_named(event, entities or [], rules),
        ).with_keys(rules)

    def with_keys(self, rules: Rules) -> Mention:
        """Fill ``keys`` (participant names, heads, descriptions, codes) under ``rules``."""
        from eventwire.canonical.compare import participant_keys

        self.keys = participant_keys(self, rules)
        return self

    def to_json(self) -> dict[str, Any]:
        # Shallow: every field already is JSON (dataclasses.asdict deep-copies, 10x slower).
        return {name: getattr(self, name) for name in FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        return cls(**data)


FIELDS = tuple(f.name for f in fields(Mention))
