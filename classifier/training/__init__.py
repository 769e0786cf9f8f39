"""Training the status model: cross-validation, model selection, the figures of the model card, evaluation.

Not part of the runtime model (``classifier`` never imports this package),
and the only code that reads ``labelled_cases/`` (the gold annotations; the
cases themselves are passed in)::

    from workstatus import labelled_cases
    from workstatus.classifier.training import TrainingOptions, train

    report = train(labelled_cases.load_cases(origin="real"), TrainingOptions(out="model/"))
    report.model, report.cv.selected, report.to_metrics()   # the figures, as in metrics.json

``reports.model_card.write_model_card(report.to_metrics(), "model/")`` then
draws the card and its figures. See ``classifier/README.md``.
"""

from workstatus.classifier._fit import DEFAULT_CONFIG, case_frame, case_groups, fit_status_model
from workstatus.classifier.training._analysis import row_factory
from workstatus.classifier.training._baselines import MajorityBaseline, RuleBaseline, TextNgramBaseline
from workstatus.classifier.training._cv import Corpus, out_of_fold, repeated_group_splits, summarise
from workstatus.classifier.training._evaluate import EVALUATION_KEYS, evaluate_frame, read_evaluation_cases
from workstatus.classifier.training._metrics import choose_threshold, coverage_curve, score
from workstatus.classifier.training._report import (
    HYBRID_GRID,
    INDICATOR_FAMILIES,
    LINEAR_GRID,
    MODEL_FAMILIES,
    TARGETS,
    CrossValidation,
    TrainingOptions,
    TrainingReport,
)
from workstatus.classifier.training._train import candidate_models, extract_rows, train

__all__ = [
    "DEFAULT_CONFIG",
    "EVALUATION_KEYS",
    "HYBRID_GRID",
    "INDICATOR_FAMILIES",
    "LINEAR_GRID",
    "MODEL_FAMILIES",
    "TARGETS",
    "Corpus",
    "CrossValidation",
    "MajorityBaseline",
    "RuleBaseline",
    "TextNgramBaseline",
    "TrainingOptions",
    "TrainingReport",
    "candidate_models",
    "case_frame",
    "case_groups",
    "choose_threshold",
    "coverage_curve",
    "evaluate_frame",
    "extract_rows",
    "fit_status_model",
    "out_of_fold",
    "read_evaluation_cases",
    "repeated_group_splits",
    "row_factory",
    "score",
    "summarise",
    "train",
]
