"""Drafting one obligation: the values it needs, its notes, its status and grade."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from workstatus.obligations._parameters import NATIONAL, Lookup, ParameterSet
from workstatus.obligations._records import Obligation, Profile, SourceUsed
from workstatus.obligations._schema import GRADES

TWELVE = Decimal(12)
SOCIAL_INSURANCE_LAW = "社会保险法"


@dataclass
class Draft:
    """An obligation being worked out: the lookups it used and what is known so far."""

    scheme: str
    payer: str
    mandatory: bool
    statute: str
    rate_unit: str = "share"
    base: Decimal | None = None
    rate: Decimal | None = None
    exact: Decimal | None = None
    lookups: list[Lookup] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str | None = None  # forced status: not_applicable, or missing for an absent input

    def stop(self, status: str, *notes: str) -> Draft:
        """Force ``status`` (``missing``, ``unverified``, or ``not_applicable``: then nothing is owed) and say why."""
        self.status = status
        self.mandatory = self.mandatory and status != "not_applicable"
        self.notes.extend(notes)
        return self


class Context:
    """The parameters and the profile a set of rules reads from."""

    def __init__(self, ps: ParameterSet, profile: Profile):
        self.ps = ps
        self.profile = profile
        self.region = profile.region
        self.province = NATIONAL if profile.region == NATIONAL else profile.region[:2] + "0000"

    def get(self, name: str) -> Lookup:
        return self.ps.lookup(name, self.profile.as_of, self.region)

    def get_national(self, name: str) -> Lookup:
        return self.ps.lookup(name, self.profile.as_of, NATIONAL)


def _weakest(lookups: list[Lookup]) -> str:
    grades = [lk.grade for lk in lookups] or ["unverified"]
    return max(grades, key=GRADES.index)


def _status(draft: Draft) -> str:
    if draft.status:
        return draft.status
    states = {lk.status for lk in draft.lookups}
    if "missing" in states:
        return "missing"
    if "unverified" in states:
        return "unverified"
    return "available"


def finish(draft: Draft, round_money) -> tuple[Obligation, Decimal | None]:
    """The ``Obligation`` (amount rounded) and its exact amount; no amount unless every value is available."""
    status = _status(draft)
    exact = draft.exact if status == "available" else None
    notes = list(draft.notes)
    for lk in draft.lookups:
        if lk.status != "available" and lk.note:
            text = f"{lk.status}: {lk.note if lk.note.startswith(lk.name) else f'{lk.name}: {lk.note}'}"
            if text not in notes:
                notes.append(text)
        if lk.level == "national guidance":
            notes.append(f"{lk.name}: national guidance figure; the actual rate is set locally")
    cited = []
    for lk in draft.lookups:
        if lk.source and (lk.source.doc or lk.source.url) and lk.source.cite() not in draft.statute:
            text = f"{lk.source.cite()} [{lk.level}]"
            if text not in cited:
                cited.append(text)
    obligation = Obligation(
        scheme=draft.scheme,
        payer=draft.payer,
        mandatory=draft.mandatory,
        base=draft.base,
        rate=draft.rate,
        rate_unit=draft.rate_unit,
        monthly_amount=None if exact is None else round_money(exact),
        legal_basis="; ".join([draft.statute, *cited]),
        verification=_weakest(draft.lookups),
        notes="; ".join(notes),
        status=status,
        sources=tuple(
            SourceUsed(
                parameter=lk.name, level=lk.level, effective=lk.start,
                doc=lk.source.doc if lk.source else None,
                article=lk.source.article if lk.source else None,
                url=lk.source.url if lk.source else None,
                verification=lk.grade,
            )
            for lk in draft.lookups
        ),
    )
    return obligation, exact


def round_cny(value: Decimal) -> Decimal:
    """Round a figure quoted inside a note (amounts themselves use the rounding parameter)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"{value:,}"


def band(ctx: Context) -> tuple[dict | None, list[Lookup], list[str]]:
    """The region's contribution floor and ceiling on the date: published, or derived from the average wage.

    Returns the band ``{"min", "max"}`` (or None), the lookups it rests on, and notes.
    """
    limits = ctx.get("contribution_base.monthly_limits")
    if limits.status == "available":
        return limits.value, [limits], []
    average = ctx.get("contribution_base.average_wage_monthly")
    if average.status == "available":
        bounds = ctx.get("contribution_base.bounds_vs_average_wage")
        if bounds.status == "available":
            derived = {"min": average.value * bounds.value["min"], "max": average.value * bounds.value["max"]}
            return derived, [average, bounds], [
                f"floor and ceiling derived as {bounds.value['min']:%} and {bounds.value['max']:%} of the average "
                f"wage {money(average.value)}; the province's published figures may be rounded differently"]
    notes = []
    if limits.status == "unverified":
        notes.append(f"base limits {money(limits.value['min'])}–{money(limits.value['max'])} "
                     "are graded unverified and not used")
    if ctx.region == NATIONAL:
        notes.append("the base is the wage between 60% and 300% of the provincial average wage "
                     "(国办发〔2019〕13号); pass a region to apply its floor and ceiling")
    return None, [limits], notes


def employee_base(ctx: Context) -> tuple[Decimal | None, list[Lookup], list[str]]:
    """The wage clamped to the region's floor and ceiling for the date."""
    limits, lookups, notes = band(ctx)
    wage = ctx.profile.monthly_wage
    if limits is None:
        return None, lookups, notes
    floor, ceiling = limits["min"], limits["max"]
    if wage < floor:
        return floor, lookups, [*notes, f"wage {money(wage)} is below the floor: contributes on the floor {money(floor)}"]
    if wage > ceiling:
        return ceiling, lookups, [*notes, f"wage {money(wage)} is above the ceiling: contributes on the ceiling {money(ceiling)}"]
    return wage, lookups, notes


def share_row(draft: Draft, base: Decimal | None, rate_lookup: Lookup, rate: Any = None) -> Draft:
    """Fill base, rate and the exact amount of a percentage-of-base obligation."""
    draft.lookups.append(rate_lookup)
    value = rate_lookup.value if rate is None else rate
    if rate_lookup.status == "available" and value is not None:
        draft.rate = value
    elif rate_lookup.status == "unverified" and value is not None:
        draft.notes.append(f"rate {value} is graded unverified and not used")
    draft.base = base
    if draft.base is not None and draft.rate is not None:
        draft.exact = draft.base * draft.rate
    return draft
