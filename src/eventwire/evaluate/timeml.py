"""TempEval-3 Task A scoring of eventwire's TIMEX3 tagger on TimeML files, and TimeML output.

``evaluate_dir(gold_dir)`` reads every ``.tml`` under ``gold_dir``, takes the document creation time from
its TIMEX3 with ``functionInDocument="CREATION_TIME"`` (not scored, as in TempEval), tags the plain text
of ``<TEXT>`` with ``eventwire.timex`` and compares extents and attributes with the gold TIMEX3 tags:

- strict P/R/F1: system and gold extents identical;
- relaxed P/R/F1: extents overlap;
- type and value accuracy over the relaxed matches (each gold timex paired with the overlapping
  system timex that overlaps it most), and type/value F1 = accuracy x relaxed F1 (TempEval-3);
- ``value_f1_notation``, a secondary figure, never the headline: value F1 when two spellings of the same
  TIMEX3 value count as equal (``same_notation``: an unpadded ISO week "2000-W7" is "2000-W07"; a decade
  written "198X" is the guidelines' "198"). It shows how much of the gap is spelling, not meaning.

``tag_dir(input_dir, out_dir)`` writes, for each input ``.tml``, a TimeML file with eventwire's TIMEX3
tags in ``<TEXT>`` (and the original DCT) so external scorers can be run on it.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from eventwire.model import Timex

_UNPADDED_WEEK = re.compile(r"^(\d{4})-W(\d)(?=$|-)")
_DECADE_X = re.compile(r"^(\d{3})X$")


def same_notation(gold: str, system: str) -> bool:
    """True when two TIMEX3 values differ only in spelling: an unpadded ISO week number or a decade
    written with a trailing X (both occur in the AQUAINT gold; TimeML 1.2.1 writes "2000-W07", "198")."""

    def canonical(value: str) -> str:
        value = _UNPADDED_WEEK.sub(lambda m: f"{m[1]}-W0{m[2]}", value)
        return _DECADE_X.sub(lambda m: m[1], value)

    return canonical(gold) == canonical(system)


class TimeMLError(ValueError):
    """A TimeML file that cannot be scored (not XML, no TEXT, no creation time)."""


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    """The plain text of ``<TEXT>``, its DCT and the TIMEX3 tags inside it (offsets into ``text``)."""

    path: Path
    doc_id: str
    dct: date
    dct_value: str
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def _flatten(elem: ET.Element, parts: list[str], timexes: list[GoldTimex], pos: int) -> int:
    """Append the text under ``elem`` to ``parts``; record TIMEX3 extents. Returns the new offset."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _flatten(child, parts, timexes, pos)
        if child.tag == "TIMEX3":
            text = "".join(parts)[start:pos]
            timexes.append(GoldTimex(start, pos, text, child.get("type", ""), child.get("value", "")))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def read_timeml(path: Path) -> TimeMLDoc:
    """Parse one TimeML file into plain text, DCT and gold TIMEX3 tags."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise TimeMLError(f"{path}: not well-formed XML: {exc}") from exc
    dct_el = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct_el is None:
        raise TimeMLError(f"{path}: no TIMEX3 with functionInDocument=\"CREATION_TIME\"")
    dct_value = dct_el.get("value", "")
    digits = dct_value.replace("-", "")[:8]
    try:
        dct = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError as exc:
        raise TimeMLError(f"{path}: creation time {dct_value!r} is not a date") from exc
    text_el = root.find("TEXT")
    if text_el is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_el, parts, timexes, 0)
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimeMLDoc(path, doc_id, dct, dct_value, "".join(parts), timexes)


@dataclass
class Counts:
    """Running totals for TempEval-3 Task A."""

    gold: int = 0
    system: int = 0
    strict_sys: int = 0
    strict_gold: int = 0
    relaxed_sys: int = 0
    relaxed_gold: int = 0
    pairs: int = 0
    type_ok: int = 0
    value_ok: int = 0
    value_notation_ok: int = 0

    def add(self, gold: list[GoldTimex], system: list[Timex]) -> list[dict[str, Any]]:
        """Score one document; returns its errors (missed, spurious, wrong extent/type/value)."""
        errors: list[dict[str, Any]] = []
        self.gold += len(gold)
        self.system += len(system)
        exact_gold = {(g.start, g.end) for g in gold}
        exact_sys = {(s.start, s.end) for s in system}
        self.strict_sys += sum((s.start, s.end) in exact_gold for s in system)
        self.strict_gold += sum((g.start, g.end) in exact_sys for g in gold)
        self.relaxed_sys += sum(any(s.start < g.end and g.start < s.end for g in gold) for s in system)
        for s in system:
            if not any(s.start < g.end and g.start < s.end for g in gold):
                errors.append({"kind": "spurious", "text": s.text, "type": s.type, "value": s.value})
        for g in gold:
            overlapping = [s for s in system if s.start < g.end and g.start < s.end]
            if not overlapping:
                errors.append({"kind": "missed", "text": g.text, "type": g.type, "value": g.value})
                continue
            self.relaxed_gold += 1
            best = max(overlapping, key=lambda s: min(s.end, g.end) - max(s.start, g.start))
            self.pairs += 1
            self.type_ok += best.type == g.type
            self.value_ok += best.value == g.value
            self.value_notation_ok += same_notation(g.value, best.value)
            if (best.start, best.end) != (g.start, g.end):
                errors.append({"kind": "extent", "text": g.text, "system": best.text})
            if best.type != g.type or best.value != g.value:
                errors.append({"kind": "attribute", "text": g.text, "gold": f"{g.type} {g.value}",
                               "system": f"{best.type} {best.value}"})
        return errors

    def metrics(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.strict_sys / self.system if self.system else 0.0
        sr = self.strict_gold / self.gold if self.gold else 0.0
        rp = self.relaxed_sys / self.system if self.system else 0.0
        rr = self.relaxed_gold / self.gold if self.gold else 0.0
        type_acc = self.type_ok / self.pairs if self.pairs else 0.0
        value_acc = self.value_ok / self.pairs if self.pairs else 0.0
        notation_acc = self.value_notation_ok / self.pairs if self.pairs else 0.0
        relaxed_f1 = f1(rp, rr)
        return {
            "strict_precision": sp, "strict_recall": sr, "strict_f1": f1(sp, sr),
            "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": relaxed_f1,
            "type_accuracy": type_acc, "value_accuracy": value_acc,
            "type_f1": type_acc * relaxed_f1, "value_f1": value_acc * relaxed_f1,
            "value_f1_notation": notation_acc * relaxed_f1,
        }


def evaluate_dir(gold_dir: Path, with_errors: bool = False) -> dict[str, Any]:
    """Tag every ``.tml`` under ``gold_dir`` and score against its TIMEX3 tags (TempEval-3 Task A).

    Returns the metrics plus counts, the number of documents, files that could not be read and the
    time spent in spaCy parsing and in the time layer (seconds, totals over all documents). With
    ``with_errors`` every missed/spurious/misnormalized expression is listed per document.
    """
    from eventwire import nlp, timex

    gold_dir = Path(gold_dir)
    counts = Counts()
    skipped: list[str] = []
    errors: dict[str, list[dict[str, Any]]] = {}
    parse_time = tag_time = 0.0
    files = sorted(gold_dir.rglob("*.tml"))
    docs = 0
    for path in files:
        try:
            doc = read_timeml(path)
        except TimeMLError as exc:
            skipped.append(str(exc))
            continue
        t0 = time.perf_counter()
        parsed = nlp.parse(doc.text)
        t1 = time.perf_counter()
        found = timex.tag(parsed, doc.dct)
        t2 = time.perf_counter()
        parse_time += t1 - t0
        tag_time += t2 - t1
        docs += 1
        doc_errors = counts.add(doc.timexes, found)
        if with_errors and doc_errors:
            errors[doc.path.name] = doc_errors
    result: dict[str, Any] = {
        "documents": docs,
        "gold": counts.gold,
        "system": counts.system,
        **counts.metrics(),
        "parse_seconds": parse_time,
        "timex_seconds": tag_time,
        "parse_ms_per_document": 1000 * parse_time / docs if docs else 0.0,
        "timex_ms_per_document": 1000 * tag_time / docs if docs else 0.0,
        "skipped": skipped,
    }
    if with_errors:
        result["errors"] = errors
    return result


def to_timeml(doc: TimeMLDoc, timexes: list[Timex]) -> str:
    """A TimeML document with ``doc``'s DCT and text and ``timexes`` as its TIMEX3 tags."""
    body: list[str] = []
    pos = 0
    for t in sorted(timexes, key=lambda t: t.start):
        if t.start < pos:
            continue
        body.append(escape(doc.text[pos : t.start]))
        body.append(
            f'<TIMEX3 tid="t{t.id[1:]}" type="{t.type}" value={quoteattr(t.value)}>{escape(t.text)}</TIMEX3>'
        )
        pos = t.end
    body.append(escape(doc.text[pos:]))
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n'
        f"<DOCID>{escape(doc.doc_id)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(doc.dct_value)} temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{escape(doc.dct_value)}</TIMEX3></DCT>\n'
        f"<TEXT>{''.join(body)}</TEXT>\n</TimeML>\n"
    )


def tag_dir(input_dir: Path, out_dir: Path) -> int:
    """Write one TimeML file with eventwire's TIMEX3 tags per ``.tml`` under ``input_dir``.

    Output keeps the relative path; unreadable inputs are skipped. Returns the number of documents written.
    """
    from eventwire import timex

    input_dir, out_dir = Path(input_dir), Path(out_dir)
    written = 0
    for path in sorted(input_dir.rglob("*.tml")):
        try:
            doc = read_timeml(path)
        except TimeMLError:
            continue
        target = out_dir / path.relative_to(input_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_timeml(doc, timex.tag_text(doc.text, doc.dct)), encoding="utf-8")
        written += 1
    return written
