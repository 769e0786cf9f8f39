"""Checks on the corpus itself: verdict phrases in the facts, near-duplicate texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Sentences that state or reveal the outcome or the tribunal's reasoning. The
# facts of a case must not contain them (a party's claim is allowed).
VERDICT_PATTERN = re.compile(
    r"(法院认为|仲裁委认为|仲裁委员会认为|本院认为|裁决如下|判决如下|裁判要[点旨]|法官说法|典型意义|"
    r"驳回.{0,6}(请求|诉讼|上诉)|"
    r"认定.{0,8}(存在|不存在|构成|不构成)劳动关系|"
    r"the (tribunal|court|judge|board|commission) (held|found|ruled|concluded|decided)|"
    r"was held to be|were held to be|found to be an? (employee|worker|independent)|"
    r"found (that )?(he|she|they|the drivers?|the riders?|the couriers?) (was|were) (an? )?(employees?|workers?|independent))",
    re.IGNORECASE,
)


def verdict_phrases(text: str) -> list[str]:
    """The verdict-revealing phrases found in ``text`` (empty when clean)."""
    return [m.group(0) for m in VERDICT_PATTERN.finditer(text or "")]


def _shingles(text: str, k: int = 5) -> set[str]:
    compact = re.sub(r"\s+", "", text.lower())
    return {compact[i : i + k] for i in range(max(len(compact) - k + 1, 1))}


def near_duplicates(
    ids: Sequence[str], texts: Sequence[str], *, threshold: float = 0.6
) -> list[tuple[str, str, float]]:
    """Pairs of records whose texts overlap heavily (containment of 5-character shingles).

    Containment (shared shingles over the smaller text's) catches one text
    republished inside another, which plain Jaccard misses.
    """
    sets = [_shingles(t) for t in texts]
    index: dict[str, list[int]] = {}
    for n, shingles in enumerate(sets):
        for s in shingles:
            index.setdefault(s, []).append(n)
    pairs: dict[tuple[int, int], int] = {}
    for members in index.values():
        if len(members) > 50:  # boilerplate shingles shared by many cases
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    found = []
    for (a, b), shared in pairs.items():
        score = shared / min(len(sets[a]), len(sets[b]))
        if score >= threshold:
            found.append((ids[a], ids[b], round(score, 3)))
    return sorted(found, key=lambda p: -p[2])


def check_texts(ids: Iterable[str], texts: Iterable[str]) -> list[str]:
    """One line per record whose text reveals the outcome."""
    return [f"{i}: {', '.join(sorted(set(found)))}" for i, t in zip(ids, texts) if (found := verdict_phrases(t))]
