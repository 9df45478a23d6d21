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

import bisect

from spacy.tokens import Doc

from eventwire.model import Entity, Quote, Span, Speaker
from eventwire.quotes.attribution import PRONOUNS, Found, find

__all__ = ["Found", "attribute", "find"]


def attribute(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Every quotation in the article, in text order, with speaker and cue."""
    text = doc.text
    quotes: list[Quote] = []
    previous: Speaker | None = None
    mentions = _MentionIndex(entities)
    for n, f in enumerate(find(doc), start=1):
        speaker = _speaker(text, f, mentions, previous)
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


def _speaker(text: str, f: Found, mentions: _MentionIndex, previous: Speaker | None) -> Speaker | None:
    if f.speaker is None:
        return None
    start, end = f.speaker
    name = text[start:end]
    head = f.speaker_head if f.speaker_head is not None else start
    entity = mentions.covering(start, end, head)
    if name.lower() in PRONOUNS:
        if entity is not None:
            return Speaker(name=entity.name, entity=entity.id)
        return previous or Speaker(name=name)
    return Speaker(name=name, entity=entity.id if entity else None)


class _MentionIndex:
    """Entity mentions sorted by start, so finding the mentions over a word is a bisection, not a scan
    of every mention of the article (which made long articles with many quotes quadratic)."""

    def __init__(self, entities: list[Entity]):
        self.mentions = sorted(
            (m.start, m.end, rank, e) for rank, e in enumerate(entities) for m in e.mentions
        )
        self.starts = [start for start, _, _, _ in self.mentions]
        self.longest = max((end - start for start, end, _, _ in self.mentions), default=0)

    def covering(self, start: int, end: int, head: int) -> Entity | None:
        """The entity with a mention over the speaker's head word, preferring the mention closest in
        size to the speaker phrase ("Kremlin spokesman Dmitry Peskov" -> Peskov, not the Kremlin);
        ties go to the entity listed first."""
        best: tuple[int, int, Entity] | None = None
        i = bisect.bisect_right(self.starts, head) - 1
        while i >= 0 and self.starts[i] >= head - self.longest:
            m_start, m_end, rank, entity = self.mentions[i]
            if head < m_end and m_start < end and start < m_end:
                score = abs((m_end - m_start) - (end - start))
                if best is None or (score, rank) < best[:2]:
                    best = (score, rank, entity)
            i -= 1
        return best[2] if best else None
