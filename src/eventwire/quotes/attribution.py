"""Find quotations and who said them: the engine behind ``eventwire.quotes.attribute``.

Works on the parsed ``Doc`` and returns ``Found`` records with character spans (content, cue, speaker);
turning speakers into entities is left to ``attribute`` so this part can be scored on its own against
annotated corpora (``eventwire.evaluate.brat``). Layouts, in the order they are tried:

1. quoted stretches from the marks (``marks.find_segments``), attributed by a cue verb or phrase right
   after the closing mark (", he added."), right before the opening mark ("X said: “", or any clause with
   a named subject ending in a colon: "Trump went further: “"), by the cue that
   governs the quote in the parse (partial quotes), by a trailing speaker block with no verb, or, for a
   quote with no attribution of its own, by the quote next to it or the previous paragraph's speaker;
2. unmarked block-attributed paragraphs ("... mutual trust Emmanuel Macron French President");
3. transcript paragraphs ("WALLACE: ...");
4. indirect speech: a cue verb with a clausal or infinitival complement ("X said that ...", "..., X
   said", "X wants to ..."), a demand or warning with its object ("X called for new elections"), the
   passive raising frame ("X is expected to ..."), noun cues with a complement and a source ("his claim
   that ...", "the governor's plan to ...", "his comments about X"), speech acts whose content is a noun
   phrase ("X denied the allegations", "X called the move a mistake", "X talked about Y"), voiced
   stances ("X was critical of Y") and phrase cues whose object is the speaker ("according to X, ...",
   "in the view of X, ..."). A report whose content ends in another report's adjunct clause stops
   where that clause starts ("admitted A when a doctor reported B": two quotes).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.model import QuoteKind
from eventwire.quotes.lexicon import Cues, Phrase, cues
from eventwire.quotes.marks import Segment, find_segments, paragraphs

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_ENDS = {".", "!", "?", ";"}
CACHE = "eventwire.quotes."  # prefix of the per-call caches kept in Doc.user_data
RELATIVE = {"who", "which", "that"}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "its", "our", "my", "your"}
FIRST_SECOND_PERSON = {"i", "we", "you"}
PERSONAL = {"he", "she", "they", "i", "we"}  # subject pronouns that can name a source
QUOTE_CHARS = "\"'“”‘’«»„‹›`"
DASHES = {"-", "–", "—", "―", "--"}
CLIMB = {"conj", "advcl", "xcomp", "acl", "pcomp", "prep", "acomp"}  # "began by saying", "likely to say"
NO_PARENTHETICAL = {"cognition", "expectation", "intention"}  # "X thinks" alone is no attribution
NAMED = {"PERSON", "ORG", "NORP", "GPE"}
NOT_SOURCES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}  # "Tuesday's claim"
JOINERS = {"SCONJ", "CCONJ", "ADP"}  # words that join a trailing report to the content before it
AFTER_WINDOW = 14  # a cue after a quote sits within this many tokens of the closing mark


@dataclass(slots=True)
class Found:
    """One quotation: content span, kind, and (when known) the cue and speaker spans, all char offsets."""

    start: int
    end: int
    kind: QuoteKind
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: int | None = None  # char offset of the speaker phrase's head word
    paragraph: tuple[int, int] = (0, 0)
    inherited: bool = False  # speaker taken from a neighbouring quote rather than this one's own cue


@dataclass(slots=True)
class Attribution:
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    head: int | None


def find(doc: Doc, lexicon: Cues | None = None) -> list[Found]:
    """Every quotation in ``doc`` in text order (see the module docstring for the layouts)."""
    try:
        return _find(doc, lexicon or cues())
    finally:
        for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(CACHE)]:
            del doc.user_data[key]  # per-call caches; never left behind to be serialized with the Doc


def _find(doc: Doc, lex: Cues) -> list[Found]:
    text = _text(doc)
    segments = find_segments(text, lex)
    indirect = _indirect_candidates(doc, lex)
    found: list[Found] = []
    for seg in segments:
        if not seg.opened:
            _start_after_attributed_sentences(doc, seg, indirect)
        if seg.start >= seg.end:
            continue
        found.append(_direct(doc, seg, segments, lex))
    found.extend(_blocks(doc, segments, found, lex))
    found.extend(_transcripts(doc, segments, found, lex))
    _inherit_speakers(found, segments, indirect)
    found = [f for f in found if f.speaker is not None or _words(text, f) >= lex.min_unattributed_words]
    _cut_before_trailing_reports(doc, indirect)
    found.extend(_keep_indirect(indirect, found))
    found.sort(key=lambda f: (f.start, f.end))
    return found


# ---------------------------------------------------------------------------------------------------
# helpers over the parse


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """Non-space tokens that lie inside the character range."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if not t.is_space and start <= t.idx < end]


def _text(doc: Doc) -> str:
    """The document text, built once: spaCy's ``Doc.text`` joins every token on each access."""
    key = CACHE + "text"
    if key not in doc.user_data:
        doc.user_data[key] = doc.text
    return doc.user_data[key]


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    """The sentences and, per token, the index of its sentence; computed once per doc because spaCy's
    ``Token.sent`` walks the whole document on every call."""
    key = CACHE + "sentences"
    if key not in doc.user_data:
        sents = list(doc.sents)
        index = [0] * len(doc)
        for n, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                index[i] = n
        doc.user_data[key] = (sents, index)
    return doc.user_data[key]


def _sent(token: Token) -> Span:
    sents, index = _sentences(token.doc)
    return sents[index[token.i]]


def _token_before(doc: Doc, char: int) -> Token | None:
    """The last non-space token that starts before the character offset."""
    span = doc.char_span(0, char, alignment_mode="expand") if char > 0 else None
    if span is None:
        return None
    for t in reversed(span):
        if not t.is_space and t.idx < char:
            return t
    return None


def _words(text: str, f: Found) -> int:
    return len(text[f.start : f.end].split())


