"""The case report in Chinese: its own words, the status names and the labels in Chinese; English as before."""

import copy
import datetime as dt
import re

import pytest

from workstatus.reports import render_case_html, render_case_markdown, render_case_text
from workstatus.reports._words import CASE_WORDS, STATUS_WORDS

THIRD_CATEGORY_ZH = "不完全符合确立劳动关系情形"


def _english_words() -> set[str]:
    """The report's own English words that say something (not a colon, 'SHAP' or a format placeholder)."""
    words = set()
    for zh, en in CASE_WORDS.values():
        for part in re.split(r"\{\w+\}", en):
            part = part.strip(" :.;,()")
            if len(part) >= 6 and part != zh:
                words.add(part)
    return words | {en for zh, en in STATUS_WORDS.values()}


def _without_user_text(page: str) -> str:
    """The words a reader sees, minus what the user supplied (the case text, the evidence sentences) and the markup."""
    page = re.sub(r'<div class="casetext".*?</div>', "", page, flags=re.S)
    return re.sub(r"<[^>]*>", " ", re.sub(r"“[^”]*”", "", page))


@pytest.fixture
def undetermined_with_duties(assessment_data):
    """The fixture as an undetermined case with expected obligations, duties, a void waiver and numeric facts."""
    from workstatus import obligations

    a = copy.deepcopy(assessment_data)
    a.update(status="undetermined", obligations_basis="expected", expected_monthly_liability="577.92",
             numeric_facts={"tenure_months": 14.0, "weekly_hours": None, "income_share": 0.9})
    a["obligations"][0].update(for_status="employee", weight=0.6)
    a["duties"] = [d.model_dump(mode="json") for d in obligations.duties_for("third_category", dt.date(2026, 12, 1))]
    a["waiver_void"] = obligations.void_waiver(dt.date(2026, 12, 1)).model_dump(mode="json")
    return a


def test_the_chinese_html_report_names_the_status_and_the_indicators_in_chinese(assessment_data):
    html = render_case_html(assessment_data, chart=False, lang="zh")
    assert '<html lang="zh">' in html
    assert '<span class="badge employee">劳动关系（符合确立劳动关系情形）</span>' in html
    assert f"<th>{THIRD_CATEGORY_ZH}" in html and "民事关系" in html
    assert "<strong>工作时间受控</strong>" in html and "存在 (+1)" in html
    assert "<td>职工基本养老保险</td>" in html and "<td>用人单位</td>" in html and "官方文本" in html
    assert "社会保险义务" in html and "数据来源" in html and "决策辅助，不是法律裁决" in html


@pytest.mark.parametrize("render", [lambda a: render_case_html(a, chart=False, lang="zh"),
                                    lambda a: render_case_markdown(a, lang="zh"),
                                    lambda a: render_case_text(a, lang="zh")], ids=["html", "markdown", "text"])
def test_a_chinese_report_has_none_of_the_english_words_it_translates(render, assessment_data, undetermined_with_duties):
    for data in (assessment_data, undetermined_with_duties):
        shown = _without_user_text(render(data))
        left = sorted(word for word in _english_words() if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", shown))
        assert not left, left


def test_duties_waiver_and_expected_obligations_are_in_chinese(undetermined_with_duties):
    html = render_case_html(undetermined_with_duties, chart=False, lang="zh")
    assert "金钱以外的义务" in html and "与劳动者订立书面协议" in html  # the duty's own Chinese description
    assert "约定自 " in html and "无效" in html
    assert "<th>假设结论</th>" in html and "<td>劳动关系</td>" in html
    assert "无法确定" in html and "工作时长（月） = 14.0" in html
    md = render_case_markdown(undetermined_with_duties, lang="zh")
    assert "## 金钱以外的义务" in md and "| 职工基本养老保险 | 劳动关系 | 60% | 用人单位 |" in md
    text = render_case_text(undetermined_with_duties, lang="zh")
    assert text.startswith("case <b>1</b>：无法确定") and "企业预期月度责任：577.92 元" in text


def test_the_notes_the_pipeline_writes_are_translated_and_an_unknown_one_kept(assessment_data):
    import workstatus

    no_facts = workstatus.assess("今天天气很好。", explain=False)
    abroad = workstatus.assess("The rider must accept every job.", jurisdiction="GB", explain=False,
                               profile={"monthly_wage": 6000, "as_of": "2026-12-01"})
    assert no_facts.status_note and no_facts.obligations_note and abroad.obligations_note
    for result, english in ((no_facts, no_facts.status_note), (no_facts, no_facts.obligations_note),
                            (abroad, abroad.obligations_note)):
        for page in (render_case_html(result, lang="zh"), render_case_markdown(result, lang="zh"),
                     render_case_text(result, lang="zh")):
            assert english.split(":")[0].split(";")[0] not in page
    assert "义务仅按中国法律计算；本案法域为 GB" in render_case_text(abroad, lang="zh")
    assert "未发现劳动关系方面的事实" in render_case_html(no_facts, lang="zh")
    assessment_data["obligations_note"] = "A note written by hand <b>here</b>."
    html = render_case_html(assessment_data, chart=False, lang="zh")
    assert "A note written by hand &lt;b&gt;here&lt;/b&gt;." in html


def test_the_english_report_is_the_default_and_keeps_its_words(assessment_data, undetermined_with_duties):
    for data in (assessment_data, undetermined_with_duties):
        assert render_case_html(data, chart=False) == render_case_html(data, chart=False, lang="en")
        assert render_case_markdown(data) == render_case_markdown(data, lang="en")
        assert render_case_text(data) == render_case_text(data, lang="en")
    html = render_case_html(undetermined_with_duties, chart=False)
    for words in ("<h1>Status assessment: case &lt;b&gt;1&lt;/b&gt;</h1>", "<th>Employee (labour relationship)</th>",
                  "Third category (managed, not fully a labour relationship)", "<h2>Owed besides money</h2>",
                  "<td>pension</td><td>employee</td>", "<td>employer</td><td>yes</td>", "stated (+1)",
                  "Expected monthly liability of the enterprise: <strong>577.92 yuan</strong>",
                  "Numeric facts: tenure months = 14.0; weekly hours = —; income share = 0.9",
                  "<h3>Sources of the figures</h3>", "national · in force from 2019-05-01 · "):
        assert words in html, words
    md = render_case_markdown(undetermined_with_duties)
    assert "| pension | employee | 60% | employer | yes |" in md and "## Indicators found" in md
    assert "- **Working time is fixed** (工作时间受控): stated" in md
    text = render_case_text(undetermined_with_duties)
    assert "Social-insurance obligations (expected, weighted by probability):" in text
    assert "  expected monthly liability of the enterprise: 577.92 yuan" in text


def test_a_report_language_other_than_zh_or_en_is_refused_saying_which_are(assessment_data):
    with pytest.raises(ValueError, match="report language 'fr' is not available; expected one of zh, en"):
        render_case_html(assessment_data, lang="fr")
