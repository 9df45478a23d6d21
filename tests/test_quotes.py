"""The quote layer: marks, layouts of attribution, speakers and the public ``attribute`` contract.

Every sentence here is written for the tests; the example article is only read through its fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import nlp as nlp_layer
from eventwire import quotes
from eventwire.model import Entity, Span
from eventwire.quotes import attribution, lexicon
from eventwire.quotes.marks import find_segments, paragraphs

QUOTE_MARKS = "\"'“”‘’«»„"


@pytest.fixture(scope="module")
def cues() -> lexicon.Cues:
    return lexicon.cues()


def segment_texts(text: str, cues: lexicon.Cues) -> list[str]:
    return [text[s.start : s.end] for s in find_segments(text, cues)]


def found(nlp, text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content, speaker text, cue text) for every quotation, from the engine's own spans."""
    doc = nlp(text)
    out = []
    for f in attribution.find(doc):
        speaker = text[f.speaker[0] : f.speaker[1]] if f.speaker else None
        cue = text[f.cue[0] : f.cue[1]] if f.cue else None
        out.append((f.kind, text[f.start : f.end], speaker, cue))
    return out


def one(nlp, text: str, kind: str | None = None) -> tuple[str, str, str | None, str | None]:
    items = [f for f in found(nlp, text) if kind is None or f[0] == kind]
    assert len(items) == 1, items
    return items[0]


# --- data file -------------------------------------------------------------------------------------


def test_cue_file_loads_with_the_core_cues(cues):
    for lemma in ("say", "add", "tell", "note", "write", "announce", "warn", "insist"):
        assert cues.is_cue_verb(lemma)
    assert any(p.words == ("according", "to") for p in cues.phrases)


def test_cue_lookup_survives_lemmatizer_slips(cues):
    assert cues.lemma("hop", "hopes") == "hope"
    assert cues.lemma("say", "said") == "say"
    assert cues.lemma("walk", "walked") is None


def test_a_bad_cue_file_names_the_file_and_entry(tmp_path: Path):
    text = lexicon.CUES_FILE.read_text(encoding="utf-8").replace("  say: speech", "  say: shouting")
    bad = tmp_path / "cues.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(lexicon.CueError, match=r"cues\.yaml verbs entry 'say'"):
        lexicon.load_cues(bad)


def test_a_cue_file_without_marks_is_rejected(tmp_path: Path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("verbs: {say: speech}\nphrases: []\n", encoding="utf-8")
    with pytest.raises(lexicon.CueError, match="missing top-level key"):
        lexicon.load_cues(bad)


# --- quotation marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("He said: “Enough is enough.”", "Enough is enough."),
        ('He said: "Enough is enough."', "Enough is enough."),
        ("He said: «Enough is enough.»", "Enough is enough."),
        ("He said: ''Enough is enough.''", "Enough is enough."),
        ("He said: „Enough is enough.“", "Enough is enough."),
    ],
)
def test_every_mark_style_gives_the_content_without_marks(cues, text, content):
    assert segment_texts(text, cues) == [content]


def test_nested_single_quotes_stay_inside_the_content(cues):
    text = "“They called it ‘a red line’ and then crossed it,” she said."
    assert segment_texts(text, cues) == ["They called it ‘a red line’ and then crossed it"]


def test_apostrophes_are_not_quotation_marks(cues):
    assert segment_texts("Ukraine’s army didn’t move; the leaders’ talks went on.", cues) == []


def test_unbalanced_closing_mark_runs_from_the_paragraph_start(cues):
    text = "First line.\n\nThe army keeps training near the border,” he added."
    segs = find_segments(text, cues)
    assert [text[s.start : s.end] for s in segs] == ["The army keeps training near the border"]
    assert not segs[0].opened


def test_quote_over_two_paragraphs_is_one_segment_per_paragraph(cues):
    text = "“The first step is simple,” she said. “We open the road.\n\n“Then we open the school.”"
    segs = find_segments(text, cues)
    assert [text[s.start : s.end] for s in segs] == [
        "The first step is simple",
        "We open the road.",
        "Then we open the school.",
    ]
    assert not segs[1].closed and segs[2].continues


def test_paragraphs_are_non_blank_lines():
    text = "  One.\n\n Two words \n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two words"]


# --- direct quotes and speaker positions -----------------------------------------------------------