def _trim_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of the tokens without leading/trailing punctuation, marks and "that"."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].text in QUOTE_CHARS or toks[0].lower_ == "that"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct and toks[-1].text not in {")", "]"}):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree_span(token: Token) -> tuple[int, int] | None:
    doc = token.doc
    return _trim_span(list(doc[token.left_edge.i : token.right_edge.i + 1]))


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The speaker phrase's head for a cue verb: its subject, the agent of a passive, or the subject of
    the verb it is coordinated with or depends on ("..., adding that" / "said and added")."""
    current: Token | None = verb
    for _ in range(5):
        if current is None:
            return None
        if _is_passive(current):
            for child in current.children:
                if child.dep_ == "agent":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    return objs[0] if objs else None
            return None
        for child in current.children:
            if child.dep_ in {"nsubj", "csubj"} and child.lower_ not in {"it", "there"}:
                if child.lower_ in RELATIVE and current.dep_ == "relcl":
                    return current.head  # "Cruz, who said ..." -> Cruz
                return child
        if current.dep_ in CLIMB and current.head.i != current.i:
            current = current.head
        else:
            return None
    return None


def _speaker_span(head: Token) -> tuple[int, int] | None:
    """The speaker phrase: the subject's subtree, cut before a relative clause or an aside in commas."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    for child in head.children:
        if child.i > head.i and child.dep_ in {"relcl", "acl"}:
            right = min(right, child.left_edge.i - 1)
    for i in range(head.i - 1, left - 1, -1):
        if doc[i].text in DASHES or doc[i].text == ":":
            left = i + 1  # a dateline glued to the subject: "WASHINGTON -- President Obama"
            break
    return _trim_span(list(doc[left : right + 1]))


def _cue_span(verb: Token) -> tuple[int, int]:
    end = verb.idx + len(verb.text)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end = child.idx + len(child.text)
    return verb.idx, end


def _attribution_of(verb: Token) -> Attribution:
    subject = _subject(verb)
    if subject is None:
        return Attribution(_cue_span(verb), None, None)
    return Attribution(_cue_span(verb), _speaker_span(subject), subject.idx)


def _phrase_at(tokens: list[Token], i: int, phrase: Phrase) -> bool:
    words = phrase.words
    if tokens[i].lower_ != words[0]:
        return False
    if i + len(words) > len(tokens):
        return False
    return all(tokens[i + k].lower_ == w for k, w in enumerate(words))


def _phrase_attribution(tokens: list[Token], i: int, phrase: Phrase) -> tuple[Attribution, int] | None:
    """Attribution for a phrase cue starting at ``tokens[i]``, and the index of the token after it."""
    last = tokens[i + len(phrase.words) - 1]
    cue = (tokens[i].idx, last.idx + len(last.text))
    if not phrase.speaker_is_object:
        return Attribution(cue, None, None), i + len(phrase.words)
    objects = [c for c in last.children if c.dep_ in {"pobj", "dobj", "obj"}]
    if objects:
        obj = objects[0]
        span = _speaker_span(obj)
        end_i = obj.right_edge.i
    else:  # the parser did not attach the object: take the following noun phrase tokens
        j = i + len(phrase.words)
        k = j
        while (
            k < len(tokens)
            and not tokens[k].is_punct
            and tokens[k].pos_ in {"DET", "PROPN", "NOUN", "ADJ", "ADP", "NUM"}
        ):
            k += 1
        if k == j:
            return None
        span = _trim_span(tokens[j:k])
        obj = tokens[k - 1]
        end_i = obj.i
    if span is None:
        return None
    doc = obj.doc
    comma_after = end_i + 1 < len(doc) and doc[end_i + 1].text == ","
    if phrase.initial and not (tokens[i].is_sent_start and comma_after):
        return None  # "For Macron, ..." only opens a sentence, with a comma after the name
    if phrase.labels and obj.ent_type_ not in phrase.labels:
        return None  # the head names the source: "For Macron," not "For more news from Reuters,"
    return Attribution(cue, span, obj.idx), end_i


# ---------------------------------------------------------------------------------------------------
# direct and partial quotes


def _direct(doc: Doc, seg: Segment, segments: list[Segment], lex: Cues) -> Found:
    text = _text(doc)
    same = [s for s in segments if s.paragraph == seg.paragraph]
    idx = same.index(seg)
    after_limit = same[idx + 1].mark_start if idx + 1 < len(same) else seg.paragraph[1]
    before_floor = same[idx - 1].mark_end if idx > 0 else seg.paragraph[0]
    kind: QuoteKind = "direct" if _starts_utterance(doc, seg, before_floor) else "partial"
    found = Found(seg.start, seg.end, kind, paragraph=seg.paragraph)
    attribution = None
    if seg.closed:
        attribution = _after(doc, seg.mark_end, after_limit, lex)
    if attribution is None and kind == "direct":
        attribution = _before(doc, before_floor, seg.mark_start, lex)
    if attribution is None and kind == "partial":
        attribution = _governing(doc, seg, lex)
        if attribution is None and len(text[seg.start : seg.end].split()) >= lex.min_unattributed_words:
            attribution = _previous_attribution(doc, seg.mark_start, lex)
    if attribution is not None:
        found.cue, found.speaker, found.speaker_head = attribution.cue, attribution.speaker, attribution.head
    if text[seg.start : seg.end].strip() == "":
        found.kind = "partial"
    return found


def _starts_utterance(doc: Doc, seg: Segment, floor: int) -> bool:
    """Direct when the quote starts a sentence, a paragraph, or follows a colon or comma (after a cue)."""
    if seg.continues or not seg.opened:
        return True
    before = _text(doc)[floor : seg.mark_start].rstrip()
    if not before or before[-1] in ":,":
        return True
    if before[-1] in ".!?" + QUOTE_CHARS:
        return True
    tokens = _tokens(doc, seg.start, seg.end)
    return bool(tokens) and tokens[0].is_sent_start is True


