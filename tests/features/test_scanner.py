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
    "\\d+元/(小时|天)", "\\b\\d+ ?% of the fees?\\b",  # no anchor: found by one alternation over the text
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
    "a driver, by law, per day, on time: no pay of that kind",  # every "a " and "by " but no "commission"
    "",
])
def test_the_scanner_finds_every_match_of_every_cue_and_nothing_else(text):
    assert build_scanner(PATTERNS).matches(text) == every_match(PATTERNS, text)
