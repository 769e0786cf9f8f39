"""The model card: Markdown rendered from the training figures (``metrics.json``)."""

from __future__ import annotations

from classifier._vocab import JURISDICTION_FAMILIES, STATUSES

SHORT = {"employee": "emp", "third_category": "third", "independent": "indep"}


def _ms(value, digits=3) -> str:
    if not isinstance(value, dict) or "mean" not in value:
        return "–"
    return f"{value['mean']:.{digits}f} ± {value['sd']:.{digits}f}"


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _confusion(matrix) -> list[str]:
    header = ["true \\ predicted"] + [SHORT[s] for s in STATUSES]
    return _table(header, [[SHORT[s]] + [f"{v:g}" for v in row] for s, row in zip(STATUSES, matrix)])


def _summary_rows(groups: dict) -> list[list]:
    rows = []
    for name, s in groups.items():
        if not s.get("n"):
            continue
        rows.append([name, s["n"], _ms(s.get("accuracy")), _ms(s.get("macro_f1")), _ms(s.get("binary_accuracy")),
                     _ms(s.get("brier")), _ms(s.get("ece")), _ms(s.get("undetermined_rate"), 2)])
    return rows


def render_card(metrics: dict) -> str:
    """The model card as Markdown."""
    out = ["# Model card — workstatus status classifier", ""]
    config = metrics.get("selected_config", {})
    out += [
        "Decides `employee`, `third_category` or `independent` from the indicator row of a case "
        "(features.IndicatorExtractor) and its jurisdiction, with calibrated probabilities, `undetermined` "
        "below a confidence threshold, exact SHAP contributions and similar real cases. Decision support, not a ruling.",
        "",
        f"- Training data: {metrics.get('n_cases')} real cases ({metrics.get('n_groups')} groups after merging "
        f"republished / near-identical cases); indicator catalogue version {metrics.get('catalogue_version')}.",
        f"- Selected configuration: `{config}`.",
    ]
    counts = metrics.get("counts", {})
    if counts:
        out += ["", "Cases by language and status:", ""]
        out += _table(["lang"] + list(STATUSES), [[lang] + [c[s] for s in STATUSES] for lang, c in counts.items()])
    if not metrics.get("cv"):
        out += ["", "Trained without cross-validation (`--no-cv`): no figures. Run `workstatus train` for the full card.", ""]
        return "\n".join(out)
    cv = metrics["cv"]
    out += ["", "## How it was evaluated", "",
            f"{cv['repeats']}× repeated, stratified, grouped {cv['folds']}-fold cross-validation on real cases only. "
            f"Grouping: {cv['grouping']}. Figures: mean ± {cv['spread']}. The extractor has no learned parameters, so "
            "indicators are extracted once; every model (and its temperature, fitted by an inner grouped CV) is refitted per fold.",
            "", f"Targets: binary accuracy ≥ {metrics['targets']['binary_accuracy']}, macro-F1 ≥ "
            f"{metrics['targets']['macro_f1']}, ECE ≤ {metrics['targets']['ece']}.", ""]
    out += ["## Model comparison", ""]
    rows = []
    for name, entry in metrics["comparison"].items():
        s = entry["overall"]
        rows.append([f"`{name}`", entry["description"], _ms(s["accuracy"]), _ms(s["macro_f1"]),
                     _ms(s["binary_accuracy"]), _ms(s["brier"]), _ms(s["ece"])])
    out += _table(["model", "what", "accuracy", "macro-F1", "binary acc.", "Brier", "ECE"], rows)
    sel = metrics["selected"]
    out += ["", f"**Kept: `{sel['name']}`** — {sel['reason']}.", ""]
    kept_f1 = metrics["comparison"][sel["name"]]["overall"]["macro_f1"]["mean"]
    better = [(n, c) for n, c in metrics["comparison"].items()
              if not c.get("eligible", True) and c["overall"]["macro_f1"]["mean"] > kept_f1]
    if "hybrid" in metrics["comparison"] and "multinomial" in metrics["comparison"]:
        hybrid_f1 = metrics["comparison"]["hybrid"]["overall"]["macro_f1"]["mean"]
        indicator_f1 = metrics["comparison"]["multinomial"]["overall"]["macro_f1"]["mean"]
        out += [f"The indicators alone (`multinomial`) reach macro-F1 {indicator_f1:.3f}; adding the wording "
                f"(`hybrid`) gives {hybrid_f1:.3f}. The wording carries signal the indicators miss, and some it "
                "should not be trusted with: see *The wording block* below.", ""]
    for name, c in better:
        out += [f"The baseline `{name}` scores a higher macro-F1 ({c['overall']['macro_f1']['mean']:.3f} against "
                f"{kept_f1:.3f}) and is still not kept: it cannot say which facts drove a status (no indicator "
                "contributions, no evidence sentences), cannot read a questionnaire, and learns the wording of the "
                "published summaries rather than the facts a court weighs, so a platform could not act on it and "
                "a new drafting style would mislead it. Its lead says that the text carries signal the 26 "
                "indicators do not yet capture.", ""]
    tuning = metrics.get("tuning") or {}
    if tuning:
        out += ["Each linear family was tried with these settings on the same folds and is shown above at its best; "
                "choosing the best of several on the same folds makes its figure slightly optimistic.", ""]
        out += _table(["family", "C", "interaction_scale", "class_weight", "text_scale", "macro-F1"],
                      [[k, t["config"].get("C"), t["config"].get("interaction_scale"), t["config"].get("class_weight"),
                        t["config"].get("text_scale") or "–", f"{t['macro_f1']:.3f}"]
                       for k, runs in tuning.items() for t in runs])
        out += [""]
    nested = metrics.get("nested")
    if nested:
        out += [f"Selection-corrected estimate (nested CV, one repetition: the setting re-chosen by inner CV inside "
                f"each outer training set, family fixed to `{sel['name']}`): accuracy "
                f"{nested['summary']['accuracy']['mean']:.3f}, macro-F1 {nested['summary']['macro_f1']['mean']:.3f}, "
                f"binary accuracy {nested['summary']['binary_accuracy']['mean']:.3f}, ECE {nested['summary']['ece']['mean']:.3f}. "
                f"Settings picked per outer fold: {nested['picks']}.", ""]
    out += ["By language (all models, macro-F1):", ""]
    langs = sorted({lang for e in metrics["comparison"].values() for lang in e["by_language"]})
    out += _table(["model"] + langs, [[f"`{n}`"] + [_ms(e["by_language"].get(l, {}).get("macro_f1")) for l in langs]
                                      for n, e in metrics["comparison"].items()])
    chosen = metrics["chosen"]
    out += ["", "## The kept model", "", "Overall, then by language, jurisdiction family, sector "
            "(undetermined = share below the threshold):", ""]
    header = ["group", "n", "accuracy", "macro-F1", "binary acc.", "Brier", "ECE", "undetermined"]
    out += _table(header, _summary_rows({"all": chosen["overall"]}) + _summary_rows(chosen["by_language"])
                  + _summary_rows({f"family {k}": v for k, v in chosen["by_family"].items()})
                  + _summary_rows({f"sector {k}": v for k, v in chosen["by_sector"].items()}))
    out += ["", "Per status (recall = share of that status found):", ""]
    out += _table(["status", "support", "precision", "recall", "F1"],
                  [[s, f"{v['support']:g}", f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}"]
                   for s, v in chosen["overall"]["per_class"].items()])
    out += ["", "Confusion matrix (mean over repetitions; rows = true):", ""] + _confusion(chosen["overall"]["confusion"])
    for lang, s in chosen["by_language"].items():
        if s.get("n"):
            out += ["", f"Confusion matrix, `{lang}`:", ""] + _confusion(s["confusion"])
    out += ["", "## Calibration and abstention", "",
            f"Temperature scaling on inner cross-validated logits (keeps the model linear, so SHAP stays exact). "
            f"Brier {_ms(chosen['overall']['brier'])}, ECE {_ms(chosen['overall']['ece'])} (10 equal-width bins, top label).", ""]
    pick = metrics["coverage_accuracy"]["chosen"]
    out += [f"Threshold **{pick['threshold']:.2f}** on the highest probability ({pick['rule']}): "
            f"coverage {pick['coverage']:.3f}, accuracy when decided {pick['accuracy']:.3f} "
            f"(pooled out-of-fold, all repetitions). Below it the answer is `undetermined`; the three probabilities are still shown.", ""]
    curve = [p for p in metrics["coverage_accuracy"]["curve"] if round(p["threshold"] * 100) % 5 == 0]
    out += _table(["threshold", "coverage", "accuracy when decided"],
                  [[f"{p['threshold']:.2f}", f"{p['coverage']:.3f}", "–" if p["accuracy"] is None else f"{p['accuracy']:.3f}"]
                   for p in curve])
    out += ["", "## Jurisdiction families", "",
            "Shared indicator weights plus a family intercept and family copies of every indicator, scaled by "
            f"`interaction_scale` = {config.get('interaction_scale')} (L2 shrinks them towards the shared weights). "
            f"A family gets its own copies only with ≥ {config.get('min_family_cases')} training cases. Families: "
            + "; ".join(f"{k}: {', '.join(v)}" for k, v in JURISDICTION_FAMILIES.items())
            + ". A Chinese text without a jurisdiction is taken as CN; an English one without a jurisdiction gets the shared weights only.", ""]
    abl = metrics["jurisdiction_ablation"]
    out += _table(["variant", "accuracy", "macro-F1", "binary acc."],
                  [[k, _ms(v["accuracy"]), _ms(v["macro_f1"]), _ms(v["binary_accuracy"])] for k, v in abl.items()])
    out += _wording_section(metrics)
    out += ["", "## Form indicators", "",
            "`contract_denies_employment`, `registered_business`, `intermediary` record what the paper says; "
            "Chinese courts look through them (指导性案例237–238号).", ""]
    fs = metrics["form_shrinkage"]
    out += [f"Form columns scaled by {fs['form_scale']} (stronger L2 shrinkage): macro-F1 {_ms(fs['shrunk']['macro_f1'])} "
            f"vs {_ms(fs['unshrunk']['macro_f1'])} unshrunk → {'kept (not worse beyond tolerance, and legally preferred)' if fs['kept'] else 'not kept (worse)'}.", ""]
    weights = metrics.get("form_weights") or {}
    if weights:
        out += ["Weights of a stated form indicator in the final model (on the explained output of each status):", ""]
        names = list(next(iter(weights.values())).keys())
        out += _table(["status"] + names, [[s] + [f"{w[n]:+.3f}" for n in names] for s, w in weights.items()])
    form_cases = metrics.get("form_cases") or {"summary": {"n": 0}, "cases": []}
    summary, cases = form_cases["summary"], form_cases["cases"]
    out += ["", f"Chinese cases where the extractor found a stated form indicator: {summary['n']}."]
    if summary["n"]:
        fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
        out += [f"Labels: {summary['by_label']}. Cross-validated accuracy on them {summary['cv_accuracy']:.3f}; "
                f"of the {summary['n_employee']} the courts held to be employment despite the form, "
                f"{summary['employee_found_cv']} are predicted employee out of fold. Mean |SHAP| of a stated form "
                f"indicator {fmt(summary['mean_abs_shap_form_stated'])} vs {fmt(summary['mean_abs_shap_other_nonzero'])} "
                "for the other non-silent indicators (final model, towards its decided status)"
                + (f"; the wording's |SHAP| averages {fmt(summary['mean_abs_shap_wording'])}"
                   if summary.get("mean_abs_shap_wording") is not None else "") + ".", ""]
        shown = cases[:40]
        out += [f"The {len(shown)} cases with the most form indicators (registration first; all in metrics.json):", ""]
        out += _table(["id", "label", "form present", "CV predicted", "CV p(label)", "final decided", "form SHAP"],
                      [[c["id"], c["label"], ", ".join(c["form_present"]), c["cv_predicted"], c["cv_p_label"],
                        c["final_decided"], ", ".join(f"{k} {v:+.2f}" for k, v in c["form_shap"].items())]
                       for c in shown])
    out += ["", "## Sources of error: extracted vs hand-annotated indicators", ""]
    gold = metrics.get("gold", {})
    if gold.get("available"):
        out += [f"Same CV on the {gold['n']} gold cases ({gold['folds']} folds); extractor–annotator agreement on "
                f"indicator values {gold['indicator_agreement']:.3f}.", ""]
        out += _table(["indicators", "accuracy", "macro-F1", "binary acc."],
                      [[k, _ms(gold[k]["accuracy"]), _ms(gold[k]["macro_f1"]), _ms(gold[k]["binary_accuracy"])]
                       for k in ("extracted", "hand_annotated")])
    else:
        out += [f"Not measured: {gold.get('reason', 'no gold set')}."]
    out += ["", "## Learning curve", ""]
    out += _table(["training cases (per fold)", "accuracy", "macro-F1", "binary acc."],
                  [[p["n_train"], _ms(p["accuracy"]), _ms(p["macro_f1"]), _ms(p["binary_accuracy"])]
                   for p in metrics["learning_curve"]])
    errors = metrics["errors"]
    out += ["", "## What the model gets wrong", "",
            f"{errors['n_wrong']} of {errors['n']} cases misclassified by the mean out-of-fold probability; the most confident errors:", ""]
    out += _table(["id", "lang", "jurisdiction", "sector", "label", "predicted", "p(predicted)", "p(label)"],
                  [[e["id"], e["lang"], e["jurisdiction"], e["sector"], e["label"], e["predicted"], e["p_predicted"], e["p_label"]]
                   for e in errors["cases"][:20]])
    out += ["", "## Where it falls short", ""]
    weakest = min(chosen["overall"]["per_class"].items(), key=lambda kv: kv[1]["f1"])
    out.append(f"- Weakest status: `{weakest[0]}` (F1 {weakest[1]['f1']:.3f}, recall {weakest[1]['recall']:.3f}).")
    groups = {**chosen["by_language"], **{f"family {k}": v for k, v in chosen["by_family"].items()},
              **{f"sector {k}": v for k, v in chosen["by_sector"].items()}}
    for name, s in sorted(groups.items(), key=lambda kv: kv[1].get("macro_f1", {}).get("mean", 1)):
        if s.get("n", 0) >= 10 and s["macro_f1"]["mean"] < metrics["targets"]["macro_f1"]:
            out.append(f"- {name} (n = {s['n']}): macro-F1 {_ms(s['macro_f1'])}, binary accuracy {_ms(s['binary_accuracy'])}.")
    out += _why_short(metrics)
    overall = chosen["overall"]
    out += ["", "## Against the targets", ""]
    for key, goal in metrics["targets"].items():
        value = overall[key]["mean"]
        met = value <= goal if key == "ece" else value >= goal
        out.append(f"- {key}: {value:.3f} (target {'≤' if key == 'ece' else '≥'} {goal}) — {'met' if met else 'NOT met'}")
    out += ["", "Figures for plots: `metrics.json` beside this card (comparison, per group, reliability bins, "
            "coverage–accuracy curve, learning curve, form-indicator cases, out-of-fold probabilities of every case).", ""]
    return "\n".join(out)


