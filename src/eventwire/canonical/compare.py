"""Do two event mentions report the same event? A pure, symmetric judgement with named reasons.

Criteria, each a gate and a score in 0..1 (weights and thresholds in ``data/rules.yaml``):

- **modality**: same class (an asserted attack never merges with a denied or hypothetical one), or a
  planned mention reported no later than the factual one (``modality_then``: announced, then held);
- **type**: same PLOVER type (1.0), same CAMEO root (0.8) or a listed compatible pair (0.6);
- **date**: the day ranges overlap, given precision; a mention dated only by its article covers a few days
  before the article; a date vaguer than ``max_span_days`` (a bare year) never merges; two mentions dated
  only by their articles must be published in the same fixed period (``undated_period_days``), which
  bounds the chains of a story repeated daily;
- **place**: same country (1.0) or at least one unknown (0.5); two different countries never merge, nor
  two events placed in cities farther apart than ``max_place_km`` (Seattle and New York);
- **participants**: a shared participant name in the same role (1.0; a long resolved name is also known
  by its initials, "FBI"), or roles swapped for symmetric types (0.9 of the score); else a shared head
  word of a name, the surname of "Sadiq Khan" and "Khan" (0.7); these are strong ties. Weak ties: a
  shared unresolved description ("the claims", "militants": 0.6, its head 0.5), only a country+sector
  code (0.5), else the names the evidence sentences mention (``named_ties``: a participant of one named
  in the other's sentence; a name both mention). Nothing shared never merges, nor do two reports that
  each name two sides but share only one of them, when a counterpart of the shared one (the other role;
  a co-actor is none) in one report is not even mentioned, by head word or initials, in the other's
  sentence (A met B, A met C);
- **evidence**: Dice similarity of the content words of trigger + evidence sentence, which must reach
  ``min_similarity`` for the kind of date agreement (a shared explicit day needs little more; two
  mentions dated only by their articles need much more), plus ``weak_tie_penalty`` for a weak
  participant tie; it scores ``min(1, 2 * dice)``.

The decision only looks at the two mentions, so the "same event" graph, and hence the canonical events
(its connected components), is the same whatever order the articles arrive in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from eventwire.canonical.mention import Mention, acronym, normal_name
from eventwire.canonical.rules import Rules


@dataclass(slots=True)
class Decision:
    """The verdict on a pair: ``merge``, a weighted ``score`` and the reasons (or why not, when refused)."""

    merge: bool
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    gate: str = ""  # the rule that refused the pair (one of GATES), "" when merged


# The rules in the order ``compare`` applies them: a refusal by a later gate means the pair came closer.
GATES = ("same-article", "modality", "type", "vague-date", "date", "undated-period", "place", "participant",
         "counterparts", "evidence", "score")


def _no(gate: str, why: str) -> Decision:
    return Decision(False, 0.0, [why], gate)


def _modality_agrees(a: Mention, b: Mention, rules: Rules) -> bool:
    """Same modality class; or a class listed in ``modality_then`` (planned) reported no later than the
    report of the class it turns into (factual): talks announced on Monday and held on Wednesday."""
    ca, cb = rules.modality_classes.get(a.modality), rules.modality_classes.get(b.modality)
    if ca == cb:
        return True
    if (ca, cb) in rules.modality_then:
        return a.article_date <= b.article_date
    if (cb, ca) in rules.modality_then:
        return b.article_date <= a.article_date
    return False


def _type_score(a: Mention, b: Mention, rules: Rules) -> tuple[float, str] | None:
    if a.type == b.type:
        return 1.0, f"same-type: {a.type}"
    if a.cameo_root == b.cameo_root:
        return 0.8, f"same-cameo-root: {a.cameo_root} ({a.type}/{b.type})"
    if frozenset((a.type, b.type)) in rules.compatible_types:
        return 0.6, f"compatible-types: {a.type}/{b.type}"
    return None


def _date_score(a: Mention, b: Mention) -> tuple[float, str] | None:
    if a.lo > b.hi or b.lo > a.hi:
        return None
    if not (a.timex_dated and b.timex_dated):
        return 0.5, f"article-window: {a.lo}..{a.hi} / {b.lo}..{b.hi}"
    if (a.lo, a.hi) == (b.lo, b.hi):
        return 1.0, f"same-date: {a.date}"
    return 0.8, f"dates-overlap: {a.date} / {b.date}"


def _names(people: list[dict], rules: Rules, initials: bool = False) -> tuple[set[str], set[str]]:
    """Full names and head words (a surname, the noun of "emergency workers") of ``people``; with
    ``initials``, long names are also known by their initials ("fbi": for resolved names only, a
    description such as "soon-to-be president" has no acronym)."""
    names = {normal_name(p["name"], rules) for p in people} - {""}
    if initials:
        names |= {a for a in (acronym(n, rules) for n in names) if a}
    heads = {n.split()[-1] for n in names} - rules.stopwords
    return names, {h for h in heads if len(h) >= rules.min_word_length and not h.isdigit()}


def _keys(people: list[dict], rules: Rules) -> list[list[str]]:
    """Comparison keys, strongest first: names and heads of resolved participants (an entity, a country or
    a code), names and heads of unresolved descriptions ("the claims", "militants"), sector-level codes."""
    resolved = [p for p in people if p.get("entity") or p.get("country") or p.get("code")]
    described = [p for p in people if p not in resolved]
    codes = {p["code"] for p in people if p.get("code") and p.get("sector")}
    return [sorted(k) for k in (*_names(resolved, rules, initials=True), *_names(described, rules), codes)]


def participant_keys(m: Mention, rules: Rules) -> dict[str, list[list[str]]]:
    """Keys of the actors, of the recipients, and of the names the evidence sentence mentions, with
    their head words and initials (computed once per mention when it is built, stored with it)."""
    named = {n for n in m.named if n not in rules.stopwords}
    named |= {h for h in (n.split()[-1] for n in named) if h not in rules.stopwords
              and len(h) >= rules.min_word_length and not h.isdigit()}
    named |= {a for a in (acronym(n, rules) for n in m.named) if a}
    return {"actors": _keys(m.actors, rules), "recipients": _keys(m.recipients, rules),
            "named": [sorted(named)]}


# (reason kind, index into _keys, score, strong tie?): a weak tie needs more similar evidence.
TIES = (("name", 0, 1.0, True), ("head", 1, 0.7, True), ("description", 2, 0.6, False),
        ("description", 3, 0.5, False), ("code", 4, 0.5, False))


def _participant_score(a: Mention, b: Mention, rules: Rules) -> tuple[float, str, bool] | None:
    """Best shared participant: (score, reason, strong tie?) or None when they share nobody."""
    a_act, a_rec = a.keys["actors"], a.keys["recipients"]
    b_act, b_rec = b.keys["actors"], b.keys["recipients"]
    swap = bool({a.type, b.type} & rules.symmetric_types)
    for kind, index, score, strong in TIES:
        same = set(a_act[index]).intersection(b_act[index]) | set(a_rec[index]).intersection(b_rec[index])
        if same:
            return score, f"shared-{kind}: {', '.join(sorted(same))}", strong
        if swap:
            swapped = set(a_act[index]).intersection(b_rec[index]) | set(a_rec[index]).intersection(
                b_act[index])
            if swapped:
                return score * 0.9, f"shared-{kind}-swapped: {', '.join(sorted(swapped))}", strong
    return _named_score(a, b, rules)


def _named_score(a: Mention, b: Mention, rules: Rules) -> tuple[float, str, bool] | None:
    """Weak ties through the names the evidence sentences mention: a resolved participant of one report
    named in the other's sentence (the coder missed it there), else one name both sentences mention.
    A name that already is a participant of the report naming it does not count: it was compared by
    role above ("A accused B" and "B accused A" name the same two people)."""
    resolved_a = {k for role in ("actors", "recipients") for k in (*a.keys[role][0], *a.keys[role][1])}
    resolved_b = {k for role in ("actors", "recipients") for k in (*b.keys[role][0], *b.keys[role][1])}
    named_a = set(a.keys.get("named", [[]])[0]) - resolved_a
    named_b = set(b.keys.get("named", [[]])[0]) - resolved_b
    crossed = (resolved_a & named_b) | (resolved_b & named_a)
    if crossed:
        names = ", ".join(sorted(crossed))
        return rules.named_ties["named-participant"], f"named-participant: {names}", False
    both = named_a & named_b
    if both and rules.named_ties["both-named"] > 0:
        return rules.named_ties["both-named"], f"both-named: {', '.join(sorted(both))}", False
    return None


def _forms(person: dict, rules: Rules) -> frozenset[str]:
    """The words that name a resolved participant in a sentence: its head word (a surname, "comey")
    and the initials of a long name ("fbi" for the Federal Bureau of Investigation)."""
    name = normal_name(person["name"], rules)
    found = {name.split()[-1]} if name else set()
    short = acronym(name, rules)
    return frozenset(found | ({short} if short else set()))


def _mentioned_words(m: Mention, rules: Rules) -> set[str]:
    """What ``m``'s evidence sentence names: its words (dots of abbreviations dropped), and the names of
    the entities found in it with their heads and initials (``keys["named"]``)."""
    return set(normal_name(m.evidence, rules).split()) | set(m.keys.get("named", [[]])[0])


def _counterparts(m: Mention, other: set[str], rules: Rules) -> list[frozenset[str]]:
    """The resolved participants of ``m`` on the other side of the ones it shares with the other report
    (whose forms are ``other``): the recipients when a shared one is an actor, and the reverse. A
    co-participant in the shared one's role ("A and B accused C" vs "A accused C") is no counterpart;
    for a symmetric type (a meeting) every unshared participant is."""
    sides = {role: [_forms(p, rules) for p in getattr(m, role) if p.get("entity")]
             for role in ("actors", "recipients")}
    shared_roles = {role for role, forms in sides.items() if any(f & other for f in forms)}
    if m.type in rules.symmetric_types or len(shared_roles) != 1:
        roles = ("actors", "recipients")
    else:
        roles = tuple({"actors", "recipients"} - shared_roles)
    return [f for role in roles for f in sides[role] if f and not f & other]


def _other_counterparts(a: Mention, b: Mention, rules: Rules) -> bool:
    """True when both reports name two or more entities but agree on one at most, each has a
    counterpart of the shared one, and a counterpart of one is not even mentioned in the other's
    sentence: A met B is not A met C. A counterpart the other sentence names without making it a
    participant (by head word or initials: "FBI director James Comey" names the FBI) is no
    disagreement: the coder of that report missed it."""
    ea = [f for f in (_forms(p, rules) for p in a.actors + a.recipients if p.get("entity")) if f]
    eb = [f for f in (_forms(p, rules) for p in b.actors + b.recipients if p.get("entity")) if f]
    all_a, all_b = set().union(*ea), set().union(*eb)
    if len(set(ea)) < 2 or len(set(eb)) < 2 or len({f for f in ea if f & all_b}) >= 2:
        return False
    ca, cb = _counterparts(a, all_b, rules), _counterparts(b, all_a, rules)
    if not ca or not cb:
        return False
    in_a, in_b = _mentioned_words(a, rules), _mentioned_words(b, rules)
    return any(not f & in_b for f in ca) or any(not f & in_a for f in cb)


def _other_periods(a: Mention, b: Mention, rules: Rules) -> bool:
    """True when neither mention has a date of its own and their articles fall in different fixed periods
    of ``undated_period_days`` days, counted from 0001-01-01 (a Monday: a multiple of 7 starts every
    period on a Monday).

    Why: links chain. A story repeated every day without a time expression links each copy to the
    previous days' copies, and the component grows without end. Fixed periods are a pairwise rule, so
    canonical events stay order independent, and they bound such a chain to one period. The price: two
    undated reports of one event published on either side of a period boundary stay apart (unless
    another, dated mention joins them).
    """
    if a.timex_dated or b.timex_dated or not rules.undated_period_days:
        return False
    days = rules.undated_period_days
    return (date.fromisoformat(a.article_date).toordinal() - 1) // days != (
        date.fromisoformat(b.article_date).toordinal() - 1) // days


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Great-circle distance between two located places."""
    la, lb = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlon = lb - la, math.radians(b["lon"] - a["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@cache
def _is_city(name: str, country: str | None) -> bool:
    """Whether the gazetteer knows ``name`` (in ``country``) as a city: countries and regions are located
    at their capital, which says nothing about where in them something happened."""
    from eventwire.actors import places

    place = places.find(name, [country] if country else [])
    return place is not None and place.kind == "city"


def _city(m: Mention) -> dict[str, Any] | None:
    """The located city where ``m`` is placed, or None."""
    loc = m.location
    if not loc or loc.get("lat") is None or loc.get("lon") is None or not loc.get("name"):
        return None
    return loc if _is_city(loc["name"], loc.get("country")) else None


def _far_apart(a: Mention, b: Mention, rules: Rules) -> tuple[str, str, float] | None:
    """The two cities and their distance when both reports place the event in a city and these are
    more than ``max_place_km`` apart: the protests in Seattle and in New York on the same night against
    the same man are two events. None otherwise."""
    ca, cb = _city(a), _city(b)
    if ca is None or cb is None:
        return None
    km = distance_km(ca, cb)
    return (ca["name"], cb["name"], km) if km > rules.max_place_km else None


def _place_score(a: Mention, b: Mention) -> tuple[float, str] | None:
    ca, cb = a.country, b.country
    if ca and cb:
        return (1.0, f"same-country: {ca}") if ca == cb else None
    return 0.5, "place-unknown"


def similarity(a: Mention, b: Mention) -> tuple[float, list[str]]:
    """Dice coefficient of the two content-word sets, and the shared words."""
    wa, wb = set(a.words), set(b.words)
    if not wa or not wb:
        return 0.0, []
    shared = sorted(wa & wb)
    return 2 * len(shared) / (len(wa) + len(wb)), shared


def compare(a: Mention, b: Mention, rules: Rules) -> Decision:
    """Judge whether ``a`` and ``b`` (from different articles) are reports of one event."""
    if a.article_id == b.article_id:
        return _no("same-article", "same article: the event coder already kept them apart")
    if not _modality_agrees(a, b, rules):
        return _no("modality", f"modality differs: {a.modality}/{b.modality}")
    typed = _type_score(a, b, rules)
    if typed is None:
        return _no("type", f"types differ: {a.type}/{b.type}")
    if max(a.span_days, b.span_days) > rules.max_span_days:
        return _no("vague-date", "a date is too vague to merge on")
    dated = _date_score(a, b)
    if dated is None:
        return _no("date", f"dates differ: {a.lo}..{a.hi} / {b.lo}..{b.hi}")
    if _other_periods(a, b, rules):
        return _no("undated-period", f"undated reports from different {rules.undated_period_days}-day"
                   f" periods: {a.article_date} / {b.article_date}")
    placed = _place_score(a, b)
    if placed is None:
        return _no("place", f"places differ: {a.country}/{b.country}")
    far = _far_apart(a, b, rules)
    if far is not None:
        return _no("place", f"cities too far apart: {far[0]}/{far[1]} ({far[2]:.0f} km)")
    shared = _participant_score(a, b, rules)
    if shared is None:
        return _no("participant", "no shared participant")
    if _other_counterparts(a, b, rules):
        return _no("counterparts", "different counterparts: both name two sides and share only one")
    dice, words = similarity(a, b)
    needed = rules.min_similarity[dated[1].split(":")[0]] + (0.0 if shared[2] else rules.weak_tie_penalty)
    evidence = f"similar-evidence: {dice:.2f} ({', '.join(words[:8])})"
    if dice < needed:
        return _no("evidence", f"evidence too different: {dice:.2f} < {needed:.2f}")
    scores = {"type": typed[0], "participants": shared[0], "date": dated[0], "place": placed[0],
              "evidence": min(1.0, 2 * dice)}
    total = sum(rules.weights[k] * s for k, s in scores.items()) / sum(rules.weights.values())
    reasons = [typed[1], shared[1], dated[1], placed[1], evidence]
    if total < rules.min_score:
        return Decision(False, round(total, 3), [*reasons, f"score below {rules.min_score}"], "score")
    return Decision(True, round(total, 3), reasons)
