"""Event coding: PLOVER and CAMEO events with participants, dates, places, modality and evidence.

``code(doc, entities, timexes, article_date)`` runs four small steps, each in its own module:

1. ``mentions.Finder`` finds trigger words (verbal, nominal, light-verb forms; patterns in
   ``data/triggers.yaml``) and reads, for each, its participants from the dependency parse and the
   actor layer, its date from the time layer, its place and its modality (cues in ``data/cues.yaml``);
2. ``refine`` drops mentions that are not political events in this sense (``senses.Guard``: games,
   physical motion, idioms, accidents, business quarrels; words in ``data/senses.yaml``), drops
   mentions that are only the content of another ("agreed to set up a centre" is one
   AGREE), recodes intentions and refusals ("will provide aid" is AGREE 033, "will not accept" REJECT)
   and splits mentions dated by coordinated dates ("talked on January 31 and 28" is two calls);
3. ``merge.cluster`` merges the mentions of one event within the article into one event;
4. ``merge.to_events`` dates events anchored on others ("on the eve of the visit") and builds ``Event``s.

A nominal attack with nobody named is kept when it has a place or a date ("the attack took
place on Tuesday night", "an explosion outside the embassy"): the attacker is unknown, the event is not.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from eventwire.events import merge
from eventwire.events.lexicon import Lexicon, load
from eventwire.events.mentions import Finder, Mention
from eventwire.events.senses import Guard
from eventwire.model import Entity, Event, Timex

__all__ = ["code"]


def code(doc: Doc, entities: list[Entity], timexes: list[Timex], article_date: date) -> list[Event]:
    """Code the events of one parsed article (ids V1, V2, ... in order of first mention)."""
    lex = load()
    finder = Finder(doc, entities, timexes, lex)
    found = refine(finder.run(), finder, lex)
    clusters = merge.cluster(found, lex)
    return merge.to_events(clusters, doc.text, article_date, lex)


def refine(found: list[Mention], finder: Finder, lex: Lexicon) -> list[Mention]:
    """Drop non-political senses and embedded mentions, recode intentions/refusals, fill nearest dates,
    split date lists."""
    cues = lex.cues
    guard = Guard(finder, lex)
    found = [m for m in found if guard.veto(m) is None]
    by_token = {m.token.i: m for m in found}
    for m in found:
        governor = embedding(m, by_token, lex)
        if governor is not None and guard.claimed(m, governor):
            m.actors = [replace(p) for p in governor.actors]  # "X claimed responsibility for the attack"
        elif governor is not None:
            m.embedded_in = governor
            table = cues.embedded_recode.get(governor.code.plover, {})
            if m.code.plover in table and governor.code.code.endswith("0"):
                governor.code = lex.codes[table[m.code.plover]]
            if not governor.recipients:
                keys = {p.key for p in governor.actors}
                governor.recipients = [p for p in m.recipients if p.key not in keys]
    kept = [m for m in found if m.embedded_in is None]
    for m in kept:
        plover = m.code.plover
        if m.modality == "negated" and plover in cues.negation_recode:
            m.code, m.modality = lex.codes[cues.negation_recode[plover]], "asserted"
        elif m.modality == "planned" and plover in cues.intent_recode and intends(m, lex):
            m.code, m.modality = lex.codes[cues.intent_recode[plover]], "asserted"
    taken = {d.timex for m in kept for d in m.dates if d.timex}
    for m in kept:
        if not m.dates and m.pattern.pos == "verb":
            if m.token.dep_ == "conj" and m.token.head.i in by_token and by_token[m.token.head.i].dates:
                m.dates = list(by_token[m.token.head.i].dates)  # "talked on May 3 and discussed ..."
            elif (near := finder.nearest_date(m, taken)) is not None:
                m.dates = [near]
    split: list[Mention] = []
    for m in kept:
        if not m.codeable(cues.sector_nouns) and not guard.standalone(m):
            continue  # nobody a coder could code: "researchers warn", "women seeking employment"
        if press_request(m, cues.press_request_objects):
            continue  # "did not respond to VOA's request for comment": the newsroom, not an event
        if m.fragment and not m.actors:
            continue
        if len(m.dates) > 1:
            split += [replace(m, dates=[d]) for d in m.dates]
        else:
            split.append(m)
    return split


def press_request(m: Mention, objects: frozenset[str]) -> bool:
    """A request whose object (at most two steps below the trigger: "request for comment", "requesting
    comment") is what newsrooms ask their sources for."""
    if m.code.plover != "REQUEST":
        return False
    for child in m.token.children:
        below = [child, *(g for g in child.children if child.dep_ == "prep")]
        if any(t.lemma_.lower() in objects and t.dep_ in ("dobj", "pobj", "compound") for t in below):
            return True
    return False


def embedding(m: Mention, by_token: dict[int, Mention], lex: Lexicon) -> Mention | None:
    """The governing mention whose content this mention is ("threatened to impose sanctions")."""
    node = m.light if m.light is not None else m.token
    for _ in range(4):
        if node.dep_ not in lex.cues.embedding_deps or node.head is node:
            return None
        node = node.head
        governor = by_token.get(node.i)
        if governor is not None and governor is not m:
            return governor if governor.code.plover in lex.cues.governing_types else None
    return None


def intends(m: Mention, lex: Lexicon) -> bool:
    """A planned act announced by its own actor ("X will provide"), not a scheduled nominal event."""
    verb = m.token if m.pattern.pos == "verb" else m.light
    if verb is None:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return bool(aux & (lex.cues.planned_aux | {"would"})) or verb.dep_ == "xcomp"
