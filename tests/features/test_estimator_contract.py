"""IndicatorExtractor is a real scikit-learn transformer."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.impute import SimpleImputer

from workstatus.features import NUMERIC_FACTS, IndicatorExtractor, load_catalogue

TEXTS = ["骑手不得拒单，否则将被罚款。", "Drivers may set their own hours.", "", "公司为其缴纳社会保险。"]


def test_init_only_stores_its_arguments():
    ext = IndicatorExtractor(lang="zh", catalogue=None)
    assert ext.get_params() == {"lang": "zh", "catalogue": None, "lexicon": None, "learned": False}
    assert not hasattr(ext, "lexicons_")


def test_fit_returns_self_and_sets_learned_state():
    ext = IndicatorExtractor()
    assert ext.fit(TEXTS) is ext
    assert hasattr(ext, "catalogue_") and hasattr(ext, "lexicons_")


def test_fit_does_not_consume_a_generator():
    texts = (t for t in TEXTS)
    ext = IndicatorExtractor().fit(texts)
    assert ext.transform(texts).shape == (len(TEXTS), len(ext.get_feature_names_out()))


def test_feature_names_are_the_catalogue_ids_then_the_numeric_facts(extractor):
    names = list(extractor.get_feature_names_out())
    assert names == list(load_catalogue().ids) + list(NUMERIC_FACTS)


def test_default_output_is_a_float64_array_with_one_row_per_text(extractor):
    out = extractor.transform(TEXTS)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    assert out.shape == (len(TEXTS), len(extractor.get_feature_names_out()))


def test_pandas_output_has_int8_indicators_and_float64_facts():
    ext = IndicatorExtractor().set_output(transform="pandas").fit(TEXTS)
    frame = ext.transform(TEXTS)
    ids = list(load_catalogue().ids)
    assert list(frame.columns) == ids + list(NUMERIC_FACTS)
    assert set(frame[ids].dtypes) == {np.dtype("int8")}
    assert set(frame[list(NUMERIC_FACTS)].dtypes) == {np.dtype("float64")}


def test_pandas_output_keeps_the_index_of_a_series():
    ext = IndicatorExtractor().set_output(transform="pandas").fit()
    series = pd.Series(TEXTS, index=["a", "b", "c", "d"])
    assert list(ext.transform(series).index) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("how", ["global config", "clone", "pipeline", "fit_transform"])
def test_pandas_output_is_typed_however_it_is_asked_for(how):
    import sklearn

    if how == "global config":
        with sklearn.config_context(transform_output="pandas"):
            frame = IndicatorExtractor().fit().transform(TEXTS)
    elif how == "clone":
        frame = clone(IndicatorExtractor().set_output(transform="pandas")).fit().transform(TEXTS)
    elif how == "pipeline":
        frame = Pipeline([("ext", IndicatorExtractor())]).set_output(transform="pandas").fit_transform(TEXTS)
    else:
        frame = IndicatorExtractor().set_output(transform="pandas").fit_transform(TEXTS)
    ids = list(load_catalogue().ids)
    assert isinstance(frame, pd.DataFrame) and set(frame[ids].dtypes) == {np.dtype("int8")}
    assert isinstance(IndicatorExtractor().set_output(transform="default").fit().transform(TEXTS), np.ndarray)


def test_clone_gives_an_unfitted_copy_with_the_same_parameters(extractor):
    copy = clone(IndicatorExtractor(lang="en"))
    assert copy.get_params()["lang"] == "en" and not hasattr(copy, "lexicons_")


def test_a_pickled_extractor_gives_the_same_rows(extractor):
    restored = pickle.loads(pickle.dumps(extractor))
    np.testing.assert_array_equal(restored.transform(TEXTS), extractor.transform(TEXTS))


def test_it_works_inside_a_pipeline_with_a_classifier():
    texts = ["骑手不得拒单，否则将被罚款。", "骑手可以自由拒单，不受任何处罚。"] * 5
    labels = [1, 0] * 5
    pipe = Pipeline([("indicators", IndicatorExtractor()), ("impute", SimpleImputer(strategy="constant", fill_value=0, keep_empty_features=True)), ("model", LogisticRegression())])
    pipe.fit(texts, labels)
    assert list(pipe.predict(texts[:2])) == [1, 0]


def test_a_dataframe_with_a_text_column_is_accepted(extractor):
    frame = pd.DataFrame({"text": TEXTS, "jurisdiction": ["CN", "GB", "CN", "CN"]})
    np.testing.assert_array_equal(extractor.transform(frame), extractor.transform(TEXTS))


@pytest.mark.parametrize("container", [tuple, np.array, pd.Series])
def test_tuples_arrays_and_series_give_the_same_rows_as_lists(extractor, container):
    np.testing.assert_array_equal(extractor.transform(container(TEXTS)), extractor.transform(TEXTS))


def test_transform_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        IndicatorExtractor().transform(TEXTS)


def test_extract_works_without_an_explicit_fit():
    assert IndicatorExtractor().extract("骑手不得拒单。").row["refusal_penalised"] == 1


def test_streaming_chunks_add_up_to_the_whole_transform(extractor):
    chunks = list(extractor.transform_chunks((t for t in TEXTS * 3), chunk_size=5))
    assert [len(c) for c in chunks] == [5, 5, 2]
    np.testing.assert_array_equal(np.vstack(chunks), extractor.transform(TEXTS * 3))
