"""Photo credits and gallery counters inside scraped article text.

A web page flattened to text keeps its picture furniture in the article: "... injuring 40 Jane Roe/PA 2/8
Police officers walk ...". The photographer is not an actor of the story, so the NLP layer marks such
spans once, with the parse, in ``doc.spans["credits"]`` (label ``credit`` or ``counter``); the text and
its offsets never change, and later stages skip what lies inside (``credit_tokens``).

The forms are recognised from ``data/credits.yaml`` (agency names, cue words, page markers):

- a parenthesised credit, with a cue ("(Photo: Jane Roe/AP)") or naming an agency ("(Reuters)",
  "(Jane Roe/The Washington Post)"), unless it is a dateline ("LONDON (Reuters) - ...");
- "Name/Agency", "Agency/Name", "Twitter/@handle" standing before a counter, a page marker or a line end;
- "Photo: ...", "Image copyright X [Image caption]";
- gallery counters: "N/M" when the article has at least two of them with the same M, "Image 3 of 12",
  and the gallery size an agency credit repeats ("Getty Images 22 ... Reuters 22");
- whatever name stands right before a counter ("Jane Roe 6/8"), and an agency right after "1 of 10";
- an agency standing alone between two captions ("... the race Getty Images The ..."): always for a
  picture-only agency, and for a wire service only in an article that already shows two credits, and never
  after a word that makes it part of a sentence ("told Reuters", "according to AFP").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span

DATA = Path(__file__).parent / "data" / "credits.yaml"
KEY = "credits"  # the Doc span group
LISTS = ("platforms", "cues", "copyright", "caption", "markers", "counter_words", "not_before")
SENTENCE_POS = {"ADP", "DET", "VERB", "AUX", "PART", "CCONJ", "SCONJ", "PRON"}
CAPTION_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "GPE", "LOC", "FAC", "NORP"}
MIN_EVIDENCE = 2  # credits of other forms that make a wire-service name standing alone a credit too


class CreditDataError(ValueError):
    """``credits.yaml`` is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled credit grammar, and which agency names only ever sign pictures."""

    agency: str  # regex alternative of every agency name (as written and in capitals), longest first
    photo_only: frozenset[str]
    platform: str
    cue: str
    copyright: str
    caption: str
    marker: str
    counter_word: str
    not_before: frozenset[str]


def _alt(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


@cache
def patterns(path: Path = DATA) -> Patterns:
    """Load and validate ``credits.yaml`` once; a bad entry raises ``CreditDataError`` naming it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CreditDataError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CreditDataError(f"{path.name}: expected a mapping at the top level")
    names, photo_only = [], set()
    for n, entry in enumerate(raw.get("agencies") or [], start=1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise CreditDataError(f"{path.name}: agencies entry {n} ({entry!r}) needs a non-empty name")
        if set(entry) - {"name", "photo_only"} or not isinstance(entry.get("photo_only", False), bool):
            raise CreditDataError(f"{path.name}: agencies entry {n} ({entry['name']}): only name and a "
                                  f"true/false photo_only are allowed")
        variants = {entry["name"], entry["name"].upper()}
        names.extend(variants)
        if entry.get("photo_only"):
            photo_only.update(variants)
    if not names:
        raise CreditDataError(f"{path.name}: agencies must list at least one name")
    lists = {}
    for key in LISTS:
        value = raw.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise CreditDataError(f"{path.name}: {key} must be a non-empty list of strings, got {value!r}")
        lists[key] = value
    return Patterns(
        agency=_alt(names), photo_only=frozenset(photo_only), platform=_alt(lists["platforms"]),
        cue=_alt(lists["cues"]), copyright=_alt(lists["copyright"]), caption=_alt(lists["caption"]),
        marker=_alt(lists["markers"]), counter_word=_alt(lists["counter_words"]),
        not_before=frozenset(w.lower() for w in lists["not_before"]))


@dataclass(frozen=True, slots=True)
class Grammar:
    """Regular expressions built from the data, compiled once."""

    paren_cue: re.Pattern[str]
    paren: re.Pattern[str]
    slash: re.Pattern[str]
    copyright: re.Pattern[str]
    cue: re.Pattern[str]
    fraction: re.Pattern[str]
    of_counter: re.Pattern[str]
    agency: re.Pattern[str]
    agency_end: re.Pattern[str]
    agency_size: re.Pattern[str]
    boundary: re.Pattern[str]


@cache
def grammar() -> Grammar:
    p = patterns()
    ag = rf"(?<![\w@])(?:{p.agency})(?![\w])"
    word = r"(?:[A-Z](?:[\w'’\-]+|\.))"  # a capitalised word or an initial, never a sentence's last word
    name = rf"{word}(?: {word}){{0,2}}"
    part = rf"(?:{ag}|@\w+|{name})"
    join = r"(?:\s?[/*]\s?|\s(?:via|for)\s|,\s?|-)"
    body = rf"{part}(?:{join}{part}){{0,4}}"
    starts_new = r"(?=\s*(?:$|\n|[A-Z0-9\"“'‘(]))"
    return Grammar(
        paren_cue=re.compile(rf"\((?i:{p.cue})s?\s*:\s*[^()\n]{{1,100}}?\)"),
        paren=re.compile(rf"\(\s*({body})\s*\){starts_new}(?!\s*[-–—])"),
        slash=re.compile(rf"(?:{name}\s?/\s?{ag}|{ag}\s?/\s?(?:{ag}|@\w+|{name})|(?:{p.platform})/@\w+|"
                         rf"{name}\s?/\s?(?:{p.platform}))"),
        copyright=re.compile(rf"(?:{p.copyright})\s+(?:[^.\n]{{1,60}}?(?=\s+(?:{p.caption}))|{body})"),
        cue=re.compile(rf"(?<![\w(])(?:{p.cue})s?:\s*{body}"),
        fraction=re.compile(r"(?<![\w/.,:(])(\d{1,3})/(\d{1,3})(?![\w/)])"),
        of_counter=re.compile(rf"(?:{p.counter_word})(?:\s+(?:{p.agency}))?\s+(\d{{1,3}}) of (\d{{1,3}})\b"),
        agency=re.compile(ag),
        agency_end=re.compile(rf"{ag}$"),
        agency_size=re.compile(rf"{ag}\s+(\d{{1,3}})(?=\s+[A-Z\"“'‘(])"),
        boundary=re.compile(
            rf"\s*(?:$|\n|(?P<marker>{p.marker})\b|\d{{1,3}}/\d{{1,3}}\b|\(|\d{{1,3}} of \d)"),
    )


def _counters(text: str, g: Grammar) -> list[tuple[int, int]]:
    """Gallery counters as character ranges: "2/8" (two or more with the same total), "Image 3 of 12",
    and a gallery size repeated after agency credits ("Getty Images 22 ... Reuters 22")."""
    found: list[tuple[int, int]] = []
    by_total: dict[str, list[re.Match[str]]] = {}
    for m in g.fraction.finditer(text):
        if 1 <= int(m.group(1)) <= int(m.group(2)) and int(m.group(2)) >= 2:
            by_total.setdefault(m.group(2), []).append(m)
    for matches in by_total.values():
        if len({m.group(1) for m in matches}) >= 2:
            found.extend(m.span() for m in matches)
    for m in g.of_counter.finditer(text):
        if 1 <= int(m.group(1)) <= int(m.group(2)):
            found.append(m.span(1)[:1] + m.span(2)[1:])
    sizes: dict[str, list[tuple[int, int]]] = {}
    for m in g.agency_size.finditer(text):
        sizes.setdefault(m.group(1), []).append(m.span(1))
    for size, spans in sizes.items():
        if len(spans) >= 2:  # the gallery size: every bare occurrence before a new caption is a counter
            found.extend(m.span() for m in re.finditer(rf"(?<=\s){size}(?=\s+[A-Z\"“'‘(])", text))
    return found


def _char_credits(text: str, g: Grammar) -> list[tuple[int, int]]:
    """Credits the text alone shows: parenthesised, slashed, cued and copyright forms."""
    found = [m.span() for m in g.paren_cue.finditer(text)]
    found += [m.span() for m in g.paren.finditer(text) if g.agency.search(m.group(1))]
    for m in g.slash.finditer(text):
        after = g.boundary.match(text, m.end())
        if after:  # a page marker after the credit ("Buy Photo") goes with it
            found.append((m.start(), after.end() if after.group("marker") else m.end()))
    found += [m.span() for m in g.copyright.finditer(text)]
    found += [m.span() for m in g.cue.finditer(text)]
    return found


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def _before_counter(doc: Doc, text: str, counter: Span, g: Grammar) -> Span | None:
    """The credit written right before a counter: an agency, else the entity or name that ends there.
    ``text`` is ``doc.text``, read once by ``find`` (spaCy rebuilds it on every access)."""
    if counter.start == 0:
        return None
    offset = max(0, counter.start_char - 60)
    m = g.agency_end.search(text[offset : counter.start_char].rstrip())
    if m:
        return _span(doc, offset + m.start(), offset + m.end(), "credit")
    prev = doc[counter.start - 1]
    if prev.ent_type_ in {"PERSON", "ORG"}:  # the entity may run on into the counter ("Jane Roe 6/8")
        start = prev.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return _trim(Span(doc, start, counter.start, label="credit"))
    if "/" not in counter.text:
        return None  # a bare gallery size says too little to take an unnamed word before it
    start, first = counter.start, max(0, counter.start - 3)
    while start > first and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
        start -= 1
    return Span(doc, start, counter.start, label="credit") if counter.start - start >= 2 else None


def _after_counter(doc: Doc, text: str, counter: Span, g: Grammar) -> Span | None:
    """An agency right after a "1 of 10" counter ("Play slideshow 1 of 10 AFP Outgoing Obama ...")."""
    m = g.agency.match(text, counter.end_char + 1) if counter.end_char < len(text) else None
    return _span(doc, m.start(), m.end(), "credit") if m else None


def _standalone_agency(doc: Doc, text: str, m: re.Match[str], evidence: bool) -> Span | None:
    """An agency between two captions: not part of a sentence before it, and a new one starts after it."""
    p = patterns()
    if m.group() not in p.photo_only and not evidence:
        return None
    rest = text[m.end() : m.end() + 3]
    if not re.match(r"\s*(?:$|\n|[A-Z0-9\"“'‘(*])", rest) or re.match(r"\s*[-–—]", rest):
        return None
    span = _span(doc, m.start(), m.end(), "credit")
    if span is None:
        return None
    if doc[span.start].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I"):
        return None  # part of a longer name: "BBC News", "USA TODAY NETWORK", "the J. Paul Getty Trust"
    if span.start > 0:
        prev = doc[span.start - 1]
        sentence_word = prev.pos_ in SENTENCE_POS and not prev.is_punct
        if prev.lower_ in p.not_before or prev.text == "," or sentence_word:
            return None  # part of a sentence or a byline: "told Reuters", "Jane Roe, BBC News"
    return span


def find(doc: Doc) -> list[Span]:
    """Every credit and counter of a parsed document, as non-overlapping token spans in text order."""
    g, text = grammar(), doc.text
    spans: list[Span] = []
    for start, end in _counters(text, g):
        span = _span(doc, start, end, "counter")
        if span is not None:
            spans.append(span)
    for counter in list(spans):
        spans.extend(s for s in (_before_counter(doc, text, counter, g),) if s is not None)
        if " of " in counter.text:
            spans.extend(s for s in (_after_counter(doc, text, counter, g),) if s is not None)
    for start, end in _char_credits(text, g):
        span = _span(doc, start, end, "credit")
        if span is not None:
            spans.append(_trim(span))
    for wire_services in (False, True):  # picture agencies first: they count as evidence for the others
        taken = _tokens(spans)
        evidence = wire_services and sum(1 for s in spans if s.label_ == "credit") >= MIN_EVIDENCE
        for m in g.agency.finditer(text):
            if (m.group() in patterns().photo_only) == wire_services:
                continue
            span = _standalone_agency(doc, text, m, evidence)
            if span is not None and not taken.intersection(range(span.start, span.end)):
                spans.append(span)
    return _merge(spans)


def _trim(span: Span) -> Span:
    """Drop the caption's last words that a name pattern took along ("Monday Jane Roe/PA" -> "Jane Roe/PA"):
    leading tokens the NER reads as a date, number or place."""
    start = span.start
    while start < span.end - 1 and span.doc[start].ent_type_ in CAPTION_LABELS:
        start += 1
    return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)


def _tokens(spans: list[Span]) -> set[int]:
    return {i for s in spans for i in range(s.start, s.end)}


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one; a credit absorbs a counter it overlaps."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end or (span.label_ == "credit" and last.label_ != "credit"):
                label = "credit" if "credit" in (span.label_, last.label_) else "counter"
                merged[-1] = Span(span.doc, last.start, max(last.end, span.end), label=label)
            continue
        merged.append(span)
    return merged


def credit_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside credits and counters (empty for a Doc parsed without the component)."""
    group = doc.spans.get(KEY) if doc.spans is not None else None
    return frozenset(i for s in group or () for i in range(s.start, s.end))


def mark(doc: Doc) -> Doc:
    """Store the credits of ``doc`` in ``doc.spans["credits"]`` (the spaCy component's job)."""
    doc.spans[KEY] = find(doc)
    return doc
