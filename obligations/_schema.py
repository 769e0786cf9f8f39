"""The format of the parameter files, as pydantic models; ``README.md`` describes it in prose.

The loader validates every file against these models, and the JSON schema a region-file
author gets (``obligations.parameter_schema()``) is generated from them. Each kind of
value (shares, amounts, lists, a flag…) has its own models, chosen by the ``unit`` key.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Strict, StrictBool
from pydantic import Tag, ValidationInfo, create_model, field_validator, model_validator
from typing_extensions import TypeAliasType

GRADES = ("official", "text", "secondary", "unverified")
DUE_DATE_CONVENTIONS = ("end_of_month", "end_of_following_month", "fifteenth_of_following_month")


class FileModel(BaseModel):
    """A mapping in a parameter file: unknown keys are refused, naming the keys allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        # extra="forbid" puts additionalProperties: false in the schema, but its error does not name the keys allowed
        for key in data if isinstance(data, dict) else ():
            if key not in cls.model_fields:
                raise ValueError(f"key {key!r} is unknown; expected one of {', '.join(cls.model_fields)}")
        return data


def _named(pattern: str, message: str) -> Any:
    """A string matching ``pattern``; anything else is refused with ``message``."""
    def check(value: Any) -> Any:
        if not (isinstance(value, str) and re.fullmatch(pattern, value)):
            raise ValueError(message.format(value=value))
        return value
    return Annotated[str, Field(pattern=f"^{pattern}$"), BeforeValidator(check)]


def _unquoted_date(value: Any) -> Any:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError("not a date; expected YYYY-MM-DD (unquoted)")
    return value


# Strict: a quoted "2019-05-01" is a string, not a date; the validator only words the error.
EffectiveDate = Annotated[dt.date, Strict(), BeforeValidator(_unquoted_date)]
ParameterKey = _named(r"[a-z][a-z0-9_]*", "not a parameter name; expected lower_snake_case")
RegionCode = _named(r"\d{6}", "{value!r} is not a GB/T 2260 region code; expected 6 quoted digits like '110000'")
# A region's own code may be written unquoted: 530000.
OwnCode = Annotated[RegionCode, BeforeValidator(lambda v: f"{v:06d}" if type(v) is int else v)]


def _band(table: dict) -> dict:
    if set(table) == {"min", "max"} and table["min"] > table["max"]:
        raise ValueError(f"min {table['min']} is above max {table['max']}")
    return table


def _numbers(name: str, number: Any) -> Any:
    """A ``number``, or a table of them: {min, max}, {1: …, 2: …} by class, nested by sector."""
    return TypeAliasType(name, Annotated[Union[
        Annotated[number, Tag("number")],
        Annotated[dict[Union[str, int], name], AfterValidator(_band), Tag("table")],  # name: a forward reference
    ], Discriminator(lambda value: "table" if isinstance(value, dict) else "number")])


Shares = _numbers("Shares", Annotated[Decimal, Field(ge=0, le=1)])
Amounts = _numbers("Amounts", Annotated[Decimal, Field(ge=0)])


class Platform(FileModel):
    """A platform of the occupational-injury pilot."""

    name: str
    aliases: list[str] = []
    sector: str


class Rounding(FileModel):
    """How money is rounded: to ``quantum`` yuan, half up."""

    quantum: Annotated[Decimal, Field(gt=0)]
    mode: Literal["half_up"]


VALUES: dict[str, tuple[tuple[str, ...], Any]] = {  # a kind of value: its units, and what one value is
    "Share": (("share", "share/day"), Shares),
    "Amount": (("CNY", "CNY/month", "CNY/year", "CNY/order", "multiple"), Amounts),
    "RegionCodes": (("region_codes",), tuple[RegionCode, ...]),
    "Sectors": (("sectors",), tuple[str, ...]),
    "Platforms": (("platforms",), tuple[Platform, ...]),
    "Flag": (("flag",), StrictBool),
    "Convention": (("convention",), Literal[DUE_DATE_CONVENTIONS]),
    "Rule": (("rule",), Rounding),
}
UNITS = tuple(unit for units, _ in VALUES.values() for unit in units)


