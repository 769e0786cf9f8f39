"""The parameter loader is strict and names the file and the key; lookups never borrow another year or region."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import jsonschema
import pytest
import yaml

from workstatus import obligations
from workstatus.obligations import ParameterError, load_parameters, load_region_file
from workstatus.obligations._loader import load_national_file
from workstatus.obligations._parameters import PARAMETERS_DIR

GOOD = """\
employer_rate:
  description: {zh: 单位缴费比例, en: "Employer rate"}
  unit: share
  values:
    2019-05-01:
      value: 0.16
      source: {doc: 国办发〔2019〕13号, url: "http://example.org", verified: secondary}
"""


def write(tmp_path, text, name="pension.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_national_file_loads_with_decimal_values(tmp_path):
    params = load_national_file(write(tmp_path, GOOD))
    assert params["pension.employer_rate"].at(dt.date(2020, 1, 1)).value == Decimal("0.16")


def test_unknown_key_names_file_and_key(tmp_path):
    path = write(tmp_path, GOOD.replace("  unit: share", "  unit: share\n  rate: 0.2"))
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate': key 'rate' is unknown"):
        load_national_file(path)


def test_non_date_key_names_file_and_key(tmp_path):
    path = write(tmp_path, GOOD.replace("2019-05-01:", "from-2019:"))
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' values: key 'from-2019': not a date; expected YYYY-MM-DD \(unquoted\)"):
        load_national_file(path)


def test_a_quoted_date_is_a_string_and_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("2019-05-01:", "'2019-05-01':"))
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' values: key '2019-05-01': not a date"):
        load_national_file(path)


def test_missing_source_names_file_and_key(tmp_path):
    text = GOOD.replace('      source: {doc: 国办发〔2019〕13号, url: "http://example.org", verified: secondary}\n', "")
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' 2019-05-01: key 'source' is missing"):
        load_national_file(write(tmp_path, text))


def test_source_without_document_or_url_is_refused(tmp_path):
    text = GOOD.replace('{doc: 国办发〔2019〕13号, url: "http://example.org", verified: secondary}', "{verified: text}")
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' 2019-05-01.source: a text source needs a doc or a url"):
        load_national_file(write(tmp_path, text))


def test_missing_unit_names_file_and_key(tmp_path):
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate': key 'unit' is missing"):
        load_national_file(write(tmp_path, GOOD.replace("  unit: share\n", "")))


def test_unknown_grade_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("verified: secondary", "verified: probably"))
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' 2019-05-01.source.verified: "
                       r"Input should be 'official', 'text', 'secondary' or 'unverified' \(got 'probably'\)"):
        load_national_file(path)


def test_a_share_above_one_is_refused(tmp_path):
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' 2019-05-01.value: Input should be less than or equal to 1 \(got 16\)"):
        load_national_file(write(tmp_path, GOOD.replace("value: 0.16", "value: 16")))


REGION = """\
region: {code: "530000", name: {zh: 云南省, en: Yunnan}}
parameters:
  contribution_base.monthly_limits:
    unit: CNY/month
    values:
      2025-07-01:
        value: {min: 5000, max: 25000}
        source: {url: "http://example.org/yunnan", verified: secondary}
