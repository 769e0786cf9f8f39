"""A tiny stand-in for features.IndicatorExtractor, for the classifier's tests only.

A text states an indicator with the token ``+<id>`` and denies it with
``-<id>``; ``tenure=<months>`` gives a numeric fact. Not a model of any law.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from workstatus.features import Extraction, Span

EMPLOYMENT = (
    "work_assigned", "refusal_penalised", "time_limits", "performance_penalties", "rating_discipline",
    "method_prescribed", "schedule_controlled", "monitored", "unilateral_termination", "work_rules",
    "price_set_by_enterprise", "fixed_pay", "main_income_source", "exclusivity", "equipment_provided",
    "continuous_work", "core_business", "uniform_branding", "training_required", "supervised_by_managers",
    "personal_service", "staff_treatment",
)
INDEPENDENCE = ("own_business", "contract_denies_employment", "registered_business", "intermediary")
IDS = EMPLOYMENT + INDEPENDENCE
TOWARDS = {i: "employment" for i in EMPLOYMENT} | {i: "independence" for i in INDEPENDENCE}
NUMERIC = ("tenure_months", "weekly_hours", "income_share")
_TOKEN = re.compile(r"([+-])([a-z_]+)")


class TokenExtractor(TransformerMixin, BaseEstimator):
    """Read ``+id`` / ``-id`` tokens; same output shape as the real extractor."""

    def fit(self, X, y=None):
        self.ids_ = IDS
        self.towards_ = TOWARDS
        return self

    def extract(self, text: str):
        row = {i: 0 for i in IDS} | {n: np.nan for n in NUMERIC}
        evidence = []
        for match in _TOKEN.finditer(text):
            sign, ident = match.groups()
            if ident in row:
                row[ident] = 1 if sign == "+" else -1
                evidence.append(Span(indicator=ident, polarity=row[ident], start=match.start(), end=match.end(),
                                     text=match.group(0), sentence=text, sentence_start=0, sentence_end=len(text)))
        tenure = re.search(r"tenure=(\d+)", text)
        if tenure:
            row["tenure_months"] = float(tenure.group(1))
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"
        return Extraction(lang=lang, row=row, evidence=tuple(evidence), text=text)

    def transform(self, X):
        texts = X["text"].tolist() if isinstance(X, pd.DataFrame) else list(X)
        frame = pd.DataFrame([self.extract(t).row for t in texts], columns=list(IDS) + list(NUMERIC))
        return frame.astype({i: "int8" for i in IDS})

    def get_feature_names_out(self, input_features=None):
        return np.array(list(IDS) + list(NUMERIC), dtype=object)


def make_cases(n: int = 90, seed: int = 0) -> list[dict]:
    """Synthetic test records whose label follows a noisy count of tokens (test data, not cases)."""
    rng = np.random.default_rng(seed)
    records = []
    for k in range(n):
        label = ("employee", "third_category", "independent")[k % 3]
        stated = {"employee": 7, "third_category": 3, "independent": 1}[label]
        tokens = [f"+{i}" for i in rng.choice(EMPLOYMENT, size=stated, replace=False)]
        if label == "independent":
            tokens += ["+own_business", "-schedule_controlled"]
        if label == "third_category":
            tokens += ["-fixed_pay"]
        if rng.random() < 0.3:
            tokens.append("+contract_denies_employment")
        zh = k % 2 == 0
        text = ("骑手 " if zh else "rider ") + " ".join(tokens) + f" tenure={int(rng.integers(1, 40))} #{k}"
        records.append({
            "id": f"t{k:03d}", "text": text, "label": label, "lang": "zh" if zh else "en",
            "jurisdiction": "CN" if zh else ("GB" if k % 4 == 1 else "US-CA"), "origin": "real",
            "source_url": f"https://example.org/test/{k}", "source_title": f"test record {k}", "year": 2024,
            "court_outcome": "test", "sector": "delivery",
        })
    return records


def write_jsonl(path, records) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
