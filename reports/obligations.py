"""Obligations and arrears as terminal text (the ``workstatus obligations`` and ``arrears`` views)."""

from __future__ import annotations

from decimal import Decimal

from workstatus.reports._render import plain_table, rate


def _amount(value: Decimal | None, status: str = "available") -> str:
    if value is not None:
        return f"{value:,.2f}"
    return "n/a" if status == "not_applicable" else status


def render_obligations_text(obligations, header: str) -> str:
    """The obligations as an aligned table, with each row's notes and full basis below it."""
    rows = [
        [str(i), o.scheme, o.payer, "yes" if o.mandatory else "no",
         "—" if o.base is None else f"{o.base:,}", rate(dict(o)), _amount(o.monthly_amount, o.status),
         o.legal_basis.split(";")[0], o.verification]
        for i, o in enumerate(obligations, 1)
    ]
    out = [header, "", plain_table(["#", "scheme", "payer", "mandatory", "base", "rate", "monthly", "basis", "grade"],
                                   rows, right={4, 5, 6}), "", "Notes:"]
    for i, o in enumerate(obligations, 1):
        out.append(f"[{i}] {o.scheme}/{o.payer} ({o.status}): {o.notes or '—'}")
        out.append(f"    basis: {o.legal_basis}")
    return "\n".join(out)


def render_arrears_text(result) -> str:
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
    daily = f"{(result.late_fee_daily_rate * 100).normalize():f}"
    bound = "" if result.complete else " (lower bound)"
    out = []
    if not result.complete:
        computed = sum(1 for line in lines if "+?" not in line[1] and "+?" not in line[2])
        out += [f"INCOMPLETE: {computed} of {len(lines)} months computed in full; the principal, the late fee "
                "and the fine below are lower bounds (what is missing is listed at the end).", ""]
    out += [
        f"Arrears, region {result.region}, {result.start} to {result.end}, paid on {result.paid_on} "
        f"(grade: {result.verification})",
        "",
        plain_table(["month", "employer", "employee", "due", "days", "late fee"], lines, right={1, 2, 4, 5}),
        "",
        f"principal{bound}: employer {result.principal_employer:,}, employee {result.principal_employee:,}, "
        f"total {result.principal_total:,}",
        f"late fee at {daily}% a day{bound}: {result.late_fee_total:,}",
        f"fine if unpaid after the deadline{bound}: {result.fine_min:,} to {result.fine_max:,}",
    ]
    if result.missing:
        out += ["", "Missing (totals are lower bounds):", *(f"  {m}" for m in result.missing)]
    out += ["", "Notes:", *(f"  - {n}" for n in result.notes)]
    return "\n".join(out)


def render_regions_text(rows: list[dict]) -> str:
    """The regions the rules know: what an employee's obligations on the day asked compute, and what each
    local value covers (``workstatus regions``)."""
    table = plain_table(
        ["code", "region", "parent", "employee lines computed", "weakest grade", "missing"],
        [[r["code"], r["name"], r.get("parent") or "—", f"{r['computed']} of {r['lines']}", r["grade"],
          ", ".join(r["missing"]) or "—"] for r in rows])
    out = [f"Regions on {rows[0]['as_of']} (an employee at the wage given; work-injury class given)" if rows else "No regions.",
           "", table, "", "Local values (effective from, grade; '—' = a date with no value found):"]
    for r in rows:
        for name, entries in r["local"].items():
            shown = ", ".join(f"{e['start']} {e['grade'] if e['known'] else '—'}" for e in entries)
            out.append(f"  {r['code']} {name}: {shown}")
    return "\n".join(out)
