"""One-case reports: complete, escaped, and readable as Markdown and text."""

import pytest

from workstatus.reports import (highlight_segments, render_case_html, render_case_markdown, render_case_summary,
                                render_case_text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_escapes_everything_the_user_supplied(assessment_data, lang):
    html = render_case_html(assessment_data, chart=False, lang=lang)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>1</b>" not in html and "<i>case</i>" not in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_never_links_a_non_web_address(assessment_data, lang):
    html = render_case_html(assessment_data, chart=False, lang=lang)
    assert "javascript:" not in html.split("<body>")[1].split("<script>")[0]


def test_html_marks_each_evidence_span_with_its_indicator(assessment_data):
    html = render_case_html(assessment_data, chart=False)
    assert '<mark class="pos" title="schedule_controlled +1">必须每天在线10小时</mark>' in html
    assert "decision support, not a legal ruling" in html


def test_html_embeds_the_contributions_chart(assessment_data):
    html = render_case_html(assessment_data)
    assert 'src="data:image/png;base64,' in html


@pytest.mark.parametrize("lang, reason", [("en", "| Working time is fixed | +1 | +1.100 |"),
                                          ("zh", "| 工作时间受控 | +1 | +1.100 |")])
def test_markdown_escapes_markup(assessment_data, lang, reason):
    assessment_data["contributions"][0]["label"]["zh"] = "工作时间受控"
    md = render_case_markdown(assessment_data, lang=lang)
    assert "<script>" not in md and "\\<script\\>" in md and "case \\<b\\>1\\</b\\>" in md
    assert reason in md


def test_markdown_lists_each_source_of_the_figures_on_its_own_line(assessment_data):
    """Two sources are two list items, and the rule under them is not read as a heading's underline."""
    first = assessment_data["obligations"][0]["sources"][0]
    assessment_data["obligations"][0]["sources"].append(
        {**first, "parameter": "contribution_base.monthly_limits", "doc": "京人社发〔2025〕1号", "url": "https://rsj.example/2"})
    lines = render_case_markdown(assessment_data).splitlines()
    items = [line for line in lines if line.startswith("- ") and " · in force from " in line]
    assert [line.split(" · ")[0] for line in items] == ["- 国办发〔2019〕13号 一", "- 京人社发〔2025〕1号 一"]
    assert lines[lines.index(items[-1]) + 1] == ""


def test_an_indicator_only_a_party_claims_reads_silent_not_denied(assessment_data):
    """A claim sets no value (0): the reports say the facts are silent, and still quote the claim."""
    text = assessment_data["text"]
    assessment_data["indicators"].append({
        "id": "staff_treatment", "label": {"en": "Treated as staff", "zh": "员工待遇"}, "family": "organisational",
        "towards": "employment", "value": 0,
        "evidence": [{"indicator": "staff_treatment", "polarity": 1, "start": 0, "end": 2, "text": text[:2],
                      "sentence": text, "attributed": True, "cue": "zh:staff_treatment:+1",
                      "source": "text"}]})
    md = render_case_markdown(assessment_data)
    assert "- **Treated as staff** (员工待遇): silent — " in md
    assert "<td>silent (0)</td>" in render_case_html(assessment_data, chart=False)


def test_a_quote_keeps_its_span_in_view_when_the_sentence_is_cut():
    from workstatus.reports._render import quote, shorten

    sentence = "x" * 300 + " the span " + "y" * 100
    start = sentence.index("the span")
    far = {"text": "the span", "sentence": sentence, "start": 1000 + start, "sentence_start": 1000}
    near = {**far, "text": "xxx", "start": 1000}
    assert "the span" in quote(far, 200) and len(quote(far, 200)) <= 200 and quote(far, 200).startswith("…")
    assert quote(near, 200) == shorten(sentence, 200)


def test_text_view_shows_status_reasons_and_obligations(assessment_data):
    text = render_case_text(assessment_data)
    assert text.startswith("case <b>1</b>: EMPLOYEE")
    assert "+1.10  Working time is fixed (stated)" in text
    assert "960.00" in text


def test_segments_cover_the_text_exactly_and_mark_overlaps():
    text = "abcdefghij"
    spans = [
        {"indicator": "a", "polarity": 1, "start": 2, "end": 6},
        {"indicator": "b", "polarity": -1, "start": 4, "end": 8},
        {"indicator": "answer", "polarity": 1, "start": -1, "end": -1},
    ]
    segments = highlight_segments(text, spans)
    assert "".join(s.text for s in segments) == text
    overlap = next(s for s in segments if s.text == "ef")
    assert overlap.polarity == "mixed"
    assert [s.text for s in segments if s.marks] == ["cd", "ef", "gh"]


def test_the_wording_is_shown_apart_as_style_never_as_a_reason_and_never_by_its_ngrams(assessment_data):
    assessment_data["contributions"].insert(0, {
        "indicator": "wording", "label": {"en": "wording of the text (character n-grams)"}, "value": None,
        "shap": 1.5, "terms": [{"term": " 顺丰", "shap": 0.4}, {"term": "<b>", "shap": 0.2}, {"term": "众包", "shap": -0.3}],
    })
    text = render_case_text(assessment_data)
    why = text.split("Why ", 1)[1].split("\n\n", 1)[0]
    assert "wording" not in why and "Style of the text (not a fact of the case): +1.50" in text
    assert "顺丰" not in text  # an n-gram may be a party's name
    md = render_case_markdown(assessment_data)
    assert "Style of the text" in md and "+1.500" in md and "顺丰" not in md
    assert "| wording" not in md
    html = render_case_html(assessment_data)
    assert "<b>" not in html.split("<body>")[1]


def test_silent_indicators_are_not_reasons_and_counter_reasons_are_shown(assessment_data):
    assessment_data["contributions"] = [
        {"indicator": "work_assigned", "label": {"en": "Work is assigned"}, "value": 1, "shap": 0.9,
         "evidence": [{"sentence": "平台派单。"}]},
        {"indicator": "exclusivity", "label": {"en": "Exclusivity"}, "value": 0, "shap": 0.8, "evidence": []},
        {"indicator": "own_business", "label": {"en": "Own business"}, "value": 1, "shap": -0.4,
         "evidence": [{"sentence": "他另有自己的店。"}]},
        {"indicator": "jurisdiction", "label": {"en": "jurisdiction"}, "value": 1, "shap": 0.7, "evidence": []},
    ]
    text = render_case_text(assessment_data)
    assert "Work is assigned" in text and "Exclusivity" not in text and "jurisdiction (" not in text
    assert "What pushes away from employee:" in text.split("Own business")[0]
    assert "他另有自己的店" in text


def test_a_report_sets_what_the_agreement_says_beside_what_happened_in_practice():
    import workstatus

    result = workstatus.assess("双方签订《合作协议》，约定双方不存在劳动关系，骑手可自主决定是否接单。"
                               "实际上，站长每天给骑手派单，骑手拒单会被罚款。")
    text = render_case_text(result)
    paper = text.split("Paper and practice:", 1)[1]
    assert "something other than employment, but in practice" in paper and "Work is assigned" in paper
    assert "Paper and practice" in render_case_markdown(result) and "Paper and practice" in render_case_html(result)


def test_duties_besides_money_are_shown_with_their_documents_and_escaped(assessment_data):
    import datetime as dt

    from workstatus import obligations

    assessment_data["duties"] = [d.model_dump(mode="json") for d in obligations.duties_for("third_category", dt.date(2026, 12, 1))]
    assessment_data["duties"][0]["description"]["en"] = "<script>x</script> sign a written agreement"
    text = render_case_text(assessment_data)
    assert "Owed besides money:" in text and "人社厅发〔2023〕50号" in text
    html = render_case_html(assessment_data)
    assert "Owed besides money" in html and "<script>x" not in html
    assert "Owed besides money" in render_case_markdown(assessment_data)


@pytest.mark.parametrize("lang, words", [("en", "(read by the learned reader)"), ("zh", "（由学习模型读出）")])
def test_evidence_of_the_learned_reader_says_so(assessment_data, lang, words):
    evidence = assessment_data["indicators"][0]["evidence"][0]
    assert words not in render_case_markdown(assessment_data, lang=lang)
    evidence["cue"] = "learned:schedule_controlled:+1"
    assert words in render_case_markdown(assessment_data, lang=lang)
    assert words in render_case_html(assessment_data, chart=False, lang=lang)


def test_the_text_view_says_which_reason_the_learned_reader_inferred(assessment_data):
    span = assessment_data["indicators"][0]["evidence"][0]
    assessment_data["contributions"][0]["evidence"] = [span]
    text = render_case_text(assessment_data)
    assert "Working time is fixed (stated)" in text and "learned reader" not in text
    assessment_data["contributions"][0]["evidence"] = [span | {"cue": "learned:schedule_controlled:+1"}]
    text = render_case_text(assessment_data)
    assert "Working time is fixed (inferred)" in text and "(stated)" not in text
    assert "(no cue states it: the learned reader infers it from the wording)" in text


@pytest.mark.parametrize("lang, stated, inferred", [("en", "stated", "inferred"), ("zh", "存在", "推断存在")])
def test_a_value_only_the_learned_reader_gives_is_called_inferred_in_every_report(assessment_data, lang, stated, inferred):
    """A lawyer signs what the text states; a value the reader infers from the wording is never called stated."""
    indicator = assessment_data["indicators"][0]
    assert f"{indicator['label'][lang]}**" in render_case_markdown(assessment_data, lang=lang)
    md = render_case_markdown(assessment_data, lang=lang)
    assert f"：{stated} —" in md or f": {stated} —" in md
    indicator["evidence"] = [span | {"cue": "learned:schedule_controlled:+1"} for span in indicator["evidence"]]
    md = render_case_markdown(assessment_data, lang=lang)
    assert f"：{inferred} —" in md or f": {inferred} —" in md
    assert f"<td>{inferred} (+1)</td>" in render_case_html(assessment_data, chart=False, lang=lang)


def test_a_value_a_cue_also_states_is_stated_though_the_reader_read_it_too(assessment_data):
    indicator = assessment_data["indicators"][0]
    learned = indicator["evidence"][0] | {"cue": "learned:schedule_controlled:+1"}
    indicator["evidence"] = [*indicator["evidence"], learned]
    assert "<td>stated (+1)</td>" in render_case_html(assessment_data, chart=False)


def test_batch_reasons_call_an_inferred_value_inferred():
    from workstatus.reports.triage import reason_cell as _reason
    from workstatus.assessment import Contribution

    span = {"indicator": "core_business", "polarity": 1, "start": 0, "end": 1, "text": "站",
            "sentence": "平台通过APP派单。", "cue": "learned:core_business:+1"}
    contribution = Contribution.model_validate({"indicator": "core_business", "label": {"en": "Core business"},
                                                "value": 1, "shap": 0.39, "evidence": [span]})
    assert _reason(contribution).startswith("Core business (inferred, +0.39)")
    stated = contribution.model_copy(update={"evidence": [contribution.evidence[0].model_copy(update={"cue": "zh:x:+1"})]})
    assert _reason(stated).startswith("Core business (stated, +0.39)")


def test_what_the_paper_says_leaves_out_the_readers_inferences():
    from workstatus.assessment import Assessment, Indicator
    from workstatus.reports.triage import paper_says

    def indicator(cue):
        span = {"indicator": "intermediary", "polarity": 1, "start": 0, "end": 2, "text": "站点",
                "sentence": "骑手每天在站点打卡。", "cue": cue}
        return {"id": "intermediary", "label": {"en": "Engaged via an intermediary"}, "family": "form",
                "towards": "independence", "value": 1, "evidence": [span]}

    def result(cue):
        return Assessment.model_construct(indicators=(Indicator.model_validate(indicator(cue)),))

    assert paper_says(result("zh:intermediary:+1")) == "via intermediary"
    assert paper_says(result("learned:intermediary:+1")) == ""


def _split_case(data: dict) -> dict:
    """A Chinese case the rule split (third category): its facts, one with a hostile sentence."""
    return data | {
        "status": "third_category", "most_probable": "third_category",
        "probabilities": {"employee": 0.2, "third_category": 0.6, "independent": 0.2},
        "contributions": [
            {"indicator": "fixed_pay", "label": {"en": "Fixed pay", "zh": "固定报酬"}, "value": -1, "shap": 0.5,
             "evidence": [{"sentence": "报酬按单计算。"}]},
            {"indicator": "schedule_controlled", "label": {"en": "Working time is fixed", "zh": "工作时间受控"},
             "value": 1, "shap": -0.3, "evidence": [{"sentence": "每天在线10小时。"}]}],
        "split": {"outcome": "third_category", "management": 2, "own_account": 0, "p_third": 0.61, "basis": "1b",
                  "facts": [
                      {"indicator": "work_assigned", "value": 1, "side": "management", "kind": "assigns_work",
                       "label": {"en": "Work is assigned", "zh": "派单"},
                       "evidence": [{"sentence": "站长<script>x</script>派单。"}]},
                      {"indicator": "time_limits", "value": 1, "side": "management",
                       "kind": "rules_sanctions:time_limits", "label": {"en": "Time limits", "zh": "时限"},
                       "evidence": []}]},
    }


def test_a_case_split_by_the_rule_shows_the_facts_that_split_it(assessment_data):
    data = _split_case(assessment_data)
    text = render_case_text(data)
    assert "Why not employee" in text and "What pushes towards employment:" in text
    split = text.split("Third category or independent (LEGAL.md 1b", 1)[1]
    assert "2 distinct management facts and 0 own-account facts → Third category" in split
    assert "61% were labelled third category" in split
    assert "management: Work is assigned (stated)" in split and "站长<script>x</script>派单" in split
    zh = render_case_text(data, lang="zh")
    assert "第三类还是民事关系" in zh and "劳动管理：派单" in zh and "有利于劳动关系的因素：" in zh
    html = render_case_html(data, chart=False)
    assert "LEGAL.md 1b" in html and "<script>x" not in html and "&lt;script&gt;x" in html
    assert "Work is assigned" in render_case_markdown(data).split("LEGAL.md 1b", 1)[1]


def test_the_split_is_not_shown_for_an_employee_decision(assessment_data):
    data = _split_case(assessment_data) | {"status": "employee", "most_probable": "employee"}
    text = render_case_text(data)
    assert "LEGAL.md 1b" not in text and "What pushes away from employee:" in text


def test_the_summary_gives_status_probabilities_facts_that_push_and_the_report(assessment_data):
    """The demo's lines for one case: a silent indicator is no reason, and no liability is said when none is known."""
    lines = render_case_summary(assessment_data, heading="Rider [case summary, real]", report="out/r.html").split("\n")
    assert lines == ["Rider [case summary, real]",
                     "  → employee       employee 70% · third category 20% · independent 10%",
                     "    +1.10 Working time is fixed",
                     "    report: out/r.html"]
    with_liability = render_case_summary({**assessment_data, "expected_monthly_liability": "1234.5"},
                                         heading="h", report="r")
    assert "; expected monthly liability 1,234.50 yuan" in with_liability.split("\n")[1]