def _after(doc: Doc, start: int, limit: int, lex: Cues) -> Attribution | None:
    """Cue after the closing mark, up to the clause end: ", he added." / ", said X." / ", according to X"."""
    tokens: list[Token] = []
    for t in _tokens(doc, start, limit):
        if t.text in CLAUSE_ENDS:
            break
        tokens.append(t)
    if not tokens:
        return None
    first = tokens[0]
    named = first.ent_type_ != "" or first.pos_ in {"PRON", "PROPN"} or first.lower_ in lex.block_titles
    if first.is_alpha and first.is_title and not named:
        # A capitalized ordinary word right after the quote starts a new sentence, not an attribution
        # (a title opens the speaker's name: ", Mayor Brandt said").
        return None
    text = _text(doc)
    ended = text[:start].rstrip(QUOTE_CHARS + " ")[-1:] in {".", "?", "!"}
    new_sentence = ended and tokens[0].is_title
    for i, t in enumerate(tokens[:AFTER_WINDOW]):
        for phrase in lex.phrases:
            if _phrase_at(tokens, i, phrase) and (res := _phrase_attribution(tokens, i, phrase)):
                return res[0]
        if t.pos_ in {"VERB", "AUX"} and lex.is_cue_verb(t.lemma_, t.text):
            if any(c.dep_ == "ccomp" and c.i > t.i and c.idx < limit for c in t.children):
                return None  # the verb reports something else that follows it
            att = _attribution_of(t)
            if att.speaker is None:
                att = _noun_after(tokens, i) or att
            if new_sentence and text[t.idx + len(t.text) : limit].strip() in {",", ":"}:
                return None  # "“A?” He answered, “B.”": the cue opens the next quote
            return att
    return None


def _noun_after(tokens: list[Token], i: int) -> Attribution | None:
    """Inverted subject ("said Smith") that the parser left unattached or took for an object."""
    verb = tokens[i]
    for t in tokens[i + 1 :]:
        if t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or t.pos_ in {"PROPN", "NOUN", "PRON"}:
            head = t
            while head.head.i != head.i and head.head.i > verb.i and head.head.pos_ in {"PROPN", "NOUN"}:
                head = head.head
            span = _speaker_span(head)
            if span:
                return Attribution(_cue_span(verb), span, head.idx)
    return None


def _before(doc: Doc, floor: int, mark_start: int, lex: Cues) -> Attribution | None:
    """Nearest cue in the clause before the opening mark: "X said: “", "X said, “", "X told reporters “"."""
    tokens = _tokens(doc, floor, mark_start)
    if not tokens:
        return None
    # only the last sentence before the mark
    sent_start = _sent(tokens[-1]).start
    tokens = [t for t in tokens if t.i >= sent_start]
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        if len(tokens) - i > 10 and _text(doc)[floor:mark_start].rstrip()[-1:] != ":":
            break
        for phrase in lex.phrases:
            if _phrase_at(tokens, i, phrase) and (res := _phrase_attribution(tokens, i, phrase)):
                return res[0]
        if t.pos_ in {"VERB", "AUX"} and lex.is_cue_verb(t.lemma_, t.text):
            att = _attribution_of(t)
            if att.speaker is not None:
                return att
    if _text(doc)[floor:mark_start].rstrip()[-1:] == ":":
        return _colon_lead_in(tokens)
    return None


def _colon_lead_in(tokens: list[Token]) -> Attribution | None:
    """A clause ending in a colon right before a quote, with a source as its subject, introduces the
    quote whatever its verb ("Trump went even further: “...”", "Cruz fired back:"): the layout is the
    attribution. The subject must name a source (a named entity, a proper noun or a personal pronoun),
    which keeps "The rules are simple: “...”" out."""
    inside = {t.i for t in tokens}
    for t in reversed(tokens):
        if t.pos_ not in {"VERB", "AUX"} or (t.head.i in inside and t.head.i != t.i):
            continue  # the clause's own verb is the one not governed by another word before the mark
        subject = _subject(t)
        if subject is None:
            return None
        named = subject.ent_type_ in NAMED or subject.pos_ == "PROPN"
        if not (named or subject.lower_ in PERSONAL):
            return None
        return Attribution(_cue_span(t), _speaker_span(subject), subject.idx)
    return None


def _governing(doc: Doc, seg: Segment, lex: Cues) -> Attribution | None:
    """A partial quote inside reported speech: the nearest cue verb above the quote in the parse."""
    tokens = _tokens(doc, seg.start, seg.end)
    if not tokens:
        return None
    node = tokens[0]
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in {"VERB", "AUX"} and lex.is_cue_verb(node.lemma_, node.text) and not _is_passive(node):
            att = _attribution_of(node)
            if att.speaker is not None:
                return att
    return None


def _previous_attribution(doc: Doc, before: int, lex: Cues) -> Attribution | None:
    """The speaker of the attribution just before: in this sentence or the previous one (which may end
    the previous paragraph), a cue verb in the active voice with a subject ("X also revealed ...")."""
    last = _token_before(doc, before)
    if last is None:
        return None
    current = _sent(last)
    sents = [current]
    if current.start > 0:
        sents.insert(0, _sent(doc[current.start - 1]))
    for sent in reversed(sents):
        for t in reversed(list(sent)):
            if t.idx >= before:
                continue
            if t.pos_ in {"VERB", "AUX"} and lex.is_cue_verb(t.lemma_, t.text) and not _is_passive(t):
                att = _attribution_of(t)
                if (
                    att.speaker is not None
                    and _text(doc)[att.speaker[0] : att.speaker[1]].lower() not in PRONOUNS
                ):
                    return att
    return None


def _start_after_attributed_sentences(doc: Doc, seg: Segment, indirect: list[Found]) -> None:
    """An unbalanced closing mark: the quote runs back to the paragraph start, but not over sentences
    that carry their own attribution ("According to X, ..."), which are reporting, not quoting."""
    cut = seg.start
    text = _text(doc)
    for cand in indirect:
        if seg.start <= cand.start < seg.end and cand.cue is not None and cand.end < seg.end:
            if cand.speaker and text[cand.speaker[0] : cand.speaker[1]].lower() in FIRST_SECOND_PERSON:
                continue  # "We are talking about ...": the quoted speaker's own words, not a report
            cut = max(cut, cand.end)
    if cut == seg.start:
        return
    tokens = _tokens(doc, cut, seg.end)
    # move to the start of the next sentence after the attributed one
    nxt = [t for t in tokens if t.is_sent_start and t.idx >= cut and not t.is_space and not t.is_punct]
    if not nxt:
        seg.start = seg.end
        return
    seg.start = nxt[0].idx


