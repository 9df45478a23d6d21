"""Places: gazetteer coordinates, spelling variants, disambiguation by the article's countries."""

from __future__ import annotations

from datetime import date

from eventwire.actors import places, resolve


def test_variant_spelling_finds_the_city():
    kyiv = places.find("Kiev")
    assert kyiv is not None and kyiv.country == "UKR" and kyiv.name == "Kyiv"
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1


def test_ambiguous_name_follows_the_article_countries():
    assert places.find("Tripoli").country == "LBY"
    assert places.find("Tripoli", {"LBN"}).country == "LBN"


def test_unknown_place_is_none():
    assert places.find("Nowhereville Upon Sea") is None


def test_resolved_places_carry_country_and_coordinates(nlp):
    text = "Fighting was reported in Tripoli, Lebanese officials said, as Beirut braced for more."
    entities = resolve(nlp(text), date(2020, 1, 1))
    tripoli = next(e for e in entities if e.name == "Tripoli")
    assert tripoli.kind == "location" and tripoli.country == "LBN"
    assert tripoli.lat is not None and tripoli.lon is not None


def test_countries_are_located_at_their_capital():
    place = places.country_place("FRA")
    assert place is not None and place.name == "Paris"
