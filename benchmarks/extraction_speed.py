"""Extraction speed and memory, beside TfidfVectorizer char n-grams on the same texts.

    python3 benchmarks/extraction_speed.py [--sizes 1000,10000] [--long-every 100] [--chunk 1000]
    python3 benchmarks/extraction_speed.py --lengths 500,2000,10000,50000,500000

Texts are built by sampling real sentences (the official Chinese cases, the
real case records and the annotation sentences), shuffled, a few hundred
characters each, in one language per text; every ``--long-every``-th text is a
long agreement-like text (about 20,000 characters). Both contenders transform
the same texts in the same run; the TF-IDF vocabulary is fitted beforehand on
the first 1,000 texts and its fitting is not timed. Peak memory is measured
with tracemalloc in a separate pass (tracing slows Python down). The last
table streams texts from a generator through ``transform_chunks``: its peak
should not grow with the number of texts.

``--lengths`` prints instead the cost of one text per 1,000 characters at
each length, for real text (real Chinese sentences joined), for text dense
in cue words (a sentence of cues, repeated) and for one cue repeated without
punctuation ("扣款扣款…"), with the evidence it keeps (spans, the size of its
JSON) and its peak memory, beside the TF-IDF transform of the same text.
"""

from __future__ import annotations

import argparse
import csv
import gc
import glob
import json
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # an installed or PYTHONPATH workstatus comes first (e.g. an older tree to compare)

from workstatus.features import IndicatorExtractor  # noqa: E402

CORPUS = Path("/work/shared/corpora/cn-official-labour-cases")
_SPLIT = re.compile(r"(?<=[。！？；.!?;])\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def sentence_pools() -> dict[str, list[str]]:
    """Real sentences by language."""
    texts = [json.loads(p.read_text(encoding="utf-8")).get("keyFacts", "") for p in sorted(CORPUS.glob("*.json"))]
    for path in sorted(glob.glob(str(ROOT / "labelled_cases" / "real" / "*.jsonl"))):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line).get("text", ""))
    table = ROOT / "labelled_cases" / "annotations" / "sentences.csv"
    if table.is_file():
        texts.extend(row["text"] for row in csv.DictReader(table.open(encoding="utf-8")))
    pools: dict[str, list[str]] = {"zh": [], "en": []}
    for text in texts:
        for sentence in _SPLIT.split(text):
            if len(sentence) >= 8:
                pools["zh" if _CJK.search(sentence) else "en"].append(sentence)
    return pools


def make_texts(n: int, pools: dict[str, list[str]], long_every: int, seed: int = 0) -> Iterator[str]:
    """Yield ``n`` texts: a few hundred characters each, a long one every ``long_every``."""
    rng = random.Random(seed)
    for index in range(n):
        pool = pools["zh"] if index % 2 == 0 else pools["en"]
        target = 20_000 if long_every and index % long_every == long_every - 1 else rng.randint(200, 600)
        parts, size = [], 0
        while size < target:
            sentence = rng.choice(pool)
            parts.append(sentence)
            size += len(sentence)
        yield (" " if pool is pools["en"] else "").join(parts)


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def peak_mib(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def length_table(lengths: list[int], pools: dict[str, list[str]]) -> None:
    """Seconds per 1,000 characters, evidence kept and peak memory of one text of each length and kind."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    extractor = IndicatorExtractor().fit()
    rng = random.Random(1)
    real_source = "".join(rng.sample(pools["zh"], len(pools["zh"])))
    while len(real_source) < max(lengths):
        real_source += real_source
    kinds = {
        "real": lambda n: real_source[:n],
        "cue-dense": lambda n: ("骑手必须服从系统派单，拒单扣款，超时罚款，每天在线10小时。" * (n // 28 + 1))[:n],
        "one cue, no punctuation": lambda n: ("扣款" * (n // 2 + 1))[:n],
    }
    tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(pools["zh"][:2000])
    for make in kinds.values():  # build the scanners and compile the cues the texts reach, untimed
        extractor.extract(make(20_000))
    print(f"{'kind':>24s} {'chars':>8s} | {'extract ms/1k':>13s} {'spans':>6s} {'JSON KiB':>9s} {'peak MiB':>9s} | "
          f"{'tfidf ms/1k':>11s}")
    for kind, make in kinds.items():
        for n in lengths:
            text = make(n)
            repeat = max(1, 20_000 // n)
            seconds = timed(lambda: [extractor.extract(text) for _ in range(repeat)]) / repeat
            t_tfidf = timed(lambda: [tfidf.transform([text]) for _ in range(repeat)]) / repeat
            extraction = extractor.extract(text)
            size = len(extraction.model_dump_json(exclude={"text"})) / 1024
            peak = peak_mib(lambda: extractor.extract(text))
            print(f"{kind:>24s} {n:8d} | {1000 * seconds / n * 1000:13.3f} {len(extraction.evidence):6d} {size:9.1f} "
                  f"{peak:9.1f} | {1000 * t_tfidf / n * 1000:11.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of texts, e.g. 10000,100000")
    parser.add_argument("--long-every", type=int, default=100, help="one long agreement-like text every N texts (0: none)")
    parser.add_argument("--chunk", type=int, default=1000, help="rows per chunk when streaming")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    parser.add_argument("--lengths", help="comma-separated text lengths: cost per 1,000 characters of one text instead")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    pools = sentence_pools()
    if args.lengths:
        length_table([int(n) for n in args.lengths.split(",") if n], pools)
        return

    from sklearn.feature_extraction.text import TfidfVectorizer

    extractor = IndicatorExtractor().fit()
    print(f"{'texts':>8s} {'chars/text':>10s} | {'extractor texts/s':>17s} {'peak MiB':>9s} | {'tfidf char(1,3) texts/s':>23s} {'peak MiB':>9s} | ratio")
    for n in sizes:
        texts = list(make_texts(n, pools, args.long_every))
        mean_chars = sum(map(len, texts)) / len(texts)
        tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit(texts[:1000])
        t_ext = timed(lambda: extractor.transform(texts))
        t_tfidf = timed(lambda: tfidf.transform(texts))
        m_ext = m_tfidf = float("nan")
        if not args.no_memory:
            m_ext = peak_mib(lambda: extractor.transform(texts))
            m_tfidf = peak_mib(lambda: tfidf.transform(texts))
        print(f"{n:8d} {mean_chars:10.0f} | {n / t_ext:17.0f} {m_ext:9.1f} | {n / t_tfidf:23.0f} {m_tfidf:9.1f} | {t_tfidf / t_ext:.2f}x")
        del texts

    if args.no_memory:
        return
    print(f"\nstreaming (generator input, chunks of {args.chunk} rows; texts are never all in memory)")
    print(f"{'texts':>8s} | {'texts/s':>8s} {'peak MiB':>9s}")
    for n in sizes:
        def stream() -> None:
            total = 0.0
            for chunk in extractor.transform_chunks(make_texts(n, pools, args.long_every), chunk_size=args.chunk):
                total += float(abs(chunk[:, :26]).sum())

        seconds = timed(stream)
        print(f"{n:8d} | {n / seconds:8.0f} {peak_mib(stream):9.1f}")


if __name__ == "__main__":
    main()