# ---------------------------------------------------------------------------------------------------
# block attribution and transcripts


def _block_tail(doc: Doc, lo: int, hi: int, lex: Cues) -> tuple[list[Token], list[Token]] | None:
    """Split a paragraph into (content tokens, trailing speaker block) when it ends in a verbless name
    and title block ("... trust Emmanuel Macron French President", "... Ukraine. The White house")."""
    tokens = _tokens(doc, lo, hi)
    k = len(tokens)
    while k > 0:
        t = tokens[k - 1]
        if (
            t.ent_type_ in lex.block_labels
            or t.lower_ in lex.block_titles
            or t.text in lex.block_connectors
            or (t.pos_ == "PROPN" and t.is_title)
        ):
            if t.pos_ in {"VERB", "AUX"} and t.ent_type_ == "":
                break
            k -= 1
        else:
            break
    if k == len(tokens) and k >= 2 and tokens[-1].text == ".":
        # "...” ― Karen Bobadilla." : a block after marks or a dash may end with a full stop
        trimmed = _block_tail(doc, lo, tokens[-1].idx, lex)
        if trimmed and (trimmed[0][-1].text in DASHES or all(c in QUOTE_CHARS for c in trimmed[0][-1].text)):
            return trimmed
        return None
    block = tokens[k:]
    while block and (
        (block[0].lower_ in lex.block_connectors and block[0].ent_type_ == "")
        or block[0].is_punct
        or block[0].text in DASHES
    ):
        block = block[1:]
    if block and block[-1].text in lex.block_connectors:
        return None  # a block never ends on a connector: "... talks with Ukraine and"
    if not block or len(block) > 12 or not block[0].text[:1].isupper():
        return None
    named = any(t.ent_type_ in {"PERSON", "ORG", "FAC"} for t in block)
    titled = any(t.lower_ in lex.block_titles and t.is_title for t in block) and any(
        t.pos_ == "PROPN" and t.lower_ not in lex.block_titles for t in block
    )
    if not (named or titled):
        return None
    j = block[0].i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    before = doc[j] if j >= 0 else None
    if block[0].ent_iob_ == "I" and before is not None and not (before.is_punct or before.text in DASHES):
        return None  # the entity starts inside the content: the split would cut a name
    content = tokens[: tokens.index(block[0])]
    if len(content) < lex.block_min_content_tokens or not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None
    prev = content[-1]
    if prev.text in {".", "!", "?", ")"} or prev.text in DASHES or all(c in QUOTE_CHARS for c in prev.text):
        return content, block
    if prev.is_alpha and prev.is_lower and prev.pos_ in {"NOUN", "ADJ", "ADV", "NUM"}:
        return content, block
    return None


def _blocks(doc: Doc, segments: list[Segment], found: list[Found], lex: Cues) -> list[Found]:
    """Block attribution: speaker block after the quote (with or without marks), no cue verb."""
    new: list[Found] = []
    for lo, hi in paragraphs(_text(doc)):
        split = _block_tail(doc, lo, hi, lex)
        if split is None:
            continue
        content, block = split
        span = _trim_span(block)
        head = _block_head(block)
        in_para = [f for f in found if lo <= f.start < hi]
        if in_para:
            last = in_para[-1]
            marked = [s for s in segments if s.paragraph == (lo, hi)]
            if marked and marked[-1].mark_end <= block[0].idx and last.speaker is None:
                last.speaker, last.speaker_head, last.cue = span, head, None
            continue
        start = content[0].idx
        end = content[-1].idx + len(content[-1].text)
        new.append(Found(start, end, "direct", None, span, head, paragraph=(lo, hi)))
    return new


def _block_head(block: list[Token]) -> int:
    """The head of a speaker block: the first PERSON, else the first ORG/FAC token run's first token."""
    for label in ("PERSON", "ORG", "FAC"):
        for t in block:
            if t.ent_type_ == label:
                return t.idx
    return block[0].idx


def _transcripts(doc: Doc, segments: list[Segment], found: list[Found], lex: Cues) -> list[Found]:
    """Transcript paragraphs opened by a speaker label and a colon ("WALLACE: Let me ask you ...")."""
    new: list[Found] = []
    text = _text(doc)
    for lo, hi in paragraphs(text):
        body = lo
        while body < hi and text[body] in QUOTE_CHARS:
            body += 1  # "“WALLACE: ..." -- a transcript paragraph inside a long quote
        colon = text.find(":", body, hi)
        if colon < 0 or colon - body > 60:
            continue
        label = text[body:colon].strip()
        if not label or label.lower() in lex.colon_not_speakers:
            continue
        tokens = _tokens(doc, body, colon)
        if not tokens or len(tokens) > lex.colon_max_speaker_tokens:
            continue
        if not all(t.is_title or t.is_upper or t.text in lex.colon_connectors for t in tokens):
            continue
        letters = [c for c in label if c.isalpha()]
        is_caps = len(letters) >= 2 and all(c.isupper() for c in letters)
        if not (is_caps or any(t.ent_type_ == "PERSON" for t in tokens)):
            continue
        start, end = colon + 1, hi
        while start < end and text[start].isspace():
            start += 1
        if len(text[start:end].split()) < 2:
            continue
        speaker = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        cue = (colon, colon + 1)
        labelled = [f for f in found if body <= f.start < start]
        if labelled:  # the quote segment starts with the label: cut it off and make it the speaker
            for f in labelled:
                f.start, f.speaker, f.speaker_head, f.cue = start, speaker, tokens[-1].idx, cue
            continue
        covered = [f for f in found if start <= f.start < end]
        if covered:
            for f in covered:
                if f.speaker is None:
                    f.speaker, f.speaker_head, f.cue = speaker, tokens[-1].idx, cue
            continue
        if text[start] in QUOTE_CHARS:
            continue
        new.append(Found(start, end, "direct", cue, speaker, tokens[-1].idx, paragraph=(lo, hi)))
    return new


