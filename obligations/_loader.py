"""The strict loader of parameter files: every error names the file and the key.

National parameters: ``parameters/cn/<namespace>.yaml``, each top-level key a parameter.
Region files: ``parameters/regions/<code>.yaml`` or a user's file, overriding national
parameters by their dotted name. The format is the models in ``obligations._schema``,
described in ``obligations/README.md``; this module reads, validates and converts.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import TypeAdapter, ValidationError

from workstatus.obligations._errors import ParameterError, first_error
from workstatus.obligations._parameters import PARAMETERS_DIR, Dated, Parameter, ParameterSet, Region
from workstatus.obligations._schema import UNITS, NationalFile, RegionFile
from workstatus.obligations._yaml import load_yaml

_NATIONAL_FILE = TypeAdapter(NationalFile)
_REGION_FILE = TypeAdapter(RegionFile)
_TAGS = {*UNITS, "number", "table"}  # the union members pydantic names in an error's location


def _where(loc: tuple, namespace: str | None) -> str:
    """A location as the README names things: ``parameter 'pension.employer_rate' 2019-05-01.source``.

    ``namespace`` is a national file's stem; ``None`` for a region file, whose parameters sit
    under ``parameters``.
    """
    parts = [str(p) for p in loc if p not in _TAGS]
    if namespace is None:
        if parts[:1] != ["parameters"] or len(parts) < 2:
            return ".".join(parts) or "top level"
        parts = parts[1:]
    if not parts:
        return "top level"
    name = ".".join(filter(None, (namespace, parts[0])))
    rest = parts[2:] if parts[1:2] == ["values"] and len(parts) > 2 else parts[1:]  # a date stands for values.<date>
    return f"parameter {name!r} {'.'.join(rest)}".rstrip()


def _validate(path: Path, adapter: TypeAdapter, namespace: str | None = None, **context: Any) -> Any:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML ({' '.join(str(err).split())[:300]})") from None
    except RecursionError:
        raise ParameterError(f"{path}: nested too deeply to be a parameter file") from None
    except UnicodeDecodeError as err:
        raise ParameterError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    try:
        return adapter.validate_python({} if raw is None else raw, context=context)
    except ValidationError as err:
        loc, message = first_error(err)
        raise ParameterError(f"{path}: {_where(loc, namespace)}: {message}") from None


def _dated(values: Mapping) -> tuple[Dated, ...]:
    # model_dump turns a platform or the rounding rule into the plain mapping the rules read
    return tuple(Dated(start=start, value=entry.model_dump(exclude_unset=True)["value"], source=entry.source,
                       note=entry.note) for start, entry in sorted(values.items()))


def load_national_file(path: Path) -> dict[str, Parameter]:
    """Read one national file: ``{parameter: spec}``; the namespace is the file's stem."""
    out = {}
    for key, spec in _validate(path, _NATIONAL_FILE, path.stem).items():
        name = f"{path.stem}.{key}"
        out[name] = Parameter(name=name, unit=spec.unit, level=spec.level, values=_dated(spec.values), path=path,
                              description=spec.description.model_dump(), note=spec.note)
    return out


def load_region_file(path: str | Path, national: Mapping[str, Parameter]) -> Region:
    """Read a region file and check each override against the national parameter it replaces."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{path}: no such parameter file")
    file = _validate(path, _REGION_FILE, units={name: p.unit for name, p in national.items()})
    overrides = {
        name: Parameter(name=name, unit=spec.unit, level=national[name].level, values=_dated(spec.values), path=path,
                        description=spec.description.model_dump() if spec.description else national[name].description,
                        note=spec.note)
        for name, spec in (file.parameters or {}).items()
    }
    return Region(code=file.region.code, name=file.region.name, parameters=overrides, path=path,
                  parent=file.parent, note=file.note)


def parameter_schema() -> dict[str, Any]:
    """The JSON schema of a region parameter file, for an editor or a validator.

    The names a region may override are listed from the shipped national parameters.
    """
    schema = _REGION_FILE.json_schema()
    schema["properties"]["parameters"]["propertyNames"] = {"enum": sorted(load_parameters().national)}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


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
