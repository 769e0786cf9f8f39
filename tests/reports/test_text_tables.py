"""The terminal tables of ``train`` and ``evaluate``: every figure in its column, the columns aligned."""

from workstatus.reports.evaluation import render_comparison_text, render_evaluation_text

EVALUATION = {
    "n": 12, "accuracy": 0.75, "macro_f1": 0.7, "binary_accuracy": 0.8333, "undetermined_rate": 0.25,
    "accuracy_when_determined": None,
    "per_class": {"employee": {"precision": 0.8, "recall": 1.0, "f1": 0.889, "support": 4},
                  "third_category": {"precision": 0.5, "recall": 0.25, "f1": 0.333, "support": 4},
                  "independent": {"precision": 1.0, "recall": 0.75, "f1": 0.857, "support": 4}},
    "confusion": [[4, 0, 0], [2, 1, 1], [0, 1, 3]],
}


def _row(text: str, first: str) -> list[str]:
    return next(line.split() for line in text.splitlines() if line.startswith(first))


def test_the_evaluation_shows_each_figure_each_status_and_the_confusion_by_name():
    text = render_evaluation_text(EVALUATION)
    assert _row(text, "macro-F1") == ["macro-F1", "0.700"]
    assert _row(text, "accuracy when determined")[-1] == "–"
    assert _row(text, "third_category    ") == ["third_category", "0.500", "0.250", "0.333", "4"]
    assert _row(text, "true") == ["true", "employee", "third_category", "independent"]
    confusion = text.split("confusion")[1]
    assert _row(confusion, "third_category") == ["third_category", "2", "1", "1"]


def test_the_columns_of_the_per_status_table_line_up():
    per_status = render_evaluation_text(EVALUATION).split("\n\n")[1].splitlines()
    lines = [per_status[0], *per_status[2:]]
    assert len({len(line) for line in lines}) == 1  # right-aligned figures end in one column


def test_the_comparison_lists_every_candidate_and_the_one_kept():
    def figure(mean):
        return {"mean": mean, "sd": 0.01}

    metrics = {"n_cases": 90, "cv": {"repeats": 5, "folds": 5},
               "comparison": {name: {"overall": {k: figure(m) for k in ("accuracy", "macro_f1", "binary_accuracy", "ece")}}
                              for name, m in (("multinomial", 0.8), ("two_stage", 0.75))},
               "selected": {"name": "multinomial", "config": {"C": 1.0}},
               "coverage_accuracy": {"chosen": {"threshold": 0.55, "coverage": 0.9, "accuracy": 0.85}}}
    text = render_comparison_text(metrics)
    assert text.startswith("90 real cases, 5×5-fold grouped CV")
    assert text.splitlines()[3].startswith("multinomial  ")
    assert _row(text, "two_stage") == ["two_stage", *["0.750", "±", "0.010"] * 4]
    assert text.splitlines()[-1] == ("kept: multinomial {'C': 1.0}; threshold 0.55 "
                                     "(coverage 0.90, accuracy when decided 0.85)")
    assert render_comparison_text({"n_cases": 30, "comparison": {}}) == "trained on 30 cases without cross-validation"
