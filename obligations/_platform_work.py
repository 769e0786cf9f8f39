"""Third category and independent: per-order injury protection paid by pilot platforms, and voluntary schemes."""

from __future__ import annotations

from decimal import Decimal

from workstatus.obligations._drafting import (
    SOCIAL_INSURANCE_LAW,
    TWELVE,
    Context,
    Draft,
    band,
    money,
    round_cny,
    share_row,
)
from workstatus.obligations._parameters import NATIONAL


def _match_platform(platforms, name: str | None):
    if not name or not platforms:
        return None
    wanted = name.strip().lower()
    for item in platforms:
        names = [item["name"], *item.get("aliases", [])]
        if wanted in (n.lower() for n in names):
            return item
    return None


def occupational_injury(ctx: Context) -> Draft:
    """新职伤: the platform pays per order where sector, province, platform and date are all covered."""
    prof = ctx.profile
    draft = Draft("occupational_injury", "platform", True,
                   "新就业形态人员职业伤害保障办法（试行）art. 2–3 (platform pays 100%, per order)", rate_unit="CNY/order")
    sectors = ctx.get_national("occupational_injury.sectors")
    draft.lookups.append(sectors)
    if sectors.value is None:
        return draft.stop("not_applicable",
                          f"no occupational-injury scheme on {prof.as_of.isoformat()} (the pilot began 2022-07-01)")
    if prof.sector not in sectors.value:
        return draft.stop("not_applicable", f"no occupational-injury scheme for sector {prof.sector}; it covers "
                          f"{', '.join(sectors.value)} (other platform sectors: exploration from 2027, 人社部发〔2025〕24号)"
                          + ("; for intra-city freight give sector intra_city_freight" if prof.sector == "freight" else ""))
    regions = ctx.get_national("occupational_injury.pilot_regions")
    platforms = ctx.get("occupational_injury.pilot_platforms")  # a region may add its own, e.g. 京人社工发〔2025〕8号
    extension = ctx.get_national("occupational_injury.nationwide_extension")
    draft.lookups += [regions, platforms]
    if ctx.region == NATIONAL:
        return draft.stop("missing", "coverage depends on the province; pass a region")
    if not prof.platform:
        return draft.stop("missing", "coverage depends on the platform; pass the platform's name")
    in_region = regions.value is not None and ctx.province in regions.value
    platform = _match_platform(platforms.value, prof.platform)
    if not (in_region and platform):
        gap = [] if in_region else [f"province {ctx.province} is not among the pilot provinces on {prof.as_of.isoformat()}"]
        gap += [] if platform else [f"platform {prof.platform!r} is not among the pilot platforms on {prof.as_of.isoformat()}"]
        if extension.status == "available" and extension.value:
            draft.lookups.append(extension)
            return draft.stop("unverified", *gap, "人社部发〔2025〕24号 extends the pilot to all provinces and platforms "
                              "in these sectors during 2026, but the start date that applies here is not in the parameters")
        return draft.stop("not_applicable", *gap)
    fee = ctx.get("occupational_injury.fee_per_order")  # a region may set platform-level floating fees
    draft.lookups.append(fee)
    value = fee.value.get(prof.sector) if fee.value else None
    if isinstance(value, dict):
        draft.notes.append(f"fee {value['min']}–{value['max']} yuan per order by the platform's payout record; "
                           "the minimum is shown")
        value = value["min"]
    if fee.status == "available" and value is not None:
        draft.rate = value
    if prof.monthly_orders is None:
        return draft.stop("missing", "monthly orders not given; the fee is per order")
    draft.base = Decimal(prof.monthly_orders)
    if draft.rate is not None:
        draft.exact = draft.base * draft.rate
    draft.notes.append("every order is insured, whatever the labour relation; the worker pays nothing")
    return draft


def voluntary(ctx: Context, status: str) -> list[Draft]:
    """What the worker may join at own cost: flexible-worker pension and medical, residents' schemes."""
    rows = []
    limits, band_lookups, band_notes = band(ctx)
    guide = (["the enterprise must guide and support enrolment but owes no contribution (人社部发〔2021〕56号)"]
             if status == "third_category" else [])
    floor = limits["min"] if limits is not None else None
    pension = Draft("pension", "worker", False, f"{SOCIAL_INSURANCE_LAW} art. 10 (flexible worker, self-paid)",
                     lookups=list(band_lookups), notes=[*guide, *band_notes])
    share_row(pension, floor, ctx.get("pension.flexible_worker_rate"))
    if floor is not None and pension.rate is not None:
        pension.notes.append(f"cost at the floor {money(floor)}; the worker may choose a base up to "
                             f"{money(limits['max'])} (cost {money(round_cny(limits['max'] * pension.rate))})")
    rows.append(pension)
    medical = Draft("medical", "worker", False, f"{SOCIAL_INSURANCE_LAW} art. 23 (flexible worker, self-paid)",
                     lookups=list(band_lookups), notes=[*guide, *band_notes])
    rows.append(share_row(medical, floor, ctx.get("medical.flexible_worker_rate")))
    tiers = ctx.get("resident.pension_annual_tiers")
    resident_pension = Draft("resident_pension", "worker", False, "城乡居民基本养老保险 (国发〔2014〕8号)",
                              rate_unit="CNY/year", lookups=[tiers])
    if tiers.status == "available":
        resident_pension.rate = tiers.value["min"]
        resident_pension.exact = tiers.value["min"] / TWELVE
        resident_pension.notes.append(f"lowest of the tiers {tiers.value['min']}–{tiers.value['max']} yuan a year, "
                                      "shown per month; local government adds a subsidy")
    rows.append(resident_pension)
    per_year = ctx.get("resident.medical_annual_individual")
    resident_medical = Draft("resident_medical", "worker", False, "城乡居民基本医疗保险", rate_unit="CNY/year",
                              lookups=[per_year])
    if per_year.status == "available":
        resident_medical.rate = per_year.value
        resident_medical.exact = per_year.value / TWELVE
        resident_medical.notes.append("national individual contribution a year, shown per month; "
                                      "the province may set more")
    rows.append(resident_medical)
    return rows