def test_speaker_after_the_quote(nlp):
    assert one(nlp, "“We will not back down,” the minister said.") == (
        "direct",
        "We will not back down",
        "the minister",
        "said",
    )


def test_inverted_speaker_after_the_quote(nlp):
    kind, content, speaker, cue = one(nlp, "“The border stays closed,” said Foreign Minister Anna Kowalska.")
    assert (kind, content, cue) == ("direct", "The border stays closed", "said")
    assert speaker is not None and speaker.endswith("Anna Kowalska")


def test_speaker_before_the_quote(nlp):
    assert one(nlp, "The governor told reporters: “The bridge will reopen in May.”") == (
        "direct",
        "The bridge will reopen in May.",
        "The governor",
        "told",
    )


def test_speaker_inside_an_interrupted_quote(nlp):
    items = found(nlp, "“We are ready,” she said, “but we need more time.”")
    assert [(k, c, s) for k, c, s, _ in items] == [
        ("direct", "We are ready", "she"),
        ("direct", "but we need more time.", "she"),
    ]


def test_guillemets_and_a_post_on_social_media(nlp):
    assert one(nlp, "«We stand with our allies», the prime minister wrote in a post on X.") == (
        "direct",
        "We stand with our allies",
        "the prime minister",
        "wrote",
    )


def test_according_to_after_a_quote(nlp):
    kind, content, speaker, cue = one(nlp, "“The shelling stopped at dawn,” according to local officials.")
    assert (kind, content, speaker, cue) == (
        "direct",
        "The shelling stopped at dawn",
        "local officials",
        "according to",
    )


def test_unbalanced_quote_skips_the_attributed_sentence_before_it(nlp):
    text = "According to the mayor, the budget is balanced. We will hire more teachers next year,” she added."
    items = found(nlp, text)
    assert ("indirect", "the budget is balanced", "the mayor", "According to") in items
    assert ("direct", "We will hire more teachers next year", "she", "added") in items


def test_continued_quote_keeps_the_speaker(nlp):
    text = "“The first step is simple,” the director said. “We open the road.\n\n“Then we open the school.”"
    items = found(nlp, text)
    assert [s for _, _, s, _ in items] == ["the director"] * 3


def test_quote_after_a_speakers_paragraph_keeps_the_speaker(nlp):
    text = "“This is our best offer,” Ms. Ortega said.\n\n“There will be no other one before the vote.”"
    assert [s for _, _, s, _ in found(nlp, text)] == ["Ms. Ortega", "Ms. Ortega"]


def test_transcript_speaker_label(nlp):
    assert one(nlp, "SMITH: We have to act now and we will.") == (
        "direct",
        "We have to act now and we will.",
        "SMITH",
        ":",
    )


def test_short_scare_quotes_are_not_quotes(nlp):
    assert found(nlp, "The so-called “peace plan” was debated for hours.") == []


# --- block attribution -----------------------------------------------------------------------------


def test_block_attribution_without_marks(nlp):
    text = (
        "Our teams will keep working together on energy and trade in the coming months "
        "Olaf Scholz German Chancellor"
    )
    kind, content, speaker, cue = one(nlp, text)
    assert kind == "direct" and cue is None
    assert content.endswith("in the coming months")
    assert speaker is not None and speaker.startswith("Olaf Scholz") and "Olaf" not in content


def test_block_attribution_after_a_full_stop(nlp):
    text = (
        "The two presidents agreed to meet again before the summer and to continue talks on trade. "
        "The White House"
    )
    assert one(nlp, text) == (
        "direct",
        "The two presidents agreed to meet again before the summer and to continue talks on trade.",
        "The White House",
        None,
    )


def test_block_attribution_after_marks_and_a_dash(nlp):
    text = "“Nobody in this town has ever seen floods like these.” ― Carla Mendes"
    assert one(nlp, text) == (
        "direct",
        "Nobody in this town has ever seen floods like these.",
        "Carla Mendes",
        None,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Talks between Olaf Scholz and Emmanuel Macron",
        "The foreign minister met in Berlin with Olaf Scholz",
        "Reporting by Anna Smith",
    ],
)
def test_headlines_and_names_after_a_preposition_are_not_blocks(nlp, text):
    assert found(nlp, text) == []


# --- partial quotes ---------------------------------------------------------------------------------


