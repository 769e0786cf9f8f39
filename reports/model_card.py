"""The model card: Markdown from ``templates/model_card.md.j2`` and its figures, drawn from a training run's metrics.

The metrics are the JSON figures of a training run, as in ``metrics.json``
(``classifier.training.TrainingReport.to_metrics()``), so a card can be drawn
again from the files a run left behind::

    write_model_card(json.loads(Path("model/metrics.json").read_text()), "model/")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workstatus.classifier import JURISDICTION_FAMILIES, STATUSES
from workstatus.reports._render import markdown_environment, ms

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SHORT = ("employee", "third", "indep.")
CARD_FILE = "MODEL_CARD.md"


def _figure(width=5.2, height=4.0) -> "Figure":
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110)


def calibration_chart(metrics: Mapping) -> "Figure":
    """Reliability diagram: accuracy against confidence of the most probable status, per bin."""
    bins = metrics.get("reliability") or []
    figure = _figure()
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="perfect calibration")
    if bins:
        conf = [b["confidence"] for b in bins]
        acc = [b["accuracy"] for b in bins]
        sizes = [max(b["n"], 1) for b in bins]
        axes.plot(conf, acc, color="#b4413c", marker="o", linewidth=1.5, label="model (cross-validated)")
        for x, y, n in zip(conf, acc, sizes):
            axes.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7, color="#555")
    overall = (metrics.get("chosen") or {}).get("overall") or {}
    ece = (overall.get("ece") or {}).get("mean")
    axes.set(title="Calibration" + (f" (ECE {ece:.3f})" if ece is not None else ""),
             xlabel="confidence of the most probable status", ylabel="share correct", xlim=(0.3, 1), ylim=(0, 1.02))
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    return figure


def coverage_chart(metrics: Mapping) -> "Figure":
    """Coverage (share decided) and accuracy when decided, against the abstention threshold."""
    block = metrics.get("coverage_accuracy") or {}
    curve = [p for p in block.get("curve", []) if p.get("accuracy") is not None]
    figure = _figure()
    axes = figure.add_subplot()
    if curve:
        t = [p["threshold"] for p in curve]
        axes.plot(t, [p["coverage"] for p in curve], color="#3c6eb4", label="coverage (share decided)")
        axes.plot(t, [p["accuracy"] for p in curve], color="#b4413c", label="accuracy when decided")
    chosen = block.get("chosen") or {}
    if "threshold" in chosen:
        axes.axvline(chosen["threshold"], color="#444", linestyle=":", linewidth=1)
        axes.annotate(f"chosen {chosen['threshold']:.2f}", (chosen["threshold"], 0.95), fontsize=8,
                      xytext=(4, 0), textcoords="offset points")
    axes.set(title="Coverage and accuracy against the threshold", xlabel="threshold on the highest probability",
             ylim=(0, 1.02))
    axes.legend(loc="center right", fontsize=8)
    figure.tight_layout()
    return figure


def learning_curve_chart(metrics: Mapping) -> "Figure":
    """Macro-F1 and binary accuracy against the number of training cases (mean ± sd)."""
    points = metrics.get("learning_curve") or []
    figure = _figure()
    axes = figure.add_subplot()
    n = [p["n_train"] for p in points]
    for key, colour, label in (("macro_f1", "#b4413c", "macro-F1 (three statuses)"),
                               ("binary_accuracy", "#3c6eb4", "accuracy, employee vs not")):
        mean = [p[key]["mean"] for p in points]
        sd = [p[key]["sd"] for p in points]
        axes.errorbar(n, mean, yerr=sd, color=colour, marker="o", capsize=3, label=label)
    axes.set(title="Learning curve (cross-validated)", xlabel="training cases", ylim=(0, 1))
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    return figure


def confusion_chart(metrics: Mapping, *, by_language: bool = True) -> "Figure":
    """Confusion matrices (mean over repetitions), overall and per language."""
    chosen = metrics.get("chosen") or {}
    panels = [("all", chosen.get("overall") or {})]
    if by_language:
        panels += [(lang, s) for lang, s in (chosen.get("by_language") or {}).items()]
    panels = [(name, s) for name, s in panels if s.get("confusion")]
    figure = _figure(width=3.3 * max(len(panels), 1), height=3.3)
    for k, (name, summary) in enumerate(panels, 1):
        axes = figure.add_subplot(1, len(panels), k)
        matrix = summary["confusion"]
        axes.imshow(matrix, cmap="Reds")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                axes.text(j, i, f"{value:g}", ha="center", va="center", fontsize=9)
        axes.set_xticks(range(3), SHORT, fontsize=8)
        axes.set_yticks(range(3), SHORT, fontsize=8)
        axes.set_xlabel("predicted", fontsize=8)
        if k == 1:
            axes.set_ylabel("true", fontsize=8)
        axes.set_title(f"{name} (n={summary.get('n', '?')})", fontsize=9)
    figure.tight_layout()
    return figure


FIGURES = {
    "calibration": (calibration_chart, "Calibration: cross-validated reliability diagram"),
    "coverage": (coverage_chart, "Coverage–accuracy curve and the chosen abstention threshold"),
    "learning_curve": (learning_curve_chart, "Learning curve"),
    "confusion": (confusion_chart, "Confusion matrices (rows true, columns predicted)"),
}


def write_model_card_figures(metrics: Mapping, folder: str | Path) -> list[tuple[str, Path]]:
    """Draw every model-card figure the metrics allow into ``folder`` as PNG; return (caption, path) pairs."""
    folder = Path(folder)
    written = []
    if not metrics.get("cv"):
        return written
    for name, (draw, caption) in FIGURES.items():
        path = folder / f"card_{name}.png"
        draw(metrics).savefig(path)
        written.append((caption, path))
    return written


def render_model_card(metrics: Mapping, figures: Sequence[tuple[str, Path]] = ()) -> str:
    """The model card as Markdown: the training run's ``metrics``, then links to ``figures`` (caption, path)."""
    template = markdown_environment().get_template("model_card.md.j2")
    return template.render(m=metrics, **_card_context(metrics),
                           figures=[(caption, Path(path).name) for caption, path in figures])


