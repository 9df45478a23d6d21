"""The time layer on the canonical example article (DCT 2022-02-07), read through the fixture."""

from __future__ import annotations

from datetime import date

from eventwire import nlp, timex


def _by_text(example_text: str, dct: date) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for t in timex.tag(nlp.parse(example_text), dct):
        assert example_text[t.start : t.end] == t.text
        out.setdefault(t.text, []).append((t.type, t.value))
    return out


def test_example_dates(example_text: str, dct: date) -> None:
    got = _by_text(example_text, dct)
    assert ("DATE", "2022-02-02") in got["February 2"]
    assert ("DATE", "2022-02-07") in got["Monday, February 7"]
    assert ("DATE", "2022-01-31") in got["January 31"]
    assert ("DATE", "2022-01-28") in got["28"]
    assert ("DATE", "2022-04") in got["April"]
    assert got["several months"][0][0] == "DURATION"
    assert ("DATE", "PAST_REF") in got["recent days"]


def test_example_ids_in_text_order(example_text: str, dct: date) -> None:
    found = timex.tag(nlp.parse(example_text), dct)
    assert [t.id for t in found] == [f"T{i}" for i in range(1, len(found) + 1)]
    assert [t.start for t in found] == sorted(t.start for t in found)
