"""Event mentions: one trigger in one sentence, with its participants, dates, place and modality.

Everything here reads the dependency parse and the actor/time layers' output; the words it looks for
come from the lexicon (``data/*.yaml``). ``find(doc, ...)`` returns the mentions in text order; merging
mentions of the same event into one ``Event`` is ``merge.py``'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Token

from eventwire import timex
from eventwire.actors import lexicon as countries
from eventwire.actors.titles import titles
from eventwire.events.lexicon import FIXED_SLOTS, Code, Frame, Lexicon, Trigger
from eventwire.model import CountryBasis, Entity, Location, Participant, Timex
from eventwire.nlp.credits import credit_tokens

ISO_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}")  # a dateline or metadata date, not a date the prose gives
PRONOUNS = {"he", "him", "his", "she", "her", "it", "its", "they", "them", "their"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "attr", "oprd"}
CLAUSE_DEPS = {"ccomp", "advcl", "parataxis", "relcl", "mark", "pcomp", "acl"}
CLAUSE_WINDOW = 25
TARGET_PREPS = {
    "to",
    "for",
    "from",
    "by",
    "of",
    "with",
    "against",
    "on",
    "at",
    "into",
    "toward",
    "towards",
    "in",
}


@dataclass(slots=True)
class Party:
    """A participant and what kind of thing it is (``person`` matters for plural anaphora)."""

    participant: Participant
    kind: str | None = None
    location: Location | None = None
    head: str | None = None  # lemma of the head noun of an unresolved participant ("rebels")
    word: Token | None = None  # the word that names the participant (its evidence)
    placed: str | None = None  # country the text places a participant in that has none of its own
    basis: CountryBasis | None = None  # where ``placed`` comes from: "modifier", "location" or "article"

    @property
    def key(self) -> str:
        """What makes two parties the same: the entity, else the country, else the name."""
        p = self.participant
        return p.entity or p.country or p.name.lower()

    def final(self) -> Participant:
        """The participant as output: with the country the text places it in, when it has one, and the
        code that country makes with its sector ("police" placed in India: INDCOP)."""
        p = self.participant
        if self.placed:
            code = self.placed + p.sector if p.sector else p.code
            return replace(p, country=self.placed, code=code, country_basis=self.basis)
        if p.country and p.country_basis is None:
            return replace(p, country_basis="named")
        return p


@dataclass(slots=True)
class DateRef:
    """A date with its precision and where it came from (a timex id, or None for the article date)."""

    value: str
    precision: str
    timex: str | None = None
    nearest: bool = False  # taken from the nearest timex in the sentence, not the dependency path


@dataclass(slots=True)
class Mention:
    """One reported occurrence of an event in one sentence."""

    pattern: Trigger
    code: Code
    token: Token
    light: Token | None
    start: int
    end: int
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    location: Location | None = None
    modality: str = "asserted"
    tense: str | None = None  # "past", "future" or None when the text does not say
    distinct: bool = False
    anchor: tuple[int, Token] | None = None  # (day offset, the token of the event it is dated from)
    embedded_in: Mention | None = None
    consumed: Token | None = None  # the object word that is part of the trigger ("imposed sanctions")
    fragment: bool = False  # an active verb with no subject at all ("Agreed on further steps")

    sent: int = 0  # index of the sentence's first token (sentences are compared by it)
    sent_chars: tuple[int, int] = (0, 0)  # character bounds of the sentence

    @property
    def symmetric(self) -> bool:
        return self.pattern.symmetric

    def parties(self) -> list[Party]:
        return self.actors + self.recipients

    def codeable(self, sector_nouns: frozenset[str]) -> bool:
        """Someone a coder could code takes part: an entity, a country, or a sector noun ("rebels")."""
        return any(
            p.participant.entity or p.participant.country or p.head in sector_nouns for p in self.parties()
        )


def calendar(value: str) -> tuple[str, str] | None:
    """The calendar part of a TIMEX3 value and its precision, or None for durations, sets and refs.

    Delegates to the time layer, so weeks, quarters and seasons date an event as precisely as they
    allow ("last week" inside one month -> that month) instead of being dropped.
    """
    part, grain = timex.date_part(value), timex.precision(value)
    return (part, grain) if part and grain else None


class Finder:
    """Finds the mentions of one document; holds the per-document indexes the rules share."""

    def __init__(self, doc: Doc, entities: list[Entity], timexes: list[Timex], lex: Lexicon):
        self.doc, self.lex, self.cues = doc, lex, lex.cues
        self.entities = {e.id: e for e in entities}
        self.ent_at: dict[int, Entity] = {}
        width: dict[int, int] = {}
        for ent in entities:
            for span in ent.mentions:
                cs = doc.char_span(span.start, span.end, alignment_mode="expand")
                for tok in cs or ():
                    if len(cs) < width.get(tok.i, 10**6):
                        self.ent_at[tok.i], width[tok.i] = ent, len(cs)
        self.timex_root: list[tuple[Timex, Token, tuple[str, str]]] = []
        for tx in timexes:
            cal = calendar(tx.value) if tx.type in ("DATE", "TIME") and not ISO_TEXT.match(tx.text) else None
            cs = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if cal and cs is not None and len(cs):
                self.timex_root.append((tx, cs.root, cal))
        self.index_timexes()
        self.mentions: list[Mention] = []
        self.trigger_tokens: set[int] = set()
        self.event_nouns: dict[int, bool] = {}
        # Sentence bookkeeping done once: token.sent is computed anew on every access, which makes
        # per-mention sentence lookups quadratic on long paragraphs.
        self.sent_of: list[int] = [0] * len(doc)
        self.sent_chars: dict[int, tuple[int, int]] = {}
        self.sent_words: dict[int, set[str]] = {}
        self.sent_starts: list[int] = []
        for sent in doc.sents:
            self.sent_starts.append(sent.start)
            self.sent_chars[sent.start] = (sent.start_char, sent.end_char)
            self.sent_words[sent.start] = {t.lower_ for t in sent}
            for i in range(sent.start, sent.end):
                self.sent_of[i] = sent.start
        self.by_kind: dict[str, list[tuple[int, Entity]]] = {}
        for ent in entities:
            for span in ent.mentions:
                if span.text.lower() not in PRONOUNS:
                    self.by_kind.setdefault(ent.kind, []).append((span.end, ent))
        for found in self.by_kind.values():
            found.sort(key=lambda pair: pair[0])
        self.dominant_of: dict[str | None, str | None] = {}
        # Photo credits ("Steve Parsons/PA") are marked by nlp; a photographer is no participant.
        self.credits = credit_tokens(doc)
        self.people = sorted(
            (e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON" and e.start not in self.credits
        )

    # ---- triggers -------------------------------------------------------------------------------
    def run(self) -> list[Mention]:
        consumed: set[int] = set()
        for tok in self.doc:
            if tok.i in consumed:
                continue
            found = self.match(tok)
            if found is None:
                continue
            pattern, obj = found
            if obj is not None:
                consumed.add(obj.i)
            self.mentions.append(self.build(tok, pattern, obj))
            self.trigger_tokens.add(tok.i)
        self.mentions += [m for tok in self.doc if (m := self.demand(tok)) is not None]
        self.mentions.sort(key=lambda m: m.token.i)
        return self.mentions

    def demand(self, tok: Token) -> Mention | None:
        """ "X said (that) Y must Z" reports a demand of X on Y (CAMEO 100), whatever Z is."""
        if tok.pos_ != "VERB" or not verb_forms(tok) & (self.cues.speech_verbs | {"conclude"}):
            return None
        if tok.i in self.trigger_tokens:
            return None
        for comp in tok.children:
            if comp.dep_ == "ccomp" and any(
                c.dep_ == "aux" and c.lower_ in self.cues.demand_modals for c in comp.children
            ):
                pattern = Trigger("100", "verb", frozenset({tok.lemma_.lower()}), "request")
                m = self.build(tok, pattern, None)
                m.recipients = [p for s in self.subject(comp) for p in self.resolve(s, m)]
                return m
        return None

    def match(self, tok: Token) -> tuple[Trigger, Token | None] | None:
        """The most specific trigger pattern this token satisfies (and the object it consumed)."""
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            candidates = next((self.lex.verbs[f] for f in verb_forms(tok) if f in self.lex.verbs), ())
        elif tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NAME_LABELS:
            candidates = self.lex.nouns.get(lemma, ()) or self.lex.nouns.get(tok.text.lower(), ())
        else:
            return None
        for pattern in candidates:  # sorted most specific first
            obj = None
            if pattern.objects:
                obj = next((o for o in self.objects(tok) if o.lemma_.lower() in pattern.objects), None)
                if obj is None:
                    continue
            if pattern.particles and not (self.particles(tok) & pattern.particles):
                continue
            if pattern.modifiers and not (self.modifiers(tok, obj) & pattern.modifiers):
                continue
            return pattern, obj
        return None

    def objects(self, tok: Token) -> list[Token]:
        found = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative", "attr")]
        found += [
            g for c in tok.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"
        ]
        found += [
            g for o in list(found) for p in o.children if p.lower_ == "of" for g in p.children
        ]  # "tons of aid"
        found += [c for o in list(found) for c in o.conjuncts]
        found += [c for o in list(found) for c in o.children if c.dep_ == "compound"]  # "mediation efforts"
        return found

    @staticmethod
    def particles(tok: Token) -> set[str]:
        return {c.text.lower() for c in tok.children if c.dep_ in ("prt", "prep", "agent")}

    @staticmethod
    def modifiers(tok: Token, obj: Token | None) -> set[str]:
        found = set()
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "advmod", "npadvmod", "nmod", "acomp", "dobj"):
                found.add(c.lemma_.lower())
            if c.dep_ in ("prep", "agent"):
                found |= {t.lemma_.lower() for t in c.subtree if abs(t.i - c.i) <= 3}
        if obj is not None:
            found |= {c.lemma_.lower() for c in obj.children if c.dep_ in ("amod", "compound")}
        if tok.head.dep_ == "prep" and tok.head.text.lower() == "of":
            found.add(tok.head.head.lemma_.lower())  # "state of emergency"
        return found

    # ---- one mention ----------------------------------------------------------------------------
    def build(self, tok: Token, pattern: Trigger, obj: Token | None) -> Mention:
        light = self.light_verb(tok) if pattern.pos == "noun" else None
        first = min([tok.i] + ([light.i] if light is not None else []) + ([obj.i] if obj is not None else []))
        last = max([tok.i] + ([obj.i] if obj is not None else []))
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        mention = Mention(pattern, self.lex.codes[pattern.cameo], tok, light, start, end)
        mention.consumed = obj
        mention.sent = self.sent_of[tok.i]
        mention.sent_chars = self.sent_chars[mention.sent]
        frame = self.lex.frames[pattern.frame]
        mention.actors = self.fill(mention, frame.actor, role="actor")
        mention.recipients = self.fill(mention, frame.recipient, role="recipient")
        keys = {p.key for p in mention.actors}
        mention.recipients = [p for p in mention.recipients if p.key not in keys]
        if (
            not pattern.symmetric
            and frame is not self.lex.frames.get("visit")
            and not any(p.kind or p.participant.country for p in mention.recipients)
        ):
            named = self.named_in_clause(mention, keys)
            if named is not None:  # "demanded an admission by Moscow": the target, not the thing
                mention.recipients = [named]
        if not mention.recipients:
            mention.recipients = [p for p in self.purpose(mention) if p.key not in keys]
        mention.fragment = (  # only a main verb can be a headline-like fragment
            tok.dep_ in ("ROOT", "conj")
            and pattern.pos == "verb"
            and not self.slot_tokens(mention, "subject")
            and not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        )
        mention.location = self.location(mention, frame)
        self.host(mention)
        self.situate(mention)
        mention.dates = self.dates(mention)
        self.modality(mention)
        mention.distinct = any(
            c.lemma_.lower() in self.cues.distinct_modifiers
            for c in tok.children
            if c.dep_ in ("amod", "advmod")
        )
        mention.anchor = self.anchor(mention)
        return mention

    def light_verb(self, tok: Token) -> Token | None:
        """The light verb a nominal trigger is the object of ("had talks", "engaged in fighting")."""
        head, light = tok.head, self.cues.light_verbs
        if tok.dep_ in ("dobj", "nsubjpass") and verb_forms(head) & light:
            return head
        in_prep = tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into")
        if in_prep and verb_forms(head.head) & light:  # "engaged in fighting"
            return head.head
        if (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.dep_ == "dobj"
            and verb_forms(head.head.head) & light
        ):
            return head.head.head  # "provided 25,000 tons of food aid", "launched ten days of war games"
        if tok.dep_ == "conj" and head.dep_ == "dobj" and verb_forms(head.head) & light:
            return head.head
        return None

    def anchors(self, m: Mention) -> list[Token]:
        """Tokens whose dependents speak about the event: trigger, light verb, occurrence verbs."""
        found = [m.token] + ([m.light] if m.light is not None else [])
        if m.pattern.pos == "noun":
            head = m.token.head
            if (
                m.token.dep_ in ("nsubj", "nsubjpass", "dobj")
                and head.lemma_.lower() in self.cues.occurrence_verbs
            ):
                found.append(head)
            found += [
                t
                for t in self.near_descendants(m.token)
                if t.dep_ == "relcl" and t.lemma_.lower() in self.cues.occurrence_verbs
            ]
        return found

    # ---- participants ---------------------------------------------------------------------------
    def subject(self, verb: Token) -> list[Token]:
        """The subject of a verb, inherited through coordination and control where it has none
        (but never a nominal trigger: in "the talks took place ... to meet Putin" nobody is named)."""
        for climbed in range(4):
            deps = SUBJECT_DEPS | {"nsubjpass"} if climbed else SUBJECT_DEPS  # "X is expected to meet"
            subj = [c for c in verb.children if c.dep_ in deps]
            if subj and climbed and self.is_trigger_word(subj[0]):
                return []
            if subj:
                if subj[0].lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                    return [verb.head]
                return subj
            agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agent:
                return agent
            if verb.dep_ in ("conj", "xcomp", "advcl", "acomp") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
                verb = verb.head  # "he is prepared to lift the ban": the subject of "is"
                continue
            if verb.dep_ == "acl" and (verb.tag_ != "VBN" or any(c.dep_ == "dobj" for c in verb.children)):
                head = verb.head
                if (
                    verb.tag_ == "VBG"
                    and head.dep_ == "dobj"
                    and head.pos_ == "NOUN"
                    and not self.names_people(head.lemma_.lower())
                    and self.entity_near(head) is None
                ):
                    verb = head.head  # "issued a declaration demanding ...": who issued it
                    continue
                return [head]
            return []
        return []

    def slot_tokens(self, m: Mention, slot: str) -> list[Token]:
        tok = m.token
        verb = tok if m.pattern.pos == "verb" else m.light
        passive = verb is not None and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if slot == "subject":
            if verb is None:  # "the conversation, during which they discussed ..."
                clauses = [
                    r
                    for r in tok.children
                    if r.dep_ == "relcl" and (self.relative_prep(r) or self.same_root(r, m))
                ]
                return [s for r in clauses for s in r.children if s.dep_ in SUBJECT_DEPS]
            if passive:
                agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children]
                agents = [g for g in agents if g.dep_ == "pobj"]
                if not agents and verb is m.light and m.token.dep_ == "pobj" and m.token.head.lower_ == "in":
                    # "Serb forces were engaged in ethnic cleansing": a state, not a passive act
                    return [c for c in verb.children if c.dep_ == "nsubjpass"]
                return agents
            return self.subject(verb)
        if slot == "object":
            if verb is None or verb is not tok:
                return []
            deps = ("nsubjpass",) if passive else ("dobj",)
            found = [
                c for c in verb.children if c.dep_ in deps and not self.is_trigger_word(c) and c != m.consumed
            ]
            if not found and verb.dep_ == "acl" and verb.tag_ == "VBN":
                found = [verb.head]  # "the curfew imposed in Sudan"
            return found
        if slot == "dative":
            holders = [t for t in (verb, tok) if t is not None]
            return [c for h in holders for c in h.children if c.dep_ in ("dative", "iobj")]
        if slot == "poss":
            return [c for c in tok.children if c.dep_ == "poss"]
        if slot == "agency":  # "the FBI probe": an organization named in a compound
            found = [c for c in tok.children if c.dep_ == "compound" and c.i in self.ent_at]
            return [c for c in found if self.ent_at[c.i].kind == "organization"]
        if slot == "demonym":
            return [
                c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and self.country_of_word(c)
            ]
        if slot in ("complement", "condition") and verb is not None:
            # "demanded that the US cancel ...": the complement's subject; "threatened to strike
            # unless Israel withdrew": the subject of the condition
            holders = [verb] + [c for c in verb.children if c.dep_ == "xcomp"]
            if slot == "complement":
                clauses = [c for h in holders for c in h.children if c.dep_ == "ccomp"]
            else:
                clauses = [c for h in holders for c in h.children if c.dep_ == "advcl" and any(
                    g.dep_ == "mark" and g.lower_ in self.cues.hypothetical_marks for g in c.children
                )]  # fmt: skip
            return [s for c in clauses for s in c.children if s.dep_ in SUBJECT_DEPS | {"nsubjpass"}][:1]
        if slot == "causee" and verb is not None:
            # "allowed Ouattara to participate": the subject of an infinitival complement
            clauses = [c for c in verb.children if c.dep_ == "ccomp" and any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children
            )]  # fmt: skip
            return [s for c in clauses for s in c.children if s.dep_ in SUBJECT_DEPS][:1]
        if slot == "between":
            return [g for p in self.preps(m) if p.lower_ == "between" for g in p.children if g.dep_ == "pobj"]
        if slot == "by" and m.pattern.pos == "noun":
            return [
                g
                for c in tok.children
                if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                for g in c.children
            ]
        return [g for p in self.preps(m) if p.lower_ == slot for g in p.children if g.dep_ == "pobj"]

    def purpose(self, m: Mention) -> list[Party]:
        """The target an infinitive of purpose shares with its main verb: "summoned Niger's ambassador
        to complain" (the complaint's target is the one summoned), "started a hunger strike to protest
        Assad's failure" (the strike's target is the one protested against)."""
        verb = m.token if m.pattern.pos == "verb" else m.light
        if verb is None:
            return []
        infinitive = lambda t: any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)  # noqa: E731
        objects: list[Token] = []
        if verb.dep_ in ("xcomp", "advcl") and infinitive(verb):
            objects += [c for c in verb.head.children if c.dep_ == "dobj" and c.i != m.token.i]
        objects += [
            o
            for c in verb.children
            if c.dep_ in ("advcl", "xcomp") and infinitive(c)
            for o in c.children
            if o.dep_ == "dobj"
        ]
        for obj in objects:
            found = [p for p in self.resolve(obj, m) if p.kind or p.participant.country]
            if found:
                return found
        return []

    def same_root(self, verb: Token, m: Mention) -> bool:
        """A verb that reports the same kind of event ("the conversation, they discussed ...")."""
        found = self.match(verb)
        return found is not None and self.lex.codes[found[0].cameo].root == m.code.root

    @staticmethod
    def relative_prep(clause: Token) -> bool:
        """A relative clause opened by a preposition ("during which", "at which"): its subject
        takes part in the event the noun names."""
        return any(
            c.dep_ == "prep" and any(g.lower_ in ("which", "whom") for g in c.children)
            for c in clause.children
        )

    def preps(self, m: Mention) -> list[Token]:
        """Prepositions attached to the trigger, its light verb, its matched object, and (for PP
        attachment errors) to the nouns of its "of" chain ("the visit of the head of X to Moscow")."""
        holders = self.anchors(m)
        holders += [o for o in m.token.children if o.dep_ == "dobj" and m.pattern.objects]
        found: list[Token] = []
        for holder in holders:
            stack = [(holder, 0)]
            while stack:
                node, depth = stack.pop()
                for c in node.children:
                    if c.dep_ not in ("prep", "agent"):
                        continue
                    found.append(c)
                    if c.lower_ == "of" and depth < 2:
                        stack += [(g, depth + 1) for g in c.children if g.dep_ == "pobj"]
        return found

    @staticmethod
    def near_descendants(tok: Token, depth: int = 3) -> list[Token]:
        """Descendants down to ``depth`` levels: the relative clause of a noun, not the whole sentence."""
        found, layer = [], [tok]
        for _ in range(depth):
            layer = [c for t in layer for c in t.children]
            found += layer
        return found

    def is_trigger_word(self, tok: Token) -> bool:
        return tok.i in self.trigger_tokens

    def fill(self, m: Mention, slots: tuple[str, ...], role: str) -> list[Party]:
        parties: list[Party] = []
        for slot in slots:
            heads = self.slot_tokens(m, slot)
            if slot == "between" and heads:
                group = [p for h in heads for t in [h, *h.conjuncts] for p in self.resolve(t, m)]
                group = group[:1] if role == "actor" else group[1:]
                parties += group
            else:
                bare = slot in ("subject", "object", "dative")
                for head in heads:
                    for tok in [head, *head.conjuncts]:
                        found = self.resolve(tok, m, bare)
                        if not found and role == "recipient" and slot not in FIXED_SLOTS:
                            # "an investigation into Clinton's emails": a thing stands for its possessor
                            found = [p for g in tok.children if g.dep_ == "poss" for p in self.resolve(g, m)]
                        parties += found
            if parties and role == "actor":
                break
        seen, unique = set(), []
        for party in parties:
            if party.key not in seen:
                seen.add(party.key)
                unique.append(party)
        if role == "actor" and m.symmetric and len(unique) > 1 and not self.slot_tokens(m, "between"):
            return unique  # "Biden and Macron discussed": both are actors
        return unique

    def resolve(self, tok: Token, m: Mention, bare: bool = False) -> list[Party]:
        """Who a participant word names; each party remembers the word (antecedents keep theirs)."""
        found = self.named_by(tok, m, bare)
        for party in found:
            if party.word is None:
                party.word = tok
        return found

    def named_by(self, tok: Token, m: Mention, bare: bool = False) -> list[Party]:
        """Who a participant word names: an entity, an antecedent, or what the words say about it."""
        if tok.i in self.credits:
            return []
        ent = self.entity_near(tok)
        if ent is not None:
            return [self.party_of(ent)]
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if tok.pos_ == "PRON":
            if lemma in self.cues.plural_anaphors or lower in self.cues.plural_anaphors:
                return self.antecedent(tok, m, persons=False)
            return self.pronoun(tok)
        if tok.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ"):
            return []
        country = self.country_of_word(tok) or next(
            (
                c
                for c in (
                    self.country_of_word(d) for d in tok.children if d.dep_ in ("amod", "compound", "nmod")
                )
                if c
            ),
            None,
        )
        plural = tok.tag_ in ("NNS", "NNPS") or lemma in ("both", "two")
        specified = any(self.named(g) is not None for c in tok.children for g in [c, *c.children]
                        if c.dep_ in ("prep", "appos", "compound"))  # fmt: skip
        if country is None and plural and lemma in self.cues.plural_anaphors and not specified:
            found = self.antecedent(tok, m, persons=lemma in self.cues.person_nouns)
            if found:
                return found
        name = self.np_text(tok)
        kind = "person" if lemma in self.cues.person_nouns else None
        sector = self.body_sector(tok)
        if country:
            return [Party(Participant(name, country=country, sector=sector), kind)]
        named = self.named(tok)
        if named is not None:
            return [named]
        # "the head of Ukraine", "the sovereignty of Ukraine", "Ukraine's integrity", "the border with X",
        # and for a thing in a participant's place, whom it is for ("attacked a camp for Congolese refugees")
        preps = {"of", "with"} | ({"for"} if bare and not self.names_people(lemma) else set())
        linked = [g for p in tok.children if p.dep_ == "prep" and p.lower_ in preps for g in p.children]
        if kind is None:
            linked += [c for c in tok.children if c.dep_ == "poss"]
        for g in linked:
            party = self.named(g)
            if party is not None:
                if kind == "person":
                    return [Party(Participant(name, country=party.participant.country), kind)]
                return [party]
        if bare and tok.pos_ in ("NOUN", "PROPN") and lemma not in ("both", "two", "side"):
            instrument = tok.dep_ in SUBJECT_DEPS and lemma in self.cues.instrument_nouns
            if tok.pos_ == "NOUN" and not self.names_people(lemma) and not instrument:
                return []  # "fired tear gas", "a sharp rise": things, not participants
            return [Party(Participant(name, sector=sector), kind, head=lemma)]
        return []

    @staticmethod
    def body_sector(tok: Token) -> str | None:
        """The PLOVER sector a collective noun implies ("police" COP, "troops" MIL, "protesters" CVL), from
        the actor layer's ``bodies``, so that a participant placed in a country gets a full code."""
        bodies = titles().bodies
        for form in (tok.lower_, tok.lemma_.lower(), tok.lemma_.lower() + "s"):
            if form in bodies:
                return bodies[form][0]
        return None

    def names_people(self, lemma: str) -> bool:
        """Whether a common noun can name a participant (a person, a group, an institution)."""
        c = self.cues
        return lemma in c.person_nouns or lemma in c.sector_nouns or lemma in c.people_nouns

    def named_in_clause(self, m: Mention, exclude: set[str]) -> Party | None:
        """The nearest named participant after the trigger inside its own clause (not its subject,
        not a subordinate clause): what a coder takes as the target when no slot names one.
        Only words within ``CLAUSE_WINDOW`` tokens are looked at, so long sentences stay cheap."""
        root = m.light if m.light is not None else m.token
        lo, hi = max(0, m.token.i - CLAUSE_WINDOW), min(len(self.doc), m.token.i + CLAUSE_WINDOW + 1)
        order = sorted(range(lo, hi), key=lambda i: (i < m.token.i, abs(i - m.token.i)))
        for i in order:
            tok = self.doc[i]
            if i == m.token.i or tok.pos_ not in ("PROPN", "NOUN", "ADJ") or not self.in_clause(tok, root):
                continue
            party = self.named(tok)
            if party is not None and party.kind == "location" and self.other_event(tok, root, m):
                continue  # "an attack in retaliation for strikes in Kunduz": the strikes' place
            if party is not None and party.key not in exclude and (party.kind or party.participant.country):
                party.word = tok
                return party
        return None

    def other_event(self, tok: Token, root: Token, m: Mention) -> bool:
        """``tok`` belongs to another event noun that stands between it and a nominal trigger: in "carried
        out an attack in retaliation for air strikes in Kunduz" Kunduz is the strikes' place, not the
        attack's target (see ``across_event``). Event words that govern ``tok`` in the tree are not
        checked: in "refused to deploy peacekeepers in Iraq" the content's target is the refusal's."""
        return self.across_event(m, root, tok)

    @staticmethod
    def in_clause(tok: Token, root: Token) -> bool:
        """``tok`` hangs below ``root`` without crossing a clause boundary, a subject, or a
        preposition that cannot introduce a participant."""
        node, steps = tok, 0
        while node.i != root.i:
            if steps > 12 or node.head is node:
                return False
            if node.dep_ in CLAUSE_DEPS or (node.dep_ == "prep" and node.lower_ not in TARGET_PREPS):
                return False
            if node.head.i == root.i and node.dep_ in SUBJECT_DEPS | {"nsubjpass"} and node.i < root.i:
                return False
            node, steps = node.head, steps + 1
        return True

    def named(self, tok: Token) -> Party | None:
        """A party for a word that names something: an entity, a country word, or a name the NER found."""
        ent = self.entity_near(tok)
        if ent is not None:
            return self.party_of(ent)
        country = self.country_of_word(tok)
        if country:
            return Party(
                Participant(self.ent_text(tok), country=country),
                "location" if tok.ent_type_ == "GPE" else None,
            )
        if tok.ent_type_ in NAME_LABELS and tok.pos_ == "PROPN" and tok.i not in self.credits:
            label = {"PERSON": "person", "GPE": "location", "LOC": "location"}.get(
                tok.ent_type_, "organization"
            )
            text = self.ent_text(tok)
            location = Location(text, countries.country_by_name().get(text)) if label == "location" else None
            return Party(Participant(text, country=location.country if location else None), label, location)
        return None

    def entity_near(self, tok: Token) -> Entity | None:
        """The entity of a word, or of its apposition or compound ("his counterpart Joe Biden", "the
        APEC forum", "European Community foreign ministers")."""
        if tok.i in self.ent_at:
            return self.ent_at[tok.i]
        for c in tok.children:
            if c.dep_ in ("appos", "compound", "nmod") and c.i in self.ent_at:
                return self.ent_at[c.i]
        return None

    def party_of(self, ent: Entity) -> Party:
        location = Location(ent.name, ent.country, ent.lat, ent.lon) if ent.kind == "location" else None
        return Party(Participant.of_entity(ent), ent.kind, location)

    def pronoun(self, tok: Token) -> list[Party]:
        """Singular pronouns the actor layer left unresolved: the nearest preceding person or place."""
        lower = tok.lower_
        if lower in ("he", "him", "his", "she", "her"):
            kinds = {"person"}
        elif lower in ("it", "its"):
            kinds = {"location", "organization", "group"}
        else:
            return []
        best: tuple[int, Entity] | None = None
        for kind in kinds:
            found = self.by_kind.get(kind, [])
            at = bisect_right(found, tok.idx, key=lambda pair: pair[0])
            if at and (best is None or found[at - 1][0] > best[0]):
                best = found[at - 1]
        if best is None and "person" in kinds:
            at = bisect_right(self.people, tok.idx, key=lambda pair: pair[0])
            if at:
                return [Party(Participant(self.people[at - 1][1]), "person")]
        return [self.party_of(best[1])] if best else []

    def antecedent(self, tok: Token, m: Mention, persons: bool) -> list[Party]:
        """The group a plural anaphor ("they", "the leaders") refers to: the participants of the
        latest earlier mention, within three sentences, that names at least two of them."""
        here = bisect_right(self.sent_starts, tok.i)
        window = self.sent_starts[max(0, here - 4)] if here else 0
        for prev in reversed(self.mentions):
            if prev is m or prev.token.i < window or (prev.token.i >= tok.i and prev.sent != m.sent):
                continue
            group = prev.actors if len(prev.actors) >= 2 else prev.parties()
            if persons:
                group = [p for p in group if p.kind == "person"]
            if len(group) >= 2:
                return [replace(p) for p in group]
        if tok.pos_ == "PRON":  # "Palestinian leaders said they would ...": the speaker's group
            for verb in tok.ancestors:
                subj = [
                    c
                    for c in verb.children
                    if c.dep_ == "nsubj" and c.i < tok.i and c.tag_ in ("NNS", "NNPS")
                ]
                if subj:
                    return self.resolve(subj[0], m, bare=True)
        return []

    def np_text(self, tok: Token) -> str:
        left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss", "nummod")]
        start = min([tok.i] + [c.left_edge.i for c in left])
        inside = [i for i in range(start, tok.i) if i in self.credits]
        start = max([start] + [i + 1 for i in inside])  # "Carl Court/Getty Images 3/8 Soldiers": "Soldiers"
        return self.doc[start : tok.i + 1].text

    def ent_text(self, tok: Token) -> str:
        if not tok.ent_type_:
            return tok.text
        start = tok.i  # the entity's words around ``tok``, never into a photo credit
        while start > 0 and self.doc[start].ent_iob_ == "I" and start - 1 not in self.credits:
            start -= 1
        end = tok.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I" and end not in self.credits:
            end += 1
        return self.doc[start:end].text

    @staticmethod
    def country_of_word(tok: Token) -> str | None:
        """ISO3 of a country name or demonym ("French", "Albanians"), from the actor lexicon."""
        names, demonyms = countries.country_by_name(), countries.demonyms()
        text = tok.text
        for form in (text, text[:-1] if text.endswith("s") else None, text.capitalize()):
            if form and (form in demonyms or form in names):
                return demonyms.get(form) or names.get(form)
        return None

    def host(self, m: Mention) -> None:
        """The place of a visit is its host when nobody else is ("arrived in Amman"): coders code
        the visited country as the recipient. Which frames do this is data (``place_recipients``)."""
        frame_name = m.pattern.frame
        if m.recipients or m.location is None or frame_name not in self.cues.place_recipients:
            return
        place = m.location
        if place.country and place.country not in {p.participant.country for p in m.actors}:
            m.recipients = [Party(Participant(place.name, country=place.country), "location", place)]

    # ---- countries of participants that have none ----------------------------------------------
    def situate(self, m: Mention) -> None:
        """Give each participant without a country the one the text places it in, as coders do:
        its own "in/of/from <place>" ("rebels in the Ivory Coast"), else the event's place, else the
        country the article is about. An ethnic group ("ethnic Albanians") is placed the same way,
        in a country other than the one its name comes from; nothing is placed when nothing says where.
        """
        for party in m.parties():
            country = party.participant.country
            ethnic = country is not None and self.ethnic(party)
            if party.placed or (country is not None and not ethnic) or not (ethnic or self.placeable(party)):
                continue
            for basis, place in self.places(party, m, country if ethnic else None):
                if place is not None and place != country and place in countries.by_iso3():
                    party.placed, party.basis = place, basis
                    break

    def placeable(self, party: Party) -> bool:
        """A participant whose country the surrounding text may give: a noun for people, groups or
        institutions ("police", "rebels"), or an entity the actor layer found no country for."""
        if any(w in self.cues.unplaced_words for w in party.participant.name.lower().split()):
            return False  # "Western politicians", "foreign ministers", "the Indian Ocean"
        if party.participant.entity or party.head is not None:
            return True
        return party.kind is not None and party.word is not None  # a name the NER found ("Moslem forces")

    def ethnic(self, party: Party) -> bool:
        """A group named by its ethnicity, not its state: "ethnic Albanians", "Albanians of Serbia"."""
        word = party.word
        if word is None or party.kind == "person" or party.participant.country not in countries.by_iso3():
            return False  # a person, or a body of states ("the European Community")
        if any(c.lemma_.lower() in self.cues.ethnic_markers for c in word.children if c.dep_ == "amod"):
            return True
        if word.i > 0 and self.doc[word.i - 1].lower_ in self.cues.ethnic_markers:
            return True
        if word.lemma_.lower() in self.cues.ethnic_nouns and any(  # "the Albanian population of X"
            c.dep_ in ("amod", "compound") and self.country_of_word(c) for c in word.children
        ):
            return True
        return (
            word.tag_ in ("NNS", "NNPS")
            and self.country_of_word(word) is not None
            and any(self.own_places(word))
        )

    def own_places(self, word: Token, depth: int = 2) -> list[str]:
        """Countries of the places a participant word is put in: "in Guinea", "of southern Serbia",
        "from Gaza", also through a participle ("guerrillas operating in Macedonia") or an "of"
        chain ("the deputy chief of Israel's militia ally in southern Lebanon")."""
        holders = [word] + [c for c in word.children if c.dep_ == "acl"]
        found = []
        for holder in holders:
            for p in holder.children:
                if p.dep_ == "prep" and p.lower_ in self.cues.situating_preps:
                    for g in p.children:
                        party = self.named(g) if g.dep_ == "pobj" else None
                        if party is not None and party.participant.country:
                            found.append(party.participant.country)
                        elif g.dep_ == "pobj" and p.lower_ == "of" and depth > 1:
                            found += self.own_places(g, depth - 1)
        return found

    def places(self, party: Party, m: Mention, own: str | None) -> list[tuple[str, str | None]]:
        """Candidate countries for a participant, best first, with where each comes from. (The
        sentence alone is no guide: its other country is mostly the other side of the event.)"""
        found: list[tuple[str, str | None]] = []
        if party.word is not None:
            found += [("modifier", c) for c in self.own_places(party.word)]
        found.append(("location", m.location.country if m.location else None))
        found.append(("article", self.dominant(own)))
        return found

    def dominant(self, exclude: str | None = None) -> str | None:
        """The country the article is about: the one with most mentions of located places, else of
        any entity with a country, earliest first on ties. It must have at least half of those
        mentions (a story about talks between three countries is about none of them alone);
        ``exclude`` is never the answer."""
        if exclude not in self.dominant_of:
            self.dominant_of[exclude] = self.count_dominant(exclude)
        return self.dominant_of[exclude]

    def count_dominant(self, exclude: str | None) -> str | None:
        known = countries.by_iso3()
        for kinds in (("location",), ("location", "organization", "group", "person")):
            counts: dict[str, tuple[int, int]] = {}
            for ent in self.entities.values():
                if ent.kind not in kinds or ent.country not in known or ent.country == exclude:
                    continue
                if ent.mentions:
                    n, first = counts.get(ent.country, (0, 10**9))
                    counts[ent.country] = (n + len(ent.mentions), min(first, ent.mentions[0].start))
            if counts:
                best = max(counts, key=lambda c: (counts[c][0], -counts[c][1]))
                total = sum(n for n, _ in counts.values())
                return best if 2 * counts[best][0] >= total else None
        return None

    # ---- place ----------------------------------------------------------------------------------
    def location(self, m: Mention, frame: Frame) -> Location | None:
        for slot in frame.location:
            for head in self.slot_tokens(m, slot):
                for party in self.resolve(head, m):
                    if party.location is not None:
                        return party.location
        holders = self.anchors(m)  # "talks with Duda in Warsaw": the place may hang off a participant
        holders += [t for slot in frame.actor + frame.recipient for t in self.slot_tokens(m, slot)]
        for anchor in holders:
            for p in anchor.children:
                if p.dep_ == "prep" and p.lower_ in ("in", "at") and not self.across_event(m, anchor, p):
                    for g in p.children:
                        ent = self.entity_near(g)
                        if ent is not None and ent.kind == "location":
                            return self.party_of(ent).location
                        if ent is None and g.ent_type_ == "GPE":
                            return Location(
                                self.ent_text(g), countries.country_by_name().get(self.ent_text(g))
                            )
        return None

    # ---- time -----------------------------------------------------------------------------------
    def index_timexes(self) -> None:
        """Index the timexes once: by every token on their path up the tree (at most five steps),
        and by root, so that dating a mention does not scan every timex of the document."""
        self.timex_up: dict[int, list[tuple[int, int]]] = {}  # token -> [(steps, timex number)]
        self.timex_by_root: dict[int, int] = {}
        for n, (_, root, _) in enumerate(self.timex_root):
            self.timex_by_root[root.i] = n
            if self.bound(root):
                continue
            node, steps = root, 0
            while steps <= 5:
                self.timex_up.setdefault(node.i, []).append((steps, n))
                if node.head is node:
                    break
                node, steps = node.head, steps + 1
        self.timex_positions = sorted((root.i, n) for n, (_, root, _) in enumerate(self.timex_root))

    def dates(self, m: Mention) -> list[DateRef]:
        """Dates from the timexes governed by the trigger (dependency path), coordinated dates kept."""
        candidates = [
            hit
            for a in self.anchors(m)
            for hit in self.timex_up.get(a.i, [])
            if not self.embedded(self.timex_root[hit[1]][1], a)
            and not self.across_event(m, a, self.timex_root[hit[1]][1])
        ]
        candidates = [
            (steps, n) for steps, n in candidates if self.sent_of[self.timex_root[n][1].i] == m.sent
        ]
        if not candidates:
            return []
        tx, root, cal = self.timex_root[min(candidates)[1]]
        found = [DateRef(cal[0], cal[1], tx.id)]
        linked = [c for c in root.children if c.dep_ == "conj"] + list(root.conjuncts)
        for tok in linked:
            n = self.timex_by_root.get(tok.i)
            if n is not None and self.timex_root[n][0] is not tx:
                other, _, ocal = self.timex_root[n]
                if other.id not in {d.timex for d in found}:
                    found.append(DateRef(ocal[0], ocal[1], other.id))
        return found

    def across_event(self, m: Mention, holder: Token, tok: Token) -> bool:
        """A word the parser hung on the light verb (or another verb of a nominal trigger) although
        another event noun stands between it and the trigger: in "carried out the attack in
        retaliation for air strikes last week in Kunduz" the week and Kunduz are the strikes' (the
        nearest attachment is the likelier one). Modifiers of the trigger itself are never moved."""
        if m.pattern.pos != "noun" or holder.i == m.token.i or tok.i <= m.token.i:
            return False
        skip = {c.i for c in m.token.conjuncts} | ({m.consumed.i} if m.consumed is not None else set())
        return any(self.event_noun(i) for i in range(m.token.i + 1, tok.i) if i not in skip)

    def event_noun(self, i: int) -> bool:
        """Whether token ``i`` is a noun that names an event and heads a phrase (an object, not a
        modifier such as "invasion" in "invasion forces"); cached per document."""
        if i not in self.event_nouns:
            tok = self.doc[i]
            heads = tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("pobj", "dobj", "conj", "appos")
            heads = heads and tok.ent_type_ not in ("DATE", "TIME")  # "on March 1" is no march
            self.event_nouns[i] = heads and self.match(tok) is not None  # not "invasion forces"
        return self.event_nouns[i]

    @staticmethod
    def embedded(root: Token, anchor: Token) -> bool:
        """A timex inside a clause that modifies another noun than the event's word: "blamed the letter
        sent on October 28" dates the letter, not the blame ("the curfew imposed on Monday" does date
        the curfew)."""
        node = root
        while node.i != anchor.i and node.head.i != node.i:
            if node.dep_ == "ccomp" and node.head.i != anchor.i:
                return True  # "blamed ... and announced emails were found on October 28"
            if node.dep_ in ("acl", "relcl") and node.head.i != anchor.i and not Finder.speaking(node.head):
                return True
            node = node.head
        return False

    @staticmethod
    def speaking(noun: Token) -> bool:
        """A noun that is a subject: the date of "the suit, filed earlier this month, alleges ..." or of
        "the minister, who arrived on Thursday, met ..." is its own event's, not another one's."""
        if noun.dep_ == "appos":  # "the former prime minister, Najib Razak, whose ..."
            noun = noun.head
        return noun.dep_ in ("nsubj", "nsubjpass")

    @staticmethod
    def clause_of(tok: Token) -> Token | None:
        """The nearest clause modifying a noun ("sent on October 28", "who arrived on Monday") or
        reporting what someone said ("announced emails had been found on October 28") above a word."""
        node = tok
        while node.head.i != node.i:
            if node.dep_ in ("acl", "relcl") or (node.dep_ == "ccomp" and node.pos_ in ("VERB", "AUX")):
                return node
            node = node.head
        return None

    def bound(self, root: Token) -> bool:
        """A timex that bounds rather than dates the event ("until April", "since 2019")."""
        head = root.head
        return head.dep_ == "prep" and head.lower_ in self.cues.excluded_time_preps

    def nearest_date(self, m: Mention, taken: set[str]) -> DateRef | None:
        """For a verbal trigger with no governed timex: the closest free timex of its sentence."""
        at = bisect_right(self.timex_positions, (m.token.i, -1))
        left, right = at - 1, at
        while left >= 0 or right < len(self.timex_positions):
            picks = []
            if left >= 0:
                picks.append(self.timex_positions[left])
            if right < len(self.timex_positions):
                picks.append(self.timex_positions[right])
            for i, n in sorted(picks, key=lambda p: abs(p[0] - m.token.i)):
                tx, root, cal = self.timex_root[n]
                if self.sent_of[i] != m.sent:
                    continue
                clause = self.clause_of(root)
                foreign = (
                    clause is not None
                    and not clause.left_edge.i <= m.token.i <= clause.right_edge.i
                    and not self.speaking(clause.head)
                    and m.token.head.i != clause.head.i  # "a letter dated Feb. 4, urging ..."
                )
                if tx.id not in taken and not self.bound(root) and not foreign:
                    return DateRef(cal[0], cal[1], tx.id, nearest=True)
            in_sentence = [p for p in picks if self.sent_of[p[0]] == m.sent]
            if not in_sentence:
                return None
            left, right = left - 1, right + 1
        return None

    def anchor(self, m: Mention) -> tuple[int, Token] | None:
        """ "on the eve of <event>": the offset in days and the word of the event it refers to."""
        for holder in self.anchors(m):
            for p in holder.children:
                if p.dep_ != "prep":
                    continue
                for g in p.children:
                    offset = self.cues.anchors.get(g.lemma_.lower())
                    if offset is None:
                        continue
                    for of in g.children:
                        if of.lower_ == "of":
                            target = next((t for t in of.children if t.dep_ == "pobj"), None)
                            if target is not None:
                                return offset, target
        return None

    # ---- modality -------------------------------------------------------------------------------
    def modality(self, m: Mention) -> None:
        cues = self.cues
        verbs = [t for t in self.anchors(m) if t.pos_ in ("VERB", "AUX")]
        children = [c for v in verbs for c in v.children]
        lowers = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass", "neg", "advmod")}
        noun_mods = {c.lemma_.lower() for c in m.token.children if c.dep_ in ("amod", "det", "neg", "advmod")}
        relcl_aux = {
            c.lower_
            for t in self.near_descendants(m.token)
            if t.dep_ == "relcl"
            for c in t.children
            if c.dep_ == "aux"
        }
        sentence = self.sent_words[m.sent]
        governors = self.governors(verbs or [m.token])
        head = m.token.head
        predicate = (
            {c.lemma_.lower() for c in head.children if c.dep_ == "acomp"}
            if m.token.dep_ == "nsubj"
            else set()
        )
        if lowers & cues.negation or noun_mods & {"no", "never"} or governors & cues.negation_governors:
            m.modality = "negated"
        elif (
            lowers & cues.hypothetical_aux
            or (predicate | noun_mods) & cues.hypothetical_modifiers
            or ("would" in lowers and sentence & cues.hypothetical_marks)
            or self.conditional(verbs)
        ):
            m.modality = "hypothetical"
        elif (
            lowers & (cues.planned_aux | {"would"}) or noun_mods & cues.planned_modifiers
            or relcl_aux & cues.planned_aux or governors & cues.planned_governors
            or (m.token.dep_ == "nsubjpass" and head.lemma_.lower() in cues.planned_governors)
        ):  # fmt: skip
            m.modality = "planned"
        elif self.reported(verbs or [m.token]) or "according" in sentence:
            m.modality = "reported"
        if m.modality in ("planned", "hypothetical"):
            m.tense = "future"
        elif any(v.tag_ in ("VBD", "VBN") for v in verbs if v.pos_ == "VERB") or m.modality == "negated":
            m.tense = "past"

    def governors(self, verbs: list[Token]) -> set[str]:
        """Lemmas of the verbs or adjectives that govern the trigger through xcomp ("expected to")."""
        found = set()
        for verb in verbs:
            node = verb
            for _ in range(3):
                if node.dep_ not in ("xcomp", "ccomp", "acomp") or node.head is node:
                    break
                node = node.head
                found.add(node.lemma_.lower())
        return found

    def conditional(self, verbs: list[Token]) -> bool:
        for verb in verbs:
            node = verb
            for _ in range(3):
                if any(c.dep_ == "mark" and c.lower_ in self.cues.hypothetical_marks for c in node.children):
                    return True
                if node.dep_ not in ("advcl", "conj", "ccomp") or node.head is node:
                    break
                node = node.head
        return False

    def reported(self, verbs: list[Token]) -> bool:
        """Inside the complement of a speech verb whose speaker is named (not "it is noted that")."""
        for verb in verbs:
            node = verb
            for _ in range(4):
                if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "parataxis") or node.head is node:
                    break
                node = node.head
                if node.lemma_.lower() in self.cues.speech_verbs:
                    subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subj and subj[0].lower_ not in ("it", "this"):
                        return True
        return False


def verb_forms(tok: Token) -> set[str]:
    """The lemma and plausible base forms of a verb (the small model lemmatizes "staged" as "stag")."""
    lower = tok.lower_
    forms = {tok.lemma_.lower(), lower}
    for suffix in ("d", "ed", "s", "es", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.add(lower[: -len(suffix)])
    return forms


def date_after(value: str, offset: int) -> str:
    """A day-precision date moved by ``offset`` days."""
    from datetime import timedelta

    return (date.fromisoformat(value) + timedelta(days=offset)).isoformat()
