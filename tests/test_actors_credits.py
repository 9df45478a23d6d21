"""The actor layer skips names inside photo credits and keeps agencies named in sentences (sentences
written for these tests)."""

from __future__ import annotations

from datetime import date

from eventwire.actors import resolve
from eventwire.model import Entity


def _run(nlp, text: str) -> list[Entity]:
    entities = resolve(nlp(text), date(2021, 5, 3))
    for ent in entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    return entities


def _mentions(entities: list[Entity]) -> list[str]:
    return [m.text for e in entities for m in e.mentions]


def test_photographers_and_agencies_in_a_gallery_are_not_entities(nlp):
    text = ("Two workers were hurt when the crane toppled in Leeds on Monday. Crane lies across the road "
            "Mark Ellery/PA 2/4 Workers inspect the base Dana Whitlow/Getty Images 3/4 The road stays closed "
            "Owen Pryce 4/4 Council leader Ruth Calder said the site would be inspected.")
    said = _mentions(_run(nlp, text))
    for credit in ("Mark Ellery", "Ellery", "Dana Whitlow", "Getty Images", "Owen Pryce", "PA"):
        assert credit not in said
    assert "Ruth Calder" in said
    assert "Leeds" in said


def test_parenthesised_credit_is_skipped_but_the_story_is_not(nlp):
    text = ("Prime Minister Helena Vos visited the flooded town on Tuesday. (Photo: Karl Brandt/AFP) "
            "Vos promised new dikes.")
    ents = _run(nlp, text)
    said = _mentions(ents)
    assert "Karl Brandt" not in said and "AFP" not in said
    vos = [e for e in ents if "Helena Vos" in [m.text for m in e.mentions]]
    assert vos and "Vos" in [m.text for m in vos[0].mentions]


def test_agencies_named_in_sentences_stay_entities(nlp):
    text = ("The ministry confirmed the figures, Reuters reported. A senior official told AFP the talks "
            "had stalled. (Photo: Getty Images) According to the Associated Press, the vote was delayed.")
    said = _mentions(_run(nlp, text))
    assert "Reuters" in said
    assert "AFP" in said
    assert "Getty Images" not in said


def test_entity_running_into_a_credit_is_dropped_not_cut(nlp):
    text = ("Police officers walk the site where the tram overturned Carl Moss/Getty Images 3/6 Emergency "
            "services were called 2/6 Mayor Sadie Lane said the line would stay shut.")
    ents = _run(nlp, text)
    for e in ents:
        for m in e.mentions:
            assert "Getty" not in m.text and "Moss" not in m.text


def test_caption_name_run_into_a_credit_keeps_the_name(nlp):
    text = ("Storm winds hit the coast in London, United Kingdom Getty 5/19 Andy Murray of Great Britain "
            "lifts the trophy Getty 6/19 Crowds wait in the rain")
    said = _mentions(_run(nlp, text))
    assert "Andy Murray" in said
    assert not any("Getty" in m for m in said)