"""


def test_region_file_with_unknown_parameter_names_file_and_key(tmp_path):
    path = write(tmp_path, REGION.replace("contribution_base.monthly_limits", "pension.bonus_rate"), "530000.yaml")
    with pytest.raises(ParameterError, match=r"530000\.yaml: parameters: key 'pension.bonus_rate' is unknown"):
        load_region_file(path, load_parameters().national)


def test_region_file_unit_must_match_the_national_unit(tmp_path):
    path = write(tmp_path, REGION.replace("unit: CNY/month", "unit: CNY/year"), "530000.yaml")
    with pytest.raises(ParameterError, match=r"530000\.yaml: parameters: key 'contribution_base.monthly_limits': unit 'CNY/year' differs from the national unit 'CNY/month'"):
        load_region_file(path, load_parameters().national)


def test_region_file_without_unit_names_file_and_key(tmp_path):
    path = write(tmp_path, REGION.replace("    unit: CNY/month\n", ""), "530000.yaml")
    with pytest.raises(ParameterError, match=r"530000\.yaml: parameter 'contribution_base.monthly_limits': key 'unit' is missing"):
        load_region_file(path, load_parameters().national)


def test_a_user_region_file_makes_its_region_known_and_supplies_the_base(tmp_path):
    ps = load_parameters(write(tmp_path, REGION, "530000.yaml"))
    profile = {"as_of": "2025-09-01", "region": "530000", "monthly_wage": 4000, "work_injury_class": 1}
    rows = {f"{o.scheme}/{o.payer}": o for o in obligations.obligations_for("employee", profile, parameters=ps)}
    assert rows["pension/employer"].base == Decimal(5000)
    assert rows["pension/employer"].monthly_amount == Decimal("800.00")


def test_a_user_file_changes_the_parameters_version(tmp_path):
    assert obligations.parameters_version() != obligations.parameters_version(load_parameters(write(tmp_path, REGION, "530000.yaml")))


def test_a_regional_value_is_not_used_before_its_first_date(tmp_path):
    ps = load_parameters(write(tmp_path, REGION, "530000.yaml"))
    lookup = ps.lookup("contribution_base.monthly_limits", dt.date(2025, 6, 30), "530000")
    assert lookup.status == "missing" and lookup.value is None


def test_a_national_rule_applies_in_a_region_and_says_it_is_national():
    lookup = load_parameters().lookup("pension.employee_rate", dt.date(2025, 9, 1), "110000")
    assert (lookup.value, lookup.level) == (Decimal("0.08"), "national")


def test_a_local_rule_is_not_taken_from_the_national_guidance_for_a_region():
    lookup = load_parameters().lookup("medical.employer_rate", dt.date(2025, 9, 1), "440300")
    assert lookup.status == "missing" and "national guidance 0.06 not used" in lookup.note


def test_each_shipped_region_file_is_named_by_its_code():
    for region in load_parameters().regions.values():
        assert region.path.stem == region.code


def test_parameters_version_names_the_newest_date():
    assert obligations.parameters_version().startswith(load_parameters().newest.isoformat() + "+")


def test_a_city_file_inherits_from_its_parent_region(tmp_path):
    city = write(tmp_path, 'region: {code: "110105", name: {zh: 朝阳区, en: Chaoyang}}\nparent: "110000"\nparameters: {}\n',
                 "110105.yaml")
    lookup = load_parameters(city).lookup("contribution_base.monthly_limits", dt.date(2025, 9, 1), "110105")
    assert (lookup.value["min"], lookup.level) == (Decimal("7162"), "110000")


def test_a_bare_null_is_refused_because_a_lapse_needs_a_source(tmp_path):
    with pytest.raises(ParameterError, match=r"pension\.yaml: parameter 'pension.employer_rate' 2026-01-01: write a lapse as 'value: null'"):
        load_national_file(write(tmp_path, GOOD + "    2026-01-01: null\n"))


def test_a_region_giving_only_its_average_wage_gets_a_band_of_60_and_300_percent(tmp_path):
    text = REGION.replace("contribution_base.monthly_limits", "contribution_base.average_wage_monthly").replace(
        "{min: 5000, max: 25000}", "8000")
    ps = load_parameters(write(tmp_path, text, "530000.yaml"))
    rows = {f"{o.scheme}/{o.payer}": o for o in obligations.obligations_for(
        "employee", {"as_of": "2025-09-01", "region": "530000", "monthly_wage": 3000, "work_injury_class": 1}, parameters=ps)}
    assert rows["pension/employer"].base == Decimal("4800")     # 8,000 × 60%
    assert rows["pension/employer"].monthly_amount == Decimal("768.00")   # 4,800 × 16%


def as_json(data):
    """A parsed YAML file as JSON would hold it: effective dates become strings."""
    if isinstance(data, dict):
        return {k.isoformat() if isinstance(k, dt.date) else k: as_json(v) for k, v in data.items()}
    return [as_json(v) for v in data] if isinstance(data, list) else data


def test_the_region_file_schema_accepts_every_shipped_region_file():
    validator = jsonschema.Draft202012Validator(obligations.parameter_schema())
    for path in sorted((PARAMETERS_DIR / "regions").glob("*.yaml")):
        assert not list(validator.iter_errors(as_json(yaml.safe_load(path.read_text(encoding="utf-8"))))), path.name


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    unit: CNY/month\n", "    unit: CNY/month\n    level: local\n"),          # an unknown key
        ("contribution_base.monthly_limits", "pension.bonus_rate"),                   # not a national parameter
        ("{min: 5000, max: 25000}", "{min: -5, max: 25000}"),                          # a negative amount
        ('{url: "http://example.org/yunnan", verified: secondary}', "{verified: secondary}"),  # graded, uncited
        ('code: "530000"', 'code: "5300"'),                                            # not a GB/T 2260 code
    ],
)
def test_the_region_file_schema_refuses_what_the_loader_refuses(tmp_path, old, new):
    text = REGION.replace(old, new)
    with pytest.raises(ParameterError):
        load_region_file(write(tmp_path, text, "530000.yaml"), load_parameters().national)
    assert not jsonschema.Draft202012Validator(obligations.parameter_schema()).is_valid(as_json(yaml.safe_load(text)))
