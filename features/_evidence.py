"""The result types: one evidence ``Span`` and one ``Extraction`` per text.

Both are frozen pydantic records: the classifier attaches the spans to its
contributions and the facade's ``Assessment`` embeds them as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

NUMERIC_FACTS = ("tenure_months", "weekly_hours", "income_share")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """One piece of evidence.

    ``text == original[start:end]`` and ``sentence == original[sentence_start:sentence_end]``.
    For a questionnaire answer, ``source == "answer"`` and the offsets are -1.

    Attributes
    ----------
    indicator : str
        The indicator id, or a numeric fact name.
    polarity : int or None
        +1 (the text states it), -1 (it states the opposite), None for numeric facts.
    start, end : int
        Offsets of the match in the original text.
    text : str
        The matched characters.
    sentence, sentence_start, sentence_end
        The sentence holding the match and its offsets.
    attributed : bool
        True when the match sits in a party's claim ("公司主张…", "Uber argued that…").
    says : str
        ``"claim"`` (attributed), ``"contract"`` (the sentence states a term of
        an agreement or the platform's rules: "协议约定", "the agreement
        provides"), or ``"fact"``. A report can then set what the paper says
        beside what happened in practice.
    cue : str
        The id of the lexicon pattern (``lang:indicator:+n``) or its name.
    value : float or None
        The value of a numeric fact.
    negated : bool
        True when a negator before the cue flipped its polarity.
    source : str
        ``"text"`` or ``"answer"``.
    """

    indicator: str
    polarity: int | None = Field(description="+1 stated, -1 denied; None for a numeric fact")
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int = -1
    sentence_end: int = -1
    attributed: bool = Field(False, description="a party's claim rather than an established fact")
    says: Literal["fact", "contract", "claim"] = Field(
        "fact", description="who says it: a fact as found or undisputed, a term of the contract or the platform's "
                            "rules, or a party's claim")
    cue: str = ""
    value: float | None = None
    negated: bool = False
    source: Literal["text", "answer"] = "text"


class Extraction(_Frozen):
    """The indicator row of one text (or answer sheet) with its evidence.

    Attributes
    ----------
    lang : str or None
        ``"zh"`` or ``"en"`` (the dominant language), None for answers.
    row : Mapping[str, float]
        Indicator id -> +1/-1/0 (int), numeric fact -> float (NaN when unknown).
    evidence : tuple of Span
        In order of position in the text.
    text : str
        The text the row was extracted from ("" for answers); kept out of
        ``repr`` so that logging an extraction never prints a whole case.
    """

    lang: str | None
    row: dict[str, int | float]
    evidence: tuple[Span, ...] = ()
    text: str = Field("", repr=False)

    def said(self, says: str) -> dict[str, int]:
        """The indicator values the evidence of one kind gives: ``"contract"`` (what the paper says) or
        ``"fact"`` (what happened in practice). Claims give none; silent indicators are left out."""
        out: dict[str, int] = {}
        for span in self.evidence:
            if span.says != says or span.polarity is None:
                continue
            if span.polarity > 0 or span.indicator not in out:  # +1 wins a conflict, as in the row
                out[span.indicator] = int(span.polarity)
        return out

    def spans_for(self, indicator: str) -> tuple[Span, ...]:
        """The evidence of one indicator or numeric fact."""
        return tuple(span for span in self.evidence if span.indicator == indicator)


def trusted(cls: type[BaseModel], fields: dict, given: set[str]) -> BaseModel:
    """A record of ``cls`` built from fields the extraction itself computed, whole and of their types.

    What ``cls(**{name: fields[name] for name in given})`` gives, without validating again: ``fields``
    holds every field in declaration order (defaults included) and becomes the record's ``__dict__``;
    ``given`` is the set of names the validating call would have been passed (``__pydantic_fields_set__``,
    shared: a frozen record never changes it, ``model_copy`` copies it). A case's spans were about a tenth
    of the reader's and the scanner's time when each was validated. Only for values of exactly the field's
    type (``int``, not ``numpy.int64``), as ``tests/features/test_evidence.py`` pins against validation.
    """
    record = _new(cls)
    _set(record, "__dict__", fields)
    _set(record, "__pydantic_fields_set__", given)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


# bound once: a case makes about 16 records without explanations and 70 with them (0.9 -> 0.6 µs each)
_new, _set = object.__new__, object.__setattr__


#: the fields each maker of a span passes (``__pydantic_fields_set__`` of what validation would give)
CUE_SPAN_FIELDS = {"indicator", "polarity", "start", "end", "text", "sentence", "sentence_start", "sentence_end",
                   "attributed", "says", "cue", "value", "negated"}
LEARNED_SPAN_FIELDS = CUE_SPAN_FIELDS - {"value", "negated"}
EXTRACTION_FIELDS = {"lang", "row", "evidence", "text"}
