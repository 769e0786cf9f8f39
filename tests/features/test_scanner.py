"""The compiled scanner finds exactly what each cue's own regex finds."""

from __future__ import annotations

import re

import pytest

from workstatus.features._compile import build_scanner

# cues that start at their anchor, so that every match is found by trying each cue at every position
PATTERNS = [
    "拒单", "拒单扣款", "单扣", "扣款(\\d+元)?",
    "the platform (may|shall) deactivate", "the platform", "the plat\\w* rules",
    "\\b(on|by|a|per) commission", "\\b(paid|earn\\w*) by the hour",
    "\\d+元/(小时|天)", "\\b\\d+ ?% of the fees?\\b",  # anchored on the literal after the number
    "[0-9]+ an hour", "[0-9]+ (an|per) hour",  # no anchor: found by one alternation over the text
]


def every_match(patterns: list[str], text: str) -> list[tuple[int, int, int]]:
    found = set()
    for index, pattern in enumerate(patterns):
        regex = re.compile(pattern)
        for start in range(len(text) + 1):
            match = regex.match(text, start)
            if match is not None and match.end() > match.start():
                found.add((index, match.start(), match.end()))
    return sorted(found, key=lambda item: (item[1], -item[2], item[0]))


@pytest.mark.parametrize("text", [
    "骑手拒单扣款50元，拒单扣款。单扣",
    "日薪200元/天，或30元/小时；扣款",
    "the platform may deactivate a driver; the platform rules apply; the platforms shall deactivate",
    "drivers are paid by commission on a per-trip basis, or earned by the hour, keeping 80% of the fees",
    "a driver, by law, per day, on time: no pay of that kind",
    "paid 19 an hour, or 20 per hour",  # two cues without an anchor match at one place: both are found  # every "a " and "by " but no "commission"
    "",
])
def test_the_scanner_finds_every_match_of_every_cue_and_nothing_else(text):
    assert build_scanner(PATTERNS).matches(text) == every_match(PATTERNS, text)


@pytest.mark.parametrize("lang, text", [
    ("zh", "公司主张双方系合作关系，骑手未签订劳动合同，不受考勤约束，法院认为平台无故扣款。"),
    ("en", "The company argued that drivers were not employees; the tribunal found they could not refuse trips "
           "without penalty, whether or not they claimed holiday pay."),
])
def test_a_window_without_the_strings_of_a_grammar_rule_holds_no_match_of_it(lang, text):
    from workstatus.features import IndicatorExtractor

    grammar = IndicatorExtractor().fit().lexicons_[lang].grammar
    norm = text.lower()
    for rule, needs in ((grammar.negation, grammar.negation_needs), (grammar.attribution, grammar.attribution_needs)):
        assert needs is not None  # the shipped rules all have strings to look for
        assert rule.search(norm) is not None
        spared = 0
        for low in range(len(norm)):
            for high in range(low, len(norm) + 1, 3):
                if needs.search(norm, low, high) is None:
                    spared += 1
                    assert rule.search(norm[low:high]) is None, (norm[low:high], rule.pattern[:40])
        assert spared > 0


def test_a_lookahead_past_the_widest_match_still_sees_the_text():
    """The scanner's window must hold what a cue's lookahead reads, or "at its own expense" is cut off."""
    pattern = "\\bprovides? .{0,25}\\b(tools|kit)\\b(?![^.;]{0,40}\\bat its own expense\\b)"
    text = "the contractor will provide the kit for every site and every job at its own expense."
    assert build_scanner([pattern]).matches(text) == every_match([pattern], text) == []


def test_a_word_boundary_at_the_end_of_a_cue_reads_the_next_character():
    """Cut after the widest match, a text ends there and ``\\b`` holds: "dispatching services" is no "service\\b"."""
    pattern = "\\bdispatch(ing)? (system|service|centre|center|office)\\b"
    text = "the drivers paid a fee for dispatching services. we"
    assert build_scanner([pattern]).matches(text) == every_match([pattern], text) == []
    assert build_scanner([pattern]).matches("a dispatching service. we") == [(0, 2, 21)]


def test_long_anchors_are_found_the_same_walked_and_by_the_regex_of_their_rests():
    from workstatus.features._compile import DEEPER_REGEX_AFTER

    # synthetic cues sharing a six-character prefix, with anchors ending inside one another
    patterns = ["deactivated", "deactivated for low", "deactivation", "deactiv\\w* without notice", "deac"]
    scanner = build_scanner(patterns)
    text = "drivers are deactivated for low ratings; deactivation without notice; deactivated. deac"
    expected = every_match(patterns, text)
    for _ in range(DEEPER_REGEX_AFTER + 2):  # walked at first, then found by the regex
        assert scanner.matches(text) == expected
    assert any(deeper is not None and deeper.match is not None for _, deeper in scanner.anchors.found_at.values())


def test_the_regex_of_whole_anchors_finds_what_the_regex_of_their_first_characters_finds(monkeypatch):
    from workstatus.features import _compile
    from workstatus.features._compile import WHOLE_REGEX_AFTER

    monkeypatch.setattr(_compile, "WHOLE_REGEX_LOOKS", 0.0)  # the second regex whatever the share of long anchors

    # synthetic cues: anchors longer than the first regex's six characters, one a prefix of another, and cues
    # with characters before their anchor (tried with ``search``, led by their first characters)
    patterns = PATTERNS + ["deactivated", "deactivated for low", "deactivation", "deactiv\\w* without notice",
                           "\\b(a|an) [\\w -]{0,20}\\bdelivery (rider|driver)s?\\b", "(工作|跑)了?\\d年"]
    text = ("drivers are deactivated for low ratings; deactivation without notice; an independent delivery rider "
            "paid 19 an hour, or 20 per hour; 骑手拒单扣款50元，跑了3年。the platform may deactivate a driver")
    scanner = build_scanner(patterns)
    expected = every_match(patterns, text)
    for _ in range(WHOLE_REGEX_AFTER + 2):  # the first characters' regex at first, then the whole anchors'
        assert scanner.matches(text) == expected
    assert scanner.anchors.whole is not None


@pytest.mark.parametrize("text", [
    "low ratings lead to being deactivated. drivers are deactivated; ratings. deactivated",
    "ratings deactivated; the ratings are reviewed each week and then drivers get deactivated",
    "fees paid to the agency commissions, or by an agency fees; by the old agency. commissions to an agency",
    "paid to the very long named agency commissions; agency fees; by agencies fees; to agencies",
])
def test_a_cue_is_not_searched_for_in_a_window_lacking_every_string_its_matches_hold(text):
    """A cue with characters before its anchor is searched for around the anchor only where one of the strings
    each of its matches holds stands in reach (before the anchor, or after it), and finds what its regex finds."""
    # the strings of the first cue stand before its anchor ("deactivat"), those of the second after it ("agency ")
    patterns = ["\\bratings? [^.]{0,30}\\bdeactivat\\w*", "\\b(by|to) [\\w ]{0,10}agency [\\w ]{0,5}(fees|commissions)\\b"]
    scanner = build_scanner(patterns)
    assert all(scanner.window_reach)  # the check is in play for both cues
    assert scanner.matches(text) == every_match(patterns, text)


def test_anchor_strings_keep_exactly_those_no_other_of_them_starts():
    import random

    from workstatus.features._compile import _minimal

    rng = random.Random(0)
    for _ in range(2000):
        strings = frozenset("".join(rng.choice("ab ") for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(0, 9)))
        expected = {s for s in strings if not any(s[:k] in strings for k in range(len(s)))}
        assert _minimal(strings) == expected, sorted(strings)
