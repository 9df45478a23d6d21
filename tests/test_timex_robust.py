"""The time layer never crashes and every span it returns is a slice of the text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import timex
from eventwire.timex import tag_text

WORDS = st.sampled_from(
    [
        "January", "May", "March", "Feb.", "31", "28", "and", "2022", "'98", "1990s", "Monday", "last",
        "next", "week", "weeks", "ago", "two", "several", "the", "past", "every", "night", "3", "p.m.",
        "12:45", "now", "later", "fiscal", "quarter", "third", "spring", "of", ",", ".", "\n", "  ", "on",
        "2/30/22", "Sept. 31", "early", "mid-", "century", "21st", "yesterday", "will", "said", "-", "’",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(WORDS, max_size=25),
    noise=st.text(max_size=40),
    dct=st.dates(min_value=date(1, 1, 2), max_value=date(9998, 12, 30)),
)
def test_tag_text_never_crashes_and_spans_match(words: list[str], noise: str, dct: date) -> None:
    text = " ".join(words) + noise
    found = tag_text(text, dct)
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value


def test_long_text_without_parse() -> None:
    text = "The talks ended on Friday. " * 20000
    found = timex._tag(text, date(2022, 2, 7), None)
    assert len(found) == 20000
    assert found[-1].id == "T20000"
    assert all(text[t.start : t.end] == t.text for t in found[:50])


def test_missing_dct_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="article date"):
        timex._tag("Friday", None, None)  # type: ignore[arg-type]
