"""Canonical events, the recall rules of issue 7: possessive names, ties through the names an evidence
sentence mentions, planned-then-held events, the fixed periods that bound undated chains, and the
Giveme5W1H diagnostic. Sentences are written for these tests; articles are built by hand (``build``).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import canonical
from eventwire.canonical.compare import GATES
from eventwire.canonical.mention import normal_name
from eventwire.evaluate import giveme5w1h
from eventwire.model import Analysis
from eventwire.store import Store
from test_canonical import RULES, Spec, build, mention
from test_canonical_store import check_consistent, snapshot

DAY = date(2024, 5, 14)  # a Tuesday


def one(article_id: str, spec: Spec, day: date = DAY) -> canonical.Mention:
    return mention(build(article_id, day, [spec]))


def test_possessive_and_accented_names_compare_as_one_name() -> None:
    assert normal_name("Ana Ruiz's", RULES) == normal_name("ana ruiz", RULES) == "ana ruiz"
    assert normal_name("the Army’s", RULES) == "army"
    assert normal_name("Piet Maas' office", RULES) == "piet maas office"


def test_a_participant_named_in_the_other_sentence_ties_the_reports() -> None:
    """One paper's coder found who accused whom; the other's found nobody, but its sentence names both."""
    full = one("a", Spec("Ana Ruiz accused Piet Maas of hiding the budget deficit on Monday.", "accused",
                         "ACCUSE", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday"))
    partial = one("b", Spec("On Monday came the accusation by Ana Ruiz that Piet Maas hid the deficit.",
                            "accusation", "ACCUSE", [], [], "2024-05-13", "Monday",
                            named=["Ana Ruiz", "Piet Maas"]))
    decision = canonical.compare(full, partial, RULES)
    assert decision.merge, decision.reasons
    assert decision.reasons[1] == "named-participant: ana ruiz, maas, piet maas, ruiz"
    assert partial.named == ["ana ruiz", "piet maas"]
    unnamed = dataclasses.replace(partial, named=[]).with_keys(RULES)
    assert canonical.compare(full, unnamed, RULES).gate == "participant"


def test_names_tie_only_when_nobody_is_shared_by_role() -> None:
    """"A accused B" and "B accused A" both name A and B: the names must not undo the role check."""
    one_way = one("a", Spec("Ana Ruiz accused Piet Maas of lying about the budget on Monday.", "accused",
                            "ACCUSE", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday"))
    other_way = one("b", Spec("Piet Maas accused Ana Ruiz of lying about the budget on Monday.", "accused",
                              "ACCUSE", ["Piet Maas"], ["Ana Ruiz"], "2024-05-13", "Monday"))
    decision = canonical.compare(one_way, other_way, RULES)
    assert not decision.merge and decision.gate == "participant"


def test_different_counterparts_only_when_a_side_is_not_even_mentioned() -> None:
    """"Ruiz met Maas" vs "Ruiz met Olsen" are two meetings; but when both sentences mention all three,
    the coders only picked different recipients of one meeting."""
    with_maas = Spec("Ana Ruiz met Piet Maas in Oslo on Monday.", "met", "CONSULT", ["Ana Ruiz"],
                     ["Piet Maas"], "2024-05-13", "Monday")
    with_olsen = Spec("Ana Ruiz met Karin Olsen in Oslo on Monday.", "met", "CONSULT", ["Ana Ruiz"],
                      ["Karin Olsen"], "2024-05-13", "Monday")
    assert canonical.compare(one("a", with_maas), one("b", with_olsen), RULES).gate == "counterparts"
    all_three = "Ana Ruiz met Piet Maas and Karin Olsen in Oslo on Monday."
    first = one("c", Spec(all_three, "met", "CONSULT", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday",
                          named=["Karin Olsen"]))
    second = one("d", Spec(all_three, "met", "CONSULT", ["Ana Ruiz"], ["Karin Olsen"], "2024-05-13", "Monday",
                           named=["Piet Maas"]))
    assert canonical.compare(first, second, RULES).merge
    assert canonical.compare(first, one("b", with_olsen), RULES).gate == "counterparts"  # Maas unmentioned


def test_two_sentences_naming_one_person_tie_weakly() -> None:
    spec = Spec("Karin Olsen saw the army attack the rebels near Kassala on Saturday.", "attack", "ASSAULT",
                [], [], "2024-06-01", "Saturday", named=["Karin Olsen"])
    other = Spec("The attack near Kassala on Saturday was seen by Karin Olsen.", "attack", "ASSAULT", [], [],
                 "2024-06-01", "Saturday", named=["Karin Olsen"])
    a, b = one("a", spec), one("b", other)
    decision = canonical.compare(a, b, RULES)
    assert decision.merge == (RULES.named_ties["both-named"] > 0), decision.reasons
    off = dataclasses.replace(RULES, named_ties={**RULES.named_ties, "both-named": 0.0})
    assert canonical.compare(a, b, off).gate == "participant"


def test_a_planned_event_merges_with_the_report_that_it_happened_not_the_reverse() -> None:
    planned = Spec("Ana Ruiz will hold talks with Piet Maas in The Hague on Monday.", "talks", "CONSULT",
                   ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday", modality="planned")
    held = Spec("Ana Ruiz held talks with Piet Maas in The Hague on Monday.", "talks", "CONSULT",
                ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday")
    before = one("a", planned, date(2024, 5, 11))
    after = one("b", held, date(2024, 5, 14))
    assert canonical.compare(before, after, RULES).merge
    assert canonical.compare(after, before, RULES).merge  # symmetric
    late = one("c", planned, date(2024, 5, 15))  # "will hold" printed after the held report
    refused = canonical.compare(after, late, RULES)
    assert refused.gate == "modality" and refused.reasons == ["modality differs: asserted/planned"]


def daily(days: int, start: date = date(2024, 4, 1)) -> list[Analysis]:
    """One wire story without a time expression, printed again every day."""
    sentence = "Ana Ruiz accused Piet Maas of hiding the budget deficit, in a dispute over quotas."
    return [build(f"d{n:03d}", start + timedelta(days=n),
                  [Spec(sentence, "accused", "ACCUSE", ["Ana Ruiz"], ["Piet Maas"])]) for n in range(days)]


def spans(analyses: list[Analysis], rules: canonical.Rules) -> list[int]:
    """Days from first to last article of each canonical event built in memory."""
    ms = [mention(a) for a in analyses]
    links = [(a.id, b.id) for i, a in enumerate(ms) for b in ms[i + 1:]
             if canonical.compare(a, b, rules).merge]
    dates = {m.id: date.fromisoformat(m.article_date) for m in ms}
    return [(max(dates[m] for m in g) - min(dates[m] for m in g)).days + 1
            for g in canonical.components(list(dates), links)]


def test_undated_copies_chain_only_within_one_fixed_period() -> None:
    assert RULES.undated_period_days > 0
    copies = daily(70)
    unbounded = dataclasses.replace(RULES, undated_period_days=0)
    assert spans(copies, unbounded) == [70]  # single links chain day after day
    bounded = spans(copies, RULES)
    assert max(bounded) <= RULES.undated_period_days and sum(bounded) == 70 and len(bounded) >= 3


def test_a_dated_mention_is_not_cut_by_the_periods() -> None:
    """Periods apply only when neither report has a date of its own."""
    sunday, monday = date(2024, 5, 12), date(2024, 5, 13)  # moved on to two days in different periods
    while (sunday.toordinal() - 1) // RULES.undated_period_days == (monday.toordinal() - 1) // (
            RULES.undated_period_days):
        sunday, monday = sunday + timedelta(days=1), monday + timedelta(days=1)
    text = "Ana Ruiz held talks with Piet Maas in The Hague, where talks ran late."
    undated = [one(f"u{n}", Spec(text, "talks", actors=["Ana Ruiz"], recipients=["Piet Maas"]), day)
               for n, day in enumerate((sunday, monday))]
    assert canonical.compare(*undated, RULES).gate == "undated-period"
    dated = one("t", Spec(f"{text} On {sunday:%d %B}.", "talks", actors=["Ana Ruiz"],
                          recipients=["Piet Maas"], when=sunday.isoformat(), when_text=f"{sunday:%d %B}"),
                monday)
    assert canonical.compare(dated, undated[0], RULES).merge
    assert canonical.compare(dated, undated[1], RULES).merge


def recall_pool() -> list[Analysis]:
    """Named ties, a planned-then-held meeting and a daily undated story across period boundaries."""
    talks = ["Ana Ruiz", "Piet Maas"]
    return [
        build("p1", date(2024, 5, 10), [Spec("Ana Ruiz will hold talks with Piet Maas on Monday.", "talks",
                                             "CONSULT", talks[:1], talks[1:], "2024-05-13", "Monday",
                                             modality="planned")]),
        build("p2", date(2024, 5, 14), [Spec("Ana Ruiz held talks with Piet Maas on Monday.", "talks",
                                             "CONSULT", talks[:1], talks[1:], "2024-05-13", "Monday")]),
        build("p3", date(2024, 5, 14), [Spec("On Monday talks were held by Piet Maas and Ana Ruiz.", "talks",
                                             "CONSULT", [], [], "2024-05-13", "Monday",
                                             named=["Piet Maas", "Ana Ruiz"])]),
        *daily(40, date(2024, 5, 1))[::3],
    ]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(recall_pool()))))
def test_the_recall_rules_keep_canonical_events_order_independent(order: list[int]) -> None:
    analyses = recall_pool()
    with Store(":memory:") as reference:
        for analysis in analyses:
            reference.ingest(analysis)
        expected = snapshot(reference)
        members = expected[1]
        assert members["p1/V1"] == members["p2/V1"] == members["p3/V1"]  # planned, held, named
        assert len({members[f"d{n:03d}/V1"] for n in range(0, 40, 3)}) >= 2  # the chain is cut
    with Store(":memory:") as store:
        for i in order:
            store.ingest(analyses[i])
        check_consistent(store)
        assert snapshot(store) == expected


def test_the_diagnostic_names_the_gate_that_kept_each_pair_apart() -> None:
    analyses = [
        build("g1", DAY, [Spec("Ana Ruiz held talks with Piet Maas in The Hague on Monday.", "talks",
                               "CONSULT", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday")]),
        build("g2", DAY, [Spec("Ana Ruiz and Piet Maas held talks in The Hague on Monday.", "talks",
                               "CONSULT", ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday")]),
        build("g3", DAY, [Spec("Ana Ruiz accused Piet Maas of lying on Monday.", "accused", "ACCUSE",
                               ["Ana Ruiz"], ["Piet Maas"], "2024-05-13", "Monday")]),
        build("g4", DAY, []),
        build("h1", DAY, [Spec("The army fought the rebels near Kassala on Saturday.", "fought", "ASSAULT",
                               ["the army"], ["the rebels"], "2024-05-11", "Saturday", cameo="190")]),
    ]
    clusters: dict[str, str | None] = {"g1": "talks", "g2": "talks", "g3": "talks", "g4": "talks",
                                       "h1": "battle"}
    found = giveme5w1h.explain(clusters, analyses)
    assert found["same_cluster_pairs"] == 6 and found["same_cluster_share"] == pytest.approx(1 / 6, abs=1e-3)
    assert found["different_cluster_apart"] == 1.0
    assert found["refusals"] == {"no-event": 3, "type": 2}
    refused = {p["pair"]: p for p in found["pairs"]}
    assert refused["g1 / g3"]["reasons"] == ["types differ: CONSULT/ACCUSE"]
    assert all(p["gate"] in (*GATES, "no-event") for p in found["pairs"])
    assert set(found["halves"]) == {"even", "odd"}
