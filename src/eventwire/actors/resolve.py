"""``resolve(doc, when)``: the entities of one article, each resolved to who it is on the article date.

The text comes first, the knowledge base second:

1. every PERSON is read with the words around it ("French President Emmanuel Macron", "Emmanuel Macron
   French President", "Kremlin spokesman Dmitry Peskov") -> country, sector, role;
2. the dated knowledge base (``kb``) names the person's office on the article date and merges short
   names and transliterations ("Zelensky" / "Vladimir Zelensky" / "Volodymyr Zelenskyy");
3. descriptors ("the French leader", "his Russian counterpart", "the head of Ukraine") and pronouns that
   are the subject of a speech verb join the entity they refer to;
4. institutions, government seats, IGOs, capitals used as governments, countries, groups and places get
   their codes, and places their coordinates.

Countries are ``location`` entities with their ISO3 as ``country`` and ``code`` and sector null: one
entity spans every mention, and a country is an actor in one sentence and a place in the next, so the
sector is left to the event's context. Capitals and seats that *speak or act* are the government (GOV).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire.actors import kb, lexicon, places
from eventwire.actors.gender import Gender, gender_cues
from eventwire.actors.institutions import Institution, igo_codes, institutions
from eventwire.actors.titles import Title, titles
from eventwire.model import Entity, EntityKind
from eventwire.model import Span as TextSpan
from eventwire.nlp.credits import credit_tokens

LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
MAX_WINDOW = 8


@dataclass(slots=True)
class Reading:
    """What the words around a name (or a descriptor phrase) say about the person."""

    title: Title | None = None
    country: str | None = None
    former: bool = False
    counterpart: bool = False
    descriptor: str | None = None  # rank a descriptor word stands for ("leader") or "any"
    body: Institution | None = None  # a seat or IGO in the words ("Kremlin spokesman")
    start: int = 0  # token range of the words
    end: int = 0

    @property
    def useful(self) -> bool:
        return bool(self.title or self.descriptor or (self.body and self.country))


@dataclass(slots=True)
class Cluster:
    """One entity under construction; ``spans`` are character offsets of its mentions."""

    key: str
    name: str
    kind: EntityKind
    spans: set[tuple[int, int]] = field(default_factory=set)
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    office: str | None = None
    rank: str | None = None
    lat: float | None = None
    lon: float | None = None
    person: kb.Person | None = None

    @property
    def first(self) -> int:
        return min(s for s, _ in self.spans)


def outside_credits(doc: Doc, credits: frozenset[int]) -> list[Span]:
    """The entities of ``doc`` that the actor layer reads, with photo credits taken out.

    An entity inside a credit is dropped. The model also runs a credit into the caption next to it
    ("Getty 5/19 Andy Murray", "Carl Court/Getty Images 3/8 Emergency"): such an entity is cut back to
    the run of tokens after (else before) the credit when that run looks like a full name (two or more
    capitalised proper nouns), and dropped otherwise.
    """
    kept = []
    for ent in doc.ents:
        inside = [i for i in range(ent.start, ent.end) if i in credits]
        if not inside:
            kept.append(ent)
            continue
        for start, end in ((inside[-1] + 1, ent.end), (ent.start, inside[0])):
            rest = doc[start:end]
            if len(rest) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest):
                kept.append(Span(doc, start, end, label=ent.label_))
                break
    return kept


def code_for(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style code: country + sector (FRAGOV); IGOs and NGOs keep their own code (NATO)."""
    if country is None:
        return None
    if sector is None or sector in {"IGO", "NGO"} or country in igo_codes():
        return country
    return country + sector


@cache
def _vocabulary() -> frozenset[str]:
    """Lower-case words that may sit in a title phrase next to a name."""
    tt = titles()
    words = {w for key in (*tt.by_words, *tt.descriptors, *tt.epithets) for w in key}
    return frozenset(words | tt.modifiers | {"of", "for", "-"})


@cache
def _country_lookup() -> dict[str, str]:
    """Lower-cased country names, variants and demonyms (and their plurals) -> ISO3."""
    table = {}
    for country in lexicon.countries():
        for name in (*country.names, *country.demonyms):
            table[name.lower()] = country.iso3
        for dem in country.demonyms:
            table[dem.lower() + "s"] = country.iso3
    for name in ("us", "usa"):  # also pronouns / words in lower case; only the exact caps count
        table.pop(name, None)
    return table


