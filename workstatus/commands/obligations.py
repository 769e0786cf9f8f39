"""``workstatus obligations`` and ``workstatus arrears``: social-insurance duties and arrears."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer

from workstatus import _clock
from workstatus.commands._common import fail
from workstatus.commands._profile import (
    AsOf, InjuryClass, Orders, Platform, Region, Sector, TextOrJson, TextOrJsonFormat, as_of_date,
)


def _decimal(value: str, option: str) -> Decimal:
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        fail(f"{option} {value!r} is not a number")


def _parameters(path: str | None, region: str | None):
    """The parameter set (of the ``--parameters`` file, else the shipped one) and the region the rules apply at:
    ``--region``, else the file's own region, else the national rules."""
    from workstatus import obligations as rules

    if path is None:
        return rules.load_parameters(), region or rules.NATIONAL
    ps = rules.load_parameters(path)
    own = next(r.code for r in ps.regions.values() if str(r.path) == str(path))
    return ps, region or own or rules.NATIONAL


#: the option of a parameter file the obligations and arrears commands share
ParameterFile = Annotated[str, typer.Option("--parameters", help="A region parameter file (YAML); without "
                                            "--region, the rules apply at its region.")]


def _print_schema(wanted: bool) -> None:
    if wanted:
        from workstatus import obligations as rules

        typer.echo(json.dumps(rules.parameter_schema(), ensure_ascii=False, indent=2))
        raise typer.Exit()


def register(app: typer.Typer) -> None:
    @app.command("regions")
    def regions_command(
        as_of: AsOf = None,
        wage: str = typer.Option("8000", "--wage", help="Monthly wage of the employee the check computes for."),
        fmt: TextOrJsonFormat = TextOrJson.text,
    ) -> None:
        """List the regions the rules know, what an employee's obligations compute there on a date, and the
        dates and grades of each local value."""
        from workstatus.reference import region_rows

        day, amount = _clock.as_of(as_of_date(as_of)), _decimal(wage, "--wage")
        rows = region_rows(day, amount)
        if fmt is TextOrJson.json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        from workstatus.reports.obligations import render_regions_text

        typer.echo(render_regions_text(rows))

    @app.command("obligations")
    def obligations_command(
        status: str = typer.Option(..., "--status", help="employee, third_category or independent."),
        wage: str = typer.Option(..., "--wage", help="Monthly wage in yuan (the contribution wage)."),
        region: Region = None, as_of: AsOf = None, sector: Sector = "other", platform: Platform = None,
        orders: Orders = None, injury_class: InjuryClass = None,
        parameters: ParameterFile = None,
        fmt: TextOrJsonFormat = TextOrJson.text,
        schema: bool = typer.Option(False, "--schema", is_eager=True, callback=_print_schema,
                                    help="Print the JSON schema of a region parameter file and exit."),
    ) -> None:
        """Social-insurance obligations that follow from a status, with amounts and sources."""
        from workstatus import obligations as rules

        try:
            ps, region = _parameters(parameters, region)
            record = {
                "as_of": _clock.as_of(as_of_date(as_of)), "region": region,
                "monthly_wage": _decimal(wage, "--wage"), "sector": sector, "platform": platform,
                "monthly_orders": orders, "work_injury_class": injury_class,
            }
            result = rules.obligations_for(status, record, parameters=ps)
        except rules.ObligationsError as err:
            fail(str(err))
        if fmt is TextOrJson.json:
            typer.echo(json.dumps([o.model_dump(mode="json") for o in result], ensure_ascii=False, indent=2))
            return
        header = (f"Obligations of status {status} in region {record['region']} on {record['as_of']} "
                  f"(parameters {rules.parameters_version(ps)})")
        from workstatus.reports.obligations import render_obligations_text

        typer.echo(render_obligations_text(result, header))

    @app.command("arrears")
    def arrears_command(
        wage: str = typer.Option(..., "--wage", help="Monthly wage in yuan."),
        start: str = typer.Option(..., "--from", help="First unenrolled month, YYYY-MM."),
        end: str = typer.Option(..., "--to", help="Last unenrolled month, YYYY-MM."),
        paid_on: str = typer.Option(..., "--paid-on", help="Day the arrears are paid, YYYY-MM-DD."),
        region: Region = None,
        injury_class: InjuryClass = None,
        due_date: str = typer.Option(None, "--due-date", help="end_of_month, end_of_following_month or "
                                     "fifteenth_of_following_month; default: the parameter."),
        parameters: ParameterFile = None,
        fmt: TextOrJsonFormat = TextOrJson.text,
    ) -> None:
        """Arrears an unenrolled employee's employer owes: principal, late fee, fine range."""
        from workstatus import obligations as rules

        try:
            ps, region = _parameters(parameters, region)
            record = {"as_of": _clock.as_of(), "region": region,
                      "monthly_wage": _decimal(wage, "--wage"),
                      "work_injury_class": injury_class}
            result = rules.arrears(record, start, end, paid_on, due_date_convention=due_date, parameters=ps)
        except rules.ObligationsError as err:
            fail(str(err))
        if fmt is TextOrJson.json:
            typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
            return
        from workstatus.reports.obligations import render_arrears_text

        typer.echo(render_arrears_text(result))
