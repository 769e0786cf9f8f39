"""The bundled corpus: valid, traceable, facts without verdicts, no case twice."""

import pytest

from labelled_cases import load_cases
from labelled_cases._quality import near_duplicates, verdict_phrases


@pytest.fixture(scope="module")
def real():
    return load_cases(origin="real")


def test_every_real_case_loads_with_its_source(real):
    assert len(real) > 0
    assert real["source_url"].str.match(r"^https?://").all()
    assert real["source_title"].str.len().gt(0).all()
    assert real["origin"].eq("real").all()


def test_every_real_case_names_language_jurisdiction_sector_and_outcome(real):
    for column in ("lang", "jurisdiction", "sector", "court_outcome", "label_basis"):
        missing = real.loc[real[column].isna() | real[column].eq(""), "id"].tolist()
        assert not missing, f"{column} missing for {missing[:5]}"


def test_no_fact_text_states_the_outcome(real):
    leaks = {i: verdict_phrases(t) for i, t in zip(real["id"], real["text"]) if verdict_phrases(t)}
    assert not leaks


def test_no_case_appears_twice(real):
    assert real["id"].is_unique
    pairs = near_duplicates(list(real["id"]), list(real["text"]))
    assert not pairs, f"near-duplicate texts: {pairs[:5]}"


def test_verdict_check_catches_holdings_but_allows_claims():
    assert verdict_phrases("本院认为，双方存在劳动关系。")
    assert verdict_phrases("The tribunal held that the drivers were workers.")
    assert verdict_phrases("仲裁委员会裁决如下：")
    assert not verdict_phrases("孙某申请仲裁，请求确认与某物流公司存在劳动关系。")
    assert not verdict_phrases("Uber argued that the drivers were independent contractors.")


def test_near_duplicate_check_finds_a_text_republished_inside_another():
    text = "刘某于2020年6月14日与某信息技术公司订立为期1年的《车辆管理协议》，约定双方建立合作关系。"
    pairs = near_duplicates(["a", "b", "c"], [text, "（转载）" + text + "来源：某法院", "完全无关的另一个案件事实。"])
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]


def test_the_dataset_card_counts_are_those_of_the_data():
    """The card's counts block is regenerated from the data (workstatus cases --card), never stale."""
    from labelled_cases import CARD, card_counts

    assert card_counts() in CARD.read_text(encoding="utf-8")


def test_the_counts_promised_for_the_corpus_are_met(real):
    langs, labels = real["lang"].value_counts(), real["label"].value_counts()
    assert len(real) >= 300
    assert (real["jurisdiction"] == "CN").sum() >= 180
    assert (real["jurisdiction"] != "CN").sum() >= 100
    assert labels["third_category"] >= 70 and labels["independent"] >= 80
    assert langs["zh"] >= 150 and langs["en"] >= 100
    sectors = {"delivery", "ride_hailing", "freight", "courier", "streaming", "domestic",
               "designated_driving", "crowdwork", "professional", "construction", "other"}
    assert sectors <= set(real["sector"])
