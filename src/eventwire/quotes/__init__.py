"""Quote attribution: direct, partial, block-attributed and indirect speech, with the speaker resolved.

``attribute(doc, entities)`` returns ``Quote`` records (ids Q1.. in text order) whose ``start``/``end``
cover the quoted content only (no quotation marks, no speaker block) and whose ``cue`` is the speech
verb or attribution phrase. Finding the quotes is ``attribution.find`` (rules over the parse, cue words in
``data/cues.yaml``); this module only turns its speaker spans into ``Speaker`` records:

- the entity whose mention covers the speaker's head word (the actor layer adds pronoun and
  descriptor mentions, so "he" or "the French leader" resolve to the person);
- otherwise the speaker stays a name as the text gives it ("two sources close to Macron", "the Elysee
  Palace") with no entity;
- a pronoun no entity covers takes the most recent non-pronoun speaker before it, the reading a news
  reader makes of "..., he added." after a quote by X.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.model import Entity, Quote, Span, Speaker
from eventwire.quotes.attribution import PRONOUNS, Found, find

__all__ = ["Found", "attribute", "find"]


def attribute(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Every quotation in the article, in text order, with speaker and cue."""
    text = doc.text
    quotes: list[Quote] = []
    previous: Speaker | None = None
    for n, f in enumerate(find(doc), start=1):
        speaker = _speaker(text, f, entities, previous)
        if speaker is not None and speaker.name.lower() not in PRONOUNS:
            previous = speaker
        quotes.append(
            Quote(
                id=f"Q{n}",
                start=f.start,
                end=f.end,
                text=text[f.start : f.end],
                kind=f.kind,
                speaker=speaker,
                cue=Span.of(text, *f.cue) if f.cue else None,
            )
        )
    return quotes


def _speaker(text: str, f: Found, entities: list[Entity], previous: Speaker | None) -> Speaker | None:
    if f.speaker is None:
        return None
    start, end = f.speaker
    name = text[start:end]
    head = f.speaker_head if f.speaker_head is not None else start
    entity = _covering_entity(entities, start, end, head)
    if name.lower() in PRONOUNS:
        if entity is not None:
            return Speaker(name=entity.name, entity=entity.id)
        return previous or Speaker(name=name)
    return Speaker(name=name, entity=entity.id if entity else None)


def _covering_entity(entities: list[Entity], start: int, end: int, head: int) -> Entity | None:
    """The entity with a mention over the speaker's head word, preferring the mention closest in size
    to the speaker phrase ("Kremlin spokesman Dmitry Peskov" -> Peskov, not the Kremlin)."""
    best: tuple[int, Entity] | None = None
    for entity in entities:
        for m in entity.mentions:
            if m.start <= head < m.end and m.start < end and start < m.end:
                score = abs((m.end - m.start) - (end - start))
                if best is None or score < best[0]:
                    best = (score, entity)
    return best[1] if best else None
