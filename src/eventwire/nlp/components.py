"""spaCy components registered by eventwire; each does one small job and is testable alone."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from eventwire.actors import lexicon
from eventwire.nlp import credits, gazetteer

# Labels the small model gives to a place name it misreads; the gazetteer may relabel these.
RELABEL = {"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"}


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, and never start one inside a line's first token.

    News paragraphs, headlines and block-attributed quotes are separated by newlines; the parser
    alone happily joins a headline to the paragraph that follows it.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class GazetteerPlaces:
    """Tag countries, capitals and large cities as GPE where the statistical NER missed or mislabelled them.

    A gazetteer match replaces an entity only when it covers exactly the same tokens (so "Kiev" tagged
    PERSON becomes GPE, but "Paris Hilton" stays a person); unlabelled matches become new GPE spans.
    Ambiguous city names (a person's first name or an English word) are only relabelled, never added.
    """

    def __init__(self, nlp: Language):
        self.strong = PhraseMatcher(nlp.vocab)
        self.weak = PhraseMatcher(nlp.vocab)
        self.strong.add("GPE", list(nlp.tokenizer.pipe(gazetteer.strong_place_names())))
        self.weak.add("GPE", list(nlp.tokenizer.pipe(gazetteer.weak_place_names())))

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.ents)
        taken = {i for ent in spans for i in range(ent.start, ent.end)}
        # Entities never overlap, so (start, end) names at most one; a dict keeps a match's lookup O(1).
        position = {(ent.start, ent.end): i for i, ent in enumerate(spans)}
        for matcher, may_add in ((self.strong, True), (self.weak, False)):
            for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
                match = Span(doc, start, end, label="GPE")
                same = position.get((start, end))
                if same is not None and spans[same].label_ in RELABEL and (
                    may_add or spans[same].label_ != "GPE"
                ):
                    spans[same] = match
                elif may_add and not taken.intersection(range(start, end)):
                    position[(start, end)] = len(spans)
                    spans.append(match)
                    taken.update(range(start, end))
        doc.ents = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory("gazetteer_places")
def make_gazetteer_places(nlp: Language, name: str) -> GazetteerPlaces:
    return GazetteerPlaces(nlp)


@cache
def _tail_words() -> frozenset[str]:
    """Words that end a name rather than belong to it: demonyms and title words."""
    return frozenset(lexicon.demonyms()) | frozenset(gazetteer.title_words())


@Language.component("trim_person_tails")
def trim_person_tails(doc: Doc) -> Doc:
    """Cut demonyms and titles off the end of PERSON spans ("Emmanuel Macron French President").

    The words cut off become a NORP span when they are a demonym, so later stages still see the
    nationality that sits next to the name.
    """
    tails = _tail_words()
    fixed: list[Span] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            fixed.append(ent)
            continue
        end = ent.end
        while end - ent.start > 1 and doc[end - 1].text in tails:
            end -= 1
        fixed.append(Span(doc, ent.start, end, label="PERSON"))
        fixed.extend(_demonym_spans(doc, end, ent.end))
    doc.ents = fixed
    return doc


def _demonym_spans(doc: Doc, start: int, end: int) -> Iterable[Span]:
    demonyms = lexicon.demonyms()
    for i in range(start, end):
        if doc[i].text in demonyms:
            yield Span(doc, i, i + 1, label="NORP")


@Language.component("photo_credits")
def photo_credits(doc: Doc) -> Doc:
    """Mark photo credits and gallery counters in ``doc.spans["credits"]`` (see ``credits.py``).

    Runs after NER because a name right before a gallery counter ("Jane Roe 6/8") is found as an entity.
    """
    return credits.mark(doc)


@Language.component("propagate_names")
def propagate_names(doc: Doc) -> Doc:
    """Tag the later bare mentions of a person the NER found once ("... President William Ruto ..." then
    "Ruto said"): one name keeps one reading within an article, which the small model often forgets.

    Only proper-noun tokens outside any entity are tagged, with the surname (last token) of a
    multi-token PERSON or the whole text of a single-token one; names inside photo credits do not count.
    """
    inside = credits.credit_tokens(doc)  # a photographer's name is no reason to tag the word elsewhere
    names = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and ent[-1].text[:1].isupper()
             and ent.start not in inside}
    if not names:
        return doc
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    added = [
        Span(doc, tok.i, tok.i + 1, label="PERSON")
        for tok in doc
        if tok.i not in taken and tok.text in names and tok.pos_ == "PROPN"
    ]
    if added:
        doc.ents = sorted([*doc.ents, *added], key=lambda span: span.start)
    return doc