class Source(FileModel):
    """Where a value comes from, and how well it was verified."""

    model_config = ConfigDict(
        coerce_numbers_to_str=True,  # 文号 and articles may be written as bare numbers
        json_schema_extra={"if": {"properties": {"verified": {"const": "unverified"}}},  # what _cited checks
                           "then": {"anyOf": [{"required": [key]} for key in ("doc", "url", "note")]},
                           "else": {"anyOf": [{"required": [key]} for key in ("doc", "url")]}},
    )

    verified: Literal[GRADES]
    doc: str | None = None
    article: str | None = None
    url: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _cited(self) -> Source:
        if self.verified != "unverified" and not (self.doc or self.url):
            raise ValueError(f"a {self.verified} source needs a doc or a url")
        if not (self.doc or self.url or self.note):
            raise ValueError("an unverified source needs a note saying what is missing")
        return self

    def cite(self) -> str:
        """The document and article, or the URL when there is no document."""
        text = self.doc or self.url or "no source"
        return f"{text} art. {self.article}" if self.article else text


class Entry(FileModel):
    """One value, in force from its date until the next; ``value: null`` closes the parameter."""

    value: Any
    source: Source
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_bare_null(cls, data: Any) -> Any:
        if data is None:
            raise ValueError("write a lapse as 'value: null' with a source, not a bare null")
        return data


class Description(FileModel):
    """What the parameter is, in Chinese and in English."""

    zh: str
    en: str


class NationalParameter(FileModel):
    """A parameter in ``parameters/cn/<namespace>.yaml``."""

    description: Description
    level: Literal["national", "local"] = "national"
    note: str | None = None


class RegionParameter(FileModel):
    """A region's values for a national parameter; the unit must be the national one."""

    description: Description | None = None
    note: str | None = None


def _by_unit(base: type[FileModel]) -> Any:
    """One model per kind of value, derived from ``base`` and chosen by the ``unit`` key."""
    models = []
    for kind, (units, value) in VALUES.items():
        entry = create_model(f"{kind}Entry", __base__=Entry, value=(Optional[value], ...))
        models.append(create_model(
            f"{base.__name__.removesuffix('Parameter')}{kind}Parameter", __base__=base, __doc__=base.__doc__,
            unit=(Literal[units], ...), values=(dict[EffectiveDate, entry], Field(
                min_length=1, description="effective-from day (YYYY-MM-DD, unquoted) → the value in force from then")),
        ))
    return Annotated[Union[tuple(models)], Field(discriminator="unit")]


NationalFile = dict[ParameterKey, _by_unit(NationalParameter)]


class RegionId(FileModel):
    code: OwnCode
    name: dict[str, str]


class RegionFile(FileModel):
    """A region file: ``parameters/regions/<code>.yaml`` or a user's ``--parameters FILE``."""

    region: RegionId
    parent: OwnCode | None = None
    note: str | None = None
    parameters: dict[str, _by_unit(RegionParameter)] | None

    @field_validator("parameters", mode="before")
    @classmethod
    def _national_names(cls, parameters: Any, info: ValidationInfo) -> Any:
        units = info.context["units"]  # of the national parameters, by name
        for name, spec in parameters.items() if isinstance(parameters, dict) else ():
            if name not in units:
                raise ValueError(
                    f"key {name!r} is unknown; expected a national parameter such as "
                    "'contribution_base.monthly_limits' (see obligations/README.md)"
                )
            if isinstance(spec, dict) and spec.get("unit", units[name]) != units[name]:
                raise ValueError(f"key {name!r}: unit {spec['unit']!r} differs from the national unit {units[name]!r}")
        return parameters
