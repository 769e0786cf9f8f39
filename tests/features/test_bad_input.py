"""Bad input gets a clear FeaturesError, never a crash deep inside."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workstatus.features import FeaturesError, IndicatorExtractor, detect_language


@pytest.mark.parametrize(
    "X, message",
    [
        (None, "X is None; expected an iterable of texts"),
        ("骑手不得拒单", "X is a single str; expected an iterable of texts: wrap it in a list"),
        (b"text", "X is bytes; expected an iterable of str: decode it first"),
        (42, "X is a int; expected an iterable of texts"),
        ([None], "text #0 is None; expected a str"),
        (["ok", b"bytes"], "text #1 is bytes; expected a str: decode it first"),
        ([3.5], r"text #0 is a float \(3.5\); expected a str"),
        ([np.nan], "text #0 is NaN .* fill missing texts"),
        (pd.DataFrame({"body": ["x"]}), "DataFrame without a 'text' column"),
        (np.array([["a", "b"]]), r"array of shape \(1, 2\); expected one text per row"),
    ],
)
def test_bad_input_to_transform_is_a_clear_error(extractor, X, message):
    with pytest.raises(FeaturesError, match=message):
        extractor.transform(X)


def test_type_errors_are_also_type_errors(extractor):
    with pytest.raises(TypeError):
        extractor.transform(None)


@pytest.mark.parametrize("text, message", [(None, "the text is None"), (b"x", "decode it first"), (7, "the text is a int")])
def test_bad_input_to_extract_is_a_clear_error(extractor, text, message):
    with pytest.raises(FeaturesError, match=message):
        extractor.extract(text)


def test_fit_rejects_a_bare_string():
    with pytest.raises(FeaturesError, match="wrap it in a list"):
        IndicatorExtractor().fit("one text")


def test_an_unknown_language_is_rejected():
    with pytest.raises(FeaturesError, match=r"lang='fr' is not supported; expected 'zh', 'en' or None"):
        IndicatorExtractor(lang="fr").fit()


def test_detect_language_rejects_bytes():
    with pytest.raises(FeaturesError, match="detect_language expects a str; received bytes"):
        detect_language(b"x")
