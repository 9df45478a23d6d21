"""Score eventwire's quote attribution against brat attribution files (PolNeAR style).

Gold: one ``.ann`` per article with ``Source``, ``Cue`` and ``Content`` text-bound annotations (offsets
into the article's ``.txt``, discontinuous spans as ``a b;c d``) tied together by ``Attribution`` events
(``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1``). Layouts accepted for ``evaluate_dir(dir)``: a split
directory with ``attributions/`` and ``text/`` (PolNeAR, file stems ``<text stem>_<annotator>.ann``), a
corpus root whose ``data/dev`` is such a split, or one directory holding ``.ann`` and ``.txt`` side by side.
When several annotators annotated one text, the first ``.ann`` in name order is used.

Measures (all over word tokens, ``\\w+``, so quotation marks, punctuation and a leading "that" --
which PolNeAR puts in content spans and eventwire does not -- never decide a match):

- content ``exact``: predicted and gold content have the same word sequence;
- content ``overlap``: one-to-one matching of predicted and gold contents that share at least one word
  (greedy by shared words), precision = matched predictions / predictions, recall = matched gold / gold;
- ``quoted_recall``: overlap recall over the gold contents that contain a double quotation mark
  (direct and partial quotes, the part of PolNeAR closest to what a reader calls a quote);
- content ``token``: word-level precision and recall of all predicted content words against all gold
  content words;
- cue ``exact`` and ``overlap`` the same way, over the cues of predicted quotes that have one;
- speaker ``accuracy`` on overlap-matched pairs whose gold has a Source: the predicted speaker's head word
  lies inside the gold source, or the gold source is a relative pronoun and the predicted speaker is its
  antecedent right before it ("Cruz, who said": PolNeAR marks "who", eventwire names Cruz);
  ``strict_accuracy`` without that equivalence; ``overlap_accuracy``: the two spans share a word.

Predictions nested inside another predicted content are dropped before scoring, because PolNeAR gives
every token at most one attribution, and the pieces of a quote interrupted by its attribution ("“A,” he
said, “B.”"), which eventwire reports as quotes sharing one cue, are scored as one attribution, as
PolNeAR annotates them. Documents carry no date, and the quote layer needs none.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+")
RELATIVE = {"who", "which", "that", "whom"}
MARKS = ('"', "“", "”", "«", "»", "''")
Spans = list[tuple[int, int]]


@dataclass(slots=True)
class GoldAttribution:
    content: Spans
    cue: Spans = field(default_factory=list)
    source: Spans = field(default_factory=list)


@dataclass(slots=True)
class Predicted:
    content: Spans
    cue: Spans
    speaker: Spans
    speaker_head: int | None


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat file: each with its content, cue and source fragments."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split("\t")
        if not parts[0]:
            continue
        try:
            if parts[0].startswith("T"):
                label, offsets = parts[1].split(" ", 1)
                frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
                spans[parts[0]] = (label, [(a, b) for a, b in frags])
            elif parts[0].startswith("E"):
                events.append(dict(role.split(":", 1) for role in parts[1].split()))
        except (IndexError, ValueError) as exc:
            raise ValueError(f"{path}:{n}: cannot read brat line {line!r}: {exc}") from exc
    gold = []
    for roles in events:

        def frags(role: str, roles: dict[str, str] = roles) -> Spans:
            ref = roles.get(role)
            return spans[ref][1] if ref in spans else []

        if content := frags("Content"):
            gold.append(GoldAttribution(content, frags("Cue"), frags("Source")))
    return gold


def _pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(ann, txt) pairs of a split, one annotation per text."""
    if (directory / "data" / "dev").is_dir():
        directory = directory / "data" / "dev"
    ann_dir = directory / "attributions" if (directory / "attributions").is_dir() else directory
    txt_dir = directory / "text" if (directory / "text").is_dir() else directory
    chosen: dict[Path, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        txt = txt_dir / f"{ann.stem}.txt"
        if not txt.is_file():
            txt = txt_dir / f"{re.sub(r'_[0-9a-f]{4}$', '', ann.stem)}.txt"
        if txt.is_file() and txt not in chosen:
            chosen[txt] = ann
    return [(ann, txt) for txt, ann in chosen.items()]


def _words(text: str, spans: Spans) -> set[int]:
    """Start offsets of the word tokens inside the spans (a leading "that" excluded)."""
    found: list[int] = []
    for a, b in sorted(spans):
        found += [m.start() for m in WORD.finditer(text, a, b)]
    if (
        found
        and text[found[0] : found[0] + 4].lower() == "that"
        and not text[found[0] + 4 : found[0] + 5].isalnum()
    ):
        found = found[1:]
    return set(found)


def predict(text: str) -> list[Predicted]:
    """eventwire's quotes for one text, top-level only, with speaker spans."""
    from eventwire import nlp
    from eventwire.quotes.attribution import find

    found = find(nlp.parse(text))
    top = [
        f
        for f in found
        if not any(
            g is not f and g.start <= f.start and f.end <= g.end and (g.end - g.start) > (f.end - f.start)
            for g in found
        )
    ]
    grouped: dict[tuple[int, int] | int, Predicted] = {}
    for n, f in enumerate(top):
        key = f.cue if f.cue is not None else n  # the pieces of one interrupted quote share their cue
        if key in grouped:
            grouped[key].content.append((f.start, f.end))
        else:
            speaker = [f.speaker] if f.speaker else []
            grouped[key] = Predicted([(f.start, f.end)], [f.cue] if f.cue else [], speaker, f.speaker_head)
    return list(grouped.values())


def _match(gold: list[set[int]], pred: list[set[int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by the number of shared words."""
    scored = sorted(
        ((len(g & p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if g & p),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _exact(gold: list[set[int]], pred: list[set[int]]) -> int:
    """One-to-one count of predictions with exactly the words of a gold span."""
    common = Counter(frozenset(w) for w in gold) & Counter(frozenset(w) for w in pred)
    return sum(common.values())


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)


def score_document(text: str, gold: list[GoldAttribution], pred: list[Predicted], tally: _Tally) -> None:
    """Add one document's counts to the tally."""
    gold_c = [_words(text, g.content) for g in gold]
    pred_c = [_words(text, p.content) for p in pred]
    tally.add("gold", len(gold))
    tally.add("pred", len(pred))
    exact = _exact(gold_c, pred_c)
    tally.add("exact_pred", exact)
    tally.add("exact_gold", exact)
    pairs = _match(gold_c, pred_c)
    tally.add("overlap", len(pairs))
    quoted = {i for i, g in enumerate(gold) if any(m in text[a:b] for a, b in g.content for m in MARKS)}
    tally.add("quoted_gold", len(quoted))
    tally.add("quoted_found", sum(gi in quoted for gi, _ in pairs))
    all_gold = set().union(*gold_c) if gold_c else set()
    all_pred = set().union(*pred_c) if pred_c else set()
    tally.add("tok_gold", len(all_gold))
    tally.add("tok_pred", len(all_pred))
    tally.add("tok_both", len(all_gold & all_pred))
    # cues
    gold_q = [_words(text, g.cue) for g in gold if g.cue]
    pred_q = [_words(text, p.cue) for p in pred if p.cue]
    gold_q = [w for w in gold_q if w]
    pred_q = [w for w in pred_q if w]
    tally.add("cue_gold", len(gold_q))
    tally.add("cue_pred", len(pred_q))
    cue_exact = _exact(gold_q, pred_q)
    tally.add("cue_exact_pred", cue_exact)
    tally.add("cue_exact_gold", cue_exact)
    tally.add("cue_overlap", len(_match(gold_q, pred_q)))
    # speakers on matched contents
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if not g.source:
            continue
        tally.add("spk_n")
        head_ok = p.speaker_head is not None and any(a <= p.speaker_head < b for a, b in g.source)
        tally.add("spk_strict", int(head_ok))
        tally.add("spk_head", int(head_ok or _antecedent(text, g.source, p.speaker)))
        tally.add("spk_overlap", int(bool(_words(text, g.source) & _words(text, p.speaker))))


def _antecedent(text: str, source: Spans, speaker: Spans) -> bool:
    """A gold source that is a relative pronoun ("Cruz, who said ...") and a predicted speaker that is
    its antecedent, ending right before it: the same speaker, named instead of pointed at."""
    if len(source) != 1 or not speaker or text[source[0][0] : source[0][1]].lower() not in RELATIVE:
        return False
    gap = text[speaker[0][1] : source[0][0]]
    return speaker[0][1] <= source[0][0] and len(gap) <= 3 and not any(c.isalnum() for c in gap)


def evaluate_dir(directory: Path, limit: int | None = None) -> dict[str, Any]:
    """Run the quote layer over every annotated text in ``directory`` and score it (module docstring)."""
    pairs = _pairs(Path(directory))
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise FileNotFoundError(f"no .ann files with their .txt found under {directory}")
    tally = _Tally()
    started = time.perf_counter()
    for ann, txt in pairs:
        text = txt.read_text(encoding="utf-8")
        score_document(text, read_ann(ann), predict(text), tally)
    t = tally
    return {
        "documents": len(pairs),
        "gold_attributions": t["gold"],
        "predicted_attributions": t["pred"],
        "content_exact": _prf(t["exact_pred"], t["pred"], t["exact_gold"], t["gold"]),
        "content_overlap": _prf(t["overlap"], t["pred"], t["overlap"], t["gold"]),
        "quoted_recall": round(t["quoted_found"] / t["quoted_gold"], 4) if t["quoted_gold"] else 0.0,
        "content_token": _prf(t["tok_both"], t["tok_pred"], t["tok_both"], t["tok_gold"]),
        "cue_exact": _prf(t["cue_exact_pred"], t["cue_pred"], t["cue_exact_gold"], t["cue_gold"]),
        "cue_overlap": _prf(t["cue_overlap"], t["cue_pred"], t["cue_overlap"], t["cue_gold"]),
        "speaker": {
            "matched_with_source": t["spk_n"],
            "accuracy": round(t["spk_head"] / t["spk_n"], 4) if t["spk_n"] else 0.0,
            "overlap_accuracy": round(t["spk_overlap"] / t["spk_n"], 4) if t["spk_n"] else 0.0,
            "strict_accuracy": round(t["spk_strict"] / t["spk_n"], 4) if t["spk_n"] else 0.0,
        },
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m eventwire.evaluate.brat DIR [LIMIT]``: print the scores as JSON."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m eventwire.evaluate.brat DIR [LIMIT]", file=sys.stderr)
        return 2
    limit = int(args[1]) if len(args) > 1 else None
    print(json.dumps(evaluate_dir(Path(args[0]), limit), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
