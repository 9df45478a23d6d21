"""Participants and their countries, on sentences written for these tests (issue 5).

Entities are hand-made (as in test_events_coding) so that only the event layer is tested: which word is
the actor or recipient, and which country a participant without one of its own is placed in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire import events
from eventwire.events import lexicon as lx
from eventwire.model import Entity, Event, Participant
from test_events_coding import entities as coded_entities

DCT = date(2023, 3, 8)

# name -> (entity id, kind, country); every occurrence of the name becomes a mention
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
    "Russians": ("E9", "group", "RUS"),
    "Ukrainian refugees": ("E10", "group", "UKR"),
    "Kowalski": ("E11", "person", None),
    "Lublin": ("E12", "location", "POL"),
}


def entities(text: str) -> list[Entity]:
    return coded_entities(text, KNOWN)


def code(nlp, text: str) -> list[Event]:
    found = events.code(nlp(text), entities(text), [], DCT)
    for ev in found:
        for span in [ev.trigger, ev.evidence, *ev.mentions]:
            assert text[span.start : span.end] == span.text
    return found


def only(found: list[Event], kind: str) -> Event:
    matching = [ev for ev in found if ev.type == kind]
    assert len(matching) == 1, [(ev.type, ev.trigger.text) for ev in found]
    return matching[0]


def side(parts: list[Participant]) -> list[tuple[str, str | None]]:
    return [(p.name, p.country) for p in parts]


# ---- a participant without a country takes the one the text places it in ------------------------------
def test_generic_participant_placed_by_its_own_modifier(nlp):
    ev = only(code(nlp, "Protesters in Georgia criticized Scholz."), "ACCUSE")
    assert side(ev.actors) == [("Protesters", "GEO")]
    assert ev.actors[0].entity is None  # the evidence stays the noun, no entity is invented


def test_generic_participant_placed_by_the_event_location(nlp):
    ev = only(code(nlp, "Soldiers attacked Duda in Kharkiv on Tuesday."), "ASSAULT")
    assert ev.location is not None and ev.location.country == "UKR"
    assert side(ev.actors) == [("Soldiers", "UKR")]
    assert [(p.entity, p.country) for p in ev.recipients] == [("E2", "POL")]


def test_generic_participant_placed_by_the_country_the_article_is_about(nlp):
    text = "Poland held a vote in Warsaw and Lublin last week. Police arrested opposition activists."
    ev = only(code(nlp, text), "COERCE")
    assert side(ev.actors) == [("Police", "POL")]
    assert side(ev.recipients) == [("opposition activists", "POL")]


def test_the_output_says_where_each_country_comes_from(nlp):
    ev = only(code(nlp, "Protesters in Georgia criticized Scholz."), "ACCUSE")
    assert [(p.country, p.country_basis) for p in ev.actors + ev.recipients] == [("GEO", "modifier"),
                                                                                 ("DEU", "named")]
    ev = only(code(nlp, "Soldiers attacked Duda in Kharkiv on Tuesday."), "ASSAULT")
    assert ev.actors[0].country_basis == "location"
    text = "Poland held a vote in Warsaw and Lublin last week. Police arrested opposition activists."
    ev = only(code(nlp, text), "COERCE")
    assert ev.actors[0].country_basis == "article"
    text = "Germany, Poland and Russia sent envoys. Police arrested opposition activists."
    assert [p.country_basis for p in only(code(nlp, text), "COERCE").actors] == [None]


def test_a_placed_body_gets_the_code_its_sector_makes(nlp):
    """"police" is COP and "soldiers" MIL (the actor layer's bodies): placed, they get a full code."""
    ev = only(code(nlp, "Soldiers attacked Duda in Kharkiv on Tuesday."), "ASSAULT")
    assert (ev.actors[0].sector, ev.actors[0].code) == ("MIL", "UKRMIL")
    text = "Poland held a vote in Warsaw and Lublin last week. Police arrested opposition activists."
    ev = only(code(nlp, text), "COERCE")
    assert (ev.actors[0].sector, ev.actors[0].code) == ("COP", "POLCOP")


def test_no_country_when_no_country_dominates_the_article(nlp):
    text = "Germany, Poland and Russia sent envoys. Police arrested opposition activists."
    ev = only(code(nlp, text), "COERCE")
    assert [p.country for p in ev.actors + ev.recipients] == [None, None]


def test_entity_without_country_is_placed_too(nlp):
    ev = only(code(nlp, "Kowalski criticized the government in Warsaw."), "ACCUSE")
    assert side(ev.actors) == [("Kowalski", "POL")] and ev.actors[0].entity == "E11"


def test_foreign_or_regional_words_keep_a_participant_unplaced(nlp):
    text = "Poland held a vote in Warsaw. Western diplomats criticized the vote."
    ev = only(code(nlp, text), "ACCUSE")
    assert side(ev.actors) == [("Western diplomats", None)]


def test_ethnic_group_is_placed_where_it_lives(nlp):
    ev = only(code(nlp, "Ethnic Russians in Georgia protested against Scholz."), "PROTEST")
    assert [p.country for p in ev.actors] == ["GEO"]


def test_demonym_with_ethnic_noun_is_placed_where_it_lives(nlp):
    ev = only(code(nlp, "Soldiers attacked the Polish minority in Georgia."), "ASSAULT")
    assert [p.country for p in ev.recipients] == ["GEO"]


def test_state_demonym_keeps_its_country(nlp):
    ev = only(code(nlp, "Russian soldiers attacked villagers in Kharkiv."), "ASSAULT")
    assert [p.country for p in ev.actors] == ["RUS"] and [p.country for p in ev.recipients] == ["UKR"]


# ---- which word is the participant -----------------------------------------------------------------
def test_place_of_a_visit_is_its_host(nlp):
    ev = only(code(nlp, "Scholz arrived in Warsaw on Tuesday."), "CONSULT")
    assert ev.cameo == "042"
    assert [(p.entity, p.country) for p in ev.actors] == [("E1", "DEU")]
    assert [p.country for p in ev.recipients] == ["POL"]


def test_attack_as_subject_stands_for_the_attacker(nlp):
    ev = only(code(nlp, "A roadside bombing near Kharkiv killed two soldiers."), "ASSAULT")
    assert side(ev.actors) == [("roadside bombing", "UKR")]


def test_subject_of_an_infinitive_complement_is_the_recipient(nlp):
    ev = only(code(nlp, "Germany allowed Duda to leave the country."), "CONCEDE")
    assert [p.entity for p in ev.recipients] == ["E2"]


def test_purpose_clause_shares_the_target_of_its_main_verb(nlp):
    ev = only(code(nlp, "Scholz summoned Duda to complain about the delays."), "ACCUSE")
    assert [p.entity for p in ev.actors] == ["E1"] and [p.entity for p in ev.recipients] == ["E2"]


def test_participle_after_an_issued_statement_takes_the_issuer(nlp):
    ev = only(code(nlp, "Duda issued a statement demanding that Germany pay compensation."), "REQUEST")
    assert [p.entity for p in ev.actors] == ["E2"] and [p.entity for p in ev.recipients] == ["E3"]


def test_passive_light_verb_engaged_in_keeps_its_subject(nlp):
    ev = only(code(nlp, "Russian troops were engaged in heavy fighting near Kharkiv."), "ASSAULT")
    assert side(ev.actors) == [("Russian troops", "RUS")]


def test_a_thing_attacked_stands_for_whom_it_is_for(nlp):
    ev = only(code(nlp, "Gunmen attacked a camp for Ukrainian refugees."), "ASSAULT")
    assert side(ev.recipients) == [("Ukrainian refugees", "UKR")]


# ---- the knowledge behind the rules is validated data --------------------------------------------------
def test_new_cue_lists_are_loaded():
    cues = lx.load().cues
    assert "in" in cues.situating_preps and "ethnic" in cues.ethnic_markers
    assert "western" in cues.unplaced_words and "visit" in cues.place_recipients
    assert "bombing" in cues.instrument_nouns and "minority" in cues.ethnic_nouns


def test_bad_cue_list_names_file_and_key(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("cameo.yaml", "triggers.yaml", "cues.yaml"):
        (data / name).write_text((lx.DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    cues = data / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "situating_preps: [in, 3]\n", encoding="utf-8")
    with pytest.raises(lx.LexiconError, match=r"cues\.yaml key situating_preps"):
        lx.build(data)