def _inherit_speakers(found: list[Found], segments: list[Segment], reports: list[Found]) -> None:
    """Quotes with no attribution of their own take the speaker of the quote next to them in the same
    paragraph, of the quote they continue, or of the previous paragraph's last quote when they fill
    their whole paragraph (the usual layout of a long quote split over paragraphs) -- unless an
    indirect report by someone else comes in between, whose speaker it then continues. They take its cue
    too: one attribution whose content is in pieces, which is how PolNeAR annotates it."""
    found.sort(key=lambda f: f.start)
    for i, f in enumerate(found):
        if f.speaker is not None:
            continue
        same = [g for g in found if g.paragraph == f.paragraph and g is not f and g.speaker is not None]
        source = None
        before = [g for g in same if g.start < f.start]
        after = [g for g in same if g.start > f.start]
        if before:
            source = before[-1]
        elif after:
            source = after[0]
        elif i > 0 and f.kind == "direct":
            prev = found[i - 1]
            whole = f.start - f.paragraph[0] <= 1 and f.paragraph[1] - f.end <= 2
            if prev.speaker is not None and (whole or _continues(f, segments)) and _adjacent(prev, f):
                source = _latest_report(prev, f, found, reports) or prev
        if source is not None:
            f.speaker, f.speaker_head, f.inherited = source.speaker, source.speaker_head, True
            f.cue = f.cue or source.cue  # the cue that attributes the neighbour attributes this piece too


def _latest_report(prev: Found, f: Found, found: list[Found], reports: list[Found]) -> Found | None:
    """The last report of speech between the previous quote and ``f`` ("“A,” X said. ¶ Y said that B.
    ¶ “C.”": C continues Y, not X), leaving out reports inside a quote (the quoted speaker's words)."""
    between = [
        r
        for r in reports
        if r.speaker is not None
        and r.cue is not None
        and prev.end <= r.start
        and r.end <= f.start
        and not any(q.start <= r.cue[0] < q.end for q in found)
    ]
    return max(between, key=lambda r: r.start) if between else None


def _continues(f: Found, segments: list[Segment]) -> bool:
    return any(s.continues and s.start == f.start for s in segments)


def _adjacent(prev: Found, f: Found) -> bool:
    """The previous quote is in this paragraph or the one just before (nothing in between)."""
    return prev.paragraph == f.paragraph or prev.paragraph[1] <= f.paragraph[0]


# ---------------------------------------------------------------------------------------------------
# indirect speech


def _indirect_candidates(doc: Doc, lex: Cues) -> list[Found]:
    """Cue verbs with a clausal complement, and phrase cues with the clause they modify."""
    out: list[Found] = []
    text = _text(doc)
    for t in doc:
        if t.pos_ == "ADJ" and t.lemma_.lower() in lex.adjectives:
            if (stance := _adjective_cue(t, lex)) is not None:
                out.append(stance)
            continue
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex.nouns:
            if (noun := _noun_cue(t, lex)) is not None:
                out.append(noun)
            continue
        if t.pos_ not in {"VERB", "AUX"}:
            continue
        if (raised := _raising(t, lex)) is not None:
            out.append(raised)
            continue
        lemma = lex.lemma(t.lemma_, t.text) if lex.makes_indirect(t.lemma_, t.text) else None
        cue: tuple[int, int] | None = None
        least = 3
        comps = [c for c in t.children if c.dep_ == "ccomp"] or _clause_after(t) or _that_in_prep(t)
        if lemma is not None and comps:
            span = _complement_span(t, comps[0], lex)
        elif lemma in lex.infinitive_verbs and (span := _infinitive_span(t)) is not None:
            pass
        elif lemma in lex.prep_objects and (res := _prep_object(t, lex.prep_objects[lemma])) is not None:
            span, cue = res
            least = 2
        elif not comps and (span := _object_span(t, lex)) is not None:
            least = 1
        else:
            continue
        if span is None or len(text[span[0] : span[1]].split()) < least:
            continue
        att = _attribution_of(t)
        if (outer := _cut_from(t, lex)) is not None:
            att = Attribution(att.cue, *_speaker_of(outer))
        if least == 1 and not _source_subject(att, t):
            continue
        cls = lex.verb_class(t.lemma_, t.text)
        if cls in NO_PARENTHETICAL and att.speaker is None:
            continue
        if att.speaker is None and not _is_passive(t):
            continue
        sent = _sent(t)
        para = _paragraph_of(doc, sent.start_char)
        out.append(Found(span[0], span[1], "indirect", cue or att.cue, att.speaker, att.head, paragraph=para))
    for sent in _sentences(doc)[0]:
        tokens = [t for t in sent if not t.is_space]
        out.extend(_parentheticals(doc, tokens, lex))
        for i in range(len(tokens)):
            for phrase in lex.phrases:
                if not _phrase_at(tokens, i, phrase):
                    continue
                res = _phrase_attribution(tokens, i, phrase)
                if res is None:
                    continue
                att, end_i = res
                left = tokens[:i]
                right = [t for t in tokens if t.i > end_i]
                side = right if len(right) >= len(left) else left
                span = _trim_span(side)
                if span is None or len(_text(doc)[span[0] : span[1]].split()) < 3:
                    continue
                para = _paragraph_of(doc, sent.start_char)
                out.append(
                    Found(span[0], span[1], "indirect", att.cue, att.speaker, att.head, paragraph=para)
                )
    return out


def _clause_after(verb: Token) -> list[Token]:
    """A finite clause the parser hung on the cue as advcl ("said after the summit he would ..."), with
    its own subject and no subordinator ("because", "when"), right after the cue and its modifiers."""
    out = []
    for c in verb.children:
        if c.dep_ != "advcl" or c.i < verb.i:
            continue
        kids = list(c.children)
        if any(k.dep_ == "mark" for k in kids) or not any(k.dep_ in SUBJECTS for k in kids):
            continue
        if any(k.dep_ == "aux" and k.lower_ == "to" for k in kids) or c.tag_ in {"VBG", "VBN"}:
            continue
        out.append(c)
    return out


def _next_act(k: Token, lex: Cues) -> bool:
    """A subjectless cue verb hung on a complement clause: the speaker's next act (``_complement_span``)."""
    return (
        k.dep_ in {"conj", "advcl"}
        and k.i > k.head.i
        and k.pos_ == "VERB"
        and lex.is_cue_verb(k.lemma_, k.text)
        and not any(c.dep_ in SUBJECTS for c in k.children)
    )


