"""Questionnaire answers become the same row, with the answers as evidence."""

from __future__ import annotations

import math

import pytest

from workstatus.features import FeaturesError, NUMERIC_FACTS, read_answers


@pytest.mark.parametrize("answer, value", [("yes", 1), ("no", -1), ("unknown", 0), (1, 1), (-1, -1), (0, 0), (True, 1), (False, -1), (None, 0), ("YES", 1)])
def test_each_answer_form_maps_to_its_value(answer, value):
    assert read_answers({"work_assigned": answer}).row["work_assigned"] == value


def test_unanswered_indicators_are_silent_and_facts_nan():
    row = read_answers({}).row
    assert all(v == 0 for k, v in row.items() if k not in NUMERIC_FACTS)
    assert all(math.isnan(row[k]) for k in NUMERIC_FACTS)


def test_numeric_facts_are_taken_as_numbers():
    extraction = read_answers({"weekly_hours": 50, "income_share": 0.9})
    assert extraction.row["weekly_hours"] == 50.0 and extraction.row["income_share"] == 0.9


def test_answers_are_evidence_with_source_answer():
    extraction = read_answers({"work_assigned": "yes", "weekly_hours": 50, "exclusivity": "unknown"})
    assert extraction.lang is None
    assert [(s.indicator, s.polarity, s.value, s.source, s.start) for s in extraction.evidence] == [
        ("work_assigned", 1, None, "answer", -1), ("weekly_hours", None, 50.0, "answer", -1)]


def test_an_unknown_id_is_an_error_naming_it_and_the_closest_id():
    with pytest.raises(FeaturesError, match=r"unknown indicator id 'work_asigned' in the answers; did you mean 'work_assigned'\?"):
        read_answers({"work_asigned": "yes"})


def test_an_answer_that_is_not_understood_is_an_error():
    with pytest.raises(FeaturesError, match="answer 'maybe' for 'monitored' is not understood"):
        read_answers({"monitored": "maybe"})


def test_a_share_above_one_is_an_error():
    with pytest.raises(FeaturesError, match="answer 80.0 for 'income_share' is out of range; expected 0 to 1"):
        read_answers({"income_share": 80})


def test_answers_must_be_a_mapping():
    with pytest.raises(FeaturesError, match="answers must be a mapping"):
        read_answers([("work_assigned", "yes")])