def _country_of_region(text: str) -> str | None:
    """ISO3 of a part of a country named after it: "South Lebanon", "Western Cambodia", "X province"."""
    tt = titles()
    words = text.split()
    if len(words) > 1 and words[0].lower() in tt.region_prefixes:
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in tt.region_suffixes:
        words = words[:-1]
    return _country_of_text(" ".join(words)) if len(words) < len(text.split()) else None


def _country_of_text(text: str) -> str | None:
    """ISO3 of a country name, variant or demonym as written (caps forms of US/USA included)."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if text in ("US", "USA", "U.S.", "U.S", "U.S.A."):  # "U.S" when the full stop ends the sentence
        return "USA"
    return _country_lookup().get(text.lower()) if text[:1].isupper() else None


_heads: dict[int, dict[str, int]] = {}


def _institution_heads() -> dict[str, int]:
    """First alphanumeric run of every institution name -> longest name length in words (for the scan).

    Kept per institutions table, so a user file added with ``institutions.load_extra`` is scanned too.
    """
    table = institutions()
    heads = _heads.get(id(table))
    if heads is None:
        heads = {}
        for name in table:
            head = re.match(r"\w+", name)
            if head:
                heads[head.group()] = max(heads.get(head.group(), 0), len(name.split()) + 3)
        _heads.clear()
        _heads[id(table)] = heads
    return heads


def _raw(doc: Doc, start: int, end: int) -> str:
    """Token range as written, whitespace collapsed (so names match across line breaks)."""
    return " ".join(doc[start:end].text.split())


def _find_institutions(doc: Doc) -> list[tuple[int, int, Institution]]:
    """Every institution name in the text, longest match first, as token ranges."""
    heads, table = _institution_heads(), institutions()
    found, i = [], 0
    while i < len(doc):
        head = re.match(r"\w+", doc[i].text)
        width = heads.get(head.group()) if head else None
        hit = None
        if width:
            for j in range(min(len(doc), i + width), i, -1):
                inst = table.get(_raw(doc, i, j))
                if inst is not None:
                    hit = (i, j, inst)
                    break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def _nationality_words(ent: Span) -> bool:
    """Is the span only nationality words ("Bosnian Serbs")? The model sometimes calls those PERSON."""
    return all(_country_of_text(t.text) or _country_of_text(t.text.rstrip("s")) for t in ent)


def _allowed(token: Token) -> bool:
    """May this token be part of a title phrase next to a name?"""
    if token.is_space or (token.is_punct and token.text not in {"-", "."}):
        return False
    if token.text in POSSESSIVE:
        return True
    if token.lower_ in _vocabulary():
        return True
    return token.text[:1].isupper() and token.pos_ not in {"VERB", "AUX", "PRON", "DET", "ADP", "CCONJ"}


def read_words(doc: Doc, start: int, end: int) -> Reading:
    """Title, country, seat/IGO, descriptor and 'former' found in tokens ``start..end``."""
    tt, table = titles(), institutions()
    reading = Reading(start=start, end=end)
    words = [t.lower_ for t in doc[start:end]]
    i = 0
    while i < len(words):
        matched = False
        for n in range(min(tt.max_words, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            raw = _raw(doc, start + i, start + i + n)
            if key in tt.by_words and (reading.title is None or n >= len(reading.title.words[0].split())):
                reading.title = tt.by_words[key]
            elif key in tt.descriptors and not reading.title:
                reading.descriptor = tt.descriptors[key]
                reading.counterpart = reading.counterpart or key == ("counterpart",)
            elif key in tt.epithets:
                reading.country = reading.country or tt.epithets[key]
            elif (iso3 := _country_of_text(raw)) is not None:
                reading.country = reading.country or iso3
            elif raw in table and table[raw].country:
                reading.body = table[raw]
                reading.country = reading.country or table[raw].country
            else:
                continue
            i += n
            matched = True
            break
        if not matched:
            reading.former = reading.former or words[i] in tt.former
            i += 1
    return reading


def _window_left(doc: Doc, end: int, stop: set[int]) -> int:
    """Start of the run of title-like tokens that ends at ``end`` (exclusive), within the sentence."""
    sent_start = doc[end - 1].sent.start if end > 0 else 0
    i = end
    while i > sent_start and end - i < MAX_WINDOW and (i - 1) not in stop and _allowed(doc[i - 1]):
        i -= 1
    return i


def _window_right(doc: Doc, start: int, stop: set[int]) -> tuple[int, int]:
    """The run of title-like tokens after a name, past an optional comma and article."""
    sent_end = doc[start - 1].sent.end if start > 0 else len(doc)
    i = start
    if i < sent_end and doc[i].text == ",":
        i += 1
    if i < sent_end and doc[i].lower_ in {"the", "a"}:
        i += 1
    j = i
    while j < sent_end and j - i < MAX_WINDOW and j not in stop and _allowed(doc[j]):
        j += 1
    return i, j


class Resolver:
    """Resolution state for one document; ``run()`` returns the entities."""

    def __init__(self, doc: Doc, when: date):
        self.doc, self.when, self.text = doc, when, doc.text
        self.tokens = list(doc)  # made once: spaCy builds a new Token object on every access
        self.clusters: dict[str, Cluster] = {}
        self.consumed: set[int] = set()  # tokens used up by title phrases
        self.person_tokens: set[int] = set()
        self.mention_owner: dict[tuple[int, int], Cluster] = {}
        self.person_starts: list[tuple[int, int, tuple[int, int]]] = []  # (start, order, span), sorted
        self.countries: set[tuple[str, str]] = set()
        self.genders: dict[str, Gender | None] = {}
        # Photo credits and gallery counters ("Jane Roe/PA 2/8"): their names are not actors of the story,
        # so no entity is read from them and no mention falls inside them (the text itself is unchanged).
        self.credits = credit_tokens(doc)
        self.consumed.update(self.credits)
        self.ents = outside_credits(doc, self.credits) if self.credits else list(doc.ents)

    # ------------------------------------------------------------------ helpers
    def cluster(self, key: str, name: str, kind: EntityKind) -> Cluster:
        if key not in self.clusters:
            self.clusters[key] = Cluster(key, name, kind)
        return self.clusters[key]

    def mention(self, cluster: Cluster, start_tok: int, end_tok: int) -> None:
        if self.credits and not self.credits.isdisjoint(range(start_tok, end_tok)):
            return
        span = (self.doc[start_tok].idx, self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1]))
        if span not in self.mention_owner:
            cluster.spans.add(span)
            self.mention_owner[span] = cluster
            if cluster.kind == "person":
                bisect.insort(self.person_starts, (span[0], len(self.mention_owner), span))

    def persons(self) -> list[Cluster]:
        return [c for c in self.clusters.values() if c.kind == "person"]

    # ------------------------------------------------------------------ persons
    def person_ents(self) -> list[Span]:
        """PERSON entities, plus other entities whose text is a name the knowledge base knows."""
        def known(ent: Span) -> bool:
            return (ent.label_ in LABELS and ent.text[:1].isupper() and not _country_of_text(ent.text)
                    and ent.text not in institutions()
                    and any(m.status != "future" for m in kb.lookup(ent.text, self.when)))

        def person(ent: Span) -> bool:
            # "Beyond Ukraine", "Bosnian Serbs": a PERSON that ends in a place or nationality is a misreading.
            last = ent[-1].text
            return not (_country_of_text(last) or last in lexicon.capitals() or _nationality_words(ent))

        return [ent for ent in self.ents if (ent.label_ == "PERSON" and person(ent)) or known(ent)]

    def read_person(self, ent: Span) -> Reading:
        """The title phrase before the name, else the one after it."""
        stop = self.person_tokens - set(range(ent.start, ent.end))
        left = _window_left(self.doc, ent.start, stop)
        reading = read_words(self.doc, left, ent.start)
        if reading.useful:
            return reading
        i, j = _window_right(self.doc, ent.end, stop)
        after = read_words(self.doc, i, j)
        if after.title:
            after.start = ent.end
            return after
        return Reading(start=ent.start, end=ent.start)

    def resolve_person(self, ent: Span, reading: Reading) -> Cluster:
        matches = kb.lookup(ent.text, self.when)
        if reading.country:
            fitting = [m for m in matches if any(o.country == reading.country for o in m.person.offices)]
            matches = fitting if fitting or not matches else []
        if len(matches) > 1 and matches[0].status == matches[1].status:
            matches = []  # an ambiguous short name; the full name elsewhere in the text decides
        match = matches[0] if matches else None
        if match:
            cluster = self.cluster("kb:" + match.person.name, match.person.name, "person")
            cluster.person = match.person
        else:
            name = " ".join(ent.text.split())
            cluster = self.cluster("person:" + kb.normalize(name), name, "person")
        self.apply_reading(cluster, reading, match)
        return cluster

    def apply_reading(self, cluster: Cluster, reading: Reading, match: kb.Match | None) -> None:
        """Fill country, sector, role: the text's title and country first, the knowledge base second."""
        title = reading.title
        if match and match.office and match.status == "in_office" and (
            not reading.country or match.office.country == reading.country
        ):
            office = match.office
            cluster.country, cluster.sector, cluster.role = office.country, office.sector, office.role
            cluster.office = office.office
            cluster.rank = titles().by_office[office.office].rank
        elif title and (reading.country or cluster.country is None):
            country = reading.country or (match.country if match else None) or cluster.country
            if title.sector == "IGO" or (reading.body and reading.body.igo):
                cluster.sector = "IGO"
            else:
                cluster.sector = "ELI" if reading.former else title.sector
            cluster.country = country
            cluster.role = title.role_for(lexicon.display_name(country)) if country else None
            if reading.former and cluster.role:
                cluster.role = "former " + cluster.role
            cluster.office, cluster.rank = title.office, title.rank
        elif match and match.status != "in_office" and cluster.country is None:
            # Former: an elite of the country (ELI); future: only the country, the office is not yet his.
            cluster.country, cluster.sector, cluster.role = match.country, match.sector, match.role
        elif reading.country and cluster.country is None:
            cluster.country = reading.country
            if reading.body and reading.body.igo:
                cluster.sector = "IGO"
            elif reading.body:
                cluster.sector = reading.body.sector
        if cluster.sector is None and match is None and reading.body and cluster.country:
            cluster.sector = reading.body.sector

    def do_persons(self) -> None:
        ents = self.person_ents()
        self.person_tokens = {i for e in ents for i in range(e.start, e.end)}
        # Full names first, so "Macron" can join "Emmanuel Macron" wherever it comes.
        pending: list[tuple[Span, Reading]] = []
        for ent in sorted(ents, key=lambda e: -(e.end - e.start)):
            reading = self.read_person(ent)
            pending.append((ent, reading))
        surnames: dict[str, set[str]] = {}
        for ent, reading in pending:
            if len(ent) > 1 or kb.lookup(ent.text, self.when):
                cluster = self.resolve_person(ent, reading)
                surnames.setdefault(kb.normalize(ent[-1].text), set()).add(cluster.key)
                if cluster.person:
                    for short in cluster.person.short:
                        surnames.setdefault(kb.normalize(short), set()).add(cluster.key)
            else:
                keys = surnames.get(kb.normalize(ent.text), set())
                if len(keys) == 1:
                    cluster = self.clusters[next(iter(keys))]
                    self.apply_reading(cluster, reading, None)
                else:
                    cluster = self.resolve_person(ent, reading)
            self.mention(cluster, ent.start, ent.end)
            self.consume(reading, cluster, ent)
        self.surnames = {k: self.clusters[next(iter(v))] for k, v in surnames.items() if len(v) == 1}
        # Surnames of people already in the article, untagged or mislabelled ("Peskov added ..."); words
        # of places and of longer names are never surnames.
        in_ents = {i for ent in self.ents if ent.label_ in {"GPE", "LOC", "FAC"} or len(ent) > 1
                   for i in range(ent.start, ent.end)}
        for token in self.tokens:
            if token.i not in self.person_tokens and token.i not in in_ents and token.text[:1].isupper():
                owner = self.surnames.get(kb.normalize(token.text))
                if owner is not None and token.pos_ == "PROPN":
                    self.mention(owner, token.i, token.i + 1)
                    self.person_tokens.add(token.i)

    def fill_local_actors(self) -> None:
        """Groups and bodies the text gives no country, in a story about one country, are of that country.

        Applied after every rule, to persons with a title, groups and organizations; never to places
        (a place without a country is unknown to the gazetteer, not local).
        """
        only = {iso3 for _, iso3 in self.countries}
        if len(only) != 1:
            return
        iso3 = next(iter(only))
        for cluster in self.clusters.values():
            if cluster.country is None and cluster.kind in {"group", "organization"}:
                cluster.country = iso3

    def fill_titled_without_country(self) -> None:
        """"President Jane Doe" with no country anywhere near: the article's only country, if it has one."""
        only = {iso3 for _, iso3 in self.countries}
        if len(only) != 1:
            return
        iso3 = next(iter(only))
        for cluster in self.persons():
            if cluster.country is None and cluster.office and cluster.sector not in {None, "IGO", "NGO"}:
                cluster.country = iso3
                title = titles().by_office[cluster.office]
                cluster.role = cluster.role or title.role_for(lexicon.display_name(iso3))

    def consume(self, reading: Reading, cluster: Cluster, ent: Span) -> None:
        """Title words belong to the person; a descriptor before the name is also a mention of him."""
        if reading.start == reading.end:
            return
        self.consumed.update(range(reading.start, reading.end))
        if reading.descriptor and reading.end == ent.start:
            det = reading.start - 1
            if det >= 0 and self.doc[det].lower_ in titles().determiners:
                self.mention(cluster, det, reading.end)
                if reading.counterpart:
                    self.counterpart_role(cluster, det)

    def counterpart_role(self, cluster: Cluster, at: int) -> None:
        """A named counterpart holds the same office as the person whose counterpart he is."""
        other = self.nearest_person(self.doc[at].idx, exclude=cluster)
        if other and other.office and cluster.office is None and cluster.country:
            title = titles().by_office[other.office]
            cluster.office, cluster.rank = other.office, title.rank
            cluster.sector = cluster.sector or title.sector
            cluster.role = cluster.role or title.role_for(lexicon.display_name(cluster.country))

    def nearest_person(self, offset: int, exclude: Cluster | None = None,
                       fits=lambda c: True) -> Cluster | None:
        """The person mentioned last before ``offset`` (first-added among mentions starting together).

        Walks back from ``offset`` through the sorted person mentions, so a long article costs
        a bisection per descriptor or pronoun, not a scan of every mention.
        """
        best, best_at = None, -1
        for i in range(bisect.bisect_left(self.person_starts, (offset,)) - 1, -1, -1):
            start, _, span = self.person_starts[i]
            if best is not None and start < best_at:
                break
            owner = self.mention_owner[span]
            if owner is not exclude and fits(owner):
                best, best_at = owner, start
        return best

    # ------------------------------------------------------------------ descriptors and pronouns
    def do_descriptors(self) -> None:
        """Noun phrases that stand for an office holder: "the French leader", "his Russian counterpart"."""
        tt = titles()
        heads = {key[-1] for key in (*tt.descriptors, *tt.by_words)}
        for token in self.tokens:
            if (token.i in self.consumed or token.i in self.person_tokens or token.lower_ not in heads
                    or token.tag_ in {"NNS", "NNPS"}):
                continue
            nxt = token.i + 1
            if nxt < len(self.doc) and (nxt in self.person_tokens or (
                    self.doc[nxt].text[:1].isupper() and self.doc[nxt].lower_ not in _vocabulary())):
                continue  # a title before a name, handled with the person
            left = token.i
            while left > token.sent.start and left - 1 not in self.consumed and \
                    self.doc[left - 1].lower_ not in tt.determiners and _allowed(self.doc[left - 1]):
                left -= 1
            det = left - 1
            if det < token.sent.start or self.doc[det].lower_ not in tt.determiners:
                continue
            end = token.i + 1
            if end < token.sent.end and self.doc[end].lower_ == "of":
                end = self.of_phrase_end(end + 1, token.sent.end)
            reading = read_words(self.doc, left, end)
            self.attach_descriptor(reading, det, end)

    def of_phrase_end(self, start: int, limit: int) -> int:
        """End of "of <country | epithet | the Republic>" after a descriptor head, or the head itself."""
        i = start
        if i < limit and self.doc[i].lower_ == "the":
            i += 1
        for n in range(min(4, limit - i), 0, -1):
            raw = _raw(self.doc, i, i + n)
            words = tuple(raw.lower().split())
            if _country_of_text(raw) or words in titles().epithets or words == ("republic",):
                return i + n
        return start - 1

    def attach_descriptor(self, reading: Reading, det: int, end: int) -> None:
        offset = self.doc[det].idx
        republic = self.doc[end - 1].lower_ == "republic" and reading.country is None
        office = reading.title.office if reading.title else None
        rank = reading.descriptor if reading.descriptor not in (None, "any") else (
            reading.title.rank if reading.title else None)
        if reading.counterpart:
            other = self.nearest_person(offset)
            if other is None or reading.country is None:
                return
            office, rank = other.office, other.rank
        if reading.country is None and not (office and (republic or reading.title)):
            return  # "the leader", "the head of the delegation": too vague to resolve
        if office is None and rank != "leader":
            return

        def fits(c: Cluster) -> bool:
            if reading.country and c.country != reading.country:
                return False
            return c.office == office if office else c.rank == rank

        target = self.find_holder(offset, fits)
        if target is None and reading.country:
            target = self.from_kb(reading.country, office)
        if target is None and reading.counterpart and rank == "leader":
            # A chancellor's French counterpart is France's leader, whatever the office is called.
            office = None
            target = self.find_holder(offset, fits) or self.from_kb(reading.country, None)
        if target is not None:
            self.mention(target, det, end)
            self.consumed.update(range(det, end))

    def find_holder(self, offset: int, fits) -> Cluster | None:
        """The person the descriptor means: the nearest fitting one before it, else the first after."""
        target = self.nearest_person(offset, fits=fits)
        if target is None:
            later = [c for c in self.persons() if fits(c)]
            target = min(later, key=lambda c: c.first) if later else None
        return target

    def from_kb(self, country: str, office: str | None) -> Cluster | None:
        """The holder of an office on the article date, as a new entity (for an unnamed "Russian leader")."""
        info = lexicon.by_iso3().get(country)
        offices = (office,) if office else (info.leader_offices if info else ())
        for name in offices:
            people = kb.holders(country, name, self.when)
            if len(people) == 1:
                match = kb.match(people[0], self.when)
                cluster = self.cluster("kb:" + people[0].name, people[0].name, "person")
                cluster.person = people[0]
                self.apply_reading(cluster, Reading(), match)
                return cluster
        return None

    def do_bodies(self) -> None:
        """Collective actors named by a country and a noun: "Syrian officials", "Iraq's army"."""
        bodies = titles().bodies
        for token in self.tokens:
            spec = bodies.get(token.lower_)
            if spec is None or token.i in self.consumed or token.i in self.person_tokens:
                continue
            i = token.i - 1
            while i >= max(token.sent.start, token.i - 3) and self.doc[i].pos_ in {"ADJ", "PROPN"} and \
                    not _country_of_text(self.doc[i].text):
                i -= 1  # "the Syrian armed forces", "Kenya's Supreme Court": skip modifiers
            if i >= token.sent.start and self.doc[i].text in POSSESSIVE:
                i -= 1
            if i < token.sent.start or i in self.consumed:
                continue
            iso3 = _country_of_text(self.doc[i].text)
            if not iso3 and i > token.sent.start:  # two-word names: "Saudi Arabia's army"
                iso3 = _country_of_text(_raw(self.doc, i - 1, i + 1))
                i = i - 1 if iso3 else i
            if not iso3:
                continue
            sector, kind = spec
            name = _raw(self.doc, i, token.i + 1)
            cluster = self.cluster(f"body:{iso3}:{token.lemma_.lower()}", name, kind)  # type: ignore[arg-type]
            cluster.country, cluster.sector = iso3, sector
            self.mention(cluster, i, token.i + 1)
            self.consumed.update(range(i, token.i + 1))

    def do_pronouns(self) -> None:
        """"he said": the pronoun subject of a speech verb is the nearest person mentioned before it whose
        gender, when the text or the given name tells it, agrees with the pronoun."""
        tt, cues = titles(), gender_cues()
        for token in self.tokens:
            if token.lower_ in tt.pronouns and token.dep_ == "nsubj" and token.head.lemma_ in tt.speech_verbs:
                wanted = cues.pronouns.get(token.lower_)
                owner = self.nearest_person(token.idx, fits=lambda c, w=wanted: self.gender(c) in (None, w))
                if owner is not None:
                    self.mention(owner, token.i, token.i + 1)

    def gender(self, cluster: Cluster) -> Gender | None:
        """A person's gender from its given name or a word right before one of its mentions ("Mrs",
        "Queen"); None when neither tells (then any pronoun may refer to the person)."""
        if cluster.key not in self.genders:
            cues = gender_cues()
            found = cues.of_name(cluster.name)
            for start, _ in sorted(cluster.spans):
                if found is not None:
                    break
                words = self.text[max(0, start - 24) : start].split()
                if words:
                    found = cues.before_name.get(words[-1].lower().rstrip("."))
            self.genders[cluster.key] = found
        return self.genders[cluster.key]

    # ------------------------------------------------------------------ organizations, places, groups
    def do_institutions(self) -> None:
        for start, end, inst in _find_institutions(self.doc):
            if self.taken(start, end):
                continue
            self.add_institution(inst, start, end)

    def taken(self, start: int, end: int) -> bool:
        """Is any token of ``start:end`` already part of a person or another mention?

        Checked token by token: building the union of both sets per entity made long texts quadratic.
        """
        return any(i in self.consumed or i in self.person_tokens for i in range(start, end))

    def add_institution(self, inst: Institution, start: int, end: int) -> None:
        """One mention of a named body; a body without a country takes the one named before it."""
        country = inst.country or self.country_before(start)
        sector = inst.sector_at(self.when)
        cluster = self.cluster(f"inst:{inst.name}:{country}", inst.name, inst.kind)  # type: ignore[arg-type]
        cluster.country, cluster.sector = country, sector
        if inst.country in lexicon.by_iso3() and sector == "GOV" and inst.name in lexicon.seats():
            cluster.role = f"Government of {lexicon.display_name(inst.country)}"
        self.mention(cluster, start, end)
        self.consumed.update(range(start, end))

    def country_before(self, start: int) -> str | None:
        """Country named right before a body ("the Russian Defence Ministry", "Iran's Foreign Ministry")."""
        i = start - 1
        if i >= 0 and self.doc[i].text in POSSESSIVE:
            i -= 1
        if i >= 0:
            return _country_of_text(self.doc[i].text)
        return None

    def acts(self, ent: Span) -> bool:
        """Is the entity the subject of a speech or action verb ("Beijing said")?"""
        root = ent.root
        return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in titles().speech_verbs

    def do_other_ents(self) -> None:
        for ent in self.ents:
            if ent.label_ not in LABELS or set(range(ent.start, ent.end)) <= self.person_tokens:
                continue
            if self.taken(ent.start, ent.end):
                continue
            if len(ent) > 1 and ent[0].lower_ == "the":
                # "the Harvest Union": the name alone, as the institution scan gives it
                ent = Span(self.doc, ent.start + 1, ent.end, label=ent.label_)
            text = re.sub(r"^the\s+", "", " ".join(ent.text.split()), flags=re.I)
            text = re.sub(r"['’]s$", "", text)  # "North Korea's" when the NER keeps the possessive
            iso3 = _country_of_text(text)
            inst = institutions().get(text) or institutions().get(text.title())
            if inst is not None:  # a body the scan missed for its case ("the White house")
                self.add_institution(inst, ent.start, ent.end)
            elif ent.label_ in {"NORP", "PERSON"} and (iso3 or not places.find(text)):
                self.do_group(ent, text, iso3)
            elif iso3 and ent.label_ in {"GPE", "LOC", "ORG", "FAC"}:
                country = lexicon.by_iso3()[iso3]
                cluster = self.cluster("country:" + iso3, country.name, "location")
                cluster.country = iso3
                place = places.country_place(iso3)
                if place:
                    cluster.lat, cluster.lon = place.lat, place.lon
                self.mention(cluster, ent.start, ent.end)
            elif text in lexicon.capitals() and self.acts(ent):
                iso3 = lexicon.capitals()[text]
                cluster = self.cluster(f"gov:{iso3}:{text}", text, "organization")
                cluster.country, cluster.sector = iso3, "GOV"
                cluster.role = f"Government of {lexicon.display_name(iso3)}"
                self.mention(cluster, ent.start, ent.end)
            elif ent.label_ in {"GPE", "LOC", "FAC", "NORP"}:
                self.do_place(ent, text)
            else:
                country = self.country_before(ent.start) or self.demonym_inside(ent)
                cluster = self.cluster("org:" + text, text, "organization")
                cluster.country = cluster.country or country
                self.mention(cluster, ent.start, ent.end)

    def demonym_inside(self, ent: Span) -> str | None:
        """A country named inside a name: "Bosnian Serbs", "Baghdad University", "Bank of Japan"."""
        capitals = lexicon.capitals()
        for token in ent:
            iso3 = _country_of_text(token.text) or capitals.get(token.text)
            if iso3:
                return iso3
        return None

    def do_group(self, ent: Span, text: str, iso3: str | None) -> None:
        """Nationalities and groups: "the Palestinians" as a noun, or "Palestinian gunmen" with its noun.

        A demonym that modifies a noun ("Russian aircraft", "Iraqi towns") makes that noun phrase an
        actor of the country; one modifying a word that belongs to another entity is left alone.
        """
        root = ent.root
        start, end = ent.start, ent.end
        if root.dep_ in {"amod", "compound"} or root.pos_ == "ADJ" or root.tag_ == "JJ":
            head = root.head
            if iso3 is None or head.pos_ not in {"NOUN", "PROPN"} or not 0 < head.i - ent.end + 1 <= 3:
                return
            if any(i in self.consumed or i in self.person_tokens for i in range(ent.end, head.i + 1)):
                return
            end = head.i + 1
            text = _raw(self.doc, start, end)
            key = f"group:{iso3}:{head.lemma_.lower()}"
        else:
            iso3 = iso3 or self.demonym_inside(ent)  # "Bosnian Serbs"
            key = "group:" + (iso3 or text)
        cluster = self.cluster(key, text, "group")
        cluster.country = iso3
        self.mention(cluster, start, end)
        self.consumed.update(range(start, end))

    def do_place(self, ent: Span, text: str) -> None:
        # Evidence from the name itself does not count: "Tripoli" is also Libya's capital.
        evidence = {iso3 for name, iso3 in self.countries if name != text}
        place = places.find(text, evidence)
        cluster = self.cluster("place:" + (f"{place.name}:{place.country}" if place else text),
                               place.name if place else text, "location")
        if place:
            cluster.country, cluster.lat, cluster.lon = place.country, place.lat, place.lon
        else:
            cluster.country = cluster.country or _country_of_region(text)
        self.mention(cluster, ent.start, ent.end)

    # ------------------------------------------------------------------ run
    def article_countries(self) -> set[tuple[str, str]]:
        """(name, ISO3) of countries the article names by name, demonym or capital, to disambiguate places."""
        found = set()
        capitals = lexicon.capitals()
        for ent in self.doc.ents:
            iso3 = _country_of_text(ent.text) or capitals.get(ent.text)
            if iso3:
                found.add((ent.text, iso3))
        return found

    def run(self) -> list[Entity]:
        self.countries = self.article_countries()
        self.do_persons()
        self.fill_titled_without_country()
        self.do_institutions()
        self.do_descriptors()
        self.do_bodies()
        self.do_pronouns()
        self.do_other_ents()
        self.fill_local_actors()
        return self.entities()

    def entities(self) -> list[Entity]:
        found = [c for c in self.clusters.values() if c.spans]
        found.sort(key=lambda c: c.first)
        result = []
        for n, c in enumerate(found, start=1):
            mentions = [TextSpan.of(self.text, s, e) for s, e in sorted(c.spans)]
            result.append(Entity(id=f"E{n}", name=c.name, kind=c.kind, mentions=mentions, country=c.country,
                                 sector=c.sector, code=code_for(c.country, c.sector), role=c.role,
                                 lat=c.lat, lon=c.lon))
        return result


def resolve(doc: Doc, when: date) -> list[Entity]:
    """Entities of the article, ids E1.. in order of first mention, resolved at the article date."""
    return Resolver(doc, when).run()