def _cut_from(verb: Token, lex: Cues) -> Token | None:
    """The outer cue verb whose complement was cut before ``verb`` (its speaker is ``verb``'s too)."""
    comp = verb.head
    if _next_act(verb, lex) and comp.dep_ == "ccomp" and lex.makes_indirect(comp.head.lemma_, comp.head.text):
        return comp.head
    return None


def _speaker_of(verb: Token) -> tuple[tuple[int, int] | None, int | None]:
    att = _attribution_of(verb)
    return att.speaker, att.head


def _complement_span(verb: Token, comp: Token, lex: Cues) -> tuple[int, int] | None:
    """The complement clause, without modifiers of the cue that the parser put at its front ("said on
    Monday the talks failed" -> "the talks failed"): leading prepositional or adverbial phrases that
    come straight after the cue and before the clause's subject. The clause also stops before a
    subjectless cue verb the parser coordinated with it ("said that she had paid and called on X to
    ...", "said he would go, calling it ..."): that is the speaker's next act, not what was said."""
    doc = verb.doc
    end = comp.right_edge.i
    for k in comp.children:
        if _next_act(k, lex):
            end = min(end, k.left_edge.i - 1)
    while end > comp.i and (doc[end].dep_ == "cc" or doc[end].is_punct):
        end -= 1
    start = comp.left_edge.i
    subjects = [k for k in comp.children if k.dep_ in SUBJECTS and k.i < comp.i]
    if subjects and not any(k.dep_ == "mark" for k in comp.children):
        for k in comp.children:
            leading = k.dep_ in {"prep", "npadvmod", "advmod"} and k.left_edge.i == start
            leading = leading and k.i < subjects[0].i
            if leading and all(t.is_punct for t in verb.doc[verb.i + 1 : start]):
                start = k.right_edge.i + 1
    return _trim_span(list(doc[start : end + 1]))


def _has_to(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _infinitive_span(verb: Token) -> tuple[int, int] | None:
    """Infinitive content ("vowed to retaliate", "urged Congress to act", "called on Congress to act",
    "called for the party to act"): the object, if any, to the end of the infinitive. A "for X to"
    clause the parser hung on the cue as advcl is the content too; other advcl infinitives are purpose
    clauses ("met the press to announce"), not content."""
    comps = [
        c
        for c in verb.children
        if c.i > verb.i
        and _has_to(c)
        and (
            c.dep_ == "xcomp"
            or (c.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ == "for" for k in c.children))
        )
    ]
    if not comps:
        return None
    comp = comps[0]
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"} and verb.i < c.i < comp.i]
    objs += [
        o
        for c in verb.children
        if c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "upon", "for"} and verb.i < c.i < comp.i
        for o in c.children
        if o.dep_ == "pobj"
    ]
    subjects = [k for k in comp.children if k.dep_ in SUBJECTS and k.i < comp.i]
    if objs:
        left = min(o.left_edge.i for o in objs)
    elif subjects:
        left = subjects[0].left_edge.i
    else:
        left = comp.left_edge.i
    return _trim_span(list(verb.doc[left : comp.right_edge.i + 1]))


def _prep_object(verb: Token, preps: frozenset[str]) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
    """A demand or warning whose content is the object of a preposition ("called for new elections",
    "warned of a humanitarian crisis"), with the verb and preposition as cue."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps or prep.i < verb.i:
            continue
        objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
        if not objs:
            continue
        cue_end = prep if prep.i == verb.i + 1 else verb
        cue = (verb.idx, cue_end.idx + len(cue_end.text))
        return _trim_span(list(verb.doc[objs[0].left_edge.i : objs[0].right_edge.i + 1])), cue
    return None


def _object_span(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """A speech act's noun-phrase content ("denied the allegations", "called the move a mistake",
    "accused him of lying", "described X as Y"): the direct object, run on over an object predicate and
    over the phrases after it whose preposition the verb's ``object_verbs`` entry lists. In the
    passive the content is the subject, and only a by-phrase names the source ("was criticized by X")."""
    lemma = lex.object_verb(verb.lemma_, verb.text)
    if lemma is None:
        return None
    if _is_passive(verb):  # "the plan was criticized by the union": the subject is the content
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if not subjects or not agents or subjects[0].lower_ in RELATIVE | {"it", "there"}:
            return None
        return _trim_span(list(verb.doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1]))
    objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"} and c.i > verb.i]
    if lemma in lex.object_prep_only:
        objs = []
    if not objs:  # "talked about the economy": the object of a listed preposition right after the verb;
        # "proposed barring imports": a gerund object
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in lex.object_verbs[lemma]]
        objs = [o for p in preps if p.i <= verb.i + 2 for o in p.children if o.dep_ in {"pobj", "pcomp"}]
        objs += [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == verb.i + 1]
        if not objs or lemma in lex.object_needs_predicate:
            return None
        return _trim_span(list(verb.doc[objs[0].left_edge.i : objs[0].right_edge.i + 1]))
    obj = objs[0]
    if obj.lower_ in RELATIVE or obj.tag_ in {"WDT", "WP"}:
        return None  # "the plan that he announced": the content is the antecedent, outside the clause
    if obj.pos_ == "NOUN" and obj.lemma_.lower() in lex.nouns and _noun_cue(obj, lex) is not None:
        return None  # "noted the party's pledge to ...": the noun cue names the source of the content
    right = obj.right_edge.i
    predicate = False
    for c in verb.children:
        if c.i <= obj.i:
            continue
        listed = c.dep_ == "prep" and c.lower_ in lex.object_verbs[lemma]
        extends = listed or c.dep_ in {"oprd", "xcomp", "ccomp"}
        if extends and c.left_edge.i <= right + 2 and c.ent_type_ not in NOT_SOURCES:
            right = max(right, c.right_edge.i)
            predicate = predicate or not listed
    if lemma in lex.object_needs_predicate and not predicate:
        return None
    return _trim_span(list(verb.doc[obj.left_edge.i : right + 1]))


def _source_subject(att: Attribution, verb: Token) -> bool:
    """A noun-phrase content counts only with a subject that can be a source (``_subject`` already
    leaves out "it" and "there"): not a date, time or number ("Tuesday saw ...")."""
    if att.speaker is None or att.head is None:
        return False
    head = verb.doc.char_span(att.head, att.head + 1, alignment_mode="expand")
    if head is None:
        return False
    return head[0].ent_type_ not in NOT_SOURCES


def _that_in_prep(verb: Token) -> list[Token]:
    """A "that" clause the parser hung inside a phrase after the cue ("said at a news conference on
    Friday that ..." with the clause under "conference"): a clause with the subordinator "that" (not
    the relative pronoun, which is a subject or object) and a subject of its own."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for t in prep.subtree:
            if t.dep_ not in {"acl", "relcl", "ccomp", "advcl"} or t.i <= prep.i:
                continue
            kids = list(t.children)
            if any(k.dep_ == "mark" and k.lower_ == "that" for k in kids) and any(
                k.dep_ in SUBJECTS and k.lower_ not in RELATIVE for k in kids
            ):
                return [t]
    return []


