"""The facade: one text or questionnaire in, one complete, valid Assessment out."""

import copy
import json
from decimal import Decimal

import numpy as np
import pytest

import workstatus
from workstatus import reports
from workstatus import Assessment, AssessmentError, WorkstatusError

PROFILE = {"region": "110000", "monthly_wage": 6000, "as_of": "2025-07-01", "sector": "instant_delivery"}


def test_a_text_gives_probabilities_status_and_evidence_that_slices_the_text(model, rider):
    result = workstatus.assess(rider, model=model)
    assert set(result.probabilities) == {"employee", "third_category", "independent"}
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert result.status in ("employee", "third_category", "independent", "undetermined")
    assert result.language == "zh" and result.jurisdiction == "CN"
    assert result.indicators, "a rider case with dispatch and fines states indicators"
    for indicator in result.indicators:
        for ev in indicator.evidence:
            assert rider[ev.start : ev.end] == ev.text


def test_shap_contributions_add_up_to_the_explained_output(model, rider):
    result = workstatus.assess(rider, model=model)
    decision = model.decide([model.extractor_.extract(rider)], ["CN"])[0]
    total = result.base_value + sum(c.shap for c in result.contributions)
    assert total == pytest.approx(decision.explained_value, abs=1e-6)


def test_employment_facts_and_independence_facts_point_different_ways(model, rider, streamer):
    employed = workstatus.assess(rider, model=model)
    independent = workstatus.assess(streamer, model=model, jurisdiction="GB")
    assert employed.probabilities["independent"] < independent.probabilities["independent"]


def test_questionnaire_answers_are_assessed_like_a_text(model):
    answers = {"work_assigned": "yes", "refusal_penalised": "yes", "own_business": "no"}
    result = workstatus.assess(answers, model=model, jurisdiction="CN")
    assert result.input_kind == "answers" and result.text is None
    assert {i.id: i.value for i in result.indicators} == {"work_assigned": 1, "refusal_penalised": 1, "own_business": -1}


def test_an_unknown_answer_id_is_named(model):
    with pytest.raises(ValueError, match="refusal_penalized"):
        workstatus.assess({"refusal_penalized": "yes"}, model=model)


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a list"]])
def test_input_that_is_neither_text_nor_answers_is_a_clear_error(model, bad):
    with pytest.raises(WorkstatusError, match="expected a case text"):
        workstatus.assess(bad, model=model)


def test_a_profile_brings_the_obligations_of_the_decided_status(model, rider):
    result = workstatus.assess(rider, model=model, profile=PROFILE)
    assert result.as_of.isoformat() == "2025-07-01"
    if result.status == "undetermined":
        assert result.obligations_basis == "expected"
    else:
        assert result.obligations_basis == "decided"
        assert {o.for_status for o in result.obligations} == {result.status}
    assert result.obligations and isinstance(result.expected_monthly_liability, Decimal)


def test_the_obligation_lines_of_many_rows_sharing_a_profile_are_those_validation_builds(model, rider):
    from workstatus.assessment import ObligationLine

    doubtful = copy.deepcopy(model)
    doubtful.threshold = 1.01  # undetermined: every line weighted by its status's probability
    for chosen in (model, doubtful):
        results = list(workstatus.assess_many([rider, rider + "。"], profile=PROFILE, model=chosen, explain=False))
        assert results[0].obligations and len(results[0].obligations) == len(results[1].obligations)
        for result in results:
            assert result.obligations_basis == ("expected" if chosen is doubtful else "decided")
            for line in result.obligations:
                again = ObligationLine.model_validate(line.model_dump())
                assert line == again and line.model_dump_json() == again.model_dump_json()
    # another wage is another profile: its own lines, not the cached ones (6,000 is under Beijing's floor)
    other = next(workstatus.assess_many([rider], profile={**PROFILE, "monthly_wage": 9000}, model=model, explain=False))
    assert Decimal("9000") in {o.base for o in other.obligations}


def test_an_assessment_put_together_unvalidated_is_the_one_validation_builds(model, rider, streamer):
    answers = {"work_assigned": "yes", "refusal_penalised": "yes", "own_business": "no"}
    results = [workstatus.assess(rider, model=model, profile=PROFILE), workstatus.assess(streamer, model=model),
               workstatus.assess(answers, model=model, jurisdiction="CN", profile=PROFILE, explain=False),
               workstatus.assess("The driver agreed not to pay social insurance.", model=model, profile=PROFILE)]
    for result in results:
        again = Assessment.model_validate(result.model_dump())
        assert result == again and result.model_dump_json() == again.model_dump_json()
        for indicator in result.indicators:
            assert {k: type(v) for k, v in indicator} == {k: type(v) for k, v in type(indicator).model_validate(
                indicator.model_dump())}
        assert {k: type(v) for k, v in result} == {k: type(v) for k, v in again}


def test_without_a_wage_no_amounts_are_invented(model, rider):
    result = workstatus.assess(rider, model=model, profile={"region": "110000"})
    assert result.obligations == () and "monthly_wage" in result.obligations_note


