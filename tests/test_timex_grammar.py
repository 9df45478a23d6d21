"""The time grammar data loads, and malformed entries give errors that name the file and the entry."""

from __future__ import annotations

import copy

import pytest

from eventwire.timex import grammar as gr


def test_grammar_loads_and_rule_names_are_unique() -> None:
    g = gr.load()
    assert len(g.rules) > 30
    assert len({r.name for r in g.rules}) == len(g.rules)


def test_bad_rule_names_the_rule() -> None:
    macros = gr._macros(gr.load().lexicon)
    with pytest.raises(gr.GrammarError, match=r"patterns.yaml: rule 'x': unknown macro \{NOPE\}"):
        gr._rule({"name": "x", "pattern": "{NOPE}", "norm": "date"}, 0, macros)
    with pytest.raises(gr.GrammarError, match="rule 'y': unknown norm"):
        gr._rule({"name": "y", "pattern": "a", "norm": "guess"}, 0, macros)
    with pytest.raises(gr.GrammarError, match="rule 'z': bad pattern"):
        gr._rule({"name": "z", "pattern": "(", "norm": "date"}, 0, macros)


def test_bad_lexicon_entry_names_section_and_word() -> None:
    lex = copy.deepcopy(gr.load().lexicon)
    lex["months"]["smarch"] = 13
    with pytest.raises(gr.GrammarError, match=r"lexicon.yaml: months.smarch"):
        gr._validate_lexicon(lex)
    lex = copy.deepcopy(gr.load().lexicon)
    lex["units"]["fortnight"] = "FN"
    with pytest.raises(gr.GrammarError, match=r"units.fortnight: unknown unit"):
        gr._validate_lexicon(lex)


def test_needs_prefilter_is_validated_and_expanded() -> None:
    lex = gr.load().lexicon
    macros = gr._macros(lex)
    entry = {"name": "w", "pattern": "{WEEKDAY}", "norm": "weekday", "needs": ["WEEKDAY"]}
    rule = gr._rule(entry, 0, macros, lex)
    assert {"monday", "sun"} <= rule.needs
    with pytest.raises(gr.GrammarError, match="rule 'v': needs names unknown macro 'NOPE'"):
        gr._rule({"name": "v", "pattern": "a", "norm": "date", "needs": ["NOPE"]}, 0, macros, lex)
