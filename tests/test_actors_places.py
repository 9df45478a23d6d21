"""Places: gazetteer coordinates, spelling variants, disambiguation by the article's countries."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors import places, resolve
from eventwire.actors.lexicon import LexiconError


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


def test_regions_without_a_city_resolve_to_country_and_point():
    for name, country in [("Crimea", "UKR"), ("Donbass", "UKR"), ("Tigray", "ETH"), ("the Gaza Strip", "PSE"),
                          ("Uttar Pradesh", "IND"), ("Xinjiang", "CHN"), ("Catalonia", "ESP")]:
        place = places.find(name)
        assert place is not None and place.country == country and place.kind == "region", name
        assert place.lat is not None and place.lon is not None, name


def test_us_states_now_have_coordinates_but_cities_keep_their_names():
    texas = places.find("Texas")
    assert texas.country == "USA" and abs(texas.lat - 30.27) < 0.1  # Austin
    assert places.find("New York").kind == "city"
    assert places.find("Washington").kind == "city"
    assert places.find("Washington State").kind == "region"


def test_a_region_beats_a_town_of_the_same_name_unless_the_article_names_its_country():
    assert places.find("Bihar").kind == "region"  # not the town whose alternate name it is
    assert places.find("Virginia").country == "USA"
    assert places.find("Virginia", {"ZAF"}).country == "ZAF"
    assert places.find("Punjab", {"IND"}).country == "IND"
    assert places.find("Punjab", {"PAK"}).country == "PAK"


def test_a_region_suffix_falls_back_to_the_name():
    assert places.find("Borno State").name == "Borno"
    idlib = places.find("Idlib province")
    assert idlib.country == "SYR"
    assert places.find("Nowhereville province") is None


def test_a_bad_regions_file_names_the_entry(tmp_path):
    path = tmp_path / "regions.yaml"
    path.write_text("regions:\n  - {name: Atlantis, country: ATL, lat: 1, lon: 2}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"regions\[0\].*Atlantis.*country"):
        places.load_regions(path, {})
    path.write_text("regions:\n  - {name: Nowhere, country: FRA, seat: Atlantis}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="seat 'Atlantis' is not a city of FRA"):
        places.load_regions(path, {})


def test_regions_resolve_in_text(nlp):
    text = "Ethiopian troops advanced in Tigray on Monday, officials in Addis Ababa said."
    entities = resolve(nlp(text), date(2021, 1, 1))
    tigray = next(e for e in entities if e.name == "Tigray")
    assert tigray.kind == "location" and tigray.country == "ETH" and tigray.lat is not None
