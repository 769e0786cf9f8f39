"""The shipped model in classifier/model/ is what `workstatus train` builds from labelled_cases/real."""

import numpy as np

from workstatus import classifier
from workstatus import labelled_cases


def test_rebuilding_the_default_model_predicts_the_same_as_the_shipped_one():
    """`workstatus train --no-cv` refits the shipped configuration, with the same cross-fitted reader rows."""
    from workstatus.classifier.training import TrainingOptions, train

    manifest = classifier.read_manifest()
    shipped = classifier.load_model()
    cases = labelled_cases.load_cases(origin="real")
    rebuilt = train(cases, TrainingOptions(cv=False)).model
    assert rebuilt.extractor_.get_params() == shipped.extractor_.get_params()
    assert rebuilt.training_data_sha256_ == manifest["training_data_sha256"], (
        "labelled_cases/real changed after the shipped model was trained; run `workstatus train`"
    )
    assert np.allclose(rebuilt.predict_proba(cases), shipped.predict_proba(cases), atol=1e-6), (
        "a rebuild predicts differently from classifier/model/: the features extractor or the training code "
        "changed after the shipped model was trained; run `workstatus train`"
    )


def test_no_indicator_of_the_shipped_model_pushes_against_doctrine():
    """Answering one indicator at a time (as `workstatus audit` and a questionnaire do), in every family."""
    import pandas as pd

    from workstatus.features import NUMERIC_FACTS, load_catalogue

    model = classifier.load_model()
    catalogue = load_catalogue()
    wrong = []
    for jurisdiction in ("CN", "GB", "US-CA", "AU", "DE", None):
        silent = {i: 0 for i in model.indicators_} | {n: np.nan for n in NUMERIC_FACTS} | {"jurisdiction": jurisdiction}
        probes = [(i, v) for i in model.indicators_ for v in (1, -1)]
        p = model.predict_proba(pd.DataFrame([silent] + [silent | {i: v} for i, v in probes]))
        for (ident, value), row in zip(probes, p[1:]):
            lean = {"employment": 1, "independence": -1}[catalogue[ident].towards] * value
            if lean * (row[0] - p[0, 0]) < -1e-9 or lean * (row[2] - p[0, 2]) > 1e-9:
                wrong.append((ident, value, jurisdiction))
    assert wrong == []


def test_no_reason_the_shipped_model_gives_points_against_doctrine():
    """The contributions a report shows, not only the probabilities: in every family and amid other facts, a
    stated employment-leaning indicator never pushes away from ``employee`` nor towards ``independent``
    (and the mirror for denials and independence-leaning ones). Against the training mean this failed: the
    family copies of the other families pushed a stated fact the wrong way ("Training required (stated)"
    shown as a reason against employment)."""
    import pandas as pd

    from workstatus.features import NUMERIC_FACTS, load_catalogue

    model = classifier.load_model()
    catalogue = load_catalogue()
    ids = list(model.indicators_)
    lean = np.array([{"employment": 1, "independence": -1}[catalogue[i].towards] for i in ids])
    rng = np.random.default_rng(0)
    rows = []
    for jurisdiction in ("CN", "GB", "US-CA", "AU", "DE", None):
        for _ in range(40):
            values = rng.choice([-1, 0, 0, 1], size=len(ids))
            rows.append(dict(zip(ids, values)) | {n: np.nan for n in NUMERIC_FACTS} | {"jurisdiction": jurisdiction})
    frame = pd.DataFrame(rows)
    sources = model.estimator_.design_.sources_
    per_indicator = (sources[:, None] == np.array(ids, dtype=object)[None, :]).astype(float)
    wrong = []
    for status, sign in (("employee", 1), ("independent", -1)):
        _, values, _ = model.estimator_.explain_design(frame, [status] * len(frame))
        pushed = sign * (values @ per_indicator) * frame[ids].to_numpy() * lean  # < 0: against doctrine
        wrong += [(status, ids[k]) for k in np.flatnonzero((pushed < -1e-12).any(axis=0))]
    assert wrong == []
