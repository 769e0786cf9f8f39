"""The strict loader of parameter files: every error names the file and the key.

National parameters: ``parameters/cn/<namespace>.yaml``, each top-level key a parameter.
Region files: ``parameters/regions/<code>.yaml`` or a user's file, overriding national
parameters by their dotted name. The format is described in ``obligations/README.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from obligations._errors import ParameterError
from obligations._parameters import (
    DUE_DATE_CONVENTIONS,
    GRADES,
    LEVELS,
    PARAMETERS_DIR,
    UNITS,
    Dated,
    Parameter,
    ParameterSet,
    Region,
    Source,
)

_PARAMETER_KEYS = ("description", "unit", "level", "note", "values")
_OVERRIDE_KEYS = ("description", "unit", "note", "values")
_ENTRY_KEYS = ("value", "source", "note")
_SOURCE_KEYS = ("doc", "article", "url", "verified", "note")
_REGION_FILE_KEYS = ("region", "parent", "note", "parameters")
_REGION_KEYS = ("code", "name")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE_RE = re.compile(r"^\d{6}$")


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML ({err})") from None


def _check_keys(path: Path, where: str, mapping: Any, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    if not isinstance(mapping, dict):
        raise ParameterError(f"{path}: {where}: expected a mapping, got {type(mapping).__name__}")
    for key in mapping:
        if key not in allowed:
            raise ParameterError(
                f"{path}: {where}: key {key!r} is unknown; expected one of {', '.join(allowed)}"
            )
    for key in required:
        if key not in mapping:
            raise ParameterError(f"{path}: {where}: key {key!r} is missing; add it")


def _number(path: Path, where: str, value: Any, *, high: Decimal | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ParameterError(f"{path}: {where}: value {value!r} is not a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ParameterError(f"{path}: {where}: value {value!r} is not a number") from None
    if number < 0 or (high is not None and number > high):
        limit = f"0 and {high}" if high is not None else "0 and above"
        raise ParameterError(f"{path}: {where}: value {value!r} is out of range; expected between {limit}")
    return number


def _numbers(path: Path, where: str, value: Any, high: Decimal | None) -> Any:
    if isinstance(value, dict):
        out = {k: _numbers(path, f"{where}.{k}", v, high) for k, v in value.items()}
        if set(out) == {"min", "max"} and out["min"] > out["max"]:
            raise ParameterError(f"{path}: {where}: min {out['min']} is above max {out['max']}")
        return out
    return _number(path, where, value, high=high)


def _convert_value(path: Path, where: str, unit: str, value: Any) -> Any:
    if value is None:
        return None
    if unit in ("share", "share/day"):
        return _numbers(path, where, value, Decimal(1))
    if unit in ("CNY", "CNY/month", "CNY/year", "CNY/order", "multiple"):
        return _numbers(path, where, value, None)
    if unit in ("region_codes", "sectors"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ParameterError(f"{path}: {where}: expected a list of strings for unit {unit}")
        if unit == "region_codes" and not all(_CODE_RE.match(v) for v in value):
            raise ParameterError(f"{path}: {where}: region codes must be quoted 6-digit strings")
        return tuple(value)
    if unit == "platforms":
        if not isinstance(value, list):
            raise ParameterError(f"{path}: {where}: expected a list of platforms")
        for i, item in enumerate(value):
            _check_keys(path, f"{where}[{i}]", item, ("name", "aliases", "sector"), ("name", "sector"))
        return tuple(value)
    if unit == "flag":
        if not isinstance(value, bool):
            raise ParameterError(f"{path}: {where}: expected true or false")
        return value
    if unit == "convention":
        if value not in DUE_DATE_CONVENTIONS:
            raise ParameterError(
                f"{path}: {where}: convention {value!r} is unknown; expected one of {', '.join(DUE_DATE_CONVENTIONS)}"
            )
        return value
    if unit == "rule":
        _check_keys(path, where, value, ("quantum", "mode"), ("quantum", "mode"))
        if value["mode"] != "half_up":
            raise ParameterError(f"{path}: {where}: rounding mode {value['mode']!r} is unknown; expected half_up")
        return {"quantum": Decimal(str(value["quantum"])), "mode": value["mode"]}
    raise AssertionError(unit)  # units are checked before values


def _source(path: Path, where: str, raw: Any) -> Source:
    _check_keys(path, where, raw, _SOURCE_KEYS, ("verified",))
    grade = raw["verified"]
    if grade not in GRADES:
        raise ParameterError(f"{path}: {where}.verified: grade {grade!r} is unknown; expected one of {', '.join(GRADES)}")
    if grade != "unverified" and not (raw.get("doc") or raw.get("url")):
        raise ParameterError(f"{path}: {where}: a {grade} source needs a doc or a url")
    if grade == "unverified" and not (raw.get("doc") or raw.get("url") or raw.get("note")):
        raise ParameterError(f"{path}: {where}: an unverified source needs a note saying what is missing")
    return Source(
        verified=grade,
        doc=None if raw.get("doc") is None else str(raw["doc"]),
        article=None if raw.get("article") is None else str(raw["article"]),
        url=raw.get("url"),
        note=raw.get("note"),
    )


def _values(path: Path, name: str, unit: str, raw: Any) -> tuple[Dated, ...]:
    where = f"parameter {name!r}"
    if not isinstance(raw, dict) or not raw:
        raise ParameterError(f"{path}: {where}: 'values' must map effective dates to entries")
    out = []
    for key, entry in raw.items():
        if not isinstance(key, dt.date) or isinstance(key, dt.datetime):
            raise ParameterError(
                f"{path}: {where}: key {key!r} under values is not a date; expected YYYY-MM-DD (unquoted)"
            )
        at = f"{where} {key.isoformat()}"
        if entry is None:
            raise ParameterError(f"{path}: {at}: write a lapse as 'value: null' with a source, not a bare null")
        _check_keys(path, at, entry, _ENTRY_KEYS, ("value",))
        if "source" not in entry:
            raise ParameterError(f"{path}: {at}: key 'source' is missing; every value needs a source")
        out.append(Dated(
            start=key,
            value=_convert_value(path, at, unit, entry["value"]),
            source=_source(path, f"{at}.source", entry["source"]),
            note=entry.get("note"),
        ))
    return tuple(sorted(out, key=lambda d: d.start))


def _unit(path: Path, name: str, spec: dict) -> str:
    if "unit" not in spec:
        raise ParameterError(f"{path}: parameter {name!r}: key 'unit' is missing; expected one of {', '.join(UNITS)}")
    if spec["unit"] not in UNITS:
        raise ParameterError(
            f"{path}: parameter {name!r}: unit {spec['unit']!r} is unknown; expected one of {', '.join(UNITS)}"
        )
    return spec["unit"]


def _description(path: Path, name: str, raw: Any) -> dict:
    _check_keys(path, f"parameter {name!r} description", raw, ("zh", "en"), ("zh", "en"))
    return dict(raw)


def load_national_file(path: Path) -> dict[str, Parameter]:
    """Read one national file: ``{parameter: spec}``; the namespace is the file's stem."""
    raw = _read_yaml(path)
    if raw is not None and not isinstance(raw, dict):
        raise ParameterError(f"{path}: top level: expected a mapping of parameters, got {type(raw).__name__}")
    out = {}
    for key, spec in (raw or {}).items():
        if not isinstance(key, str) or not _NAME_RE.match(key):
            raise ParameterError(f"{path}: key {key!r} is not a parameter name; expected lower_snake_case")
        name = f"{path.stem}.{key}"
        _check_keys(path, f"parameter {name!r}", spec, _PARAMETER_KEYS, ("description", "values"))
        unit = _unit(path, name, spec)
        level = spec.get("level", "national")
        if level not in LEVELS:
            raise ParameterError(f"{path}: parameter {name!r}: level {level!r} is unknown; expected national or local")
        out[name] = Parameter(
            name=name, unit=unit, level=level, values=_values(path, name, unit, spec["values"]), path=path,
            description=_description(path, name, spec["description"]), note=spec.get("note"),
        )
    return out


