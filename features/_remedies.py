"""What a platform could change, per indicator: ``features/remedies.yaml``, read strictly."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from workstatus.features._catalogue import load_catalogue
from workstatus.features._errors import CatalogueError
from workstatus.features._plain_files import read_yaml

REMEDIES = Path(__file__).resolve().parent / "remedies.yaml"


@dataclass(frozen=True)
class Remedy:
    """A suggested change for one employment-leaning indicator, in Chinese and English.

    ``changeable`` is False for a fact a redraft cannot change (core business,
    main income source): the audit weighs it but keeps it off the path.
    """

    indicator: str
    text: dict[str, str]
    changeable: bool


@cache
def load_remedies(path: str | None = None) -> dict[str, Remedy]:
    """Indicator id → :class:`Remedy`; every employment-leaning indicator of the catalogue must have one.

    Raises
    ------
    CatalogueError
        Naming the file and the entry: an unknown id, a missing ``zh``/``en``
        text, or an employment-leaning indicator without a remedy.
    """
    source = Path(path) if path else REMEDIES
    try:
        data = read_yaml(source)
    except (OSError, yaml.YAMLError) as err:
        raise CatalogueError(f"{source}: cannot read the remedies ({err}); pass a readable YAML file.") from err
    entries = (data or {}).get("remedies")
    if not isinstance(entries, dict):
        raise CatalogueError(f"{source}: expected a mapping 'remedies' of indicator id to {{changeable, zh, en}}.")
    catalogue = load_catalogue()
    remedies = {}
    for ident, entry in entries.items():
        if ident not in catalogue.ids:
            raise CatalogueError(f"{source}: remedies.{ident} is not an indicator of the catalogue; use a catalogue id.")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k].strip() for k in ("zh", "en")):
            raise CatalogueError(f"{source}: remedies.{ident} needs non-empty 'zh' and 'en' texts.")
        remedies[ident] = Remedy(ident, {"zh": entry["zh"].strip(), "en": entry["en"].strip()},
                                 bool(entry.get("changeable", True)))
    missing = [i for i in catalogue.ids if catalogue[i].towards == "employment" and i not in remedies]
    if missing:
        raise CatalogueError(f"{source}: no remedy for {', '.join(missing)}; add one per employment-leaning indicator.")
    return remedies
