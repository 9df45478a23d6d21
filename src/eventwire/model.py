"""The data that flows between eventwire's stages, and its JSON form (the public contract).

Every stage is a plain function over these dataclasses; ``Analysis`` is the one currency between the
pipeline and everything after it (store, exports, CLI). ``Analysis.to_json()`` produces exactly the
object documented in ``docs/output.md`` and validated by ``schema/analysis.schema.json``.

Offsets are Python ``str`` indices into ``Article.text``, end exclusive: ``text[start:end] == span.text``
holds for every span, and ``Analysis.check_spans()`` verifies it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

EntityKind = Literal["person", "organization", "location", "group"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Modality = Literal["asserted", "planned", "reported", "negated", "hypothetical"]
QuoteKind = Literal["direct", "partial", "indirect"]
Precision = Literal["day", "month", "year"]
CountryBasis = Literal["named", "modifier", "location", "article"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Cut the span out of ``text`` so its text can never disagree with its offsets."""
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), data["text"])


@dataclass(slots=True)
class Article:
    """One dated news article. ``date`` is the document creation time (DCT) every relative date uses."""

    id: str
    date: date
    text: str
    title: str | None = None
    source: str | None = None  # where it was read from: a path, "path:row", a URL or "<stdin>"
    publisher: str | None = None
    url: str | None = None

    @staticmethod
    def content_id(text: str, day: date) -> str:
        """A stable id for articles that come without one: the same text and date give the same id."""
        digest = hashlib.sha256(f"{day.isoformat()}\n{text}".encode()).hexdigest()
        return digest[:16]

    @property
    def content_hash(self) -> str:
        """Hash of everything the analysis depends on; a changed hash means the stored rows are stale."""
        payload = "\x1f".join([self.date.isoformat(), self.title or "", self.text])
        return hashlib.sha256(payload.encode()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "title": self.title,
            "source": self.source,
            "publisher": self.publisher,
            "url": self.url,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            date=date.fromisoformat(data["date"]),
            text=data["text"],
            title=data.get("title"),
            source=data.get("source"),
            publisher=data.get("publisher"),
            url=data.get("url"),
        )


@dataclass(slots=True)
class Entity:
    """A person, organization, location or group, with every mention of it in the article."""

    id: str
    name: str
    kind: EntityKind
    mentions: list[Span] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-3, or an IGO code such as NATO, EU, UN
    sector: str | None = None  # PLOVER sector: GOV, MIL, COP, JUD, LEG, PTY, REB, ...
    code: str | None = None  # CAMEO-style actor code: country + sector, e.g. FRAGOV
    role: str | None = None  # e.g. "President of France"
    lat: float | None = None  # locations only
    lon: float | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "role": self.role,
            "mentions": [m.to_json() for m in self.mentions],
        }
        if self.kind == "location":
            data["lat"], data["lon"] = self.lat, self.lon
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            mentions=[Span.from_json(m) for m in data.get("mentions", [])],
            country=data.get("country"),
            sector=data.get("sector"),
            code=data.get("code"),
            role=data.get("role"),
            lat=data.get("lat"),
            lon=data.get("lon"),
        )


@dataclass(slots=True)
class Timex:
    """A TIMEX3 time expression normalized against the article date."""

    id: str
    start: int
    end: int
    text: str
    type: TimexType
    value: str  # TIMEX3 value: 2022-02-07, 2022-04, 2022-W05, P2Y, PAST_REF, XXXX-WXX-1 ...

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Timex:
        return cls(**{k: data[k] for k in ("id", "start", "end", "text", "type", "value")})


@dataclass(slots=True)
class Participant:
    """An actor or recipient of an event; ``entity`` is the id of the resolved Entity, if any.

    ``country_basis`` says where ``country`` comes from, because a coder (and a user checking one) must
    know when it is inferred: "named" (the participant's own words or resolved entity: "French
    President", "Macron", "the Kremlin"), "modifier" (a place attached to it: "police in Kano"),
    "location" (the event's place), "article" (the country the article is mostly about); None when
    there is no country.
    """

    name: str
    entity: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    country_basis: CountryBasis | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "code": self.code,
            "country_basis": self.country_basis,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Participant:
        fields = ("name", "entity", "country", "sector", "code", "country_basis")
        return cls(**{k: data.get(k) for k in fields})

    @classmethod
    def of_entity(cls, entity: Entity) -> Participant:
        basis: CountryBasis | None = "named" if entity.country else None
        return cls(entity.name, entity.id, entity.country, entity.sector, entity.code, basis)


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Location:
        return cls(**{k: data.get(k) for k in ("name", "country", "lat", "lon")})


