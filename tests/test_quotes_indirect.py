"""Indirect attribution families beyond "X said that ...": intentions, demands and warnings, the
passive raising frame, noun cues and "in the view of" / "For X," phrases (issue 6).

Every sentence is written for these tests; each family has sentences that must and must not quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import quotes
from eventwire.quotes import attribution, lexicon


def found(nlp, text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content, speaker text, cue text) for every quotation, from the engine's own spans."""
    out = []
    for f in attribution.find(nlp(text)):
        speaker = text[f.speaker[0] : f.speaker[1]] if f.speaker else None
        cue = text[f.cue[0] : f.cue[1]] if f.cue else None
        out.append((f.kind, text[f.start : f.end], speaker, cue))
    return out


POSITIVE = [
    # intentions with an infinitive
    (
        "The minister wants to raise taxes on large companies next year.",
        "to raise taxes on large companies next year",
        "The minister",
        "wants",
    ),
    (
        "Most delegates are planning to support the governor at the convention.",
        "to support the governor at the convention",
        "Most delegates",
        "planning",
    ),
    # demands: the addressee is part of the content
    (
        "The senator called on the government to release the prisoners.",
        "the government to release the prisoners",
        "The senator",
        "called",
    ),
    (
        "The union is calling for the company to reopen the factory.",
        "the company to reopen the factory",
        "The union",
        "calling",
    ),
    # demands and warnings whose content is the object of a preposition
    (
        "The opposition called for early elections and a new constitution.",
        "early elections and a new constitution",
        "The opposition",
        "called for",
    ),
    (
        "The envoy warned of a humanitarian disaster in the region.",
        "a humanitarian disaster in the region",
        "The envoy",
        "warned of",
    ),
    # passive raising: no named source
    (
        "The rebels are believed to control most of the eastern province.",
        "The rebels are believed to control most of the eastern province",
        None,
        "are believed",
    ),
    # noun cues with a source
    ("His claim that the election was rigged drew criticism.", "the election was rigged", "His", "claim"),
    (
        "The ministry issued a statement that the border would stay closed.",
        "the border would stay closed",
        "The ministry",
        "statement",
    ),
    (
        "Critics attacked the governor's plan to close three rural hospitals.",
        "to close three rural hospitals",
        "the governor",
        "plan",
    ),
    (
        "Observers noted the party's pledge to hold a referendum next year.",
        "to hold a referendum next year",
        "the party",
        "pledge",
    ),
    # a "that" clause the parser hung under a phrase after the cue
    (
        "The senator said at a news conference on Friday that he would run again.",
        "he would run again",
        "The senator",
        "said",
    ),
    # the speaker of a cue under an adjective: "X are more likely to say that ..."
    (
        "Rural voters are more likely to say that the economy is getting worse.",
        "the economy is getting worse",
        "Rural voters",
        "say",
    ),
    # phrases whose object is the source
    (
        "In the view of the commission, the budget rules were broken last year.",
        "the budget rules were broken last year",
        "the commission",
        "In the view of",
    ),
    (
        "For Macron, the talks were a first step toward peace.",
        "the talks were a first step toward peace",
        "Macron",
        "For",
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), POSITIVE)
def test_indirect_families(nlp, text, content, speaker, cue):
    assert ("indirect", content, speaker, cue) in found(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # intentions and demands need a clause, an infinitive or a demanded object, and a source
        "He wants a new car for his birthday.",
        "To raise money, the club sold its old stadium last year.",
        "The minister called a meeting of the cabinet for Monday.",
        # raising needs a raising verb and an infinitive ("supposed to" is an obligation, not a report)
        "The bridge was built to carry heavy trucks across the river.",
        "The two countries were supposed to sign a trade deal on Friday.",
        # noun cues need a source and a complement
        "The claim that the earth is flat is very old.",
        "The fact that the border was closed surprised the drivers.",
        "Police are investigating the allegations about the company.",
        "Tuesday's announcement that the talks had failed surprised the markets.",
        # "For X," only with a named source at the start of a sentence
        "For now, the talks are over and nobody knows more.",
        "For years, the factory employed most of the town.",
        "The delegation waited for hours, and the talks failed.",
    ],
)
def test_no_indirect_quote_without_source_and_content(nlp, text):
    assert found(nlp, text) == []


def test_noun_cue_source_from_a_by_phrase(nlp):
    items = found(nlp, "Investigators examined new allegations of vote buying by the ruling party.")
    assert ("indirect", "vote buying", "the ruling party", "allegations") in items


def test_possessive_source_resolves_like_a_pronoun(nlp):
    text = (
        "The mayor said that the city would hire more teachers. "
        "His claim that the budget was balanced drew criticism."
    )
    result = quotes.attribute(nlp(text), [])
    assert [(q.kind, q.text, q.cue.text if q.cue else None) for q in result] == [
        ("indirect", "the city would hire more teachers", "said"),
        ("indirect", "the budget was balanced", "claim"),
    ]
    assert result[1].speaker is not None and result[1].speaker.name == "The mayor"


def test_cue_file_lists_the_new_families():
    cues = lexicon.cues()
    assert cues.verb_class("want") == "intention"
    assert "for" in cues.prep_objects["call"] and "on" in cues.prep_objects["call"]
    assert "believe" in cues.raising_verbs
    assert cues.nouns["claim"] >= {"that", "of"}
    assert any(p.initial and "PERSON" in p.labels for p in cues.phrases)


def test_a_bad_noun_complement_names_the_file_and_entry(tmp_path: Path):
    text = lexicon.CUES_FILE.read_text(encoding="utf-8").replace("  plan: [to]", "  plan: [to, with]")
    bad = tmp_path / "cues.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(lexicon.CueError, match=r"cues\.yaml nouns entry 'plan'"):
        lexicon.load_cues(bad)


def test_a_prep_object_verb_must_be_a_cue_verb(tmp_path: Path):
    text = lexicon.CUES_FILE.read_text(encoding="utf-8").replace("  ask: [for]", "  beseech: [for]")
    bad = tmp_path / "cues.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(lexicon.CueError, match=r"prep_objects: not listed under verbs: \['beseech'\]"):
        lexicon.load_cues(bad)


def test_content_stops_before_the_speakers_next_cue(nlp):
    items = found(
        nlp, "The senator said that she had released her tax returns and called on her rivals to do the same."
    )
    assert ("indirect", "she had released her tax returns", "The senator", "said") in items
    assert ("indirect", "her rivals to do the same", "The senator", "called on") in items
    items = found(nlp, "He said he would publish the report on Friday, calling it a very boring document.")
    assert items == [
        ("indirect", "he would publish the report on Friday", "He", "said"),
        ("indirect", "it a very boring document", "He", "calling"),  # a speech act of its own
    ]


def test_coordinated_clauses_that_are_not_cues_stay_in_the_content(nlp):
    items = found(nlp, "The envoy said that the rebels attacked the town and burned the market.")
    assert items == [("indirect", "the rebels attacked the town and burned the market", "The envoy", "said")]
