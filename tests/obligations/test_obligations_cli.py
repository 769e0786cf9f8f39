"""The obligations and arrears commands: tables, JSON, and one clear line for bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from workstatus.cli import app

runner = CliRunner()
EMPLOYEE = ["obligations", "--status", "employee", "--region", "110000", "--wage", "8000",
            "--as-of", "2025-09-01", "--injury-class", "2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--wage", "-5"], "profile field 'monthly_wage': Input should be greater than or equal to 0 (got -5)"),
        (["--wage", "lots"], "--wage 'lots' is not a number"),
        (["--region", "999999"], "region '999999' is unknown"),
        (["--status", "gig"], "status 'gig' is not a status"),
        (["--as-of", "1990-01-01"], "date 1990-01-01 is before any rule"),
        (["--as-of", "2025-02-30"], "--as-of '2025-02-30' is not a date; expected YYYY-MM-DD"),
        (["--injury-class", "9"], "profile field 'work_injury_class': Input should be less than or equal to 8"),
        (["--sector", "mining"], "profile field 'sector': sector 'mining' is unknown"),
    ],
)
def test_bad_obligations_input_gets_one_line_and_exit_2(args, message):
    base = dict(zip(EMPLOYEE[1::2], EMPLOYEE[2::2]))
    base.update(dict(zip(args[::2], args[1::2])))
    result = runner.invoke(app, ["obligations", *[x for kv in base.items() for x in kv]])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-1"], "start '2025-1' is not a month; expected YYYY-MM"),
        (["--paid-on", "soon"], "paid_on 'soon' is not a date; expected YYYY-MM-DD"),
        (["--due-date", "whenever"], "due-date convention 'whenever' is unknown"),
    ],
)
def test_bad_arrears_input_gets_one_line_and_exit_2(args, message):
    base = {"--region": "110000", "--wage": "8000", "--from": "2025-01", "--to": "2025-03", "--paid-on": "2025-06-30"}
    base.update(dict(zip(args[::2], args[1::2])))
    result = runner.invoke(app, ["arrears", *[x for kv in base.items() for x in kv]])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


OBLIGATIONS = ["obligations", "--status", "employee", "--wage", "8000"]
ARREARS = ["arrears", "--wage", "8000", "--from", "2025-01", "--to", "2025-03", "--paid-on", "2025-06-30"]


@pytest.mark.parametrize(("command", "option"), [
    (["assess", "-"], "--orders"), (["assess", "-"], "--injury-class"), (OBLIGATIONS, "--orders"),
    (OBLIGATIONS, "--injury-class"), (ARREARS, "--injury-class"),
])
def test_a_count_that_is_not_a_whole_number_is_refused_by_its_option_name_in_every_command(command, option):
    """The profile options are declared once: each command refuses 'x' the same way, before any rule runs."""
    result = runner.invoke(app, [*command, option, "x"], input="text")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr


@pytest.mark.parametrize("command", [["assess", "-", "--wage", "5000"], ["regions"],
                                     OBLIGATIONS])
def test_a_bad_as_of_gets_the_same_one_line_in_every_command(command):
    result = runner.invoke(app, [*command, "--as-of", "2025-02-30"], input="text")
    assert result.exit_code == 2
    assert result.stderr == "workstatus: --as-of '2025-02-30' is not a date; expected YYYY-MM-DD\n"


@pytest.mark.parametrize("command", ["assess", "batch", "audit", "obligations"])
def test_the_sector_option_names_every_sector_the_rules_know(command):
    from workstatus.obligations import SECTORS

    page = runner.invoke(app, [command, "--help"]).stdout
    sector_help = page[page.index("--sector"):page.index("--platform")]
    assert [s for s in SECTORS if s not in sector_help] == []


def test_json_output_is_a_list_of_obligations_with_amounts_as_strings():
    result = runner.invoke(app, [*EMPLOYEE, "--format", "json"])
    rows = json.loads(result.stdout)
    pension = next(r for r in rows if (r["scheme"], r["payer"]) == ("pension", "employer"))
    assert pension["monthly_amount"] == "1280.00"
    assert pension["verification"] == "secondary"


def test_text_output_is_a_table_with_notes_below():
    lines = runner.invoke(app, EMPLOYEE).stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("#"))
    assert lines[header].split() == ["#", "scheme", "payer", "mandatory", "base", "rate", "monthly", "basis", "grade"]
    assert "Notes:" in lines


def test_arrears_json_carries_totals_as_strings():
    result = runner.invoke(app, ["arrears", "--region", "110000", "--wage", "8000", "--from", "2025-03", "--to", "2025-03",
                                 "--paid-on", "2025-04-10", "--injury-class", "2", "--due-date", "end_of_month", "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["principal_total"], data["late_fee_total"]) == ("2976.00", "14.88")


def test_a_region_file_passed_with_parameters_sets_the_region(tmp_path):
    path = tmp_path / "530000.yaml"
    path.write_text(
        'region: {code: "530000", name: {zh: 云南省, en: Yunnan}}\n'
        "parameters:\n  contribution_base.monthly_limits:\n    unit: CNY/month\n    values:\n"
        '      2025-07-01:\n        value: {min: 5000, max: 25000}\n'
        '        source: {url: "http://example.org/yunnan", verified: secondary}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["obligations", "--status", "employee", "--wage", "4000", "--as-of", "2025-09-01",
                                 "--parameters", str(path), "--format", "json"])
    pension = next(r for r in json.loads(result.stdout) if (r["scheme"], r["payer"]) == ("pension", "employer"))
    assert pension["base"] == "5000"


def test_a_broken_parameter_file_gets_one_line_naming_it(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('region: {code: "530000", name: {zh: x, en: x}}\nparameters: {nope.rate: {}}\n', encoding="utf-8")
    result = runner.invoke(app, [*EMPLOYEE, "--parameters", str(path)])
    assert result.exit_code == 2
    assert "bad.yaml: parameters: key 'nope.rate' is unknown" in result.stderr


def test_schema_prints_the_json_schema_of_a_region_file_without_other_options():
    result = runner.invoke(app, ["obligations", "--schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "RegionFile"
    assert "contribution_base.monthly_limits" in schema["properties"]["parameters"]["propertyNames"]["enum"]


def test_incomplete_arrears_say_so_first_and_label_every_total_a_lower_bound():
    result = runner.invoke(app, ["arrears", "--region", "310000", "--wage", "6000", "--from", "2022-03", "--to", "2024-02",
                                 "--paid-on", "2025-03-01"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("INCOMPLETE: ") and "of 24 months computed in full" in first and "lower bounds" in first
    totals = [line for line in result.stdout.splitlines() if line.startswith(("principal", "late fee", "fine"))]
    assert totals and all("(lower bound)" in line for line in totals)


def test_complete_arrears_carry_no_lower_bound_label():
    result = runner.invoke(app, ["arrears", "--region", "110000", "--wage", "8000", "--from", "2025-03", "--to", "2025-03",
                                 "--paid-on", "2025-04-10", "--injury-class", "2", "--due-date", "end_of_month"])
    assert "INCOMPLETE" not in result.stdout and "lower bound" not in result.stdout


def test_regions_lists_every_known_region_with_what_an_employee_computes_there():
    result = runner.invoke(app, ["regions", "--as-of", "2025-09-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in json.loads(result.stdout)}
    assert {"000000", "110000", "310000", "520000"} <= set(rows)
    beijing = rows["110000"]
    assert 0 < beijing["computed"] <= beijing["lines"] and beijing["grade"] in ("official", "text", "secondary", "unverified")
    assert beijing["local"]["contribution_base.monthly_limits"][0]["start"] == "2022-07-01"
    text = runner.invoke(app, ["regions", "--as-of", "2025-09-01"]).stdout
    assert "Beijing" in text and "employee lines computed" in text


def test_an_absurd_wage_and_a_payment_before_the_period_are_refused_in_one_line():
    wage = runner.invoke(app, ["arrears", "--region", "110000", "--wage", "1e30", "--from", "2025-01", "--to", "2025-02",
                               "--paid-on", "2025-06-01"])
    assert wage.exit_code == 2 and "monthly_wage" in wage.stderr and "Traceback" not in wage.output
    early = runner.invoke(app, ["arrears", "--region", "110000", "--wage", "8000", "--from", "2025-01", "--to", "2025-02",
                                "--paid-on", "2024-06-01"])
    assert early.exit_code == 2 and "before the period starts" in early.stderr


def test_the_arrears_totals_are_the_sums_of_the_rows_printed():
    from decimal import Decimal

    from workstatus import obligations

    result = obligations.arrears({"as_of": "2024-07-01", "region": "110000", "monthly_wage": "7777.77", "work_injury_class": 2},
                                 start="2024-07", end="2025-06", paid_on="2026-01-15")
    assert result.late_fee_total == sum((r.late_fee for r in result.rows if r.late_fee is not None), Decimal(0))
    assert result.principal_total == sum((r.principal for r in result.rows if r.principal is not None), Decimal(0))
