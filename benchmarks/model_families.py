"""Can a model that weighs facts together beat the additive one? Doctrine-bound candidates beside the shipped model.

    python3 benchmarks/model_families.py [--repeats N] [--facts extracted|hand|both] [--json FILE]

The shipped model is a sign-bounded logistic regression, additive in the
indicators. Courts weigh facts together: control counts with dependence, a
contract's label counts when practice is silent, and in China the third
category is managed labour without an own-account fact. This scores, on the
same grouped, stratified folds of the real cases and in the same run:

* **shipped settings**: the shipped configuration (``manifest.json``);
* **shipped, no wording**: the same without the wording block (a reference:
  the additive model on the facts alone, to set the trees beside);
* **+ doctrine aggregates**: the same model and settings, with a few
  derived 0/1 indicators (:data:`AGGREGATES`) that name how the facts combine,
  each bound in sign like the catalogue's indicators;
* **monotone boosting**: scikit-learn's ``HistGradientBoostingClassifier``
  as a continuation-ratio model (employee or not; then third category or
  independent), each stage held monotone in every indicator by the
  catalogue's direction (``monotonic_cst``), so a stated employment-leaning
  fact can only raise P(employee) and lower P(independent); Chinese cases
  split by LEGAL.md 1b's rule as the shipped model splits them;
* **blend**: the mean of the shipped settings' and the monotone boosting's
  probabilities (both monotone, so the mean is).

Facts: ``extracted`` (cues and learned reader, cross-fitted as training reads
them) and ``hand`` (the annotators' values, as ``fact_ceiling.py`` reads them).
Every hyperparameter below was fixed before the first run; nothing is tuned
on these folds. The frozen annotation set enters only the ``hand`` rows, as an
input, never a choice; the decision to ship is taken on the ``extracted`` rows.

Measured 2026-12-04 (558 real cases, 5×5-fold), binary / macro-F1, mean ± sd
of the repeats; "paired" is the candidate minus the shipped settings, repeat
by repeat on the same folds:

    model                   extracted facts         hand facts              paired, extracted
    shipped settings        0.685±.009 / .583±.014  0.728±.014 / .602±.011  —
    shipped, no wording     0.667±.012 / .550±.013  0.715±.010 / .582±.009  −0.018±.016 / −0.033±.017
    + doctrine aggregates   0.692±.007 / .589±.014  0.722±.011 / .590±.011  +0.008±.010 / +0.006±.012
    monotone boosting       0.670±.010 / .535±.016  0.720±.010 / .577±.019  −0.015±.008 / −0.047±.007
    blend                   0.691±.006 / .576±.012  0.732±.011 / .598±.017  +0.006±.005 / −0.007±.007

China's 3-way macro-F1 (the rule's split in every model), paired on
extracted facts: aggregates −0.004±0.025, boosting −0.054±0.018, blend
−0.024±0.021. No candidate beats the shipped settings beyond the repeats'
spread, on extracted or on hand facts, so nothing was shipped. The aggregate
``agg_practice_over_paper`` is bound towards employment, so with two control
facts stated, stating ``contract_denies_employment`` could push towards
employment through it: a model shipped with it would need the label's weight
split by context instead (both parts bound towards independence).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_cv import print_scores, subset_scores  # noqa: E402
from fact_ceiling import hand_rows  # noqa: E402

#: the indicators whose statement is a fact of control (the catalogue's algorithmic control family, and managers)
CONTROL = ("work_assigned", "refusal_penalised", "time_limits", "performance_penalties", "rating_discipline",
           "method_prescribed", "schedule_controlled", "monitored", "unilateral_termination", "work_rules",
           "workload_quota", "supervised_by_managers")
#: economic dependence on the enterprise, stated
DEPENDENCE = ("fixed_pay", "main_income_source", "exclusivity", "continuous_work")
#: own-account facts: stated (+1) or, for these two, denied (−1)
OWN_ACCOUNT = (("own_business", 1), ("profit_or_loss", 1), ("bears_costs", 1), ("registered_business", 1),
               ("price_set_by_enterprise", -1), ("personal_service", -1))

#: derived indicator → its direction (as the catalogue's ``towards``) and what it says, with the doctrine
AGGREGATES = {
    "agg_control_2": ("employment", "at least two distinct control facts stated (LEGAL.md 1b counts management "
                                    "facts; courts weigh control as a whole)"),
    "agg_control_4": ("employment", "at least four control facts stated"),
    "agg_control_dependence": ("employment", "two or more control facts and a fact of economic dependence: "
                                             "subordination and dependence together "
                                             "(劳社部发〔2005〕12号 第一条)"),
    "agg_practice_over_paper": ("employment", "the contract denies employment but two or more control facts are "
                                              "stated: the facts prevail over the label"),
    "agg_paper_only": ("independence", "the contract denies employment and no control fact is stated: the label "
                                       "is all the text gives"),
    "agg_own_account_2": ("independence", "two or more own-account facts (LEGAL.md 1b's own-account list)"),
}


def _count(rows: pd.DataFrame, names) -> np.ndarray:
    return sum((rows[n].to_numpy() > 0).astype(int) for n in names if n in rows)


def own_account_count(rows: pd.DataFrame) -> np.ndarray:
    """How many of :data:`OWN_ACCOUNT`'s facts each row states."""
    return sum((rows[n].to_numpy() == v).astype(int) for n, v in OWN_ACCOUNT if n in rows)


