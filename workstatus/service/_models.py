"""The request and response bodies of the REST API, as pydantic models (their schemas are in ``/openapi.json``).

Result bodies are the packages' own records (``Assessment``, ``Audit``,
``obligations.Obligation``, ``obligations.Arrears``); only what the HTTP
layer adds is declared here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from workstatus.classifier import Status
from workstatus.features._catalogue import Indicator
from workstatus.obligations import Obligation, Profile

MAX_TEXT_CHARS = 200_000  #: the longest case text a request may carry (a long judgment is ~50,000)
Answer = str | int | float | bool | None
JURISDICTION = r"^[A-Za-z]{2}([-_][A-Za-z0-9]{1,3})?$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProfileIn(Profile):
    """The worker's profile, every field optional (``obligations.Profile``'s own rules for each given field).

    Without ``monthly_wage`` no amounts are computed; ``as_of`` defaults to today.
    """

    as_of: dt.date | None = None
    monthly_wage: Annotated[Decimal | None, *Profile.model_fields["monthly_wage"].metadata] = None

    def as_mapping(self) -> dict:
        """The fields given, for the facade (which defaults ``as_of`` in its one place)."""
        return self.model_dump(exclude_none=True, exclude_unset=True)


def _non_empty(text: str | None) -> str | None:
    if text is not None and not text.replace("\x00", "").strip():
        raise ValueError("the text is empty (or only spaces and NUL bytes); give the facts of the case")
    return text


class CaseIn(_Body):
    """One case: a text (complaint, case summary, agreement) or questionnaire answers, and a profile."""

    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="the facts, in Chinese or English")
    answers: dict[str, Answer] | None = Field(
        None, description="questionnaire answers keyed by indicator id (see /v1/catalogue): yes/no/unknown, "
                          "+1/-1/0 or true/false/null; tenure_months, weekly_hours, income_share as numbers")
    profile: ProfileIn | None = None
    jurisdiction: str | None = Field(None, pattern=JURISDICTION, description="CN, GB, US-CA…; default: from the language")

    _text = field_validator("text")(classmethod(lambda cls, v: _non_empty(v)))

    @model_validator(mode="after")
    def _one_input(self):
        if (self.text is None) == (self.answers is None):
            raise ValueError("give exactly one of 'text' (the facts) or 'answers' (the questionnaire)")
        return self

    def item(self) -> str | dict:
        return self.text if self.text is not None else dict(self.answers or {})

    def given_profile(self) -> dict | None:
        return self.profile.as_mapping() if self.profile else None

    @property
    def input_field(self) -> str:
        """The field a package's error about the case is placed at."""
        return "answers" if self.answers is not None else "text"


class AssessRequest(CaseIn):
    """``POST /v1/assess``."""

    case_id: str | None = Field(None, max_length=200)
    lang: Literal["zh", "en"] | None = Field(None, description="the text's language; default: detected")
    explain: bool = Field(True, description="compute the reasons (SHAP) and the similar cases (slower)")


class AuditRequest(CaseIn):
    """``POST /v1/audit``: a platform's agreement or questionnaire answers."""

    max_steps: int = Field(8, ge=1, le=33, description="the longest path of removals shown")


class IndicatorsRequest(_Body):
    """``POST /v1/indicators``: the indicators one text states, with their evidence."""

    text: str = Field(..., max_length=MAX_TEXT_CHARS)
    lang: Literal["zh", "en"] | None = None

    _text = field_validator("text")(classmethod(lambda cls, v: _non_empty(v)))


class EvidenceOut(BaseModel):
    indicator: str
    polarity: int
    start: int
    end: int
    text: str
    sentence_start: int | None = None
    sentence_end: int | None = None
    excerpt: str
    attributed: bool | str | None = None
    negated: bool | None = None
    cue: str | None = None
    value: float | None = None


class IndicatorsResponse(BaseModel):
    lang: str | None
    row: dict[str, float | int | None] = Field(description="+1 stated, -1 denied, 0 silent; numeric facts or null")
    evidence: list[EvidenceOut]


class ObligationsRequest(_Body):
    """``POST /v1/obligations``: the obligations that follow from a status (``profile.monthly_wage`` needed)."""

    status: Status
    profile: ProfileIn


class ObligationsResponse(BaseModel):
    status: Status
    region: str
    as_of: dt.date
    parameters_version: str
    obligations: list[Obligation]


class ArrearsRequest(_Body):
    """``POST /v1/arrears``: what the employer of an unenrolled employee owes for a period."""

    profile: ProfileIn = Field(description="monthly_wage needed; region and work_injury_class used")
    start: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="first unenrolled month, YYYY-MM", examples=["2024-01"])
    end: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="last unenrolled month, YYYY-MM", examples=["2024-12"])
    paid_on: dt.date = Field(description="the day the arrears are (or will be) paid")
    due_date_convention: Literal["end_of_month", "end_of_following_month", "fifteenth_of_following_month"] | None = None


class RegionLocalValue(BaseModel):
    start: str
    known: bool
    grade: str


class RegionRow(BaseModel):
    code: str
    name: str | None
    parent: str | None
    as_of: str
    lines: int
    computed: int
    grade: str
    missing: list[str]
    local: dict[str, list[RegionLocalValue]]


class CatalogueResponse(BaseModel):
    version: str
    indicators: list[Indicator]  # the catalogue's own record


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    model_version: str
    model_sha256: str
    parameters_version: str
    catalogue_version: str
    jobs_running: int
    jobs_queued: int
    worker: int = Field(description="the process id of the worker that answered (one per --workers)")


class ErrorItem(BaseModel):
    loc: list[str | int] = Field(description="where: 'body', then the field path")
    msg: str
    type: str


class ErrorBody(BaseModel):
    """Every error: a list of what was wrong where (never a traceback, never the case text)."""

    detail: list[ErrorItem]


ERRORS = {
    413: {"model": ErrorBody, "description": "The body is over the limit."},
    422: {"model": ErrorBody, "description": "A field is missing or wrong; ``loc`` names it."},
}
