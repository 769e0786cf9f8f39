"""The learned indicator reader: per-indicator linear models fitted on the hand-annotated cases.

The cues of ``lexicon/`` are phrases a person wrote; three rounds of them
gained on the texts they were written from and not on new ones (GOLD.md).
The reader learns from the annotated cases instead:

* **Text features that work in both languages**: TF-IDF (sublinear term
  frequency, smoothed IDF, L2-normalised) over character 1–3-grams of the
  Chinese runs and word 1–2-grams of the Latin ones, of the normalised text
  (:func:`~features._text.normalise`), terms seen in at least ``min_df``
  training texts.
* **Per indicator and polarity** (stated +1, denied −1) an L2-regularised
  logistic regression with balanced class weights; the value is the polarity
  whose probability reaches the indicator's threshold (the higher one when
  both do). The thresholds are chosen per indicator by grouped
  cross-validation on the cases annotated after the cues were written; an
  indicator the reader did not improve there is left to the cues.
  A polarity with fewer than ``min_cases`` training cases is never set by
  the reader (thin cells stay cue-only).
* **Combined with the cues** (:func:`apply_reader`): the cue value stands
  when a cue fires; the reader fills the cells the cues leave silent. A text
  with fewer than :data:`MIN_KNOWN_TERMS` distinct terms the reader knows
  (a sentence, a greeting: real case summaries hold at least 96) is left to
  the cues.
* **Evidence**: the model is linear, so it is applied to each sentence of the
  text; the sentence with the highest score for the indicator and polarity
  (with the term that weighs most in it as the marked match) becomes the
  span, attributed like a cue's (fact / contract / claim), with
  ``cue="learned:<id>:±1"``. A party's claim never sets a value, as for cues:
  the span is the best sentence that is not a claim, and without one (or
  without a sentence that scores above zero) the value is not set.

The weights ship in ``reader/`` as ``reader.json`` (configuration,
vocabulary, thresholds, the sha256 of the arrays) and ``reader.npz``
(numbers only, read with ``allow_pickle=False``). :func:`load_reader` refuses
a folder holding a pickle and arrays whose hash differs from the JSON.
Refit with ``python benchmarks/fit_reader.py`` (deterministic).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from workstatus.features._errors import FeaturesError
from workstatus.features._evidence import EXTRACTION_FIELDS, LEARNED_SPAN_FIELDS, Extraction, Span, trusted
from workstatus.features._matching import _attributed, _says
from workstatus.features._plain_files import read_weights, write_weights
from workstatus.features._term_coder import TermCoder
from workstatus.features._text import PreparedText, normalise

READER_DIR = Path(__file__).resolve().parent / "reader"
STATE_FILE = "reader.json"
ARRAYS_FILE = "reader.npz"
FORMAT = "workstatus-reader"
FORMAT_VERSION = 1
LEARNED_CUE = "learned"
POLARITIES = (1, -1)
#: fewest distinct known terms a text needs before the reader reads it. It learned from case summaries (the
#: fewest in a real case of labelled_cases/: 96); on a shorter text ("The company.", a greeting) its
#: probabilities are mostly its intercepts', and it would state facts the text does not hold
MIN_KNOWN_TERMS = 40
MAX_SENTENCE = 600

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


class ReaderIntegrityError(FeaturesError):
    """A reader folder that is missing, holds a pickle, or whose arrays do not match its JSON."""


# -- text features ----------------------------------------------------------------

def terms(text: str, zh_ngrams: tuple[int, int] = (1, 3), en_ngrams: tuple[int, int] = (1, 2)) -> list[str]:
    """The terms of a text: character n-grams of its Chinese runs and word n-grams of its Latin words.

    ``text`` is normalised first (simplified, half-width, lower case), so the
    same fact written in traditional characters gives the same terms.
    """
    norm = normalise(text)
    out: list[str] = []
    low, high = zh_ngrams
    for run in _CJK_RUN.findall(norm):
        for n in range(low, high + 1):
            out.extend(run[i:i + n] for i in range(len(run) - n + 1))
    words = _LATIN_WORD.findall(norm)
    low, high = en_ngrams
    for n in range(low, high + 1):
        out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


class _NameWords:
    """Who the texts name, and when: terms holding them are not read (a reader must read facts, not parties).

    A reader fitted on case summaries learns the names that recur in them — "addison lee" for the costs a
    driver bears, "pimlico" for working time controlled, "fedex" for the work assigned, 宋某 for a denied
    cost — and would then infer a fact from a sentence that only names the party. So a term is left out of
    the vocabulary when it holds:

    * an English **proper name**: a word that, wherever it does not start a sentence, is written with a
      capital at least :data:`NAME_CAPITALISED` of the time (Uber, Addison, Pimlico, FedEx, Mr, Ltd) in
      at least two places, except the acronyms of :data:`FACT_ACRONYMS` (VAT, GST, GPS), which name facts;
    * a **year** (1900–2099) or a **Chinese masked name** (张某, 某某, 甲公司, or a character that stands
      before 某 at least :data:`NAME_CAPITALISED` of the time: the surname of a masked party).
    """

    def __init__(self, words: frozenset, surnames: frozenset):
        self.words, self.surnames = words, surnames

    @classmethod
    def of(cls, texts: Sequence[str]) -> "_NameWords":
        capital, seen = Counter(), Counter()
        before_mask, chars = Counter(), Counter()
        for text in texts:
            for match in _INNER_WORD.finditer(text):
                word = match.group(1)
                seen[word.lower()] += 1
                capital[word.lower()] += word[0].isupper()
            for run in _CJK_RUN.findall(normalise(text)):
                chars.update(run)
                before_mask.update(run[i] for i in range(len(run) - 1) if run[i + 1] == "某" and run[i] != "某")
        words = frozenset(w for w, n in capital.items()
                          if n >= 2 and n >= NAME_CAPITALISED * seen[w] and w not in FACT_ACRONYMS)
        surnames = frozenset(c for c, n in before_mask.items() if n >= 2 and n >= NAME_CAPITALISED * chars[c])
        return cls(words, surnames)

    def holds(self, term: str) -> bool:
        if _CJK_RUN.fullmatch(term):
            return "某" in term or bool(_PARTY_PLACEHOLDER.search(term)) or any(c in self.surnames for c in term)
        return any(w in self.words or _YEAR.fullmatch(w) for w in term.split(" "))


#: share of a word's places inside sentences written with a capital (or of a character's places before 某)
#: that makes it a name
NAME_CAPITALISED = 0.9
#: words written with capitals that name a fact, not a party: tax and business registrations, tracking
FACT_ACRONYMS = frozenset({"gps", "gst", "hst", "vat", "abn", "ein", "paye", "nic", "nics", "prsi"})
#: a Latin word that does not start a sentence: after a letter, digit or comma and a space
_INNER_WORD = re.compile(r"(?<=[A-Za-z0-9,] )([A-Za-z][A-Za-z]+)")
_PARTY_PLACEHOLDER = re.compile(r"[甲乙丙丁]公")
_YEAR = re.compile(r"(19|20)\d\d")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


class LearnedReader:
    """Per-indicator logistic models on TF-IDF text features (see the module's docstring).

    Parameters
    ----------
    C : float
        Inverse L2 strength of every logistic model.
    threshold : float
        Probability a polarity needs before the reader sets it.
    min_cases : int
        Fewest training cases with a polarity before the reader may set it.
    min_df : int
        Fewest training texts a term must occur in.
    zh_ngrams, en_ngrams : (int, int)
        Character n-gram range of Chinese runs, word n-gram range of Latin words.

    Attributes (after ``fit`` or :func:`load_reader`)
    --------------------------------------------------
    ids_ : tuple of str
        The indicator ids the reader was fitted for.
    vocabulary_ : dict
        Term -> column.
    idf_ : ndarray (n_terms,)
    coef_ : ndarray (2 * n_ids, n_terms)
        Row ``2 * k`` the stated (+1) model of ``ids_[k]``, row ``2 * k + 1`` the denied (−1) one.
    intercept_ : ndarray (2 * n_ids,)
    active_ : ndarray of bool (2 * n_ids,)
        Which models may set a value (enough training cases).
    n_cases_ : ndarray of int (2 * n_ids,)
        Training cases with each polarity.
    thresholds_ : ndarray (n_ids,), optional
        The threshold of each indicator, chosen by cross-validation
        (``benchmarks/fit_reader.py``); ``inf``: the indicator is left to the cues.
    """

    def __init__(self, *, C: float = 10.0, threshold: float = 0.5, min_cases: int = 8, min_df: int = 2,
                 zh_ngrams: tuple[int, int] = (1, 3), en_ngrams: tuple[int, int] = (1, 2)):
        self.C = C
        self.threshold = threshold
        self.min_cases = min_cases
        self.min_df = min_df
        self.zh_ngrams = tuple(zh_ngrams)
        self.en_ngrams = tuple(en_ngrams)

    def get_params(self) -> dict:
        return {"C": float(self.C), "threshold": float(self.threshold), "min_cases": int(self.min_cases),
                "min_df": int(self.min_df), "zh_ngrams": list(self.zh_ngrams), "en_ngrams": list(self.en_ngrams)}

    # -- fitting -----------------------------------------------------------------
    def fit(self, texts: Sequence[str], values: np.ndarray, ids: Sequence[str]) -> "LearnedReader":
        """Fit on annotated texts: ``values[i, k]`` is −1/0/+1 of ``ids[k]`` in ``texts[i]``. Deterministic."""
        from sklearn.linear_model import LogisticRegression

        values = np.asarray(values, dtype=int)
        if values.shape != (len(texts), len(ids)):
            raise FeaturesError(f"values has shape {values.shape}; expected ({len(texts)}, {len(ids)}): "
                                "one row per text, one column per indicator id")
        self.ids_ = tuple(str(i) for i in ids)
        self.thresholds_ = None
        documents = [Counter(self._terms(t)) for t in texts]
        df = Counter(term for doc in documents for term in doc)
        names = _NameWords.of(texts)
        kept = sorted(term for term, count in df.items() if count >= self.min_df and not names.holds(term))
        self.vocabulary_ = {term: j for j, term in enumerate(kept)}
        n = len(texts)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float64)
        X = self._matrix(documents)
        width = len(kept)
        self.coef_ = np.zeros((2 * len(self.ids_), width), dtype=np.float64)
        self.intercept_ = np.full(2 * len(self.ids_), -40.0, dtype=np.float64)
        self.n_cases_ = np.zeros(2 * len(self.ids_), dtype=np.int64)
        self.active_ = np.zeros(2 * len(self.ids_), dtype=bool)
        for k in range(len(self.ids_)):
            for p, polarity in enumerate(POLARITIES):
                row = 2 * k + p
                y = (values[:, k] == polarity).astype(int)
                self.n_cases_[row] = int(y.sum())
                if y.sum() == 0 or y.sum() == n or width == 0:
                    continue
                model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear",
                                           random_state=0).fit(X, y)
                self.coef_[row] = model.coef_[0]
                self.intercept_[row] = float(model.intercept_[0])
                self.active_[row] = bool(y.sum() >= self.min_cases)
        return self

    def _terms(self, text: str) -> list[str]:
        return terms(text, tuple(self.zh_ngrams), tuple(self.en_ngrams))

    def _cells(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF row of one document as (columns, values): the row :meth:`_matrix` builds, without scipy."""
        columns = np.fromiter(map(self.vocabulary_.get, counts, itertools.repeat(-1)), dtype=np.intp, count=len(counts))
        known = columns >= 0
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known]
        return self._row(columns[known], tf)

    def _row(self, j: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the terms ``j`` counted ``tf`` times (in the order they first occur)."""
        if not len(j):
            return j, np.zeros(0)
        v = (1.0 + np.log(tf)) * self.idf_[j]
        v /= np.sqrt((v * v).sum())
        return j, v

    def _coder(self) -> TermCoder:
        cached = getattr(self, "_coder_of", None)
        if cached is None or cached[0] is not self.vocabulary_:
            cached = (self.vocabulary_, TermCoder(self.vocabulary_, self.zh_ngrams, self.en_ngrams))
            self._coder_of = cached
        return cached[1]

    def read(self, text: str) -> tuple[int, np.ndarray]:
        """How many distinct terms of ``text`` the reader knows, and its :meth:`probabilities` (one text)."""
        reading = self.read_many([normalise(text)])
        return int(reading.known[0]), reading.probabilities[0]

    def read_many(self, texts: Sequence[str | PreparedText]) -> "Reading":
        """The reading of several texts at once, each normalised (a str) or prepared (:class:`PreparedText`, its
        sentences then cut once for the cues and the reader): their terms coded in one pass
        (:mod:`features._term_coder`), their rows, known terms and probabilities, and their sentences' rows on demand.

        Each row is the one :meth:`_cells` gives for ``terms()`` of the text, float for float.
        """
        return Reading(self, [t if isinstance(t, PreparedText) else PreparedText.normalised(t) for t in texts])

    def _grouped_rows(self, columns: np.ndarray, group: np.ndarray, groups: int) -> tuple:
        """The TF-IDF rows of groups of term occurrences (``group``: the row of each, −1: none), each row's terms
        in the order they first occur, as a Counter of its terms holds them.

        Returns ``(columns, values, first, cut)``: row ``g`` is ``columns[cut[g]:cut[g + 1]]`` with its values,
        ``first`` the occurrence where each of its terms first stands.
        """
        take = np.flatnonzero(group >= 0)
        width = max(len(self.vocabulary_), 1)
        keys, first, tf = np.unique(group[take] * width + columns[take], return_index=True, return_counts=True)
        order = np.lexsort((first, keys // width))
        keys, first, tf = keys[order], take[first[order]], tf[order].astype(np.float64)
        owner, j = np.divmod(keys, width)
        cut = np.searchsorted(owner, np.arange(groups + 1))
        v = (1.0 + np.log(tf)) * self.idf_[j]
        squares, bounds = v * v, cut.tolist()
        # one sum per row, as numpy sums a row alone (np.add.reduceat adds in another order: other last bits);
        # ``np.add.reduce`` is the reduction ``ndarray.sum`` makes, without its Python wrapper
        add = np.add.reduce
        v /= np.sqrt(np.array([add(squares[a:b]) for a, b in zip(bounds, bounds[1:])]))[owner]
        return j, v, first, cut

    def _matrix(self, documents: Sequence[Counter]):
        """The TF-IDF rows of many documents (sublinear tf, L2-normalised) as a sparse matrix."""
        from scipy import sparse

        cells = [self._cells(doc) for doc in documents]
        rows = np.repeat(np.arange(len(cells)), [len(j) for j, _ in cells])
        cols = np.concatenate([j for j, _ in cells]) if cells else np.zeros(0, dtype=np.intp)
        vals = np.concatenate([v for _, v in cells]) if cells else np.zeros(0)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(documents), len(self.vocabulary_)))

    # -- reading -----------------------------------------------------------------
    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """P(stated) and P(denied) of every indicator, shape ``(n_texts, n_ids, 2)``."""
        X = self._matrix([Counter(self._terms(t)) for t in texts])
        z = np.asarray(X @ self._weights()) + self.intercept_
        return _sigmoid(z).reshape(len(texts), len(self.ids_), 2)

    def _weights(self) -> np.ndarray:
        """``coef_.T`` as a C-ordered array, made once per ``coef_`` (a sparse row times the transposed view
        would copy all the weights at every call)."""
        cached = getattr(self, "_weights_of", None)
        if cached is None or cached[0] is not self.coef_:
            cached = (self.coef_, np.ascontiguousarray(self.coef_.T))
            self._weights_of = cached
        return cached[1]

    def values(self, probabilities: np.ndarray) -> np.ndarray:
        """−1/0/+1 per text and indicator from :meth:`probabilities` (inactive models never set a value).

        The threshold of an indicator is ``thresholds_[k]`` when set (chosen by
        cross-validation; ``inf`` leaves the indicator to the cues), else ``threshold``.
        """
        p = np.where(self.active_.reshape(len(self.ids_), 2), probabilities, 0.0)
        stated, denied = p[..., 0], p[..., 1]
        threshold = getattr(self, "thresholds_", None)
        threshold = np.full(len(self.ids_), self.threshold) if threshold is None else threshold
        out = np.zeros(stated.shape, dtype=int)
        out[(stated >= threshold) & (stated >= denied)] = 1
        out[(denied >= threshold) & (denied > stated)] = -1
        return out

    def sentences(self, text: str, norm: str) -> tuple:
        """The sentences of ``text`` (offsets, non-blank), their TF-IDF rows (each the one ``terms()`` of the
        sentence alone gives), and where each of their terms first stands, for :meth:`sentence_scores` and
        :meth:`marked`."""
        return self.read_many([norm]).sentences([0])[0]

    def sentence_scores(self, sentences: tuple, k: int, polarity: int) -> list[tuple[float, int, int]]:
        """``(score, start, end)`` of each sentence: the linear part of one model, applied to it alone."""
        bounds, cells = sentences[0], sentences[1]
        if not cells:
            return []
        # the weights of all the sentences' terms gathered at once, each sentence's a slice of them: the same
        # numbers as ``row[j]`` per sentence, so the same dot products, bit for bit
        row = self.coef_[2 * k + POLARITIES.index(polarity)]
        joined = getattr(sentences, "columns", None)
        if joined is not None:  # a text's sentences from ``Reading.sentences``: their rows side by side already
            weights, values, cut = row[joined], sentences.values, sentences.cut
            return [(float(values[a:b].dot(weights[a:b])), s, e) for (s, e), a, b in zip(bounds, cut, cut[1:])]
        weights = row[np.concatenate([j for j, _ in cells])]
        cut = np.cumsum([0] + [len(j) for j, _ in cells]).tolist()
        return [(float(v.dot(weights[a:b])), s, e) for (_, v), (s, e), a, b in zip(cells, bounds, cut, cut[1:])]

    def marked(self, sentences: tuple, index: int, k: int, polarity: int) -> int | None:
        """Which term of sentence ``index`` weighs most towards the model of ``ids_[k]`` and ``polarity``, as its
        place in the sentence's row (the first in vocabulary order on a tie; None when no term weighs towards it)."""
        j = sentences[1][index][0]
        if not len(j):
            return None
        weight = self.coef_[2 * k + POLARITIES.index(polarity)][j] * self.idf_[j]
        at = int(weight.argmax())  # the first of the highest (ndarray methods: no Python wrapper per call)
        if not weight[at] > 0:
            return None
        ties = (weight == weight[at]).nonzero()[0]
        return at if len(ties) == 1 else int(ties[j[ties].argmin()])

    def top_term(self, sentences: tuple, index: int, k: int, polarity: int) -> str | None:
        """The term :meth:`marked` chooses, or None."""
        at = self.marked(sentences, index, k, polarity)
        return None if at is None else self._term_list()[sentences[1][index][0][at]]

    def _term_list(self) -> list[str]:
        cached = getattr(self, "_terms_of", None)
        if cached is None or cached[0] is not self.vocabulary_:
            cached = (self.vocabulary_, sorted(self.vocabulary_, key=self.vocabulary_.get))
            self._terms_of = cached
        return cached[1]


# -- combining with the cues ---------------------------------------------------------

class Reading:
    """What the reader makes of a few prepared texts (:meth:`LearnedReader.read_many`).

    The texts are joined (by a character that is neither Chinese nor a letter, so no n-gram crosses two) and
    their terms coded once; ``known[i]`` is how many distinct terms of text ``i`` the reader knows,
    ``probabilities[i]`` its P(stated), P(denied) per indicator.
    """

    def __init__(self, reader: LearnedReader, texts: list[PreparedText]):
        self.reader, self.texts = reader, texts
        norms = [t.norm for t in texts]
        lengths = np.array([len(n) for n in norms], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(lengths + 1)])[:-1]
        coded = reader._coder().code("\0".join(norms))
        known = coded.columns >= 0
        self.columns, self.starts, self.ends = coded.columns[known], coded.starts[known], coded.ends[known]
        doc = np.searchsorted(self.offsets, self.starts, side="right") - 1
        inside = self.ends <= (self.offsets + lengths)[doc]  # a word pair across two texts belongs to neither
        j, v, _, cut = reader._grouped_rows(self.columns, np.where(inside, doc, -1), len(norms))
        self.known = np.diff(cut)
        weights = reader._weights()[j]
        # ``ndarray.dot``: the BLAS call ``@`` makes (the same numbers bit for bit) at a third of its cost per call
        z = np.array([v[a:b].dot(weights[a:b]) for a, b in zip(cut[:-1].tolist(), cut[1:].tolist())])
        z = z.reshape(len(norms), -1) + reader.intercept_
        self.probabilities = _sigmoid(z).reshape(len(norms), len(reader.ids_), 2)

    def sentences(self, texts: Sequence[int]) -> list[tuple]:
        """Per text ``i`` of ``texts``: its sentences' ``(bounds, rows, places)`` (offsets in the text)."""
        bounds = [_sentence_bounds(self.texts[i]) for i in texts]
        shifts = np.repeat(self.offsets[list(texts)], [len(b) for b in bounds])
        first_of = np.array([s for b in bounds for s, _ in b], dtype=np.int64) + shifts
        end_of = np.array([e for b in bounds for _, e in b], dtype=np.int64) + shifts
        if not len(first_of):
            return [([], [], []) for _ in texts]
        sentence = np.searchsorted(first_of, self.starts, side="right") - 1
        inside = (sentence >= 0) & (self.ends <= end_of[np.maximum(sentence, 0)])  # not a word pair across two
        j, v, first, cut = self.reader._grouped_rows(self.columns, np.where(inside, sentence, -1), len(first_of))
        owner = np.repeat(np.arange(len(first_of)), np.diff(cut))
        starts, ends = self.starts[first] - shifts[owner], self.ends[first] - shifts[owner]
        out, at = [], 0
        cut = cut.tolist()
        for b in bounds:
            spans = list(zip(cut[at:at + len(b)], cut[at + 1:at + len(b) + 1]))
            low, high = cut[at], cut[at + len(b)]
            out.append(_TextSentences((b, [(j[x:y], v[x:y]) for x, y in spans],
                                       [(starts[x:y], ends[x:y]) for x, y in spans]),
                                      j[low:high], v[low:high], [c - low for c in cut[at:at + len(b) + 1]]))
            at += len(b)
        return out


