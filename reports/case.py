"""One assessment as HTML (self-contained), Markdown, or terminal text."""

from __future__ import annotations

from collections.abc import Mapping

from workstatus.reports._render import (as_data, html_environment, is_inferred, markdown_environment, money, percent,
                                        plain_table, quote, rate, span_quotes, state)
from workstatus.reports._words import case_words, check_language, translate
from workstatus.classifier import STATUSES, is_fact, strongest_facts, wording_push
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
    return is_fact(c["indicator"], c.get("value"))


def _strongest(a: Mapping, n: int, sign: int) -> list[dict]:
    """The ``n`` facts whose push has ``sign`` and is strongest (the classifier's one rule, as the Assessment's
    own ``top_reasons`` applies it), each with its first evidence sentence."""
    return [_with_sentence(c) for c in strongest_facts(a.get("contributions"), n, sign=sign)]


def _with_sentence(c: Mapping) -> dict:
    """A contribution with its first evidence sentence, and whether the learned reader read it."""
    spans = c.get("evidence") or []
    return {**c, "sentence": spans[0]["sentence"] if spans else "",
            "learned": bool(spans) and str(spans[0].get("cue") or "").startswith("learned:"),
            "inferred": is_inferred(spans)}


def top_reasons(a: Mapping, n: int = 3) -> list[dict]:
    """The facts that pushed hardest towards the decided (or most probable) status, each with its evidence sentence.

    Silent indicators, the jurisdiction and the wording of the text are not
    reasons (the wording is :func:`style_of_text`).
    """
    return _strongest(a, n, +1)


def counter_reasons(a: Mapping, n: int = 3) -> list[dict]:
    """The facts that pushed hardest the other way, each with its evidence sentence."""
    return _strongest(a, n, -1)


def style_of_text(a: Mapping) -> dict | None:
    """The wording's push, shown apart: a reading of the text's style, not a fact (its n-grams are not shown,
    since they may be names of parties)."""
    return wording_push(a.get("contributions"))


def waiver_line(a: Mapping, lang: str = "en") -> str:
    """The sentence that a stated agreement not to pay social insurance is void, with its provision."""
    w, words = a["waiver_void"], case_words(lang)
    article = words["article"].format(article=w["article"]) if w.get("article") else ""
    return words["waiver"].format(effective=w["effective"], doc=w["doc"], article=article,
                                  verification=words["names"]["grade"].get(w["verification"], w["verification"]))


def paper_and_practice(a: Mapping, lang: str = "en") -> list[str]:
    """Where what the contract or the platform's rules say differs from what happened in practice, in words.

    Courts weigh practice over paper; the lines say where the two part.
    """
    words = case_words(lang)
    indicators = a.get("indicators") or []

    def label(i: Mapping) -> str:
        return i["label"].get(lang) or i["label"]["en"]

    lines = []
    paper_form = next((i for i in indicators if i["id"] == "contract_denies_employment" and i.get("contract") == 1), None)
    practice_employment = [label(i).rstrip(".") for i in indicators
                           if i.get("towards") == "employment" and i.get("practice") == 1]
    if paper_form and practice_employment:
        lines.append(words["paper_form"].format(practice=words["list_sep"].join(practice_employment[:5])))
    for i in indicators:
        paper, practice = i.get("contract", 0), i.get("practice", 0)
        if paper and practice and paper != practice:
            lines.append(words["paper_line"].format(
                label=label(i), paper=words["paper_yes"] if paper > 0 else words["paper_no"],
                practice=words["practice_yes"] if practice > 0 else words["practice_no"]))
    return lines


def localised(a: Mapping, lang: str) -> dict:
    """The assessment's data with the sentences the pipeline wrote in English put in ``lang`` where known."""
    if lang == "en":
        return dict(a)
    numeric = case_words(lang)["names"]["numeric"]

    def named(c: Mapping) -> Mapping:
        # a numeric fact has no catalogue label; the classifier names it in English in every language
        return {**c, "label": {**(c.get("label") or {}), lang: numeric[c["indicator"]]}} if c["indicator"] in numeric else c

    return {**a, **{key: translate(a.get(key), lang)
                    for key in ("status_note", "obligations_note", "explained_output")},
            "contributions": None if a.get("contributions") is None else [named(c) for c in a["contributions"]],
            "disclaimer": case_words(lang)["disclaimer"] or a.get("disclaimer")}


