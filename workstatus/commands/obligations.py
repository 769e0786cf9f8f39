"""``workstatus obligations`` and ``workstatus arrears``: social-insurance duties and arrears."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import Enum

import typer

from workstatus.commands._common import fail


class Format(str, Enum):
    text = "text"
    json = "json"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """An aligned plain-text table (East Asian wide characters count as two columns)."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(r)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _decimal(value: str, option: str) -> Decimal:
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        fail(f"{option} {value!r} is not a number")


def _day(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; expected YYYY-MM-DD")


def _integer(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        fail(f"{option} {value!r} is not a whole number")


def _rate(obligation) -> str:
    if obligation.rate is None:
        return "—"
    if obligation.rate_unit == "share":
        return f"{_plain(obligation.rate * 100)}%"
    return f"{obligation.rate}/{'order' if obligation.rate_unit == 'CNY/order' else 'yr'}"


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _amount(value: Decimal | None, status: str = "available") -> str:
    if value is not None:
        return f"{value:,.2f}"
    return "n/a" if status == "not_applicable" else status


def render_obligations(obligations, header: str) -> str:
    """The obligations as an aligned table, with each row's notes and full basis below it."""
    rows = [
        [str(i), o.scheme, o.payer, "yes" if o.mandatory else "no",
         "—" if o.base is None else f"{o.base:,}", _rate(o), _amount(o.monthly_amount, o.status),
         o.legal_basis.split(";")[0], o.verification]
        for i, o in enumerate(obligations, 1)
    ]
    out = [header, "", table(["#", "scheme", "payer", "mandatory", "base", "rate", "monthly", "basis", "grade"],
                             rows, right={4, 5, 6}), "", "Notes:"]
    for i, o in enumerate(obligations, 1):
        out.append(f"[{i}] {o.scheme}/{o.payer} ({o.status}): {o.notes or '—'}")
        out.append(f"    basis: {o.legal_basis}")
    return "\n".join(out)


def render_arrears(result) -> str:
    """Per-month principal and late fee, then totals and notes."""
    months: dict[str, list] = {}
    for row in result.rows:
        months.setdefault(row.month, []).append(row)
    lines = []
    for month, rows in months.items():
        def total(payer):
            known = [r.principal for r in rows if r.payer == payer and r.principal is not None]
            gap = "+?" if any(r.principal is None for r in rows if r.payer == payer) else ""
            return f"{sum(known, Decimal(0)):,.2f}{gap}"
        fee = sum((r.late_fee for r in rows if r.late_fee is not None), Decimal(0))
        lines.append([month, total("employer"), total("employee"), rows[0].due_date.isoformat(),
                      str(rows[0].late_fee_days), f"{fee:,.2f}"])
    out = [
        f"Arrears, region {result.region}, {result.start} to {result.end}, paid on {result.paid_on} "
        f"(grade: {result.verification}{'' if result.complete else '; INCOMPLETE'})",
        "",
        table(["month", "employer", "employee", "due", "days", "late fee"], lines, right={1, 2, 4, 5}),
        "",
        f"principal: employer {result.principal_employer:,}, employee {result.principal_employee:,}, "
        f"total {result.principal_total:,}",
        f"late fee at {_plain(result.late_fee_daily_rate * 100)}% a day: {result.late_fee_total:,}",
        f"fine if unpaid after the deadline: {result.fine_min:,} to {result.fine_max:,}",
    ]
    if result.missing:
        out += ["", "Missing (totals are lower bounds):", *(f"  {m}" for m in result.missing)]
    out += ["", "Notes:", *(f"  - {n}" for n in result.notes)]
    return "\n".join(out)


def _parameters(path: str | None):
    import obligations as rules

    if path is None:
        return rules.load_parameters(), None
    ps = rules.load_parameters(path)
    own = next(r.code for r in ps.regions.values() if str(r.path) == str(path))
    return ps, own


def _print_schema(wanted: bool) -> None:
    if wanted:
        import obligations as rules

        typer.echo(json.dumps(rules.parameter_schema(), ensure_ascii=False, indent=2))
        raise typer.Exit()


def register(app: typer.Typer) -> None:
    @app.command("obligations")
    def obligations_command(
        status: str = typer.Option(..., "--status", help="employee, third_category or independent."),
        wage: str = typer.Option(..., "--wage", help="Monthly wage in yuan (the contribution wage)."),
        region: str = typer.Option(None, "--region", help="GB/T 2260 code; default 000000 (national rules) "
                                   "or the code of the --parameters file."),
        as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD; default: today."),
        sector: str = typer.Option("other", "--sector", help="ride_hailing, instant_delivery, intra_city_freight, "
                                   "freight, courier, streaming, domestic, designated_driving, crowdwork, "
                                   "professional, construction, other."),
        platform: str = typer.Option(None, "--platform", help="Platform name, e.g. 美团 or Meituan."),
        orders: str = typer.Option(None, "--orders", help="Orders a month (for the per-order injury fee)."),
        injury_class: str = typer.Option(None, "--injury-class", help="Work-injury risk class 1–8."),
        parameters: str = typer.Option(None, "--parameters", help="A region parameter file (YAML)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
        schema: bool = typer.Option(False, "--schema", is_eager=True, callback=_print_schema,
                                    help="Print the JSON schema of a region parameter file and exit."),
    ) -> None:
        """Social-insurance obligations that follow from a status, with amounts and sources."""
        import obligations as rules

        try:
            ps, own = _parameters(parameters)
            record = {
                "as_of": _day(as_of, "--as-of"), "region": region or own or rules.NATIONAL,
                "monthly_wage": _decimal(wage, "--wage"), "sector": sector, "platform": platform,
                "monthly_orders": _integer(orders, "--orders"), "work_injury_class": _integer(injury_class, "--injury-class"),
            }
            result = rules.obligations_for(status, record, parameters=ps)
        except rules.ObligationsError as err:
            fail(str(err))
        if fmt is Format.json:
            typer.echo(json.dumps([o.model_dump(mode="json") for o in result], ensure_ascii=False, indent=2))
            return
        header = (f"Obligations of status {status} in region {record['region']} on {record['as_of']} "
                  f"(parameters {rules.parameters_version(ps)})")
        typer.echo(render_obligations(result, header))

    @app.command("arrears")
    def arrears_command(
        wage: str = typer.Option(..., "--wage", help="Monthly wage in yuan."),
        start: str = typer.Option(..., "--from", help="First unenrolled month, YYYY-MM."),
        end: str = typer.Option(..., "--to", help="Last unenrolled month, YYYY-MM."),
        paid_on: str = typer.Option(..., "--paid-on", help="Day the arrears are paid, YYYY-MM-DD."),
        region: str = typer.Option(None, "--region", help="GB/T 2260 code."),
        injury_class: str = typer.Option(None, "--injury-class", help="Work-injury risk class 1–8."),
        due_date: str = typer.Option(None, "--due-date", help="end_of_month, end_of_following_month or "
                                     "fifteenth_of_following_month; default: the parameter."),
        parameters: str = typer.Option(None, "--parameters", help="A region parameter file (YAML)."),
        fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
    ) -> None:
        """Arrears an unenrolled employee's employer owes: principal, late fee, fine range."""
        import obligations as rules

        try:
            ps, own = _parameters(parameters)
            record = {"as_of": _day(None, "--as-of"), "region": region or own or rules.NATIONAL,
                      "monthly_wage": _decimal(wage, "--wage"),
                      "work_injury_class": _integer(injury_class, "--injury-class")}
            result = rules.arrears(record, start, end, paid_on, due_date_convention=due_date, parameters=ps)
        except rules.ObligationsError as err:
            fail(str(err))
        if fmt is Format.json:
            typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
            return
        typer.echo(render_arrears(result))
