"""One assessment as HTML (self-contained), Markdown, or terminal text."""

from __future__ import annotations

from collections.abc import Mapping

from workstatus.reports._render import STATUS_NAMES, as_data, plain_table, html_environment, markdown_environment, money, percent, rate, shorten, state
from workstatus.reports.highlight import highlight_segments


def obligation_sources(a: Mapping) -> list[dict]:
    """Every legal source the obligations were computed from, once each, in order of first use."""
    seen, sources = set(), []
    for line in a.get("obligations") or ():
        for source in line.get("sources") or ():
            key = (source.get("doc"), source.get("article"), source.get("effective"), source.get("url"))
            if key not in seen:
                seen.add(key)
                sources.append(source)
    return sources


def _is_fact(c: Mapping) -> bool:
    from workstatus.classifier import is_fact

    return is_fact(c["indicator"], c.get("value"))


def _with_sentence(c: Mapping) -> dict:
    spans = c.get("evidence") or []
    return {**c, "sentence": spans[0]["sentence"] if spans else ""}


def top_reasons(a: Mapping, n: int = 3) -> list[dict]:
    """The facts that pushed hardest towards the decided (or most probable) status, each with its evidence sentence.

    Silent indicators, the jurisdiction and the wording of the text are not
    reasons (the wording is :func:`style_of_text`).
    """
    facts = [c for c in a.get("contributions") or [] if _is_fact(c) and c["shap"] > 0]
    return [_with_sentence(c) for c in sorted(facts, key=lambda c: -c["shap"])[:n]]


def counter_reasons(a: Mapping, n: int = 3) -> list[dict]:
    """The facts that pushed hardest the other way, each with its evidence sentence."""
    facts = [c for c in a.get("contributions") or [] if _is_fact(c) and c["shap"] < 0]
    return [_with_sentence(c) for c in sorted(facts, key=lambda c: c["shap"])[:n]]


def style_of_text(a: Mapping) -> dict | None:
    """The wording's push, shown apart: a reading of the text's style, not a fact (its n-grams are not shown,
    since they may be names of parties)."""
    return next((c for c in a.get("contributions") or [] if c["indicator"] == "wording"), None)


def waiver_line(a: Mapping) -> str:
    """The sentence that a stated agreement not to pay social insurance is void, with its provision."""
    w = a["waiver_void"]
    article = f" art. {w['article']}" if w.get("article") else ""
    return (f"The facts state an agreement or promise not to pay social insurance (or cash in lieu of it): such an "
            f"agreement is void from {w['effective']} ({w['doc']}{article}; {w['verification']}).")


def paper_and_practice(a: Mapping) -> list[str]:
    """Where what the contract or the platform's rules say differs from what happened in practice, in words.

    Courts weigh practice over paper; the lines say where the two part.
    """
    indicators = a.get("indicators") or []
    lines = []
    paper_form = next((i for i in indicators if i["id"] == "contract_denies_employment" and i.get("contract") == 1), None)
    practice_employment = [i["label"]["en"].rstrip(".") for i in indicators
                           if i.get("towards") == "employment" and i.get("practice") == 1]
    if paper_form and practice_employment:
        lines.append("The agreement describes the work as something other than employment, but in practice: "
                     + "; ".join(practice_employment[:5]) + ".")
    for i in indicators:
        paper, practice = i.get("contract", 0), i.get("practice", 0)
        if paper and practice and paper != practice:
            on_paper = "the agreement says so" if paper > 0 else "the agreement says not"
            in_practice = "in practice it is so" if practice > 0 else "in practice it is not"
            lines.append(f"{i['label']['en']}: {on_paper}, but {in_practice}.")
    return lines


def case_context(assessment, *, chart: bool = True) -> dict:
    """What the HTML case report shows (``_case_body.html.j2``): the standalone page and the service's page."""
    a = as_data(assessment)
    chart_uri = None
    if chart and a.get("contributions"):
        from workstatus.reports.charts import contributions_chart, figure_data_uri

        chart_uri = figure_data_uri(contributions_chart(a))
    segments = None
    if a.get("text"):
        spans = [ev for ind in a.get("indicators", ()) for ev in ind["evidence"] if ev.get("source") == "text"]
        segments = highlight_segments(a["text"], spans)
    return dict(a=a, chart=chart_uri, segments=segments, sources=obligation_sources(a),
                paper=paper_and_practice(a), waiver=waiver_line(a) if a.get("waiver_void") else None)


def render_case_html(assessment, *, chart: bool = True) -> str:
    """A self-contained HTML page (inline CSS, chart embedded as a data URI)."""
    return html_environment().get_template("case.html.j2").render(**case_context(assessment, chart=chart))


