"""Sense guards and nominal attacks (issue 5 quality), on sentences written for these tests.

A violent verb is not always violence: games ("beat them 4-3"), physical motion ("slammed into the
wall"), idioms ("fought back tears"), accidents ("a bus overturned, injuring twelve") and business
quarrels ("clashed over prices") are not coded; a nominal attack with nobody named is coded when the
text gives its place or date. Each guard is tested with a sentence it must stop and one it must not.
Entities and timexes are hand-made (see test_events_coding) so only the event layer is tested.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire import events
from eventwire.events import lexicon as lx
from eventwire.model import Event
from test_events_coding import entities as coded_entities
from test_events_coding import timexes
from test_events_lexicon import copy_data  # a writable copy of the shipped data folder

DCT = date(2023, 3, 8)

KNOWN = {
    "Scholz": ("E1", "person", "DEU"),
    "Duda": ("E2", "person", "POL"),
    "Germany": ("E3", "location", "DEU"),
    "Poland": ("E4", "location", "POL"),
    "Warsaw": ("E5", "location", "POL"),
    "Russia": ("E6", "location", "RUS"),
    "Kharkiv": ("E7", "location", "UKR"),
    "Lublin": ("E8", "location", "POL"),
    "Baltmart": ("E9", "organization", "POL"),
    "Norlen Foods": ("E10", "organization", "POL"),
    "Falcons": ("E11", "organization", None),
    "Rangers": ("E12", "organization", None),
    "Polish embassy": ("E13", "organization", "POL"),
}


def code(nlp, text: str) -> list[Event]:
    found = events.code(nlp(text), coded_entities(text, KNOWN), timexes(text), DCT)
    for ev in found:
        for span in [ev.trigger, ev.evidence, *ev.mentions]:
            assert text[span.start : span.end] == span.text
    return found


def kinds(nlp, text: str) -> list[str]:
    return [ev.type for ev in code(nlp, text)]


# ---- sentences a guard must stop ------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, kind",
    [
        # games: strong cue, two weak cues, a score with a weak cue
        ("The Falcons beat the Rangers in the ninth inning on Tuesday.", "ASSAULT"),
        (
            "The Falcons crushed their rivals and Scholz said the team would beat Duda's club next season.",
            "ASSAULT",
        ),
        ("The Falcons beat the Rangers 4-3 in a tense match.", "ASSAULT"),
        ("Duda was forced out of the race after a crash at the Lublin Grand Prix.", "SANCTION"),
        # physical motion against a thing
        ("Duda's car slammed into a wall near Lublin.", "ACCUSE"),
        ("Scholz fired the ball across the yard to Duda.", "ASSAULT"),
        # idioms
        ("Duda fought back tears as he spoke in Warsaw.", "ASSAULT"),
        ("Scholz fired his chief of staff on Tuesday.", "ASSAULT"),
        ("Germany and Poland struck a deal on gas prices in Warsaw.", "ASSAULT"),
        ("Poland broke a 2-2 tie with Germany in Warsaw.", "SANCTION"),
        ("Warsaw police released a video of the parade on Tuesday.", "RETREAT"),
        # accidents: casualties with no human agent
        ("A bus overturned near Lublin on Tuesday, injuring twelve passengers.", "ASSAULT"),
        ("Two people were killed when a train derailed near Lublin.", "ASSAULT"),
        # business quarrels
        ("Baltmart and Norlen Foods clashed over wholesale prices in Warsaw.", "ASSAULT"),
    ],
)
def test_guard_stops_a_non_political_sense(nlp, sentence, kind):
    assert kind not in kinds(nlp, sentence)


# ---- the same verbs in their political sense ------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Soldiers beat the protesters in Warsaw on Tuesday.", "ASSAULT"),
        ("Troops fired across the border into Poland on Tuesday.", "ASSAULT"),
        ("Scholz slammed Duda over the delays.", "ACCUSE"),
        ("Russia struck Kharkiv on Tuesday.", "ASSAULT"),
        ("Militants attacked a bus near Lublin, killing two passengers.", "ASSAULT"),
        ("Police killed two protesters after a car crash in Warsaw.", "ASSAULT"),
        ("Protesters clashed with police over fuel prices in Warsaw.", "ASSAULT"),
        ("Police arrested twelve fans after the football match in Warsaw.", "COERCE"),
        ("Germany and Poland struck a deal on gas in Warsaw.", "AGREE"),
    ],
)
def test_political_sense_is_kept(nlp, sentence, kind):
    assert kind in kinds(nlp, sentence)


# ---- nominal attacks -------------------------------------------------------------------------------
def test_nominal_attack_with_a_place_is_coded_without_an_attacker(nlp):
    found = code(nlp, "An explosion was reported outside the Polish embassy in Kharkiv.")
    attacks = [ev for ev in found if ev.type == "ASSAULT"]
    assert len(attacks) == 1
    ev = attacks[0]
    assert ev.actors == [] and ev.location is not None and ev.location.country == "UKR"
    assert ev.mode is not None  # from the CAMEO code of the noun (bombing)


def test_nominal_attack_with_a_date_is_coded(nlp):
    text = "The attack happened on Tuesday, close to the embassy."
    found = [ev for ev in code(nlp, text) if ev.type == "ASSAULT"]
    assert len(found) == 1 and found[0].date == "2023-03-07" and found[0].actors == []


def test_nominal_gunfire_keeps_its_mode(nlp):
    found = code(nlp, "Heavy gunfire was heard near Lublin on Tuesday.")
    assert [ev.mode for ev in found if ev.type == "ASSAULT"] == ["firearms"]


def test_mentions_of_one_unattributed_attack_merge(nlp):
    text = (
        "An explosion was reported outside the Polish embassy in Kharkiv on Tuesday. "
        "The attack happened on Tuesday."
    )
    assert len([ev for ev in code(nlp, text) if ev.type == "ASSAULT"]) == 1


def test_claimed_attack_has_the_claimant_as_attacker(nlp):
    found = code(nlp, "The rebels claimed responsibility for the bombing in Kharkiv on Tuesday.")
    assert sorted(ev.type for ev in found) == ["ASSAULT", "CONCEDE"]
    attack = next(ev for ev in found if ev.type == "ASSAULT")
    assert [p.name for p in attack.actors] == ["rebels"]


def test_denied_attack_is_not_given_an_attacker(nlp):
    found = code(nlp, "The rebels denied responsibility for the bombing in Kharkiv on Tuesday.")
    assert all(not ev.actors for ev in found if ev.type == "ASSAULT")


@pytest.mark.parametrize(
    "sentence",
    [
        "The attack was terrible.",  # neither place nor date
        "Officials fear an attack in Lublin on Tuesday.",  # feared, not happened
        "Police foiled a bombing in Lublin on Tuesday.",  # prevented
        "Attacks have been rare in Lublin.",  # a generalisation
        "There was no attack in Lublin on Tuesday.",  # negated
        "An attack in Lublin could happen on Tuesday.",  # hypothetical
        "A roadside bombing near Kharkiv killed two soldiers on Tuesday.",  # told by the verb's event
    ],
)
def test_nominal_attack_that_did_not_happen_or_is_told_elsewhere_is_not_coded_alone(nlp, sentence):
    """Negated and hypothetical events keep their modality (the coder's choice); none is asserted
    without an attacker."""
    found = [ev for ev in code(nlp, sentence) if ev.type == "ASSAULT"]
    asserted = [ev for ev in found if ev.modality in ("asserted", "reported")]
    assert all(ev.actors for ev in asserted), [(ev.trigger.text, ev.modality) for ev in found]


# ---- habits -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Russia routinely denies the allegations.", "REJECT"),
        ("Scholz often criticizes Duda.", "ACCUSE"),
        ("Germany and Poland hold regular consultations in Warsaw.", "CONSULT"),
    ],
)
def test_a_habit_is_not_a_dated_event(nlp, sentence, kind):
    assert kind not in kinds(nlp, sentence)


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Russia denied the allegations on Tuesday.", "REJECT"),
        ("Scholz criticized Duda on Tuesday.", "ACCUSE"),
        ("Germany and Poland held their annual consultations in Warsaw on Tuesday.", "CONSULT"),
    ],
)
def test_the_specific_occurrence_is_coded(nlp, sentence, kind):
    assert kind in kinds(nlp, sentence)


# ---- the data file ---------------------------------------------------------------------------------
def test_unknown_plover_type_in_a_guard_names_file_and_key(tmp_path):
    data = copy_data(tmp_path)
    path = data / "senses.yaml"
    path.write_text(path.read_text().replace("types: [ASSAULT]", "types: [ASSAULTS]", 1))
    with pytest.raises(lx.LexiconError, match=r"senses\.yaml key .*types.*ASSAULTS"):
        lx.build(data)


def test_idiom_needs_an_object_particle_or_person(tmp_path):
    data = copy_data(tmp_path)
    path = data / "senses.yaml"
    path.write_text(path.read_text().replace("idioms:\n", "idioms:\n  - {verb: beat}\n", 1))
    with pytest.raises(lx.LexiconError, match=r"senses\.yaml idiom 0"):
        lx.build(data)


def test_unquoted_off_in_a_guard_is_reported(tmp_path):
    data = copy_data(tmp_path)
    path = data / "senses.yaml"
    path.write_text(path.read_text().replace('[up, "off", away]', "[up, off, away]", 1))
    with pytest.raises(lx.LexiconError, match=r"senses\.yaml idiom"):
        lx.build(data)
