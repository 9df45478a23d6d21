"""Fifth round of issue 6: voiced stances and noun cues of support, quotes introduced by a colon, cues
that open the next quote, reports that trail another report, and continuations after an indirect report.

Every sentence is written for these tests; each family has sentences that must and must not quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.quotes import lexicon
from test_quotes_indirect import found  # (kind, content, speaker, cue) of every quotation

POSITIVE = [
    # voiced stances: adjective + preposition
    (
        "Senator Alvarez was critical of the trade agreement.",
        "the trade agreement",
        "Senator Alvarez",
        "critical of",
    ),
    ("The mayor remained dismissive of the audit report.", "the audit report", "The mayor", "dismissive of"),
    # noun cues with a source
    ("Governor Hale announced his support for the ferry tax.", "the ferry tax", "his", "support"),
    (
        "The union renewed its endorsement of the mayor's housing plan.",
        "the mayor's housing plan",
        "its",
        "endorsement",
    ),
    (
        "The minister made the case that the port should stay public.",
        "the port should stay public",
        "The minister",
        "case",
    ),
    # speech acts with a noun-phrase or prepositional content
    (
        "Ms. Okafor thanked the volunteers for their hard work.",
        "the volunteers for their hard work",
        "Ms. Okafor",
        "thanked",
    ),
    (
        "The chairman insisted on holding the vote in public.",
        "holding the vote in public",
        "The chairman",
        "insisted",
    ),
]


def test_speak_about_is_a_report_of_speech(nlp):
    text = "The senator spoke about the cost of the new bridge."
    assert ("indirect", "the cost of the new bridge", "The senator", "spoke") in found(nlp, text)


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), POSITIVE)
def test_voiced_stances_and_noun_cues(nlp, text, content, speaker, cue):
    assert ("indirect", content, speaker, cue) in found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "She is proud of her team.",  # a feeling, not a voiced stance
        "Support for the ferry tax fell among young voters.",  # no source for the noun cue
        "Most residents support the ferry tax.",  # a mental state, not speech
        "The council sees the ferry as a lifeline.",
        "The senator voted for the budget bill.",  # measured below 0.80 precision: left out
        "The report was critical.",  # no preposition, no content
        "The ambassador spoke Hebrew at the dinner.",  # "speak" takes its content from "about" only
    ],
)
def test_no_quote_for_states_and_sourceless_nouns(nlp, text):
    assert [f for f in found(nlp, text) if f[0] == "indirect"] == []


def test_colon_lead_in_attributes_the_quote_whatever_its_verb(nlp):
    text = "Ms. Varga went even further: “The whole plan is a disgrace and it will never pass.”"
    assert found(nlp, text) == [
        ("direct", "The whole plan is a disgrace and it will never pass.", "Ms. Varga", "went")
    ]


def test_colon_after_a_clause_without_a_source_is_no_attribution(nlp):
    text = "The rules are simple: “Everyone who pays the fee gets to play in the league.”"
    assert [(kind, speaker) for kind, _, speaker, _ in found(nlp, text)] == [("direct", None)]


def test_a_cue_that_opens_the_next_quote_is_not_the_previous_ones(nlp):
    text = "Mr. Lund said, “I knew nothing about the loan.” He added, “We were only old friends.”"
    assert [(content, cue) for _, content, _, cue in found(nlp, text)] == [
        ("I knew nothing about the loan.", "said"),
        ("We were only old friends.", "added"),
    ]


def test_a_report_trailing_another_is_a_second_quote(nlp):
    text = "The agency admitted it had made a mistake when a local doctor said the water was unsafe."
    quotes = {(content, speaker) for _, content, speaker, _ in found(nlp, text)}
    assert ("it had made a mistake", "The agency") in quotes
    assert ("the water was unsafe", "a local doctor") in quotes


def test_a_report_in_the_complement_stays_nested(nlp):
    text = "The governor said the inquiry found that the water was unsafe."
    assert found(nlp, text) == [
        ("indirect", "the inquiry found that the water was unsafe", "The governor", "said")
    ]


def test_a_continued_quote_follows_the_latest_report_before_it(nlp):
    text = (
        "“We will not accept any new taxes this year,” Mayor Brandt said.\n\n"
        "Councillor Ortiz said that the budget could not be balanced without them.\n\n"
        "“There is simply no other way to pay for the schools and the buses.”"
    )
    last = found(nlp, text)[-1]
    assert last[1].startswith("There is simply no other way") and last[2] == "Councillor Ortiz"


def test_adjectives_load_and_validate(tmp_path: Path):
    assert lexicon.cues().adjectives["critical"] == frozenset({"of"})
    bad = lexicon.CUES_FILE.read_text(encoding="utf-8").replace("  critical: [of]", "  critical: [beside]")
    path = tmp_path / "cues.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(lexicon.CueError, match="adjectives entry 'critical'"):
        lexicon.load_cues(path)
