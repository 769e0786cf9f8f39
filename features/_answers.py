"""Questionnaire answers -> the same row as a text, with the answers as evidence."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from workstatus.features._catalogue import Catalogue, load_catalogue, unknown_id_message
from workstatus.features._errors import FeaturesError, FeaturesTypeError
from workstatus.features._evidence import NUMERIC_FACTS, Extraction, Span
from workstatus.features._matching import decide

_WORDS = {
    "yes": 1, "y": 1, "true": 1, "+1": 1, "1": 1, "是": 1, "有": 1,
    "no": -1, "n": -1, "false": -1, "-1": -1, "否": -1, "无": -1, "没有": -1,
    "unknown": 0, "": 0, "0": 0, "n/a": 0, "na": 0, "不知道": 0, "不清楚": 0,
}
_FACT_LIMITS = {"tenure_months": (0.0, 1200.0), "weekly_hours": (0.0, 168.0), "income_share": (0.0, 1.0)}


def _polarity(name: str, answer: Any) -> int:
    if answer is None:
        return 0
    if isinstance(answer, bool):
        return 1 if answer else -1
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        if answer in (1, -1, 0):
            return int(answer)
    elif isinstance(answer, str) and answer.strip().lower() in _WORDS:
        return _WORDS[answer.strip().lower()]
    raise FeaturesError(
        f"answer {answer!r} for {name!r} is not understood; expected yes/no/unknown, +1/-1/0 or True/False/None."
    )


def _fact(name: str, answer: Any) -> float:
    if answer is None or (isinstance(answer, str) and answer.strip().lower() in ("", "unknown")):
        return math.nan
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise FeaturesTypeError(f"answer {answer!r} for {name!r} is not a number; expected a number or None.")
    value = float(answer)
    low, high = _FACT_LIMITS[name]
    if math.isnan(value):
        return value
    if not low <= value <= high:
        raise FeaturesError(f"answer {value!r} for {name!r} is out of range; expected {low:g} to {high:g}.")
    return value


def read_answers(mapping: Mapping[str, Any], catalogue: Catalogue | str | None = None) -> Extraction:
    """Turn questionnaire answers into an indicator row with evidence.

    Parameters
    ----------
    mapping : Mapping
        Indicator id -> ``"yes"``/``"no"``/``"unknown"``, +1/-1/0 or
        True/False/None; numeric fact -> a number or None. Ids not given are 0
        (silent) and facts not given are NaN.
    catalogue : Catalogue or path, optional
        Default: the shipped catalogue.

    Returns
    -------
    Extraction
        ``lang`` is None; every non-silent answer is a ``Span`` with
        ``source="answer"``, ``cue="answer"``, offsets -1 and empty texts.

    Raises
    ------
    FeaturesError
        For an id not in the catalogue (naming it and the closest known id),
        or an answer that is not understood.
    """
    if not isinstance(mapping, Mapping):
        raise FeaturesTypeError(f"answers must be a mapping of indicator id to answer, got {type(mapping).__name__}.")
    cat = load_catalogue(catalogue)
    known = cat.ids + NUMERIC_FACTS
    spans = []
    for name, answer in mapping.items():
        if name not in known:
            raise FeaturesError(unknown_id_message(name, known, where="the answers"))
        if name in NUMERIC_FACTS:
            value = _fact(name, answer)
            if not math.isnan(value):
                spans.append(_answer_span(name, None, value, answer))
            continue
        polarity = _polarity(name, answer)
        if polarity:
            spans.append(_answer_span(name, polarity, None, answer))
    return Extraction(lang=None, row=decide(spans, cat.ids), evidence=tuple(spans))


def _answer_span(name: str, polarity: int | None, value: float | None, answer: Any) -> Span:
    return Span(
        indicator=name, polarity=polarity, start=-1, end=-1, text="", sentence="",
        sentence_start=-1, sentence_end=-1, attributed=False, cue="answer", value=value, source="answer",
    )
