"""The lexicon loader: reviewable YAML, strict errors, no catastrophic patterns."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workstatus.features import IndicatorExtractor, load_catalogue
from workstatus.features._errors import CatalogueError
from workstatus.features._lexicon import check_pattern, load_lexicon


def _add_cue(folder: Path, indicator: str, pattern, side: str = "for") -> None:
    (folder / "zz_extra.yaml").write_text(
        yaml.safe_dump({indicator: {side: [pattern]}}, allow_unicode=True), encoding="utf-8"
    )


def test_the_shipped_lexicon_loads_for_both_languages():
    lexicons = load_lexicon(load_catalogue())
    assert set(lexicons) == {"zh", "en"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_indicator_has_cues_in_both_languages(lang):
    lexicon = load_lexicon(load_catalogue())[lang]
    covered = {cue.indicator for cue in lexicon.cues}
    assert covered == set(load_catalogue().ids)


def test_an_unknown_indicator_id_names_the_file_and_the_closest_id(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "refusal_penalized", "拒单")
    with pytest.raises(CatalogueError, match=r"zz_extra.yaml: unknown indicator id 'refusal_penalized' in this lexicon; did you mean 'refusal_penalised'\?"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_bad_regex_names_the_entry_and_asks_for_a_fix(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "(定位")
    with pytest.raises(CatalogueError, match=r"zz_extra.yaml: monitored.for\[1\] '\(定位': bad regular expression .* fix the pattern"):
        load_lexicon(load_catalogue(), lexicon_copy)


@pytest.mark.parametrize("pattern", ["拒单.*罚款", "拒单.+罚款", "拒单[^。]*罚款", "拒单.{3,}罚款", "x\\S+y"])
def test_an_unbounded_gap_is_rejected(lexicon_copy, pattern):
    _add_cue(lexicon_copy / "zh", "refusal_penalised", pattern)
    with pytest.raises(CatalogueError, match=r"unbounded gap; bound every gap, e.g. .\{0,12\}"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_nested_quantifier_is_rejected(lexicon_copy):
    _add_cue(lexicon_copy / "en", "monitored", "(\\w+ )+tracked")
    with pytest.raises(CatalogueError, match="nested quantifier"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_gap_wider_than_the_limit_is_rejected(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "refusal_penalised", "拒单.{0,200}罚款")
    with pytest.raises(CatalogueError, match="gap of up to 200 characters; at most 80"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_pattern_matching_the_empty_string_is_rejected(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "(定位)?")
    with pytest.raises(CatalogueError, match="matches the empty string"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_named_group_is_rejected(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "(?P<x>定位)")
    with pytest.raises(CatalogueError, match="named groups are reserved"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_side_other_than_for_or_against_is_rejected(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "定位", side="pro")
    with pytest.raises(CatalogueError, match="unknown side 'pro'; expected 'for' \\(\\+1\\) or 'against' \\(-1\\)"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_missing_grammar_file_is_reported(lexicon_copy):
    (lexicon_copy / "en" / "_grammar.yaml").unlink()
    with pytest.raises(CatalogueError, match="_grammar.yaml: missing"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_double_negation_without_its_inner_list_is_refused(lexicon_copy):
    path = lexicon_copy / "en" / "_grammar.yaml"
    grammar = yaml.safe_load(path.read_text(encoding="utf-8"))
    del grammar["negation"]["double"]["inner"]
    path.write_text(yaml.safe_dump(grammar, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match="negation.double must be a mapping with the two lists outer and inner"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_grammar_without_a_double_negation_reads_without_as_a_negator(lexicon_copy):
    """The section is optional: without it "could not refuse trips without penalty" reads "penalty" as denied."""
    path = lexicon_copy / "en" / "_grammar.yaml"
    grammar = yaml.safe_load(path.read_text(encoding="utf-8"))
    del grammar["negation"]["double"]
    path.write_text(yaml.safe_dump(grammar, allow_unicode=True), encoding="utf-8")
    text = "Drivers could not refuse trips without penalty."
    assert IndicatorExtractor(lexicon=lexicon_copy).extract(text).row["performance_penalties"] == -1
    assert IndicatorExtractor().extract(text).row["performance_penalties"] == 1


def test_prohibitions_that_are_not_a_list_are_refused(lexicon_copy):
    path = lexicon_copy / "en" / "_grammar.yaml"
    grammar = yaml.safe_load(path.read_text(encoding="utf-8"))
    grammar["negation"]["prohibitions"] = "could not work for"
    path.write_text(yaml.safe_dump(grammar, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match="negation.prohibitions must be a list of patterns"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_prohibition_negates_a_freedom_and_states_a_requirement(lexicon_copy):
    """Without the grammar's prohibitions "could not" is a plain negator of both kinds of cue."""
    freedom = "The driver could not work for several clients at the same time."
    requirement = "Couriers are not allowed to refuse deliveries assigned to them."
    shipped = IndicatorExtractor()
    assert shipped.extract(freedom).row["exclusivity"] == 1
    assert shipped.extract(requirement).row["work_assigned"] == 1
    path = lexicon_copy / "en" / "_grammar.yaml"
    grammar = yaml.safe_load(path.read_text(encoding="utf-8"))
    del grammar["negation"]["prohibitions"]
    path.write_text(yaml.safe_dump(grammar, allow_unicode=True), encoding="utf-8")
    plain = IndicatorExtractor(lexicon=lexicon_copy)
    assert plain.extract(freedom).row["exclusivity"] == 1
    assert plain.extract(requirement).row["work_assigned"] == -1


