"""The brat attribution scorer: reading .ann files, matching rules, and a run over a tiny corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate import brat

TEXT = (
    "The spokesman said that the talks would resume on Monday.\n\n"
    "“We are ready for a long negotiation,” the minister said.\n\n"
    "The delegation arrived in Geneva on Monday and met the mediators.\n"
)


def offsets(text: str, part: str) -> str:
    start = text.index(part)
    return f"{start} {start + len(part)}"


def write_ann(path: Path, text: str) -> None:
    lines = [
        f"T1\tSource {offsets(text, 'The spokesman')}\tThe spokesman",
        f"T2\tCue {offsets(text, 'said')}\tsaid",
        f"T3\tContent {offsets(text, 'that the talks would resume on Monday')}\tthat the talks ...",
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        f"T4\tContent {offsets(text, '“We are ready for a long negotiation,”')}\t“We are ready ...",
        f"T5\tSource {offsets(text, 'the minister')}\tthe minister",
        f"T6\tCue {text.rindex('said')} {text.rindex('said') + 4}\tsaid",
        "E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5",
        f"T7\tContent {offsets(text, 'met the mediators')}\tmet the mediators",
        "E3\tAttribution-no-source:T7 Content:T7",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    write_ann(tmp_path / "attributions" / "doc1_ab12.ann", TEXT)
    return tmp_path


def test_read_ann_ties_source_cue_and_content(corpus: Path):
    gold = brat.read_ann(corpus / "attributions" / "doc1_ab12.ann")
    assert len(gold) == 3
    first = gold[0]
    assert TEXT[first.source[0][0] : first.source[0][1]] == "The spokesman"
    assert TEXT[first.cue[0][0] : first.cue[0][1]] == "said"
    assert gold[2].source == []


def test_discontinuous_spans_are_read(tmp_path: Path):
    ann = tmp_path / "x.ann"
    ann.write_text("T1\tContent 0 4;10 14\tab cd\nE1\tAttribution:T1 Content:T1\n", encoding="utf-8")
    assert brat.read_ann(ann)[0].content == [(0, 4), (10, 14)]


def test_malformed_line_names_the_file(tmp_path: Path):
    ann = tmp_path / "bad.ann"
    ann.write_text("T1\tContent zero four\tab\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.ann:1"):
        brat.read_ann(ann)


def test_leading_that_and_marks_do_not_decide_a_match():
    text = "He said that the plan works."
    with_that = brat._words(text, [(8, 27)])
    without = brat._words(text, [(13, 27)])
    assert with_that == without


def test_scoring_counts_matches_misses_and_speakers():
    text = "Alpha said the plan works. Beta said the road is open. Gamma left."
    gold = [
        brat.GoldAttribution([(11, 25)], [(6, 10)], [(0, 5)]),
        brat.GoldAttribution([(37, 53)], [(32, 36)], [(27, 31)]),
    ]
    pred = [
        brat.Predicted([(11, 25)], [(6, 10)], [(0, 5)], 0),  # exact, right speaker
        brat.Predicted([(41, 53)], [(32, 36)], [(55, 60)], 55),  # overlap only, wrong speaker
        brat.Predicted([(55, 65)], [], [], None),  # spurious
    ]
    tally = brat._Tally()
    brat.score_document(text, gold, pred, tally)
    assert (tally["gold"], tally["pred"], tally["overlap"]) == (2, 3, 2)
    assert (tally["exact_pred"], tally["exact_gold"]) == (1, 1)
    assert (tally["spk_n"], tally["spk_head"]) == (2, 1)


def test_relative_pronoun_source_accepts_its_antecedent():
    text = "The senator, who said the vote was rigged, left."
    who = [(13, 16)]
    assert brat._antecedent(text, who, [(0, 11)])
    assert not brat._antecedent(text, who, [(40, 45)])
    assert not brat._antecedent(text, [(0, 11)], [(0, 11)])


def test_evaluate_dir_on_a_tiny_corpus(corpus: Path):
    result = brat.evaluate_dir(corpus)
    assert result["documents"] == 1
    assert result["gold_attributions"] == 3
    assert result["content_overlap"]["precision"] == 1.0
    assert result["content_overlap"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["content_exact"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["speaker"] == {
        "matched_with_source": 2,
        "accuracy": 1.0,
        "overlap_accuracy": 1.0,
        "strict_accuracy": 1.0,
    }
    assert result["cue_exact"]["f1"] == 1.0  # the third attribution has no cue


def test_evaluate_dir_without_annotations_is_an_error(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        brat.evaluate_dir(tmp_path)


@pytest.mark.shared
def test_polnear_dev_sample_runs(shared_dir: Path):
    dev = shared_dir / "eval" / "polnear" / "data" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev split not found at {dev}")
    result = brat.evaluate_dir(dev, limit=3)
    assert result["documents"] == 3
    for key in ("content_exact", "content_overlap", "content_token", "cue_exact", "cue_overlap"):
        assert 0.0 <= result[key]["f1"] <= 1.0
    assert result["content_overlap"]["precision"] > 0.5
