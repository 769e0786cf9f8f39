"""A platform's self-audit as terminal text."""

from __future__ import annotations

from decimal import Decimal

from workstatus.reports._render import as_data
from workstatus.reports.case import render_case_text


def render_audit_text(audit) -> str:
    """The assessment, the practices ranked by what removing each would change, and a path."""
    a = as_data(audit, "an Audit")
    out = [render_case_text(a["assessment"], similar=0), "", "What would change the status"]
    if not a["changes"]:
        out.append("  No employment-leaning practice was found in the input.")
    for c in a["changes"]:
        p = c["probabilities"]
        liability = f", liability {Decimal(c['delta_liability']):+,.2f} yuan/month" if c.get("delta_liability") else ""
        out.append(
            f"  remove {c['label'].get('en', c['indicator']):<34} → {c['status']:<14} P(employee) {p['employee']:.0%}"
            f" ({c['delta_employee']:+.0%}), P(independent) {p['independent']:.0%} ({c['delta_independent']:+.0%}){liability}"
        )
        if c.get("evidence"):
            out.append(f"      “{c['evidence'][:120]}”")
    if len(a["path"]) > 1:
        out += ["", "A path, removing the most decisive practice first:"]
        for n, step in enumerate(a["path"]):
            what = "as things stand" if not step["removed"] else "without " + ", ".join(step["removed"][-1:])
            p = step["probabilities"]
            liability = (f"; expected monthly liability {step['expected_monthly_liability']} yuan"
                         if step.get("expected_monthly_liability") else "")
            out.append(f"  {n}. {what:<40} → {step['status']:<14} (emp {p['employee']:.0%}, third {p['third_category']:.0%},"
                       f" indep {p['independent']:.0%}){liability}")
    out += ["", a["method"]]
    return "\n".join(out)
