"""Validated records that enter and leave the obligations rules."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: the classifier's statuses, copied: the rules import nothing of the model and take a status as a plain
#: string (tests/workstatus/test_vocabulary.py holds the copy to the classifier's)
STATUSES = ("employee", "third_category", "independent")
# The occupational-injury pilot names the first three; the rest follow the case records' vocabulary (DESIGN.md).
SECTORS = (
    "ride_hailing", "instant_delivery", "intra_city_freight", "freight", "courier", "streaming", "domestic",
    "designated_driving", "crowdwork", "professional", "construction", "other",
)
# Words other parts of workstatus use for the same sector.
SECTOR_ALIASES = {"delivery": "instant_delivery", "food_delivery": "instant_delivery", "takeaway": "instant_delivery"}

#: The legal orders these rules encode: the PRC's national rules and its regions.
COVERED_JURISDICTIONS = ("CN",)


def covers(jurisdiction: str | None) -> bool:
    """Whether these rules answer for a case of ``jurisdiction`` (``CN``, ``CN-11``…; None: not said, assumed CN).

    For any other jurisdiction every obligation is ``not_applicable``: the
    toolkit computes no foreign social insurance.
    """
    if jurisdiction is None or not str(jurisdiction).strip():
        return True
    return str(jurisdiction).strip().upper().replace("_", "-").split("-")[0] in COVERED_JURISDICTIONS


Grade = Literal["official", "text", "secondary", "unverified"]
Payer = Literal["employer", "employee", "worker", "platform"]
Scheme = Literal[
    "pension", "medical", "work_injury", "unemployment", "occupational_injury",
    "housing_fund", "resident_pension", "resident_medical",
]
ValueStatus = Literal["available", "missing", "unverified", "not_applicable"]
RateUnit = Literal["share", "CNY/order", "CNY/year"]


class Frozen(BaseModel):
    """A record the rules return: immutable once made."""

    model_config = ConfigDict(frozen=True)


class Profile(BaseModel):
    """What the rules need to know about one worker.

    ``monthly_wage`` is the contribution wage (for employees, the previous year's average
    monthly wage). ``region`` is a GB/T 2260 code; ``000000`` means national rules only.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: dt.date
    region: str = "000000"
    monthly_wage: Decimal = Field(ge=0, le=100_000_000)  # beyond any contribution ceiling; refuses 1e30
    sector: str = "other"
    platform: str | None = None
    monthly_orders: int | None = Field(default=None, ge=0)
    work_injury_class: int | None = Field(default=None, ge=1, le=8)

    @field_validator("region", mode="before")
    @classmethod
    def _region_code(cls, value: object) -> str:
        text = str(value).strip()
        if not re.fullmatch(r"\d{6}", text):
            raise ValueError(f"region {value!r} is not a GB/T 2260 code; expected 6 digits like '110000'")
        return text

    @field_validator("sector", mode="before")
    @classmethod
    def _sector(cls, value: object) -> str:
        text = SECTOR_ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
        if text not in SECTORS:
            raise ValueError(f"sector {value!r} is unknown; expected one of {', '.join(SECTORS)}")
        return text


class SourceUsed(Frozen):
    """One parameter value an obligation was computed from."""

    parameter: str
    level: str
    effective: dt.date | None
    doc: str | None
    article: str | None
    url: str | None
    verification: Grade


class Obligation(Frozen):
    """One duty to pay (or a voluntary option), with its basis and how sure we are of it.

    ``status`` says whether the amount could be computed: ``available``; ``missing`` (a needed
    value is not known for that date and region); ``unverified`` (a value exists but is graded
    unverified, so it is shown in the notes and not used); ``not_applicable`` (the scheme does
    not reach this worker, e.g. a non-pilot province).
    """

    scheme: Scheme
    payer: Payer
    mandatory: bool
    base: Decimal | None
    rate: Decimal | None
    rate_unit: RateUnit
    monthly_amount: Decimal | None
    legal_basis: str
    verification: Grade
    notes: str
    status: ValueStatus
    sources: tuple[SourceUsed, ...] = ()


class ExpectedRow(Frozen):
    """An obligation under one status, weighted by that status's probability."""

    worker_status: str
    probability: Decimal
    obligation: Obligation
    expected_monthly_amount: Decimal | None


class ExpectedObligations(Frozen):
    """Obligations weighted by status probabilities, for ranking cases by expected liability.

    The totals count mandatory obligations only (voluntary costs are no one's liability).
    ``enterprise_monthly`` sums employer and platform; ``worker_monthly`` sums employee and
    worker. Rows whose amount is unknown are listed in ``unknown`` and make the totals lower
    bounds (``complete`` is then false).
    """

    rows: tuple[ExpectedRow, ...]
    enterprise_monthly: Decimal
    worker_monthly: Decimal
    complete: bool
    unknown: tuple[str, ...]


class ArrearsRow(Frozen):
    """The principal of one scheme and payer for one month, and the late fee on it."""

    month: str
    scheme: Scheme
    payer: Payer
    base: Decimal | None
    rate: Decimal | None
    principal: Decimal | None
    due_date: dt.date
    late_fee_days: int
    late_fee: Decimal | None
    status: ValueStatus
    verification: Grade


class Arrears(Frozen):
    """What an unenrolled employee's employer owes for a period, paid on ``paid_on``.

    Totals are computed from exact amounts and rounded once. ``fine_min``/``fine_max`` are
    1× and 3× the principal (社会保险法 art. 86), due only if the arrears stay unpaid after
    the deadline the agency sets. When a value is missing, ``complete`` is false, the
    months and schemes are listed in ``missing`` and the totals are lower bounds.
    """

    region: str
    start: str
    end: str
    paid_on: dt.date
    due_date_convention: str
    late_fee_daily_rate: Decimal
    rows: tuple[ArrearsRow, ...]
    principal_employer: Decimal
    principal_employee: Decimal
    principal_total: Decimal
    late_fee_total: Decimal
    fine_min: Decimal
    fine_max: Decimal
    manager_fine_min: Decimal
    manager_fine_max: Decimal
    complete: bool
    missing: tuple[str, ...]
    verification: Grade
    notes: tuple[str, ...]
