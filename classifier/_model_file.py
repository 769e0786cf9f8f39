"""What a model folder may hold, as pydantic models: the loader validates ``model.json`` and ``manifest.json``
against them before it builds anything.

Every node is closed (``extra="forbid"``), strictly typed (no string read as a
number, no number as a boolean) and bounded in size; a node's ``type`` names
one of this project's classes, never a module to import. ``ModelFile.arrays()``
gives the name and shape of every array that ``model.npz`` must hold, so an
archive with more, fewer or other-shaped arrays is refused before it is read.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator

FORMAT = "workstatus-model"
FORMAT_VERSION = 1
STATE_FILE = "model.json"
ARRAYS_FILE = "model.npz"
#: the files a model is read from, in the order of the manifest's fingerprint
MODEL_FILES = (STATE_FILE, ARRAYS_FILE)
MAX_FILE_BYTES = 256 << 20  #: a model.json, a model.npz or one array in it (the shipped ones: 260 kB and 8 kB)
MAX_ITEMS = 100_000  #: entries of one list or mapping: terms, design columns, reference cases
MAX_NAME = 2_000  #: characters of one name, URL or title

Name = Annotated[str, Field(max_length=MAX_NAME)]
Names = Annotated[list[Name], Field(max_length=MAX_ITEMS)]
Number = Annotated[float, Field(allow_inf_nan=False)]
Params = Annotated[dict[Name, JsonValue], Field(max_length=200)]
ArrayName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.]{1,100}$")]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Cell = Annotated[str, Field(max_length=MAX_NAME)] | int | Number | bool | None
Status = Annotated[int, Field(ge=0, le=2)]  #: a status's index in STATUSES (strict: never a boolean)


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Constant(_Node):
    type: Literal["constant"]
    status: Status


class ConstantLogit(_Node):
    type: Literal["constant_logit"]
    score: Number


class Logistic(_Node):
    type: Literal["logistic"]
    classes: Annotated[list[Status], Field(min_length=2, max_length=3)]
    coef: ArrayName
    intercept: ArrayName

    @property
    def rows(self) -> int:
        return 1 if len(self.classes) == 2 else len(self.classes)


class TwoStage(_Node):
    type: Literal["two_stage"]
    stages: Annotated[list[Annotated[Logistic | ConstantLogit, Field(discriminator="type")]],
                      Field(min_length=2, max_length=2)]


class Wording(_Node):
    type: Literal["TfidfVectorizer"]
    terms: Names
    idf: ArrayName


class Design(_Node):
    type: Literal["IndicatorDesign"]
    params: Params
    indicators: Names
    numeric: Names
    numeric_mean: Annotated[dict[Name, Number], Field(max_length=MAX_ITEMS)]
    numeric_std: Annotated[dict[Name, Number], Field(max_length=MAX_ITEMS)]
    families: Names
    feature_names: Names
    sources: Names
    wording: Wording | None

    @model_validator(mode="after")
    def _one_value_per_column(self):
        if set(self.numeric_mean) != set(self.numeric) or set(self.numeric_std) != set(self.numeric):
            raise ValueError("numeric_mean and numeric_std must have one value per numeric fact")
        if len(self.sources) != len(self.feature_names):
            raise ValueError(f"{len(self.sources)} sources for {len(self.feature_names)} design columns")
        return self


class RowClassifier(_Node):
    type: Literal["RowStatusClassifier"]
    params: Params
    design: Design
    background: ArrayName
    temperature: Annotated[list[Number], Field(min_length=1, max_length=2)]
    split_rates: Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=2, max_length=2)] | None = None
    core: Annotated[Constant | Logistic | TwoStage, Field(discriminator="type")]

    def logistics(self) -> list[Logistic]:
        stages = self.core.stages if isinstance(self.core, TwoStage) else [self.core]
        return [stage for stage in stages if isinstance(stage, Logistic)]


class ExtractorSpec(_Node):
    type: Name
    params: Params
    feature_names: Names
    catalogue_version: Name | None


class Reference(_Node):
    columns: Annotated[dict[Name, Annotated[list[Cell], Field(max_length=MAX_ITEMS)]], Field(max_length=20)]
    indicators: ArrayName

    @model_validator(mode="after")
    def _one_value_per_case(self):
        from workstatus.classifier._model import REFERENCE_KEYS

        expected = {*REFERENCE_KEYS, "label"}
        if set(self.columns) != expected or len({len(v) for v in self.columns.values()}) != 1:
            raise ValueError(f"expected the columns {sorted(expected)}, one value per case each; "
                             f"got {sorted(self.columns)}")
        return self


class StatusModelState(_Node):
    type: Literal["StatusModel"]
    params: Params
    extractor: ExtractorSpec
    extractor_given: bool
    indicators: Names
    training_data_sha256: Name
    reference: Reference
    estimator: RowClassifier


class ModelFile(_Node):
    """``model.json``."""

    format: Literal[FORMAT]
    format_version: Literal[FORMAT_VERSION]
    model: StatusModelState

    def arrays(self) -> dict[str, tuple[int, ...]]:
        """The name and shape of every array ``model.npz`` must hold."""
        model, estimator = self.model, self.model.estimator
        width = len(estimator.design.feature_names)
        shapes = {model.reference.indicators: (len(model.reference.columns["id"]), len(model.indicators)),
                  estimator.background: (1, width)}
        if estimator.design.wording is not None:
            shapes[estimator.design.wording.idf] = (len(estimator.design.wording.terms),)
        for logistic in estimator.logistics():
            shapes[logistic.coef] = (logistic.rows, width)
            shapes[logistic.intercept] = (logistic.rows,)
        return shapes


class _Files(_Node):
    state: Hex64 = Field(alias=STATE_FILE)
    arrays: Hex64 = Field(alias=ARRAYS_FILE)


class Manifest(_Node):
    """``manifest.json``: the sha256 of each model file, their fingerprint, and what the model was trained on."""

    format: Literal[FORMAT]
    format_version: Literal[FORMAT_VERSION]
    files: _Files
    sha256: Hex64
    version: Name
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    versions: Annotated[dict[Name, Name], Field(max_length=20)]
    training_data_sha256: Name | None
    n_training_cases: int | None
    catalogue_version: Name | None
    config: Params
    metrics: Annotated[dict[Name, JsonValue], Field(max_length=1_000)]

    @property
    def hashes(self) -> dict[str, str]:
        """The sha256 of each model file, by file name."""
        return self.files.model_dump(by_alias=True)


_TAGS = {"constant", "constant_logit", "logistic", "two_stage"}  # the union members pydantic names in a location


def first_problem(err: ValidationError) -> str:
    """The first error of a validation, said as ``where: what`` (``where`` in the file's own keys)."""
    error = err.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"] if part not in _TAGS) or "top level"
    ctx, given = error.get("ctx", {}), error["input"]
    if error["type"] == "union_tag_invalid":
        expected = " or ".join(tag.strip(" '") for tag in ctx["expected_tags"].split(","))
        return f"{where} is of type {ctx['tag']!r}; expected {expected} (the loader builds only its own types)"
    if error["type"] == "literal_error" and where.endswith(".type"):
        return (f"{where[:-len('.type')]} is of type {given!r}; expected {ctx['expected'].strip(chr(39))} "
                "(the loader builds only its own types)")
    if error["type"] == "extra_forbidden":
        return f"{where} is not a key this version reads"
    got = "" if error["type"] == "missing" or isinstance(given, (dict, list)) else f" (got {given!r:.60})"
    return f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}{got}"