def test_a_new_cue_in_a_copied_lexicon_is_used_by_the_extractor(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "天眼系统")
    row = IndicatorExtractor(lexicon=lexicon_copy).extract("公司用天眼系统看着骑手。").row
    assert row["monitored"] == 1


def test_the_extractor_reports_a_broken_lexicon_at_fit(lexicon_copy):
    _add_cue(lexicon_copy / "zh", "monitored", "定位.*")
    with pytest.raises(CatalogueError, match="unbounded gap"):
        IndicatorExtractor(lexicon=lexicon_copy).fit()


@pytest.mark.parametrize(
    "pattern, message",
    [("(?:.){0,90}罚款", "gap of up to 90 characters"), ("拒单(?=.*罚款)", "unbounded gap"), ("罚款|扣\\W*钱", "unbounded gap")],
)
def test_gaps_are_found_inside_groups_alternatives_and_lookarounds(pattern, message):
    with pytest.raises(CatalogueError, match=f"^here: {message}"):
        check_pattern(pattern, "here")
    check_pattern("拒单[^。]{0,10}?罚款", "here")  # a bounded gap passes


@pytest.mark.parametrize("pattern", ["(拒单)\\1", "(拒单)(?(1)罚款)"])
def test_a_back_reference_is_rejected(pattern):
    with pytest.raises(CatalogueError, match="^here: back-references are not allowed; spell the text out.$"):
        check_pattern(pattern, "here")


def test_a_nested_quantifier_is_rejected_in_every_spelling():
    for pattern in ["(?:ab+){2}", "(a|b{2})+c", "(?i:x+)+y", "((?:a?)+)+b"]:
        with pytest.raises(CatalogueError, match="nested quantifier"):
            check_pattern(pattern, "here")
    check_pattern("(?:ab?){2}c", "here")  # an optional part inside a repeat is not nesting


def test_a_lexicon_file_with_yaml_aliases_is_refused_before_they_expand(lexicon_copy):
    # a few lines of nested aliases expand into billions of strings under a plain safe_load
    bomb = 'a: &a ["拒单","拒单"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    (lexicon_copy / "zh" / "zz_extra.yaml").write_text(bomb + "monitored:\n  for: *c\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"zz_extra.yaml: not valid YAML .*aliases \(\*name\) are not accepted"):
        load_lexicon(load_catalogue(), lexicon_copy)


def test_a_catalogue_with_yaml_aliases_is_refused(tmp_path):
    from workstatus.features._catalogue import DEFAULT_CATALOGUE

    text = DEFAULT_CATALOGUE.read_text(encoding="utf-8")
    (tmp_path / "catalogue.yaml").write_text("x: &x 1\n" + text.replace("version:", "alias: *x\nversion:", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"catalogue.yaml: not valid YAML .*aliases"):
        load_catalogue(tmp_path / "catalogue.yaml")
