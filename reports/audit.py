"""A platform's self-audit as terminal text, Markdown or HTML: one view of the data, three renderings."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from workstatus.reports._render import (STATUS_NAMES, as_data, html_environment, is_inferred, markdown_environment,
                                        shorten, state)
from workstatus.reports.case import obligation_sources, render_case_text


def _label(item: Mapping) -> str:
    return (item.get("label") or {}).get("en") or item["indicator"]


def cited(e: Mapping | None) -> str:
    """Where a piece of the audit's evidence sits: its clause (with the heading), the text, or the questionnaire."""
    if not e:
        return "the agreement"
    if e.get("source") == "answer":
        return "the questionnaire"
    if e.get("clause") is None:
        return "the text"
    return f"clause {e['clause']}" + (f" ({e['heading']})" if e.get("heading") else "")


def disagreement_summary(label: str, paper: int, practice: int, evidence: Mapping | None) -> str:
    """Paper against practice in one sentence: where the agreement states (or denies) it, the quote, the practice."""
    says = "states" if paper > 0 else "denies"
    so = "it is so" if practice > 0 else "it is not"
    quote = f" “{evidence['sentence']}”" if evidence and evidence.get("sentence") else ""
    return f"{cited(evidence)} {says} {label.lower()}:{quote}; in practice {so} (the questionnaire)."


def _cited_in(change: Mapping) -> list[str]:
    return list(dict.fromkeys(cited(e) for e in change["evidence"] if e.get("source") == "text")) or ["the questionnaire"]


def audit_view(audit) -> dict:
    """The audit as the templates read it: every change with its clause, effect and redraft, ready to print."""
    a = as_data(audit, "an Audit")
    labels = {c["indicator"]: _label(c) for c in (*a["changes"], *a.get("no_effect", ()))}
    changes = []
    for rank, c in enumerate(a["changes"], 1):
        paper = [e for e in c["evidence"] if e.get("source") == "text"]
        changes.append({
            **c, "rank": rank, "name": _label(c), "cited": _cited_in(c), "quote": paper[0]["sentence"] if paper else "",
            "liability": f"{Decimal(c['delta_liability']):+,.2f}" if c.get("delta_liability") else None,
        })
    path = []
    for n, step in enumerate(a["path"]):
        what = "as things stand" if not step["removed"] else "change " + labels.get(step["removed"][-1], step["removed"][-1])
        path.append({**step, "n": n, "what": what})
    whatever = a.get("whatever_the_paper")
    if whatever:
        whatever = {**whatever, "names": [labels.get(i, i) for i in whatever["practices"]]}
    no_effect = [{**c, "name": _label(c), "cited": _cited_in(c)} for c in a.get("no_effect", ())]
    return {"a": a, "assessment": a["assessment"], "changes": changes, "no_effect": no_effect, "path": path,
            "whatever": whatever, "STATUS_NAMES": STATUS_NAMES, "evidence": evidence_read(a["assessment"]),
            "similar": a["assessment"].get("similar_cases") or [], "sources": path_sources(a)}


def evidence_read(assessment: Mapping) -> list[dict]:
    """Every indicator the input states or denies, with each sentence that shows it (once each), whole."""
    found = []
    for ind in assessment["indicators"]:
        sentences = list(dict.fromkeys(" ".join(e["sentence"].split()) for e in ind.get("evidence") or ()
                                       if e.get("sentence")))
        if sentences:
            found.append({"name": _label(ind), "said": state(ind["value"], inferred=is_inferred(ind["evidence"])),
                          "sentences": sentences})
    return found


def path_sources(a: Mapping) -> list[dict]:
    """The legal sources of the obligations as things stand and at every step of the path, once each."""
    lines = [line for step in (a["assessment"], *a["path"]) for line in step.get("obligations") or ()]
    return obligation_sources({"obligations": lines})


