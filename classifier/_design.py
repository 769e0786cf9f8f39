"""From indicator rows and jurisdictions to the model's design matrix.

Each tri-state indicator becomes two 0/1 columns, ``stated`` (+1) and
``denied`` (−1), so that silence and denial stay different facts for the
model. Numeric facts are transformed and standardised, unknown (NaN) → 0,
the training mean. For every legal-test family with enough training cases,
a family intercept and an interaction copy of every indicator column are
added, multiplied by ``interaction_scale`` < 1: under the L2 penalty of the
linear models a column scaled by ``s`` has its weight penalised ``1/s²`` times
harder, so the family copies are shrunk towards the shared weights
(hierarchical shrinkage) and a small family borrows strength from the pool.
Form indicators are scaled by ``form_scale`` for the same reason.

With ``text_scale`` > 0 the design also carries the wording of the text:
TF-IDF character 1–3-grams (names masked, digits folded), multiplied by
``text_scale``, shared by all families. Their columns have the source
``wording``, so an explanation shows the wording's push as one contribution
beside the indicators'. A row without a text (a questionnaire) has an empty
wording block.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from workstatus.classifier._vocab import FORM_INDICATORS, OTHER_FAMILY, jurisdiction_family
from workstatus.features import NUMERIC_FACTS

JURISDICTION_SOURCE = "jurisdiction"
WORDING_SOURCE = "wording"
_DIGITS = re.compile(r"\d+")
_MASKED_NAME = re.compile(r"[\u4e00-\u9fff]?某+")


def wording(text: str) -> str:
    """The text as the wording block reads it: lower case, digit runs folded to 0, masked names (张某, 某某) to 某.

    Judgments anonymise parties as 张某 and differ in dates and sums; neither
    should become a cue.
    """
    text = _DIGITS.sub("0", text.lower())
    # the masked-name pattern starts with an optional character, so ``re`` tries it at every
    # position: a text without 某 (most English ones) cannot match and skips the scan
    return _MASKED_NAME.sub("某", text) if "某" in text else text


def wording_vectorizer(text_features: int = 4000) -> TfidfVectorizer:
    """The unfitted TF-IDF of the wording block (also what ``classifier._persist`` restores into)."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
        max_features=text_features, preprocessor=wording, dtype=np.float64,
    )


_NON_INDICATOR = {"jurisdiction", "lang", "text", "id", "label", *NUMERIC_FACTS}


def indicator_columns(rows: pd.DataFrame) -> tuple[str, ...]:
    """The indicator columns of a row frame: every column that is not text, id, language, jurisdiction or a numeric fact."""
    return tuple(c for c in rows.columns if c not in _NON_INDICATOR)


def _numeric_transform(name: str, values) -> np.ndarray:
    x = values if isinstance(values, np.ndarray) else pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    if name == "tenure_months":
        return np.log1p(np.clip(x, 0, None))
    if name == "weekly_hours":
        return np.clip(x, 0, 100) / 40.0
    return np.clip(x, 0, 1)


