"""Speed, memory and in-sample sanity of the shipped status model.

Run: ``python3 benchmarks/model_quality.py``. Prints cases per second and
peak traced memory for: the extractor alone (the baseline, measured in the
same run), the fast decision path (no SHAP), and full decisions (SHAP and
similar cases). Held-out quality figures are those of the model card
(``classifier/model/MODEL_CARD.md``), produced by cross-validation in
``workstatus train``; the in-sample accuracy printed here is only a check
that the shipped model loads and agrees with its training data.
"""

from __future__ import annotations

import time
import tracemalloc


def _measure(label: str, n: int, work) -> None:
    # Timed untraced (tracemalloc slows Python code several times), then traced for the memory peak.
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34}{n / seconds:>10.1f} cases/s{peak / 2**20:>10.1f} MiB peak")


def main() -> None:
    from workstatus import classifier
    from workstatus import labelled_cases
    from workstatus.classifier.training import score

    model = classifier.load_model()
    cases = labelled_cases.load_cases(origin="real")
    texts = cases["text"].tolist()
    jurisdictions = cases["jurisdiction"].tolist()
    print(f"model {model.version} ({model.sha256[:12]}…), {len(texts)} real cases")
    _measure("extractor only (baseline)", len(texts), lambda: model.extractor_.transform(texts))
    _measure("decide, explain=False", len(texts),
             lambda: model.decide_texts(texts, jurisdictions, explain=False))
    _measure("decide, explain=True (SHAP)", len(texts),
             lambda: model.decide_texts(texts, jurisdictions, explain=True))
    figures = score(
        [classifier.STATUSES.index(s) for s in cases["label"]], model.predict_proba(cases)
    )
    print(f"in-sample accuracy {figures['accuracy']:.3f}, macro-F1 {figures['macro_f1']:.3f} "
          "(not a held-out figure; see the model card)")


if __name__ == "__main__":
    main()
