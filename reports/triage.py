"""The batch triage report: cases ranked by misclassification risk × expected liability."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from workstatus.reports._render import html_environment

RISK_RULE = (
    "Misclassification risk is the probability that the worker is an employee or in the third "
    "category — P(employee) + P(third category) — unless the paper already acknowledges a labour "
    "contract (then 0). The score multiplies it by the expected monthly liability of the enterprise "
    "(obligations weighted by the status probabilities)."
)


def triage_score(row: Mapping) -> tuple[float, float]:
    """(misclassification risk, score) of one batch output row; errors score 0."""
    if row.get("error"):
        return 0.0, 0.0
    try:
        p_employee = float(row.get("p_employee") or 0.0)
        p_third = float(row.get("p_third_category") or 0.0)
        liability = float(row.get("expected_monthly_liability") or 0.0)
    except (TypeError, ValueError):
        return 0.0, 0.0
    acknowledged = str(row.get("paper_says") or "") == "labour contract"
    risk = 0.0 if acknowledged else p_employee + p_third
    return risk, risk * liability


def ranked_rows(rows: Iterable[Mapping], id_column: str = "id") -> list[dict]:
    """Batch output rows with their risk, score and id (``_risk``, ``_score``, ``_id``), highest score first."""
    shown = ("status", "p_employee", "p_third_category", "paper_says", "expected_monthly_liability",
             "liability_sources", "reason_1", "reason_2", "reason_3", "error")
    ranked = []
    for row in rows:
        risk, score = triage_score(row)
        ranked.append({**dict.fromkeys(shown), **row, "_risk": risk, "_score": score, "_id": row.get(id_column)})
    return sorted(ranked, key=lambda r: -r["_score"])


def render_triage_html(
    rows: Iterable[Mapping], *, id_column: str = "id", title: str = "Triage", total: int | None = None,
    errors: int = 0, generated: date | None = None,
) -> str:
    """A self-contained HTML page ranking the given rows by score, with client-side filters.

    ``rows`` are batch output rows (already limited to the top ones by the
    caller when the batch is large); ``total`` is how many rows the batch had.
    """
    ranked = ranked_rows(rows, id_column)
    template = html_environment().get_template("triage.html.j2")
    return template.render(
        rows=ranked, title=title, total=total if total is not None else len(ranked), errors=errors,
        rule=RISK_RULE, generated=generated,
    )
