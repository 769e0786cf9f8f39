"""The model card and its figures are drawn from a training run's metrics, the figures linked from the card."""

from workstatus.reports.model_card import render_model_card, write_model_card, write_model_card_figures

SUMMARY = {"n": 10, "confusion": [[3, 1, 0], [1, 2, 0], [0, 1, 2]], "ece": {"mean": 0.04, "sd": 0.01}}
METRICS = {
    "cv": {"folds": 5, "repeats": 5},
    "reliability": [{"bin": [0.4, 0.5], "n": 3, "confidence": 0.45, "accuracy": 0.33},
                    {"bin": [0.9, 1.0], "n": 7, "confidence": 0.95, "accuracy": 0.86}],
    "coverage_accuracy": {"curve": [{"threshold": 0.4, "coverage": 1.0, "accuracy": 0.7},
                                    {"threshold": 0.6, "coverage": 0.8, "accuracy": 0.8},
                                    {"threshold": 0.9, "coverage": 0.3, "accuracy": None}],
                          "chosen": {"threshold": 0.6}},
    "learning_curve": [{"n_train": n, "macro_f1": {"mean": m, "sd": 0.05}, "binary_accuracy": {"mean": m + 0.1, "sd": 0.03}}
                       for n, m in ((40, 0.5), (80, 0.6))],
    "chosen": {"overall": SUMMARY, "by_language": {"en": SUMMARY, "zh": SUMMARY}},
}


def test_every_figure_is_written_as_a_png_and_linked(tmp_path):
    written = write_model_card_figures(METRICS, tmp_path)
    assert [p.name for _, p in written] == ["card_calibration.png", "card_coverage.png",
                                            "card_learning_curve.png", "card_confusion.png"]
    assert all(p.read_bytes()[:4] == b"\x89PNG" for _, p in written)


def test_a_run_without_cross_validation_draws_nothing(tmp_path):
    assert write_model_card_figures({"cv": None}, tmp_path) == []


NO_CV = {"n_cases": 30, "n_groups": 29, "counts": {"en": {"employee": 5, "third_category": 5, "independent": 5},
                                                   "zh": {"employee": 5, "third_category": 5, "independent": 5}},
         "catalogue_version": "test", "n_indicators": 26, "targets": {"binary_accuracy": 0.9}, "cv": None,
         "selected_config": {"kind": "two_stage", "threshold": 0.5}}


def test_a_card_without_cross_validation_says_so_and_links_no_figure(tmp_path):
    written = write_model_card(NO_CV, tmp_path)
    assert [p.name for p in written] == ["MODEL_CARD.md"]
    card = written[0].read_text(encoding="utf-8")
    assert card.splitlines()[0] == "# Model card — workstatus status classifier"
    assert "- Training data: 30 real cases (29 groups" in card
    assert "| zh | 5 | 5 | 5 |" in card
    assert card.endswith("Trained without cross-validation (`--no-cv`): no figures. "
                         "Run `workstatus train` for the full card.\n")
    assert "## Figures" not in card


def test_the_figures_close_the_card(tmp_path):
    figures = [("Learning curve", tmp_path / "card_learning_curve.png")]
    card = render_model_card(NO_CV, figures)
    assert card.endswith("\n\n## Figures\n\n![Learning curve](card_learning_curve.png)\n*Learning curve.*\n")


def test_a_card_says_when_the_rows_come_from_the_learned_reader_cross_fitted():
    assert "learned reader" not in render_model_card(NO_CV)
    card = render_model_card(NO_CV | {"extractor": {"lang": None, "learned": True}})
    assert "- Indicator rows: the cues and the learned reader" in card and "cross-fitted" in card
