"""Canonical events, pure part: the rules file, the pair judgement, components and aggregates.

The analyses are built by hand over sentences written for these tests (``build``), so no NLP runs here;
``test_canonical_store.py`` imports ``build``/``Spec`` for the store-level tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
import yaml

from eventwire import canonical
from eventwire.canonical.rules import RULES_FILE, RulesError, parse
from eventwire.model import Analysis, Article, Entity, Event, Location, Participant, Span, Timex

# name -> (country, sector, code)
PEOPLE = {
    "Ana Ruiz": ("CHL", "GOV", "CHLGOV"),
    "Piet Maas": ("NLD", "GOV", "NLDGOV"),
    "Karin Olsen": ("NOR", "GOV", "NORGOV"),
    "Ilse Berg": ("NLD", "GOV", "NLDGOV"),
    "the rebels": ("SDN", "REB", "SDNREB"),
    "the army": ("SDN", "MIL", "SDNMIL"),
}
CAMEO = {"CONSULT": ("040", 1, 1.0), "ACCUSE": ("112", 3, -2.0), "ASSAULT": ("180", 4, -9.0),
         "AID": ("070", 2, 7.0)}


@dataclass
class Spec:
    """One event of a hand-built article: who did what to whom, when (a TIMEX3 value or None), where."""

    sentence: str
    trigger: str
    type: str = "CONSULT"
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    when: str | None = None  # TIMEX3 value of a time expression in the sentence, None: article date only
    when_text: str | None = None
    precision: str | None = None
    country: str | None = None
    modality: str = "asserted"
    cameo: str | None = None  # a code other than the type's default (190 "fight" is ASSAULT too)
    named: list[str] = field(default_factory=list)  # people the sentence names who are not participants


def build(article_id: str, day: date, specs: list[Spec], publisher: str | None = None) -> Analysis:
    """An analysis whose text is the specs' sentences; every offset is cut from that text."""
    text = " ".join(s.sentence for s in specs)
    article = Article(article_id, day, text, title=article_id, source=f"{article_id}.txt",
                      publisher=publisher)
    entities: dict[str, Entity] = {}
    timexes: list[Timex] = []
    events: list[Event] = []
    offset = 0
    for n, spec in enumerate(specs, start=1):
        start = text.index(spec.sentence, offset)
        end = start + len(spec.sentence)
        offset = end
        evidence = Span.of(text, start, end)
        people: dict[str, list[Participant]] = {"actors": [], "recipients": []}
        for role, names in (("actors", spec.actors), ("recipients", spec.recipients)):
            for name in names:
                at = text.lower().index(name.lower(), start)
                if name not in entities:
                    country, sector, code = PEOPLE[name]
                    entities[name] = Entity(f"E{len(entities) + 1}", name, "person", [], country, sector,
                                            code)
                entities[name].mentions.append(Span.of(text, at, at + len(name)))
                people[role].append(Participant.of_entity(entities[name]))
        for name in spec.named:
            at = text.index(name, start)
            if name not in entities:
                country, sector, code = PEOPLE[name]
                entities[name] = Entity(f"E{len(entities) + 1}", name, "person", [], country, sector, code)
            entities[name].mentions.append(Span.of(text, at, at + len(name)))
        basis: dict[str, str] | str | None = "article"
        if spec.when:
            at = text.index(spec.when_text or "", start)
            timexes.append(Timex(f"T{len(timexes) + 1}", at, at + len(spec.when_text or ""),
                                 spec.when_text or "", "DATE", spec.when))
            basis = {"timex": timexes[-1].id}
        at = text.index(spec.trigger, start)
        cameo, quad, goldstein = CAMEO[spec.type]
        cameo = spec.cameo or cameo
        events.append(Event(
            id=f"V{n}", type=spec.type, cameo=cameo, quad_class=quad, goldstein=goldstein,
            trigger=Span.of(text, at, at + len(spec.trigger)), evidence=evidence,
            actors=people["actors"], recipients=people["recipients"],
            date=spec.when or day.isoformat(), date_precision=spec.precision or "day", date_basis=basis,
            location=Location(spec.country, spec.country) if spec.country else None,
            modality=spec.modality,  # type: ignore[arg-type]
            mentions=[evidence],
        ))
    for ent in entities.values():
        ent.mentions.sort(key=lambda s: s.start)
    analysis = Analysis(article, list(entities.values()), timexes, events, [])
    assert analysis.check_spans() == []
    return analysis


# -- the pair judgement ----------------------------------------------------------------------------------

RULES = canonical.load()
DAY = date(2024, 5, 14)


def mention(analysis: Analysis, n: int = 1) -> canonical.Mention:
    event = analysis.events[n - 1]
    return canonical.Mention.of_event(f"{analysis.article.id}/{event.id}", event, analysis.article, RULES,
                                      analysis.entities)


