"""Sense guards: trigger words that do not report a political event here, and nominal attacks that do.

The verbs that report violence and coercion ("beat", "fire", "strike", "clash", "kill") also report
games, physical motion, idioms, accidents and business quarrels; GDELT users know the junk this gives.
Habits ("Moscow routinely denies ...") are not specific events either.
``Guard.veto`` names the guard a mention falls under (or None); ``Guard.standalone`` says whether a
nominal attack with nobody named ("the attack took place on Tuesday night", "an explosion outside
the embassy") is still an event a coder would code (with the attacker unknown). The words are data
(``data/senses.yaml``); the rules here only say where in the sentence to look for them.
"""

from __future__ import annotations

import re
from functools import cached_property

from spacy.tokens import Token

from eventwire.events.lexicon import Lexicon
from eventwire.events.mentions import Finder, Mention, verb_forms
from eventwire.model import Location

SCORE = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])")  # a game score: "4-3", "2-2"


class Guard:
    """The sense guards of one document (sentence cue counts are computed once per sentence)."""

    def __init__(self, finder: Finder, lex: Lexicon):
        self.finder, self.senses, self.cues = finder, lex.senses, lex.cues
        self.doc = finder.doc
        self.text = finder.doc.text  # Doc.text joins every token on each access: read it once
        self.cache: dict[int, dict[int, frozenset[str]]] = {}  # sentence -> id(word list) -> found

    # ---- sentence cues ---------------------------------------------------------------------------
    def found(self, sent: int, words: frozenset[str]) -> frozenset[str]:
        """The entries of ``words`` in one sentence: single words by lemma or text, phrases by text."""
        key = id(words)  # the word lists live as long as the lexicon
        per_sent = self.cache.setdefault(sent, {})
        if key not in per_sent:
            start, end = self.finder.sent_chars[sent]
            span = self.doc.char_span(start, end, alignment_mode="expand")
            tokens = {t.lower_ for t in span or ()} | {t.lemma_.lower() for t in span or ()}
            text = " " + re.sub(r"[^\w'-]+", " ", self.text[start:end].lower()) + " "
            per_sent[key] = frozenset(w for w in words if (f" {w} " in text if " " in w else w in tokens))
        return per_sent[key]

    @cached_property
    def sports_article(self) -> bool:
        """At least ``article_strong`` sentences of the article carry a strong sports cue."""
        hits = sum(1 for s in self.finder.sent_starts if self.found(s, self.senses.sport_strong))
        return hits >= self.senses.sport_article

    def sporting(self, sent: int) -> bool:
        """A sentence about a game: a strong cue, two weak ones, or one weak one in a sports article."""
        s = self.senses
        if self.found(sent, s.sport_strong):
            return True
        start, end = self.finder.sent_chars[sent]
        score = bool(s.sport_score and SCORE.search(self.text[start:end]))
        weak = len(self.weak_words(sent)) + score
        return weak >= 2 or (weak >= 1 and self.sports_article)

    def weak_words(self, sent: int) -> set[str]:
        """Distinct lemmas of the weak sports words of a sentence ("goal" and "goals" count once)."""
        weak = self.senses.sport_weak
        end = next((s for s in self.finder.sent_starts if s > sent), len(self.doc))
        return {t.lemma_.lower() for t in self.doc[sent:end] if t.lower_ in weak or t.lemma_.lower() in weak}

    def political(self, m: Mention) -> bool:
        """A participant who is a political actor: a political sector, or a noun for one ("police")."""
        return any(
            p.participant.sector in self.senses.political_sectors or p.head in self.senses.political_nouns
            for p in m.parties()
        )

    # ---- the guards --------------------------------------------------------------------------------
    def veto(self, m: Mention) -> str | None:
        """The name of the guard under which ``m`` is not a political event, or None."""
        s, plover = self.senses, m.code.plover
        verb = m.token if m.pattern.pos == "verb" else None
        forms = verb_forms(verb) if verb is not None else {m.token.lemma_.lower()}
        if plover in s.sport_types and self.sporting(m.sent) and not self.political(m):
            return "sports"
        if verb is not None and forms & s.motion_verbs and self.motion(verb):
            return "motion"
        if verb is not None and self.idiom(verb, forms):
            return "idiom"
        if m.light is not None and self.idiom(m.light, verb_forms(m.light), light=True):
            return "idiom"  # "struck up a conversation"
        if m.code.code in s.patient_codes and self.thing_patient(m, forms):
            return "thing"
        if plover == "THREATEN" and verb is not None and forms & s.warning_verbs and self.forecast(m, verb):
            return "forecast"
        if plover == "THREATEN" and verb is None and forms & s.warning_nouns and not m.actors:
            return "danger"  # "a threat to the stability of the country": nobody threatens
        if self.habitual(m):
            return "habitual"
        if m.pattern.pos == "noun" and plover == "ASSAULT" and self.unreal(m.token):
            return "unreal"
        calm = not self.found(m.sent, s.violence)
        if (
            plover in s.accident_types and forms & s.accident_verbs and calm
            and self.found(m.sent, s.accident_causes) and not self.political(m)
        ):  # fmt: skip
            return "accident"
        if (
            plover in s.commerce_types and forms & s.commerce_verbs and calm
            and self.found(m.sent, s.commerce_words) and not self.political(m)
        ):  # fmt: skip
            return "commerce"
        return None

    def habitual(self, m: Mention) -> bool:
        """A habit, not an event: "routinely denies", "often criticized", "regular consultations"."""
        s = self.senses
        verb = m.token if m.pattern.pos == "verb" else m.light
        if verb is not None and any(
            c.dep_ == "advmod" and c.lemma_.lower() in s.habitual_adverbs for c in verb.children
        ):
            return True
        return m.pattern.pos == "noun" and any(
            c.dep_ == "amod" and c.lemma_.lower() in s.habitual_modifiers for c in m.token.children
        )

    def claimed(self, m: Mention, governor: Mention) -> bool:
        """An attack whose responsibility someone claims ("X claimed responsibility for the bombing"):
        the attack is an event of its own, with the claimant as its actor (as coders code it)."""
        return (
            governor.code.code in self.senses.claim_codes
            and m.code.plover == "ASSAULT"
            and not m.actors
            and bool(governor.actors)
        )

    def unreal(self, tok: Token) -> bool:
        """A nominal attack governed (up to three steps up) by a word that says it did not happen, is
        only feared or planned, or is referred back to ("fear an attack", "foiled a bombing")."""
        words = self.senses.nominal_unreal
        node = tok
        for _ in range(3):
            if node.head is node:
                return False
            node = node.head
            if node.lemma_.lower() in words or node.lower_ in words:
                return True
        return False

    def names_someone(self, tok: Token) -> bool:
        """A word for a person, group, place or country (a possible target of an act)."""
        f = self.finder
        return f.named(tok) is not None or f.names_people(tok.lemma_.lower()) or tok.pos_ == "PRON"

    def motion(self, verb: Token) -> bool:
        """ "slammed into a wall", "fired the ball across the yard": a motion preposition whose object
        is a thing (not a participant, not a target of armed attacks) and no people as direct object."""
        s = self.senses
        if any(c.dep_ == "dobj" and self.names_someone(c) for c in verb.children):
            return False
        for prep in verb.children:
            if prep.dep_ not in ("prep", "prt", "advmod") or prep.lower_ not in s.motion_preps:
                continue
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                target = obj.lemma_.lower() in s.motion_targets or obj.lower_ in s.motion_targets
                if not target and not self.names_someone(obj):
                    return True
        return False

    def idiom(self, verb: Token, forms: set[str], light: bool = False) -> bool:
        """ "fought back tears", "beat the odds", "fired the coach": a listed verb with its listed
        object (lemma or text, so "tie" is not "ties") or particle, or a person as its object.
        For the ``light`` verb of a nominal trigger only particle idioms count: the noun is its object
        ("struck up a conversation" is an idiom, "struck a deal" is not)."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        words = {w for o in objects for w in (o.lower_, o.lemma_.lower())}
        particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
        for idiom in self.senses.idioms:
            if not forms & idiom.verbs:
                continue
            if light and (idiom.objects or idiom.person_object):
                continue
            if idiom.person_object:
                if any(c.dep_ == "dobj" and self.person(c) for c in verb.children):
                    return True
                continue
            if idiom.objects and not words & idiom.objects:
                continue
            if idiom.particles and not particles & idiom.particles:
                continue
            return True
        return False

    def thing_patient(self, m: Mention, forms: set[str]) -> bool:
        """ "released a second letter", "the release of the report": an act done to people (CAMEO 084)
        whose object is a thing. No object at all, or one that names someone, keeps the event."""
        s = self.senses
        tok = m.token
        if m.pattern.pos == "verb":
            if not forms & s.patient_verbs:
                return False
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            objects = [c for c in tok.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        else:
            if tok.lemma_.lower() not in s.patient_nouns:
                return False
            objects = [c for c in tok.children if c.dep_ == "poss"]
            objects += [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        objects = [o for o in objects if o.dep_ in ("dobj", "nsubjpass", "poss", "pobj")]
        return bool(objects) and not any(self.patient(o) for o in objects)

    def patient(self, tok: Token) -> bool:
        """Someone (or property released as people are) that an act of release can be done to."""
        if tok.pos_ == "PRON":
            return tok.lower_ not in ("it", "this", "that", "which", "what")
        of = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        if tok.pos_ == "NUM" and not of:
            return True  # "freed 20"
        lemma = tok.lemma_.lower()
        if lemma in self.senses.patient_things or tok.lower_ in self.senses.patient_things:
            return True
        if of:  # a quantity or part: "two of the hostages", "thousands of emails"
            return any(self.patient(g) for g in of)
        return self.names_someone(tok)

    def forecast(self, m: Mention, verb: Token) -> bool:
        """ "warned the death toll may increase": a warning whose complement is a fact the speaker does
        not bring about, nor demands, nor sets a condition on; addressed to nobody. Not a threat."""
        if any(c.dep_ in ("dobj", "dative") and self.names_someone(c) for c in verb.children):
            return False  # "warned Moscow that ...": addressed to its target
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if not clauses:
            return False  # "warned of consequences", "warned against": left as they are
        cues = self.cues
        speaker = {p.key for p in m.actors} | {p.participant.country or p.key for p in m.actors}
        for clause in clauses:
            words = list(clause.subtree)
            if any(t.dep_ == "aux" and t.lower_ in self.senses.warning_modals for t in words):
                return False  # "warned that Iran must stop": a demand
            if any(t.dep_ == "mark" and t.lower_ in cues.hypothetical_marks for t in words):
                return False  # "warned that ... if ...": a condition
            if any(c.dep_ == "auxpass" for c in clause.children) and not any(
                c.dep_ == "agent" for c in clause.children
            ) and any(c.dep_ == "aux" and c.lower_ in self.cues.planned_aux for c in clause.children):
                return False  # "warning that terrorists will not be spared": the speaker's side acts
            for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subj.lower_ in ("we", "i"):
                    return False
                future = self.cues.planned_aux | {"would"}
                will = any(c.dep_ == "aux" and c.lower_ in future for c in clause.children)
                if will and subj.lemma_.lower() in self.senses.political_nouns:
                    return False  # "the security chief warned that police will not tolerate ..."
                parties = self.finder.resolve(subj, m)
                if any(p.key in speaker or (p.participant.country or "") in speaker for p in parties):
                    return False  # "Putin warned that Russia would respond": the speaker's own act
        return True

    def person(self, tok: Token) -> bool:
        """A person as such (a name or a noun for one), not a group, a place or a thing."""
        party = self.finder.named(tok)
        if party is not None:
            return party.kind == "person"
        lemma = tok.lemma_.lower()
        noun = lemma in self.cues.person_nouns and lemma not in self.cues.sector_nouns
        return tok.ent_type_ == "PERSON" or noun

    # ---- nominal attacks ---------------------------------------------------------------------------
    def standalone(self, m: Mention) -> bool:
        """A nominal attack with nobody named that is still an event: it happened (asserted or reported,
        not planned, feared, foiled or referred back to) and the text gives its place or its date."""
        s = self.senses
        tok = m.token
        if m.pattern.pos != "noun" or m.code.plover != "ASSAULT":
            return False
        if m.modality not in ("asserted", "reported"):
            return False
        if tok.lemma_.lower() not in s.nominal_nouns and tok.lower_ not in s.nominal_nouns:
            return False
        node = tok
        for _ in range(2):
            if node.head is node:
                break
            node = node.head
            if self.finder.is_trigger_word(node):
                return False  # "a bombing killed two", "injured in the attack": that event tells it
        if tok.tag_ in ("NNS", "NNPS") and not any(c.dep_ in ("det", "nummod", "poss") for c in tok.children):
            return False  # "attacks have been rare": a generalisation, not one event
        if m.location is None:
            m.location = self.place(m)
        return m.location is not None or any(not d.nearest for d in m.dates)

    def place(self, m: Mention) -> Location | None:
        """Where a nominal attack happened: "outside the Polish embassy", "near Lublin", also through
        a verb that reports it ("explosion and gunfire reported outside ...", "a blast rocked Kabul")."""
        tok = m.token
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head  # "explosion and gunfire reported ...": the first conjunct's verb
        holders = self.finder.anchors(m) + [c for c in m.token.children if c.dep_ in ("acl", "relcl")]
        verb = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass") and verb_forms(verb) & self.senses.nominal_verbs:
            holders.append(verb)
            found = [self.located(o) for o in verb.children if o.dep_ == "dobj"]
            if any(found):
                return next(f for f in found if f)
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ not in ("prep", "advmod") or prep.lower_ not in self.senses.nominal_preps:
                    continue
                if self.finder.across_event(m, holder, prep):
                    continue  # "the attack in retaliation for strikes in Kunduz": the strikes' place
                objects = [g for g in prep.children if g.dep_ == "pobj"]
                objects += [  # "close to the embassy"
                    g for p in prep.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"
                ]
                for obj in objects:
                    found_place = self.located(obj)
                    if found_place is not None:
                        return found_place
        return None

    def located(self, tok: Token) -> Location | None:
        """A place for a word: the place it is "in" ("the embassy in Kharkiv"), else a location entity
        or a place name the NER found, else a named building ("the Polish embassy": a place without
        a country, since an embassy is not in the country it belongs to)."""
        inside = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.children]
        for word in (*inside, tok):
            party = self.finder.named(word)  # a location entity's party carries its Location
            if party is not None and party.location is not None:
                return party.location
        ent = self.finder.entity_near(tok)
        return Location(ent.name) if ent is not None else None