class _TextSentences(tuple):
    """One text's ``(bounds, rows, places)``, with its sentences' rows side by side (``columns``, ``values``:
    row ``n`` is ``[cut[n]:cut[n + 1]]`` of them, the same arrays the rows are views of), so that
    :meth:`LearnedReader.sentence_scores` gathers a model's weights once per text without joining the rows."""

    def __new__(cls, parts: tuple, columns: np.ndarray, values: np.ndarray, cut: list[int]):
        made = super().__new__(cls, parts)
        made.columns, made.values, made.cut = columns, values, cut
        return made


def _sentence_bounds(prepared: PreparedText) -> list[tuple[int, int]]:
    """(start, end) of the non-blank sentences of a prepared text."""
    norm = prepared.norm
    bounds, start = [], 0
    for end in [m for m in prepared.sentences.ends if m > 0] + [len(norm)]:
        if end > start and norm[start:end].strip():
            bounds.append((start, end))
        start = max(start, end)
    return bounds


#: characters of the texts read together by :func:`apply_reader_many` (a longer text is read alone): bounds the
#: memory of their coded terms
READ_TOGETHER = 1 << 18


def apply_reader(extraction: Extraction, reader: LearnedReader, lexicons: dict) -> Extraction:
    """The extraction with the reader's values filled into the cells its cues left silent, each with its sentence."""
    return apply_reader_many([extraction], reader, lexicons)[0]


