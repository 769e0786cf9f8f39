"""How often the cue scanner stops, walks its trie and tries a cue, on the texts of ``assess_speed.py``.

    python3 benchmarks/anchor_stops.py [--texts 2000]

For each language, over the texts holding its script (as ``extract_one`` runs
it, cues and facts in one scanner), counts the anchor regex's stops, the cues
tried (``search tries``: those with characters before their anchor, tried with
``search`` instead of ``match``) and the cues skipped because the text lacks a
string all their matches need; then the CPU time of ``Scanner.matches`` over
the same texts, best of 5, and the time to build the scanner. The counts
replay ``Scanner._try_anchors`` without trying the cues (after the first
``WHOLE_REGEX_AFTER`` texts, with the second anchor regex), so they move only
when the anchors do.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))

from assess_speed import realistic_texts  # noqa: E402
from workstatus.features import IndicatorExtractor  # noqa: E402
from workstatus.features import _compile  # noqa: E402
from workstatus.features._text import normalise, scripts_and_language  # noqa: E402


def count(scanner, norm: str, tally: collections.Counter) -> None:
    """Add the stops, tries and skips of ``scanner`` on ``norm`` to ``tally`` (replaying ``_AnchorSet.stops``)."""
    sets = ([scanner.anchors] if scanner.anchors is not None else [])
    sets += [anchors for needed, anchors in scanner.gated if needed in norm]
    present: dict[int, bool] = {}
    for anchors in sets:
        for _, owners in anchors.stops(norm):
            tally["stops"] += 1
            for index in owners:
                needed = scanner.required[index]
                if needed is not None:
                    if index not in present:
                        present[index] = needed in norm
                    if not present[index]:
                        tally["skipped"] += 1
                        continue
                tally["tries"] += 1
                tally["search tries"] += bool(scanner.prefixes[index])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    texts = [normalise(t) for t in realistic_texts(args.texts)]
    scripts = [scripts_and_language(t)[:2] for t in texts]
    extractor = IndicatorExtractor().fit()
    for which, lang in enumerate(("zh", "en")):
        start = time.process_time()
        scanner = extractor.lexicons_[lang].joint_scanner.built()
        build = time.process_time() - start
        chosen = [t for t, present in zip(texts, scripts) if present[which]]
        tally: collections.Counter = collections.Counter()
        for text in chosen:
            count(scanner, text, tally)
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for text in chosen:
                scanner.matches(text)
            best = min(best, time.process_time() - start)
        fields = ", ".join(f"{key} {tally[key]:,}" for key in ("stops", "tries", "search tries", "skipped"))
        print(f"{lang}: {len(chosen)} texts; {fields}; matches() {best:.3f} s CPU (best of 5); built in {build:.2f} s")


if __name__ == "__main__":
    main()