def with_aggregates(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the 0/1 columns of :data:`AGGREGATES` appended."""
    control, dependence = _count(rows, CONTROL), _count(rows, DEPENDENCE)
    own = own_account_count(rows)
    denies = rows["contract_denies_employment"].to_numpy() > 0
    out = rows.copy()
    out["agg_control_2"] = (control >= 2).astype(int)
    out["agg_control_4"] = (control >= 4).astype(int)
    out["agg_control_dependence"] = ((control >= 2) & (dependence >= 1)).astype(int)
    out["agg_practice_over_paper"] = (denies & (control >= 2)).astype(int)
    out["agg_paper_only"] = (denies & (control == 0)).astype(int)
    out["agg_own_account_2"] = (own >= 2).astype(int)
    return out


class AggregateModel(ClassifierMixin, BaseEstimator):
    """The shipped settings fitted on rows with :data:`AGGREGATES` appended."""

    def __init__(self, make=None):
        self.make = make

    def fit(self, X, y, groups=None):
        self.model_ = self.make().fit(with_aggregates(X), y, groups=groups)
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(with_aggregates(X))


class MonotoneBoosting(ClassifierMixin, BaseEstimator):
    """Continuation-ratio gradient boosting, monotone in every indicator by its catalogue direction.

    Stage 1: employee or not; stage 2, on the cases that are not: third
    category or independent. Features: each indicator's value (+1/0/−1),
    constrained +1 when employment-leaning and −1 when independence-leaning
    in both stages; the numeric facts (unknown = −1) and the legal-test
    family (one-hot), free. With ``cn_split="rule"`` a Chinese case's
    non-employee mass is split by LEGAL.md 1b's rule at the rates it earned on
    the training cases, as in the shipped model.
    """

    PARAMS = dict(learning_rate=0.05, max_iter=150, max_leaf_nodes=8, min_samples_leaf=10,
                  l2_regularization=1.0, early_stopping=False, class_weight="balanced", random_state=0)

    def __init__(self, indicators=(), towards=None, cn_split="rule"):
        self.indicators = indicators
        self.towards = towards
        self.cn_split = cn_split

    def _features(self, X):
        from workstatus.classifier import jurisdiction_family
        from workstatus.features import NUMERIC_FACTS

        values = X[list(self.indicators)].to_numpy(dtype=float)
        # unknown → −1 (every numeric fact is ≥ 0): a column with no known value in a fold breaks the binning
        numeric = [pd.to_numeric(X[n], errors="coerce").fillna(-1.0).to_numpy(dtype=float)
                   for n in NUMERIC_FACTS if n in X]
        family = np.array([jurisdiction_family(j) for j in X["jurisdiction"]])
        onehot = np.column_stack([(family == f).astype(float) for f in self.families_])
        return np.column_stack([values, *numeric, onehot]), family, values

    def fit(self, X, y, groups=None):
        from workstatus.classifier._estimators import single_thread

        # one OpenMP thread, as the shipped model fits: on a shared machine more threads only spin
        with single_thread():
            return self._fit(X, y)

    def _fit(self, X, y):
        from sklearn.ensemble import HistGradientBoostingClassifier
        from workstatus.classifier._china import FAMILY, ChinaRule, split_rates
        from workstatus.classifier._estimators import status_index
        from workstatus.classifier import jurisdiction_family

        self.families_ = sorted({jurisdiction_family(j) for j in X["jurisdiction"]})
        F, family, values = self._features(X)
        lean = {"employment": 1, "independence": -1}
        cst = [lean.get(self.towards.get(i, ""), 0) for i in self.indicators]
        cst += [0] * (F.shape[1] - len(cst))
        target = status_index(y)
        self.stage1_ = HistGradientBoostingClassifier(monotonic_cst=cst, **self.PARAMS).fit(F, target == 0)
        rest = target != 0
        self.stage2_ = HistGradientBoostingClassifier(monotonic_cst=cst, **self.PARAMS).fit(F[rest], target[rest] == 1)
        self.rule_ = ChinaRule(self.indicators)
        member = (family == FAMILY) & rest
        self.rates_ = (split_rates(self.rule_.third(values[member]), target[member] == 1)
                       if self.cn_split == "rule" else None)
        return self

    def predict_proba(self, X):
        from workstatus.classifier._china import FAMILY, split_probabilities
        from workstatus.classifier._estimators import single_thread

        F, family, values = self._features(X)
        with single_thread():
            p1 = self.stage1_.predict_proba(F)[:, 1]
            p2 = self.stage2_.predict_proba(F)[:, 1]
        proba = np.column_stack([p1, (1 - p1) * p2, (1 - p1) * (1 - p2)])
        if self.rates_ is not None:
            member = family == FAMILY
            proba = split_probabilities(proba, member, self.rule_.third(values), self.rates_)
        return proba


def load_rows(facts: str):
    """(frame, y, groups, X, indicators) for the real cases with ``facts`` indicator rows."""
    from workstatus import classifier, labelled_cases
    from workstatus.classifier.training import case_frame, case_groups
    from workstatus.classifier.training._reader_rows import cross_fitted_rows
    from workstatus.features import NUMERIC_FACTS

    frame = case_frame(labelled_cases.load_cases(origin="real"))
    groups = case_groups(frame)
    extractor = classifier.load_model().extractor_
    rows = cross_fitted_rows(frame, groups, extractor)
    indicators = [c for c in rows.columns if c not in NUMERIC_FACTS]
    X = pd.concat([frame[["id", "text", "lang", "jurisdiction"]], rows], axis=1)
    if facts == "hand":
        X = hand_rows(X, indicators, NUMERIC_FACTS)
    return frame, frame["label"].to_numpy(dtype=object), groups, X, indicators


def candidates(indicators):
    """Name → maker of each compared model (the shipped settings first)."""
    from workstatus import classifier
    from workstatus.classifier.training import row_factory
    from workstatus.features import load_catalogue

    config = classifier.read_manifest()["config"]
    catalogue = load_catalogue()
    towards = {i: catalogue[i].towards for i in catalogue.ids}
    shipped = row_factory(indicators, **config)
    extended = row_factory([*indicators, *AGGREGATES], towards={**towards, **{k: v[0] for k, v in AGGREGATES.items()}},
                           **config)
    return {
        "shipped settings": shipped,
        "shipped, no wording": row_factory(indicators, **{**config, "text_scale": 0.0}),
        "+ doctrine aggregates": lambda: AggregateModel(extended),
        "monotone boosting": lambda: MonotoneBoosting(tuple(indicators), towards, config.get("cn_split", "rule")),
    }


def misses(oof, y, X, indicators, statuses) -> None:
    """What the cases of each kind of error share: how many facts they state, and which, beside the right ones.

    Counts only (no text, no id): per (label → predicted) cell of the mean
    prediction, the cases, their mean number of facts stated or denied, the
    share with at most two, and the indicators stated most more often than in
    the correctly decided cases of the same label.
    """
    from workstatus.classifier._estimators import status_index

    target, pred = status_index(y), oof.mean(axis=0).argmax(axis=1)
    values = X[list(indicators)].to_numpy(dtype=float)
    facts = (values != 0).sum(axis=1)
    print("misses of the mean prediction (label → predicted: cases, facts per case, share with ≤ 2 facts; "
          "indicators stated more often than in the right ones of that label):")
    for k, label in enumerate(statuses):
        right = (target == k) & (pred == k)
        print(f"    {label} right: {right.sum()}, {facts[right].mean():.1f} facts, "
              f"{(facts[right] <= 2).mean():.2f} ≤ 2")
        for j, other in enumerate(statuses):
            cell = (target == k) & (pred == j)
            if j == k or cell.sum() < 5:
                continue
            lift = (values[cell] > 0).mean(axis=0) - (values[right] > 0).mean(axis=0)
            top = ", ".join(f"{indicators[i]} {lift[i]:+.2f}" for i in np.argsort(-lift)[:4] if lift[i] > 0.05)
            print(f"    {label} → {other}: {cell.sum()}, {facts[cell].mean():.1f} facts, "
                  f"{(facts[cell] <= 2).mean():.2f} ≤ 2; more often stated: {top or '—'}")
    # facts that point both ways: two or more control facts beside an own-account fact
    mixed = (_count(X, CONTROL) >= 2) & (own_account_count(X) >= 1)
    for name, mask in (("control ≥ 2 and an own-account fact", mixed), ("the other cases", ~mixed)):
        print(f"    {name}: {mask.sum()} cases, 3-way accuracy {(pred[mask] == target[mask]).mean():.3f}, "
              f"binary {((pred[mask] == 0) == (target[mask] == 0)).mean():.3f}")


def paired(oofs, y, frame, reference="shipped settings") -> dict:
    """Each model minus the reference, repeat by repeat on the same folds: mean ± sd of the differences.

    The folds are shared, so the paired difference is the fair test of "beyond the repeats' spread".
    """
    from workstatus.classifier import jurisdiction_family
    from workstatus.classifier._estimators import status_index
    from workstatus.classifier.training import score

    target = status_index(y)
    cn = (frame["jurisdiction"].map(jurisdiction_family) == "cn").to_numpy()
    out = {}
    for name, oof in oofs.items():
        if name == reference:
            continue
        rows = {}
        for key, mask in (("binary_accuracy", None), ("macro_f1", None), ("cn_macro_f1", cn)):
            metric = key.removeprefix("cn_")
            keep = slice(None) if mask is None else mask
            diff = [score(target[keep], oof[r][keep])[metric] - score(target[keep], oofs[reference][r][keep])[metric]
                    for r in range(oof.shape[0])]
            rows[key] = {"mean": float(np.mean(diff)), "sd": float(np.std(diff, ddof=1)) if len(diff) > 1 else 0.0}
        out[name] = rows
        print(f"  {name} − {reference}, paired by repeat: " + ", ".join(
            f"{k} {v['mean']:+.3f}±{v['sd']:.3f}" for k, v in rows.items()))
    return out


def run(facts: str, repeats: int, save: Path | None) -> dict:
    from workstatus.classifier import STATUSES
    from workstatus.classifier.training import out_of_fold

    frame, y, groups, X, indicators = load_rows(facts)
    print(f"\n== facts: {facts}; {len(frame)} real cases, {repeats}×5-fold grouped CV, the same folds for every model")
    results, oofs = {}, {}
    for name, make in candidates(indicators).items():
        start = time.perf_counter()
        oofs[name] = out_of_fold(make, X, y, groups, folds=5, repeats=repeats)
        results[name] = subset_scores(oofs[name], y, frame)
        print_scores(f"{name} ({time.perf_counter() - start:.0f} s)", results[name], STATUSES)
    oofs["blend"] = (oofs["shipped settings"] + oofs["monotone boosting"]) / 2
    results["blend"] = subset_scores(oofs["blend"], y, frame)
    print_scores("blend (mean of shipped settings and monotone boosting)", results["blend"], STATUSES)
    print()
    results["paired"] = paired(oofs, y, frame)
    print("\n  shipped settings,", end=" ")  # the sentence goes on in misses()
    misses(oofs["shipped settings"], y, X, indicators, STATUSES)
    if save:
        np.savez(save, ids=frame["id"].to_numpy(dtype=str), y=y.astype(str),
                 **{k.replace(" ", "_"): v for k, v in oofs.items()})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--facts", choices=("extracted", "hand", "both"), default="both")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--save-oof", type=Path, help="write the out-of-fold probabilities here (.npz)")
    args = parser.parse_args()
    facts = ("extracted", "hand") if args.facts == "both" else (args.facts,)
    out = {f: run(f, args.repeats, args.save_oof.with_name(f"{args.save_oof.stem}-{f}.npz") if args.save_oof else None)
           for f in facts}
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
