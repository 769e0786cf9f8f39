"""The catalogue: every shared id, in order, bilingual, validated on load."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from workstatus.features import load_catalogue
from workstatus.features._catalogue import DEFAULT_CATALOGUE, REQUIRED_IDS
from workstatus.features._errors import CatalogueError

INDICATORS_MD = Path("/work/shared/INDICATORS.md")


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _shipped() -> dict:
    return yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))


def test_the_catalogue_holds_every_shared_id_in_catalogue_order():
    cat = load_catalogue()
    assert cat.ids[: len(REQUIRED_IDS)] == REQUIRED_IDS


@pytest.mark.skipif(not INDICATORS_MD.is_file(), reason="shared docs not mounted")
def test_the_required_ids_are_those_of_the_shared_vocabulary():
    text = INDICATORS_MD.read_text(encoding="utf-8")
    listed = [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")]
    assert tuple(listed) == REQUIRED_IDS


def test_every_entry_has_both_labels_a_definition_and_a_basis():
    for entry in load_catalogue():
        assert entry.label["zh"] and entry.label["en"]
        assert entry.definition["zh"] and entry.definition["en"]
        assert entry.basis and entry.towards in ("employment", "independence")


def test_the_catalogue_has_a_version_string():
    assert isinstance(load_catalogue().version, str)


def test_an_entry_can_be_looked_up_by_id():
    assert load_catalogue()["refusal_penalised"].family == "algorithmic_control"


def test_looking_up_a_misspelt_id_suggests_the_closest_one():
    with pytest.raises(KeyError, match="did you mean 'refusal_penalised'"):
        load_catalogue()["refusal_penalized"]


def test_a_missing_label_names_the_file_the_entry_and_the_fix(tmp_path):
    data = _shipped()
    del data["indicators"][2]["label"]["en"]
    with pytest.raises(CatalogueError, match=r"catalogue.yaml: indicator 'time_limits': label must give a non-empty text for zh and en"):
        load_catalogue(_write(tmp_path, data))


def test_an_unknown_family_is_rejected(tmp_path):
    data = _shipped()
    data["indicators"][0]["family"] = "algorithmic"
    with pytest.raises(CatalogueError, match="family 'algorithmic' is unknown; expected one of"):
        load_catalogue(_write(tmp_path, data))


def test_dropping_a_shared_id_is_rejected(tmp_path):
    data = _shipped()
    data["indicators"] = [e for e in data["indicators"] if e["id"] != "monitored"]
    with pytest.raises(CatalogueError, match=r"lacks the required indicator ids \['monitored'\]"):
        load_catalogue(_write(tmp_path, data))


def test_a_repeated_id_is_rejected(tmp_path):
    data = _shipped()
    data["indicators"].append(copy.deepcopy(data["indicators"][0]))  # a copy: shared lists would be dumped as YAML aliases
    with pytest.raises(CatalogueError, match="'work_assigned': the id appears twice"):
        load_catalogue(_write(tmp_path, data))


def test_a_version_that_is_not_a_string_is_rejected(tmp_path):
    data = _shipped()
    data["version"] = 2026.11
    with pytest.raises(CatalogueError, match="'version' must be a non-empty string"):
        load_catalogue(_write(tmp_path, data))


def test_skill_and_initiative_follows_the_shared_ids_and_leans_towards_independence():
    """Issue 12: the US skill-and-initiative factor and Borello's skill required, appended after the 33."""
    cat = load_catalogue()
    assert cat.ids[len(REQUIRED_IDS)] == "skill_and_initiative"
    entry = cat["skill_and_initiative"]
    assert (entry.family, entry.towards) == ("independence", "independence")
    assert "29 CFR 795.110" in entry.basis and "48 Cal.3d 341" in entry.basis