def _wording_section(metrics: dict) -> list[str]:
    """What the wording block is, what it learned, and why it is watched."""
    wording = metrics.get("wording_weights")
    if not wording:
        return []
    config = metrics["selected"]["config"]
    out = ["", "## The wording block", "",
           f"Besides the indicators, the kept model reads the text itself: TF-IDF character 1–3-grams (the "
           f"{wording['n_terms']} most frequent, anonymised names such as 张某 folded to 某, digit runs to 0), scaled by "
           f"`text_scale` = {config.get('text_scale')}, with weights shared by all jurisdictions. In an explanation "
           "the wording is one contribution, `wording`, beside the indicators, and lists the n-grams that pushed "
           "hardest. A questionnaire has no wording, so it is decided on the indicators alone (its wording "
           "contribution is the pull of an empty text).", "",
           "Why it helps: the 26 indicators are extracted with errors and miss facts (the sector, who the "
           "counterparty is, what was claimed). Why it is watched: n-grams also pick up how the published "
           "summaries were written — the claim brought (holiday pay, minimum wage), the court's vocabulary, a "
           "platform's name — which says something about this corpus rather than about the work."]
    share = wording.get("share")
    if share:
        out += ["", f"**The wording dominates the explanations**: over the training cases it carries on average "
                f"{share['mean']:.0%} (median {share['median']:.0%}) of the total |SHAP| of a decision; the indicators, "
                "the numeric facts and the jurisdiction share the rest. The indicator contributions still say which "
                "facts the text states and with what evidence, and the audit changes only them; the status itself "
                "rests mostly on the wording."]
    out += ["", "The n-grams that push hardest towards each status in the final model:", ""]
    out += _table(["status", "n-grams (strongest first)"],
                  [[status, ", ".join(f"`{t.replace(' ', '␣')}`" for t in terms)] for status, terms in wording["top"].items()])
    return out + [""]


