"""The labelling rule (LEGAL.md 1b), the own-words check and the leak check, on small cases."""

import json

import pytest

from workstatus.labelled_cases import CaseFormatError, load_cases
from workstatus.labelled_cases._quality import leak_problems, load_leak_exceptions, longest_shared_run
from workstatus.labelled_cases._rules import RuleFacts, chinese_rule, rule_label, rule_problems
from workstatus.labelled_cases.textcheck import main as textcheck

TEXT = "刘某通过平台接单，平台统一派单，并制定每单6元的配送费标准，超时一次扣款20元。"


def facts(management=(), own=()):
    return RuleFacts.model_validate({"management": [{"kind": k, "quote": q} for k, q in management],
                                     "own_account": [{"kind": k, "quote": q} for k, q in own]})


def test_two_management_facts_and_no_own_account_fact_is_third_category():
    assert chinese_rule(facts([("assigns_work", "平台统一派单"), ("sets_pay", "制定每单6元的配送费标准")])) == "third_category"


def test_one_management_fact_or_any_own_account_fact_is_independent():
    assert chinese_rule(facts([("assigns_work", "平台统一派单")])) == "independent"
    both = facts([("assigns_work", "平台统一派单"), ("sets_pay", "每单6元")], [("own_business", "自营宠物店")])
    assert chinese_rule(both) == "independent"


def test_the_same_fact_quoted_twice_counts_once():
    assert chinese_rule(facts([("assigns_work", "平台统一派单"), ("rules_sanctions", "平台统一派单。")])) == "independent"


def test_findings_abroad_translate_directly_and_unanswered_ones_give_no_label():
    assert rule_label("employee") == "employee"
    assert rule_label("labour_relationship") == "employee"
    assert rule_label("intermediate") == "third_category"
    assert rule_label("not_employee") == "independent"
    assert rule_label("union_law_worker") is None
    with pytest.raises(ValueError, match="not one of"):
        rule_label("worker-ish")


def test_rule_problems_name_a_wrong_label_a_missing_quote_and_a_misplaced_finding():
    record = {"id": "x", "jurisdiction": "CN", "text": TEXT, "tribunal_finding": "no_labour_relationship",
              "label": "independent",
              "rule_facts": {"management": [{"kind": "assigns_work", "quote": "平台统一派单"},
                                            {"kind": "rules_sanctions", "quote": "超时一次扣款20元"}],
                             "own_account": []}}
    assert rule_problems(record) == ["label 'independent', but the rule gives 'third_category'"]
    record["label"] = "third_category"
    assert rule_problems(record) == []
    record["rule_facts"]["management"][1]["quote"] = "差评罚款50元"
    assert any("is not in the text" in p for p in rule_problems(record))
    abroad = {"id": "y", "jurisdiction": "GB", "text": "…", "tribunal_finding": "no_labour_relationship", "label": "independent",
              "rule_facts": {"management": [], "own_account": []}}
    assert any("Chinese finding" in p for p in rule_problems(abroad))


def test_a_rule_fact_of_an_unknown_kind_is_a_load_error_naming_the_record(tmp_path):
    record = {"id": "cn-x", "text": TEXT, "label": "independent", "origin": "real", "source_url": "https://a.b/c",
              "source_title": "t", "year": 2020, "tribunal_finding": "no_labour_relationship",
              "rule_facts": {"management": [{"kind": "vibes", "quote": "平台统一派单"}], "own_account": []}}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CaseFormatError, match="cn-x.*vibes"):
        load_cases(path)


def test_longest_shared_run_counts_characters_or_words_and_skips_document_names():
    source = "刘某自营有宠物美容门店，刘某系以宠物门店经营者的身份与网络公司签订《合作协议》"
    assert longest_shared_run("刘某自营一家宠物美容店", source, "zh")[0] == 4
    assert longest_shared_run("双方签订了《合作协议》。", source, "zh")[0] <= 2
    n, run = longest_shared_run("He used his own car, and paid the fuel.", "Mr A used his own car and paid for fuel", "en")
    assert (n, run) == (6, "used his own car and paid")


def test_the_leak_check_finds_reasoning_cues_and_paraphrase_of_the_outcome():
    record = {"id": "z", "lang": "zh", "text": "刘某在平台接单。综上，双方之间并无彼此制约与管理，合作关系相对松散。",
              "court_outcome": "双方之间并无彼此制约与管理，合作关系相对松散，驳回请求"}
    problems = leak_problems(record)
    assert any("综上" in p for p in problems)
    assert any("court_outcome" in p for p in problems)
    assert leak_problems({"id": "e", "lang": "en", "text": "The Tribunal accepted that he drove every day."})
    assert not leak_problems({"id": "c", "lang": "zh", "text": "刘某主张双方存在劳动关系，公司辩称系合作关系。"})


def test_a_reviewed_exception_allows_only_its_own_cue(tmp_path):
    path = tmp_path / "exceptions.yaml"
    path.write_text("- {id: q, cue: 认为, why: the cue is inside a quoted platform rule}\n", encoding="utf-8")
    allowed = load_leak_exceptions(path)
    assert not leak_problems({"id": "q", "lang": "zh", "text": "规则写明：平台认为必要时可调整派单。"}, allowed)
    assert leak_problems({"id": "r", "lang": "zh", "text": "规则写明：平台认为必要时可调整派单。"}, allowed)
    path.write_text("- {id: q, cue: 认为}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no why"):
        load_leak_exceptions(path)


def test_textcheck_fails_a_copied_text_and_passes_a_rewritten_one(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    source = ("2019年7月5日，徐某通过某科技公司外卖平台众包骑手入口注册成为网约配送员，并在线签订了《网约配送协议》，"
              "协议载明徐某同意按照平台发送的配送信息自主选择接受服务订单，接单后及时完成配送，服务费按照平台统一标准按单结算。")
    (src / "a.txt").write_text(source, encoding="utf-8")
    own = ("徐某于2019年7月5日在某科技公司的外卖平台上以众包骑手身份注册，同时在网上签了《网约配送协议》。依照协议，"
           "平台发出配送信息后由他自己挑选要接的单，接下后须按时送到；每单的服务费都按平台定的统一标准计算。"
           "他每周上线三到六天，每天两到五个小时，平台对上线时间没有要求。")
    rows = [{"id": "a", "lang": "zh", "text": source}, {"id": "a2", "lang": "zh", "text": own}]
    (src / "a2.txt").write_text(source, encoding="utf-8")
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert textcheck([str(path), "--sources", str(src)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  a  " in out and "ok    a2" in out


def test_a_traditional_source_is_compared_like_a_simplified_one():
    source = "劉某與網絡公司簽訂合作協議，約定按單結算報酬並由平台統一派單"
    copied = "刘某与网络公司签订合作协议，约定按单结算报酬并由平台统一派单"
    assert longest_shared_run(copied, source, "zh")[0] > 12
