"""Normalizers: turn one grammar match into TIMEX3 (start, end, type, value) tuples.

Each normalizer is named by the ``norm`` of a rule in ``patterns.yaml`` and reads the match's named
groups. Values keep the precision of the expression (a month stays ``2022-04``, a week ``2022-W05``).
Underspecified dates (no year, bare weekdays) are resolved against the article date (DCT) using the
tense of the governing verb, which the ``Context`` computes lazily from the spaCy parse.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc

from eventwire.timex.grammar import Grammar, Rule

Found = tuple[int, int, str, str]  # start, end, type, value

REL_OFFSET = {
    "last": -1, "past": -1, "previous": -1, "the past": -1, "the previous": -1, "this past": -1,
    "the last": -1, "next": 1, "coming": 1, "following": 1, "the coming": 1, "the following": 1,
    "this coming": 1, "the next": 1, "this": 0,
}
DIR_SIGN = {"ago": -1, "earlier": -1, "before": -1, "previously": -1, "later": 1, "after": 1,
            "from now": 1, "hence": 1}
SEASON_ORDER = ["SP", "SU", "FA", "WI"]
SEASON_OF_MONTH = {m: SEASON_ORDER[((m - 3) % 12) // 3] for m in range(1, 13)}
DAY_WORD = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
DECADE_WORD = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
               "eighties": 8, "nineties": 9}
TIME_UNITS = {"H", "MIN", "S"}
FRACTION = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}
SPACE = re.compile(r"\s+")
# "a quarter of the market", "three quarters of them" (not "a quarter of a century", "two quarters of 1990")
FRACTION_OF = re.compile(r"\s+of\s+(?!(?:a|the)\s+(?:century|year)\b|(?:fiscal\s+)?(?:\d{4}|'\d\d)\b)", re.I)
FORWARD = re.compile(r"([a-z]+)(?:\s+(?:on|as\s+of))?\s+$", re.I)  # the word a date follows
DAYNUM = re.compile(r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)")


def key(text: str) -> str:
    """Lexicon lookup key: lower case, single spaces, curly apostrophes straightened."""
    return SPACE.sub(" ", text.strip().lower().replace("’", "'"))


@dataclass
class Context:
    """Per-document state: the DCT, the text and parse, and the narrative anchor (last full date)."""

    dct: date
    text: str
    doc: Doc | None
    grammar: Grammar
    anchor: str | None = None  # value of the last explicit DATE (month precision or finer, or a quarter)
    anchor_at: int = 0  # where that DATE ended
    quarter: str | None = None  # the last explicit quarter (earnings reports compare quarters)
    quarter_at: int = 0
    reported: str | None = None  # the last explicit quarter that had ended by the DCT
    reported_at: int = 0
    year_anchor: str | None = None  # the year of the last date mentioned (any precision), for "that year"
    year_anchor_at: int = 0
    derived: bool = False  # set by a normalizer whose value compares with the discussion (no anchoring)
    _tenses: dict[int, str | None] = field(default_factory=dict)
    cues: TenseCues = field(init=False)
    long_period: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.cues = TenseCues.of(self.grammar)
        words = sorted(self.grammar.lexicon["multi_quarter_periods"], key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        # re caches the compiled pattern across documents; an empty list never matches
        self.long_period = re.compile(rf"\b(?:{alternatives})\b" if words else r"(?!)", re.I)

    def sentence_before(self, start: int) -> str:
        """The text of the sentence that holds ``start``, up to ``start``."""
        if self.doc is not None:
            span = self.doc.char_span(start, min(start + 1, len(self.text)), alignment_mode="expand")
            if span is not None and len(span):
                return self.text[span.sent.start_char : start]
        return re.split(r"[.!?]\s+(?=[A-Z])", self.text[max(0, start - 300) : start])[-1]

    def tense(self, start: int, end: int) -> str | None:
        """'past', 'present', 'future' or None: the tense of the verb governing text[start:end]."""
        if start not in self._tenses:
            found = None
            before = FORWARD.search(self.text, max(0, start - 30), start)
            if before and before.group(1).lower() in self.cues.forward:
                found = "future"  # "effective Feb. 1", "payable Dec. 7": the start of an arrangement
            elif self.doc is not None:
                found = governing_tense(self.doc, start, end, self.cues)
            self._tenses[start] = found
        return self._tenses[start]

    def near_quarter(self, start: int, window: int = 1500) -> str | None:
        """The last explicit quarter if it ended at most ``window`` characters before ``start``."""
        return self.quarter if self.quarter and start - self.quarter_at <= window else None

    def last_done(self) -> str:
        """The last quarter completed before the DCT, the latest one a company can have reported."""
        done = shift(self.dct, "Q", -1)
        return f"{done.year:04d}-Q{(done.month - 1) // 3 + 1}"

    def set_quarter(self, value: str, end: int) -> None:
        """Record an explicit quarter as the one under discussion (and as reported if it is past)."""
        self.quarter, self.quarter_at = value, end
        if value <= self.last_done():
            self.reported, self.reported_at = value, end

    def reported_quarter(self, start: int, window: int = 1500) -> str | None:
        """The quarter a comparison ("a year ago", "the year-ago period") looks back from: the quarter
        under discussion, unless that one lies ahead ("a loss is expected in the third quarter of
        1990"), in which case the last reported quarter before it."""
        quarter = self.near_quarter(start, window)
        if quarter and quarter > self.last_done():
            reported = self.reported if self.reported and start - self.reported_at <= window else None
            return reported or quarter
        return quarter

    def near_year(self, start: int, window: int = 1000) -> str | None:
        """The year of the last mentioned date if it ended at most ``window`` characters before ``start``."""
        return self.year_anchor if self.year_anchor and start - self.year_anchor_at <= window else None

    def near_anchor(self, start: int, window: int = 400) -> str | None:
        """The narrative anchor if it ended at most ``window`` characters before ``start``."""
        return self.anchor if self.anchor and start - self.anchor_at <= window else None


# ------------------------------------------------------------------------------------------ tense
@dataclass(frozen=True)
class TenseCues:
    """The tense-cue word lists of the lexicon (see the header of timex/data/lexicon.yaml)."""

    future_aux: frozenset[str]
    future_governors: frozenset[str]
    scheduling: frozenset[str]
    deadline: frozenset[str]
    invariant: frozenset[str] = frozenset()
    forward: frozenset[str] = frozenset()

    @staticmethod
    def of(grammar: Grammar) -> TenseCues:
        lex = grammar.lexicon
        return TenseCues(
            frozenset(lex["future_auxiliaries"]), frozenset(lex["future_governors"]),
            frozenset(lex["scheduling_verbs"]), frozenset(lex["deadline_verbs"]),
            frozenset(lex["invariant_past_verbs"]), frozenset(lex["forward_words"]),
        )


MODAL_ONLY = frozenset({"would", "might", "may", "could", "should", "must"})


def _verb_tense(verb, cues: TenseCues, nominal: bool = False) -> str | None:
    """Tense of one verb from its auxiliaries and tag; None for an infinitive or bare form (look higher).

    ``nominal``: the date modifies a noun ("Tuesday's vote", "the Friday meeting") rather than the verb,
    so a simple present ("follows Tuesday's vote") describes the noun's context, not a schedule.
    """
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if nominal:
        # "they would look for ways around Wednesday's ruling": a modal of reported speech puts the
        # looking ahead, not the ruling; only a plain future ("will attend Saturday's rally") does
        words -= MODAL_ONLY
    if "have" in {a.lemma_.lower() for a in auxes} and words & MODAL_ONLY:
        return "past"  # a modal perfect looks back: "may have been responsible for Wednesday's drop"
    if words & cues.future_aux:
        return "future"
    if "to" in words and verb.tag_ == "VB":
        head = verb.head
        if head is not verb and head.lemma_.lower() in cues.future_governors:
            # "had been due to expire Friday": the plan lies in the past (the auxiliary hangs on the
            # copula when the governor is an adjective)
            owners = [head, head.head] if head.dep_ == "acomp" else [head]
            if any(c.lower_ == "had" for o in owners for c in o.children if c.dep_ in ("aux", "auxpass")):
                return "past"
            return "future"  # "plans to meet Friday", "is expected to vote Monday", "is to resume"
        return None
    tags = {verb.tag_} | {a.tag_ for a in auxes}
    perfect = any(a.lemma_.lower() == "have" for a in auxes)  # "has been searching since ..." looks back
    if "VBD" in tags or verb.tag_ == "VBN" or perfect:
        return "past"  # a bare participle ("the decision announced Wednesday") reports a done thing
    if verb.tag_ == "VBP" and not auxes and verb.lower_ in cues.invariant:
        return "unknown"  # "stocks hurt the index on Friday": past or present, the tag cannot tell
    if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_ != "be" and not nominal:
        return "future"  # news present for a scheduled event: "the two leaders meet Monday"
    if tags & {"VBZ", "VBP"} or verb.tag_ == "VBG":
        return "present"
    return None


def _ahead_by_meaning(verb, span, cues: TenseCues) -> bool:
    """A date that the verb's meaning puts ahead whatever its tense: the arranged event of a scheduling
    verb ("has scheduled a news conference Thursday") or the limit of a deadline verb ("postponed ...
    until Tuesday", "gave them until 9 a.m. Tuesday")."""
    lemma = verb.lemma_.lower()
    if lemma in cues.scheduling:
        # Only with the arranged event as its object: "planned to pay on Friday" and "a service planned
        # for Saturday was canceled" say nothing about which Friday or Saturday.
        return verb.dep_ != "acl" and any(c.dep_ == "dobj" for c in verb.children)
    if lemma in cues.deadline:
        before = span.doc[span.start - 1] if span.start > 0 else None
        preposition = span.root.head if span.root.dep_ == "pobj" else before
        return preposition is not None and preposition.lower_ in ("until", "till", "til")
    return False


def governing_tense(doc: Doc, start: int, end: int, cues: TenseCues) -> str | None:
    """Walk up the dependency tree from the expression to the first finite verb and read its tense."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    nominal = tok.dep_ in ("poss", "compound", "nmod") and tok.head.pos_ in ("NOUN", "PROPN")
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            if _ahead_by_meaning(tok, span, cues):
                return "future"
            found = _verb_tense(tok, cues, nominal)
            if found:
                return None if found == "unknown" else found
        if tok.head is tok:
            break
        tok = tok.head
    return None


# ------------------------------------------------------------------------------ date arithmetic
def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    year, month = divmod(total, 12)
    year = min(max(year, 1), 9999)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def shift(d: date, unit: str, n: int) -> date:
    """The date ``n`` units after ``d`` (negative n: before)."""
    if unit in ("D",):
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        return d
    return add_months(d, n * months)


def at_precision(d: date, unit: str) -> str:
    """The TIMEX3 value of the ``unit``-sized period that contains ``d``."""
    if unit == "D" or unit in TIME_UNITS:
        return d.isoformat()
    if unit == "W":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "WE":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def anchor_date(value: str | None) -> date | None:
    """First day of a DATE value (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn), for narrative shifts."""
    if not value:
        return None
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value):
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
    return None


def infer_year(ctx: Context, month: int, day: int | None, start: int, end: int) -> int:
    """The year of a date written without one, relative to the DCT and the governing verb's tense.

    A date within two months of the DCT stays in the DCT's year whatever the tense ("declared a dividend
    payable Dec. 7" in October; "by Jan. 14" in mid-January). Beyond that, future tense takes the first
    occurrence after the DCT, past tense the last one before it, and otherwise (present, no verb) the
    nearest one, which keeps "April" in a February article in the same year (the TimeML convention).
    """
    dct = ctx.dct

    def distance(year: int) -> int:
        if day is None:
            return (year * 12 + month) - (dct.year * 12 + dct.month)
        last = calendar.monthrange(year, month)[1]
        return (date(year, month, min(day, last)) - dct).days

    years = (dct.year - 1, dct.year, dct.year + 1)
    near = 2 if day is None else 61
    diffs = {y: distance(y) for y in years}
    if diffs[dct.year] == 0:
        return dct.year
    tense = ctx.tense(start, end)
    ahead = min((y for y in years if diffs[y] >= 0), key=lambda y: diffs[y])
    behind = max((y for y in years if diffs[y] <= 0), key=lambda y: diffs[y])
    if abs(diffs[dct.year]) <= near:
        return dct.year
    if tense == "future":
        return ahead
    if tense == "past":
        return behind
    return min(years, key=lambda y: (abs(diffs[y]), y != dct.year))


def two_digit_year(yy: int, dct: date) -> int:
    century = dct.year // 100 * 100
    return century + yy if yy <= dct.year % 100 + 10 else century - 100 + yy


def parse_year(text: str, dct: date, words: dict[str, int] | None = None) -> int:
    """"1998", "'98" (nearest century), or spelled out: "nineteen ninety-six", "two thousand and one"."""
    digits = text.strip("'’")
    if digits.isdigit():
        return two_digit_year(int(digits), dct) if len(digits) <= 2 else int(digits)
    parts = [p for p in re.split(r"[-\s]+", digits.lower()) if p not in ("and", "oh")]
    table = words or {}
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(table.get(p, 0) for p in parts[2:])
    return table.get(parts[0], 0) * 100 + sum(table.get(p, 0) for p in parts[1:] if p != "hundred")


def number(ctx: Context, text: str | None) -> int | float | str | None:
    """A cardinal from digits or words ("24", "twenty-four", "a couple of", "1 1/2"); X when vague."""
    if text is None:
        return None
    k = key(text)
    if k in ctx.grammar.lexicon["vague_numbers"]:
        return "X"
    if k in ctx.grammar.number_words:
        return ctx.grammar.number_words[k]
    if m := re.fullmatch(r"(\d+)\s+(\d)/(\d)", k):
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    try:
        return int(k) if k.isdigit() else float(k)
    except ValueError:
        pass
    parts = re.split(r"[-\s]+", k)
    if all(p in ctx.grammar.number_words for p in parts):
        return sum(ctx.grammar.number_words[p] for p in parts)
    return None


def _fmt_num(n: int | float | str) -> str:
    if isinstance(n, float):
        return f"{n:g}"
    return str(n)


def _unit(ctx: Context, text: str | None) -> str | None:
    if text is None:
        return None
    k = key(text)
    units = ctx.grammar.lexicon["units"]
    return units.get(k) or units.get(k.rstrip("s")) or units.get(k + "s")


def _valid(year: int, month: int, day: int | None) -> bool:
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _month(ctx: Context, text: str) -> int | None:
    k = key(text)
    months = ctx.grammar.lexicon["months"]
    return months.get(k) or months.get(k + ".") or months.get(k.rstrip("."))


def _weekday(ctx: Context, text: str) -> int | None:
    k = key(text)
    days = ctx.grammar.lexicon["weekdays"]
    return days.get(k) or days.get(k + ".") or days.get(k.rstrip("s"))


def _ordinal(ctx: Context, text: str) -> int | None:
    """"3rd" -> 3, "third" -> 3."""
    if m := re.match(r"\d+", text):
        return int(m.group())
    return ctx.grammar.lexicon["ordinals"].get(text)


def _pod(ctx: Context, text: str | None) -> str | None:
    """The part-of-day code of "night" (or of the plural "nights" in a recurrence)."""
    if not text:
        return None
    pods = ctx.grammar.lexicon["parts_of_day"]
    return pods.get(key(text)) or pods.get(key(text).removesuffix("s"))


# --------------------------------------------------------------------------------- normalizers
def n_literal(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    return [(m.start(), m.end(), rule.type or "DATE", rule.value or "")]


def n_vague(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """PRESENT_REF / PAST_REF / FUTURE_REF from the lexicon. "Soon" in a past clause ("the trickle soon
    became a flood") means shortly after a past event, not the article's future, and is left out."""
    word = key(m.group())
    if word == "soon" and ctx.tense(m.start(), m.end()) == "past":
        return None
    value = ctx.grammar.lexicon["vague"].get(word)
    return [(m.start(), m.end(), "DATE", value)] if value else None


def _resolve_date(ctx: Context, m: re.Match[str], year_text: str | None, month: int, day: int | None,
                  rel: str | None, start: int, end: int) -> str | None:
    if year_text:
        year = parse_year(year_text, ctx.dct, ctx.grammar.number_words)
    elif rel:
        # "last April" is the latest April before the DCT's month, "next March" the next one after it;
        # the month just before the DCT's is "last month", so "last February" in March is a year back
        offset = REL_OFFSET.get(key(rel), 0)
        year = ctx.dct.year
        if offset < 0:
            year -= (month >= ctx.dct.month) + ((ctx.dct.month - month) % 12 == 1)
        elif offset > 0 and month <= ctx.dct.month:
            year += 1
    else:
        year = infer_year(ctx, month, day, start, end)
    if not _valid(year, month, day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


def n_date(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    month_text = groups.get("month")
    if month_text is None:
        return None
    month = int(month_text) if month_text.isdigit() else _month(ctx, month_text)
    if month is None:
        return None
    day = _day(groups["day"]) if groups.get("day") else None
    if groups.get("yrel"):  # "January this year", "June last year"
        year = ctx.dct.year + REL_OFFSET.get(key(groups["yrel"]), 0)
        return [(m.start(), m.end(), "DATE", f"{year:04d}-{month:02d}")]
    value = _resolve_date(ctx, m, groups.get("year"), month, day, groups.get("rel"), m.start(), m.end())
    return [(m.start(), m.end(), "DATE", value)] if value else None


def n_date_list(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """"January 31 and 28" -> one DATE per day, each with its own span; the month joins its neighbour."""
    month = _month(ctx, m.group("month"))
    if month is None:
        return None
    mstart, mend = m.span("month")
    days = [d for d in DAYNUM.finditer(m.group()) if not (mstart - m.start() <= d.start() < mend - m.start())]
    found: list[Found] = []
    for i, d in enumerate(days):
        start, end = m.start() + d.start(), m.start() + d.end()
        if len(days) == 1:
            start, end = m.start(), m.end()
        elif mstart < start and i == 0:
            start = m.start()
        elif mstart > start and i == len(days) - 1:
            end = m.end()
        rel = m.groupdict().get("rel")
        value = _resolve_date(ctx, m, None, month, _day(d.group()), rel, m.start(), m.end())
        if value is None:
            return None
        found.append((start, end, "DATE", value))
    return found or None


def n_holiday(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    md = ctx.grammar.lexicon["holidays"].get(key(m.group("holiday")))
    if not md:
        return None
    groups = m.groupdict()
    if "/" not in md:
        month, day = (int(x) for x in md.split("-"))
        value = _resolve_date(ctx, m, groups.get("year"), month, day, groups.get("rel"), m.start(), m.end())
        return [(m.start(), m.end(), "DATE", value)] if value else None
    # movable: MM/N/D is the N-th (-1: last) ISO weekday D of month MM ("11/4/4": Thanksgiving)
    month, nth, weekday = (int(x) for x in md.split("/"))
    month_value = _resolve_date(ctx, m, groups.get("year"), month, None, groups.get("rel"), *m.span())
    if month_value is None:
        return None
    year = int(month_value[:4])
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).isoweekday() == weekday]
    return [(m.start(), m.end(), "DATE", f"{year:04d}-{month:02d}-{days[nth if nth < 0 else nth - 1]:02d}")]


def n_year(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    year = parse_year(m.group("year"), ctx.dct, ctx.grammar.number_words)
    return [(m.start(), m.end(), "DATE", f"{year:04d}")]


def n_decade(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    if groups.get("decadeword"):
        decade = (ctx.dct.year // 100 - (1 if DECADE_WORD[key(groups["decadeword"])] * 10 > ctx.dct.year % 100
                                          else 0)) * 10 + DECADE_WORD[key(groups["decadeword"])]
    else:
        text = groups["decade"]
        year = two_digit_year(int(text.strip("'’")), ctx.dct) if text[0] in "'’" else int(text)
        decade = year // 10
    return [(m.start(), m.end(), "DATE", f"{decade:03d}")]


def n_century(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    text = key(m.group("cent"))
    n = _ordinal(ctx, text)
    return [(m.start(), m.end(), "DATE", f"{n - 1:02d}")] if n else None


def n_relative(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """"last week" -> 2022-W05, "next month" -> 2022-03: the DCT shifted, at the unit's precision."""
    groups = m.groupdict()
    unit = _unit(ctx, groups.get("unit")) or rule.unit
    if unit is None:
        return None
    rel = key(groups["rel"]) if groups.get("rel") else ""
    offset = REL_OFFSET.get(rel, 0) if rel else (rule.offset or 0)
    base = ctx.dct
    if rel.endswith(("following", "previous")) and (anchor := anchor_date(ctx.near_anchor(m.start(), 2000))):
        base = anchor  # "the following year" follows the narrative, not the article date
    if unit == "WE" and not rel:
        days_since = ctx.dct.isoweekday() % 7  # 0 on Sunday .. 6 on Saturday
        if ctx.tense(m.start(), m.end()) == "past" and 1 <= days_since <= 5:
            offset = -1
    return [(m.start(), m.end(), rule.type or "DATE", at_precision(shift(base, unit, offset), unit))]


def n_shifted(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """"two days ago" -> DCT - 2 days; "three years later" -> the narrative anchor + 3 years."""
    groups = m.groupdict()
    unit = _unit(ctx, groups.get("unit"))
    n = number(ctx, groups.get("num") or groups.get("vnum") or "1")
    direction = key(groups.get("dir") or "ago")
    sign = DIR_SIGN.get(direction, -1)
    if unit is None or n is None:
        return None
    if n == "X":
        return [(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")]
    base, precision = ctx.dct, ("Y" if unit in ("DE", "CE") else unit)
    anchor = ctx.near_anchor(m.start())
    if direction != "ago" and anchor and re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
        base = date.fromisoformat(anchor)
    compares_quarters = not ctx.long_period.search(ctx.sentence_before(m.start()))
    if unit == "Y" and compares_quarters and (quarter := ctx.reported_quarter(m.start())):
        # "a year ago/earlier" next to a quarter compares quarters (earnings reports), unless the
        # sentence is about a longer period ("for the nine months ..., compared with ... a year earlier")
        year, q = int(quarter[:4]), int(quarter[-1])
        return [(m.start(), m.end(), "DATE", f"{year + sign * int(n):04d}-Q{q}")]
    if isinstance(n, float):
        n = round(n)
    if unit in TIME_UNITS:
        return [(m.start(), m.end(), "DATE", base.isoformat())]
    return [(m.start(), m.end(), "DATE", at_precision(shift(base, unit, sign * int(n)), precision))]


def resolve_weekday(ctx: Context, weekday: int, rel: str | None, start: int, end: int,
                    base: date | None = None) -> date:
    """The date of a weekday name: explicit last/next, else the tense decides past or future."""
    dct = base or ctx.dct
    diff = weekday - dct.isoweekday()
    if rel:
        offset = REL_OFFSET.get(key(rel), 0)
        if offset < 0:
            return dct + timedelta(days=diff - 7 if diff >= 0 else diff)
        if offset > 0:
            return dct + timedelta(days=diff + 7 if diff <= 0 else diff)
    if diff == 0:
        return dct
    if ctx.tense(start, end) == "future":
        return dct + timedelta(days=diff % 7)
    return dct - timedelta(days=(-diff) % 7)


def n_weekday(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    weekday = _weekday(ctx, groups["weekday"])
    if weekday is None:
        return None
    rel = groups.get("rel")
    text = key(m.group())
    if rel is None and text.startswith("the previous"):
        rel = "previous"
    elif rel is None and text.startswith("the following"):
        rel = "following"
    base = None
    if rel and key(rel).endswith(("previous", "following")):
        anchor = ctx.near_anchor(m.start(), 2000)
        if anchor and re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
            base = date.fromisoformat(anchor)  # "the previous Friday" precedes the day under discussion
    day = resolve_weekday(ctx, weekday, rel, m.start(), m.end(), base)
    pod = _pod(ctx, groups.get("pod"))
    if pod:
        return [(m.start(), m.end(), "TIME", f"{day.isoformat()}T{pod}")]
    return [(m.start(), m.end(), "DATE", day.isoformat())]


def n_day_rel(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    text = key(m.group())
    word = key(groups.get("dayword") or "")
    offset = DAY_WORD.get(word, 0)
    if word == "" and re.search(r"\b(last|yesterday)\b", text):
        offset = -1
    elif re.search(r"\btomorrow\b", text):
        offset = 1
    day = ctx.dct + timedelta(days=offset)
    pod = _pod(ctx, groups.get("pod")) or ("NI" if word == "tonight" else None)
    if pod:
        return [(m.start(), m.end(), "TIME", f"{day.isoformat()}T{pod}")]
    return [(m.start(), m.end(), "DATE", day.isoformat())]


def n_duration(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    unit = _unit(ctx, groups.get("unit"))
    n = "X" if rule.value == "X" else number(ctx, groups.get("num") or groups.get("vnum"))
    if n is None:
        n = "X" if groups.get("unit", "").lower().endswith("s") else 1
    if groups.get("andhalf") and not isinstance(n, str):
        n += 0.5  # "a minute and a half" -> PT1M30S
    if unit is None:
        return None
    if unit == "Q" and n in (1, 3) and FRACTION_OF.match(ctx.text, m.end()):
        return None  # "more than a quarter of the market": a fraction, not three months
    if unit == "WE":
        return [(m.start(), m.end(), "DURATION", f"P{_fmt_num(n)}WE")]
    if isinstance(n, float) and not n.is_integer() and unit in FRACTION:
        lower, factor = FRACTION[unit]
        whole, part = int(n), round((n - int(n)) * factor)
        t = "T" if lower in TIME_UNITS else ""
        head = f"{whole}{'M' if unit == 'MIN' else unit}" if whole else ""
        tail = f"{part}{'M' if lower == 'MIN' else lower}"
        prefix = "PT" if unit in TIME_UNITS else "P"
        sep = t if unit not in TIME_UNITS else ""
        return [(m.start(), m.end(), "DURATION", f"{prefix}{head}{sep}{tail}")]
    if unit in TIME_UNITS:
        value = f"PT{_fmt_num(n)}{'M' if unit == 'MIN' else unit}"
    elif unit in ("DE", "CE") and not isinstance(n, str):
        value = f"P{_fmt_num(n * (10 if unit == 'DE' else 100))}Y"
    else:
        value = f"P{_fmt_num(n)}{unit}"
    return [(m.start(), m.end(), "DURATION", value)]


def n_set(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    if groups.get("setadv"):
        return [(m.start(), m.end(), "SET", ctx.grammar.lexicon["set_adverbs"][key(groups["setadv"])])]
    if groups.get("month"):
        month = _month(ctx, groups["month"])
        return [(m.start(), m.end(), "SET", f"XXXX-{month:02d}")] if month else None
    if groups.get("weekday"):
        weekday = _weekday(ctx, groups["weekday"])
        pod = _pod(ctx, groups.get("pod"))
        return [(m.start(), m.end(), "SET", f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""))]
    unit = _unit(ctx, groups.get("unit"))
    num = groups.get("num")
    n = 2 if num and key(num) == "other" else (number(ctx, num) if num else 1)
    if unit is None or n is None or unit == "WE":
        return [(m.start(), m.end(), "SET", "XXXX-WXX-WE")] if unit == "WE" else None
    prefix = "PT" if unit in TIME_UNITS else "P"
    return [(m.start(), m.end(), "SET", f"{prefix}{_fmt_num(n)}{'M' if unit == 'MIN' else unit}")]


def n_quarter(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    if not groups.get("ord"):
        return _the_quarter(m, ctx)
    text = key(groups["ord"])
    q = _ordinal(ctx, text)
    if q is None or not 1 <= q <= 4:
        return None
    current = (ctx.dct.month - 1) // 3 + 1
    if groups.get("year"):
        year = parse_year(groups["year"], ctx.dct, ctx.grammar.number_words)
    elif groups.get("qago") and (quarter := ctx.reported_quarter(m.start())):
        year = int(quarter[:4]) - 1  # "the year-ago third quarter": a year before the one discussed
        ctx.derived = True
    elif groups.get("qago"):
        year = ctx.dct.year - 1
        ctx.derived = True
    elif groups.get("poss"):
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[key(groups["poss"]).split()[0]]
    elif groups.get("rel"):
        offset = REL_OFFSET.get(key(groups["rel"]), 0)
        year = ctx.dct.year + (offset if offset else 0)
    else:
        year = ctx.dct.year
        if q > current and ctx.tense(m.start(), m.end()) == "past":
            year -= 1
    return [(m.start(), m.end(), "DATE", f"{year:04d}-Q{q}")]


ENDED = re.compile(r"\s+end(?:ed|ing)\s+(?P<month>[A-Za-z]+\.?)\s+(?P<day>\d{1,2})\b")


def _quarter_ended(ctx: Context, m: re.Match[str]) -> str | None:
    """"the quarter ended July 31": the calendar quarter holding most of the three months that end on
    that day (May-July: the second), for a report that has not named its quarter."""
    if not (e := ENDED.match(m.string, m.end())) or not (month := _month(ctx, e.group("month"))):
        return None
    value = _resolve_date(ctx, e, None, month, int(e.group("day")), None, e.start("month"), e.end())
    if value is None:
        return None
    middle = date.fromisoformat(value) - timedelta(days=45)
    return f"{middle.year:04d}-Q{(middle.month - 1) // 3 + 1}"


def _the_quarter(m: re.Match[str], ctx: Context) -> list[Found] | None:
    """"the quarter", "the latest quarter": the quarter under discussion, else the last one reported.

    "The latest quarter" has been reported, so it is at most the last quarter completed before the DCT
    (a "fourth-quarter charge" announced in November is ahead, not the quarter being reported). A
    comparison ("the year-ago quarter", "the same period last year", "the 1988 quarter") is a year back
    and leaves the quarter under discussion where it is.
    """
    groups = m.groupdict()
    qrel = key(groups.get("qrel") or "")
    back = qrel in ("year-ago", "year-earlier") or bool(groups.get("yback"))
    last_done = ctx.last_done()
    if qrel == "current":
        quarter = f"{ctx.dct.year:04d}-Q{(ctx.dct.month - 1) // 3 + 1}"
    elif back or qrel in ("latest", "most recent", "recent"):
        quarter = ctx.reported_quarter(m.start()) or last_done
        if not back and quarter > last_done:
            quarter = last_done
    else:  # a quarter the text has named (perhaps by its fiscal number) wins over the calendar
        quarter = ctx.near_quarter(m.start()) or _quarter_ended(ctx, m) or last_done
    year, q = int(quarter[:4]), int(quarter[-1])
    if back:
        year -= 1
        ctx.derived = True
    if groups.get("year"):  # "the 1988 quarter": the quarter under discussion, in 1988
        year = parse_year(m.group("year"), ctx.dct, ctx.grammar.number_words)
        ctx.derived = True
    return [(m.start(), m.end(), "DATE", f"{year:04d}-Q{q}")]


def n_anaphoric(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """"that year", "the same month", "that night", "the next day", "the day before": the period of the
    date last mentioned, or the day before/after it (narrative time, not the article date).

    A year needs any earlier date (``Context.year_anchor``), a month, week or day a date of that
    precision (``Context.anchor``). Without one, "that day" is not a time we can place and stays
    untagged, while "the next day" counts from the article date (the story's day when none is named).
    """
    groups = m.groupdict()
    unit = _unit(ctx, groups.get("unit")) or "D"
    pod = _pod(ctx, groups.get("pod"))
    rel = key(groups.get("rel") or "")
    step = 0 if not rel else (1 if rel in ("next", "following", "after") else -1)
    if unit == "Y":
        year = ctx.near_year(m.start())
        return [(m.start(), m.end(), "DATE", year)] if year else None
    anchor = ctx.near_anchor(m.start(), 1000)
    if unit == "M":
        ok = anchor and re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", anchor)
        return [(m.start(), m.end(), "DATE", anchor[:7])] if ok else None  # type: ignore[index]
    if anchor and re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor):
        base = date.fromisoformat(anchor)
    elif step:
        base = ctx.dct
    else:
        return None
    if unit == "W":
        return [(m.start(), m.end(), "DATE", at_precision(base, "W"))]
    day = base + timedelta(days=step)
    if pod:
        return [(m.start(), m.end(), "TIME", f"{day.isoformat()}T{pod}")]
    return [(m.start(), m.end(), "DATE", day.isoformat())]


def n_half(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    half = 1 if key(groups["half"]) == "first" else 2
    if groups.get("year"):
        year = parse_year(groups["year"], ctx.dct, ctx.grammar.number_words)
    else:
        year = ctx.dct.year + (REL_OFFSET.get(key(groups["rel"]), 0) if groups.get("rel") else 0)
    return [(m.start(), m.end(), "DATE", f"{year:04d}-H{half}")]


def n_season(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    """Seasons are ordered SP, SU, FA, WI; a winter belongs to the year of its December (TimeML)."""
    groups = m.groupdict()
    code = ctx.grammar.lexicon["seasons"][key(groups["season"])]
    if groups.get("year"):
        year = parse_year(groups["year"], ctx.dct, ctx.grammar.number_words)
        return [(m.start(), m.end(), "DATE", f"{year:04d}-{code}")]
    dct = ctx.dct
    season_year = dct.year - 1 if dct.month <= 2 else dct.year
    current = season_year * 4 + SEASON_ORDER.index(SEASON_OF_MONTH[dct.month])
    target = SEASON_ORDER.index(code)
    offset = REL_OFFSET.get(key(groups["rel"]), 0) if groups.get("rel") else 0
    ordinal = current + offset
    step = -1 if offset < 0 else 1
    while ordinal % 4 != target:
        ordinal += step
    if offset == 0:
        ordinal = season_year * 4 + target
        if not groups.get("rel") and ctx.tense(m.start(), m.end()) == "past" and ordinal > current:
            ordinal -= 4
    return [(m.start(), m.end(), "DATE", f"{ordinal // 4:04d}-{code}")]


def n_time(m: re.Match[str], rule: Rule, ctx: Context) -> list[Found] | None:
    groups = m.groupdict()
    anchor = ctx.near_anchor(m.start())
    # a clock time without a day belongs to the day under discussion ("Friday ... at 10:35 a.m.")
    day = date.fromisoformat(anchor) if anchor and re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor) else ctx.dct
    if groups.get("weekday"):
        weekday = _weekday(ctx, groups["weekday"])
        if weekday:
            day = resolve_weekday(ctx, weekday, None, m.start(), m.end())
    elif groups.get("month") and groups.get("day"):
        month = _month(ctx, groups["month"])
        value = None
        if month:
            value = _resolve_date(ctx, m, None, month, _day(groups["day"]), None, m.start(), m.end())
        if value:
            day = date.fromisoformat(value)
    elif groups.get("dayword"):
        day = ctx.dct + timedelta(days=DAY_WORD.get(key(groups["dayword"]), 0))
    fixed = key(groups.get("fixed") or "")
    if groups.get("pod") and not groups.get("hour"):
        return [(m.start(), m.end(), "TIME", f"{day.isoformat()}T{_pod(ctx, groups['pod'])}")]
    if fixed:
        clock = "24:00" if fixed == "midnight" else "12:00"
    else:
        hour = int(groups["hour"])
        minute = int(groups["minute"]) if groups.get("minute") else 0
        ampm = key(groups.get("ampm") or "")
        pod = _pod(ctx, groups.get("pod"))
        later = pod in ("AF", "EV") or (pod == "NI" and hour >= 6)
        if (ampm.startswith("p") or (not ampm and later)) and hour < 12:
            hour += 12  # "5 p.m.", "7 in the evening"
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 24 or (not ampm and hour > 23):
            return None
        clock = f"{hour:02d}:{minute:02d}"
    return [(m.start(), m.end(), "TIME", f"{day.isoformat()}T{clock}")]


NORMALIZERS: dict[str, Callable[[re.Match[str], Rule, Context], list[Found] | None]] = {
    "literal": n_literal,
    "vague": n_vague,
    "date": n_date,
    "date_list": n_date_list,
    "holiday": n_holiday,
    "year": n_year,
    "decade": n_decade,
    "century": n_century,
    "relative": n_relative,
    "shifted": n_shifted,
    "weekday": n_weekday,
    "day_rel": n_day_rel,
    "duration": n_duration,
    "set": n_set,
    "quarter": n_quarter,
    "half": n_half,
    "season": n_season,
    "time": n_time,
    "anaphoric": n_anaphoric,
}
