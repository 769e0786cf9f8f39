"""``StatusModel``: the indicator extractor, a calibrated row classifier, abstention, explanations."""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from workstatus.classifier._design import JURISDICTION_SOURCE, WORDING_SOURCE
from workstatus.features import NUMERIC_FACTS
from workstatus.classifier._estimators import NOT_EMPLOYEE, RowStatusClassifier, single_thread, status_index
from workstatus.classifier._results import Contribution, Decision, Split, SplitFact, WordingTerm, trusted
from workstatus.features import Span
from workstatus.classifier._similar import SimilarIndex
from workstatus.classifier._vocab import STATUSES, UNDETERMINED, detect_language, infer_jurisdiction, jurisdiction_family

REFERENCE_KEYS = ("id", "court_outcome", "source_title", "source_url", "jurisdiction")


def training_data_hash(frame: pd.DataFrame, y: Sequence[str]) -> str:
    """sha256 of the training cases (id, text, jurisdiction, lang and label; the indicator rows when there is no text), order-free."""
    if "text" in frame:
        columns = [c for c in ("id", "text", "jurisdiction", "lang") if c in frame]
    else:
        columns = list(frame.columns)
    records = sorted(
        json.dumps({**{c: _plain(row[c]) for c in columns}, "label": str(label)},
                   sort_keys=True, ensure_ascii=False, default=str)
        for (_, row), label in zip(frame.iterrows(), list(y))
    )
    return hashlib.sha256("\n".join(records).encode("utf-8")).hexdigest()


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