def talks(article_id: str, sentence: str = "Ana Ruiz held talks with Piet Maas in The Hague on Monday.",
          when: str | None = "2024-05-13", day: date = DAY, **extra: object) -> canonical.Mention:
    extra = {"actors": ["Ana Ruiz"], "recipients": ["Piet Maas"], **extra}
    spec = Spec(sentence, "talks" if "talks" in sentence else "met", when=when,
                when_text="Monday" if when and "Monday" in sentence else (extra.pop("when_text", None)),
                **extra)  # type: ignore[arg-type]
    return mention(build(article_id, day, [spec]))


def test_rules_file_is_valid_and_every_reason_is_documented() -> None:
    assert RULES.modality_classes["asserted"] == RULES.modality_classes["reported"]
    assert RULES.modality_classes["negated"] != RULES.modality_classes["asserted"]
    decision = canonical.compare(talks("a"), talks("b"), RULES)
    assert decision.merge
    assert all(reason.split(":")[0] in RULES.reasons for reason in decision.reasons)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"modality_classes": {"asserted": "factual"}}, "modality_classes: no class for"),
        ({"weights": {"type": 1}}, "weights: expected exactly the keys"),
        ({"stopwords": ["about", False]}, "stopwords[1]: expected a non-empty string, got False (quote it)"),
        ({"compatible_types": [["ASSAULT", "ASSAULT"]]}, "compatible_types[0]: a type is always compatible"),
        ({"min_score": 1.5}, "min_score: 1.5 is outside"),
        ({"symmetric_types": ["CONSULT", "CHAT"]}, "symmetric_types: unknown PLOVER type 'CHAT'"),
        ({"modality_then": [["planned", "done"]]}, "modality_then[0]: expected two different classes"),
        ({"named_ties": {"named-participant": 0.6}}, "named_ties: expected exactly the keys"),
        ({"named_kinds": ["person", "date"]}, "named_kinds: unknown entity kinds ['date']"),
        ({"undated_period_days": -1}, "undated_period_days: -1 is outside"),
    ],
)
def test_bad_rules_name_the_file_and_key(patch: dict, message: str) -> None:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    data.update(patch)
    with pytest.raises(RulesError, match=re.escape(message)) as info:
        parse(data, RULES_FILE)
    assert str(RULES_FILE) in str(info.value)


def test_two_reports_of_one_meeting_merge_with_named_reasons() -> None:
    a = talks("a")
    b = talks("b", "Piet Maas met Ana Ruiz in The Hague on Monday for talks.", actors=["Piet Maas"],
              recipients=["Ana Ruiz"])
    decision = canonical.compare(a, b, RULES)
    assert decision.merge, decision.reasons
    kinds = [r.split(":")[0] for r in decision.reasons]
    assert kinds[:3] == ["same-type", "shared-name-swapped", "same-date"]
    assert "similar-evidence" in kinds
    assert canonical.compare(b, a, RULES).merge  # symmetric


def test_dates_are_compared_given_their_precision() -> None:
    day = talks("a", "Ana Ruiz held talks with Piet Maas on 6 May.", when="2024-05-06")
    month = talks("b", "Ana Ruiz held talks with Piet Maas in May.", when="2024-05", precision="month")
    other_day = talks("c", "Ana Ruiz held talks with Piet Maas on 2 May.", when="2024-05-02")
    assert canonical.compare(day, month, RULES).merge
    refused = canonical.compare(day, other_day, RULES)
    assert not refused.merge and refused.reasons[0].startswith("dates differ")
    year = talks("d", "Ana Ruiz held talks with Piet Maas in 2024.", when="2024", precision="year")
    assert canonical.compare(day, year, RULES).reasons == ["a date is too vague to merge on"]


def test_article_dated_mentions_merge_within_the_window_before_the_article() -> None:
    dated = talks("a", when="2024-05-13")
    undated = talks("b", "Ana Ruiz held talks with Piet Maas in The Hague, where talks were frank.",
                    when=None, day=date(2024, 5, 15))
    late = talks("c", "Ana Ruiz held talks with Piet Maas in The Hague, where talks were frank.",
                 when=None, day=date(2024, 5, 30))
    assert canonical.compare(dated, undated, RULES).merge
    assert "article-window" in canonical.compare(dated, undated, RULES).reasons[2]
    assert not canonical.compare(dated, late, RULES).merge


@pytest.mark.parametrize("modality", ["negated", "hypothetical"])
def test_denied_or_hypothetical_events_stay_apart_from_asserted_ones(modality: str) -> None:
    decision = canonical.compare(talks("a"), talks("b", modality=modality), RULES)
    assert not decision.merge
    assert decision.reasons == [f"modality differs: asserted/{modality}"]


