"""Figures of the model card, drawn from the figures a training run wrote (``metrics.json``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATUSES = ("employee", "third_category", "independent")
SHORT = ("employee", "third", "indep.")


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
    axes.set_title("Calibration" + (f" (ECE {ece:.3f})" if ece is not None else ""))
    axes.set_xlabel("confidence of the most probable status")
    axes.set_ylabel("share correct")
    axes.set_xlim(0.3, 1)
    axes.set_ylim(0, 1.02)
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
    axes.set_title("Coverage and accuracy against the threshold")
    axes.set_xlabel("threshold on the highest probability")
    axes.set_ylim(0, 1.02)
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
    axes.set_title("Learning curve (cross-validated)")
    axes.set_xlabel("training cases")
    axes.set_ylim(0, 1)
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


def figures_markdown(written: list[tuple[str, Path]]) -> str:
    """A Markdown section linking the figures (relative paths, beside the card)."""
    if not written:
        return ""
    lines = ["", "## Figures", ""]
    for caption, path in written:
        lines += [f"![{caption}]({path.name})", f"*{caption}.*", ""]
    return "\n".join(lines)