def render_case_markdown(assessment) -> str:
    """The same content as Markdown; user text is escaped so it cannot become markup."""
    a = as_data(assessment)
    return markdown_environment().get_template("case.md.j2").render(
        a=a, reasons=top_reasons(a, 5), against=counter_reasons(a, 3), style=style_of_text(a),
        sources=obligation_sources(a), paper=paper_and_practice(a),
        waiver=waiver_line(a) if a.get("waiver_void") else None)


def render_case_text(assessment, *, reasons: int = 5, similar: int = 3) -> str:
    """A terminal view: status and probabilities, reasons with evidence, similar cases, obligations."""
    a = as_data(assessment)
    out = []
    title = f"{a['case_id']}: " if a.get("case_id") else ""
    out.append(f"{title}{STATUS_NAMES[a['status']].upper()}")
    if a.get("status_note"):
        out.append(f"  {a['status_note']}")
    elif a["status"] == "undetermined":
        out.append(f"  the evidence is too thin for a confident answer; most probable: {STATUS_NAMES[a['most_probable']]}")
    probs = "   ".join(f"{s.replace('_', ' ')} {percent(a['probabilities'][s], 1)}" for s in ("employee", "third_category", "independent"))
    out.append(f"  {probs}")
    out.append("")
    why, against, style = top_reasons(a, reasons), counter_reasons(a, reasons), style_of_text(a)
    target = (a["status"] if a["status"] != "undetermined" else a["most_probable"]).replace("_", " ")
    for title, items in ((f"Why {target} (SHAP, {a.get('explained_output') or 'model output'}):", why),
                         ("What pushes the other way:", against)):
        if not items:
            continue
        out.append(title)
        for r in items:
            name = (r.get("label") or {}).get("en") or r["indicator"]
            out.append(f"  {r['shap']:+.2f}  {name} ({state(r['value'])})")
            if r["sentence"]:
                out.append(f"         “{shorten(r['sentence'], 160)}”")
        out.append("")
    if style is not None:
        out.append(f"Style of the text (not a fact of the case): {style['shap']:+.2f}")
        out.append("")
    if a.get("waiver_void"):
        out.append(waiver_line(a))
        out.append("")
    if a.get("duties"):
        out.append("Owed besides money:")
        for d in a["duties"]:
            out.append(f"  - {d['description']['en']} ({d['source']['doc']}; {d['source']['verification']})")
        out.append("")
    paper = paper_and_practice(a)
    if paper:
        out.append("Paper and practice:")
        out.extend(f"  {line}" for line in paper)
        out.append("")
    if not why and not against and a.get("indicators"):
        out.append("Indicators found:")
        for ind in a["indicators"]:
            sign = "+" if ind["value"] > 0 else "−"
            out.append(f"  {sign} {ind['label']['en']}")
        out.append("")
    if a.get("similar_cases"):
        out.append("Similar decided cases:")
        for c in a["similar_cases"][:similar]:
            out.append(f"  {c['similarity']:.2f}  [{c['label']}] {shorten(c.get('source_title') or c['id'], 90)}")
            if c.get("source_url"):
                out.append(f"        {c['source_url']}")
        out.append("")
    if a.get("obligations"):
        basis = "expected, weighted by probability" if a["obligations_basis"] == "expected" else "for the decided status"
        out.append(f"Social-insurance obligations ({basis}):")
        header = ["scheme", "payer", "mandatory", "base", "rate", "monthly", "grade"]
        if a["obligations_basis"] == "expected":
            header.insert(1, "if")
        rows = [header]
        for o in a["obligations"]:
            row = [
                o["scheme"],
                o["payer"],
                "yes" if o["mandatory"] else "voluntary",
                money(o.get("base")),
                rate(o),
                money(o.get("monthly_amount")),
                o["verification"] + ("" if o.get("status", "available") == "available" else f" ({o['status']})"),
            ]
            if a["obligations_basis"] == "expected":
                row.insert(1, f"{(o.get('for_status') or '')[:5]} {percent(o.get('weight'))}")
            rows.append(row)
        right = {3, 4, 5} if a["obligations_basis"] != "expected" else {4, 5, 6}
        out.extend(plain_table(rows[0], rows[1:], right=right, rule="─", indent="  ").splitlines())
        if a.get("expected_monthly_liability") is not None:
            out.append(f"  expected monthly liability of the enterprise: {money(a['expected_monthly_liability'])} yuan")
        sources = obligation_sources(a)
        if sources:
            out.append("  sources:")
            for src in sources:
                where = " ".join(x for x in (src.get("doc") or src["parameter"], src.get("article") or "") if x)
                since = f", from {src['effective']}" if src.get("effective") else ""
                out.append(f"    {where} ({src['level']}{since}; {src['verification']})" + (f" {src['url']}" if src.get("url") else ""))
        out.append("")
    if a.get("obligations_note"):
        out.append(a["obligations_note"])
    out.append(f"Model {a['model']['version']} · catalogue {a['catalogue_version']} · as of {a['as_of']}")
    out.append(a["disclaimer"])
    return "\n".join(out)
