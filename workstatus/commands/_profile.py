"""The profile options that assess, batch and audit share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from workstatus.commands._common import fail


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def as_of_date(text: str | None) -> dt.date | None:
    """The date of ``--as-of``; None when it is not given (the facade, the service and the obligations commands
    default it to today, each through ``_clock.as_of``)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of {text!r} is not a date; expected YYYY-MM-DD")


@dataclass
class ProfileOptions:
    region: str | None
    wage: float | None
    as_of: str | None
    sector: str | None
    platform: str | None
    orders: int | None
    injury_class: int | None

    def profile(self) -> dict | None:
        """The profile as a mapping (None when no wage is given: no amounts then)."""
        if self.wage is None:
            if any(v is not None for v in (self.region, self.sector, self.platform, self.orders)):
                typer.echo("workstatus: note: without --wage no obligations are computed", err=True)
            return None
        if self.wage < 0:
            fail(f"--wage {self.wage}: a wage cannot be negative")
        fields = dict(region=self.region, monthly_wage=str(self.wage), as_of=as_of_date(self.as_of), sector=self.sector,
                      platform=self.platform, monthly_orders=self.orders, work_injury_class=self.injury_class)
        return {k: v for k, v in fields.items() if v is not None}


# Each option declared once, as a type (typing.Annotated) that the commands' parameters use (assess, batch, audit,
# and the profile options of obligations, arrears and regions); the default is the parameter's own (``= None``).
Region = Annotated[str, typer.Option("--region", help="GB/T 2260 region code, e.g. 110000 (Beijing); default national.")]
Wage = Annotated[float, typer.Option("--wage", help="Monthly wage in yuan (needed for obligations).")]
AsOf = Annotated[str, typer.Option("--as-of", help="Date the rules apply at (YYYY-MM-DD); default today.")]
# the sectors obligations.SECTORS names (tests/workstatus/test_cli.py holds the list to it; --help imports no package)
Sector = Annotated[str, typer.Option("--sector", help="ride_hailing, instant_delivery, intra_city_freight, freight, "
                                     "courier, streaming, domestic, designated_driving, crowdwork, professional, "
                                     "construction, other.")]
Platform = Annotated[str, typer.Option("--platform", help="Platform name (occupational-injury pilots).")]
Orders = Annotated[int, typer.Option("--orders", help="Orders a month (per-order occupational-injury fee).")]
InjuryClass = Annotated[int, typer.Option("--injury-class", help="Work-injury industry class 1–8.")]
Out = Annotated[Path, typer.Option("--out", "-o", help="Write to this file instead of stdout.")]
ModelDir = Annotated[Path, typer.Option("--model", help="A model folder (default: the shipped model).")]
Jurisdiction = Annotated[str, typer.Option("--jurisdiction", help="CN, GB, US-CA…; default: inferred from the language.")]
TextOrJsonFormat = Annotated[TextOrJson, typer.Option("--format", help="text or json.")]
