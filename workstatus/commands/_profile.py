"""The profile options that assess, batch and audit share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

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
        as_of = None  # the facade defaults it to today, in one place
        if self.as_of:
            try:
                as_of = dt.date.fromisoformat(self.as_of)
            except ValueError:
                fail(f"--as-of {self.as_of!r}: expected a date like 2025-07-01")
        fields = dict(region=self.region, monthly_wage=str(self.wage), as_of=as_of, sector=self.sector,
                      platform=self.platform, monthly_orders=self.orders, work_injury_class=self.injury_class)
        return {k: v for k, v in fields.items() if v is not None}


REGION = typer.Option(None, "--region", help="GB/T 2260 region code, e.g. 110000 (Beijing); default national.")
WAGE = typer.Option(None, "--wage", help="Monthly wage in yuan (needed for obligations).")
AS_OF = typer.Option(None, "--as-of", help="Date the rules apply at (YYYY-MM-DD); default today.")
SECTOR = typer.Option(None, "--sector", help="ride_hailing, instant_delivery, intra_city_freight, streaming, other…")
PLATFORM = typer.Option(None, "--platform", help="Platform name (occupational-injury pilots).")
ORDERS = typer.Option(None, "--orders", help="Orders a month (per-order occupational-injury fee).")
INJURY_CLASS = typer.Option(None, "--injury-class", help="Work-injury industry class 1–8.")
OUT = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout.")
MODEL = typer.Option(None, "--model", help="A model folder (default: the shipped model).")
JURISDICTION = typer.Option(None, "--jurisdiction", help="CN, GB, US-CA…; default: inferred from the language.")