def case_context(assessment, *, chart: bool = True, lang: str = "en") -> dict:
    """What the HTML case report shows (``_case_body.html.j2``): the standalone page and the service's page.

    ``cw`` holds the report's own words in ``lang`` and ``case_lang`` the language (the service's page
    has its own ``w`` and ``lang``).
    """
    lang = check_language(lang)
    a = localised(as_data(assessment), lang)
    chart_uri = None
    if chart and a.get("contributions"):
        from workstatus.reports.charts import contributions_chart, figure_data_uri

        chart_uri = figure_data_uri(contributions_chart(a))
    segments = None
    if a.get("text"):
        spans = [ev for ind in a.get("indicators", ()) for ev in ind["evidence"] if ev.get("source") == "text"]
        segments = highlight_segments(a["text"], spans)
    return dict(a=a, chart=chart_uri, segments=segments, sources=obligation_sources(a), split=split_view(a, lang),
                target_name=_target(a, case_words(lang)["names"]),
                paper=paper_and_practice(a, lang), waiver=waiver_line(a, lang) if a.get("waiver_void") else None,
                cw=case_words(lang), case_lang=lang)


def render_case_html(assessment, *, chart: bool = True, lang: str = "en") -> str:
    """A self-contained HTML page (inline CSS, chart embedded as a data URI).

    Parameters
    ----------
    assessment : Assessment or its JSON form
    chart : bool
        Embed the contributions chart (its labels stay in English).
    lang : {"en", "zh"}
        The language of the report's own words, the status names and the indicator labels.
    """
    return html_environment().get_template("case.html.j2").render(**case_context(assessment, chart=chart, lang=lang))


def render_case_markdown(assessment, *, lang: str = "en") -> str:
    """The same content as Markdown; user text is escaped so it cannot become markup.

    Parameters
    ----------
    assessment : Assessment or its JSON form
    lang : {"en", "zh"}
        The language of the report's own words, the status names and the indicator labels.
    """
    lang = check_language(lang)
    a = localised(as_data(assessment), lang)
    return markdown_environment().get_template("case.md.j2").render(
        a=a, target=_target(a, case_words(lang)["names"]), other_way=_other_way(a, case_words(lang)),
        reasons=top_reasons(a, 5), against=counter_reasons(a, 3), style=style_of_text(a), split=split_view(a, lang),
        sources=obligation_sources(a), paper=paper_and_practice(a, lang),
        waiver=waiver_line(a, lang) if a.get("waiver_void") else None, cw=case_words(lang), case_lang=lang)


def other_evidence(a: Mapping, reasons: list[dict], *, width: int = 160) -> list[dict]:
    """The evidence a view's reasons do not quote, per indicator: each span in view of one quote of ``width``
    characters (:func:`span_quotes`)."""
    shown = {r["indicator"]: quote(r["evidence"][0], width) for r in reasons if r.get("evidence")}
    others = []
    for ind in a.get("indicators") or ():
        quotes = span_quotes(ind.get("evidence"), width, shown=(shown[ind["id"]],) if ind["id"] in shown else ())
        if quotes:
            others.append({"indicator": ind, "quotes": quotes})
    return others


def render_case_text(assessment, *, reasons: int = 5, similar: int | None = None, lang: str = "en") -> str:
    """A terminal view (``case.txt.j2``): status and probabilities, reasons with evidence, the other evidence,
    similar cases (all, or the first ``similar``), obligations with their sources.

    ``lang`` (``en`` or ``zh``) is the language of the view's own words, status names and labels.
    """
    lang = check_language(lang)
    a, w = localised(as_data(assessment), lang), case_words(lang)
    names = w["names"]

    def short(status: str) -> str:
        return names["short"].get(status, status.replace("_", " "))

    def label(item: Mapping) -> str:
        found = item.get("label") or {}
        return found.get(lang) or found.get("en") or item.get("indicator") or item["id"]

    def said(value, inferred: bool = False) -> str:
        told = state(value, inferred=inferred)
        return w.get(told, told) if told in ("stated", "denied", "silent", "unknown", "inferred", "inferred denied") \
            else told

    why, against, split = top_reasons(a, reasons), counter_reasons(a, reasons), split_view(a, lang)
    return markdown_environment().get_template("case.txt.j2").render(
        a=a, w=w, names=names, case_lang=lang, label=label, said=said,
        probabilities="   ".join(f"{short(s)} {percent(a['probabilities'][s], 1)}" for s in STATUSES),
        target=_target(a, names), other_way=_other_way(a, w), split=split,
        why=why, against=against, style=style_of_text(a),
        others=other_evidence(a, [*why, *against]) if why or against else [],
        waiver=waiver_line(a, lang) if a.get("waiver_void") else None, paper=paper_and_practice(a, lang),
        similar=(a.get("similar_cases") or [])[:similar], sources=obligation_sources(a),
        obligations_table=_obligations_table(a, w) if a.get("obligations") else "")


