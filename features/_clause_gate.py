"""The learned clause gate: does this clause state this indicator? Fitted on the hand-annotated agreements.

The clause reader's rules (``clauses.yaml``, ``_agreement.py``) leave out
definitions, boilerplate and sentences that are not about the worker's work;
on agreements nobody tuned them on, most of what they keep is still not a
term of the work (issue 15). The gate reads each clause that holds a kept cue
and asks two linear models about it:

* **relevance**: does the clause state any indicator at all (impose
  something on the worker's work, or deny it)?
* **the cue's indicator**: does the clause state *this* indicator (either sign)?

Each language (a clause with Chinese characters is ``zh``, else ``en``) has
its own rule and threshold (``settings``): with ``both`` a span passes when
``relevance × P(indicator)`` reaches the threshold, with ``relevance`` or
``indicator`` when that one probability does, with ``off`` always (the
language is left to the rules). An indicator the annotations hold fewer than
two clauses of has no model and never passes a rule that reads it: the gate
is precision-first.

* **Text features**, both languages: the terms of ``_learned.terms``
  (character 1–3-grams of the Chinese runs, word 1–2-grams of the Latin words,
  of the normalised text) of the clause, and its heading's terms marked
  ``h:``; TF-IDF (sublinear, smoothed IDF, L2), terms in at least ``min_df``
  training clauses.
* **Models**: L2 logistic regression (liblinear, balanced class weights, ``C``).
* **Data**: every clause of the annotated agreements of
  ``benchmarks/data/audit_annotations.jsonl`` (a clause the annotation does
  not list states nothing); ``benchmarks/fit_clause_gate.py`` fits it and
  chooses each language's rule and threshold by leave-one-agreement-out, and
  ``benchmarks/audit_gate.py`` measures it leave-one-agreement-out.

The weights ship in ``gate/`` as ``gate.json`` (settings, vocabulary, the
sha256 of the arrays, what it was fitted on) and ``gate.npz`` (numbers only,
read with ``allow_pickle=False``); :func:`load_gate` refuses a folder holding
a pickle and arrays whose hash differs from the JSON.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from workstatus.features._clauses import _CJK, Clause
from workstatus.features._errors import FeaturesError
from workstatus.features._learned import _sigmoid, terms
from workstatus.features._plain_files import read_weights, write_weights

GATE_DIR = Path(__file__).resolve().parent / "gate"
STATE_FILE = "gate.json"
ARRAYS_FILE = "gate.npz"
FORMAT = "workstatus-clause-gate"
FORMAT_VERSION = 1
RULES = ("both", "relevance", "indicator", "off")
LANGS = ("en", "zh")
_FIX = "refit it with `python benchmarks/fit_clause_gate.py`"


class GateIntegrityError(FeaturesError):
    """A gate folder that is missing, holds a pickle, or whose arrays do not match its JSON."""


def clause_terms(clause: Clause) -> list[str]:
    """The terms the gate reads of a clause: its text's, and its heading's marked ``h:``."""
    return terms(clause.text) + ["h:" + t for t in terms(clause.heading)]


class ClauseGate:
    """Per-clause relevance and per-indicator logistic models (see the module's docstring).

    Parameters
    ----------
    C : float
        Inverse L2 strength of every model.
    min_df : int
        Fewest training clauses a term must occur in.
    settings : dict
        Language (``en``, ``zh``) → ``(rule, threshold)``; rule ``both`` (relevance × P(indicator)),
        ``relevance``, ``indicator`` or ``off``. A language not listed is ``off``.
    min_clauses : int
        Fewest annotated clauses of an indicator before it has a model.

    Attributes (after ``fit`` or :func:`load_gate`)
    --------------------------------------------------
    ids_ : tuple of str
    vocabulary_ : dict, term → column
    idf_ : ndarray (n_terms,)
    coef_ : ndarray (1 + n_ids, n_terms)
        Row 0 the relevance model, row ``1 + k`` the model of ``ids_[k]``.
    intercept_ : ndarray (1 + n_ids,)
    active_ : ndarray of bool (1 + n_ids,)
        Which models exist (enough annotated clauses); an inactive indicator never passes.
    """

    def __init__(self, *, C: float = 10.0, min_df: int = 2, settings: dict | None = None, min_clauses: int = 2):
        self.C, self.min_df, self.min_clauses = C, min_df, min_clauses
        self.set_rules(settings if settings is not None else {lang: ("both", 0.02) for lang in LANGS})

    def get_params(self) -> dict:
        return {"C": float(self.C), "min_df": int(self.min_df), "min_clauses": int(self.min_clauses),
                "settings": {lang: [rule, float(t)] for lang, (rule, t) in sorted(self.settings.items())}}

    def set_rules(self, settings: dict) -> "ClauseGate":
        """The same models with other rules and thresholds (no refit)."""
        for lang, (rule, _) in settings.items():
            if lang not in LANGS or rule not in RULES:
                raise FeaturesError(f"settings[{lang!r}] = {settings[lang]!r}; expected a language of "
                                    f"{', '.join(LANGS)} and a rule of {', '.join(RULES)} with a threshold")
        self.settings = {lang: (str(rule), float(t)) for lang, (rule, t) in settings.items()}
        return self

    def fit(self, clauses: Sequence[Clause], stated: Sequence[set[str]], ids: Sequence[str]) -> "ClauseGate":
        """Fit on annotated clauses: ``stated[i]`` is the set of indicator ids clause ``i`` states (either sign)."""
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        if len(clauses) != len(stated):
            raise FeaturesError(f"{len(clauses)} clauses and {len(stated)} annotations; expected one set per clause")
        self.ids_ = tuple(str(i) for i in ids)
        documents = [Counter(clause_terms(c)) for c in clauses]
        df = Counter(t for doc in documents for t in doc)
        kept = sorted(t for t, n in df.items() if n >= self.min_df)
        self.vocabulary_ = {t: j for j, t in enumerate(kept)}
        n = len(documents)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float64)
        cells = [self._cells(doc) for doc in documents]
        rows = np.repeat(np.arange(n), [len(j) for j, _ in cells])
        X = sparse.csr_matrix((np.concatenate([v for _, v in cells]), (rows, np.concatenate([j for j, _ in cells]))),
                              shape=(n, len(kept)))
        targets = [np.array([bool(s) for s in stated], dtype=int)]
        targets += [np.array([ident in s for s in stated], dtype=int) for ident in self.ids_]
        self.coef_ = np.zeros((len(targets), len(kept)), dtype=np.float64)
        self.intercept_ = np.full(len(targets), -40.0, dtype=np.float64)
        self.active_ = np.zeros(len(targets), dtype=bool)
        for row, y in enumerate(targets):
            if y.sum() < self.min_clauses or y.sum() == n or not len(kept):
                continue
            model = LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", max_iter=5000,
                                       random_state=0).fit(X, y)
            self.coef_[row], self.intercept_[row], self.active_[row] = model.coef_[0], model.intercept_[0], True
        return self

    def _cells(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """One clause's TF-IDF row as (columns, values)."""
        pairs = [(self.vocabulary_[t], c) for t, c in counts.items() if t in self.vocabulary_]
        if not pairs:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        j = np.array([p[0] for p in pairs], dtype=np.intp)
        v = (1.0 + np.log(np.array([p[1] for p in pairs], dtype=np.float64))) * self.idf_[j]
        return j, v / np.sqrt((v * v).sum())

    def probabilities(self, clause: Clause) -> np.ndarray:
        """P(relevant) then P(states ``ids_[k]``) for each k, shape ``(1 + n_ids,)``; 0 where no model."""
        j, v = self._cells(Counter(clause_terms(clause)))
        p = _sigmoid(self.coef_[:, j] @ v + self.intercept_)
        return np.where(self.active_, p, 0.0)

    def score(self, probabilities: np.ndarray, indicator: str, rule: str) -> float:
        """A rule's probability for one indicator, from :meth:`probabilities` of its clause."""
        if rule == "off":
            return 1.0
        if indicator not in self.ids_:
            return 0.0
        relevance, own = float(probabilities[0]), float(probabilities[1 + self.ids_.index(indicator)])
        return {"both": relevance * own, "relevance": relevance, "indicator": own}[rule]

    def admits(self, probabilities: np.ndarray, indicator: str, lang: str) -> bool:
        """True when a clause of ``lang`` with these :meth:`probabilities` passes for the indicator."""
        rule, threshold = self.settings.get(lang, ("off", 0.0))
        return rule == "off" or self.score(probabilities, indicator, rule) >= threshold

    def passes(self, clause: Clause, indicator: str) -> bool:
        """True when the clause passes the gate for the indicator."""
        return self.admits(self.probabilities(clause), indicator, clause_lang(clause))


def clause_lang(clause: Clause) -> str:
    """``zh`` for a clause with Chinese characters, else ``en``."""
    return "zh" if _CJK.search(clause.text) else "en"


def save_gate(gate: ClauseGate, folder: str | Path, *, trained_on: dict | None = None) -> Path:
    """Write ``gate.json`` and ``gate.npz`` into ``folder`` (bytes depend only on the gate)."""
    arrays = {"idf": gate.idf_, "coef": gate.coef_.astype(np.float32), "intercept": gate.intercept_,
              "active": gate.active_.astype(np.int8)}
    state = {"format": FORMAT, "format_version": FORMAT_VERSION, "params": gate.get_params(), "ids": list(gate.ids_),
             "terms": sorted(gate.vocabulary_, key=gate.vocabulary_.get)}
    return write_weights(folder, state_file=STATE_FILE, arrays_file=ARRAYS_FILE, state=state, arrays=arrays,
                         trained_on=trained_on)


def _gate_shapes(state: dict) -> dict[str, tuple]:
    ids, terms = len(state["ids"]), len(state["terms"])
    return {"idf": (terms,), "coef": (1 + ids, terms), "intercept": (1 + ids,), "active": (1 + ids,)}


def load_gate(folder: str | Path | None = None) -> ClauseGate:
    """Read a gate folder without unpickling anything.

    A :class:`GateIntegrityError` says what is wrong (the checks of ``read_weights``).
    """
    folder = Path(folder) if folder is not None else GATE_DIR
    state, arrays = read_weights(folder, what="gate", state_file=STATE_FILE, arrays_file=ARRAYS_FILE, format=FORMAT,
                                 version=FORMAT_VERSION, shapes=_gate_shapes, error=GateIntegrityError, fix=_FIX)
    gate = ClauseGate(**state["params"])
    gate.ids_ = tuple(str(i) for i in state["ids"])
    gate.vocabulary_ = {str(t): j for j, t in enumerate(state["terms"])}
    gate.idf_, gate.coef_ = arrays["idf"].astype(np.float64), arrays["coef"].astype(np.float64)
    gate.intercept_, gate.active_ = arrays["intercept"].astype(np.float64), arrays["active"].astype(bool)
    gate.trained_on_ = state.get("trained_on", {})
    return gate


@functools.lru_cache(maxsize=1)
def shipped_gate() -> ClauseGate:
    """The gate shipped in ``features/gate/``, loaded once per process."""
    return load_gate(GATE_DIR)