class StatusModel(ClassifierMixin, BaseEstimator):
    """Decide a worker's status from a case text or from indicator rows.

    Input of ``fit``/``predict_proba``: a DataFrame with a ``text`` column
    (and optionally ``jurisdiction``, ``lang``), or pre-extracted indicator
    rows (one column per indicator id, plus numeric facts and optionally
    ``jurisdiction``). A missing jurisdiction is inferred: ``CN`` for a
    Chinese text, none (shared weights only) for an English one.

    Parameters
    ----------
    kind
        Row model family: ``"multinomial"`` or ``"two_stage"``.
    extractor
        An unfitted indicator extractor (default ``features.IndicatorExtractor()``).
    C, interaction_scale, form_scale, min_family_cases, class_weight, calibrate, inner_folds, random_state,
    text_scale, text_features
        Passed to :class:`~classifier._estimators.RowStatusClassifier`.
    threshold
        Minimum highest probability for a decided status; below it the status
        is ``"undetermined"``.
    n_similar
        How many similar training cases a decision lists.
    signed
        Bound the indicator weights to the direction doctrine gives them (the
        catalogue's ``towards``; see :mod:`classifier._signed`). An extractor
        without a catalogue (nor a ``towards_`` mapping) leaves them free.
    cn_split
        ``"rule"``: a Chinese case that is not employment is third category or
        independent by LEGAL.md 1b's rule on its facts, and its decision says
        which facts decided it (:attr:`Decision.split`); ``"learned"``: by the model.
    """

    def __init__(self, *, kind="multinomial", extractor=None, C=1.0, interaction_scale=0.5,
                 form_scale=1.0, min_family_cases=10, class_weight=None, threshold=0.5, calibrate=True,
                 inner_folds=5, random_state=0, n_similar=5, text_scale=0.0, text_features=4000, signed=True,
                 cn_split="learned"):
        self.kind = kind
        self.extractor = extractor
        self.C = C
        self.interaction_scale = interaction_scale
        self.form_scale = form_scale
        self.min_family_cases = min_family_cases
        self.class_weight = class_weight
        self.threshold = threshold
        self.calibrate = calibrate
        self.inner_folds = inner_folds
        self.random_state = random_state
        self.n_similar = n_similar
        self.text_scale = text_scale
        self.text_features = text_features
        self.signed = signed
        self.cn_split = cn_split

    # -- fitting ---------------------------------------------------------
    def fit(self, X, y, groups=None):
        X = _as_frame(X)
        status_index(y)
        if self.extractor is not None:
            self.extractor_ = clone(self.extractor)
        else:
            from workstatus.features import IndicatorExtractor

            self.extractor_ = IndicatorExtractor()
        texts = X["text"].fillna("").astype(str).tolist() if "text" in X else []
        self.extractor_.fit(texts)
        names = [str(n) for n in self.extractor_.get_feature_names_out()]
        self.indicators_ = tuple(n for n in names if n not in NUMERIC_FACTS)
        rows = self.rows(X)
        self.estimator_ = RowStatusClassifier(
            **self._row_params(), indicators=self.indicators_, towards=self._towards() if self.signed else None,
        ).fit(rows, y, groups=groups)
        self.classes_ = np.array(STATUSES, dtype=object)
        reference = pd.DataFrame({k: (X[k] if k in X else None) for k in REFERENCE_KEYS}, index=X.index)
        reference["label"] = list(y)
        reference = pd.concat([reference.reset_index(drop=True),
                               rows[list(self.indicators_)].reset_index(drop=True).astype("int8")], axis=1)
        self.reference_ = reference[reference["id"].notna()].reset_index(drop=True) if "id" in X else reference.iloc[:0]
        self.training_data_sha256_ = training_data_hash(X, y)
        return self

    def _row_params(self) -> dict:
        """The parameters passed on to the row classifier: every one the two estimators share by name (the
        row classifier's own are its indicators and their directions, which this model works out)."""
        shared = inspect.signature(RowStatusClassifier).parameters
        return {name: value for name, value in self.get_params(deep=False).items() if name in shared}

    def _towards(self) -> dict[str, str] | None:
        """Indicator id → the direction it leans (the extractor's catalogue), or None when it has none."""
        catalogue = getattr(self.extractor_, "catalogue_", None)
        if catalogue is not None:
            return {i: catalogue[i].towards for i in catalogue.ids if i in self.indicators_}
        towards = getattr(self.extractor_, "towards_", None)
        return {i: towards[i] for i in self.indicators_ if i in towards} if towards else None

    # -- rows ------------------------------------------------------------
    def rows(self, X) -> pd.DataFrame:
        """Indicator rows with ``jurisdiction`` and ``text`` columns, extracting from ``text`` when the rows are not given.

        Rows given without a text (questionnaires) get an empty ``text``.
        """
        X = _as_frame(X)
        if all(i in X for i in self.indicators_):
            rows = X[[c for c in X if c in self.indicators_ or c in NUMERIC_FACTS]].copy()
            langs = X["lang"] if "lang" in X else pd.Series([None] * len(X), index=X.index)
            if "text" in X:
                langs = [l if isinstance(l, str) else detect_language(t) for l, t in zip(langs, X["text"].fillna(""))]
        elif "text" in X:
            texts = X["text"].fillna("").astype(str).tolist()
            extracted = self.extractor_.transform(texts)
            if not isinstance(extracted, pd.DataFrame):
                extracted = pd.DataFrame(extracted, columns=self.extractor_.get_feature_names_out())
            rows = extracted.reset_index(drop=True).set_axis(X.index)
            given = X["lang"] if "lang" in X else [None] * len(X)
            langs = [l if isinstance(l, str) else detect_language(t) for l, t in zip(given, texts)]
        else:
            missing = [i for i in self.indicators_ if i not in X][:5]
            raise ValueError(
                f"input has neither a 'text' column nor the indicator columns (missing e.g. {', '.join(missing)}); "
                "pass case texts or rows from features.IndicatorExtractor / features.read_answers"
            )
        given_j = X["jurisdiction"] if "jurisdiction" in X else [None] * len(X)
        rows["jurisdiction"] = [infer_jurisdiction(j, l) for j, l in zip(given_j, langs)]
        rows["text"] = X["text"].fillna("").astype(str).to_numpy() if "text" in X else ""
        return rows

    # -- predicting ------------------------------------------------------
    def predict_proba(self, X):
        """Calibrated probabilities, columns in the order of :data:`classifier.STATUSES`."""
        return self.estimator_.predict_proba(self.rows(X))

    def predict(self, X):
        """The most probable status (no abstention)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def decide_texts(self, texts: Iterable[str], jurisdictions=None, *, explain: bool = True) -> list[Decision]:
        """Extract indicators from each text, then :meth:`decide`."""
        extractions = [self.extractor_.extract(t) for t in texts]
        return self.decide(extractions, jurisdictions, explain=explain)

    def decide(self, extractions: Sequence, jurisdictions=None, *, explain: bool = True) -> list[Decision]:
        """Decide each extraction (``features.Extraction``: ``.row``, ``.lang``, ``.evidence``).

        Parameters
        ----------
        extractions
            From ``IndicatorExtractor.extract`` or ``features.read_answers``;
            the wording block (if the model has one) reads each one's ``text``.
        jurisdictions
            One code per extraction (``CN``, ``GB``, ``US-CA``…), a single code
            for all, or None: inferred from each extraction's language.
        explain
            Compute SHAP contributions and similar cases; ``False`` is the fast path.
        """
        extractions = list(extractions)
        if jurisdictions is None or isinstance(jurisdictions, str):
            jurisdictions = [jurisdictions] * len(extractions)
        jurisdictions = list(jurisdictions)
        if len(jurisdictions) != len(extractions):
            raise ValueError(
                f"got {len(jurisdictions)} jurisdictions for {len(extractions)} extractions; "
                "pass one per extraction, one for all, or None"
            )
        n = len(extractions)
        values, numeric = self._row_arrays([x.row for x in extractions])
        texts = [getattr(x, "text", "") or "" for x in extractions]
        given = [infer_jurisdiction(j, getattr(x, "lang", None)) for j, x in zip(jurisdictions, extractions)]
        # as ``rows`` does for a frame: a jurisdiction still missing is inferred from the text's language
        codes = [j if j is not None else infer_jurisdiction(None, detect_language(t)) for j, t in zip(given, texts)]
        chunk = _Chunk(values=values, query=values, numeric={name: numeric[:, k] for k, name in enumerate(NUMERIC_FACTS)},
                       jurisdictions=codes, texts=texts)
        evidence = [tuple(getattr(x, "evidence", ()) or ()) for x in extractions]
        return self._decide_chunk(chunk, evidence=evidence, explain=explain)

    def _row_arrays(self, rows: list) -> tuple[np.ndarray, np.ndarray]:
        """(indicator values, numeric facts) of rows as float arrays: an indicator a row lacks is 0, a fact NaN.

        An extractor's row holds every indicator and fact, so each row is read by one ``itemgetter``
        call and the chunk converted by one ``np.array``; a row without some key is read key by key.
        """
        from operator import itemgetter

        keys = (*self.indicators_, *NUMERIC_FACTS)
        take, k = (itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))), len(self.indicators_)
        read = []
        for row in rows:
            try:
                read.append(take(row))
            except KeyError:
                read.append((*(row.get(i, 0) for i in self.indicators_), *(row.get(f, np.nan) for f in NUMERIC_FACTS)))
        table = np.array(read, dtype=float).reshape(len(rows), k + len(NUMERIC_FACTS))
        return np.ascontiguousarray(table[:, :k]), np.ascontiguousarray(table[:, k:])

    def _frame(self, extractions: Sequence, jurisdictions: Sequence) -> pd.DataFrame:
        frame = pd.DataFrame([{k: dict(x.row).get(k, 0) for k in self.indicators_}
                              | {n: dict(x.row).get(n, np.nan) for n in NUMERIC_FACTS} for x in extractions])
        frame["jurisdiction"] = [infer_jurisdiction(j, getattr(x, "lang", None))
                                 for j, x in zip(jurisdictions, extractions)]
        frame["text"] = [getattr(x, "text", "") or "" for x in extractions]
        return frame

    def what_if(self, extraction, jurisdiction: str | None = None) -> "WhatIf":
        """Decide one extraction under changed indicator values, many variants per call, its text read once.

        A self-audit asks how the status moves if each practice were different;
        the wording of the text is the same in every variant, so its TF-IDF (the
        costly part for a long agreement) is computed here once and shared by
        every later call of :meth:`WhatIf.decide`.
        """
        from workstatus.classifier._what_if import WhatIf

        frame = self._frame([extraction], [jurisdiction])
        design = self.estimator_.design_.transform(self.rows(frame))
        return WhatIf(self, frame, design[0])

    def decide_rows(self, rows: pd.DataFrame, *, evidence=None, explain: bool = True, design=None) -> list[Decision]:
        """Decide pre-extracted indicator rows (with an optional ``jurisdiction`` column).

        ``design``: the rows' design matrix when the caller already has it (:meth:`what_if`).
        """
        rows = self.rows(rows.reset_index(drop=True))
        indicators = list(self.indicators_)
        given = rows[indicators].to_numpy(dtype=object)
        chunk = _Chunk(
            values=rows[indicators].to_numpy(dtype=float),
            query=np.array([float(v or 0) for v in given.ravel()], dtype=float).reshape(given.shape),
            numeric={name: rows[name].to_numpy(dtype=float) for name in NUMERIC_FACTS if name in rows},
            jurisdictions=list(rows["jurisdiction"]), texts=list(rows["text"]),
        )
        if design is None:
            design = self.estimator_.design_.transform(rows)  # once: the wording's TF-IDF is the costly part
        return self._decide_chunk(chunk, evidence=evidence, explain=explain, design=design)

    def _decide_chunk(self, chunk: "_Chunk", *, evidence=None, explain: bool = True, design=None) -> list[Decision]:
        """The decisions of a chunk of rows given as arrays: one design, one model call, one similar-case query.

        The products of a chunk (the design's score, SHAP by source, the similar-case counts) are too
        small for a second BLAS thread to pay: on two cores the idle thread's spinning cost more CPU
        than the products themselves (explanations 497 → 779 cases per CPU second with one thread).
        """
        with single_thread():
            return self._decisions(chunk, evidence=evidence, explain=explain, design=design)

    def _decisions(self, chunk: "_Chunk", *, evidence=None, explain: bool = True, design=None) -> list[Decision]:
        from workstatus.classifier._vocab import jurisdiction_family

        estimator = self.estimator_
        families = [jurisdiction_family(j) for j in chunk.jurisdictions]
        if design is None:
            design = estimator.design_.transform_arrays(chunk.values, chunk.numeric, families, chunk.texts)
        proba, split, third = estimator.split_proba(design, families)
        best = proba.argmax(axis=1)
        most = [STATUSES[k] for k in best]
        splits = self._splits(chunk, split, third, evidence)
        n = len(design)
        known = [~np.isnan(x) for x in chunk.numeric.values()]
        found = (chunk.values != 0).any(axis=1) | (np.column_stack(known).any(axis=1) if known else False)
        threshold = float(self.threshold)
        decided = ((proba[np.arange(n), best] >= self.threshold) & found).tolist()
        probabilities = proba.tolist()
        codes = [_code(j) for j in chunk.jurisdictions]
        # a case split by the rule is explained as not employment; the split's reasons are its facts
        why = [NOT_EMPLOYEE if splits[i] is not None and most[i] != "employee" else most[i] for i in range(n)]
        explained = self._explanations(chunk, design, why, families, evidence) if explain and n else None
        decisions = []
        for i in range(n):
            extra = explained[i] if explained is not None else _UNEXPLAINED
            decisions.append(trusted(Decision, {
                "probabilities": dict(zip(STATUSES, probabilities[i])),
                "status": most[i] if decided[i] else UNDETERMINED, "most_probable": most[i],
                "contributions": extra[0], "base_value": extra[1], "explained_output": extra[2],
                "explained_value": extra[3], "similar": extra[4], "jurisdiction": codes[i], "family": families[i],
                "threshold": threshold, "note": None if found[i] else NO_FACTS, "split": splits[i],
            }))
        return decisions

    def _splits(self, chunk: "_Chunk", split: np.ndarray, third: np.ndarray, evidence) -> list:
        """The rule's split of each row it splits (None for the others), with the facts that decided it."""
        from workstatus.classifier._china import BASIS

        out = [None] * len(split)
        if not split.any():
            return out
        estimator = self.estimator_
        rule, rates = estimator.china_rule(), estimator.split_rates_
        indicators = estimator.design_.indicators_
        rows = np.flatnonzero(split)
        for i, row in zip(rows.tolist(), chunk.values[rows].tolist()):
            own = _by_indicator(evidence[i] if evidence is not None else ())
            facts = [trusted(SplitFact, {"indicator": indicators[k], "value": int(value), "side": side, "kind": kind,
                                         "label": self._label(indicators[k]),
                                         "evidence": tuple(own.get(indicators[k], ()))})
                     for k, value, side, kind in rule.facts(row)]
            says_third = bool(third[i])
            out[i] = trusted(Split, {
                "outcome": "third_category" if says_third else "independent",
                "management": len({f.kind for f in facts if f.side == "management"}),
                "own_account": sum(f.side == "own_account" for f in facts), "facts": tuple(facts),
                "p_third": float(rates[0] if says_third else rates[1]), "basis": BASIS})
        return out

    def _explanations(self, chunk: "_Chunk", design: np.ndarray, most: list, families: list, evidence) -> list[tuple]:
        """(contributions, base value, explained output, explained value, similar cases) of each row of a chunk.

        Built from the chunk's arrays in one pass per row; each record is made once from values
        computed here (:func:`trusted`), not validated again.
        """
        estimator = self.estimator_
        base, values, output = estimator.explain_design(None, most, design=design)
        explainer = self._explainer()
        by_source = values @ explainer.source_matrix
        similar = explainer.similar.nearest(chunk.query, families, self.n_similar)
        block = explainer.wording_columns
        if len(block) and block[-1] - block[0] + 1 == len(block):  # the wording's columns run together: views
            block = slice(int(block[0]), int(block[-1]) + 1)
        terms = _top_terms_chunk(values[:, block], explainer.terms, design[:, block])
        # strongest push first; a stable sort, so that equal pushes keep the order of the sources
        orders = np.argsort(-np.abs(by_source), axis=1, kind="stable").tolist()
        shap_by_source = by_source.tolist()  # Python floats, once: float(by_source[i, k]) per cell cost more
        # each source's value in every row: an indicator's column, a numeric fact, the jurisdiction
        column = {ind: k for k, ind in enumerate(self.indicators_)}
        value_rows = chunk.values.tolist()
        numeric = {name: [float(v) for v in chunk.numeric[name].tolist()] for name in chunk.numeric}
        known_family = [1.0 if f in estimator.design_.families_ else 0.0 for f in families]
        sources, labels = explainer.order, explainer.labels
        base, output = base.tolist(), output.tolist()
        explained = {status: estimator.explained_output(status) for status in set(most)}
        out = []
        for i in range(len(design)):
            own = _by_indicator(evidence[i] if evidence is not None else ())
            shap_row, values_row = shap_by_source[i], value_rows[i]
            contributions = []
            for s_index in orders[i]:
                source = sources[s_index]
                if source == WORDING_SOURCE:
                    value, spans, wording = None, (), terms[i]
                else:
                    if source == JURISDICTION_SOURCE:
                        value = known_family[i]
                    elif source in column:
                        value = values_row[column[source]]
                    elif source in numeric:
                        value = numeric[source][i]
                    else:
                        value = 0.0
                    if value != value:  # unknown
                        value = None
                    spans, wording = tuple(own.get(source, ())), ()
                contributions.append(trusted(Contribution, {
                    "indicator": source, "label": dict(labels[s_index]), "value": value, "shap": shap_row[s_index],
                    "evidence": spans, "terms": wording}))
            out.append((tuple(contributions), base[i], explained[most[i]], output[i], tuple(similar[i])))
        return out

    def _explainer(self) -> "_Explainer":
        """What explaining needs beside the design, prepared once per fitted model (not per call)."""
        cached = self.__dict__.get("_explainer_cache")
        if cached is None or cached.reference is not self.reference_ or cached.estimator is not self.estimator_:
            sources = self.estimator_.design_.sources_
            order = list(dict.fromkeys(sources))
            cached = _Explainer(
                reference=self.reference_, estimator=self.estimator_, order=order,
                source_matrix=(sources[:, None] == np.array(order, dtype=object)[None, :]).astype(float),
                labels=[self._label(source) for source in order],
                wording_columns=np.flatnonzero(sources == WORDING_SOURCE),
                terms=self.estimator_.design_.wording_terms(),
                similar=SimilarIndex(self.reference_, self.indicators_),
            )
            self.__dict__["_explainer_cache"] = cached
        return cached

    def _label(self, source: str) -> dict[str, str]:
        """What a contribution's source is called: the catalogue's label, or the classifier's own words."""
        catalogue = getattr(self.extractor_, "catalogue_", None)
        if catalogue is not None and source in catalogue.ids:
            return dict(catalogue[source].label)
        if source in SOURCE_LABELS:
            return dict(SOURCE_LABELS[source])
        pretty = source.replace("_", " ")
        return {"en": pretty, "zh": pretty}

    # -- identity ---------------------------------------------------------
    @property
    def version(self) -> str:
        """``status-<kind>-<first 12 hex of the training-data hash>``, or the manifest's version once loaded."""
        return getattr(self, "version_", None) or f"status-{self.kind}-{self.training_data_sha256_[:12]}"

    @property
    def sha256(self) -> str | None:
        """The sha256 its manifest vouches for, over the model files it was loaded from (None for a model never saved)."""
        return getattr(self, "sha256_", None)


#: the note of a decision whose input states none of the indicators nor a numeric fact
NO_FACTS = "no facts of the working relationship found: the text states none of the indicators"

#: labels of the contributions that are not catalogue indicators
SOURCE_LABELS = {
    WORDING_SOURCE: {"en": "wording of the text (character n-grams)", "zh": "文本措辞（字符 n-gram）"},
    JURISDICTION_SOURCE: {"en": "jurisdiction", "zh": "法域"},
}

#: how many n-grams a wording contribution lists
WORDING_TERMS = 8


def _top_terms_chunk(values: np.ndarray, terms: np.ndarray, tfidf: np.ndarray) -> list[tuple[WordingTerm, ...]]:
    """The n-grams of each text that pushed hardest either way, with their SHAP values, for a whole chunk.

    Only n-grams the text contains (``tfidf > 0``) are listed; the pull of
    those it lacks is still part of the wording's total. Ties keep column
    order. Only the n-grams a text holds are sorted (a few hundred of the
    vocabulary's thousands), all rows' in one stable sort.
    """
    n = len(values)
    rows, columns = np.nonzero(tfidf > 0)  # row by row, columns ascending
    push = values[rows, columns]
    strength = np.abs(push)
    # A row's WORDING_TERMS-th strongest push is at least the weakest of the maxima of as many
    # disjoint slices of its pushes; what is weaker than that floor cannot be listed, so only the
    # rest is sorted (a few dozen per text instead of hundreds).
    first = np.searchsorted(rows, np.arange(n + 1))
    length = np.diff(first)
    floor = np.full(n, -1.0)
    many = np.flatnonzero(length >= WORDING_TERMS)
    if len(many):
        # each row's slices, then its end (so that its last slice stops there; that last "slice" is dropped)
        cuts = first[many, None] + (np.arange(WORDING_TERMS + 1) * length[many, None]) // WORDING_TERMS
        maxima = np.maximum.reduceat(np.append(strength, 0.0), cuts.ravel()).reshape(-1, WORDING_TERMS + 1)
        floor[many] = maxima[:, :WORDING_TERMS].min(axis=1)
    shown = (push != 0) & (strength >= floor[rows])
    rows, columns, push, strength = rows[shown], columns[shown], push[shown], strength[shown]
    order = np.lexsort((-strength, rows))  # stable: equal pushes keep their column order
    rows, columns, push = rows[order], columns[order], push[order]
    starts = np.searchsorted(rows, np.arange(n + 1)).tolist()
    pick = np.concatenate([np.arange(starts[i], min(starts[i + 1], starts[i] + WORDING_TERMS)) for i in range(n)]
                          + [np.zeros(0, dtype=np.int64)])
    shaps, names = push[pick].tolist(), terms[columns[pick]].tolist()
    out, at = [], 0
    for i in range(n):
        count = min(starts[i + 1] - starts[i], WORDING_TERMS)
        out.append(tuple(trusted(WordingTerm, {"term": str(names[j]), "shap": shaps[j]}) for j in range(at, at + count)))
        at += count
    return out


#: the explanation fields of a decision made without explanations
_UNEXPLAINED = ((), None, None, None, ())


class _Chunk(NamedTuple):
    """Rows to decide, as arrays: indicator values (as the design reads them, and as the similar-case
    query reads them), numeric facts by name (NaN unknown), jurisdictions (after inference), texts."""

    values: np.ndarray
    query: np.ndarray
    numeric: dict
    jurisdictions: list
    texts: list


class _Explainer(NamedTuple):
    reference: object
    estimator: object
    order: list
    source_matrix: np.ndarray
    labels: list
    wording_columns: np.ndarray
    terms: np.ndarray
    similar: SimilarIndex


def _by_indicator(spans) -> dict[str, list[Span]]:
    """A row's evidence grouped by indicator; a caller's own evidence is checked, the extractor's is not again."""
    own: dict[str, list] = {}
    for span in spans:
        if type(span) is not Span:
            span = Span.model_validate(span)
        own.setdefault(span.indicator, []).append(span)
    return own


def _code(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _as_frame(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    if isinstance(X, (list, tuple)) and all(isinstance(t, str) for t in X):
        return pd.DataFrame({"text": list(X)})
    raise TypeError(
        f"expected a DataFrame with a 'text' column (or indicator rows) or a list of texts, got {type(X).__name__}"
    )
