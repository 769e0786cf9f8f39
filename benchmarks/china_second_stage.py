"""China's second stage: third category or independent, learned or by the rule of LEGAL.md 1b?

    python3 benchmarks/china_second_stage.py [--repeats N]

For a Chinese case where no labour relationship is found, the label follows a
written rule: at least two distinct management facts and no own-account fact
stated → ``third_category``, otherwise ``independent``. This compares, on the
same grouped folds and in one run, two ways of deciding that step from a text:

- *learned*: the shipped settings' out-of-fold probabilities, third category
  against independent;
- *rule on extracted facts*: the rule applied to the indicators the extractor
  finds, mapped to the rule's kinds of fact (``classifier._china.RULE_KINDS``, what the shipped
  model applies when its ``cn_split`` is ``rule``): by the
  cues alone, and by the cues and the learned reader as the shipped model
  reads a text (cross-fitted: no case read by a reader fitted on its own
  annotation);
- *rule on hand-annotated facts*: the same rule on the annotators' indicators
  (``labelled_cases/annotations``), a ceiling for any reader of these texts
  under this mapping.

Scored on the Chinese cases labelled third category or independent (the
cases the second stage decides), and end to end: the shipped model's
three-way answer, with its non-employee answers re-decided by the rule.
Both baselines print beside each other; nothing is tuned here.
"""

from __future__ import annotations

import argparse

import numpy as np

from workstatus.classifier._china import RULE_KINDS, ChinaRule


def rule(table) -> np.ndarray:
    """1 (third category) or 2 (independent) for each indicator row, by LEGAL.md 1b (the shipped rule, ``classifier._china``)."""
    indicators = list(table.columns)
    return np.where(ChinaRule(indicators).third(table[indicators].to_numpy(dtype=float)), 1, 2)


def main() -> None:
    import pandas as pd
    from sklearn.base import clone
    from sklearn.metrics import f1_score

    from workstatus import classifier, labelled_cases
    from workstatus.classifier._vocab import STATUSES
    from workstatus.classifier.training import case_frame, case_groups, extract_rows, out_of_fold, row_factory
    from workstatus.classifier.training._reader_rows import cross_fitted_rows
    from workstatus.features import NUMERIC_FACTS, IndicatorExtractor
    from fact_ceiling import hand_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = case_frame(labelled_cases.load_cases(origin="real"))
    config = classifier.read_manifest()["config"] | {"cn_split": "learned"}  # the learned split, to compare
    y = frame["label"].to_numpy(dtype=object)
    groups = case_groups(frame)
    extractor = clone(IndicatorExtractor()).fit(frame["text"].tolist())
    rows = extract_rows(extractor, frame["text"].tolist())
    indicators = [c for c in rows.columns if c not in NUMERIC_FACTS]
    keys = frame[["id", "text", "lang", "jurisdiction"]]
    read = cross_fitted_rows(frame, groups, IndicatorExtractor(learned=True))[rows.columns]
    X = pd.concat([keys, read], axis=1)  # as the shipped model reads a text
    hand = hand_rows(pd.concat([keys, rows], axis=1), indicators, NUMERIC_FACTS)[rows.columns]
    oof = out_of_fold(row_factory(indicators, **config), X, y, groups, folds=5, repeats=args.repeats)
    target = np.array([STATUSES.index(v) for v in y])
    cn = (frame["jurisdiction"] == "CN").to_numpy()
    ruled = {source: rule(table[indicators])
             for source, table in (("cues", rows), ("cues + reader", read), ("hand", hand))}
    second = cn & (target != 0)
    print(f"{int(cn.sum())} Chinese cases, {int(second.sum())} of them third category or independent; "
          f"{args.repeats}×5-fold grouped CV of the shipped settings\n")
    learned_acc, learned_f1, e2e_model = [], [], []
    e2e_rule = {source: [] for source in ruled}
    for proba in oof:
        learned = np.where(proba[:, 1] >= proba[:, 2], 1, 2)
        learned_acc.append(np.mean(learned[second] == target[second]))
        learned_f1.append(f1_score(target[second], learned[second], average="macro", labels=[1, 2]))
        pred = proba.argmax(axis=1)
        e2e_model.append(f1_score(target[cn], pred[cn], average="macro", labels=[0, 1, 2]))
        for source, by_rule in ruled.items():
            with_rule = np.where(pred == 0, 0, by_rule)
            e2e_rule[source].append(f1_score(target[cn], with_rule[cn], average="macro", labels=[0, 1, 2]))
    print(f"{'second stage (third vs independent)':<44}{'accuracy':>10}{'macro-F1':>10}")
    print(f"{'  learned (shipped settings, out of fold)':<44}{np.mean(learned_acc):>10.3f}{np.mean(learned_f1):>10.3f}")
    for source, by_rule in ruled.items():
        rule_f1 = f1_score(target[second], by_rule[second], average="macro", labels=[1, 2])
        print(f"{'  rule on the facts: ' + source:<44}{np.mean(by_rule[second] == target[second]):>10.3f}{rule_f1:>10.3f}")
    print(f"\n{'end to end on Chinese cases, 3-way macro-F1':<44}")
    print(f"{'  shipped model':<44}{'':>10}{np.mean(e2e_model):>10.3f}")
    for source in ruled:
        print(f"{'  shipped model, non-employee by the rule: ' + source:<54}{np.mean(e2e_rule[source]):>10.3f}")
    for source, table in (("cues + reader", read), ("hand", hand)):
        counts = pd.Series([RULE_KINDS[(i, int(r[i]))][1].split(":")[0] for _, r in table[second].iterrows()
                            for i, _ in RULE_KINDS if (i, int(r[i])) in RULE_KINDS]).value_counts()
        print(f"\nfacts the rule found in those cases ({source}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
