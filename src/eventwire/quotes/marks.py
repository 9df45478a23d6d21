"""Quoted stretches of text found from the quotation marks alone, paragraph by paragraph.

This is string work, not parsing: it runs before any attribution and does not need the parse. It copes
with what real news text does to quotation marks:

- every style in ``cues.yaml`` (straight, curly, guillemets, low-high), with single marks nested
  inside double ones kept as part of the content, and top-level single quotes (British style) only when
  the mark cannot be an apostrophe;
- a closing mark with no opening mark in the paragraph (a translation or scrape lost it): the quote
  runs back to the start of the paragraph, or to the end of the previous quote in it;
- a paragraph that opens a quote and does not close it: the quote runs to the end of the paragraph,
  and the next paragraph that opens with a mark continues it (the journalistic convention for quotes
  over several paragraphs) -- each paragraph gets its own segment so spans never include marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eventwire.quotes.lexicon import Cues

TRAILING = " \t\r\n,"  # a comma before the closing mark belongs to the reporting sentence


@dataclass(slots=True)
class Segment:
    """Quoted content ``text[start:end]`` without marks; ``opened``/``closed`` say whether marks were seen."""

    start: int
    end: int
    paragraph: tuple[int, int]  # start and end of the paragraph (line) that holds the segment
    opened: bool = True  # False: a closing mark with no opening one
    closed: bool = True  # False: the paragraph ended inside the quote
    continues: bool = False  # True: continues a quote left open at the end of an earlier paragraph
    mark_start: int = 0  # where the quote, marks included, starts and ends in the text
    mark_end: int = 0


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines of the text as (start, end) offsets, surrounding whitespace excluded."""
    found, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            found.append((start, start + len(stripped)))
        pos += len(line) + 1
    return found


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _opening_like(text: str, i: int, lo: int) -> bool:
    """A straight or single mark that starts a quote: at the paragraph start or after space/bracket/dash."""
    prev = text[i - 1] if i > lo else " "
    return not _is_word_char(prev) and prev not in ".,;:!?"


def _closing_like(text: str, i: int, hi: int) -> bool:
    """A mark that ends a quote: followed by a non-letter (so not the apostrophe in "didn’t")."""
    nxt = text[i] if i < hi else " "
    return not _is_word_char(nxt)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return start, end


@cache
def _mark_pattern(marks: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for every mark, longest first so "''" wins over a shorter mark."""
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))


def find_segments(text: str, cues: Cues) -> list[Segment]:
    """Every quoted stretch of ``text`` in order; see the module docstring for the layouts handled."""
    double_close: dict[str, set[str]] = {}
    for o, c in cues.double_marks:
        double_close.setdefault(o, set()).add(c)
    single_close: dict[str, set[str]] = {}
    for o, c in cues.single_marks:
        single_close.setdefault(o, set()).add(c)
    closers = {c for cs in double_close.values() for c in cs}
    single_closers = {c for cs in single_close.values() for c in cs}
    pattern = _mark_pattern(tuple(sorted(set(double_close) | closers | set(single_close) | single_closers)))
    symmetric = {o for o, cs in double_close.items() if o in cs}  # straight marks: '"' and "''"
    segments: list[Segment] = []
    left_open = False  # the previous paragraph ended inside a quote
    for lo, hi in paragraphs(text):
        expect: set[str] | None = None  # closing marks of the open quote, None when outside
        single = False
        open_at = open_len = 0
        floor = lo  # an unbalanced closing quote may not reach back before this
        opened_here = False
        first = pattern.match(text, lo, hi)
        continuing = left_open and first is not None and first.group() in double_close
        left_open = False
        for match in pattern.finditer(text, lo, hi):
            mark, i, after = match.group(), match.start(), match.end()
            if expect is None:
                straight_close = (
                    mark in symmetric and _closing_like(text, after, hi) and not _opening_like(text, i, lo)
                )
                if mark in double_close and not straight_close:
                    expect, single, open_at, open_len, opened_here = (
                        double_close[mark],
                        False,
                        i,
                        len(mark),
                        True,
                    )
                elif mark in closers:
                    _add(segments, text, floor, i, (lo, hi), opened=False, closed=True, mark=(floor, after))
                    floor = after
                elif mark in single_close and _opening_like(text, i, lo):
                    expect, single, open_at, open_len, opened_here = (
                        single_close[mark],
                        True,
                        i,
                        len(mark),
                        True,
                    )
            elif single and mark in double_close and mark not in expect:
                # A double mark inside a "single quote" means the single mark was an apostrophe.
                expect, single, open_at, open_len, opened_here = double_close[mark], False, i, len(mark), True
            elif mark in expect and (not single or _closing_like(text, after, hi)):
                seg = _add(
                    segments,
                    text,
                    open_at + open_len,
                    i,
                    (lo, hi),
                    opened=True,
                    closed=True,
                    mark=(open_at, after),
                )
                if seg is not None and continuing and open_at == lo:
                    seg.continues = True
                expect, floor = None, after
        if expect is not None:
            if single:
                # An unclosed single mark is far more often an apostrophe than a quote: ignore it.
                continue
            seg = _add(
                segments,
                text,
                open_at + open_len,
                hi,
                (lo, hi),
                opened=True,
                closed=False,
                mark=(open_at, hi),
            )
            if seg is not None:
                seg.continues = continuing and open_at == lo
            left_open = opened_here
    return segments


def _add(
    segments: list[Segment],
    text: str,
    start: int,
    end: int,
    paragraph: tuple[int, int],
    *,
    opened: bool,
    closed: bool,
    mark: tuple[int, int],
) -> Segment | None:
    start, end = _trimmed(text, start, end)
    if start >= end or not any(_is_word_char(c) for c in text[start:end]):
        return None
    seg = Segment(start, end, paragraph, opened, closed, mark_start=mark[0], mark_end=mark[1])
    segments.append(seg)
    return seg
