"""One event, many mentions: merge the mentions of the same event within an article into one Event.

Two mentions report the same event when they have the same PLOVER type and CAMEO root, no conflicting
mode (a phone call is not a visit), compatible participants, compatible dates and compatible tense (a
meeting that "will be held" is not the one that "took place"). A mention marked distinct ("the previous
conversation") only joins an event of the same explicit date. The event keeps every mention sentence as
evidence and takes its trigger, evidence sentence and code from its most specific mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventwire.events.lexicon import Lexicon
from eventwire.events.mentions import Mention, Party, date_after
from eventwire.model import Event, Participant, Span


@dataclass(slots=True)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        dated = [m.dates[0] for m in self.mentions if m.dates and not m.dates[0].nearest]
        return dated[0].value if dated else None

    @property
    def tense(self) -> str | None:
        return next((m.tense for m in self.mentions if m.tense), None)

    def best(self) -> Mention:
        return max(self.mentions, key=specificity)


def specificity(m: Mention) -> tuple[int, ...]:
    """How much a mention says: an explicit date, a place, participants, a specific code."""
    return (
        bool(m.dates) and not m.dates[0].nearest,
        len({p.key for p in m.parties()}),
        m.location is not None,
        len(m.code.code) + (not m.code.code.endswith("0")),
        -m.token.i,
    )


def sides(parties: list[Party]) -> set[str]:
    """What a set of participants is, for comparison: countries where known, else entity or name."""
    return {p.participant.country or p.key for p in parties}


def same_parties(a: Mention, b: Mention) -> bool:
    """Participants compatible: mutual events compare all parties (one may name fewer of them);
    directed events compare actors with actors and recipients with recipients. A mention that names
    nobody ("the attack took place on Tuesday") joins one that names nobody either, or one of the same
    explicit date ("rebels attacked the embassy on Tuesday"): without a date, the attack nobody is named
    for may be another one than the one someone is named for."""
    if not a.parties() or not b.parties():
        if not a.parties() and not b.parties():
            return True
        da, db = (m.dates[0].value if m.dates and not m.dates[0].nearest else None for m in (a, b))
        return da is not None and da == db
    if a.symmetric or b.symmetric or a.code.root == "04":
        x, y = sides(a.parties()), sides(b.parties())
        return bool(x and y) and (x <= y or y <= x)
    compared = False
    for xa, ya in ((a.actors, b.actors), (a.recipients, b.recipients)):
        if xa and ya:
            if sides(xa) != sides(ya):
                return False
            compared = True
    return compared  # two mentions that share no comparable side are not known to be one event


def same_date(m: Mention, cluster: Cluster) -> bool:
    mine = m.dates[0].value if m.dates and not m.dates[0].nearest else None
    theirs = cluster.date
    same_sentence = any(o.sent == m.sent for o in cluster.mentions)
    if (m.distinct or any(o.distinct for o in cluster.mentions)) and not same_sentence:
        return mine is not None and mine == theirs
    if mine is None or theirs is None:
        return True
    return mine.startswith(theirs) or theirs.startswith(mine)


def compatible(m: Mention, cluster: Cluster) -> bool:
    other = cluster.mentions[0]
    if (m.code.plover, m.code.root) != (other.code.plover, other.code.root):
        return False
    modes = {x.code.mode for x in cluster.mentions if x.code.mode} | ({m.code.mode} if m.code.mode else set())
    if len(modes) > 1:
        return False
    if m.tense and cluster.tense and m.tense != cluster.tense:
        return False
    return all(same_parties(m, x) for x in cluster.mentions) and same_date(m, cluster)


def cluster(mentions: list[Mention], lex: Lexicon) -> list[Cluster]:
    """Greedy merging in text order; a mention joins the compatible event with the same explicit date,
    else the most recent compatible event."""
    clusters: list[Cluster] = []
    for m in mentions:
        options = [c for c in clusters if compatible(m, c)]
        if options:
            mine = m.dates[0].value if m.dates and not m.dates[0].nearest else None
            same = [c for c in options if mine is not None and c.date == mine]
            (same or options)[-1].mentions.append(m)
        else:
            clusters.append(Cluster([m]))
    relational = lex.cues.relational_roots
    return [
        c for c in clusters
        if c.best().code.root not in relational
        or len({p.key for m in c.mentions for p in m.parties()}) >= 2
        or any(m.location is not None for m in c.mentions)
    ]  # fmt: skip


def merged_parties(groups: list[list[Party]]) -> list[Party]:
    """The distinct participants of several mentions. A party known only by its country ("the Russian
    buildup") is dropped when a resolved entity of that country is there, and so is a place
    ("visit Kyiv") when someone of its country is there (the host is Zelensky, not the city)."""
    seen: dict[str, Party] = {}
    for group in groups:
        for party in group:
            if party.key not in seen:
                seen[party.key] = party
    parties = list(seen.values())
    resolved = {p.participant.country for p in parties if p.participant.entity and p.kind != "location"}
    resolved_any = {p.participant.country for p in parties if p.participant.entity}
    kept = []
    for p in parties:
        country = p.participant.country
        if country and not p.participant.entity and country in resolved_any:
            continue
        if country and p.kind == "location" and country in resolved:
            continue
        kept.append(p)
    return kept


def output(parties: list[Party]) -> list[Participant]:
    """The participants as the event reports them (with the countries the text places them in)."""
    return [p.final() for p in parties]


def sentence_span(text: str, m: Mention) -> Span:
    start, end = m.sent_chars
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


def to_events(clusters: list[Cluster], text: str, article_date: date, lex: Lexicon) -> list[Event]:
    """Build the events: participants, best date, place and modality over all mentions of each."""
    events: list[Event] = []
    for i, c in enumerate(sorted(clusters, key=lambda c: c.mentions[0].start), start=1):
        best = c.best()
        code = best.code
        if code.code.endswith("0"):  # a root-level code: take a more specific one from another mention
            code = max((m.code for m in c.mentions if m.code.root == best.code.root),
                       key=lambda k: (len(k.code), not k.code.endswith("0")))  # fmt: skip
        if best.symmetric or best.code.root == "04":  # mutual: the best mention says who is first
            everyone = merged_parties([best.actors, best.recipients] + [m.parties() for m in c.mentions])
            lead = len({p.key for p in best.actors}) or 1
            pair = everyone[:lead], everyone[lead:]
            if not best.actors and not best.symmetric:
                pair = [], everyone
        else:
            first = merged_parties([m.actors for m in c.mentions])
            keys = {p.key for p in first}
            pair = first, [p for p in merged_parties([m.recipients for m in c.mentions]) if p.key not in keys]
        actors, recipients = output(pair[0]), output(pair[1])
        dated = sorted(
            (m for m in c.mentions if m.dates), key=lambda m: (m.dates[0].nearest, -len(m.dates[0].value))
        )
        modalities = [m.modality for m in c.mentions]
        modality = best.modality
        for preferred in ("planned", "negated", "hypothetical"):
            if modality == "asserted" and preferred in modalities:
                modality = preferred
        spans, seen = [], set()
        for m in sorted(c.mentions, key=lambda m: m.start):
            span = sentence_span(text, m)
            if (span.start, span.end) not in seen:
                seen.add((span.start, span.end))
                spans.append(span)
        event = Event(
            id=f"V{i}", type=code.plover, cameo=code.code, quad_class=code.quad, goldstein=code.goldstein,
            trigger=Span.of(text, best.start, best.end), evidence=sentence_span(text, best),
            mode=code.mode, context=list(code.context), actors=actors, recipients=recipients,
            location=next((m.location for m in [best, *c.mentions] if m.location is not None), None),
            modality=modality, mentions=spans,  # type: ignore[arg-type]
        )  # fmt: skip
        if dated:
            ref = dated[0].dates[0]
            event.date, event.date_precision, event.date_basis = (
                ref.value,
                ref.precision,
                {"timex": ref.timex or ""},
            )
            event.confidence = 0.6 if ref.nearest else 0.8
        else:
            event.date, event.date_precision, event.date_basis = article_date.isoformat(), "day", "article"
            event.confidence = 0.5
        if not actors:
            event.confidence -= 0.15
        event.confidence = round(min(0.95, event.confidence + 0.03 * (len(spans) - 1)), 2)
        events.append(event)
    anchor_dates(clusters, events, article_date)
    return events


def anchor_dates(clusters: list[Cluster], events: list[Event], article_date: date) -> None:
    """Date events reported "on the eve of" another event from that event's date."""
    ordered = sorted(clusters, key=lambda c: c.mentions[0].start)
    owner = {m.token.i: ev for c, ev in zip(ordered, events, strict=True) for m in c.mentions}
    for c, ev in zip(ordered, events, strict=True):
        if ev.date_basis != "article":
            continue
        for m in c.mentions:
            if m.anchor is None:
                continue
            offset, target_tok = m.anchor
            target = owner.get(target_tok.i)
            if (
                target is None
                or target is ev
                or target.date_precision != "day"
                or target.date_basis == "article"
            ):
                continue
            ev.date = date_after(target.date or article_date.isoformat(), offset)
            ev.date_precision = "day"
            source = target.date_basis.get("timex", "") if isinstance(target.date_basis, dict) else ""
            ev.date_basis = {"timex": source, "event": target.id, "offset_days": str(offset)}
            ev.confidence = round(min(0.95, ev.confidence + 0.15), 2)
            break
