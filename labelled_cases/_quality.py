"""Checks on the corpus itself: verdict phrases in the facts, near-duplicate texts."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from workstatus.labelled_cases._rules import rule_problems

# Sentences that state or reveal the outcome or the tribunal's reasoning. The
# facts of a case must not contain them (a party's claim is allowed).
def _cue_pattern(*alternatives: str) -> re.Pattern:
    """One case-insensitive pattern matching any of ``alternatives``."""
    return re.compile("(" + "|".join(alternatives) + ")", re.IGNORECASE)


def _found(pattern: re.Pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text or "")]


VERDICT_PATTERN = _cue_pattern(
    r"法院认为|仲裁委认为|仲裁委员会认为|本院认为|裁决如下|判决如下|裁判要[点旨]|法官说法|典型意义",
    r"驳回.{0,6}(请求|诉讼|上诉)",
    r"认定.{0,8}(存在|不存在|构成|不构成)劳动关系",
    r"the (tribunal|court|judge|board|commission) (held|found|ruled|concluded|decided)",
    r"was held to be|were held to be|found to be an? (employee|worker|independent)",
    r"found (that )?(he|she|they|the drivers?|the riders?|the couriers?) (was|were) (an? )?(employees?|workers?|independent)",
)


def verdict_phrases(text: str) -> list[str]:
    """The verdict-revealing phrases found in ``text`` (empty when clean)."""
    return _found(VERDICT_PATTERN, text)


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


# --- Our own words: the longest run a text shares with its source ----------

_PUNCT = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\"'`~!@#$%^&*()\-_=+\[\]{};:,.<>/?\\|…—–·•“”‘’]+")
_TITLE = re.compile(r"《[^《》]{0,60}》")  # document names are facts and stay exact
_WORD = re.compile(r"\w+(?:['’]\w+)?")
#: The longest run a text may share with its source (LEGAL.md honesty rule).
MAX_SHARED = {"zh": 12, "en": 8}


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc  # OpenCC's dictionaries (opencc-python-reimplemented), a dependency of the extractor

    return opencc.OpenCC("t2s").convert


def _units(text: str, lang: str) -> list[str]:
    """The comparison units of ``text``: characters (zh, traditional folded to
    simplified with OpenCC, so a traditional source is compared like a
    simplified one) or lower-cased words (en). Punctuation and document names
    become a break no run crosses."""
    text = _TITLE.sub("\x00", text or "")
    if lang == "zh":
        return list(_PUNCT.sub("\x00", _to_simplified()(text)))
    units: list[str] = []
    for piece in text.split("\x00"):
        units.extend(w.lower() for w in _WORD.findall(piece))
        units.append("\x00")
    return units


def _grams(units: Sequence[str], k: int) -> set[tuple[str, ...]]:
    grams = set()
    for i in range(len(units) - k + 1):
        gram = tuple(units[i : i + k])
        if "\x00" not in gram:
            grams.add(gram)
    return grams


def longest_shared_run(text: str, source: str, lang: str) -> tuple[int, str]:
    """The longest run of characters (zh) or words (en) that ``text`` shares
    with ``source``, and the run itself.

    Punctuation and spacing are ignored; a document's name in 《》 is a fact
    and is not counted. Binary search on the run length, one set of n-grams
    per step, so a long source costs milliseconds.
    """
    a, b = _units(text, lang), _units(source, lang)
    lo, hi, best = 0, min(len(a), len(b)), ""
    while lo < hi:
        k = (lo + hi + 1) // 2
        shared = _grams(a, k) & _grams(b, k)
        if shared:
            lo, best = k, min(shared)
        else:
            hi = k - 1
    joiner = "" if lang == "zh" else " "
    return lo, joiner.join(best)


# --- Facts without the verdict: reasoning cues that markers alone miss ------

REASONING_PATTERN = _cue_pattern(
    r"认为|可见|足以认定|足以证明|综上|据此|由此|应当认定|应认定|予以认定|不予支持|予以支持|依法",
    r"符合劳动关系|不符合|具有.{0,4}从属性|人身从属|经济从属|组织从属|支配性劳动管理",
    r"一审|二审|再审|原审|上诉|改判|维持原判|发回重审|仲裁裁决|裁决书|判决书|裁定|胜诉|败诉",
    r"the (tribunal|court|board|judge|commission|panel|majority|appeal|ET|EAT)\b[^.;]{0,40}\b"
    r"(held|found|accepted|rejected|concluded|decided|ruled|relied|considered|noted|agreed|reasoned|was satisfied)",
    r"it follows that|we are satisfied|in (our|my) (view|judgment|opinion)|on appeal|appealed",
    r"first[- ]instance|lower court|reversed|affirmed|remanded|upheld|overturned",
    r"dismissed (the|his|her|their) (appeal|claim|application|complaint)s?",
    r"was (held|found|deemed|ruled) to|were (held|found|deemed|ruled) to",
)


def reasoning_cues(text: str) -> list[str]:
    """Phrases that signal the tribunal's reasoning or an outcome at any tier."""
    return _found(REASONING_PATTERN, text)


def load_leak_exceptions(path=None) -> dict[str, set[str]]:
    """The reviewed exceptions of the leak check: case id → cues read and allowed.

    Each entry of ``leak_exceptions.yaml`` names the case, the cue and why it
    is a fact rather than reasoning (e.g. 认为 inside a quoted platform rule).
    """
    path = Path(path) if path is not None else Path(__file__).resolve().parent / "leak_exceptions.yaml"
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed: dict[str, set[str]] = {}
    for entry in entries:
        if not entry.get("why"):
            raise ValueError(f"{path}: the exception for {entry.get('id')!r} says no why")
        allowed.setdefault(entry["id"], set()).add(entry["cue"].lower())
    return allowed


def leak_problems(record: dict, exceptions: dict[str, set[str]] | None = None) -> list[str]:
    """How a case text may carry the tribunal's conclusion or reasoning (empty when clean).

    Three checks: verdict phrases; reasoning cues in either language, less
    the reviewed exceptions; and a long run shared with the tribunal's own
    words (``court_outcome``), which catches a paraphrase that keeps them.
    """
    text, lang = record.get("text") or "", record.get("lang") or "zh"
    allowed = (exceptions or {}).get(record.get("id"), set())
    problems = [f"verdict phrase {p!r}" for p in sorted(set(verdict_phrases(text)))]
    problems += [f"reasoning cue {c!r}" for c in sorted(set(reasoning_cues(text))) if c.lower() not in allowed]
    outcome = record.get("court_outcome") or ""
    if outcome:
        n, run = longest_shared_run(text, outcome, "zh" if lang == "zh" else "en")
        if n > MAX_SHARED.get(lang, 8):
            problems.append(f"shares {n} with court_outcome: {run!r}")
    return problems


def check_corpus(frame) -> list[str]:
    """One line per problem of the real cases in ``frame``: the labelling rule
    (``_rules.rule_problems``) and the leak check (:func:`leak_problems`)."""
    exceptions = load_leak_exceptions()
    lines = []
    for record in frame.to_dict("records"):
        record = {k: v for k, v in record.items() if not (isinstance(v, float) and math.isnan(v))}
        if record.get("origin") != "real":
            continue
        for problem in [*rule_problems(record), *leak_problems(record, exceptions)]:
            lines.append(f"{record['id']}: {problem}")
    return lines