@dataclass(slots=True)
class Event:
    """One event coded in PLOVER and CAMEO, with the evidence of every mention in the article."""

    id: str
    type: str  # PLOVER event type, e.g. CONSULT
    cameo: str  # CAMEO code as a string, e.g. "041" (leading zeros matter)
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float
    trigger: Span
    evidence: Span  # the sentence that carries the first mention
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY: precision is kept, never padded
    date_precision: Precision | None = None
    date_basis: dict[str, str] | str | None = None  # {"timex": id}, "article", or None
    location: Location | None = None
    modality: Modality = "asserted"
    mentions: list[Span] = field(default_factory=list)  # every sentence that reports this event
    confidence: float = 0.5

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "actors": [p.to_json() for p in self.actors],
            "recipients": [p.to_json() for p in self.recipients],
            "date": self.date,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "location": self.location.to_json() if self.location else None,
            "modality": self.modality,
            "trigger": self.trigger.to_json(),
            "evidence": self.evidence.to_json(),
            "mentions": [m.to_json() for m in self.mentions],
            "confidence": self.confidence,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        location = data.get("location")
        return cls(
            id=data["id"],
            type=data["type"],
            cameo=data["cameo"],
            quad_class=int(data["quad_class"]),
            goldstein=float(data["goldstein"]),
            trigger=Span.from_json(data["trigger"]),
            evidence=Span.from_json(data["evidence"]),
            mode=data.get("mode"),
            context=list(data.get("context") or []),
            actors=[Participant.from_json(p) for p in data.get("actors", [])],
            recipients=[Participant.from_json(p) for p in data.get("recipients", [])],
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            date_basis=data.get("date_basis"),
            location=Location.from_json(location) if location else None,
            modality=data.get("modality", "asserted"),
            mentions=[Span.from_json(m) for m in data.get("mentions", [])],
            confidence=float(data.get("confidence", 0.5)),
        )


@dataclass(slots=True)
class Speaker:
    """Who said it: a resolved entity id when there is one, and the name as the text gives it."""

    name: str
    entity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        return cls(name=data["name"], entity=data.get("entity"))


@dataclass(slots=True)
class Quote:
    """A direct, partial or indirect quotation; ``start``/``end`` cover the quoted content only."""

    id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: Speaker | None = None
    cue: Span | None = None  # the speech verb or attribution phrase ("said", "according to")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json() if self.cue else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            id=data["id"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            kind=data["kind"],
            speaker=Speaker.from_json(data["speaker"]) if data.get("speaker") else None,
            cue=Span.from_json(data["cue"]) if data.get("cue") else None,
        )


@dataclass(slots=True)
class Analysis:
    """Everything eventwire found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json(),
            "entities": [e.to_json() for e in self.entities],
            "timexes": [t.to_json() for t in self.timexes],
            "events": [e.to_json() for e in self.events],
            "quotes": [q.to_json() for q in self.quotes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            article=Article.from_json(data["article"]),
            entities=[Entity.from_json(e) for e in data.get("entities", [])],
            timexes=[Timex.from_json(t) for t in data.get("timexes", [])],
            events=[Event.from_json(e) for e in data.get("events", [])],
            quotes=[Quote.from_json(q) for q in data.get("quotes", [])],
        )

    def spans(self) -> list[tuple[str, Span]]:
        """Every evidence span in the analysis, labelled by where it comes from."""
        found: list[tuple[str, Span]] = []
        for ent in self.entities:
            found += [(f"entity {ent.id}", m) for m in ent.mentions]
        found += [(f"timex {t.id}", t.span) for t in self.timexes]
        for ev in self.events:
            found += [(f"event {ev.id} trigger", ev.trigger), (f"event {ev.id} evidence", ev.evidence)]
            found += [(f"event {ev.id} mention", m) for m in ev.mentions]
        for q in self.quotes:
            found.append((f"quote {q.id}", Span(q.start, q.end, q.text)))
            if q.cue:
                found.append((f"quote {q.id} cue", q.cue))
        return found

    def check_spans(self) -> list[str]:
        """Describe every span whose text differs from ``article.text[start:end]`` (empty when all agree)."""
        text = self.article.text
        return [
            f"{label}: {span.start}-{span.end} {span.text!r} != {text[span.start:span.end]!r}"
            for label, span in self.spans()
            if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text
        ]


@dataclass(slots=True)
class ReadError:
    """An input that could not become an Article: reported with where it was and why, never fatal."""

    source: str  # path, "path:row" or "<stdin>"
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason}
