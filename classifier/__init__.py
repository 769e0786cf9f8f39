"""Status classifier: calibrated probabilities, abstention, exact SHAP explanations, similar cases.

Public API::

    from workstatus.classifier import load_model, STATUSES
    model = load_model()                       # the shipped model, verified against its manifest
    model.decide(extractions, "CN")            # list[Decision]
    model.decide(extractions, explain=False)   # fast path: probabilities and status only

Training (cross-validation, model selection, the card's figures) is the
separate :mod:`workstatus.classifier.training`; the runtime model never imports it.
See ``classifier/README.md``.
"""

from workstatus.classifier._estimators import RowStatusClassifier
from workstatus.classifier._fit import case_groups, fit_status_model
from workstatus.classifier._model import StatusModel
from workstatus.classifier._persist import (
    MODEL_DIR,
    ModelIntegrityError,
    ModelVersionWarning,
    load_model,
    read_manifest,
    save_model,
    trust_extractor,
)
from workstatus.classifier._results import (
    Contribution, Decision, SimilarCase, Split, SplitFact, WordingTerm, is_fact, strongest_facts, wording_push,
)
from workstatus.classifier._vocab import (
    FORM_INDICATORS,
    JURISDICTION_FAMILIES,
    STATUSES,
    UNDETERMINED,
    Decided,
    Status,
    check_jurisdiction,
    infer_jurisdiction,
    jurisdiction_family,
)

__all__ = [
    "FORM_INDICATORS",
    "JURISDICTION_FAMILIES",
    "MODEL_DIR",
    "STATUSES",
    "UNDETERMINED",
    "Decided",
    "Status",
    "Contribution",
    "Decision",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "RowStatusClassifier",
    "SimilarCase",
    "Split",
    "SplitFact",
    "StatusModel",
    "case_groups",
    "fit_status_model",
    "check_jurisdiction",
    "infer_jurisdiction",
    "is_fact",
    "jurisdiction_family",
    "load_model",
    "read_manifest",
    "save_model",
    "strongest_facts",
    "trust_extractor",
    "WordingTerm",
    "wording_push",
]