def test_partial_quote_takes_the_speaker_of_the_previous_attribution(nlp):
    text = (
        "The adviser to the chancellor also described the plans for next week. The chancellor is expected "
        "to “push hard for a ceasefire in the east” when he meets the delegation."
    )
    assert one(nlp, text, "partial") == (
        "partial",
        "push hard for a ceasefire in the east",
        "The adviser to the chancellor",
        "described",
    )


def test_partial_quote_inside_reported_speech(nlp):
    items = found(nlp, "The senator said the bill was “dead on arrival” in the House.")
    assert ("partial", "dead on arrival", "The senator", "said") in items
    assert ("indirect", "the bill was “dead on arrival” in the House", "The senator", "said") in items


# --- indirect speech -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "The spokesman said that the talks would resume on Monday.",
            "the talks would resume on Monday",
            "The spokesman",
            "said",
        ),
        (
            "The minister noted that exports had doubled since 2020.",
            "exports had doubled since 2020",
            "The minister",
            "noted",
        ),
        (
            "According to the ministry, the convoy reached the city overnight.",
            "the convoy reached the city overnight",
            "the ministry",
            "According to",
        ),
        (
            "The president's spokesman told reporters the visit had been postponed.",
            "the visit had been postponed",
            "The president's spokesman",
            "told",
        ),
        (
            "The talks will resume next week, the ministry said.",
            "The talks will resume next week",
            "the ministry",
            "said",
        ),
        (
            "The economy, the finance minister said, will grow by two percent this year.",
            "will grow by two percent this year",
            "the finance minister",
            "said",
        ),
        (
            "Two officials familiar with the talks said the deal was close.",
            "the deal was close",
            "Two officials familiar with the talks",
            "said",
        ),
        (
            "WASHINGTON -- President Obama said that the museum would open next year.",
            "the museum would open next year",
            "President Obama",
            "said",
        ),
        (
            "The senator, who said that the vote had been rigged, left the chamber early.",
            "the vote had been rigged",
            "The senator",
            "said",
        ),
        (
            "The minister said on Monday the talks had failed.",
            "the talks had failed",
            "The minister",
            "said",
        ),
        (
            "The president said after the summit he would not accept the deal.",
            "he would not accept the deal",
            "The president",
            "said",
        ),
        (
            "The opposition leader vowed to block the budget in parliament.",
            "to block the budget in parliament",
            "The opposition leader",
            "vowed",
        ),
    ],
)
def test_indirect_speech(nlp, text, content, speaker, cue):
    assert one(nlp, text) == ("indirect", content, speaker, cue)


def test_nested_reported_speech_keeps_the_outer_attribution(nlp):
    kind, content, speaker, cue = one(
        nlp, "The envoy said that the minister believes the ceasefire will hold."
    )
    assert (kind, speaker, cue) == ("indirect", "The envoy", "said")
    assert content.startswith("the minister believes")


def test_no_quote_in_plain_narration(nlp):
    assert found(nlp, "The delegation arrived in Geneva on Monday and met the mediators.") == []


# --- attribute(): ids, offsets and speakers -------------------------------------------------------


def entity(eid: str, name: str, text: str, *surfaces: str) -> Entity:
    mentions = []
    for surface in surfaces:
        match = re.search(rf"\b{re.escape(surface)}\b", text)
        assert match is not None, surface
        mentions.append(Span.of(text, match.start(), match.end()))
    return Entity(eid, name, "person", mentions)


def test_attribute_numbers_quotes_in_text_order_with_clean_offsets(nlp):
    text = (
        "The spokesman said that the talks would resume on Monday.\n\n"
        "“We are ready,” the minister said, “but we need more time.”"
    )
    result = quotes.attribute(nlp(text), [])
    assert [q.id for q in result] == ["Q1", "Q2", "Q3"]
    for q in result:
        assert text[q.start : q.end] == q.text
        assert q.text[0] not in QUOTE_MARKS and q.text[-1] not in QUOTE_MARKS
        if q.cue:
            assert text[q.cue.start : q.cue.end] == q.cue.text
    assert [q.speaker.name for q in result if q.speaker] == ["The spokesman", "the minister", "the minister"]
    assert all(q.speaker.entity is None for q in result if q.speaker)


def test_speaker_resolves_to_the_entity_over_its_head_word(nlp):
    text = "Government spokesman Dmitry Peskov said that the meeting would take place in the capital."
    peskov = entity("E1", "Dmitry Peskov", text, "Dmitry Peskov")
    [q] = quotes.attribute(nlp(text), [peskov])
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.entity) == ("Government spokesman Dmitry Peskov", "E1")


