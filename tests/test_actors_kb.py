"""The dated knowledge base: every entry validates, offices never overlap, dated look-ups are right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.actors import kb, lexicon
from eventwire.actors.institutions import igo_codes
from eventwire.actors.kb import KBError


def test_every_entry_validates_and_dates_are_ordered():
    people = kb.people()
    assert len(people) > 300
    known = {c.iso3 for c in lexicon.countries()} | igo_codes()
    for person in people:
        for office in person.offices:
            assert office.country in known, person.name
            assert office.end is None or office.start < office.end, person.name
            assert date(1950, 1, 1) < office.start < date(2027, 1, 1), person.name


def test_no_overlapping_holders_of_a_single_holder_office():
    assert kb.problems() == []


def test_names_are_unique_per_person():
    seen: dict[str, str] = {}
    for person in kb.people():
        for name in (person.name, *person.variants):
            key = kb.normalize(name)
            assert seen.setdefault(key, person.name) == person.name, f"{name!r} names two people"


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Putin", date(2009, 6, 1), ("Vladimir Putin", "RUS", "Prime Minister of Russia")),
        ("Putin", date(2022, 2, 7), ("Vladimir Putin", "RUS", "President of Russia")),
        ("Putin", date(2001, 3, 1), ("Vladimir Putin", "RUS", "President of Russia")),
        ("Putin", date(2000, 2, 1), ("Vladimir Putin", "RUS", "Acting President of Russia")),
        ("Medvedev", date(2010, 1, 1), ("Dmitry Medvedev", "RUS", "President of Russia")),
        ("Medvedev", date(2015, 1, 1), ("Dmitry Medvedev", "RUS", "Prime Minister of Russia")),
        ("Zelenskyy", date(2022, 2, 7), ("Volodymyr Zelensky", "UKR", "President of Ukraine")),
        ("Vladimir Zelenskiy", date(2024, 1, 1), ("Volodymyr Zelensky", "UKR", "President of Ukraine")),
        ("Merkel", date(2010, 1, 1), ("Angela Merkel", "DEU", "Chancellor of Germany")),
        ("Scholz", date(2023, 1, 1), ("Olaf Scholz", "DEU", "Chancellor of Germany")),
        ("Blair", date(2003, 3, 20), ("Tony Blair", "GBR", "Prime Minister of the United Kingdom")),
        ("Trump", date(2018, 1, 1), ("Donald Trump", "USA", "President of the United States")),
        ("Trump", date(2025, 6, 1), ("Donald Trump", "USA", "President of the United States")),
        ("Biden", date(2012, 1, 1), ("Joe Biden", "USA", "Vice President of the United States")),
        ("Erdogan", date(2010, 1, 1), ("Recep Tayyip Erdoğan", "TUR", "Prime Minister of Turkey")),
        ("Erdoğan", date(2020, 1, 1), ("Recep Tayyip Erdoğan", "TUR", "President of Turkey")),
        ("Netanyahu", date(2016, 1, 1), ("Benjamin Netanyahu", "ISR", "Prime Minister of Israel")),
        ("Bennett", date(2022, 1, 1), ("Naftali Bennett", "ISR", "Prime Minister of Israel")),
        ("Xi Jinping", date(2015, 1, 1), ("Xi Jinping", "CHN", "President of China")),
        ("Hu Jintao", date(2010, 1, 1), ("Hu Jintao", "CHN", "President of China")),
        ("Modi", date(2020, 1, 1), ("Narendra Modi", "IND", "Prime Minister of India")),
        ("Lavrov", date(2016, 1, 1), ("Sergey Lavrov", "RUS", "Foreign Minister of Russia")),
        ("Peskov", date(2022, 2, 7), ("Dmitry Peskov", "RUS", "Kremlin spokesman")),
        ("Guterres", date(2020, 1, 1), ("António Guterres", "UN", "Secretary-General of the United Nations")),
        ("Stoltenberg", date(2020, 1, 1), ("Jens Stoltenberg", "NATO", "Secretary General of NATO")),
        ("Kim Jong-un", date(2018, 1, 1), ("Kim Jong Un", "PRK", "Supreme Leader of North Korea")),
        ("Karzai", date(2005, 1, 1), ("Hamid Karzai", "AFG", "President of Afghanistan")),
        ("Khamenei", date(2000, 1, 1), ("Ali Khamenei", "IRN", "Supreme Leader of Iran")),
        # one or two per region of the 2026 extension, people and dates beyond doubt
        ("Tokayev", date(2000, 1, 1), ("Kassym-Jomart Tokayev", "KAZ", "Prime Minister of Kazakhstan")),
        ("Tokayev", date(2020, 1, 1), ("Kassym-Jomart Tokayev", "KAZ", "President of Kazakhstan")),
        ("Orban", date(2012, 1, 1), ("Viktor Orbán", "HUN", "Prime Minister of Hungary")),
        ("Rutte", date(2015, 1, 1), ("Mark Rutte", "NLD", "Prime Minister of the Netherlands")),
        ("Macky Sall", date(2015, 1, 1), ("Macky Sall", "SEN", "President of Senegal")),
        ("Kagame", date(2010, 1, 1), ("Paul Kagame", "RWA", "President of Rwanda")),
        ("Abiy", date(2019, 1, 1), ("Abiy Ahmed", "ETH", "Prime Minister of Ethiopia")),
        ("Ardern", date(2019, 1, 1), ("Jacinda Ardern", "NZL", "Prime Minister of New Zealand")),
        ("Moon Jae-in", date(2019, 1, 1), ("Moon Jae-in", "KOR", "President of South Korea")),
        ("Jokowi", date(2016, 1, 1), ("Joko Widodo", "IDN", "President of Indonesia")),
        ("Macri", date(2017, 1, 1), ("Mauricio Macri", "ARG", "President of Argentina")),
        ("Mikati", date(2012, 1, 1), ("Najib Mikati", "LBN", "Prime Minister of Lebanon")),
        ("Blinken", date(2022, 1, 1), ("Antony Blinken", "USA", "Secretary of State of the United States")),
    ],
)
def test_dated_lookup(name, day, expected):
    found = kb.lookup(name, day)
    assert found, name
    best = found[0]
    assert best.status == "in_office"
    assert (best.person.name, best.country, best.role) == expected


def test_out_of_office_and_before_office():
    former = kb.lookup("Obama", date(2020, 1, 1))[0]
    assert former.status == "former" and former.sector == "ELI" and former.country == "USA"
    assert former.role == "former President of the United States"
    before = kb.lookup("Zelensky", date(2015, 1, 1))[0]
    assert before.status == "future" and before.sector is None


def test_head_of_state_of_a_realm_is_the_monarch_of_the_day():
    assert kb.holders("JAM", "queen", date(2010, 1, 1))[0].name == "Elizabeth II"
    assert kb.holders("CAN", "king", date(2023, 6, 1))[0].name == "Charles III"
    assert kb.holders("BRB", "queen", date(2022, 1, 1)) == []  # a republic since 2021-11-30


def test_shared_short_name_returns_all_candidates():
    # Nawaz and Shehbaz Sharif are only known by full name; the surname alone names nobody.
    assert kb.lookup("Sharif", date(2014, 1, 1)) == []
    assert kb.lookup("Nawaz Sharif", date(2014, 1, 1))[0].country == "PAK"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_load_extra_adds_people(tmp_path, user_state):
    path = _write(tmp_path, """
