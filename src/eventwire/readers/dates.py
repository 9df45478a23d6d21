"""Article dates from the many ways inputs write them.

The article date is the calendar date *as written in the article's own time zone*:
"2024-03-06T23:30:00-05:00" is 6 March even though it is already 7 March in UTC, because that is the
day the newsroom's "today" and "on Tuesday" refer to. Unix timestamps (numbers, or strings of 9-13
digits) have no zone of their own and are read as UTC. Dates that cannot exist ("2022-02-30") and
incomplete ones ("March 5", with no year) are errors, never silently completed from today's date.
Slash dates follow dateutil's US reading (month first) unless the first number cannot be a month;
dotted dates (11.04.2023) are read day first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from dateutil import parser as dateutil_parser

_EPOCH = re.compile(r"\d{9,13}(\.\d+)?")  # a Unix timestamp written as a string (CSV has no numbers)
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}\b")  # 11.04.2023 is European: day first
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d])")
# Two defaults that differ in every component: a field missing from the input shows up as a difference.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
_MS_THRESHOLD = 100_000_000_000  # larger epoch numbers are milliseconds (year 5138 in seconds)


class DateError(ValueError):
    """The value is not a usable article date; the message says why."""


def parse_date(value: object) -> date:
    """The article date for one date value from a file (string or Unix timestamp), or raise DateError."""
    if isinstance(value, bool) or value is None:
        raise DateError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        raise DateError(f"not a date: {type(value).__name__} {value!r}")
    written = value.strip()
    if not written:
        raise DateError("empty date")
    if _EPOCH.fullmatch(written):
        return _from_epoch(float(written))
    if match := _ISO_DAY.match(written):
        return _calendar(*(int(g) for g in match.groups()), written=written)
    return _free_form(written)


def _calendar(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"impossible date {written!r}") from None


def _from_epoch(seconds: float) -> date:
    if abs(seconds) >= _MS_THRESHOLD:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        raise DateError(f"timestamp out of range: {seconds!r}") from None


def _free_form(written: str) -> date:
    """Any format dateutil understands, as long as year, month and day are all in the text."""
    try:
        dayfirst = _DOTTED.match(written) is not None
        # ignoretz: the zone cannot change the date as written, and unknown abbreviations ("IST") warn.
        first, second = (
            dateutil_parser.parse(written, default=d, dayfirst=dayfirst, ignoretz=True) for d in _DEFAULTS
        )
    except (dateutil_parser.ParserError, ValueError, OverflowError) as err:
        message = str(err)
        if "out of range" in message or "must be in" in message:
            raise DateError(f"impossible date {written!r}") from None
        raise DateError(f"unreadable date {written!r}") from None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise DateError(f"incomplete date {written!r} (needs year, month and day)")
    return first.date()
