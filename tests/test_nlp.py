"""The NLP layer: paragraph-aware sentences and the gazetteer fixes for news text."""

from __future__ import annotations

import pytest

from eventwire import nlp as nlp_layer


def ents(doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_model_is_loaded_once(nlp):
    assert nlp_layer.load() is nlp


def test_unknown_model_name_is_a_clear_error():
    with pytest.raises(nlp_layer.ModelNotFound, match="no_such_model"):
        nlp_layer.load("no_such_model")


def test_blank_line_always_starts_a_sentence(nlp):
    doc = nlp("Talks between the two leaders\n\nthe ministers met again in the capital on Friday.")
    sentences = [s.text for s in doc.sents]
    assert "ministers" not in sentences[0]
    assert any(s.startswith("the ministers met") for s in sentences)


def test_offsets_are_offsets_into_the_text(nlp):
    text = "  The delegation flew to Kyiv.\n\nThen it went on to Kharkiv."
    doc = nlp(text)
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


@pytest.mark.parametrize("city", ["Kiev", "Kyiv", "Moscow", "Odessa"])
def test_capitals_and_variants_are_places(nlp, city):
    doc = nlp(f"The talks continued in {city} and ended late.")
    assert (city, "GPE") in ents(doc)


def test_person_running_into_a_demonym_and_title_is_trimmed(nlp):
    doc = nlp("We will build trust together Emmanuel Macron French President")
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert people == ["Emmanuel Macron"]
    assert ("French", "NORP") in ents(doc)


def test_name_containing_a_city_is_not_split(nlp):
    doc = nlp("Paris Hilton arrived at the party on Saturday.")
    assert ("Paris", "GPE") not in ents(doc)


def test_chunks_cover_the_text_exactly_and_prefer_paragraphs():
    text = ("One paragraph here. " * 30 + "\n\n") * 20
    pieces = nlp_layer.chunks(text, size=1000)
    assert "".join(pieces) == text
    assert all(len(p) <= 1000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_chunks_cut_hard_when_there_is_no_boundary():
    assert nlp_layer.chunks("x" * 25, size=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_long_text_is_parsed_in_chunks_with_exact_offsets(monkeypatch):
    monkeypatch.setattr(nlp_layer, "CHUNK_CHARS", 200)
    text = "The minister met the envoy in Kyiv on Monday.\n\n" * 12
    doc = nlp_layer.parse(text)
    assert doc.text == text
    assert sum(1 for e in doc.ents if e.text == "Kyiv") == 12
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_surname_of_a_person_found_once_is_tagged_later(nlp):
    doc = nlp('Kenyan President William Ruto arrived in the capital. "Trade will grow," Ruto said.')
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["William Ruto", "Ruto"]


def test_names_are_not_propagated_to_common_words(nlp):
    doc = nlp("Minister Grace Will spoke first. The vote will take place later.")
    assert all(e.text != "will" for e in doc.ents)
