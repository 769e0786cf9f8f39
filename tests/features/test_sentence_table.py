"""The annotated sentence table (labelled_cases/annotations/sentences.csv), one test per row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

TABLE = Path(__file__).parents[2] / "labelled_cases" / "annotations" / "sentences.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


def test_the_table_has_enough_rows_in_both_languages():
    assert len(ROWS) >= 150
    assert {row["lang"] for row in ROWS} == {"zh", "en"}
    assert {row["kind"] for row in ROWS} <= {"negation", "claim", "complaint", "clause", "fact", "traditional", "mixed"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{i + 2}-{r['kind']}-{r['indicator']}" for i, r in enumerate(ROWS)])
def test_the_sentence_gives_the_expected_value(extractor, row):
    assert extractor.extract(row["text"]).row[row["indicator"]] == int(row["expected"]), row["text"]
