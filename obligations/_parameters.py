"""Dated, cited legal parameters in memory, and the lookup by date and region.

The files are read by ``obligations._loader``; see ``README.md`` for their format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from workstatus.obligations._schema import Source

PARAMETERS_DIR = Path(__file__).parent / "parameters"
NATIONAL = "000000"


@dataclass(frozen=True)
class Dated:
    """One value of a parameter, in force from ``start`` until the next key."""

    start: dt.date
    value: Any
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class Parameter:
    """A legal number (or list, or table) with its history."""

    name: str
    unit: str
    level: str
    values: tuple[Dated, ...]
    path: Path
    description: Mapping[str, str] = field(default_factory=dict)
    note: str | None = None

    def at(self, as_of: dt.date) -> Dated | None:
        """The value in force on ``as_of``; ``None`` before the first key."""
        current = None
        for dated in self.values:
            if dated.start <= as_of:
                current = dated
        return current


@dataclass(frozen=True)
class Region:
    """A region file: its code, names, optional parent region and its overrides."""

    code: str
    name: Mapping[str, str]
    parameters: Mapping[str, Parameter]
    path: Path
    parent: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Lookup:
    """The answer to "what is parameter X on day D in region R", with where it came from.

    ``status`` is ``available`` (a value, graded official/text/secondary), ``unverified``
    (a value graded unverified: shown, never computed with) or ``missing`` (no value).
    ``level`` is ``national``, ``national guidance`` or the region code that supplied it.
    """

    name: str
    status: str
    value: Any
    level: str
    start: dt.date | None
    source: Source | None
    note: str

    @property
    def grade(self) -> str:
        return self.source.verified if self.source else "unverified"


class ParameterSet:
    """National parameters plus region files; answers lookups by date and region."""

    def __init__(self, national: Mapping[str, Parameter], regions: Mapping[str, Region], files: list[Path]):
        self.national = dict(national)
        self.regions = dict(regions)
        self.files = list(files)

    @property
    def known_regions(self) -> tuple[str, ...]:
        return (NATIONAL, *sorted(self.regions))

    @property
    def earliest(self) -> dt.date:
        return min(d.start for p in self.national.values() for d in p.values)

    @property
    def newest(self) -> dt.date:
        dates = [d.start for p in self.national.values() for d in p.values]
        dates += [d.start for r in self.regions.values() for p in r.parameters.values() for d in p.values]
        return max(dates)

    def region_name(self, code: str) -> str:
        if code == NATIONAL:
            return "national rules"
        region = self.regions[code]
        return f"{region.name.get('en', code)} {code}"

    def chain(self, code: str) -> list[Region]:
        """The region and its parents, most specific first."""
        out: list[Region] = []
        while code != NATIONAL and code in self.regions and len(out) < 5:
            out.append(self.regions[code])
            code = self.regions[code].parent or NATIONAL
        return out

    def lookup(self, name: str, as_of: dt.date, region: str = NATIONAL) -> Lookup:
        """The value of ``name`` on ``as_of`` in ``region``.

        A region's own value wins. A national value is used for a region only when the
        parameter is ``level: national`` (the national rule applies there by law); a
        ``level: local`` parameter without a regional value is ``missing`` — the national
        guidance figure is named in the note but never used for a region.
        """
        national = self.national[name]
        for reg in self.chain(region):
            override = reg.parameters.get(name)
            dated = override.at(as_of) if override else None
            if dated is not None:
                return _from_dated(name, dated, reg.code)
        dated = national.at(as_of)
        if dated is None:
            first = national.values[0].start
            return Lookup(name, "missing", None, "national", None, None,
                          f"{name}: no value before {first.isoformat()}")
        if national.level == "local" and region != NATIONAL:
            guide = "" if dated.value is None else f" (national guidance {_show(dated.value)} not used)"
            return Lookup(name, "missing", None, region, None, None,
                          f"{name}: set locally; no value for {self.region_name(region)} "
                          f"on {as_of.isoformat()}{guide}; supply one with --parameters")
        level = "national guidance" if national.level == "local" else "national"
        return _from_dated(name, dated, level)


def _show(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"min", "max"}:
        return f"{value['min']}–{value['max']}"
    return str(value)


def _from_dated(name: str, dated: Dated, level: str) -> Lookup:
    note = "; ".join(n for n in (dated.note, dated.source.note) if n)
    if dated.value is None:
        status = "missing"
    elif dated.source.verified == "unverified":
        status = "unverified"
    else:
        status = "available"
    return Lookup(name, status, dated.value, level, dated.start, dated.source, note)