def _code(path: Path, where: str, raw: Any) -> str:
    code = f"{raw:06d}" if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise ParameterError(f"{path}: {where}: {raw!r} is not a GB/T 2260 region code; expected 6 digits like '110000'")
    return code


def load_region_file(path: str | Path, national: Mapping[str, Parameter]) -> Region:
    """Read a region file and check each override against the national parameter it replaces."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{path}: no such parameter file")
    raw = _read_yaml(path)
    _check_keys(path, "top level", raw, _REGION_FILE_KEYS, ("region", "parameters"))
    _check_keys(path, "region", raw["region"], _REGION_KEYS, ("code", "name"))
    code = _code(path, "region.code", raw["region"]["code"])
    parent = None if raw.get("parent") is None else _code(path, "parent", raw["parent"])
    overrides = {}
    for name, spec in (raw["parameters"] or {}).items():
        if name not in national:
            raise ParameterError(
                f"{path}: parameters: key {name!r} is unknown; expected a national parameter such as "
                "'contribution_base.monthly_limits' (see obligations/README.md)"
            )
        _check_keys(path, f"parameter {name!r}", spec, _OVERRIDE_KEYS, ("values",))
        unit = _unit(path, name, spec)
        base = national[name]
        if unit != base.unit:
            raise ParameterError(f"{path}: parameter {name!r}: unit {unit!r} differs from the national unit {base.unit!r}")
        overrides[name] = Parameter(
            name=name, unit=unit, level=base.level, values=_values(path, name, unit, spec["values"]), path=path,
            description=spec.get("description") or base.description, note=spec.get("note"),
        )
    return Region(code=code, name=dict(raw["region"]["name"]), parameters=overrides, path=path,
                  parent=parent, note=raw.get("note"))


def _shipped_files() -> tuple[list[Path], list[Path]]:
    return sorted((PARAMETERS_DIR / "cn").glob("*.yaml")), sorted((PARAMETERS_DIR / "regions").glob("*.yaml"))


@lru_cache(maxsize=1)
def _default() -> ParameterSet:
    return _build(())


def _build(extra: tuple[Path, ...]) -> ParameterSet:
    national_files, region_files = _shipped_files()
    national: dict[str, Parameter] = {}
    for path in national_files:
        national.update(load_national_file(path))
    regions: dict[str, Region] = {}
    for path in [*region_files, *extra]:
        region = load_region_file(path, national)
        regions[region.code] = region  # a user's file replaces a shipped one of the same code
    return ParameterSet(national, regions, [*national_files, *region_files, *extra])


def load_parameters(*region_files: str | Path) -> ParameterSet:
    """The shipped parameters, plus the user's region files (which replace shipped regions of the same code).

    Raises
    ------
    ParameterError
        When a file breaks the format; the message names the file and the key.
    """
    if not region_files:
        return _default()
    return _build(tuple(Path(p) for p in region_files))


def parameters_version(parameters: ParameterSet | None = None) -> str:
    """``<newest effective date>+<12 hex of the SHA-256 of the parameter files>``, for reports."""
    ps = parameters or load_parameters()
    digest = hashlib.sha256()
    for path in ps.files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{ps.newest.isoformat()}+{digest.hexdigest()[:12]}"
