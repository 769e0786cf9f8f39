"""The rules: a status and a profile in, a list of obligations out.

Employees: pension, medical (maternity merged), work injury, unemployment, housing fund,
on the wage clamped to the region's floor and ceiling. Third category and independent:
occupational-injury protection paid by pilot platforms per order, and voluntary schemes
with their cost to the worker. Values are picked by ``profile.as_of``; a value that is
missing or graded unverified makes the obligation say so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from pydantic import ValidationError

from workstatus.obligations._drafting import Context, finish
from workstatus.obligations._employee import employee_drafts
from workstatus.obligations._errors import ProfileError, first_error
from workstatus.obligations._loader import load_parameters
from workstatus.obligations._parameters import ParameterSet
from workstatus.obligations._platform_work import occupational_injury, voluntary
from workstatus.obligations._records import STATUSES, Frozen, Obligation, Profile, SourceUsed


def as_profile(profile: Profile | Mapping[str, Any]) -> Profile:
    """Validate a plain mapping into a ``Profile``; errors become one-line ``ProfileError``."""
    if isinstance(profile, Profile):
        return profile
    try:
        return Profile.model_validate(dict(profile))
    except ValidationError as err:
        loc, message = first_error(err)
        where = f"profile field {'.'.join(map(str, loc))!r}" if loc else "profile"
        raise ProfileError(f"{where}: {message}") from None


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ProfileError(f"status {status!r} is not a status; expected one of {', '.join(STATUSES)}")
    return status


def check_request(ps: ParameterSet, profile: Profile) -> None:
    """Refuse an unknown region or a date before any rule."""
    if profile.region not in ps.known_regions:
        raise ProfileError(
            f"region {profile.region!r} is unknown; known: {', '.join(ps.known_regions)}; "
            "pass --parameters FILE with a region file for another region"
        )
    if profile.as_of < ps.earliest:
        raise ProfileError(
            f"date {profile.as_of.isoformat()} is before any rule; the earliest parameter takes effect "
            f"on {ps.earliest.isoformat()}"
        )


def rounding(ps: ParameterSet, as_of: dt.date):
    """The money rounding rule in force (itself a parameter), as a function of a Decimal."""
    rule = ps.lookup("money.rounding", as_of).value or {"quantum": Decimal("0.01")}
    return lambda amount: amount.quantize(rule["quantum"], rounding=ROUND_HALF_UP)


# Results of ``compute`` for recent (status, profile, parameter set): a batch often repeats one
# profile for thousands of rows. Profiles, obligations and Decimals are immutable; the parameter
# set is kept in the value so that a reused id() can never return another set's answer.
_RECENT: dict = {}
_RECENT_MAX = 1024


def compute(status: str, profile: Profile, ps: ParameterSet) -> list[tuple[Obligation, Decimal | None]]:
    """Obligations with their unrounded amounts (for callers that must round once, at the end)."""
    key = (status, profile, id(ps))
    hit = _RECENT.get(key)
    if hit is not None and hit[0] is ps:
        return list(hit[1])
    check_request(ps, profile)
    ctx = Context(ps, profile)
    if status == "employee":
        drafts = employee_drafts(ctx)
    else:
        drafts = [occupational_injury(ctx), *voluntary(ctx, status)]
    round_money = rounding(ps, profile.as_of)
    result = [finish(d, round_money) for d in drafts]
    if len(_RECENT) >= _RECENT_MAX:
        _RECENT.clear()
    _RECENT[key] = (ps, tuple(result))
    return result


def obligations_for(
    status: str,
    profile: Profile | Mapping[str, Any],
    *,
    parameters: ParameterSet | None = None,
) -> list[Obligation]:
    """The obligations that follow from ``status`` for the worker described by ``profile``.

    Parameters
    ----------
    status : str
        ``employee``, ``third_category`` or ``independent``.
    profile : Profile or mapping
        The worker; a mapping is validated into a ``Profile``.
    parameters : ParameterSet, optional
        From ``load_parameters(region_file, ...)``; default: the shipped parameters.

    Returns
    -------
    list of Obligation
        Mandatory duties and voluntary options, each with its status, grade and basis.

    Raises
    ------
    ProfileError
        For an unknown status or region, a date before any rule, or an invalid profile.
    """
    check_status(status)
    ps = parameters or load_parameters()
    return [obligation for obligation, _ in compute(status, as_profile(profile), ps)]


def void_waiver(as_of: dt.date, parameters: ParameterSet | None = None) -> SourceUsed | None:
    """The provision that makes an agreement or promise not to pay social insurance void on ``as_of``, or None.

    The facade asks when the facts state such an agreement (or cash paid in lieu of contributions).
    """
    parameter = (parameters or load_parameters()).national["waivers.void"]
    dated = parameter.at(as_of)
    if dated is None or not dated.value:
        return None
    return _source_used(parameter, dated)


def _source_used(parameter, dated) -> SourceUsed:
    return SourceUsed(parameter=parameter.name, level=parameter.level, effective=dated.start, doc=dated.source.doc,
                      article=dated.source.article, url=dated.source.url, verification=dated.source.verified)


class Duty(Frozen):
    """A duty that is not a sum of money (a written agreement, rest, the hourly minimum wage), with its basis."""

    duty: str
    description: dict[str, str]
    source: SourceUsed


#: the labour-standard duties an enterprise owes a worker of the third category (人社部发〔2021〕56号)
THIRD_CATEGORY_DUTIES = ("written_agreement", "hourly_minimum_wage", "rest_and_working_time", "publish_labour_rules",
                         "social_insurance_support")


def duties_for(status: str, as_of: dt.date, parameters: ParameterSet | None = None) -> list[Duty]:
    """The duties besides money that ``status`` carries on ``as_of``: for the third category, those of
    人社部发〔2021〕56号 and its guidelines (an employee is owed all of labour law; an independent none)."""
    if check_status(status) != "third_category":
        return []
    national = (parameters or load_parameters()).national
    duties = []
    for name in THIRD_CATEGORY_DUTIES:
        parameter = national[f"labour_standards.{name}"]
        dated = parameter.at(as_of)
        if dated is None or not dated.value:
            continue
        duties.append(Duty(duty=name, description=dict(parameter.description), source=_source_used(parameter, dated)))
    return duties
