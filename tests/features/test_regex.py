"""The pattern reader behind the lexicon checks and the scanner's anchors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workstatus.features import _regex as rx
from workstatus.features._compile import _anchors


def test_a_common_first_character_is_factored_out_of_alternatives():
    assert rx.parse("拒单|拒接") == [(rx.LITERAL, "拒"), (rx.IN, ((rx.LITERAL, "单"), (rx.LITERAL, "接")))]


def test_a_non_capturing_group_is_spliced_and_a_repeated_one_becomes_the_repeat():
    assert rx.parse("(?:ab)c") == [(rx.LITERAL, "a"), (rx.LITERAL, "b"), (rx.LITERAL, "c")]
    assert rx.parse("(?:ab){0,2}") == [(rx.REPEAT, (0, 2, [(rx.LITERAL, "a"), (rx.LITERAL, "b")], "greedy"))]


def test_classes_escapes_and_lazy_repeats_are_read():
    (item,) = rx.parse("[^。；]{0,4}?")
    assert item == (rx.REPEAT, (0, 4, [(rx.IN, ((rx.NEGATE, None), (rx.LITERAL, "。"), (rx.LITERAL, "；")))], "lazy"))
    assert rx.parse(r"[a]\x41\u4e00\.") == [(rx.LITERAL, c) for c in "aA一."]
    assert rx.parse("x{a}") == [(rx.LITERAL, c) for c in "x{a}"]


@pytest.mark.parametrize(
    "pattern, low, high",
    [("拒单.{0,50}罚", 3, 53), ("a|bc", 1, 2), ("(?=x)ab?", 1, 2), ("a+", 1, rx.UNBOUNDED), ("(ab)\\1", 4, 4), ("(?:)*a", 1, 1)],
)
def test_widths(pattern, low, high):
    assert rx.width(rx.parse(pattern)) == (low, high)


def test_the_anchors_of_a_cue_are_its_most_selective_literals():
    anchors, prefix = _anchors(rx.parse("(可以|可)?自由.{0,3}(拒单|拒绝)"))
    assert anchors == {"拒单", "拒绝"} and prefix == 7  # at most 2 + 2 + 3 characters before them


def test_verbose_patterns_skip_white_space_and_comments():
    assert rx.parse("(?x) a b  # a comment\n c") == [(rx.LITERAL, c) for c in "abc"]


def test_features_uses_no_private_module_of_another_library():
    private = re.compile(r"\bre\._|\bsre_|sklearn\.\w+(\.\w+)*\._|\bfrom re import _")
    for path in Path(rx.__file__).parent.glob("*.py"):
        assert not private.search(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize(
    "pattern, reach",
    [("拒单.{0,50}罚", 53), ("ab(?![^.]{0,40}x)", 43), ("a(?=bcd)", 4), ("(?<=xy)a", 1), ("(a(?!b{0,9}))c", 10),
     ("service\\b", 8), ("\\bab\\B", 3), ("ab$", 3), ("^ab", 2)],
)
def test_the_reach_of_a_cue_counts_what_its_lookaheads_read(pattern, reach):
    assert rx.reach(rx.parse(pattern)) == reach


@pytest.mark.parametrize("pattern, first", [
    (r"\bnot\b|\bno\b|n't\b", set("n")),
    (r"(?<![下简])称|主张", set("称主")),
    (r"(a|b)?c", set("abc")),
    (r"[xy]z|\bw", set("xyw")),
])
def test_the_first_characters_of_a_pattern_are_read(pattern, first):
    assert rx.first_characters(rx.parse(pattern)) == first


@pytest.mark.parametrize("pattern", [r"\w+ing", r"a?", r"(?i:a)b", r".{0,3}x", r"[^a]b"])
def test_first_characters_are_not_guessed(pattern):
    assert rx.first_characters(rx.parse(pattern)) is None


def test_a_pattern_led_by_its_first_characters_finds_what_it_found():
    from workstatus.features._compile import fast_start

    pattern = re.compile(r"(?:\bnot only\b)|(?P<neg>(?:\bnot\b)|(?:\bno\b)|(?:n't\b))|(?:\bwithout\b)")
    led = fast_start(pattern)
    assert led.pattern.startswith("(?=[nw])")
    text = "he did not only drive; he couldn't stop, no, not without a break. snot knot"  # synthetic
    for start in range(len(text)):
        for end in (start, start + 5, len(text)):
            for way in ("search", "match", "fullmatch"):
                a, b = getattr(pattern, way)(text, start, end), getattr(led, way)(text, start, end)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
    assert [m.span("neg") for m in pattern.finditer(text)] == [m.span("neg") for m in led.finditer(text)]


def test_a_pattern_re_starts_fast_by_itself_is_left_as_it_is():
    from workstatus.features._compile import fast_start

    for source in ["(?:,)|(?:，)|(?:但)", "(法院|仲裁委)认为", "[不无]得"]:
        assert fast_start(re.compile(source)).pattern == source
