"""One vocabulary: where DESIGN.md's table keeps a package from importing the owner of a word, its copy agrees.

The classifier owns the statuses. ``obligations`` imports nothing of the model and ``labelled_cases`` is data
that imports no other package, so each holds a copy; these tests fail the moment a copy drifts.
"""

from __future__ import annotations

from typing import get_args

import pytest

from workstatus import classifier, labelled_cases, obligations
from workstatus.assessment import Assessment
from workstatus.labelled_cases._loader import SECTORS as CASE_SECTORS
from workstatus.obligations._records import SECTOR_ALIASES


def test_every_package_names_the_same_three_statuses_in_the_same_order():
    assert classifier.STATUSES == ("employee", "third_category", "independent")
    assert obligations.STATUSES == classifier.STATUSES
    assert labelled_cases.STATUSES == classifier.STATUSES


def test_a_case_label_and_an_assessment_accept_exactly_the_statuses():
    label = labelled_cases.CaseRecord.model_fields["label"].annotation
    assert set(get_args(get_args(label)[0])) == set(classifier.STATUSES)
    assert get_args(Assessment.model_fields["most_probable"].annotation) == classifier.STATUSES
    assert get_args(Assessment.model_fields["status"].annotation) == (*classifier.STATUSES, classifier.UNDETERMINED)


def test_every_sector_a_case_record_may_name_is_one_the_rules_know():
    """A case's sector reaches the rules: each is one of their sectors or an alias of one."""
    unknown = [s for s in CASE_SECTORS
               if s not in obligations.SECTORS and SECTOR_ALIASES.get(s) not in obligations.SECTORS]
    assert not unknown, unknown


@pytest.mark.parametrize("jurisdiction", ["CN", "cn", " CN-11 ", "CN_31", "HK", "TW", "GB", "US-CA", "EU", "CNX", "X"])
def test_the_rules_cover_exactly_the_jurisdictions_of_the_classifiers_chinese_family(jurisdiction):
    """``obligations.covers`` reads a code as the classifier's families do: the rules answer for the PRC family."""
    assert obligations.covers(jurisdiction) == (classifier.jurisdiction_family(jurisdiction) == "cn")
