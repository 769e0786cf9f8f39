"""The Assessment record: everything ``assess`` found, as one validated object.

It is the boundary between computing and showing: reports render its JSON
form (``Assessment.model_dump(mode="json")``), batch flattens it into a row,
and ``Assessment.model_json_schema()`` documents it for other programs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workstatus.classifier import (
    Contribution, Decided, SimilarCase, Split, Status, WordingTerm, strongest_facts, wording_push,
)
from workstatus.classifier._results import trusted
from workstatus.features import Span
from workstatus.obligations import Duty, Obligation, SourceUsed

#: the evidence of an indicator is the extractor's own span
Evidence = Span

DISCLAIMER = (
    "workstatus is decision support, not a legal ruling: a court or arbitration "
    "commission decides status on all the facts of the case."
)


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Indicator(_Record):
    """One indicator the input speaks to (value +1 or -1), with its evidence."""

    id: str
    label: dict[str, str]
    family: str
    towards: str
    value: int
    contract: int = Field(0, description="what a term of the contract or the platform's rules says (+1/-1/0)")
    practice: int = Field(0, description="what the facts as found or undisputed say (+1/-1/0)")
    evidence: tuple[Span, ...] = ()


class ObligationLine(Obligation):
    """One social-insurance duty: the obligations package's own record, whole (its
    sources included), plus what the assessment adds to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weight: float | None = Field(None, description="status probability weighting this line (expected obligations)")
    for_status: str | None = None

    @classmethod
    def of(cls, obligation: Obligation, *, weight: float | None = None, for_status: str | None = None) -> "ObligationLine":
        """The line of an obligation the obligations package already validated (not validated twice)."""
        return trusted(cls, {**obligation.__dict__, "weight": weight, "for_status": for_status})


class ModelInfo(_Record):
    version: str
    sha256: str


class Assessment(_Record):
    """The whole answer for one input: indicators, status, reasons, obligations."""

    case_id: str | None = None
    language: str | None = None
    jurisdiction: str | None = None
    input_kind: Literal["text", "answers", "agreement"] = Field(
        "text", description="a text; questionnaire answers; or an agreement read clause by clause (its terms the "
                            "paper, with any answers beside it the practice)")
    text: str | None = Field(None, description="the input text (kept for reports; never logged)")
    indicators: tuple[Indicator, ...] = ()
    numeric_facts: dict[str, float | None] = {}
    probabilities: dict[str, float]
    most_probable: Status
    status: Decided
    status_note: str | None = Field(None, description="why the status is undetermined, when it is for want of facts")
    explained_output: str | None = None
    base_value: float | None = None
    contributions: tuple[Contribution, ...] | None = None
    similar_cases: tuple[SimilarCase, ...] | None = None
    split: Split | None = Field(None, description="a Chinese case: third category or independent by LEGAL.md 1b's "
                                                  "rule, with the management and own-account facts that decided it")
    obligations: tuple[ObligationLine, ...] = ()
    obligations_basis: Literal["decided", "expected", "none"] = "none"
    expected_monthly_liability: Decimal | None = Field(
        None, description="probability-weighted monthly amount owed by employer or platform (yuan)"
    )
    obligations_note: str | None = None
    duties: tuple[Duty, ...] = Field((), description="what the decided status is owed besides money, with the basis "
                                                    "(the third category's labour-standard duties)")
    waiver_void: SourceUsed | None = Field(
        None, description="the facts state an agreement or promise not to pay social insurance (or cash in lieu): "
                          "the provision that makes it void on as_of")
    model: ModelInfo
    catalogue_version: str
    parameters_version: str | None = None
    as_of: date
    disclaimer: str = DISCLAIMER

    def top_reasons(self, n: int = 3) -> list[Contribution]:
        """The facts that pushed hardest towards the decided (or most probable) status.

        A reason is a fact the input states or denies (an indicator, or a
        numeric fact it gives): never a silent indicator, the jurisdiction or
        the wording of the text (that is :attr:`style_of_text`). The rule is
        the classifier's :func:`~workstatus.classifier.strongest_facts`, which
        the reports apply to this record's JSON form.
        """
        return strongest_facts(self.contributions, n)

    def counter_reasons(self, n: int = 3) -> list[Contribution]:
        """The facts that pushed hardest the other way (what the case reports show as "against")."""
        return strongest_facts(self.contributions, n, sign=-1)

    @property
    def style_of_text(self) -> Contribution | None:
        """The push of the text's wording (character n-grams), shown apart from the reasons: not a fact."""
        return wording_push(self.contributions)


class AssessmentError(_Record):
    """A record that could not be assessed: its id and why (batch keeps the row)."""

    case_id: str | None
    error: str


__all__ = [
    "DISCLAIMER",
    "Assessment",
    "AssessmentError",
    "Contribution",
    "Evidence",
    "Indicator",
    "ModelInfo",
    "ObligationLine",
    "SimilarCase",
    "Split",
    "WordingTerm",
]
