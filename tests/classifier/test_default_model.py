"""The shipped model in classifier/model/ is what `workstatus train` builds from labelled_cases/real."""

import numpy as np

from workstatus import classifier
from workstatus import labelled_cases


def test_rebuilding_the_default_model_predicts_the_same_as_the_shipped_one():
    manifest = classifier.read_manifest()
    shipped = classifier.load_model()
    cases = labelled_cases.load_cases(origin="real")
    rebuilt = classifier.fit_status_model(cases, manifest["config"])
    assert rebuilt.training_data_sha256_ == manifest["training_data_sha256"], (
        "labelled_cases/real changed after the shipped model was trained; run `workstatus train`"
    )
    assert np.allclose(rebuilt.predict_proba(cases), shipped.predict_proba(cases), atol=1e-6), (
        "a rebuild predicts differently from classifier/model/: the features extractor or the training code "
        "changed after the shipped model was trained; run `workstatus train`"
    )