def render_audit_text(audit) -> str:
    """The assessment, paper against practice, the practices ranked by what changing each would do, a path."""
    v = audit_view(audit)
    a = v["a"]
    out = [render_case_text(a["assessment"]), ""]  # every span, reason and similar case of the input
    if a.get("clauses"):
        c = a["clauses"]
        out.append(f"Read as an agreement: {c['clauses']} clauses ({c.get('operative', 0)} operative, "
                   f"{c.get('definition', 0)} definitions, {c.get('recital', 0)} recitals, {c.get('boilerplate', 0)} "
                   f"boilerplate); {len(a['left_out'])} pieces of evidence left out (in definitions, recitals or "
                   "boilerplate, or not about the worker's work).")
        out.append("")
    if a.get("disagreements"):
        out.append("Paper against practice:")
        out.extend(f"  - {shorten(d['summary'], 400)}" for d in a["disagreements"])
        out.append("")
    out.append("What would change the status (ranked by effect)")
    if not v["changes"]:
        out.append("  No employment-leaning practice was found in the input.")
    for c in v["changes"]:
        p = c["probabilities"]
        liability = f", liability {c['liability']} yuan/month" if c["liability"] else ""
        out.append(f"  {c['rank']}. {c['name']} — {', '.join(c['cited'][:2])}")
        if c["quote"]:
            out.append(f"       “{shorten(c['quote'], 200)}”")
        out.append(f"       if changed → {c['status']}: P(employee) {p['employee']:.0%} ({c['delta_employee']:+.0%}), "
                   f"P(independent) {p['independent']:.0%} ({c['delta_independent']:+.0%}){liability}")
        if c.get("remedy"):
            note = "" if c["changeable"] else " [not a term a redraft changes]"
            out.append(f"       suggested: {c['remedy']['en']}{note}")
    if v["no_effect"]:
        out.append("  No measurable effect (each moves P(employee) and P(independent) by under half a point): "
                   + "; ".join(f"{c['name']} ({', '.join(c['cited'][:2])})" for c in v["no_effect"]) + ".")
    if len(v["path"]) > 1:
        out += ["", "A path of changes, the most decisive first:"]
        for step in v["path"]:
            p = step["probabilities"]
            liability = (f"; expected monthly liability {step['expected_monthly_liability']} yuan"
                         if step.get("expected_monthly_liability") else "")
            duties = f"; {len(step['obligations'])} obligation lines" if step.get("obligations") else ""
            out.append(f"  {step['n']}. {step['what']:<44} → {step['status']:<14} (emp {p['employee']:.0%}, third "
                       f"{p['third_category']:.0%}, indep {p['independent']:.0%}){liability}{duties}")
    w = v["whatever"]
    if w:
        out += ["", f"Whatever the paper says: with every term only the paper states redrafted, the status is "
                    f"{w['status']} (P(employee) {w['probabilities']['employee']:.0%}); the practices that hold it: "
                    + ", ".join(w["names"]) + "."]
    out += _evidence_lines(v)
    out += ["", a["method"]]
    return "\n".join(out)


def _evidence_lines(v: Mapping) -> list[str]:
    """What the case view above (the input's own: its reasons, the other evidence as quotes, every similar case)
    leaves out: each sentence an indicator was read from, whole, and the sources at the path's other steps."""
    out = ["", "Evidence read, indicator by indicator:"]
    for item in v["evidence"]:
        out.append(f"  {item['name']} ({item['said']})")
        out.extend(f"       “{sentence}”" for sentence in item["sentences"])
    shown = obligation_sources(v["assessment"])
    beyond = [s for s in v["sources"] if s not in shown]
    if beyond:
        out += ["", "Sources of the figures at the other steps of the path:"]
        out.extend(f"  {s.get('doc') or s['parameter']}{' ' + s['article'] if s.get('article') else ''} ({s['level']}"
                   f"{', from ' + str(s['effective']) if s.get('effective') else ''}; {s['verification']})"
                   f"{' ' + s['url'] if s.get('url') else ''}" for s in beyond)
    return out


def render_audit_markdown(audit) -> str:
    """The audit as Markdown; every user text is escaped so that it cannot become markup."""
    return markdown_environment().get_template("audit.md.j2").render(**audit_view(audit))


def render_audit_html(audit) -> str:
    """The audit as a self-contained HTML page in the reports' style (autoescaped)."""
    return html_environment().get_template("audit.html.j2").render(**audit_view(audit))