def test_places_in_different_countries_never_merge() -> None:
    assert not canonical.compare(talks("a", country="NLD"), talks("b", country="BEL"), RULES).merge
    assert canonical.compare(talks("a", country="NLD"), talks("b"), RULES).merge


def test_roles_swap_only_for_symmetric_types() -> None:
    one = mention(build("a", DAY, [Spec("Ana Ruiz accused Piet Maas of lying about the budget on Monday.",
                                        "accused", "ACCUSE", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13",
                                        "Monday")]))
    other = mention(build("b", DAY, [Spec("Piet Maas accused Ana Ruiz of lying about the budget on Monday.",
                                          "accused", "ACCUSE", ["Piet Maas"], ["Ana Ruiz"], "2024-05-13",
                                          "Monday")]))
    assert canonical.compare(one, other, RULES).reasons == ["no shared participant"]


def test_a_meeting_with_someone_else_is_another_meeting() -> None:
    with_maas = talks("a")
    spec = Spec("Ana Ruiz held talks with Karin Olsen in The Hague on Monday.", "talks",
                actors=["Ana Ruiz"], recipients=["Karin Olsen"], when="2024-05-13", when_text="Monday")
    with_olsen = mention(build("b", DAY, [spec]))
    assert not canonical.compare(with_maas, with_olsen, RULES).merge


def test_unrelated_evidence_is_not_enough() -> None:
    # Dated only by their articles and sharing one participant: the text has to agree too.
    a = talks("a", "Ana Ruiz held talks on fishing quotas, port fees and the herring season with delegates.",
              when=None, recipients=[])
    b = talks("b", "Ana Ruiz met students at a chess club to celebrate the marathon winners and a library.",
              when=None, recipients=[])
    decision = canonical.compare(a, b, RULES)
    assert decision.merge is False and decision.reasons[-1].startswith(("evidence too different", "score"))


def test_mentions_of_one_article_are_never_linked() -> None:
    analysis = build("a", DAY, [
        Spec("Ana Ruiz held talks with Piet Maas on Monday.", "talks", actors=["Ana Ruiz"],
             recipients=["Piet Maas"], when="2024-05-13", when_text="Monday"),
        Spec("Ana Ruiz held talks with Piet Maas on Monday again.", "talks", actors=["Ana Ruiz"],
             recipients=["Piet Maas"], when="2024-05-13", when_text="Monday"),
    ])
    assert not canonical.compare(mention(analysis, 1), mention(analysis, 2), RULES).merge


def test_content_words_drop_function_words_and_fold_inflection() -> None:
    words = canonical.content_words("The ministers were holding talks about the fishing quotas", RULES)
    assert words == {"minister", "hold", "talk", "fish", "quota"}


def test_source_is_the_publisher_then_the_url_host_then_the_source() -> None:
    article = Article("x", DAY, "text", source="feed.jsonl:3", url="https://www.example.org/a")
    assert canonical.source_key(article) == "example.org"
    article.publisher = "Daily Planet"
    assert canonical.source_key(article) == "daily planet"
    article.publisher, article.url = None, None
    assert canonical.source_key(article) == "feed.jsonl:3"


# -- components and aggregates ---------------------------------------------------------------------------


def test_components_and_ids_depend_only_on_the_sets() -> None:
    links = [("b", "c"), ("a", "b"), ("x", "y")]
    assert canonical.components(["c", "a", "b", "x", "y", "z"], links) == [["a", "b", "c"], ["x", "y"], ["z"]]
    assert canonical.components(["z", "y", "x", "b", "a", "c"], links[::-1]) == [
        ["a", "b", "c"], ["x", "y"], ["z"]]
    assert canonical.canonical_id(["b", "a"]) == canonical.canonical_id(["a", "b"])
    assert canonical.canonical_id(["a", "b"]) != canonical.canonical_id(["b"])


def test_aggregate_counts_sources_and_keeps_the_most_precise_date() -> None:
    a = talks("a", "Ana Ruiz held talks with Piet Maas in May.", when="2024-05", precision="month")
    b = talks("b")
    c = talks("c", day=date(2024, 5, 15))
    for m, publisher in ((a, "Daily Planet"), (b, "Daily Planet"), (c, "Evening Star")):
        m.source = publisher.lower()
    row = canonical.aggregate([c, a, b])
    assert (row["date"], row["date_precision"]) == ("2024-05-13", "day")
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (3, 3, 2)
    assert (row["first_reported"], row["last_reported"]) == ("2024-05-14", "2024-05-15")
    assert row["confidence"] == pytest.approx(1 - 0.5 * 0.5)  # two sources vouching with 0.5 each
    assert [p["name"] for p in row["actors"]] == ["Ana Ruiz"]
    assert row == canonical.aggregate([b, c, a])