def _raising(verb: Token, lex: Cues) -> Found | None:
    """The passive raising frame "X is said/believed/expected to VERB": content from X to the end of the
    infinitive, cue the passive verb group, speaker the by-agent when there is one (else unnamed)."""
    if verb.lemma_.lower() not in lex.raising_verbs or not _is_passive(verb):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
    comps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and _has_to(c)]
    if not subjects or not comps or subjects[0].lower_ in {"it", "there"}:
        return None
    span = _trim_span(list(verb.doc[subjects[0].left_edge.i : comps[0].right_edge.i + 1]))
    if span is None or len(_text(verb.doc)[span[0] : span[1]].split()) < 3:
        return None
    aux = [c for c in verb.children if c.dep_ == "auxpass" and c.i < verb.i]
    cue = (aux[0].idx if aux else verb.idx, verb.idx + len(verb.text))
    speaker, head = None, None
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                speaker, head = _speaker_span(objs[0]), objs[0].idx
    para = _paragraph_of(verb.doc, _sent(verb).start_char)
    return Found(span[0], span[1], "indirect", cue, speaker, head, paragraph=para)


def _adjective_cue(adj: Token, lex: Cues) -> Found | None:
    """A voiced stance with a prepositional content ("the senator was critical of the deal"): the
    adjective is the complement of a verb whose subject is the speaker; the cue runs to the preposition."""
    if adj.dep_ not in {"acomp", "oprd"} or adj.head.pos_ not in {"VERB", "AUX"}:
        return None
    preps = lex.adjectives[adj.lemma_.lower()]
    for prep in adj.children:
        objs = [o for o in prep.children if o.dep_ in {"pobj", "pcomp"}]
        if prep.dep_ != "prep" or prep.lower_ not in preps or not objs:
            continue
        span = _trim_span(list(adj.doc[objs[0].left_edge.i : objs[0].right_edge.i + 1]))
        subject = _subject(adj.head)
        if span is None or subject is None or (speaker := _speaker_span(subject)) is None:
            return None
        cue = (adj.idx, prep.idx + len(prep.text))
        para = _paragraph_of(adj.doc, _sent(adj).start_char)
        return Found(span[0], span[1], "indirect", cue, speaker, subject.idx, paragraph=para)
    return None


def _noun_cue(noun: Token, lex: Cues) -> Found | None:
    """A noun cue with its content ("his claim that ...", "the governor's plan to ...", "allegations of
    fraud by the opposition", "made comments about the deal") and a source: a possessive, a "by"/"from"
    phrase, or the subject of a light verb whose object the noun is ("X made the claim that ...").
    No source, no quote."""
    kinds = lex.nouns[noun.lemma_.lower()]
    doc = noun.doc
    content: Token | None = None
    least = 3
    for c in noun.children:
        if c.i < noun.i:
            continue
        kids = list(c.children)
        that_clause = (
            "that" in kinds
            and c.dep_ in {"acl", "ccomp", "appos", "relcl"}
            and any(k.dep_ == "mark" and k.lower_ == "that" for k in kids)
            and any(k.dep_ in SUBJECTS and k.lower_ not in RELATIVE for k in kids)
        )
        infinitive = "to" in kinds and c.dep_ in {"acl", "relcl"} and _has_to(c) and c.tag_ == "VB"
        if that_clause or infinitive:
            content = c
        elif c.dep_ == "prep" and c.lower_ in kinds - {"that", "to"}:
            objs = [k for k in kids if k.dep_ == "pobj"]
            # "of"/"for" X may name the source or beneficiary ("the statement of the minister"); a
            # topic preposition does not ("his comments about Clinton")
            named = objs and (objs[0].pos_ in {"PRON", "PROPN"} or objs[0].ent_type_ in NAMED)
            if objs and not (named and c.lower_ in {"of", "for"}):
                content, least = objs[0], 1 if c.lower_ not in {"of", "for"} else 2
        if content is not None:
            break
    if content is None:
        return None
    span = _trim_span(list(doc[content.left_edge.i : content.right_edge.i + 1]))
    if span is None or len(_text(doc)[span[0] : span[1]].split()) < least:
        return None
    source = _noun_source(noun, lex)
    if source is None:
        return None
    speaker, head = source
    para = _paragraph_of(doc, _sent(noun).start_char)
    cue = (noun.idx, noun.idx + len(noun.text))
    return Found(span[0], span[1], "indirect", cue, speaker, head, paragraph=para)


def _noun_source(noun: Token, lex: Cues) -> tuple[tuple[int, int], int] | None:
    """Speaker span and head of a noun cue's source (see ``_noun_cue``)."""
    for c in noun.children:
        if c.dep_ == "poss" and c.i < noun.i and c.ent_type_ not in NOT_SOURCES:
            toks = [t for t in noun.doc[c.left_edge.i : c.i + 1] if t.dep_ != "case"]
            span = _trim_span(toks)
            return (span, c.idx) if span else None
    # "by"/"from" after the noun phrase: under the noun, or under an active verb that the parser
    # hung it on ("examined allegations of fraud by the ruling party")
    after = [c for c in noun.children if c.i > noun.i]
    if noun.head.i != noun.i and not _is_passive(noun.head):
        after += [c for c in noun.head.children if c.i == noun.right_edge.i + 1]
    for c in after:
        if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
            objs = [k for k in c.children if k.dep_ == "pobj"]
            if objs and (span := _speaker_span(objs[0])) is not None:
                return span, objs[0].idx
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.light_verbs:
        subject = _subject(noun.head)
        if subject is not None and (span := _speaker_span(subject)) is not None:
            return span, subject.idx
    return None


