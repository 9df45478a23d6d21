"""Photo credits and gallery counters marked by the NLP layer (eventwire.nlp.credits), on sentences
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.nlp import credits

GALLERY = (
    "Firefighters at the burnt warehouse on Monday Jane Roe/PA 2/5 Neighbours watched from the bridge "
    "John Doe/Getty Images 3/5 The roof fell in before noon Twitter/@harbourwatch 4/5 A crane lifts debris "
    "Lena Marsh 5/5 Investigators arrive at the site"
)


def marked(nlp, text: str, label: str | None = None) -> list[str]:
    doc = nlp(text)
    return [s.text for s in doc.spans[credits.KEY] if label is None or s.label_ == label]


def test_gallery_credits_and_counters(nlp):
    assert marked(nlp, GALLERY, "credit") == [
        "Jane Roe/PA", "John Doe/Getty Images", "Twitter/@harbourwatch", "Lena Marsh"]
    assert marked(nlp, GALLERY, "counter") == ["2/5", "3/5", "4/5", "5/5"]


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("The minister toured the flooded valley. (Photo: Sam Vale/AFP) He promised more pumps.",
         "(Photo: Sam Vale/AFP)"),
        ("The minister toured the flooded valley. (Ada Finch/Reuters) He promised more pumps.",
         "(Ada Finch/Reuters)"),
        ("Rescuers searched the rubble overnight (Getty Images) The mayor thanked them.", "(Getty Images)"),
        ("Rescuers searched the rubble overnight. Image copyright EPA Image caption A rescuer rests.",
         "Image copyright EPA"),
        ("The lorry was lifted away on Friday morning. Getty Images The line reopened later.",
         "Getty Images"),
        ("Crowds gathered outside the court. Tom Hale/The Washington Post Buy Photo The judge ruled.",
         "Tom Hale/The Washington Post Buy Photo"),
    ],
)
def test_credit_forms(nlp, text, credit):
    assert credit in marked(nlp, text, "credit")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry confirmed the figures, Reuters reported on Tuesday.",
        "A senior official told Reuters the talks had stalled.",
        "According to AFP, at least three people were hurt.",
        "GENEVA (Reuters) - Negotiators met again on Thursday.",
        "The latest Reuters/Ipsos poll showed a close race.",
        "Additional reporting by PA",
        "The market fell 2/3 of a point on Friday.",  # one fraction is not a gallery
        "The bridge was opened in 1998 (4/3), the council said, and repaired (6/3).",  # dates, not counters
    ],
)
def test_sentences_naming_agencies_are_not_credits(nlp, text):
    assert marked(nlp, text) == []


def test_wire_service_alone_needs_credits_around_it(nlp):
    alone = "Protesters gathered near parliament. Reuters The police watched."
    assert marked(nlp, alone) == []
    shown = ("Protesters gathered near parliament. (Photo: Jo Kemp/AFP) Reuters The police watched. "
             "(Photo: Getty Images) The crowd left.")
    assert "Reuters" in marked(nlp, shown, "credit")


def test_offsets_stay_offsets_into_the_text(nlp):
    doc = nlp(GALLERY)
    assert doc.text == GALLERY
    for span in doc.spans[credits.KEY]:
        assert GALLERY[span.start_char : span.end_char] == span.text


def test_credit_tokens_cover_the_credits(nlp):
    doc = nlp(GALLERY)
    inside = credits.credit_tokens(doc)
    assert all(t.i in inside for t in doc if t.text in {"Roe", "PA", "Getty", "2/5"})
    assert not any(t.i in inside for t in doc if t.text in {"Firefighters", "warehouse", "Investigators"})


@pytest.mark.parametrize("with_credits", [True, False])
def test_photographer_name_is_not_propagated(nlp, with_credits):
    from spacy.tokens import Span

    from eventwire.nlp.components import propagate_names

    doc = nlp("Smoke rose over the port on Sunday. (Photo: Nia Holt/AFP) Ferries to Holt were cancelled.")
    first = next(t.i for t in doc if t.text == "Nia")
    doc.ents = [Span(doc, first, first + 2, label="PERSON")]  # as if the model had read the credit's name
    if not with_credits:
        doc.spans[credits.KEY] = []
    later = [e for e in propagate_names(doc).ents if e.text == "Holt"]
    assert bool(later) is not with_credits


def test_chunked_parse_keeps_credits(monkeypatch):
    from eventwire import nlp as nlp_layer

    monkeypatch.setattr(nlp_layer, "CHUNK_CHARS", 200)
    text = (GALLERY + "\n\n") * 3
    doc = nlp_layer.parse(text)
    assert [s.text for s in doc.spans[credits.KEY]].count("Jane Roe/PA") == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("agencies: [{name: ''}]\n", "agencies entry 1"),
        ("agencies: [{name: AFP, photo_only: maybe}]\n", "agencies entry 1 (AFP)"),
        ("agencies: [AFP]\nplatforms: []\n", "platforms must be a non-empty list"),
        ("- just a list\n", "mapping"),
    ],
)
def test_bad_data_file_is_a_clear_error(tmp_path: Path, content, message):
    path = tmp_path / "credits.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(credits.CreditDataError, match=r"credits\.yaml") as err:
        credits.patterns(path)
    assert message in str(err.value)


def test_shipped_data_file_loads():
    p = credits.patterns()
    assert "Getty Images" in p.photo_only and "Reuters" not in p.photo_only
    assert "told" in p.not_before