def apply_reader_many(extractions: Sequence[Extraction], reader: LearnedReader, lexicons: dict,
                      prepared: Sequence[PreparedText] | None = None) -> list[Extraction]:
    """:func:`apply_reader` of each extraction, texts read together (their terms coded in one numpy pass).

    ``prepared[n]``, when given, is the text of extraction ``n`` as the cues read it (:class:`PreparedText`):
    it is read again rather than normalised and cut again, if it is that extraction's text (the very string).
    """
    out = list(extractions)
    todo = [n for n, e in enumerate(out) if e.text and e.text.strip()]
    group: list[int] = []
    size = 0
    for n in todo + [None]:
        if group and (n is None or size + len(out[n].text) > READ_TOGETHER):
            texts = [_prepared(out[m], None if prepared is None else prepared[m]) for m in group]
            _apply_group(out, texts, group, reader, lexicons)
            group, size = [], 0
        if n is not None:
            group.append(n)
            size += len(out[n].text) + 1
    return out


def _prepared(extraction: Extraction, given: PreparedText | None) -> PreparedText:
    """``given`` when it is the extraction's own text as the cues read it, else that text prepared anew."""
    return given if given is not None and given.text is extraction.text else PreparedText.of(extraction.text)


def _apply_group(out: list[Extraction], texts: list[PreparedText], group: list[int], reader: LearnedReader,
                 lexicons: dict) -> None:
    reading = reader.read_many(texts)
    ids = reader.ids_
    values = reader.values(reading.probabilities).tolist()  # Python ints: no numpy scalar per cell
    wanted = {}
    for i, n in enumerate(group):
        row = out[n].row
        if reading.known[i] >= MIN_KNOWN_TERMS:
            cells = [(k, v) for k, v in enumerate(values[i]) if v != 0 and ids[k] in row and row[ids[k]] == 0]
            if cells:
                wanted[i] = cells
    for i, sentences in zip(wanted, reading.sentences(list(wanted))):
        extraction = out[group[i]]
        row = dict(extraction.row)
        added: list[Span] = []
        says: dict = {}  # who says each sentence, found once per text (several values may choose one sentence)
        for k, polarity in wanted[i]:
            span = _learned_span(extraction.text, texts[i].norm, sentences, reader, k, polarity, lexicons, extraction.lang,
                                 says)
            if span is None:
                continue
            added.append(span)
            if not span.attributed:
                row[ids[k]] = polarity
        if added:
            evidence = tuple(sorted(extraction.evidence + tuple(added), key=lambda s: (s.start, -s.end, s.indicator)))
            out[group[i]] = trusted(Extraction, {"lang": extraction.lang, "row": row, "evidence": evidence,
                                                 "text": extraction.text}, EXTRACTION_FIELDS)


