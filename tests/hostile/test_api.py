"""The Python API answers every input with an Assessment or a WorkstatusError that says why, never anything else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workstatus
from workstatus import WorkstatusError
from workstatus.features import FeaturesError
from workstatus.obligations import ObligationsError

from .conftest import SECRET


@pytest.mark.parametrize("item, expect", [
    ("", "the text is empty"),
    ("\x00 \n", "the text is empty"),
    (SECRET + "\ud800", "lone surrogate (U+D800)"),
    ("骑" * 500_001, "over the limit of 500,000"),
    ({f"k{i}": "yes" for i in range(501)}, "over the limit of 500"),
    (42, "expected a case text"),
])
def test_inputs_that_cannot_be_assessed_are_refused_saying_why(model, item, expect):
    with pytest.raises(WorkstatusError) as refused:
        workstatus.assess(item, model=model, explain=False)
    assert expect in str(refused.value) and SECRET not in str(refused.value)


def test_answers_given_as_a_string_are_an_error_row_not_a_text(model):
    (result,) = workstatus.assess_many([{"id": "a", "answers": "work_assigned: yes"}], model=model, explain=False)
    assert isinstance(result, workstatus.AssessmentError) and "not a mapping" in result.error


@pytest.mark.parametrize("jurisdiction", ["XX", "US-ZZ", "", 7])
def test_a_jurisdiction_that_is_no_code_is_refused(model, jurisdiction):
    (result,) = workstatus.assess_many([{"id": "a", "text": "骑手接受平台派单。", "jurisdiction": jurisdiction}],
                                       model=model, explain=False)
    if jurisdiction == "":
        assert isinstance(result, workstatus.Assessment)  # empty means "not given": inferred from the language
    else:
        assert isinstance(result, workstatus.AssessmentError) and "jurisdiction" in result.error


def test_a_lower_case_jurisdiction_is_read_as_its_code(model):
    result = workstatus.assess("The driver must accept every trip.", model=model, explain=False, jurisdiction="us-ca")
    assert result.jurisdiction == "US-CA"


profiles = st.fixed_dictionaries({}, optional={
    "monthly_wage": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=8)),
    "region": st.one_of(st.sampled_from(["110000", "310000", "440300", "999999"]), st.text(max_size=6)),
    "as_of": st.one_of(st.dates().map(str), st.text(max_size=10)),
    "sector": st.text(max_size=12),
    "monthly_orders": st.one_of(st.integers(), st.floats()),
})
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["骑手", "拒单扣款", "平台派单", "must accept", "own vehicle", "不是劳动关系", "，", "。",
                              "not", "免责", "\x00", "\n"]), max_size=40).map("".join),
)


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(item=st.one_of(texts, st.dictionaries(st.text(max_size=20), st.sampled_from(["yes", "no", "unknown", 1, None]),
                                             max_size=5)),
       profile=st.one_of(st.none(), profiles))
def test_fuzz_the_api_gives_an_assessment_or_a_workstatus_error(model, item, profile):
    try:
        result = workstatus.assess(item, model=model, explain=False, profile=profile)
    except (WorkstatusError, FeaturesError, ObligationsError) as err:  # the errors assess() documents
        assert "Traceback" not in str(err) and "\n" not in str(err)
    else:
        assert result.status in ("employee", "third_category", "independent", "undetermined")
        assert abs(sum(result.probabilities.values()) - 1) < 1e-6
        result.model_dump_json()  # every result can be written as JSON


def test_the_text_limit_can_be_raised_by_the_user(model, monkeypatch):
    import subprocess
    import sys

    from workstatus import limits

    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 600_000)
    result = workstatus.assess("骑手须接受平台派单。" * 55_000, model=model, explain=False)  # 550,000 characters
    assert result.status in ("employee", "third_category", "independent", "undetermined")
    read = "import workstatus.limits as l; print(l.MAX_TEXT_CHARS)"
    env = {"WORKSTATUS_MAX_TEXT_CHARS": "2_000_000", "PATH": ""}
    assert subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True).stdout.strip() == "2000000"
    env["WORKSTATUS_MAX_TEXT_CHARS"] = "lots"
    done = subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "500000" and "not a whole number" in done.stderr
