"""Canonical events, round four of issue 7 (the political clusters): abbreviations and initials as names,
counterparts judged by role and by what the other sentence names, cities too far apart, and the political
figure of the Giveme5W1H evaluation. Sentences are written for these tests; articles are built by hand.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import canonical
from eventwire.canonical.mention import acronym, normal_name
from eventwire.evaluate import giveme5w1h
from eventwire.model import Analysis
from eventwire.store import Store
from test_canonical import PEOPLE, RULES, Spec, build, mention
from test_canonical_store import check_consistent, snapshot

DAY = date(2024, 5, 14)  # a Tuesday
PEOPLE.update({  # organisations, written three ways
    "Federal Bureau of Investigation": ("USA", "COP", "USACOP"),
    "F.B.I.": ("USA", "COP", "USACOP"),
    "FBI": ("USA", "COP", "USACOP"),
})


def one(article_id: str, spec: Spec, day: date = DAY) -> canonical.Mention:
    return mention(build(article_id, day, [spec]))


def test_dotted_abbreviations_and_initials_of_long_names() -> None:
    assert normal_name("F.B.I.", RULES) == normal_name("FBI", RULES) == "fbi"
    assert normal_name("the U.S. Army", RULES) == "us army"
    assert acronym("federal bureau of investigation", RULES) == "fbi"
    assert acronym("north atlantic treaty organization", RULES) == "nato"
    assert acronym("piet maas", RULES) is None  # two initials would tie anyone called P. M.
    assert acronym("james b comey", RULES) is None  # an initial in the name: not an organisation


def probe(article_id: str, name: str) -> canonical.Mention:
    return one(article_id, Spec(f"The {name} reopened its inquiry into the deleted budget emails on Monday.",
                                "inquiry", "ACCUSE", [name], [], "2024-05-13", "Monday", cameo="090"))


@pytest.mark.parametrize("other", ["F.B.I.", "FBI"])
def test_a_long_name_and_its_initials_are_one_participant(other: str) -> None:
    long, short = probe("a", "Federal Bureau of Investigation"), probe("b", other)
    decision = canonical.compare(long, short, RULES)
    assert decision.merge, decision.reasons
    assert decision.reasons[1] == "shared-name: fbi"
    # Without initials only the actor code (country + sector) ties them: a weak tie.
    no_initials = dataclasses.replace(RULES, acronym_min_words=99)
    weaker = canonical.compare(long.with_keys(no_initials), short.with_keys(no_initials), no_initials)
    assert weaker.reasons[1] == "shared-code: USACOP"


def blame(article_id: str, sentence: str, actors: list[str], recipients: list[str],
          named: list[str] | None = None) -> canonical.Mention:
    return one(article_id, Spec(sentence, "blamed", "ACCUSE", actors, recipients, "2024-05-13", "Monday",
                                named=named or []))


def test_a_co_actor_is_no_counterpart_and_initials_mention_a_side() -> None:
    """Coders of one blame found different second participants: a co-actor on the blamer's side, and
    the FBI or its director as the one blamed. Both sentences mention both sides: one event."""
    wide = blame("a", "Ana Ruiz and Karin Olsen blamed Piet Maas's Federal Bureau of Investigation for the "
                      "defeat on Monday.", ["Ana Ruiz", "Karin Olsen"], ["Federal Bureau of Investigation"],
                 named=["Piet Maas"])
    director = blame("b", "Ana Ruiz blamed FBI director Piet Maas for the defeat on Monday.", ["Ana Ruiz"],
                     ["Piet Maas"])
    decision = canonical.compare(wide, director, RULES)
    assert decision.merge, decision.reasons
    # The bureau is not mentioned in this one at all: a different counterpart, a different blame.
    other = blame("c", "Ana Ruiz blamed Piet Maas for the defeat on Monday, in a long speech.", ["Ana Ruiz"],
                  ["Piet Maas"])
    assert canonical.compare(wide, other, RULES).gate == "counterparts"


def test_cities_far_apart_are_two_events_countries_do_not_count() -> None:
    spec = Spec("The army attacked the rebels near the river on Saturday.", "attacked", "ASSAULT",
                ["the army"], ["the rebels"], "2024-05-11", "Saturday")
    a, b = one("a", spec), one("b", spec)

    def placed(m: canonical.Mention, name: str, lat: float, lon: float) -> canonical.Mention:
        return dataclasses.replace(m, location={"name": name, "country": "USA", "lat": lat, "lon": lon})

    seattle, new_york = placed(a, "Seattle", 47.61, -122.33), placed(b, "New York City", 40.71, -74.01)
    refused = canonical.compare(seattle, new_york, RULES)
    assert refused.gate == "place" and refused.reasons[0].startswith("cities too far apart: Seattle/New York")
    assert canonical.compare(new_york, placed(a, "New York City", 40.71, -74.01), RULES).merge
    # A country is located at its capital: that says nothing about where in it the event was.
    assert canonical.compare(placed(a, "United States", 38.9, -77.04), new_york, RULES).merge
    assert canonical.compare(seattle, b, RULES).merge  # the other report has no place


def test_the_political_figure_counts_only_the_political_clusters() -> None:
    assert not set(giveme5w1h.POLITICAL_CLUSTERS) & set(giveme5w1h.NOT_POLITICAL_CLUSTERS)
    political = sorted(giveme5w1h.POLITICAL_CLUSTERS)[:2]
    clusters: dict[str, str | None] = {"a1": political[0], "a2": political[0], "b1": political[1],
                                       "b2": political[1], "s1": "f1", "s2": "f1", "x": None}
    scores = giveme5w1h.pair_scores(clusters, {("a1", "a2"): 1, ("s1", "s2"): 1})
    assert scores["same_cluster_share"] == pytest.approx(2 / 3, abs=1e-3)
    assert scores["political_cluster_share"] == 0.5 and scores["political_cluster_pairs"] == "1/2"


def pool() -> list[Analysis]:
    """The same inquiry under three names, a blame with two sets of counterparts, one far-away city."""
    inquiry = "reopened its inquiry into the deleted budget emails on Monday."
    return [
        build(f"n{i}", DAY, [Spec(f"The {name} {inquiry}", "inquiry", "ACCUSE", [name], [], "2024-05-13",
                                  "Monday", cameo="090")])
        for i, name in enumerate(("Federal Bureau of Investigation", "F.B.I.", "FBI"))
    ] + [
        build("c1", DAY, [Spec("Ana Ruiz and Karin Olsen blamed Piet Maas's Federal Bureau of Investigation"
                               " for the defeat on Monday.", "blamed", "ACCUSE", ["Ana Ruiz", "Karin Olsen"],
                               ["Federal Bureau of Investigation"], "2024-05-13", "Monday",
                               named=["Piet Maas"])]),
        build("c2", DAY, [Spec("Ana Ruiz blamed FBI director Piet Maas for the defeat on Monday.", "blamed",
                               "ACCUSE", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday")]),
    ]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(pool()))))
def test_initials_and_counterparts_keep_canonical_events_order_independent(order: list[int]) -> None:
    analyses = pool()
    with Store(":memory:") as reference:
        for analysis in analyses:
            reference.ingest(analysis)
        expected = snapshot(reference)
        members = expected[1]
        assert members["n0/V1"] == members["n1/V1"] == members["n2/V1"]  # blocking finds the initials
        assert members["c1/V1"] == members["c2/V1"]
    with Store(":memory:") as store:
        for i in order:
            store.ingest(analyses[i])
        check_consistent(store)
        assert snapshot(store) == expected
