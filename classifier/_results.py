"""What a decision returns: frozen pydantic records that reports and the facade embed as they are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workstatus.features import Span
from workstatus.features._evidence import trusted as _trusted


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def trusted(cls: type[BaseModel], fields: dict):
    """A record of ``cls`` from fields the pipeline itself computed, whole and already of their types.

    What ``cls(**fields)`` gives (every field given, so every field set), without validating again
    what was built from validated records and numpy floats: with explanations a case holds about 50
    such records, and their validation was a third of the time. ``fields`` holds every field, in
    declaration order. The record is made by the extractor's own :func:`features._evidence.trusted`;
    the set of field names is one per class, shared (a frozen record never changes it).
    """
    every = _EVERY_FIELD.get(cls)
    if every is None:
        every = _EVERY_FIELD[cls] = set(cls.model_fields)
    return _trusted(cls, fields, every)


_EVERY_FIELD: dict[type, set[str]] = {}


class WordingTerm(_Frozen):
    """A character n-gram of the text and its own SHAP push."""

    term: str
    shap: float


class Contribution(_Frozen):
    """The push of one indicator (or numeric fact, the jurisdiction, or the wording) towards the decided status.

    ``shap`` is in the units of :attr:`Decision.explained_output`; positive
    values push towards the decided (or most probable) status. The ``wording``
    contribution (a model with a wording block) has no value; ``terms`` lists
    the character n-grams of the text that pushed hardest, each with its own
    SHAP value.
    """

    indicator: str = Field(description="an indicator id, a numeric fact, 'jurisdiction' or 'wording'")
    label: dict[str, str] = Field(default_factory=dict, description="what it is called, by language")
    value: float | None = Field(description="+1 stated, -1 denied, 0 silent; a number for a numeric fact; "
                                            "None when unknown, and for the wording")
    shap: float
    evidence: tuple[Span, ...] = Field((), description="the sentences that state this indicator")
    terms: tuple[WordingTerm, ...] = ()

    @property
    def is_fact(self) -> bool:
        """A fact the input states or denies (an indicator or a numeric fact it gives): what a reason may be.
        The wording, the jurisdiction and a silent indicator are not facts of the case."""
        return is_fact(self.indicator, self.value)


def is_fact(indicator: str, value: float | None) -> bool:
    """The rule of :attr:`Contribution.is_fact`, also for a contribution in its JSON form."""
    return indicator not in ("wording", "jurisdiction") and value not in (None, 0)


def _field(contribution: Contribution | Mapping, name: str):
    return contribution.get(name) if isinstance(contribution, Mapping) else getattr(contribution, name)


def strongest_facts(contributions: Iterable[Contribution | Mapping] | None, n: int, *, sign: int = +1) -> list:
    """The rule for a case's reasons: of the facts (:func:`is_fact`) whose push has ``sign`` (+1 towards the
    decided or most probable status, -1 the other way), the ``n`` strongest, strongest first, ties in their
    order. For :class:`Contribution` records and their JSON form alike (the facade's Assessment holds the
    one, the reports read the other)."""
    facts = [c for c in contributions or () if is_fact(_field(c, "indicator"), _field(c, "value"))
             and _field(c, "shap") * sign > 0]
    return sorted(facts, key=lambda c: -_field(c, "shap") * sign)[:n]


def wording_push(contributions: Iterable[Contribution | Mapping] | None) -> Contribution | Mapping | None:
    """The push of the text's wording (character n-grams), shown apart from the reasons: not a fact."""
    return next((c for c in contributions or () if _field(c, "indicator") == "wording"), None)


class SimilarCase(_Frozen):
    """A real training case close to this one in indicator space."""

    id: str
    label: str
    court_outcome: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    jurisdiction: str | None = None
    similarity: float
    shared: tuple[str, ...] = Field((), description="indicators with the same non-zero value in both")


class SplitFact(_Frozen):
    """A fact that LEGAL.md 1b's rule counts: a management fact or an own-account fact, with its sentences."""

    indicator: str
    value: int = Field(description="+1 stated, -1 denied")
    side: Literal["management", "own_account"]
    kind: str = Field(description="the kind of fact of LEGAL.md 1b (distinct kinds are counted)")
    label: dict[str, str] = Field(default_factory=dict, description="the indicator's name, by language")
    evidence: tuple[Span, ...] = ()


class Split(_Frozen):
    """China's second stage: third category or independent, by LEGAL.md 1b's rule on the facts the text states.

    ``outcome`` is the rule's answer; ``p_third`` the share of the training
    cases (Chinese, not employment) with that answer that were labelled third
    category — the rate the decision's probabilities split by.
    """

    outcome: Literal["third_category", "independent"]
    management: int = Field(description="how many distinct management facts are stated")
    own_account: int = Field(description="how many own-account facts are stated")
    facts: tuple[SplitFact, ...] = ()
    p_third: float
    basis: str


class Decision(_Frozen):
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
    note: str | None = Field(None, description="why the status is undetermined when it is not for lack of confidence")
    split: Split | None = Field(None, description="a Chinese case, with a model that splits by rule: third category "
                                                  "or independent by LEGAL.md 1b, and the facts that decided it")
