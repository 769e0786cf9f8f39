"""A platform's self-audit: the assessment, and what would change it.

For each employment-leaning practice the input shows (an indicator at +1),
the audit asks the model how the probabilities move if that practice were
removed — recorded as the practice not existing (−1), which is how the
questionnaire records a "no" — and ranks the practices by effect. It then
removes the practices greedily, largest effect first, and shows the status
and obligations at each step: a path a platform could actually take.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from workstatus._assess import _catalogue, assess_records, obligations_of, one_record
from workstatus.assessment import Assessment, ObligationLine

STATUS_ORDER = {"independent": 0, "third_category": 1, "employee": 2}


class Change(BaseModel):
    """The effect of removing one practice (alone, or after the earlier steps of the path)."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    label: dict[str, str]
    evidence: str = ""
    probabilities: dict[str, float]
    status: str
    delta_employee: float
    delta_independent: float
    expected_monthly_liability: str | None = None
    delta_liability: str | None = None


class PathStep(BaseModel):
    """One step of the greedy path: the practices removed so far and where that leaves the status."""

    model_config = ConfigDict(frozen=True)

    removed: tuple[str, ...]
    probabilities: dict[str, float]
    status: str
    obligations: tuple[ObligationLine, ...] = ()
    expected_monthly_liability: str | None = None


class Audit(BaseModel):
    """The self-audit: the assessment as things stand, single changes ranked, and a path."""

    model_config = ConfigDict(frozen=True)

    assessment: Assessment
    changes: tuple[Change, ...]
    path: tuple[PathStep, ...]
    method: str = (
        "Each change sets one employment-leaning indicator found in the input to −1 (the practice "
        "does not exist) and re-runs the model. Changes are ranked by the fall in the enterprise's "
        "expected monthly liability when a profile with a wage is given, else by the fall in "
        "P(employee). The path removes practices greedily, the one that most raises P(independent) first."
    )


def _with(extraction, removed: set[str]):
    row = dict(extraction.row)
    for ident in removed:
        row[ident] = -1
    return extraction.model_copy(update={"row": row})


def audit(
    text_or_answers: str | Mapping, *, profile: Mapping | None = None, model: Any | None = None,
    jurisdiction: str | None = None, max_steps: int = 8,
) -> Audit:
    """Assess a platform's contract or questionnaire and rank the practices that drive the status."""
    (one,) = assess_records([one_record(text_or_answers, jurisdiction=jurisdiction)],
                            profile=profile, model=model, explain=True, raise_errors=True)
    base, extraction, checked, note, model = one.assessment, one.extraction, one.profile, one.note, one.model
    catalogue = _catalogue()
    practices = [i.id for i in base.indicators if i.value == 1 and catalogue[i.id].towards == "employment"]
    evidence = {i.id: (i.evidence[0].sentence if i.evidence else "") for i in base.indicators}
    p0 = base.probabilities

    def decide(removed: set[str]):
        return model.decide([_with(extraction, removed)], [base.jurisdiction], explain=False)[0]

    changes = []
    for ident in practices:
        d = decide({ident})
        liability = obligations_of(d, checked, note, base.jurisdiction).liability
        base_liability = base.expected_monthly_liability
        changes.append(Change(
            indicator=ident, label=dict(catalogue[ident].label), evidence=" ".join(evidence[ident].split())[:200],
            probabilities=d.probabilities, status=d.status,
            delta_employee=d.probabilities["employee"] - p0["employee"],
            delta_independent=d.probabilities["independent"] - p0["independent"],
            expected_monthly_liability=None if liability is None else str(liability),
            delta_liability=None if liability is None or base_liability is None else str(liability - base_liability),
        ))
    if all(c.delta_liability is not None for c in changes):
        changes.sort(key=lambda c: Decimal(c.delta_liability))
    else:
        changes.sort(key=lambda c: c.delta_employee)
    path = [_step((), base.probabilities, base.status, base.obligations, base.expected_monthly_liability)]
    removed: list[str] = []
    remaining = [c.indicator for c in changes]
    while remaining and len(path) <= max_steps:
        trials = {ident: decide({*removed, ident}) for ident in remaining}
        best = max(trials, key=lambda i: trials[i].probabilities["independent"])
        removed.append(best)
        remaining.remove(best)
        decision = trials[best]
        money = obligations_of(decision, checked, note, base.jurisdiction)
        path.append(_step(tuple(removed), decision.probabilities, decision.status, money.lines, money.liability))
        if decision.status == "independent":
            break
    return Audit(assessment=base, changes=tuple(changes), path=tuple(path))


def _step(removed, probabilities, status, lines, liability) -> PathStep:
    return PathStep(removed=removed, probabilities=probabilities, status=status, obligations=tuple(lines),
                    expected_monthly_liability=None if liability is None else str(liability))
