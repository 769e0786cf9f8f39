"""Training with the learned reader: each annotated case's row comes from a reader fitted without its group."""

import numpy as np
import pandas as pd

from workstatus import classifier, features
from workstatus.classifier.training import _reader_rows
from workstatus.features import _learned

TEXTS = ["他每月领取固定工资，由站长排班。", "He was paid a monthly wage and rostered by a manager.",
         "他有自己的店铺，自己雇人。", "He ran his own shop with helpers.", "公司按月支付工资。",
         "He operated his own business from home.", "她每天打卡上班。", "The firm set his hours each week.",
         "他自己决定是否接单。", "She chose her own hours."]


def test_no_annotated_case_is_read_by_a_reader_fitted_on_it(monkeypatch):
    ids = features.load_catalogue().ids
    pool = [{"id": f"case-{i}", "text": t, "indicators": {i_: int(i % 2 == 0 and i_ == "fixed_pay") for i_ in ids}}
            for i, t in enumerate(TEXTS[:8])]
    frame = pd.DataFrame({"id": [f"case-{i}" for i in range(len(TEXTS))], "text": TEXTS, "lang": None})
    trained_on, read_by = {}, []
    fit, apply = _learned.LearnedReader.fit, _learned.apply_reader

    def recording_fit(self, texts, values, ids_):
        trained_on[self] = set(texts)  # keyed by the reader itself, which also keeps it alive
        return fit(self, texts, values, ids_)

    def recording_apply(extraction, reader, lexicons):
        read_by.append((extraction.text, reader))
        return apply(extraction, reader, lexicons)

    monkeypatch.setattr(_learned.LearnedReader, "fit", recording_fit)
    monkeypatch.setattr(_learned, "apply_reader", recording_apply)
    rows = _reader_rows.cross_fitted_rows(frame, classifier.case_groups(frame),
                                          features.IndicatorExtractor(learned=True), pool=pool, folds=4)
    assert list(rows.columns) == [str(n) for n in features.IndicatorExtractor().fit().get_feature_names_out()]
    assert len(rows) == len(TEXTS) and sorted(text for text, _ in read_by) == sorted(TEXTS)
    for text, reader in read_by:
        if text in TEXTS[:8]:
            assert text not in trained_on[reader]  # annotated: a reader that never saw it
        else:
            assert trained_on[reader] == set(TEXTS[:8])  # not annotated: the reader of the whole pool
    assert np.isin(rows.drop(columns=list(features.NUMERIC_FACTS)).to_numpy(), (-1, 0, 1)).all()
