"""Coverage of the dated knowledge base: every country has a known head of state, and a known head of
government where it has one, on every month from 2000 to the end of 2025.

Issue 4 asks for the heads of state and of government of every UN member and major non-members from 2000
to today. The check samples the first day of every month; a holder missing on two samples in a row of one
series is allowed (caretaker periods whose dates nobody writes down), a longer gap is not, unless listed
in ``VACANCIES`` with its dates and the reason.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors import kb, lexicon

HEAD_OF_STATE = {"president", "king", "queen", "emir", "sultan", "emperor", "supreme_leader", "head_of_state"}
HEAD_OF_GOVERNMENT = {"prime_minister", "chancellor"}
# Territories that news treats as actors but that have no state offices of their own to list.
TERRITORIES = {"HKG", "ESH", "GRL", "PRI"}
# Long gaps that are facts, not missing data: (country, series) -> [(first, last month, reason)]. The
# months in between are not checked; the series is checked before and after.
VACANCIES: dict[tuple[str, str], list[tuple[date, date, str]]] = {
    ("SSD", "state"): [(date(2000, 1, 1), date(2011, 7, 1), "independent since 2011-07-09")],
    ("SOM", "state"): [(date(2000, 1, 1), date(2000, 8, 1), "no central government until 2000-08-27")],
    ("HTI", "state"): [(date(2021, 8, 1), date(2025, 12, 1), "no president since 2021-07-07")],
    ("XKX", "state"): [(date(2000, 1, 1), date(2002, 3, 1), "UN administration until 2002-03-04")],
    ("LBN", "state"): [(date(2007, 12, 1), date(2008, 5, 1), "presidency vacant"),
                       (date(2014, 6, 1), date(2016, 10, 1), "presidency vacant"),
                       (date(2022, 11, 1), date(2025, 1, 1), "presidency vacant")],
    ("IRQ", "state"): [(date(2003, 5, 1), date(2004, 6, 1), "Coalition Provisional Authority")],
    ("TUN", "government"): [(date(2021, 8, 1), date(2021, 10, 1), "PM dismissed, none until 2021-10")],
    ("AFG", "government"): [(date(2001, 12, 1), date(2014, 9, 1), "presidential system, no PM"),
                            (date(2020, 6, 1), date(2021, 9, 1), "Chief Executive post abolished")],
    ("TLS", "state"): [(date(2000, 1, 1), date(2002, 5, 1), "UN administration until 2002-05-20")],
    ("MMR", "government"): [(date(2011, 4, 1), date(2016, 4, 1), "no PM 2011-03-30 to 2016-04-06")],
    ("SDN", "government"): [(date(2019, 4, 1), date(2019, 8, 1), "no PM under the military council")],
    ("ZWE", "government"): [(date(1987, 1, 1), date(2009, 2, 1), "abolished 1987, restored 2009-2013")],
    ("TCD", "government"): [(date(2018, 6, 1), date(2021, 4, 1), "abolished 2018-05, restored 2021-04")],
    ("COG", "government"): [(date(2009, 9, 1), date(2016, 4, 1), "abolished 2009-09, restored 2016-04")],
    ("BEN", "government"): [(date(2013, 9, 1), date(2015, 6, 1), "a PM only 2011-2013 and 2015-2016")],
    ("SEN", "government"): [(date(2019, 6, 1), date(2022, 9, 1), "abolished 2019-05, restored 2022-09")],
    ("GIN", "government"): [(date(2004, 5, 1), date(2004, 12, 1), "left vacant by Conté"),
                            (date(2006, 5, 1), date(2007, 2, 1), "left vacant by Conté")],
}
# Gaps in our knowledge, not in the offices: the test is expected to fail there until they are filled.
KNOWN_GAPS = {
    ("SMR", "state"): "San Marino's Captains Regent (two per six-month term) before 2025-10 are not listed",
}
ALLOWED_GAP = 2  # consecutive monthly samples
MONTHS = [date(year, month, 1) for year in range(2000, 2026) for month in range(1, 13)]


def _series(country: str, offices: set[str]) -> list[kb.Office]:
    return [o for p in kb.people() for o in p.offices if o.country == country and o.office in offices]


def _longest_gap(held: list[kb.Office], months: list[date]) -> tuple[int, date | None]:
    longest, run, first, worst = 0, 0, None, None
    for month in months:
        if any(o.active(month) for o in held):
            run = 0
            continue
        run += 1
        first = month if run == 1 else first
        if run > longest:
            longest, worst = run, first
    return longest, worst


def _checked(country: str, series: str, months: list[date]) -> list[date]:
    vacant = VACANCIES.get((country, series), [])
    return [m for m in months if not any(first <= m <= last for first, last, _ in vacant)]


def _countries() -> list[str]:
    return [c.iso3 for c in lexicon.countries() if c.iso3 not in TERRITORIES]


@pytest.mark.parametrize("country", _countries())
def test_head_of_state_known_every_month(country: str):
    if (country, "state") in KNOWN_GAPS:
        pytest.xfail(KNOWN_GAPS[(country, "state")])
    gap, since = _longest_gap(_series(country, HEAD_OF_STATE), _checked(country, "state", MONTHS))
    assert gap <= ALLOWED_GAP, f"{country}: no head of state for {gap} months from {since}"


@pytest.mark.parametrize("country", _countries())
def test_head_of_government_known_while_the_office_exists(country: str):
    """Where the knowledge base has a prime minister (or chancellor) at all, every month between the
    first and the last holder since 2000 has one: an abolished office simply ends."""
    if (country, "government") in KNOWN_GAPS:
        pytest.xfail(KNOWN_GAPS[(country, "government")])
    held = _series(country, HEAD_OF_GOVERNMENT)
    months = [m for m in MONTHS
              if held and min(o.start for o in held) <= m < max(o.end or date.max for o in held)]
    gap, since = _longest_gap(held, _checked(country, "government", months))
    assert gap <= ALLOWED_GAP, f"{country}: no head of government for {gap} months from {since}"