people:
  - name: Ada Example
    offices:
      - {office: foreign_minister, country: ISL, start: 2031-01-01, end: null}
""")
    kb.load_extra(path)
    found = kb.lookup("Example", date(2032, 1, 1))
    assert found[0].role == "Foreign Minister of Iceland"


@pytest.mark.parametrize(
    ("office", "message"),
    [
        ("{office: president, country: XXX, start: 2001-01-01, end: null}", "country 'XXX'"),
        ("{office: wizard, country: FRA, start: 2001-01-01, end: null}", "office 'wizard'"),
        ("{office: president, country: FRA, start: 2005-01-01, end: 2001-01-01}", "not after start"),
        ("{office: president, country: FRA, start: soon, end: null}", "start must be"),
    ],
)
def test_bad_entries_fail_with_file_and_person(tmp_path, office, message):
    path = _write(tmp_path, f"people:\n  - name: Bad Entry\n    offices:\n      - {office}\n")
    with pytest.raises(KBError, match=message) as info:
        kb.load_extra(path)
    assert "mine.yaml" in str(info.value) and "Bad Entry" in str(info.value)


def test_overlap_is_detected(tmp_path, user_state):
    path = _write(tmp_path, """
people:
  - name: Usurper Example
    offices:
      - {office: president, country: FRA, start: 2020-01-01, end: 2021-01-01}
""")
    kb.load_extra(path)
    assert any("Usurper Example" in p for p in kb.problems())
