"""Employees: the five insurances and the housing fund, on the wage clamped to the region's band."""

from __future__ import annotations

from workstatus.obligations._drafting import SOCIAL_INSURANCE_LAW, Context, Draft, employee_base, share_row
from workstatus.obligations._parameters import Lookup


def employee_drafts(ctx: Context) -> list[Draft]:
    """Pension, medical, work injury and unemployment (both sides where the law says so), and the housing fund."""
    base, band_lookups, base_notes = employee_base(ctx)
    rows = []

    def row(scheme, payer, rate_name, statute, *, rate=None, extra=()):
        draft = Draft(scheme, payer, True, statute, lookups=list(band_lookups), notes=[*base_notes, *extra])
        rows.append(share_row(draft, base, ctx.get(rate_name), rate))
        return draft

    row("pension", "employer", "pension.employer_rate", f"{SOCIAL_INSURANCE_LAW} art. 10, 12")
    row("pension", "employee", "pension.employee_rate", f"{SOCIAL_INSURANCE_LAW} art. 10, 12; withheld by the employer (art. 60)")
    row("medical", "employer", "medical.employer_rate", f"{SOCIAL_INSURANCE_LAW} art. 23, 53; maternity merged (国办发〔2019〕10号)")
    row("medical", "employee", "medical.employee_rate", f"{SOCIAL_INSURANCE_LAW} art. 23; withheld by the employer (art. 60)")
    rows.append(_work_injury(ctx, base, band_lookups, base_notes))
    total = ctx.get("unemployment.total_rate")
    total_note = () if total.status != "available" else (f"national total {total.value:%} split by province, employee ≤ employer",)
    for payer in ("employer", "employee"):
        draft = row("unemployment", payer, f"unemployment.{payer}_rate", f"{SOCIAL_INSURANCE_LAW} art. 44", extra=total_note)
        draft.lookups.append(total)
    rows.extend(_housing_fund(ctx))
    return rows


def _work_injury(ctx: Context, base, band_lookups: list[Lookup], base_notes: list[str]) -> Draft:
    draft = Draft("work_injury", "employer", True, f"{SOCIAL_INSURANCE_LAW} art. 33–35 (employer only)",
                   lookups=list(band_lookups), notes=list(base_notes))
    table = ctx.get("work_injury.rate_by_class")
    klass = ctx.profile.work_injury_class
    if klass is None:
        draft.lookups.append(table)
        return draft.stop("missing", "work-injury class not given (1–8); the class of riders, drivers and streamers "
                                     "is UNVERIFIED (needs the 人社部发〔2015〕71号 annex)")
    rate = table.value.get(klass) if table.value else None
    draft.notes.append(f"class {klass} base rate; the agency may float it by the unit's record")
    return share_row(draft, base, table, rate)


def _housing_fund(ctx: Context) -> list[Draft]:
    low, high = ctx.get("housing_fund.min_rate"), ctx.get("housing_fund.max_rate")
    wage = ctx.profile.monthly_wage
    ceiling = f" and {high.value:%}" if high.status == "available" else ""
    notes = ([f"the minimum rate is shown; each side pays the same rate, between {low.value:%}{ceiling}"]
             if low.status == "available" else [])
    notes.append("computed on the wage itself; local housing-fund base limits are not in the parameters")
    return [share_row(Draft("housing_fund", payer, True, "住房公积金管理条例 art. 18 (not social insurance)",
                            notes=list(notes)), wage, low) for payer in ("employer", "employee")]
