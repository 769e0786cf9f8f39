"""A training run's comparison and an evaluation's figures as terminal text (``workstatus train``, ``evaluate``)."""

from __future__ import annotations

from workstatus.reports._render import ms, plain_table

def render_comparison_text(metrics: dict) -> str:
    """The candidate models' cross-validated figures (mean ± sd) and the one kept, with its threshold."""
    if not metrics.get("comparison"):
        return f"trained on {metrics['n_cases']} cases without cross-validation"
    rows = [[name, *(ms(entry["overall"][k]) for k in ("accuracy", "macro_f1", "binary_accuracy", "ece"))]
            for name, entry in metrics["comparison"].items()]
    selected, pick = metrics["selected"], metrics["coverage_accuracy"]["chosen"]
    return "\n".join([
        f"{metrics['n_cases']} real cases, {metrics['cv']['repeats']}×{metrics['cv']['folds']}-fold grouped CV (mean ± sd)",
        plain_table(["model", "accuracy", "macro-F1", "binary", "ECE"], rows, right={1, 2, 3, 4}),
        f"kept: {selected['name']} {selected['config']}; threshold {pick['threshold']:.2f} "
        f"(coverage {pick['coverage']:.2f}, accuracy when decided {pick['accuracy']:.2f})",
    ])


def render_evaluation_text(result: dict) -> str:
    """An evaluation's headline figures, the per-status precision and recall, and the confusion matrix."""
    determined = result["accuracy_when_determined"]
    headline = [["cases", str(result["n"])],
                *([name, f"{result[key]:.3f}"] for name, key in (
                    ("accuracy", "accuracy"), ("macro-F1", "macro_f1"), ("employee vs not accuracy", "binary_accuracy"),
                    ("undetermined", "undetermined_rate"))),
                ["accuracy when determined", "–" if determined is None else f"{determined:.3f}"]]
    statuses = list(result["per_class"])
    per_class = [[status, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"])]
                 for status, v in result["per_class"].items()]
    confusion = [[status, *map(str, row)] for status, row in zip(statuses, result["confusion"])]
    return "\n\n".join([
        plain_table(["figure", "value"], headline, right={1}),
        plain_table(["status", "precision", "recall", "f1", "support"], per_class, right={1, 2, 3, 4}),
        "confusion (rows true, columns predicted)\n" + plain_table(["true", *statuses], confusion,
                                                                 right=set(range(1, len(statuses) + 1))),
    ])
