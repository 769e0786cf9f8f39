"""Arrears of an unenrolled employee: principal per month, late fee to the payment day, fine range."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import Any, Mapping

from workstatus.obligations._errors import ProfileError
from workstatus.obligations._loader import load_parameters
from workstatus.obligations._parameters import ParameterSet
from workstatus.obligations._records import Arrears, ArrearsRow, Profile
from workstatus.obligations._rules import as_profile, check_request, compute, rounding
from workstatus.obligations._schema import DUE_DATE_CONVENTIONS, GRADES

# The housing fund is not social insurance: its arrears follow 住房公积金管理条例, not art. 86.
_SCHEMES = ("pension", "medical", "work_injury", "unemployment")


def _month(value: str | dt.date, what: str) -> tuple[int, int]:
    if isinstance(value, dt.date):
        return value.year, value.month
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ProfileError(f"{what} {value!r} is not a month; expected YYYY-MM")
    return int(match[1]), int(match[2])


def _date(value: str | dt.date, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProfileError(f"{what} {value!r} is not a date; expected YYYY-MM-DD") from None


def _months(start: tuple[int, int], end: tuple[int, int]):
    year, month = start
    while (year, month) <= end:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _end_of(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(year: int, month: int, convention: str) -> dt.date:
    """The day contributions for the wage month ``year-month`` are due, under ``convention``."""
    nyear, nmonth = (year + 1, 1) if month == 12 else (year, month + 1)
    if convention == "end_of_month":
        return _end_of(year, month)
    if convention == "end_of_following_month":
        return _end_of(nyear, nmonth)
    if convention == "fifteenth_of_following_month":
        return dt.date(nyear, nmonth, 15)
    raise ProfileError(f"due-date convention {convention!r} is unknown; expected one of {', '.join(DUE_DATE_CONVENTIONS)}")


def arrears(
    profile: Profile | Mapping[str, Any],
    start: str | dt.date,
    end: str | dt.date,
    paid_on: str | dt.date,
    *,
    due_date_convention: str | None = None,
    parameters: ParameterSet | None = None,
) -> Arrears:
    """What the employer of an unenrolled employee owes for the months ``start``..``end``.

    Each month's principal uses the rates and base limits in force on the 1st of that month.
    The late fee (社会保险法 art. 86, 0.05% a day) runs on each month's principal, both shares,
    from the day after its due date to ``paid_on`` inclusive; the due date follows the
    ``penalties.due_date_convention`` parameter (an assumption, graded secondary) unless
    ``due_date_convention`` is given. The late fee is not capped at the principal (whether
    行政强制法 art. 45 caps it is disputed and UNVERIFIED).

    Raises
    ------
    ProfileError
        For a malformed month or date, ``start`` after ``end``, or an invalid profile.
    """
    prof = as_profile(profile)
    first, last = _month(start, "start"), _month(end, "end")
    paid = _date(paid_on, "paid_on")
    if first > last:
        raise ProfileError(f"start {first[0]}-{first[1]:02d} is after end {last[0]}-{last[1]:02d}")
    if paid < dt.date(first[0], first[1], 1):
        raise ProfileError(f"paid_on {paid.isoformat()} is before the period starts ({first[0]}-{first[1]:02d}); "
                           "give the day the arrears are (or will be) paid")
    ps = parameters or load_parameters()
    check_request(ps, prof.model_copy(update={"as_of": dt.date(*first, 1)}))
    daily = ps.lookup("penalties.late_fee_daily", paid)
    fine = ps.lookup("penalties.fine_multiple", paid)
    managers = ps.lookup("penalties.manager_fine", paid)
    convention_lookup = ps.lookup("penalties.due_date_convention", paid)
    convention = due_date_convention or convention_lookup.value
    if convention not in DUE_DATE_CONVENTIONS:
        raise ProfileError(f"due-date convention {convention!r} is unknown; expected one of {', '.join(DUE_DATE_CONVENTIONS)}")
    round_money = rounding(ps, paid)
    rows, missing = [], []
    by_payer = {"employer": Decimal(0), "employee": Decimal(0)}
    fees = Decimal(0)
    grades = [daily.grade, fine.grade] + ([] if due_date_convention else [convention_lookup.grade])
    for year, month in _months(first, last):
        due = due_date(year, month, convention)
        days = max(0, (paid - due).days)
        monthly = prof.model_copy(update={"as_of": dt.date(year, month, 1)})
        for obligation, exact in compute("employee", monthly, ps):
            if obligation.scheme not in _SCHEMES:
                continue
            fee = None if exact is None else exact * daily.value * days
            if exact is None:
                missing.append(f"{year}-{month:02d} {obligation.scheme}/{obligation.payer}: {obligation.status}")
            else:  # each row rounded, then summed: the totals are the sums of the rows printed
                by_payer[obligation.payer] += round_money(exact)
                fees += round_money(fee)
                grades.append(obligation.verification)
            rows.append(ArrearsRow(
                month=f"{year}-{month:02d}", scheme=obligation.scheme, payer=obligation.payer,
                base=obligation.base, rate=obligation.rate,
                principal=None if exact is None else round_money(exact),
                due_date=due, late_fee_days=days, late_fee=None if fee is None else round_money(fee),
                status=obligation.status, verification=obligation.verification,
            ))
    principal = by_payer["employer"] + by_payer["employee"]
    notes = (
        f"due date: {convention} (an assumption graded {'secondary' if not due_date_convention else 'given by the caller'}); "
        "the late fee runs from the day after the due date to the payment day inclusive",
        "the employer owes the late fee on both shares and may not pass it to the worker "
        "(社会保险费申报缴纳管理规定 art. 11)",
        f"fine {fine.value['min']}–{fine.value['max']}× the arrears only if still unpaid after the agency's deadline "
        "(社会保险法 art. 86); failure to register: 1–3× the premiums due, and "
        f"{managers.value['min']}–{managers.value['max']} yuan on the managers (art. 84)",
        "work-injury benefits for injuries during unenrolled months fall on the employer at 工伤保险条例 standards "
        "(工伤保险条例 art. 62; 社会保险法 art. 41)",
        "the housing fund is not included: its arrears follow 住房公积金管理条例",
        "late fee not capped at the principal: whether 行政强制法 art. 45 applies is disputed (UNVERIFIED)",
    )
    return Arrears(
        region=prof.region, start=f"{first[0]}-{first[1]:02d}", end=f"{last[0]}-{last[1]:02d}", paid_on=paid,
        due_date_convention=convention, late_fee_daily_rate=daily.value, rows=tuple(rows),
        principal_employer=round_money(by_payer["employer"]), principal_employee=round_money(by_payer["employee"]),
        principal_total=round_money(principal), late_fee_total=round_money(fees),
        fine_min=round_money(principal * fine.value["min"]), fine_max=round_money(principal * fine.value["max"]),
        manager_fine_min=managers.value["min"], manager_fine_max=managers.value["max"],
        complete=not missing, missing=tuple(missing), verification=max(grades, key=GRADES.index), notes=notes,
    )
