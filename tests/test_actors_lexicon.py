"""Country, title and institution files: complete, consistent, validated with clear errors."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from eventwire.actors import lexicon
from eventwire.actors.institutions import institutions, load_institutions
from eventwire.actors.lexicon import LexiconError, load_countries
from eventwire.actors.titles import load_titles, titles

NON_MEMBERS = {"TWN", "XKX", "PSE", "VAT"}


def test_all_un_members_and_major_non_members():
    isos = {c.iso3 for c in lexicon.countries()}
    assert len(isos - {"HKG", "ESH", "GRL", "PRI"}) == 193 + len(NON_MEMBERS)
    assert isos >= NON_MEMBERS
    for iso3 in isos - {"XKX"}:
        assert pycountry.countries.get(alpha_3=iso3) is not None, iso3


def test_every_country_has_a_demonym_or_shares_one_and_a_capital():
    for country in lexicon.countries():
        assert country.capital, country.iso3
    assert lexicon.demonyms()["French"] == "FRA"
    assert lexicon.demonyms()["Ukrainian"] == "UKR"
    assert lexicon.country_by_name()["U.S."] == "USA"
    assert lexicon.seats()["Kremlin"] == "RUS"
    assert lexicon.capitals()["Beijing"] == "CHN"


def test_display_name_takes_the_article_where_english_does():
    assert lexicon.display_name("USA") == "the United States"
    assert lexicon.display_name("NLD") == "the Netherlands"
    assert lexicon.display_name("FRA") == "France"


def test_titles_and_institutions_load():
    tt = titles()
    assert tt.by_words[("foreign", "minister")].office == "foreign_minister"
    assert tt.by_words[("secretary", "of", "state")].office == "foreign_minister"
    assert tt.by_words[("spokesman",)].sector == "GOV"
    table = institutions()
    assert (table["Pentagon"].country, table["Pentagon"].sector) == ("USA", "MIL")
    assert table["NATO"].igo and table["NATO"].country == "NATO"
    assert table["Elysee Palace"].country == "FRA"


def test_taliban_sector_changes_with_the_date():
    from datetime import date

    taliban = institutions()["Taliban"]
    assert taliban.sector_at(date(2010, 1, 1)) == "REB"
    assert taliban.sector_at(date(2022, 1, 1)) == "GOV"


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_bad_country_file_names_file_and_entry(tmp_path):
    path = _write(tmp_path, "c.yaml", "countries:\n  - {iso3: fr, name: France}\n")
    with pytest.raises(LexiconError, match=r"c\.yaml entry 0: iso3"):
        load_countries(path)


def test_bad_title_file_names_the_entry(tmp_path):
    path = _write(tmp_path, "t.yaml", "sectors: {GOV: government}\ntitles:\n"
                  "  - {words: [tsar], office: tsar, rank: leader, sector: XYZ}\n"
                  "pronouns: [he]\nspeech_verbs: [say]\n")
    with pytest.raises(LexiconError, match=r"t\.yaml titles entry 0: sector 'XYZ'"):
        load_titles(path)


def test_bad_institution_file_names_the_entry(tmp_path):
    path = _write(tmp_path, "i.yaml", "national:\n  - {names: [Nowhere Army], country: ZZZ, sector: MIL}\n")
    with pytest.raises(LexiconError, match=r"i\.yaml national entry 0: unknown country 'ZZZ'"):
        load_institutions(path)


def test_user_institutions_file_is_used_by_resolution(tmp_path, nlp, user_state):
    from datetime import date

    from eventwire.actors import institutions as inst_module
    from eventwire.actors import resolve

    path = _write(tmp_path, "mine.yaml", "national:\n  - {names: [Grey Wolves Brigade], country: MLI, "
                  "sector: REB, kind: group}\n")
    inst_module.load_extra(path)
    entities = resolve(nlp("The Grey Wolves Brigade attacked a convoy."), date(2020, 1, 1))
    brigade = next(e for e in entities if e.name == "Grey Wolves Brigade")
    assert (brigade.kind, brigade.code) == ("group", "MLIREB")
