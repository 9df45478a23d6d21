"""Users' own actor files: CSV people files, EVENTWIRE_PEOPLE, replacement of shipped people, workers.

The people here are invented (real countries, made-up names), except where a test corrects a real one.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from eventwire.actors import institutions, kb
from eventwire.actors.kb import KBError
from eventwire.actors.lexicon import LexiconError


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body.lstrip("\n"), encoding="utf-8")
    return path


HEADER = "name,variants,short,office,country,start,end,sector,role,shared\n"

CSV_PERSON = HEADER + """\
Ilse Vandermeer,Ilse van der Meer,,foreign_minister,BEL,2030-02-01,2031-06-01,,,
# a comment line between the rows of one person
Ilse Vandermeer,,,prime_minister,BEL,2031-06-01,,,,
"""

YAML_PERSON = """
people:
  - name: Ilse Vandermeer
    variants: [Ilse van der Meer]
    offices:
      - {office: foreign_minister, country: BEL, start: 2030-02-01, end: 2031-06-01}
      - {office: prime_minister, country: BEL, start: 2031-06-01, end: null}
"""


def _same(a: kb.Person, b: kb.Person) -> bool:
    return (a.name, a.variants, a.short, a.offices) == (b.name, b.variants, b.short, b.offices)


def test_csv_rows_of_one_name_are_one_person_like_the_yaml_entry(tmp_path):
    (from_csv,) = kb.load_people(_write(tmp_path, "mine.csv", CSV_PERSON))
    (from_yaml,) = kb.load_people(_write(tmp_path, "mine.yaml", YAML_PERSON))
    assert _same(from_csv, from_yaml)
    assert from_csv.short == ("Vandermeer", "Meer")  # the default: last word of the name and variants
    short_csv = HEADER + "Ilse Vandermeer,,,king,BEL,2030-02-01\n"
    (short_row,) = kb.load_people(_write(tmp_path, "short.csv", short_csv))
    assert short_row.offices[0].end is None  # trailing empty cells may be left out
    assert [o.role for o in from_csv.offices] == ["Foreign Minister of Belgium", "Prime Minister of Belgium"]


def test_shipped_people_survive_a_csv_round_trip():
    shipped = kb.people()
    back = kb.load_people(Path("all.csv"), kb.to_csv(shipped))
    assert len(back) == len(shipped)
    assert all(_same(a, b) for a, b in zip(shipped, back, strict=True))


def test_csv_cells_override_defaults(tmp_path):
    path = _write(tmp_path, "mine.csv", HEADER + """\
