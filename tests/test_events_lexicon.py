"""The event knowledge files: coverage of PLOVER and CAMEO, and validation errors that name the entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventwire.events import lexicon as lx

ROOTS = [f"{i:02d}" for i in range(1, 21)]


def test_all_sixteen_plover_types_and_twenty_cameo_roots_have_triggers():
    lex = lx.load()
    codes = [lex.codes[t.cameo] for t in lex.triggers]
    assert {c.plover for c in codes} == set(lx.PLOVER_TYPES)
    assert {c.root for c in codes} == set(ROOTS)


def test_every_root_has_a_quad_class_and_goldstein_range():
    lex = lx.load()
    quads = {c.root: c.quad for c in lex.codes.values()}
    assert set(quads) == set(ROOTS)
    assert all(quads[r] == 1 for r in ("01", "02", "03", "04", "05"))
    assert all(quads[r] == 4 for r in ("14", "15", "16", "17", "18", "19", "20"))
    assert all(-10 <= c.goldstein <= 10 for c in lex.codes.values())
    assert lex.codes["041"].plover == "CONSULT" and lex.codes["041"].mode == "phone"
    assert lex.codes["163"].plover == "COERCE"  # the 2021 CAMEO->PLOVER table puts sanctions in COERCE


def test_more_specific_patterns_come_first():
    lex = lx.load()
    for patterns in [*lex.verbs.values(), *lex.nouns.values()]:
        ranks = [p.specificity for p in patterns]
        assert ranks == sorted(ranks, reverse=True)


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(lx.DATA, target)
    return target


def test_unknown_cameo_code_in_a_trigger_names_file_and_entry(tmp_path):
    data = copy_data(tmp_path)
    path = data / "triggers.yaml"
    path.write_text(path.read_text() + '  - {cameo: "999", verb: frobnicate}\n')
    with pytest.raises(lx.LexiconError, match=r"triggers\.yaml trigger \d+ .*frobnicate.*cameo"):
        lx.build(data)


def test_trigger_needs_exactly_one_of_verb_and_noun(tmp_path):
    data = copy_data(tmp_path)
    path = data / "triggers.yaml"
    path.write_text(path.read_text() + '  - {cameo: "040", verb: meet, noun: meeting}\n')
    with pytest.raises(lx.LexiconError, match="exactly one of 'verb' and 'noun'"):
        lx.build(data)


def test_unquoted_yaml_boolean_is_reported(tmp_path):
    data = copy_data(tmp_path)
    path = data / "triggers.yaml"
    path.write_text(path.read_text() + '  - {cameo: "020", verb: call, particle: [on]}\n')
    with pytest.raises(lx.LexiconError, match="non-empty words"):
        lx.build(data)


def test_bad_goldstein_and_unknown_plover_type_are_reported(tmp_path):
    data = copy_data(tmp_path)
    path = data / "cameo.yaml"
    text = path.read_text()
    path.write_text(
        text.replace(
            '"040": {name: Consult, plover: CONSULT, goldstein: 1.0}',
            '"040": {name: Consult, plover: CONSULT, goldstein: 11.0}',
        )
    )
    with pytest.raises(lx.LexiconError, match="code '040': goldstein"):
        lx.build(data)
    path.write_text(text.replace("plover: CONSULT, goldstein: 1.0}", "plover: MEET, goldstein: 1.0}", 1))
    with pytest.raises(lx.LexiconError, match="code '040': plover must be one of"):
        lx.build(data)


def test_cue_recode_needs_known_codes(tmp_path):
    data = copy_data(tmp_path)
    path = data / "cues.yaml"
    path.write_text(path.read_text().replace('AID: "033"', 'AID: "039x"', 1))
    with pytest.raises(lx.LexiconError, match=r"cues\.yaml key intent_recode"):
        lx.build(data)