def write_model_card(metrics: Mapping, folder: str | Path) -> list[Path]:
    """Draw the figures into ``folder`` and write ``MODEL_CARD.md`` linking them; return the files written."""
    folder = Path(folder)
    figures = write_model_card_figures(metrics, folder)
    card = folder / CARD_FILE
    card.write_text(render_model_card(metrics, figures), encoding="utf-8")
    return [card] + [path for _, path in figures]


# -- what the template shows -------------------------------------------------
CARD_SHORT = {"employee": "emp", "third_category": "third", "independent": "indep"}


def num(value, spec: str = ".3f", missing: str = "–") -> str:
    """``value`` in the format ``spec``; ``missing`` when it is None."""
    return missing if value is None else format(value, spec)


def table(header: Sequence, rows: Sequence[Sequence]) -> str:
    """A Markdown table (no trailing newline)."""
    lines = ["| " + " | ".join(str(c) for c in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _confusion(matrix) -> str:
    header = ["true \\ predicted"] + [CARD_SHORT[s] for s in STATUSES]
    return table(header, [[CARD_SHORT[s]] + [f"{v:g}" for v in row] for s, row in zip(STATUSES, matrix)])


def _summary_rows(groups: Mapping) -> list[list]:
    return [[name, s["n"], ms(s.get("accuracy")), ms(s.get("macro_f1")), ms(s.get("binary_accuracy")),
             ms(s.get("brier")), ms(s.get("ece")), ms(s.get("undetermined_rate"), 2)]
            for name, s in groups.items() if s.get("n")]


def _card_context(m: Mapping) -> dict:
    """The values and tables the template lays out, computed from the metrics."""
    config = m.get("selected_config", {})
    context = {
        "ms": ms, "num": num, "table": table,
        "config": config,
        "reads_wording": bool(config.get("text_scale")),
        "reads_learned": bool((m.get("extractor") or {}).get("learned")),
        "indicators": f"{m['n_indicators']} indicators" if m.get("n_indicators") else "indicators",
        "counts_table": table(["lang", *STATUSES],
                              [[lang] + [c[s] for s in STATUSES] for lang, c in m["counts"].items()])
        if m.get("counts") else "",
    }
    if not m.get("cv"):
        return context
    comparison, chosen, selected = m["comparison"], m["chosen"], m["selected"]
    kept_f1 = comparison[selected["name"]]["overall"]["macro_f1"]["mean"]
    langs = sorted({lang for e in comparison.values() for lang in e["by_language"]})
    form_cases = m.get("form_cases") or {"summary": {"n": 0}, "cases": []}
    weights = m.get("form_weights") or {}
    weight_names = list(next(iter(weights.values())).keys()) if weights else []
    gold = m.get("gold", {})
    wording = m.get("wording_weights")
    groups = {**chosen["by_language"], **{f"family {k}": v for k, v in chosen["by_family"].items()},
              **{f"sector {k}": v for k, v in chosen["by_sector"].items()}}
    context |= {
        "comparison_table": table(
            ["model", "what", "accuracy", "macro-F1", "binary acc.", "Brier", "ECE"],
            [[f"`{name}`", e["description"], ms(e["overall"]["accuracy"]), ms(e["overall"]["macro_f1"]),
              ms(e["overall"]["binary_accuracy"]), ms(e["overall"]["brier"]), ms(e["overall"]["ece"])]
             for name, e in comparison.items()]),
        "kept_f1": kept_f1,
        "better_baselines": [(n, c["overall"]["macro_f1"]["mean"]) for n, c in comparison.items()
                             if not c.get("eligible", True) and c["overall"]["macro_f1"]["mean"] > kept_f1],
        "hybrid_f1": comparison["hybrid"]["overall"]["macro_f1"]["mean"]
        if "hybrid" in comparison and "multinomial" in comparison else None,
        "indicator_f1": comparison["multinomial"]["overall"]["macro_f1"]["mean"]
        if "multinomial" in comparison else None,
        "tuning_table": table(
            ["family", "C", "interaction_scale", "class_weight", "text_scale", "macro-F1"],
            [[k, t["config"].get("C"), t["config"].get("interaction_scale"), t["config"].get("class_weight"),
              t["config"].get("text_scale") or "–", f"{t['macro_f1']:.3f}"]
             for k, runs in (m.get("tuning") or {}).items() for t in runs]) if m.get("tuning") else "",
        "language_table": table(["model", *langs], [[f"`{n}`"] + [ms(e["by_language"].get(lang, {}).get("macro_f1"))
                                                                  for lang in langs] for n, e in comparison.items()]),
        "groups_table": table(
            ["group", "n", "accuracy", "macro-F1", "binary acc.", "Brier", "ECE", "undetermined"],
            _summary_rows({"all": chosen["overall"], **groups})),
        "per_status_table": table(
            ["status", "support", "precision", "recall", "F1"],
            [[s, f"{v['support']:g}", f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}"]
             for s, v in chosen["overall"]["per_class"].items()]),
        "confusion": _confusion(chosen["overall"]["confusion"]),
        "language_confusions": [(lang, _confusion(s["confusion"])) for lang, s in chosen["by_language"].items()
                                if s.get("n")],
        "selective_table": table(
            ["coverage", "predictions decided (all repetitions)", "lowest top probability", "binary accuracy", "3-way accuracy"],
            [[f"{p['coverage']:.0%}", p["n"], f"{p['threshold']:.2f}", num(p["binary_accuracy"]), num(p["accuracy"])]
             for p in m["coverage_accuracy"].get("selective", [])]) if m["coverage_accuracy"].get("selective") else "",
        "coverage_table": table(
            ["threshold", "coverage", "accuracy when decided"],
            [[f"{p['threshold']:.2f}", f"{p['coverage']:.3f}", num(p["accuracy"])]
             for p in m["coverage_accuracy"]["curve"] if round(p["threshold"] * 100) % 5 == 0]),
        "families": "; ".join(f"{k}: {', '.join(v)}" for k, v in JURISDICTION_FAMILIES.items()),
        "ablation_table": table(["variant", "accuracy", "macro-F1", "binary acc."],
                                [[k, ms(v["accuracy"]), ms(v["macro_f1"]), ms(v["binary_accuracy"])]
                                 for k, v in m["jurisdiction_ablation"].items()]),
        "wording": wording,
        "wording_table": table(["status", "n-grams (strongest first)"],
                               [[status, ", ".join(f"`{t.replace(' ', '␣')}`" for t in terms)]
                                for status, terms in wording["top"].items()]) if wording else "",
        "form_weights_table": table(["status", *weight_names],
                                    [[s] + [f"{w[n]:+.3f}" for n in weight_names] for s, w in weights.items()])
        if weights else "",
        "form_summary": form_cases["summary"],
        "form_cases_shown": len(form_cases["cases"][:40]),
        "form_cases_table": table(
            ["id", "label", "form present", "CV predicted", "CV p(label)", "final decided", "form SHAP"],
            [[c["id"], c["label"], ", ".join(c["form_present"]), c["cv_predicted"], c["cv_p_label"],
              c["final_decided"], ", ".join(f"{k} {v:+.2f}" for k, v in c["form_shap"].items())]
             for c in form_cases["cases"][:40]]),
        "gold": gold,
        "gold_table": table(["indicators", "accuracy", "macro-F1", "binary acc."],
                            [[k, ms(gold[k]["accuracy"]), ms(gold[k]["macro_f1"]), ms(gold[k]["binary_accuracy"])]
                             for k in ("extracted", "hand_annotated")]) if gold.get("available") else "",
        "learning_table": table(["training cases (per fold)", "accuracy", "macro-F1", "binary acc."],
                                [[p["n_train"], ms(p["accuracy"]), ms(p["macro_f1"]), ms(p["binary_accuracy"])]
                                 for p in m["learning_curve"]]),
        "errors_table": table(
            ["id", "lang", "jurisdiction", "sector", "label", "predicted", "p(predicted)", "p(label)"],
            [[e["id"], e["lang"], e["jurisdiction"], e["sector"], e["label"], e["predicted"], e["p_predicted"],
              e["p_label"]] for e in m["errors"]["cases"][:20]]),
        "weakest": min(chosen["overall"]["per_class"].items(), key=lambda kv: kv[1]["f1"]),
        "short_groups": [(name, s) for name, s in sorted(groups.items(),
                                                         key=lambda kv: kv[1].get("macro_f1", {}).get("mean", 1))
                         if s.get("n", 0) >= 10 and s["macro_f1"]["mean"] < m["targets"]["macro_f1"]],
        "targets": [(key, chosen["overall"][key]["mean"], goal,
                     chosen["overall"][key]["mean"] <= goal if key == "ece" else chosen["overall"][key]["mean"] >= goal)
                    for key, goal in m["targets"].items()],
    }
    return context