def _why_short(metrics: dict) -> list[str]:
    """Why the figures fall short, read off the measurements above."""
    out = ["", "Why, as far as the measurements say:", ""]
    curve = metrics.get("learning_curve") or []
    if len(curve) >= 2:
        first, last, before = curve[0], curve[-1], curve[-2]
        out.append(f"- More cases would help: macro-F1 rises from {first['macro_f1']['mean']:.3f} with {first['n_train']} "
                   f"training cases to {last['macro_f1']['mean']:.3f} with {last['n_train']}, and the last step "
                   f"({before['n_train']} → {last['n_train']}) still adds "
                   f"{last['macro_f1']['mean'] - before['macro_f1']['mean']:+.3f}; the curve has not flattened.")
    gold = metrics.get("gold") or {}
    if gold.get("available"):
        out.append(f"- Perfect extraction would not close the gap: on the {gold['n']} gold cases, the same model on "
                   f"hand-annotated indicators gives macro-F1 {gold['hand_annotated']['macro_f1']['mean']:.3f} against "
                   f"{gold['extracted']['macro_f1']['mean']:.3f} on extracted ones, so the 26 indicators, read as "
                   "stated/denied/silent, leave much of what decided these cases out.")
    per_class = metrics["chosen"]["overall"]["per_class"]
    third = per_class.get("third_category")
    if third:
        out.append(f"- The third category is the hardest status (F1 {third['f1']:.3f}): for Chinese cases it is a "
                   "policy reading of a finding of no labour relationship (56号文), and elsewhere it is a different "
                   "statutory status in each country (UK limb (b) worker, Canadian dependent contractor, Italian "
                   "etero-organizzazione), learned from a few dozen cases each.")
    out.append("- The texts are published summaries, often a few hundred characters, which leave out facts a court "
               "weighed; full judgments would give both the extractor and the wording more to read.")
    return out
