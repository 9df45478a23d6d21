"""Event coding on sentences written for these tests, with hand-built entities and timexes.

The actor and time layers are replaced by small hand-made lists so that these tests check the event
layer alone: triggers, participants, dates, places, modality, merging and evidence spans.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from eventwire import events
from eventwire.model import Entity, Event, Span, Timex

DCT = date(2023, 3, 8)

# name -> (entity id, kind, country); every occurrence of the name in a text becomes a mention
KNOWN = {
    "Olaf Scholz": ("E1", "person", "DEU"),
    "Scholz": ("E1", "person", "DEU"),
    "Andrzej Duda": ("E2", "person", "POL"),
    "Duda": ("E2", "person", "POL"),
    "Germany": ("E3", "location", "DEU"),
    "Poland": ("E4", "location", "POL"),
    "Warsaw": ("E5", "location", "POL"),
    "Russia": ("E6", "location", "RUS"),
    "Kharkiv": ("E7", "location", "UKR"),
    "Georgia": ("E8", "location", "GEO"),
    "Emmanuel Macron": ("E9", "person", "FRA"),
    "Macron": ("E9", "person", "FRA"),
}
# surface text -> TIMEX3 value
DATES = {
    "on Tuesday": "2023-03-07",
    "on March 1": "2023-03-01",
    "on March 3": "2023-03-03",
    "March 3": "2023-03-03",
    "5": "2023-03-05",
    "in April": "2023-04",
    "on Friday": "2023-03-10",
}


def entities(text: str, known: dict[str, tuple[str, str, str | None]] = KNOWN) -> list[Entity]:
    """Hand-made entities: every occurrence of a known name is a mention (longest names first)."""
    found: dict[str, Entity] = {}
    taken: set[int] = set()
    for name in sorted(known, key=len, reverse=True):
        ent_id, kind, country = known[name]
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            if taken.intersection(range(*match.span())):
                continue
            taken.update(range(*match.span()))
            ent = found.setdefault(ent_id, Entity(ent_id, name, kind, country=country))  # type: ignore[arg-type]
            ent.mentions.append(Span.of(text, *match.span()))
    return list(found.values())


def timexes(text: str) -> list[Timex]:
    found = []
    for surface, value in DATES.items():
        words = surface.split()
        core = words[-1] if words[0] in ("on", "in") else surface
        if surface == "March 3":
            continue
        for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
            start = match.start() + match.group().index(core) if core != surface else match.start()
            if surface == "on March 3":
                core, start = "March 3", match.start() + 3
            found.append(Timex(f"T{len(found) + 1}", start, start + len(core), core, "DATE", value))
    return found


def code(nlp, text: str) -> list[Event]:
    doc = nlp(text)
    found = events.code(doc, entities(text), timexes(text), DCT)
    for ev in found:  # every span the layer emits is an exact substring
        for span in [ev.trigger, ev.evidence, *ev.mentions]:
            assert text[span.start : span.end] == span.text
    return found


def only(found: list[Event], kind: str) -> Event:
    matching = [ev for ev in found if ev.type == kind]
    assert len(matching) == 1, [(ev.type, ev.trigger.text) for ev in found]
    return matching[0]


def names(parts) -> set[str]:
    return {p.name for p in parts}


def test_verbal_call_with_date_from_timex(nlp):
    ev = only(code(nlp, "Olaf Scholz phoned Andrzej Duda on Tuesday."), "CONSULT")
    assert ev.cameo == "041" and ev.mode == "phone"
    assert names(ev.actors) == {"Olaf Scholz"} and names(ev.recipients) == {"Andrzej Duda"}
    assert (ev.date, ev.date_precision, ev.date_basis) == ("2023-03-07", "day", {"timex": "T1"})
    assert ev.quad_class == 1 and ev.goldstein == 1.0
    assert ev.trigger.text == "phoned" and ev.modality == "asserted"


def test_light_verb_talks_with_location(nlp):
    ev = only(code(nlp, "Scholz held talks with Duda in Warsaw."), "CONSULT")
    assert ev.trigger.text == "held talks"
    assert names(ev.actors) == {"Scholz"} and names(ev.recipients) == {"Duda"}
    assert ev.location is not None and ev.location.name == "Warsaw" and ev.location.country == "POL"


def test_conjoined_subjects_are_all_actors(nlp):
    ev = only(code(nlp, "Scholz and Duda discussed energy prices."), "CONSULT")
    assert names(ev.actors) | names(ev.recipients) == {"Scholz", "Duda"}
    assert len(ev.actors) == 2


def test_passive_by_agent_is_the_actor(nlp):
    ev = only(code(nlp, "Duda was criticized by Scholz."), "ACCUSE")
    assert names(ev.actors) == {"Scholz"} and names(ev.recipients) == {"Duda"}


def test_nominal_possessive_demands_on(nlp):
    ev = only(code(nlp, "Officials in Warsaw studied Russia's demands on Poland."), "REQUEST")
    assert names(ev.actors) == {"Russia"} and names(ev.recipients) == {"Poland"}


def test_nominal_between_x_and_y(nlp):
    ev = only(code(nlp, "The meeting between Scholz and Duda took place on Tuesday."), "CONSULT")
    assert names(ev.actors) | names(ev.recipients) == {"Scholz", "Duda"}
    assert ev.date == "2023-03-07" and ev.modality == "asserted"


def test_visit_visitor_is_actor_host_is_recipient_and_place(nlp):
    ev = only(code(nlp, "Scholz will visit Warsaw."), "CONSULT")
    assert ev.cameo == "042" and ev.modality == "planned"
    assert names(ev.actors) == {"Scholz"} and [p.country for p in ev.recipients] == ["POL"]
    assert ev.location is not None and ev.location.name == "Warsaw"


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Scholz did not meet Duda.", "negated"),
        ("Scholz could meet Duda.", "hypothetical"),
        ("Scholz is expected to meet Duda.", "planned"),
        ("Officials said that Scholz met Duda.", "reported"),
        ("The upcoming meeting between Scholz and Duda worries Russia.", "planned"),
        ("Scholz met Duda.", "asserted"),
    ],
)
def test_modality(nlp, sentence, modality):
    assert only(code(nlp, sentence), "CONSULT").modality == modality


def test_content_of_an_agreement_is_not_a_second_event(nlp):
    found = code(nlp, "Germany agreed to provide military aid to Poland.")
    assert [ev.type for ev in found] == ["AGREE"]
    assert found[0].cameo == "033"
    assert names(found[0].recipients) == {"Poland"}


def test_announced_intent_is_coded_as_intent(nlp):
    ev = only(code(nlp, "Germany will provide military aid to Poland."), "AGREE")
    assert ev.cameo == "033"


def test_negated_acceptance_is_a_rejection(nlp):
    ev = only(code(nlp, "Poland did not accept the demands of Russia."), "REJECT")
    assert names(ev.actors) == {"Poland"}


def test_repeated_mentions_merge_into_one_event(nlp):
    text = "Scholz met Duda in Warsaw on Tuesday. The meeting between Scholz and Duda lasted two hours."
    ev = only(code(nlp, text), "CONSULT")
    assert len(ev.mentions) == 2
    assert ev.mentions[0].text.startswith("Scholz met Duda") and ev.mentions[1].text.startswith("The meeting")
    assert ev.date == "2023-03-07"


def test_plural_anaphor_refers_back_to_the_participants(nlp):
    text = "Scholz met Duda on Tuesday. The leaders discussed energy prices."
    ev = only(code(nlp, text), "CONSULT")
    assert len(ev.mentions) == 2


def test_previous_call_is_a_different_event(nlp):
    text = (
        "Scholz phoned Duda on Tuesday. "
        "The previous telephone conversation between Scholz and Duda took place on March 1."
    )
    found = [ev for ev in code(nlp, text) if ev.type == "CONSULT"]
    assert sorted(ev.date for ev in found) == ["2023-03-01", "2023-03-07"]


def test_coordinated_dates_make_one_event_each(nlp):
    found = code(nlp, "Scholz and Duda talked on March 3 and 5.")
    assert sorted(ev.date for ev in found if ev.type == "CONSULT") == ["2023-03-03", "2023-03-05"]


def test_month_precision_is_kept(nlp):
    ev = only(code(nlp, "Scholz will visit Warsaw in April."), "CONSULT")
    assert (ev.date, ev.date_precision) == ("2023-04", "month")


def test_article_date_fallback_is_marked(nlp):
    ev = only(code(nlp, "Scholz met Duda."), "CONSULT")
    assert (ev.date, ev.date_basis) == ("2023-03-08", "article")
    dated = only(code(nlp, "Scholz met Duda on Tuesday."), "CONSULT")
    assert ev.confidence < dated.confidence


def test_eve_of_another_event_dates_from_that_event(nlp):
    text = (
        "Scholz will meet Macron on Friday. "
        "Scholz talked to Duda on the eve of the meeting between Scholz and Macron."
    )
    call = next(ev for ev in code(nlp, text) if "Duda" in names(ev.recipients) | names(ev.actors))
    assert call.date == "2023-03-09"
    assert isinstance(call.date_basis, dict) and call.date_basis.get("offset_days") == "-1"


def test_meeting_without_named_participants_is_not_coded(nlp):
    assert code(nlp, "The meeting lasted two hours.") == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Germany agreed to hold new elections.", "AGREE"),
        ("Scholz met Duda.", "CONSULT"),
        ("Germany praised Poland for its courage.", "SUPPORT"),
        ("Russia eased restrictions on Georgia.", "CONCEDE"),
        ("Germany shared intelligence with Poland.", "COOPERATE"),
        ("Germany donated ambulances to Poland.", "AID"),
        ("Russia withdrew its troops from Georgia.", "RETREAT"),
        ("Poland demanded compensation from Germany.", "REQUEST"),
        ("Poland accused Russia of spying.", "ACCUSE"),
        ("Germany rejected the plan of Poland.", "REJECT"),
        ("Russia threatened Poland.", "THREATEN"),
        ("Thousands of farmers demonstrated against Germany in Warsaw.", "PROTEST"),
        ("Poland recalled its ambassador to Russia.", "SANCTION"),
        ("Russia mobilized reservists near Georgia.", "MOBILIZE"),
        ("Police in Poland arrested three Russian citizens.", "COERCE"),
        ("Russian forces shelled Kharkiv.", "ASSAULT"),
    ],
)
def test_every_plover_type_has_triggers(nlp, sentence, kind):
    found = code(nlp, sentence)
    assert kind in {ev.type for ev in found}, [(ev.type, ev.cameo, ev.trigger.text) for ev in found]


@pytest.mark.parametrize(
    ("text", "kind", "kept", "dropped"),
    [
        # Only nouns for people, groups or institutions name participants; things and claims do not.
        ("Police fired tear gas at protesters in Warsaw.", "ASSAULT", "Police", "tear gas"),
        ("Duda rejected the accusations of the opposition.", "REJECT", "Duda", "accusations"),
        ("The ministry rejected the allegations on Tuesday.", "REJECT", "ministry", "allegations"),
    ],
)
def test_things_are_not_participants(nlp, text: str, kind: str, kept: str, dropped: str) -> None:
    found = [e for e in code(nlp, text) if e.type == kind]
    parties = {p.name for e in found for p in e.actors + e.recipients}
    assert any(kept in name for name in parties), parties
    assert not any(dropped in name for name in parties), parties


@pytest.mark.parametrize(
    "text",
    [
        "The ministry did not respond to a request for comment from this newspaper on Tuesday.",
        "Both governments ignored repeated requests for comment.",
        "Officials did not reply to an email requesting comment.",
    ],
)
def test_a_newsroom_request_for_comment_is_not_an_event(nlp, text):
    assert [ev.type for ev in code(nlp, text) if ev.type == "REQUEST"] == []


def test_a_request_for_something_else_still_is(nlp):
    found = code(nlp, "Duda requested more air defence systems from Scholz on Tuesday.")
    assert [ev.type for ev in found] == ["REQUEST"]
