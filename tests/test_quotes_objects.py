"""Speech acts whose content is a noun phrase ("denied the allegations"), topic prepositions of noun cues
("his comments about the deal"), and pieces of one quote sharing their cue (issue 6, fourth round).

Every sentence is written for these tests; each family has sentences that must and must not quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.quotes import lexicon
from test_quotes_indirect import found  # (kind, content, speaker, cue) of every quotation

POSITIVE = [
    ("The mayor denied the allegations on Tuesday.", "the allegations", "The mayor", "denied"),
    (
        "The health ministry announced a new vaccination campaign for the autumn.",
        "a new vaccination campaign for the autumn",
        "The health ministry",
        "announced",
    ),
    # the phrase the verb's entry lists runs on after the object
    (
        "The union criticized the company for its handling of the strike.",
        "the company for its handling of the strike",
        "The union",
        "criticized",
    ),
    (
        "Local officials described the flooding as a national disaster.",
        "the flooding as a national disaster",
        "Local officials",
        "described",
    ),
    (
        "The opposition leader accused the government of hiding the report.",
        "the government of hiding the report",
        "The opposition leader",
        "accused",
    ),
    # an object predicate: the only way "call" reports speech with a noun phrase
    ("The senator called the decision a mistake.", "the decision a mistake", "The senator", "called"),
    # no object: the listed preposition's object ("talked about X")
    (
        "The candidate talked about rising rents at every stop of the tour.",
        "rising rents at every stop of the tour",
        "The candidate",
        "talked",
    ),
    # a gerund object
    (
        "The committee proposed raising the retirement age.",
        "raising the retirement age",
        "The committee",
        "proposed",
    ),
    # passive: the subject is the content, the by-phrase the speaker
    (
        "The proposal was rejected by the opposition parties.",
        "The proposal",
        "the opposition parties",
        "rejected",
    ),
    # a noun cue with a topic preposition and a light verb's subject as source
    (
        "The coach made several comments about the referee after the match.",
        "the referee",
        "The coach",
        "comments",
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), POSITIVE)
def test_noun_phrase_speech_acts(nlp, text, content, speaker, cue):
    assert ("indirect", content, speaker, cue) in found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # mental states and other acts are not reports of speech
        "Most farmers in the valley support the new dam.",
        "The company built a new factory near the river.",
        # "call" without an object predicate
        "The chairman called a meeting of the board for Monday.",
        # passive: no source in the subject position
        "The plan was criticized in several newspapers.",
        # a date is not a source
        "Tuesday saw the announcement of the results.",
    ],
)
def test_no_noun_phrase_quote_without_a_speech_act_and_a_source(nlp, text):
    assert [item for item in found(nlp, text) if item[0] == "indirect"] == []


def test_of_a_named_noun_is_the_source_not_the_content(nlp):
    items = found(nlp, "The statement of the foreign minister was read aloud by his deputy.")
    assert all(content != "the foreign minister" for _, content, _, _ in items)


def test_relative_object_is_not_the_content(nlp):
    items = found(nlp, "The budget that the minister announced last week includes deep cuts.")
    assert all(content not in {"that", "which"} for _, content, _, _ in items)


def test_noun_cue_inside_the_object_keeps_its_own_source(nlp):
    items = found(nlp, "Reporters noted the governor's promise to cut taxes before the election.")
    assert ("indirect", "to cut taxes before the election", "the governor", "promise") in items


def test_first_person_report_inside_an_unopened_quote_does_not_cut_it(nlp):
    text = (
        "According to the minister, the talks will resume soon. We are discussing the border and the "
        "water supply. Both sides want an agreement,” she added."
    )
    items = found(nlp, text)
    direct = [i for i in items if i[0] == "direct"]
    assert direct and direct[0][1].startswith("We are discussing the border")
    assert direct[0][2] == "she"


def test_neighbouring_pieces_share_the_cue(nlp):
    text = "“The harvest was poor.” “Prices will rise,” the farmer said."
    items = found(nlp, text)
    assert ("direct", "The harvest was poor.", "the farmer", "said") in items
    assert ("direct", "Prices will rise", "the farmer", "said") in items


def test_object_verbs_load_and_validate(tmp_path: Path):
    cues = lexicon.cues()
    assert cues.object_verb("denied", "denied") == "deny"
    assert "as" in cues.object_verbs["describe"]
    assert "call" in cues.object_needs_predicate
    assert cues.object_verb("support", "supports") is None  # a mental state, deliberately absent
    text = lexicon.CUES_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "cues.yaml"
    bad.write_text(text.replace("  describe: [as]\n", "  describe: [beside]\n", 1), encoding="utf-8")
    with pytest.raises(lexicon.CueError, match=r"object_verbs entry 'describe': unknown \['beside'\]"):
        lexicon.load_cues(bad)
    needs = "object_needs_predicate: [call]"
    bad.write_text(text.replace(needs, "object_needs_predicate: [call, dub]"), encoding="utf-8")
    with pytest.raises(lexicon.CueError, match=r"object_needs_predicate: not listed under object_verbs"):
        lexicon.load_cues(bad)
