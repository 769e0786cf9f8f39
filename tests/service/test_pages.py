"""The web page in zh and en: Assess, Triage and Self-audit work as forms, and user text stays text."""

import csv
import io
import re

from .conftest import DRIVER, RIDER, wait_for

INJECTED = "<script>alert('pwned')</script>"


def test_the_assess_page_speaks_chinese_or_english_and_lists_the_questionnaire(client):
    zh = client.get("/", params={"lang": "zh"}).text
    en = client.get("/", params={"lang": "en"}).text
    assert '<html lang="zh">' in zh and "拒单受罚" in zh and ">English</a>" in zh
    assert '<html lang="en">' in en and "Refusing work is penalised" in en and ">中文</a>" in en
    assert 'name="q_refusal_penalised"' in en
    assert '<html lang="zh">' in client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"}).text


def test_assessing_a_pasted_text_shows_the_report_with_evidence_marked_and_the_text_escaped(client):
    form = {"input": "text", "text": INJECTED + RIDER, "monthly_wage": "6500", "region": "110000", "explain": "true",
            "lang": "en"}
    page = client.post("/ui/assess", data=form)
    assert page.status_code == 200
    report = page.text.split('<section id="report">')[1]
    assert re.search(r'<span class="badge (employee|third_category|independent|undetermined)">', report)
    assert "<mark" in report and "Social-insurance obligations" in report
    assert INJECTED not in page.text and "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page.text


def test_the_chinese_page_shows_the_report_in_chinese_with_the_text_still_escaped(client):
    form = {"input": "text", "text": INJECTED + RIDER, "monthly_wage": "6500", "region": "110000", "explain": "false",
            "lang": "zh"}
    page = client.post("/ui/assess", data=form)
    assert page.status_code == 200
    report = page.text.split('<section id="report">')[1]
    assert "社会保险义务" in report and "发现的指标" in report and "拒单受罚" in report
    assert "不完全符合确立劳动关系情形" in report
    assert "Social-insurance obligations" not in report and "Indicators found" not in report
    assert INJECTED not in page.text and "<mark" in report


def test_a_questionnaire_is_assessed_from_the_answers_chosen(client):
    form = {"input": "answers", "q_work_assigned": "yes", "q_refusal_penalised": "yes", "q_own_business": "no",
            "text": "", "lang": "en"}
    page = client.post("/ui/assess", data=form).text
    assert "input: answers" in page and "questionnaire answer" in page


def test_a_form_with_nothing_to_assess_comes_back_with_the_reason_and_what_was_typed(client):
    page = client.post("/ui/assess", data={"input": "text", "text": " ", "region": "1100", "lang": "zh"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text and "the text is empty" in page.text
    assert 'value="1100"' in page.text  # the form keeps what the user typed


def test_the_self_audit_page_ranks_the_practices_of_uploaded_answers(client):
    answers = "work_assigned: yes\nrefusal_penalised: yes\nschedule_controlled: yes\n"
    page = client.post("/ui/audit", data={"monthly_wage": "6000", "lang": "zh"},
                       files={"file": ("answers.yaml", answers.encode(), "application/yaml")})
    assert page.status_code == 200
    audit = page.text.split('<section id="audit">')[1]
    assert "去掉每项做法会怎样" in audit and "拒单受罚" in audit


def test_uploaded_answers_with_yaml_aliases_are_refused_before_they_expand(client):
    answers = "a: &a [yes, yes, yes]\nb: &b [*a, *a, *a]\nwork_assigned: *b\n"
    page = client.post("/ui/audit", data={"lang": "en"},
                       files={"file": ("answers.yaml", answers.encode(), "application/yaml")})
    assert page.status_code == 422
    assert "YAML aliases (*name) are not accepted" in page.text


def test_an_uploaded_table_leads_to_its_job_page_with_the_ranked_list_and_the_download(client):
    out = io.StringIO()
    csv.writer(out).writerows([("case", "text"), ("A", RIDER), ("B", DRIVER), ("C", INJECTED)])
    table = out.getvalue().encode()
    moved = client.post("/ui/triage", data={"id_column": "case", "monthly_wage": "7000", "fast": "true", "lang": "en"},
                        files={"file": ("complaints.csv", table, "text/csv")}, follow_redirects=False)
    assert moved.status_code == 303
    job_id = moved.headers["location"].split("/")[-1].split("?")[0]
    wait_for(client, job_id)
    page = client.get(moved.headers["location"]).text
    assert f'href="/v1/batches/{job_id}/result"' in page and 'id="ranked"' in page
    assert page.count("<tr>") == 4  # the header and one row per case
    assert INJECTED not in page
    missing = client.post("/ui/triage", data={"lang": "en"})
    assert missing.status_code == 422 and "choose a table" in missing.text