def test_outside_china_no_chinese_obligations_are_applied(model, streamer):
    result = workstatus.assess(streamer, model=model, profile=PROFILE, jurisdiction="GB")
    assert result.obligations == () and "Chinese law only" in result.obligations_note


def test_undetermined_shows_expected_obligations_weighted_by_probability(model, rider):
    doubtful = copy.deepcopy(model)
    doubtful.threshold = 1.01
    result = workstatus.assess(rider, model=doubtful, profile=PROFILE)
    assert result.status == "undetermined"
    assert result.obligations_basis == "expected"
    assert {o.for_status for o in result.obligations} <= {"employee", "third_category", "independent"}
    assert all(o.weight is not None for o in result.obligations)


def test_a_bad_profile_names_the_field(model, rider):
    with pytest.raises(WorkstatusError, match="monthly_wage"):
        workstatus.assess(rider, model=model, profile={"monthly_wage": -5})


def test_the_assessment_json_validates_against_its_schema(model, rider):
    jsonschema = pytest.importorskip("jsonschema")
    result = workstatus.assess(rider, model=model, profile=PROFILE)
    data = json.loads(result.model_dump_json())
    jsonschema.validate(data, Assessment.model_json_schema())
    assert Assessment.model_validate_json(result.model_dump_json()) == result


def test_assess_many_keeps_order_and_turns_failures_into_error_rows(model, rider, streamer):
    records = [
        {"id": "r1", "text": rider},
        {"id": "r2", "text": None},
        streamer,
        {"id": "r4", "answers": {"no_such_indicator": "yes"}},
        42,
        {"id": "r6", "text": ""},
    ]
    results = list(workstatus.assess_many(records, model=model, explain=False))
    assert len(results) == 6
    assert [type(r).__name__ for r in results] == [
        "Assessment", "AssessmentError", "Assessment", "AssessmentError", "AssessmentError", "AssessmentError",
    ]
    assert results[1].case_id == "r2" and "not a string" in results[1].error
    assert "no_such_indicator" in results[3].error
    assert results[0].case_id == "r1" and results[2].case_id == "3"
    assert results[0].contributions is None
    assert results[5].case_id == "r6" and "empty" in results[5].error  # an empty text has no facts to assess


def test_assess_many_in_two_processes_gives_the_same_answers(model, rider, streamer):
    records = [rider, streamer] * 3
    one = [r.probabilities for r in workstatus.assess_many(records, model=model, explain=False)]
    two = [r.probabilities for r in workstatus.assess_many(records, model=model, explain=False, jobs=2)]
    assert one == two


def test_error_rows_never_carry_the_case_text(model):
    secret = "张三身份证号110101199001011234" * 10
    [result] = workstatus.assess_many([{"id": "x", "text": secret, "profile": {"monthly_wage": "abc"}}], model=model)
    assert isinstance(result, AssessmentError)
    assert "110101199001011234" not in result.error


def test_a_text_gets_the_same_answer_alone_in_a_batch_and_through_its_extraction(model, rider, streamer):
    alone = [workstatus.assess(t, model=model, jurisdiction="CN").probabilities for t in (rider, streamer)]
    batch = [r.probabilities for r in workstatus.assess_many(
        [{"text": rider, "jurisdiction": "CN"}, {"text": streamer, "jurisdiction": "CN"}], model=model, explain=False)]
    extracted = [model.decide([model.extractor_.extract(t)], ["CN"], explain=False)[0].probabilities
                 for t in (rider, streamer)]
    as_array = lambda ps: np.array([[p[s] for s in ("employee", "third_category", "independent")] for p in ps])  # noqa: E731
    assert as_array(batch) == pytest.approx(as_array(alone))
    assert as_array(extracted) == pytest.approx(as_array(alone))


def test_every_obligation_carries_its_sources_into_the_assessment_and_every_report(model, rider):
    from workstatus.reports import render_case_html, render_case_markdown, render_case_text

    result = workstatus.assess(rider, model=model, profile={"monthly_wage": 8000, "region": "110000", "as_of": "2025-07-01"})
    assert result.obligations and all(line.sources for line in result.obligations)
    doc = next(s.doc for line in result.obligations for s in line.sources if s.doc)
    for page in (render_case_text(result), render_case_markdown(result), render_case_html(result)):
        assert "Sources" in page or "sources:" in page
        assert doc.split(";")[0] in page


def test_each_reason_carries_the_sentences_that_state_it(model, rider):
    result = workstatus.assess(rider, model=model)
    stated = {i.id: i for i in result.indicators if i.value == 1}
    with_evidence = [c for c in result.contributions if c.indicator in stated]
    assert with_evidence
    for c in with_evidence:
        assert c.evidence, c.indicator
        assert {e.sentence for e in c.evidence} <= {e.sentence for e in stated[c.indicator].evidence}


def test_a_mixed_text_gets_one_language_and_a_jurisdiction_that_follows_it(model):
    result = workstatus.assess("Ride: 滴滴 app, 司机 on duty 10 h a day, no 社保", model=model)
    assert (result.language, result.jurisdiction) in {("en", None), ("zh", "CN")}


