"""Obligations weighted by status probabilities, to rank cases by expected monthly liability."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from workstatus.obligations._errors import ProfileError
from workstatus.obligations._loader import load_parameters
from workstatus.obligations._parameters import ParameterSet
from workstatus.obligations._records import STATUSES, ExpectedObligations, ExpectedRow, Profile
from workstatus.obligations._rules import as_profile, compute, rounding

_ENTERPRISE = ("employer", "platform")
_TOLERANCE = Decimal("0.001")


def _probabilities(probabilities: Mapping[str, float]) -> dict[str, Decimal]:
    out = {}
    for status, p in probabilities.items():
        if status not in STATUSES:
            raise ProfileError(f"probability key {status!r} is not a status; expected {', '.join(STATUSES)}")
        try:
            value = Decimal(str(p))
        except ArithmeticError:
            raise ProfileError(f"probability of {status} is {p!r}; expected a number between 0 and 1") from None
        if not Decimal(0) <= value <= Decimal(1):
            raise ProfileError(f"probability of {status} is {p!r}; expected a number between 0 and 1")
        out[status] = value
    if abs(sum(out.values(), Decimal(0)) - 1) > _TOLERANCE:
        raise ProfileError(f"probabilities sum to {sum(out.values(), Decimal(0))}; expected 1 (±{_TOLERANCE})")
    return out


def expected_obligations(
    probabilities: Mapping[str, float],
    profile: Profile | Mapping[str, Any],
    *,
    parameters: ParameterSet | None = None,
) -> ExpectedObligations:
    """Weight each status's obligations by its probability.

    Parameters
    ----------
    probabilities : mapping
        ``{"employee": p, "third_category": q, "independent": r}``; missing keys count as 0;
        the values must sum to 1.
    profile : Profile or mapping
        The worker.

    Returns
    -------
    ExpectedObligations
        One row per obligation and status, and the expected monthly totals of mandatory
        obligations for the enterprise side (employer + platform) and for the worker.
    """
    weights = _probabilities(probabilities)
    prof = as_profile(profile)
    ps = parameters or load_parameters()
    round_money = rounding(ps, prof.as_of)
    rows, unknown = [], []
    enterprise, worker = Decimal(0), Decimal(0)
    for status in STATUSES:
        p = weights.get(status, Decimal(0))
        if p == 0:
            continue
        for obligation, exact in compute(status, prof, ps):
            expected = None if exact is None else p * exact
            rows.append(ExpectedRow(worker_status=status, probability=p, obligation=obligation,
                                    expected_monthly_amount=None if expected is None else round_money(expected)))
            if not obligation.mandatory:
                continue
            if expected is None:
                unknown.append(f"{status}: {obligation.scheme}/{obligation.payer} ({obligation.status})")
            elif obligation.payer in _ENTERPRISE:
                enterprise += expected
            else:
                worker += expected
    return ExpectedObligations(rows=tuple(rows), enterprise_monthly=round_money(enterprise),
                               worker_monthly=round_money(worker), complete=not unknown, unknown=tuple(unknown))
