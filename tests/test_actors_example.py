"""The canonical example article: the actor targets of issue 4."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors import resolve


@pytest.fixture(scope="module")
def entities(nlp, example_text):
    return resolve(nlp(example_text), date(2022, 2, 7))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Emmanuel Macron", "FRAGOV"),
        ("Joe Biden", "USAGOV"),
        ("Vladimir Putin", "RUSGOV"),
        ("Volodymyr Zelensky", "UKRGOV"),
        ("Dmitry Peskov", "RUSGOV"),
    ],
)
def test_people_and_codes(entities, name, code):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, name
    assert found[0].code == code and found[0].kind == "person"


@pytest.mark.parametrize(
    ("name", "descriptor"),
    [
        ("Joe Biden", "his American counterpart"),
        ("Emmanuel Macron", "the head of the fifth republic"),
        ("Emmanuel Macron", "the French leader"),
        ("Vladimir Putin", "his Russian counterpart"),
        ("Emmanuel Macron", "The French president"),
        ("Emmanuel Macron", "The President of the Republic"),
        ("Volodymyr Zelensky", "the head of Ukraine"),
        ("Volodymyr Zelensky", "Vladimir Zelensky"),
    ],
)
def test_descriptors_attach_to_the_right_person(entities, name, descriptor):
    owners = [e.name for e in entities if any(m.text == descriptor for m in e.mentions)]
    assert owners == [name]


def test_every_mention_is_evidence(entities, example_text):
    for ent in entities:
        for m in ent.mentions:
            assert example_text[m.start : m.end] == m.text


def test_seats_and_igos(entities):
    codes = {e.name: e.code for e in entities}
    assert codes["Kremlin"] == "RUSGOV"
    assert codes["Elysee Palace"] == "FRAGOV"
    assert codes["White House"] == "USAGOV"
    assert codes["NATO"] == "NATO"