def _learned_span(text: str, norm: str, sentences: tuple, reader: LearnedReader, k: int, polarity: int,
                  lexicons: dict, lang: str | None, says_of: dict | None = None) -> Span | None:
    """The best sentence for one model that is not a claim (else the best claim, attributed), or None."""
    indicator = reader.ids_[k]
    scored = sorted(((score, s_start, s_end, index) for index, (score, s_start, s_end)
                     in enumerate(reader.sentence_scores(sentences, k, polarity))), key=lambda s: (-s[0], s[1]))
    claim = None
    for score, s_start, s_end, index in scored:
        if score <= 0:
            break
        at = reader.marked(sentences, index, k, polarity)
        starts, ends = sentences[2][index]
        start, end = (int(starts[at]), int(ends[at])) if at is not None else (s_start, s_end)
        if s_end - s_start > MAX_SENTENCE:  # a text without punctuation: a window around the term, as for cues
            s_start, s_end = max(s_start, start - MAX_SENTENCE // 2), min(s_end, end + MAX_SENTENCE // 2)
        code = _sentence_lang(norm[s_start:s_end], lang)
        grammar = lexicons[code].grammar if code in lexicons else None
        attributed = bool(grammar is not None and _attributed(grammar, norm, start, s_start))
        if attributed:
            says = "claim"
        elif grammar is None:
            says = "fact"
        else:
            key = (code, s_start, s_end)
            says = says_of.get(key) if says_of is not None else None
            if says is None:
                says = _says(grammar, norm, s_start, s_end)
                if says_of is not None:
                    says_of[key] = says
        span = trusted(Span, {"indicator": indicator, "polarity": polarity, "start": start, "end": end,
                              "text": text[start:end], "sentence": text[s_start:s_end], "sentence_start": s_start,
                              "sentence_end": s_end, "attributed": attributed, "says": says,
                              "cue": f"{LEARNED_CUE}:{indicator}:{polarity:+d}", "value": None, "negated": False,
                              "source": "text"}, LEARNED_SPAN_FIELDS)
        if not attributed:
            return span
        claim = claim or span
    return claim


def _sentence_lang(sentence: str, default: str | None) -> str:
    if _CJK_RUN.search(sentence):
        return "zh"
    return "en" if _LATIN_WORD.search(sentence) else (default or "en")


def is_learned(span: Span) -> bool:
    """True when the span was set by the learned reader rather than a cue."""
    return span.cue.startswith(LEARNED_CUE + ":")


# -- persistence: JSON + .npz, never a pickle ---------------------------------------------

def save_reader(reader: LearnedReader, folder: str | Path, *, trained_on: dict | None = None) -> Path:
    """Write ``reader.json`` and ``reader.npz`` into ``folder`` (bytes depend only on the reader)."""
    thresholds = getattr(reader, "thresholds_", None)
    arrays = {"idf": reader.idf_, "coef": reader.coef_.astype(np.float32), "intercept": reader.intercept_,
              "active": reader.active_.astype(np.int8), "n_cases": reader.n_cases_,
              "thresholds": np.full(len(reader.ids_), reader.threshold) if thresholds is None else thresholds}
    state = {"format": FORMAT, "format_version": FORMAT_VERSION, "params": reader.get_params(),
             "ids": list(reader.ids_), "terms": sorted(reader.vocabulary_, key=reader.vocabulary_.get)}
    return write_weights(folder, state_file=STATE_FILE, arrays_file=ARRAYS_FILE, state=state, arrays=arrays,
                         trained_on=trained_on)


def _reader_shapes(state: dict) -> dict[str, tuple]:
    rows, terms = 2 * len(state["ids"]), len(state["terms"])
    return {"idf": (terms,), "coef": (rows, terms), "intercept": (rows,), "active": (rows,), "n_cases": (rows,),
            "thresholds": (len(state["ids"]),)}


def load_reader(folder: str | Path | None = None) -> LearnedReader:
    """Read a reader folder without unpickling anything.

    A :class:`ReaderIntegrityError` says what is wrong (the checks of ``read_weights``).
    """
    folder = Path(folder) if folder is not None else READER_DIR
    state, arrays = read_weights(folder, what="reader", state_file=STATE_FILE, arrays_file=ARRAYS_FILE,
                                 format=FORMAT, version=FORMAT_VERSION, shapes=_reader_shapes,
                                 error=ReaderIntegrityError, fix="refit it with `python benchmarks/fit_reader.py`")
    params = state.get("params", {})
    reader = LearnedReader(C=float(params["C"]), threshold=float(params["threshold"]),
                           min_cases=int(params["min_cases"]), min_df=int(params["min_df"]),
                           zh_ngrams=tuple(params["zh_ngrams"]), en_ngrams=tuple(params["en_ngrams"]))
    reader.ids_ = tuple(str(i) for i in state["ids"])
    reader.vocabulary_ = {str(t): j for j, t in enumerate(state["terms"])}
    reader.idf_ = arrays["idf"].astype(np.float64)
    reader.coef_ = arrays["coef"].astype(np.float64)
    reader.intercept_ = arrays["intercept"].astype(np.float64)
    reader.active_ = arrays["active"].astype(bool)
    reader.n_cases_ = arrays["n_cases"].astype(np.int64)
    reader.thresholds_ = arrays["thresholds"].astype(np.float64)
    reader.trained_on_ = state.get("trained_on", {})
    return reader


@functools.lru_cache(maxsize=1)
def shipped_reader() -> LearnedReader:
    """The reader shipped in ``features/reader/``, loaded once per process."""
    return load_reader(READER_DIR)