def test_pronoun_speaker_takes_the_entity_the_actor_layer_gives_it(nlp):
    text = "Mr. Duval arrived late.\n\n“The plan is ready and the money is there,” he said."
    ent = entity("E2", "Paul Duval", text, "Mr. Duval", "he")
    [q] = quotes.attribute(nlp(text), [ent])
    assert q.speaker is not None and (q.speaker.name, q.speaker.entity) == ("Paul Duval", "E2")


def test_pronoun_speaker_without_entity_takes_the_previous_speaker(nlp):
    text = (
        "According to the mayor, the budget is balanced.\n\n"
        "“We will hire more teachers next year,” she added."
    )
    result = quotes.attribute(nlp(text), [])
    assert [q.speaker.name for q in result if q.speaker] == ["the mayor", "the mayor"]


def test_anonymous_sources_stay_names(nlp):
    text = "Two sources close to the president said the trip had been cancelled."
    president = entity("E1", "The President", text, "the president")
    [q] = quotes.attribute(nlp(text), [president])
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.entity) == ("Two sources close to the president", None)


# --- the canonical example -------------------------------------------------------------------------


def test_example_article_quotes(nlp, example_text):
    result = quotes.attribute(nlp(example_text), [])
    direct = [q for q in result if q.kind in ("direct", "partial")]
    speakers = [q.speaker.name if q.speaker else None for q in direct]
    assert len(direct) == 6, speakers
    assert "White" in speakers[0]
    assert speakers[1].startswith("Emmanuel Macron") and speakers[2] == "Macron"
    assert direct[3].kind == "partial" and "informant" in speakers[3]
    assert "Zelensky" in speakers[4]
    assert speakers[5] == "the Elysee Palace"
    for q in direct:
        assert example_text[q.start : q.end] == q.text
        assert q.text[0] not in QUOTE_MARKS and q.text[-1] not in QUOTE_MARKS
        assert q.speaker is not None and q.speaker.name not in q.text  # the speaker block is not quoted
    indirect = [q for q in result if q.kind == "indirect"]
    indirect_speakers = {q.speaker.name for q in indirect if q.speaker}
    assert "Macron" in indirect_speakers
    assert any("Peskov" in s for s in indirect_speakers)
    peskov = [q for q in indirect if q.speaker and "Peskov" in q.speaker.name]
    assert {q.cue.text for q in peskov if q.cue} >= {"said", "noted", "added"}


# --- robustness ------------------------------------------------------------------------------------

PIECES = [
    "“",
    "”",
    '"',
    "«",
    "»",
    "‘",
    "’",
    "''",
    " said ",
    " he ",
    "The minister",
    ",",
    ".",
    ":",
    "\n\n",
    " We will win ",
    " according to ",
    "Olaf Scholz",
    " President ",
    "—",
    "didn’t",
    " that ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_mix_of_marks_and_cues_gives_consistent_spans(pieces):
    text = "".join(pieces)
    result = quotes.attribute(nlp_layer.parse(text), [])
    assert [q.id for q in result] == [f"Q{n}" for n in range(1, len(result) + 1)]
    assert [q.start for q in result] == sorted(q.start for q in result)
    for q in result:
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text
        if q.cue:
            assert text[q.cue.start : q.cue.end] == q.cue.text


def test_empty_and_blank_texts_have_no_quotes():
    assert quotes.attribute(nlp_layer.parse(""), []) == []
    assert quotes.attribute(nlp_layer.parse("\n\n  \n"), []) == []


def test_attribution_leaves_no_cache_on_the_doc(nlp):
    doc = nlp("“We are ready,” the minister said.")
    quotes.attribute(doc, [])
    assert not any(str(k).startswith("eventwire.quotes") for k in doc.user_data)


def test_speaker_named_by_surname_only_after_a_full_mention():
    from datetime import date

    from eventwire.model import Article
    from eventwire.pipeline import analyze

    text = 'President William Ruto met his Ethiopian counterpart. "We agreed to expand trade," Ruto said.'
    [quote] = analyze(Article(id="q", date=date(2023, 5, 2), text=text)).quotes
    assert quote.kind == "direct" and quote.text == "We agreed to expand trade"
    assert quote.speaker is not None and quote.speaker.name == "Ruto" and quote.speaker.entity == "E1"