Tomasz Wierzbicki,,-,spokesperson,POL,2029-01-01,,,Government Spokesman,yes
Oksana Hrytsenko,Oksana Hrytsenko-Bilyk,Hrytsenko|Bilyk,party_leader,UKR,2029-01-01,,OPP,,
""")
    spokesman, leader = kb.load_people(path)
    assert spokesman.short == () and spokesman.offices[0].shared
    assert spokesman.offices[0].role == "Government Spokesman"
    assert leader.short == ("Hrytsenko", "Bilyk") and leader.offices[0].sector == "OPP"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Jan Kowalczyk,,,president,XXX,2001-01-01,,,,", "country 'XXX'"),
        ("Jan Kowalczyk,,,wizard,POL,2001-01-01,,,,", "office 'wizard'"),
        ("Jan Kowalczyk,,,president,POL,2005-01-01,2001-01-01,,,", "not after start"),
        ("Jan Kowalczyk,,,president,POL,2001-02-30,,,,", "start must be"),
        ("Jan Kowalczyk,,,president,POL,,,,,", "start must be"),
        ("Jan Kowalczyk,,,president,POL,2001-01-01,,XYZ,,", "unknown sector 'XYZ'"),
        ("Jan Kowalczyk,,,president,POL,2001-01-01,,,,perhaps", "shared must be true or false"),
        ("Jan Kowalczyk,,,president,POL,2001-01-01,,,,,extra", "11 cells for 10 columns"),
    ],
)
def test_csv_errors_name_the_file_row_and_person(tmp_path, row, message):
    good = "Ewa Nowakowska,,,foreign_minister,POL,2001-01-01,,,,\n"
    path = _write(tmp_path, "mine.csv", HEADER + good + row + "\n")
    with pytest.raises(KBError, match=message) as info:
        kb.load_extra(path)
    text = str(info.value)
    assert "mine.csv row 3" in text
    if "cells for" not in message:
        assert "(Jan Kowalczyk)" in text


def test_csv_header_and_suffix_errors(tmp_path):
    with pytest.raises(KBError, match=r"row 1: .*unknown: \['birthday'\]"):
        kb.load_people(_write(tmp_path, "a.csv", "name,office,country,start,birthday\n"))
    with pytest.raises(KBError, match=r"missing: \['start'\]"):
        kb.load_people(_write(tmp_path, "b.csv", "name,office,country\n"))
    with pytest.raises(KBError, match="row 2: a person needs a name"):
        kb.load_people(_write(tmp_path, "c.csv", "name,office,country,start\n,president,POL,2001-01-01\n"))
    with pytest.raises(KBError, match=r"\.yaml, \.yml or \.csv"):
        kb.load_people(_write(tmp_path, "d.txt", YAML_PERSON))


def test_a_bad_file_is_not_added(tmp_path, user_state):
    path = _write(tmp_path, "mine.csv", HEADER + "Jan Kowalczyk,,,wizard,POL,2001-01-01,,,,\n")
    with pytest.raises(KBError):
        kb.load_extra(path)
    assert kb.user_files().paths() == []


def test_user_csv_resolves_at_the_date(tmp_path, user_state):
    kb.load_extra(_write(tmp_path, "mine.csv", CSV_PERSON))
    (minister,) = kb.lookup("Vandermeer", date(2030, 6, 1))
    assert (minister.country, minister.role) == ("BEL", "Foreign Minister of Belgium")
    (premier,) = kb.lookup("Ilse van der Meer", date(2032, 1, 1))
    assert premier.role == "Prime Minister of Belgium"
    assert kb.lookup("Vandermeer", date(2029, 1, 1))[0].status == "future"


def test_user_entry_replaces_the_shipped_person_of_that_name(tmp_path, user_state):
    shipped = kb.lookup("Olaf Scholz", date(2023, 1, 1))
    assert [m.role for m in shipped] == ["Chancellor of Germany"]
    # the user says: only ever finance minister (a counterfactual correction, to see it win)
    kb.load_extra(_write(tmp_path, "fix.csv", HEADER + "Olaf Scholz,,,finance_minister,DEU,2018-03-14,"
                         "2021-12-08,,,\n"))
    (found,) = kb.lookup("Scholz", date(2023, 1, 1))
    assert (found.status, found.role) == ("former", "former Finance Minister of Germany")
    assert found.person.source.endswith("fix.csv")
    assert kb.holders("DEU", "chancellor", date(2023, 1, 1)) == []
    assert sum(p.name == "Olaf Scholz" for p in kb.all_people()) == 1
    # no longer a variant of the shipped entry: the user's entry has none
    assert kb.lookup("Olaf Scholz", date(2020, 1, 1))[0].role == "Finance Minister of Germany"


def test_user_name_equal_to_a_shipped_variant_replaces_that_person(tmp_path, user_state):
    shipped = kb.lookup("Putin", date(2022, 2, 7))[0].person
    variant = shipped.variants[0]
    kb.load_extra(_write(tmp_path, "fix.yaml", f"""
people:
  - name: {variant}
    short: [Putin]
    offices:
      - {{office: president, country: RUS, start: 2000-05-07, end: null}}