def _parentheticals(doc: Doc, tokens: list[Token], lex: Cues) -> list[Found]:
    """Parenthetical cues ("Too often, Mr. Clarke said, the debate ...", "..., officials said."):
    a cue verb with a subject and no complement of its own, set off by commas or dashes from the rest
    of the sentence, which is the content (the longer side when the cue sits in the middle)."""
    out: list[Found] = []
    if not tokens:
        return out
    first, last = tokens[0].i, tokens[-1].i
    for t in tokens:
        if t.pos_ not in {"VERB", "AUX"} or not lex.makes_indirect(t.lemma_, t.text):
            continue
        if lex.verb_class(t.lemma_, t.text) in NO_PARENTHETICAL:
            continue
        if any(c.dep_ in {"ccomp", "dobj", "xcomp", "obj", "attr", "prep"} for c in t.children):
            continue
        subject = _subject(t)
        if subject is None or subject.head.i != t.i:
            continue
        lo = min(subject.left_edge.i, t.i)
        hi = max([t.i] + [c.right_edge.i for c in t.children if not c.is_punct])
        while hi < last and doc[hi + 1].is_punct and doc[hi + 1].text not in {",", "."} | DASHES:
            hi += 1
        before_ok = lo > first and (doc[lo - 1].text in {","} | DASHES)
        after_ok = hi >= last - 1 and (hi == last or doc[last].text in CLAUSE_ENDS | {":"})
        after_ok = after_ok or (hi < last and doc[hi + 1].text in {","} | DASHES)
        if not (before_ok and after_ok):
            continue
        left = [x for x in tokens if x.i < lo]
        right = [x for x in tokens if x.i > hi]
        span = _trim_span(right if len(right) > len(left) else left)
        if span is None or len(_text(doc)[span[0] : span[1]].split()) < 3:
            continue
        att = Attribution(_cue_span(t), _speaker_span(subject), subject.idx)
        para = _paragraph_of(doc, tokens[0].idx)
        out.append(Found(span[0], span[1], "indirect", att.cue, att.speaker, att.head, paragraph=para))
    return out


def _paragraph_of(doc: Doc, char: int) -> tuple[int, int]:
    """The paragraph (as ``marks.paragraphs`` gives it) that holds the character offset."""
    key = CACHE + "paragraphs"
    if key not in doc.user_data:
        doc.user_data[key] = paragraphs(_text(doc))
    paras: list[tuple[int, int]] = doc.user_data[key]
    n = bisect.bisect_right(paras, (char, len(_text(doc)) + 1)) - 1
    return paras[n] if n >= 0 else (0, 0)


def _cut_before_trailing_reports(doc: Doc, candidates: list[Found]) -> None:
    """A report whose content ends in another report ("the state admitted it made a mistake when a
    pediatrician reported high lead levels", "said A before claiming B") is two attributions: the
    outer content stops where the inner report's clause starts (its speaker, cue or content, whichever
    comes first, without the "when"/"after"/"and" that joins it), and both are kept. An inner report that
    opens the content ("said that Y believes Z") leaves no outer content and stays nested in it."""
    for c in candidates:
        inner = [
            o
            for o in candidates
            if o is not c and o.cue is not None and c.start < o.cue[0] < c.end and o.end >= c.end - 1
        ]
        if not inner:
            continue
        o = min(inner, key=lambda o: o.cue[0] if o.cue else o.start)
        cut = _adjunct_report(doc, o, c)
        if cut is None:
            continue
        tokens = _tokens(doc, c.start, cut)
        while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in JOINERS or tokens[-1].lower_ in RELATIVE):
            tokens.pop()
        span = _trim_span(tokens)
        if span is not None and len(_text(doc)[span[0] : span[1]].split()) >= 3:
            c.end = span[1]


def _adjunct_report(doc: Doc, inner: Found, outer: Found) -> int | None:
    """Where the clause of the inner report starts when it hangs on the outer content as an adjunct (a
    "when"/"after" clause, a conjunct, a relative clause, "before claiming"); None when it is the outer
    content's complement ("said the inquiry found that ..."): then the report is nested, not next to it."""
    assert inner.cue is not None
    span = doc.char_span(inner.cue[0], inner.cue[1], alignment_mode="expand")
    if span is None:
        return None
    node = span[0]
    own_subject = any(c.dep_ in SUBJECTS and c.lower_ not in RELATIVE for c in node.children)
    if not (own_subject or node.tag_ == "VBG"):
        return None  # "to discuss ...", "who said ...": a purpose or a relative clause, not a next report
    start = None
    while outer.start <= node.head.idx < outer.end and node.head.i != node.i:
        verbal = node.head.pos_ in {"VERB", "AUX"}
        if node.dep_ in {"advcl", "conj"} or (node.dep_ == "prep" and verbal):
            start = node.left_edge.idx
        node = node.head
    return start


def _keep_indirect(candidates: list[Found], found: list[Found]) -> list[Found]:
    """Indirect quotes that are not already direct quotes and not nested in another quote's content."""
    kept: list[Found] = []
    quoted = [(f.start, f.end) for f in found]
    for c in candidates:
        cue_at = c.cue[0] if c.cue else c.start
        if any(s <= cue_at < e for s, e in quoted):
            continue  # the cue itself is quoted speech: "We said that ..." inside a quote
        if any(_overlap(c.start, c.end, s, e) > 0.5 * (c.end - c.start) for s, e in quoted):
            continue  # the complement is a direct quote already attributed
        if any(o.start <= cue_at < o.end for o in candidates if o is not c):
            continue  # nested reported speech: "X said that Y believes ..." keeps the outer one
        kept.append(c)
    return kept


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))