def render_case_summary(assessment, *, heading: str, report: str) -> str:
    """A case in a few lines, for a list of cases (``workstatus demo``): the heading, the status with its
    probabilities and expected liability, the three strongest reasons, and where the full report is."""
    a = as_data(assessment)
    p = a["probabilities"]
    liability = a.get("expected_monthly_liability")
    liability = "" if liability is None else f"; expected monthly liability {money(liability)} yuan"
    return "\n".join([
        heading,
        f"  → {a['status']:<14} employee {p['employee']:.0%} · third category {p['third_category']:.0%}"
        f" · independent {p['independent']:.0%}{liability}",
        *(f"    {r['shap']:+.2f} {r['label'].get('en', r['indicator'])}" for r in top_reasons(a, 3)),
        f"    report: {report}",
    ])


def _target(a: Mapping, names: Mapping) -> str:
    """The short name of what the reasons explain: the decided status, or the most probable when undetermined;
    "not employee" for a Chinese case split by LEGAL.md 1b's rule (its split has reasons of its own)."""
    status = "not_employee" if _split_shown(a) else a["status"] if a["status"] != "undetermined" else a["most_probable"]
    return names["short"].get(status, status.replace("_", " "))


def _other_way(a: Mapping, words: Mapping) -> str:
    """The heading of the counter-reasons: what pushes away from the target (towards employment, for a split case)."""
    return words["towards_employee"] if _split_shown(a) else words["other_way"].format(target=_target(a, words["names"]))


def _split_shown(a: Mapping) -> bool:
    status = a["status"] if a["status"] != "undetermined" else a["most_probable"]
    return bool(a.get("split")) and status != "employee"


def split_view(a: Mapping, lang: str = "en") -> dict | None:
    """China's second stage in words: the rule's answer and each fact it counted, with its first sentence.

    None unless the case was split by the rule and is not (most probably) employment.
    """
    if not _split_shown(a):
        return None
    split, words = a["split"], case_words(lang)
    facts = []
    for f in split["facts"]:
        spans = f.get("evidence") or []
        facts.append({"side": words["split_side"] if f["side"] == "management" else words["split_side_own"],
                      "label": (f.get("label") or {}).get(lang) or (f.get("label") or {}).get("en") or f["indicator"],
                      "value": f["value"], "sentence": spans[0]["sentence"] if spans else "",
                      "inferred": is_inferred(spans)})
    rule = words["split_rule"].format(management=split["management"], own=split["own_account"],
                                      outcome=words["status_name"][split["outcome"]], share=percent(split["p_third"]))
    return {"title": words["split_title"], "rule": rule, "facts": facts, "none": None if facts else words["split_none"]}


def _obligations_table(a: Mapping, w: Mapping) -> str:
    """The terminal view's obligations as an aligned table, with the status each line is for when expected."""
    names, expected = w["names"], a["obligations_basis"] == "expected"
    header = [w[k].lower() for k in ("scheme", "payer", "mandatory", "base", "rate")] + [w["t_monthly"], w["grade"].lower()]
    if expected:
        header.insert(1, w["if"].lower())
    rows = []
    for o in a["obligations"]:
        status = "" if o.get("status", "available") == "available" else \
            f" ({names['value_status'].get(o['status'], o['status'])})"
        row = [
            names["scheme"].get(o["scheme"], o["scheme"]),
            names["payer"].get(o["payer"], o["payer"]),
            w["yes"] if o["mandatory"] else w["voluntary"],
            money(o.get("base")),
            rate(o),
            money(o.get("monthly_amount")),
            names["grade"].get(o["verification"], o["verification"]) + status,
        ]
        if expected:
            for_status = o.get("for_status") or ""
            row.insert(1, f"{names['short'].get(for_status, for_status[:5])} {percent(o.get('weight'))}")
        rows.append(row)
    return plain_table(header, rows, right={4, 5, 6} if expected else {3, 4, 5}, rule="─", indent="  ")