class IndicatorDesign(TransformerMixin, BaseEstimator):
    """Turn indicator rows plus a ``jurisdiction`` column into a numeric design matrix.

    Parameters
    ----------
    indicators
        Indicator ids, in order; default: every column of the training rows
        that is not a numeric fact, ``jurisdiction``, ``lang``, ``text`` or ``id``.
    interaction_scale
        Scale of the family-specific copies (smaller = stronger shrinkage).
    form_scale
        Scale of the form-indicator columns (smaller = weighed more lightly).
    min_family_cases
        A family with fewer training cases gets no copies of its own; its
        cases use the shared weights.
    family_copies
        False: only the family intercepts, no copies of the indicator columns
        (for trees, which find interactions themselves).
    text_scale
        0: indicators only. Otherwise the scale of the wording columns (larger =
        the wording weighed more freely); rows need a ``text`` column.
    text_features
        How many of the most frequent character n-grams the wording keeps.
    """

    def __init__(self, *, indicators=None, interaction_scale=0.5, form_scale=1.0, min_family_cases=10,
                 family_copies=True, text_scale=0.0, text_features=4000):
        self.indicators = indicators
        self.interaction_scale = interaction_scale
        self.form_scale = form_scale
        self.min_family_cases = min_family_cases
        self.family_copies = family_copies
        self.text_scale = text_scale
        self.text_features = text_features

    def fit(self, X, y=None):
        rows = _as_rows(X)
        self.indicators_ = tuple(self.indicators) if self.indicators is not None else indicator_columns(rows)
        missing = [i for i in self.indicators_ if i not in rows]
        if missing:
            raise ValueError(
                f"indicator rows lack the columns {', '.join(missing)}; "
                "expected one column per indicator id (pass rows from features.IndicatorExtractor)."
            )
        self.numeric_ = tuple(n for n in NUMERIC_FACTS if n in rows)
        self.numeric_mean_, self.numeric_std_ = {}, {}
        for name in self.numeric_:
            x = _numeric_transform(name, rows[name])
            known = x[~np.isnan(x)]
            self.numeric_mean_[name] = float(known.mean()) if known.size else 0.0
            std = float(known.std()) if known.size > 1 else 0.0
            self.numeric_std_[name] = std if std > 0 else 1.0
        families = _families(rows)
        counts = pd.Series(families).value_counts()
        self.families_ = tuple(
            sorted(f for f, n in counts.items() if f != OTHER_FAMILY and n >= self.min_family_cases)
        )
        names, sources = [], []
        base_names, base_sources = self._base_columns()
        names += base_names
        sources += base_sources
        for family in self.families_:
            names.append(f"family[{family}]")
            sources.append(JURISDICTION_SOURCE)
            if self.family_copies:
                names += [f"{n}|{family}" for n in base_names]
                sources += base_sources
        self.vectorizer_ = None
        if self.text_scale:
            self.vectorizer_ = wording_vectorizer(self.text_features).fit(_texts(rows))
            terms = self.vectorizer_.get_feature_names_out()
            names += [f"wording[{t}]" for t in terms]
            sources += [WORDING_SOURCE] * len(terms)
        self.feature_names_out_ = np.asarray(names, dtype=object)
        self.sources_ = np.asarray(sources, dtype=object)
        return self

    def _base_columns(self):
        names, sources = [], []
        for ind in self.indicators_:
            names += [f"{ind}=stated", f"{ind}=denied"]
            sources += [ind, ind]
        for name in self.numeric_:
            names.append(name)
            sources.append(name)
        return names, sources

    def transform(self, X):
        rows = _as_rows(X)
        n = len(rows)
        stated = np.column_stack([
            pd.to_numeric(rows[ind], errors="coerce").fillna(0).to_numpy() if ind in rows else np.zeros(n)
            for ind in self.indicators_
        ]) if self.indicators_ else np.zeros((n, 0))
        numeric = {name: _numeric_transform(name, rows[name]) if name in rows else np.full(n, np.nan)
                   for name in self.numeric_}
        return self.transform_arrays(stated, numeric, _families(rows), _texts(rows), transformed=True)

    def transform_arrays(self, indicators: np.ndarray, numeric: dict[str, np.ndarray], families: list[str],
                         texts: list[str], *, transformed: bool = False) -> np.ndarray:
        """The design of rows given as arrays: what :meth:`transform` gives for the same rows, without a DataFrame.

        Parameters
        ----------
        indicators
            ``(n, len(indicators_))`` values (+1/-1/0), in the order of ``indicators_``.
        numeric
            Numeric fact name -> ``(n,)`` floats, NaN when unknown (a missing name is unknown).
        families
            The legal-test family of each row (``jurisdiction_family`` of its jurisdiction).
        texts
            The text of each row ("" for none).
        transformed
            The numeric facts are already transformed (the DataFrame path does it itself).
        """
        n = len(indicators)
        blocks = []
        for k, ind in enumerate(self.indicators_):
            v = indicators[:, k]
            scale = self.form_scale if ind in FORM_INDICATORS else 1.0
            blocks.append(np.column_stack([(v > 0) * scale, (v < 0) * scale]).astype(float))
        for name in self.numeric_:
            x = numeric.get(name)
            x = np.full(n, np.nan) if x is None else (x if transformed else _numeric_transform(name, x))
            z = (x - self.numeric_mean_[name]) / self.numeric_std_[name]
            blocks.append(np.nan_to_num(z, nan=0.0)[:, None])
        base = np.hstack(blocks) if blocks else np.zeros((n, 0))
        families = np.asarray(families, dtype=object)
        parts = [base]
        for family in self.families_:
            member = (families == family).astype(float)[:, None] * self.interaction_scale
            parts += [member, base * member] if self.family_copies else [member]
        if self.vectorizer_ is not None:
            parts.append(self._wording(texts).toarray() * self.text_scale)
        return np.hstack(parts)

    def _wording(self, texts: list[str]):
        """The TF-IDF of the texts: by numpy when the vectorizer allows it exactly, else by scikit-learn."""
        from workstatus.classifier._wording import WordingCoder

        cached = self.__dict__.get("_coder")
        if cached is None or cached[0] is not self.vectorizer_:
            cached = (self.vectorizer_, WordingCoder(self.vectorizer_) if WordingCoder.fits(self.vectorizer_) else None)
            self.__dict__["_coder"] = cached
        coder = cached[1]
        return coder.transform(texts) if coder is not None else self.vectorizer_.transform(texts)

    def indicator_values(self, Z: np.ndarray) -> np.ndarray:
        """The indicator values (+1 stated, −1 denied, 0 silent) of design rows, in the order of ``indicators_``."""
        Z = np.asarray(Z)
        k = len(self.indicators_)
        return (Z[:, 0:2 * k:2] > 0).astype(np.int8) - (Z[:, 1:2 * k:2] > 0).astype(np.int8)

    def family_members(self, Z: np.ndarray, family: str) -> np.ndarray:
        """Which design rows belong to ``family`` (all False when the family has no columns of its own)."""
        if family not in self.families_:
            return np.zeros(len(Z), dtype=bool)
        column = list(self.feature_names_out_).index(f"family[{family}]")
        return np.asarray(Z)[:, column] > 0

    def wording_terms(self) -> np.ndarray:
        """The n-gram of each wording column, in column order (empty without a wording block)."""
        if self.vectorizer_ is None:
            return np.array([], dtype=object)
        return self.vectorizer_.get_feature_names_out().astype(object)

    def get_feature_names_out(self, input_features=None):
        return self.feature_names_out_


def _as_rows(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        raise TypeError(
            f"expected a DataFrame of indicator rows with a 'jurisdiction' column, got {type(X).__name__}"
        )
    return X


def _texts(rows: pd.DataFrame) -> list[str]:
    if "text" not in rows:
        return [""] * len(rows)
    return ["" if not isinstance(t, str) else t for t in rows["text"]]


def _families(rows: pd.DataFrame) -> list[str]:
    if "jurisdiction" not in rows:
        return [OTHER_FAMILY] * len(rows)
    return [jurisdiction_family(j) for j in rows["jurisdiction"]]