"""))
    (found,) = kb.lookup("Putin", date(2022, 2, 7))
    assert found.person.name == variant
    assert shipped not in kb.all_people()


def test_new_person_sharing_a_short_name_is_one_more_candidate(tmp_path, user_state):
    kb.load_extra(_write(tmp_path, "mine.csv", HEADER + "Greta Scholz,,,mayor,DEU,2022-05-01,,,,\n"))
    names = {m.person.name for m in kb.lookup("Scholz", date(2023, 1, 1))}
    assert names == {"Olaf Scholz", "Greta Scholz"}
    assert kb.lookup("Olaf Scholz", date(2023, 1, 1))[0].role == "Chancellor of Germany"


def test_environment_variable_names_files_for_every_process(tmp_path, user_state, monkeypatch):
    first = _write(tmp_path, "one.csv", CSV_PERSON)
    second = _write(tmp_path, "two.yaml", """
people:
  - name: Rui Damasceno
    offices:
      - {office: interior_minister, country: PRT, start: 2030-01-01, end: null}
""")
    monkeypatch.setenv(kb.ENV, f"{first}{os.pathsep}{second}{os.pathsep}")
    kb._index.cache_clear()
    assert kb.lookup("Vandermeer", date(2030, 6, 1))[0].country == "BEL"
    assert kb.lookup("Damasceno", date(2030, 6, 1))[0].country == "PRT"
    # the same file given again (option and variable) counts once
    kb.load_extra(first)
    assert len(kb.lookup("Vandermeer", date(2030, 6, 1))) == 1


def test_missing_file_in_the_variable_is_named(tmp_path, user_state, monkeypatch):
    monkeypatch.setenv(kb.ENV, str(tmp_path / "gone.csv"))
    kb._index.cache_clear()
    with pytest.raises(LexiconError, match=r"gone\.csv \(from EVENTWIRE_PEOPLE\): cannot read"):
        kb.all_people()


def test_export_then_snapshot_and_adopt_carry_the_files(tmp_path, user_state, monkeypatch):
    path = _write(tmp_path, "mine.csv", CSV_PERSON)
    kb.load_extra(path)
    kb.user_files().export()
    assert kb.user_files().from_env() == [path.absolute()]
    snapshot = kb.user_files().snapshot()
    # a worker elsewhere: neither the variable nor the file, only the texts sent with the task
    os.environ.pop(kb.ENV)  # not monkeypatch: it would put the exported value back afterwards
    kb._files.added.clear()
    kb._files._texts.clear()
    path.unlink()
    kb._index.cache_clear()
    assert kb.lookup("Vandermeer", date(2030, 6, 1)) == []
    kb.adopt(snapshot)
    assert kb.lookup("Vandermeer", date(2030, 6, 1))[0].country == "BEL"


def test_user_institutions_from_the_environment_and_their_codes_in_people(tmp_path, user_state, monkeypatch):
    inst = _write(tmp_path, "bodies.yaml", "igos:\n  - {names: [Baltic Ferry Council], code: BFC}\n")
    monkeypatch.setenv(institutions.ENV, str(inst))
    institutions.institutions.cache_clear()
    institutions.igo_codes.cache_clear()
    assert institutions.institutions()["Baltic Ferry Council"].country == "BFC"
    row = "Liina Saarepuu,,,secretary_general,BFC,2028-01-01,,,,\n"
    kb.load_extra(_write(tmp_path, "mine.csv", HEADER + row))
    assert kb.lookup("Saarepuu", date(2029, 1, 1))[0].country == "BFC"


def test_resolution_uses_a_user_person(tmp_path, user_state, nlp):
    from eventwire.actors import resolve

    text = "Ilse Vandermeer met the envoys on Monday. Vandermeer said the talks had been useful."
    kb.load_extra(_write(tmp_path, "mine.csv", CSV_PERSON))
    people = [e for e in resolve(nlp(text), date(2030, 6, 1)) if e.kind == "person"]
    assert [(e.name, e.code, len(e.mentions)) for e in people] == [("Ilse Vandermeer", "BELGOV", 2)]
