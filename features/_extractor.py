"""``IndicatorExtractor``: texts in, indicator rows (and evidence) out."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from workstatus.features._catalogue import load_catalogue
from workstatus.features._errors import FeaturesError, FeaturesTypeError
from workstatus.features._evidence import NUMERIC_FACTS, Extraction
from workstatus.features._learned import apply_reader_many, shipped_reader
from workstatus.features._lexicon import load_lexicon
from workstatus.features._matching import extract_one
from workstatus.features._text import PreparedText

LANGS = ("zh", "en")


def _check_lang(lang: Any) -> None:
    if lang is not None and lang not in LANGS:
        raise FeaturesError(f"lang={lang!r} is not supported; expected 'zh', 'en' or None (detect per text).")


def _check_text(text: Any, where: str = "the text") -> str:
    if isinstance(text, str):
        return text
    if text is None:
        raise FeaturesTypeError(f"{where} is None; expected a str (use \"\" for an empty text).")
    if isinstance(text, (bytes, bytearray)):
        raise FeaturesTypeError(f"{where} is bytes; expected a str: decode it first, e.g. data.decode('utf-8').")
    if isinstance(text, float) and np.isnan(text):
        raise FeaturesTypeError(f"{where} is NaN (a missing value); expected a str: fill missing texts with \"\" first.")
    raise FeaturesTypeError(f"{where} is a {type(text).__name__} ({text!r:.40}); expected a str.")


def iter_texts(X: Any) -> Iterator[str]:
    """Yield the texts of ``X`` after checking its type; works on generators lazily.

    Accepts a list, tuple, numpy array, pandas Series, a pandas DataFrame with
    a ``text`` column, or any iterable of str.
    """
    if X is None:
        raise FeaturesTypeError("X is None; expected an iterable of texts, e.g. a list of str.")
    if isinstance(X, str):
        raise FeaturesTypeError("X is a single str; expected an iterable of texts: wrap it in a list, e.g. [text].")
    if isinstance(X, (bytes, bytearray)):
        raise FeaturesTypeError("X is bytes; expected an iterable of str: decode it first and wrap it in a list.")
    if hasattr(X, "columns") and hasattr(X, "iloc"):
        if "text" not in X.columns:
            raise FeaturesError(f"X is a DataFrame without a 'text' column (columns: {list(X.columns)}); name the column of texts 'text'.")
        X = X["text"]
    if isinstance(X, np.ndarray) and X.ndim != 1:
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        else:
            raise FeaturesError(f"X is an array of shape {X.shape}; expected one text per row (1-D, or 2-D with one column).")
    if not isinstance(X, Iterable):
        raise FeaturesTypeError(f"X is a {type(X).__name__}; expected an iterable of texts, e.g. a list of str.")
    for index, text in enumerate(X):
        yield _check_text(text, where=f"text #{index}")


def _check_iterable(X: Any) -> None:
    if X is None or isinstance(X, (str, bytes, bytearray)) or not (
        isinstance(X, Iterable) or hasattr(X, "columns")
    ):
        next(iter_texts(X), None)  # raises the matching error


class _FloatRows(TransformerMixin, BaseEstimator):
    """``transform`` as float64 rows, which scikit-learn's ``set_output`` wraps.

    ``TransformerMixin`` wraps the ``transform`` of each class that defines
    one in the container chosen by ``set_output`` or ``sklearn.set_config``
    (pandas, polars), named by ``get_feature_names_out``. The subclass
    provides ``_float_rows``, receives the wrapped container from
    ``super().transform`` and only adjusts its dtypes, so it never needs to
    read the output configuration.
    """

    def transform(self, X: Any) -> Any:
        return self._float_rows(X)


class IndicatorExtractor(_FloatRows):
    """Turn texts into indicator rows: +1 stated, -1 denied, 0 silent, plus numeric facts.

    Parameters
    ----------
    lang : {"zh", "en"} or None, default=None
        The language of every text; None detects it per text and runs every
        lexicon whose script appears (mixed texts work).
    catalogue : str or Path, optional
        A catalogue YAML file; default: the shipped catalogue.
    lexicon : str or Path, optional
        A lexicon folder (with ``zh/`` and ``en/``); default: the shipped lexicon.
    learned : bool, default=False
        Also run the learned reader shipped in ``features/reader/`` (see
        ``_learned.py``): it fills the cells the cues leave silent, each value
        with the sentence that scores highest for it (``cue="learned:…"``).

    Attributes
    ----------
    catalogue_ : Catalogue
        The loaded catalogue.
    lexicons_ : dict
        The compiled lexicon of each language.
    feature_names_out_ : ndarray of str
        Indicator ids in catalogue order, then ``NUMERIC_FACTS``.

    Examples
    --------
    >>> ext = IndicatorExtractor().fit([])
    >>> row = ext.extract("骑手可以自由拒单，不受任何处罚。").row
    >>> row["refusal_penalised"]
    -1
    """

    def __init__(self, *, lang: str | None = None, catalogue: Any = None, lexicon: Any = None, learned: bool = False):
        self.lang = lang
        self.catalogue = catalogue
        self.lexicon = lexicon
        self.learned = learned

    def fit(self, X: Any = None, y: Any = None) -> "IndicatorExtractor":
        """Validate the arguments, load and compile the catalogue and lexicon.

        ``X`` is type-checked but not consumed (a generator stays usable).
        """
        _check_lang(self.lang)
        if X is not None:
            _check_iterable(X)
        self.catalogue_ = load_catalogue(self.catalogue)
        self.lexicons_ = load_lexicon(self.catalogue_, self.lexicon)
        if not isinstance(self.learned, bool):
            raise FeaturesTypeError(f"learned={self.learned!r}; expected True (run the learned reader) or False")
        self.reader_ = shipped_reader() if self.learned else None
        self.feature_names_out_ = np.array(list(self.catalogue_.ids) + list(NUMERIC_FACTS), dtype=object)
        return self

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Indicator ids in catalogue order, then the numeric facts."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def _ensure_fitted(self) -> None:
        if not hasattr(self, "lexicons_"):
            self.fit()

    def extract(self, text: str | PreparedText, lang: str | None = None, *, cues_only: bool = False) -> Extraction:
        """The row and evidence of one text; fits lazily on the defaults if needed.

        Parameters
        ----------
        text : str or PreparedText
            A text, or one made by :meth:`prepare` (to be read by :meth:`read_many` after the cues).
        lang : {"zh", "en"} or None
            Overrides the estimator's ``lang`` for this text.
        cues_only : bool
            Leave the learned reader out even when it is on (it learned from
            case summaries; an agreement is read by its cues, clause by clause).
        """
        _check_lang(lang)
        self._ensure_fitted()
        prepared = text if isinstance(text, PreparedText) else self.prepare(text)
        extraction = extract_one(prepared, self.lexicons_, self.catalogue_.ids, lang or self.lang)
        return extraction if cues_only else self.read_many([extraction], [prepared])[0]

    @staticmethod
    def prepare(text: str) -> PreparedText:
        """``text`` checked, normalised and cut into sentences once, for the cues and then the learned reader."""
        return PreparedText.of(_check_text(text))

    def read_many(self, extractions: list[Extraction], prepared: list[PreparedText] | None = None) -> list[Extraction]:
        """The learned reader's values added to extractions of the cues alone (``extract(..., cues_only=True)``),
        their texts read together; the extractions as they are when the reader is off.

        ``prepared``, the texts the cues read (:meth:`prepare`), one per extraction, spares normalising and cutting
        them again; a text that is not its extraction's own is prepared anew.
        """
        reader = getattr(self, "reader_", None)
        if reader is None:
            return list(extractions)
        return apply_reader_many(extractions, reader, self.lexicons_, prepared)

    def extract_many(self, X: Any, chunk_size: int = 128) -> Iterator[Extraction]:
        """Lazily extract every text of ``X`` (streaming: memory stays flat; the learned reader reads
        ``chunk_size`` texts at a time)."""
        self._ensure_fitted()
        ids, lexicons, lang = self.catalogue_.ids, self.lexicons_, self.lang
        chunk, texts = [], []
        for text in iter_texts(X):
            texts.append(PreparedText.of(text))
            chunk.append(extract_one(texts[-1], lexicons, ids, lang))
            if len(chunk) >= chunk_size:
                yield from self.read_many(chunk, texts)
                chunk, texts = [], []
        yield from self.read_many(chunk, texts)

    def transform_chunks(self, X: Any, chunk_size: int = 1000) -> Iterator[np.ndarray]:
        """Yield float64 arrays of at most ``chunk_size`` rows: streaming ``transform``."""
        chunk = []
        for extraction in self.extract_many(X):
            chunk.append(self._vector(extraction))
            if len(chunk) >= chunk_size:
                yield np.vstack(chunk)
                chunk = []
        if chunk:
            yield np.vstack(chunk)

    def _vector(self, extraction: Extraction) -> np.ndarray:
        row = extraction.row
        return np.fromiter((row[name] for name in self.feature_names_out_), dtype=np.float64,
                           count=len(self.feature_names_out_))

    def _float_rows(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "lexicons_")
        _check_iterable(X)
        width = len(self.feature_names_out_)
        chunks = list(self.transform_chunks(X))
        return np.vstack(chunks) if chunks else np.empty((0, width), dtype=np.float64)

    def transform(self, X: Any) -> Any:
        """One row per text: indicator columns (+1/-1/0) then numeric facts (NaN if unknown).

        Returns a float64 array, or with ``set_output(transform="pandas")`` a
        DataFrame whose indicator columns are int8 and numeric facts float64
        (indexed like ``X`` when ``X`` is a Series or DataFrame).
        """
        output = super().transform(X)
        pd = sys.modules.get("pandas")  # a pandas frame implies pandas is imported
        if pd is not None and isinstance(output, pd.DataFrame):
            n_ind = len(self.catalogue_.ids)
            output = output.astype({name: np.int8 for name in self.feature_names_out_[:n_ind]})
        return output

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