def test_the_audit_starts_from_the_same_assessment_as_assess(model):
    """Answers alone go through the one pipeline unchanged; an agreement is the same pipeline, read clause by clause."""
    from workstatus.audit import audit

    profile = {"monthly_wage": 8000, "region": "110000", "as_of": "2025-07-01"}
    answers = {"work_assigned": "yes", "refusal_penalised": "yes", "own_business": "no"}
    assert audit(answers, model=model, profile=profile).assessment == workstatus.assess(answers, model=model, profile=profile)
    text = "第二条 订单\n2.1 乙方不得拒绝系统派单，拒单扣款。\n"
    (read,) = workstatus.assess_records([{"id": None, "text": text, "read_as": "agreement"}], model=model, profile=profile)
    assert audit(text, model=model, profile=profile).assessment == read.assessment
    assert read.assessment.input_kind == "agreement"


def test_similar_cases_name_their_jurisdiction(model, rider):
    from workstatus import labelled_cases

    known = labelled_cases.load_cases(origin="real").set_index("id")["jurisdiction"]
    result = workstatus.assess(rider, model=model)
    assert result.similar_cases
    for case in result.similar_cases:
        assert case.jurisdiction == known[case.id]


@pytest.mark.parametrize("text", ["hello world", "你好，世界。"])
def test_a_text_without_facts_is_undetermined_for_want_of_facts_never_a_status(text):
    result = workstatus.assess(text or " ")
    assert result.status == "undetermined"
    assert result.status_note and "no facts of the working relationship" in result.status_note
    assert "no facts of the working relationship" in reports.render_case_text(result)


@pytest.mark.parametrize("as_of, void", [("2025-08-31", False), ("2025-09-01", True)])
def test_a_stated_agreement_not_to_pay_social_insurance_is_said_to_be_void_from_the_interpretation(as_of, void):
    text = "公司与骑手约定不缴纳社会保险，每月另发社保补贴300元。站长派单，超时罚款。"
    result = workstatus.assess(text, profile={"monthly_wage": 6000, "as_of": as_of})
    assert (result.waiver_void is not None) is void
    shown = reports.render_case_text(result)
    assert ("法释〔2025〕12号" in shown and "art. 19" in shown) is void


def test_no_waiver_is_reported_when_the_facts_state_none_or_abroad():
    assert workstatus.assess("站长派单，超时罚款。", profile={"monthly_wage": 6000}).waiver_void is None
    abroad = workstatus.assess("公司与骑手约定不缴纳社会保险。站长派单。", jurisdiction="GB", profile={"monthly_wage": 6000})
    assert abroad.waiver_void is None


def test_a_third_category_answer_lists_what_is_owed_besides_money_with_its_basis():
    import datetime as dt

    from workstatus import obligations

    duties = obligations.duties_for("third_category", dt.date(2026, 12, 1))
    assert {d.duty for d in duties} >= {"written_agreement", "hourly_minimum_wage", "rest_and_working_time",
                                        "publish_labour_rules"}
    assert all(d.source.doc and d.source.url for d in duties)
    assert obligations.duties_for("employee", dt.date(2026, 12, 1)) == []
    assert {d.duty for d in obligations.duties_for("third_category", dt.date(2022, 1, 1))} == {
        "written_agreement", "social_insurance_support"}  # the 2023 guidelines came later
    result = workstatus.assess("骑手必须服从系统派单，拒单扣款。")
    lines = ("Owed besides money" in reports.render_case_text(result))
    assert lines is (result.status == "third_category") and bool(result.duties) is (result.status == "third_category")


def test_answers_that_are_not_a_mapping_are_an_error_not_read_as_a_text():
    (result,) = list(workstatus.assess_many([{"id": "a", "answers": "work_assigned: yes"}]))
    assert isinstance(result, AssessmentError) and "not a mapping" in result.error


def test_the_assessment_and_its_reports_pick_the_same_reasons_counter_reasons_and_wording(model, rider, streamer):
    """One rule picks a case's reasons: the Assessment's own methods and the reports (which read its JSON) agree."""
    from workstatus.reports import case

    picked = {"for": 0, "against": 0}
    mixed = "骑手可以自由拒单，使用自己的电动车，但公司规定排班并通过GPS监控。"  # facts on both sides
    for text in (rider, streamer, mixed):
        a = workstatus.assess(text, model=model)
        data = a.model_dump(mode="json")
        for n in (1, 3, 5):
            assert [c.indicator for c in a.top_reasons(n)] == [c["indicator"] for c in case.top_reasons(data, n)]
            assert [c.indicator for c in a.counter_reasons(n)] == [c["indicator"] for c in case.counter_reasons(data, n)]
        picked["for"] += len(a.top_reasons(3))
        picked["against"] += len(a.counter_reasons(3))
        assert all(c.is_fact and c.shap > 0 for c in a.top_reasons(5))
        style = case.style_of_text(data)
        assert (a.style_of_text is None) == (style is None)
        assert style is None or a.style_of_text.shap == style["shap"]
    assert picked["for"] and picked["against"]  # both sides of the rule were exercised
