"""What a decision returns: plain, frozen data that reports and the facade can read."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Contribution:
    """The push of one indicator (or numeric fact, the jurisdiction, or the wording) towards the decided status.

    ``shap`` is in the units of :attr:`Decision.explained_output`; positive
    values push towards the decided status. The ``wording`` contribution (a
    model with a wording block) has no value; ``terms`` lists the character
    n-grams of the text that pushed hardest, each with its own SHAP value.
    """

    indicator: str
    value: float            # +1 stated, −1 denied, 0 silent; a number for numeric facts; NaN for the wording
    shap: float
    evidence: tuple[Any, ...] = ()
    terms: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "value": None if self.value != self.value else self.value,  # NaN: the fact is unknown
            "shap": self.shap,
            "evidence": [_span_dict(s) for s in self.evidence],
            "terms": [{"term": t, "shap": v} for t, v in self.terms],
        }


@dataclass(frozen=True)
class SimilarCase:
    """A real training case close to this one in indicator space."""

    id: str
    label: str
    court_outcome: str | None
    source_title: str | None
    source_url: str | None
    jurisdiction: str | None
    similarity: float
    shared: tuple[str, ...]  # indicators with the same non-zero value in both

    def to_dict(self) -> dict:
        return asdict(self) | {"shared": list(self.shared)}


@dataclass(frozen=True)
class Decision:
    """The model's answer for one case.

    ``status`` is one of the statuses or ``"undetermined"`` when the highest
    probability is below the model's threshold; ``probabilities`` are always
    given. With ``explain=False`` the contributions and similar cases are
    empty and ``base_value`` is None. Additivity:
    ``base_value + sum(c.shap for c in contributions) == explained_value``.
    """

    probabilities: dict[str, float]
    status: str
    most_probable: str
    contributions: tuple[Contribution, ...] = ()
    base_value: float | None = None
    explained_output: str | None = None
    explained_value: float | None = None
    similar: tuple[SimilarCase, ...] = ()
    jurisdiction: str | None = None
    family: str | None = None
    threshold: float | None = None

    def to_dict(self) -> dict:
        return {
            "probabilities": dict(self.probabilities),
            "status": self.status,
            "most_probable": self.most_probable,
            "threshold": self.threshold,
            "jurisdiction": self.jurisdiction,
            "family": self.family,
            "base_value": self.base_value,
            "explained_output": self.explained_output,
            "explained_value": self.explained_value,
            "contributions": [c.to_dict() for c in self.contributions],
            "similar": [s.to_dict() for s in self.similar],
        }


def _span_dict(span: Any) -> Any:
    if hasattr(span, "model_dump"):
        return span.model_dump()
    if hasattr(span, "__dataclass_fields__"):
        return asdict(span)
    if hasattr(span, "_asdict"):
        return span._asdict()
    return span
