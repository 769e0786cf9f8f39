"""The case loader validates every record and names file and line on error."""

import json

import pytest

from workstatus.labelled_cases import CaseFormatError, load_cases

GOOD = {
    "id": "cn-test-1",
    "text": "刘某通过平台接单。",
    "label": "employee",
    "origin": "real",
    "source_url": "https://example.org/case",
    "source_title": "A case",
    "year": 2023,
    "lang": "zh",
}


def write(tmp_path, *records, name="cases.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_valid_records_become_rows(tmp_path):
    frame = load_cases(write(tmp_path, GOOD, {**GOOD, "id": "cn-test-2"}))
    assert list(frame["id"]) == ["cn-test-1", "cn-test-2"]
    assert frame.loc[0, "label"] == "employee"


def test_unknown_label_names_file_line_and_statuses(tmp_path):
    path = write(tmp_path, GOOD, {**GOOD, "id": "x", "label": "worker"})
    with pytest.raises(CaseFormatError, match=r"cases\.jsonl:2: record 'x': label 'worker' is not a status"):
        load_cases(path)


def test_real_case_without_source_is_refused(tmp_path):
    record = {k: v for k, v in GOOD.items() if k != "source_url"}
    with pytest.raises(CaseFormatError, match="needs source_url"):
        load_cases(write(tmp_path, record))


def test_empty_text_is_refused(tmp_path):
    with pytest.raises(CaseFormatError, match="text is empty"):
        load_cases(write(tmp_path, {**GOOD, "text": "  "}))


def test_duplicate_id_names_both_places(tmp_path):
    path = write(tmp_path, GOOD, GOOD)
    with pytest.raises(CaseFormatError, match=r":2: id 'cn-test-1' is used again; first at .*:1"):
        load_cases(path)


def test_missing_label_is_refused_for_training(tmp_path):
    record = {k: v for k, v in GOOD.items() if k != "label"}
    with pytest.raises(CaseFormatError, match="lacks label"):
        load_cases(write(tmp_path, record))
    assert len(load_cases(write(tmp_path, record), require_label=False)) == 1


def test_unknown_keys_are_kept(tmp_path):
    frame = load_cases(write(tmp_path, {**GOOD, "court": "某区人民法院"}))
    assert frame.loc[0, "court"] == "某区人民法院"
