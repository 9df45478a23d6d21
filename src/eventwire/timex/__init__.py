"""TIMEX3 tagging and normalization of English news text against the article date (DCT).

The grammar (words and patterns) lives in ``timex/data/*.yaml`` (see ``grammar.py``); this module is
the engine: every rule whose trigger words (``needs``) occur in the text runs its regex over the text,
overlapping candidates are resolved longest-first (earlier rule on ties),
and each surviving match is normalized in text order (``normalize.py``) so that "three days later" can
use the last full date before it as its anchor. The spaCy parse is only read (for the tense of the verb
that governs a weekday or a month without a year), never recomputed.

Public API:
  ``tag(doc, dct)``        TIMEX3 expressions of a parsed document, ids T1, T2 ... in text order.
  ``tag_text(text, dct)``  the same for raw text (parses with ``eventwire.nlp.parse``).
  ``date_part(value)``     the calendar date a value sits in, as YYYY-MM-DD / YYYY-MM / YYYY, or None.
  ``precision(value)``     "day" / "month" / "year" of ``date_part(value)``, or None.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc

from eventwire.model import Precision, Timex
from eventwire.timex.grammar import Grammar, GrammarError, Rule, load
from eventwire.timex.normalize import NORMALIZERS, Context, key

__all__ = ["GrammarError", "date_part", "precision", "tag", "tag_text"]

PREPOSITIONS = {
    "in", "since", "until", "till", "by", "during", "of", "from", "through", "to", "before", "after",
    "between", "and", "or", "early", "late", "mid", "last", "next", "this", "for", "at", "on", "around",
    "about", "circa", "than", "that", "fiscal", "calendar", "year", "summer", "spring", "winter", "fall",
}
NUMERIC_ENTS = {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}
NAME_ENTS = {"PERSON", "ORG", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT", "LAW"}
# Normalizers whose dates are explicit or DCT-relative: they may anchor later narrative shifts
# ("a year earlier", "the following year"); shifted dates never anchor (no drift along a chain).
ANCHORING = {"date", "date_list", "year", "quarter", "holiday", "weekday", "day_rel", "time"}
LOOK = 80  # characters of context that `before`/`after` conditions may inspect
WORD = re.compile(r"[a-z]+")  # the text's words, for the rules' `needs` prefilter
DIGIT = re.compile(r"\d")


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([\w'’]+)[\s,]*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _token_at(doc: Doc | None, start: int, end: int):
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _check(name: str, m: re.Match[str], text: str, doc: Doc | None, g: Grammar) -> bool:
    """Named tests that keep ambiguous words (May, fall, 2000, current) from being tagged as times."""
    start, end = m.span()
    before = _word_before(text, start)
    if name == "year_like":
        ys, ye = m.span("year")
        if re.search(r"[$£€#]\s*$|\bNo\.\s*$|\bpage\s*$", text[max(0, ys - 8) : ys], re.I):
            return False
        if re.match(r"\s*(?:%|percent\b|per\s+cent\b|-\d)", text[ye : ye + 12], re.I):
            return False
        if ys != start or before in PREPOSITIONS:
            return True
        tok = _token_at(doc, ys, ye)
        if tok is None:
            return True
        if tok.ent_type_ in NUMERIC_ENTS:
            return False
        nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
        return not (nxt is not None and nxt.tag_ == "NNS" and tok.ent_type_ != "DATE")
    if name == "month_like":
        word = m.group("month")
        if not word[0].isupper():
            return False
        tok = _token_at(doc, *m.span("month"))
        if tok is not None and tok.ent_type_ in NAME_ENTS:
            return False  # "Jan Kavan", "April Ryan", "the March for Life": a name, not a month
        if key(word) in g.lexicon["ambiguous_months"]:
            return before in PREPOSITIONS
        return True
    if name == "season_like":
        groups = m.groupdict()
        if groups.get("rel") or groups.get("year") or before in PREPOSITIONS or m.group().lower().startswith(
            ("the", "early", "late", "mid")
        ):
            tok = _token_at(doc, *m.span("season"))
            return tok is None or tok.pos_ not in ("VERB", "AUX", "ADP")
        return False
    if name == "adverb_like":
        tok = _token_at(doc, start, end)
        nxt = tok.nbor() if tok is not None and tok.i + 1 < len(tok.doc) else None
        if tok is None:
            return True
        before_noun = nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and tok.pos_ == "ADJ"
        return not (tok.dep_ in ("amod", "compound") or before_noun)
    if name == "rate_like":
        # "$33 million a year", "50,000 copies a year": a quantity per period is a frequency (SET);
        # "it took a year" or "for a year" is a duration, left to the duration rules.
        if re.search(r"(?:\d|%|\b(?:million|billion|thousand|hundred|percent|cents?|dollars?))\s*$",
                     text[max(0, start - 20) : start], re.I):
            return True
        prev = _token_at(doc, max(0, start - 2), start) if doc is not None else None
        if prev is None or prev.idx + len(prev) > start:
            return False
        return prev.tag_ in ("NNS", "NNPS", "CD") and prev.dep_ not in ("npadvmod", "advmod")
    if name == "vague_like":
        word = key(m.group())
        tok = _token_at(doc, start, end)
        if word == "future" and tok is not None and tok.pos_ not in ("ADJ", "NOUN"):
            return False
        if word == "current" and tok is not None and tok.pos_ != "ADJ":
            return False
        if word == "soon" and (before == "as" or re.match(r"\s*after\b", text[end : end + 8])):
            return False  # "as soon as", "soon after the vote": a connective, not a time
        if word == "the past" and (nxt := re.match(r"\s+([a-z]+|\d)", text[end : end + 20], re.I)):
            # "the past three summers", "the past several days": a period, not the vague past
            follower = nxt.group(1).lower()
            lex = g.lexicon
            if follower.isdigit() or any(follower in lex[s] or follower.rstrip("s") in lex[s]
                                         for s in ("numbers", "units", "seasons")) or follower in {
                    w.split()[0] for w in lex["vague_numbers"]}:
                return False
        return not (word == "now" and re.match(r"\s*that\b", text[end : end + 8]))
    return True


def _admissible(rule: Rule, m: re.Match[str], text: str, doc: Doc | None, g: Grammar) -> bool:
    start, end = m.span()
    if start == end:
        return False
    if rule.before and not rule.before.search(text[max(0, start - LOOK) : start]):
        return False
    if rule.not_before and rule.not_before.search(text[max(0, start - LOOK) : start]):
        return False
    if rule.after and not rule.after.search(text[end : end + LOOK]):
        return False
    if rule.not_after and rule.not_after.search(text[end : end + LOOK]):
        return False
    return not rule.check or _check(rule.check, m, text, doc, g)


DETERMINER = re.compile(r"the\s+", re.I)
HYPHENATED_UNIT = re.compile(r"-(?:year|month|week|day|hour|minute|quarter|decade|ago|earlier|long)$", re.I)
PRENOMINAL = re.compile(r"\s+(?!(?:of|in|on|at|to|for|and|or|from|with|by|than|that|as)\b)[a-z]", re.I)


def _drop_determiner(text: str, start: int, end: int) -> int:
    """Where the expression starts once a leading "the" that belongs to the next noun is left out.

    A hyphenated time word before a noun ("the third-quarter loss", "the year-ago results", "the
    30-day period") only modifies that noun, so the article is the noun's, not the expression's (both
    TimeBank and AQUAINT tag "third-quarter", never "the third-quarter", in that position).
    """
    det = DETERMINER.match(text, start, end)
    if det is None or not HYPHENATED_UNIT.search(text, start, end) or not PRENOMINAL.match(text, end):
        return start
    return det.end()


def _tag(text: str, dct: date, doc: Doc | None) -> list[Timex]:
    if isinstance(dct, datetime):
        dct = dct.date()
    if not isinstance(dct, date):
        raise TypeError(f"the time layer needs the article date (DCT) as a datetime.date, got {dct!r}")
    g = load()
    words = set(WORD.findall(text.lower()))
    if DIGIT.search(text):
        words.add("#")
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for index, rule in enumerate(g.rules):
        if rule.needs and rule.needs.isdisjoint(words):
            continue  # none of the rule's trigger words occurs in the text
        for m in rule.regex.finditer(text):
            if _admissible(rule, m, text, doc, g):
                candidates.append((m.start(), m.end(), index, m))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    chosen: list[tuple[int, int, int, re.Match[str]]] = []
    taken = bytearray(len(text))  # one flag per character: linear, where a list of spans was quadratic
    for cand in candidates:
        if 1 not in taken[cand[0] : cand[1]]:
            chosen.append(cand)
            taken[cand[0] : cand[1]] = b"\x01" * (cand[1] - cand[0])
    chosen.sort(key=lambda c: c[0])
    ctx = Context(dct=dct, text=text, doc=doc, grammar=g)
    out: list[Timex] = []
    for _, _, index, m in chosen:
        rule = g.rules[index]
        ctx.derived = False
        try:
            found = NORMALIZERS[rule.norm](m, rule, ctx)
        except (ValueError, OverflowError, KeyError, TypeError, AttributeError):
            found = None  # an unnormalizable match (e.g. year 0) is dropped, never fatal
        # A value the normalizer derived from the discussion itself ("the year-ago quarter", "the 1988
        # period") is a comparison, not a new topic: it must not move the anchors.
        anchors = rule.norm in ANCHORING and not ctx.derived
        names_year = anchors or (rule.norm == "relative" and not ctx.derived)  # "last year" counts too
        for start, end, ttype, value in found or ():
            if not value:
                continue
            start = _drop_determiner(text, start, end)
            out.append(Timex(f"T{len(out) + 1}", start, end, text[start:end], ttype, value))  # type: ignore[arg-type]
            if names_year and ttype == "DATE" and re.match(r"\d{4}(?:-|$)", value):
                ctx.year_anchor, ctx.year_anchor_at = value[:4], end  # for "that year"
            if anchors and ttype == "DATE" and re.match(r"\d{4}-(\d\d|Q\d)", value):
                ctx.anchor, ctx.anchor_at = value, end
                if re.fullmatch(r"\d{4}-Q\d", value):
                    ctx.set_quarter(value, end)
    return out


def tag(doc: Doc, dct: date) -> list[Timex]:
    """TIMEX3 expressions in ``doc`` normalized against ``dct``; offsets index ``doc.text``."""
    return _tag(doc.text, dct, doc)


def tag_text(text: str, dct: date) -> list[Timex]:
    """Parse ``text`` with the process-wide pipeline and tag it; texts too long to parse are tagged
    without the parse (weekdays then default to the past, as in most news)."""
    from eventwire import nlp

    if not text.strip():
        return []
    if len(text) > nlp.MAX_CHARS:
        return _tag(text, dct, None)
    return tag(nlp.parse(text), dct)


DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
MONTH = re.compile(r"(\d{4})-(\d{2})")
YEAR = re.compile(r"\d{4}")
WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-WE)?")
COARSE = re.compile(r"(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA)")


def date_part(value: str) -> str | None:
    """The most precise calendar date (YYYY-MM-DD, YYYY-MM or YYYY) that contains the whole period.

    "2022-02-01TNI" -> "2022-02-01"; "2022-04" -> "2022-04"; a week "2022-W05" -> its month when the
    week lies in one month, else its year ("2022-W06" -> "2022-02"; "2022-W05", Jan 31-Feb 6 -> "2022");
    quarters, halves and seasons -> the year ("2022-Q3" -> "2022"; a winter spans two years -> None);
    durations, sets, decades and PAST_REF/PRESENT_REF/FUTURE_REF -> None.
    """
    if m := DAY.fullmatch(value):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if MONTH.fullmatch(value) or YEAR.fullmatch(value):
        return value
    if m := WEEK.fullmatch(value):
        try:
            first = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            last = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
        except ValueError:
            return None
        if first.month == last.month:
            return f"{first.year:04d}-{first.month:02d}"
        return f"{first.year:04d}" if first.year == last.year else None
    if m := COARSE.fullmatch(value):
        return m.group(1)
    return None


def precision(value: str) -> Precision | None:
    """"day", "month" or "year": the precision of ``date_part(value)`` (None when there is none)."""
    part = date_part(value)
    if part is None:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(part))  # type: ignore[return-value]
