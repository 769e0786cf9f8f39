"""The batch triage report: cases ranked by misclassification risk × expected liability; the text of its cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from workstatus.reports._render import html_environment, is_inferred, state

RISK_RULE = (
    "Misclassification risk is the probability that the worker is an employee or in the third "
    "category — P(employee) + P(third category) — unless the paper already acknowledges a labour "
    "contract (then 0). The score multiplies it by the expected monthly liability of the enterprise "
    "(obligations weighted by the status probabilities)."
)


#: what a form indicator a cue states (+1) says of the paper, in the batch's ``paper_says`` column
PAPER_SAYS = {"contract_denies_employment": "not employment (cooperation/service)",
              "registered_business": "registered business", "intermediary": "via intermediary"}


def paper_says(result) -> str:
    """What the contract or registration says, from the form indicators a cue states (not the reader's inferences)."""
    values = {ind.id: ind.value for ind in result.indicators if not is_inferred(ind.evidence)}
    if values.get("contract_denies_employment") == -1:
        return "labour contract"
    return "; ".join(said for ident, said in PAPER_SAYS.items() if values.get(ident) == 1)


def split_says(result) -> str:
    """China's second stage in one cell, for a case (most probably) not employment: the rule's answer and its facts.

    ``third_category: management 2 (Work is assigned; Time limits), own account 0``; empty for any other case.
    """
    split = result.split
    status = result.status if result.status != "undetermined" else result.most_probable
    if split is None or status == "employee":
        return ""

    def named(side: str) -> str:
        labels = list(dict.fromkeys(f.label.get("en") or f.indicator for f in split.facts if f.side == side))
        return f" ({'; '.join(labels)})" if labels else ""

    return (f"{split.outcome}: management {split.management}{named('management')}, "
            f"own account {split.own_account}{named('own_account')}")


def liability_sources(result) -> str:
    """The documents the expected liability was computed from, once each: ``doc article (grade) url``, joined by
    ``; `` (the address only where the source has one)."""
    seen: dict[str, None] = {}
    for line in result.obligations:
        for source in line.sources:
            name = " ".join(part for part in (source.doc or source.parameter, source.article) if part)
            seen.setdefault(" ".join(part for part in (f"{name} ({source.verification})", source.url) if part))
    return "; ".join(seen)


def similar_cell(result) -> str:
    """The similar decided cases of a case in one cell, joined by ``; ``: ``title (label, 0.82) url``
    (empty without explanations)."""
    cells = []
    for case in result.similar_cases or ():
        head = f"{case.source_title or case.id} ({case.label}, {case.similarity:.2f})"
        cells.append(" ".join(part for part in (head, case.source_url) if part))
    return "; ".join(cells)


def evidence_cell(result) -> str:
    """Every evidence span of a case in one cell, in the text's order, joined by `` | ``:
    ``Work is assigned +1 fact “须接受平台派单”`` (the indicator, how the span has it, who says it, its words;
    ``inferred`` where the learned reader, not a cue, read it)."""
    spans = sorted(((span, ind) for ind in result.indicators for span in ind.evidence),
                   key=lambda pair: (pair[0].start, pair[0].end, pair[1].id))
    cells = []
    for span, ind in spans:
        words = " ".join(span.text.split())
        who = "claim" if span.attributed else span.says
        inferred = " inferred" if is_inferred([span]) else ""
        cells.append(f"{ind.label.get('en') or ind.id} {span.polarity:+d} {who}{inferred} “{words}”")
    return " | ".join(cells)


def reason_cell(contribution) -> str:
    """One of the batch's ``reason_N`` cells: the indicator, how the text has it, its push, the start of its sentence."""
    label = contribution.label.get("en") or contribution.indicator
    sentence = " ".join(contribution.evidence[0].sentence.split()) if contribution.evidence else ""
    quote = f": “{sentence[:80]}{'…' if len(sentence) > 80 else ''}”" if sentence else ""
    said = state(contribution.value, inferred=is_inferred(contribution.evidence))
    return f"{label} ({said}, {contribution.shap:+.2f}){quote}"


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
