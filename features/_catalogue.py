"""The indicator catalogue: data in ``catalogue.yaml``, validated on load."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

import yaml

from workstatus.features._errors import CatalogueError
from workstatus.features._plain_files import read_yaml

DEFAULT_CATALOGUE = Path(__file__).with_name("catalogue.yaml")

#: The ids of ../shared/INDICATORS.md; the catalogue must hold every one.
REQUIRED_IDS = (
    "work_assigned", "refusal_penalised", "time_limits", "performance_penalties",
    "rating_discipline", "method_prescribed", "schedule_controlled", "monitored",
    "unilateral_termination", "work_rules", "price_set_by_enterprise", "fixed_pay",
    "main_income_source", "exclusivity", "equipment_provided", "continuous_work",
    "core_business", "uniform_branding", "training_required", "supervised_by_managers",
    "personal_service", "staff_treatment", "own_business", "contract_denies_employment",
    "registered_business", "intermediary",
    # INDICATORS.md, "Added vocabulary (2026-12)"
    "workload_quota", "mutuality_of_obligation", "bears_costs", "profit_or_loss",
    "invoices_or_vat", "deposits_or_fees", "social_insurance_waived",
)
FAMILIES = (
    "algorithmic_control", "economic_dependence", "organisational_subordination",
    "independence", "form",
)
TOWARDS = ("employment", "independence")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    id: str
    family: str
    towards: str
    label: Mapping[str, str]
    definition: Mapping[str, str]
    basis: str


@dataclass(frozen=True)
class Catalogue:
    """The indicators in output order, with the catalogue's version."""

    version: str
    indicators: tuple[Indicator, ...]
    path: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        for entry in self.indicators:
            if entry.id == indicator_id:
                return entry
        raise KeyError(unknown_id_message(indicator_id, self.ids, where="the catalogue"))

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.ids

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)


def unknown_id_message(name: object, known: tuple[str, ...], *, where: str) -> str:
    """Say that ``name`` is not an indicator id, suggesting the closest known one."""
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else f"known ids: {', '.join(known)}."
    return f"unknown indicator id {name!r} in {where}; {hint}"


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate the indicator catalogue.

    Parameters
    ----------
    path : str or Path, optional
        A catalogue YAML file; default: the catalogue shipped with the package.

    Returns
    -------
    Catalogue
        ``.ids`` in catalogue order, ``.version``, and ``cat[id]`` entries.

    Raises
    ------
    CatalogueError
        When the file is missing or an entry lacks a field, names an unknown
        family or direction, repeats an id, or a required id is absent.
    """
    if isinstance(path, Catalogue):
        return path
    source = Path(path) if path is not None else DEFAULT_CATALOGUE
    if not source.is_file():
        raise CatalogueError(f"{source}: no such catalogue file; pass a path to a catalogue YAML or None for the default.")
    try:
        data = read_yaml(source)
    except yaml.YAMLError as err:
        raise CatalogueError(f"{source}: not valid YAML ({err}); fix the syntax.") from err
    if not isinstance(data, dict) or "indicators" not in data:
        raise CatalogueError(f"{source}: expected a mapping with keys 'version' and 'indicators'.")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise CatalogueError(f"{source}: 'version' must be a non-empty string, got {version!r}; quote it, e.g. version: \"2026.11.1\".")
    entries = data["indicators"]
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{source}: 'indicators' must be a non-empty list of entries.")
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        indicators.append(_entry(source, position, entry, seen))
    missing = [name for name in REQUIRED_IDS if name not in seen]
    if missing:
        raise CatalogueError(
            f"{source}: the catalogue lacks the required indicator ids {missing}; "
            "every id of INDICATORS.md must stay in the catalogue."
        )
    return Catalogue(version=version, indicators=tuple(indicators), path=str(source))


def _entry(source: Path, position: int, entry: object, seen: set[str]) -> Indicator:
    where = f"{source}: indicator #{position}"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected a mapping with id, family, towards, label, definition, basis; got {entry!r}.")
    name = entry.get("id")
    if not isinstance(name, str) or not name.isidentifier():
        raise CatalogueError(f"{where}: 'id' must be a snake_case identifier, got {name!r}.")
    where = f"{source}: indicator {name!r}"
    if name in seen:
        raise CatalogueError(f"{where}: the id appears twice; remove or rename one entry.")
    seen.add(name)
    for key in ("family", "towards", "label", "definition", "basis"):
        if key not in entry:
            raise CatalogueError(f"{where}: missing field {key!r}; add it (see the other entries).")
    if entry["family"] not in FAMILIES:
        raise CatalogueError(f"{where}: family {entry['family']!r} is unknown; expected one of {', '.join(FAMILIES)}.")
    if entry["towards"] not in TOWARDS:
        raise CatalogueError(f"{where}: towards {entry['towards']!r} is unknown; expected employment or independence.")
    for key in ("label", "definition"):
        value = entry[key]
        if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value.get(lang) for lang in LANGUAGES):
            raise CatalogueError(f"{where}: {key} must give a non-empty text for zh and en, e.g. {key}: {{zh: ..., en: ...}}; got {value!r}.")
    if not isinstance(entry["basis"], str) or not entry["basis"].strip():
        raise CatalogueError(f"{where}: 'basis' must name the legal source as text.")
    return Indicator(
        id=name,
        family=entry["family"],
        towards=entry["towards"],
        label={lang: entry["label"][lang] for lang in LANGUAGES},
        definition={lang: entry["definition"][lang] for lang in LANGUAGES},
        basis=entry["basis"],
    )
