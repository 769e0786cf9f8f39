import pytest

from workstatus.assessment import Assessment


@pytest.fixture
def assessment_data():
    """An Assessment's JSON form, built by hand so rendering is tested apart from the model."""
    text = "骑手<script>alert(1)</script>必须每天在线10小时，超时扣款。"
    start = text.index("必须每天在线10小时")
    record = {
        "case_id": "case <b>1</b>",
        "language": "zh",
        "jurisdiction": "CN",
        "text": text,
        "indicators": [
            {
                "id": "schedule_controlled",
                "label": {"en": "Working time is fixed", "zh": "工作时间受控"},
                "family": "algorithmic_control",
                "towards": "employment",
                "value": 1,
                "evidence": [
                    {
                        "indicator": "schedule_controlled",
                        "polarity": 1,
                        "start": start,
                        "end": start + 10,
                        "text": text[start : start + 10],
                        "sentence": text,
                        "attributed": False,
                    }
                ],
            }
        ],
        "probabilities": {"employee": 0.7, "third_category": 0.2, "independent": 0.1},
        "most_probable": "employee",
        "status": "employee",
        "explained_output": "log-odds of employee",
        "base_value": -0.2,
        "contributions": [
            {"indicator": "schedule_controlled", "label": {"en": "Working time is fixed"}, "value": 1, "shap": 1.1},
            {"indicator": "own_business", "label": {"en": "Own business"}, "value": 0, "shap": -0.3},
        ],
        "similar_cases": [
            {
                "id": "cn-x",
                "label": "employee",
                "court_outcome": "存在劳动关系",
                "source_title": "A <i>case</i>",
                "source_url": "javascript:alert(1)",
                "similarity": 0.8,
                "shared": ["schedule_controlled"],
            }
        ],
        "obligations": [
            {
                "scheme": "pension",
                "payer": "employer",
                "mandatory": True,
                "base": "6000.00",
                "rate": "0.16",
                "monthly_amount": "960.00",
                "rate_unit": "share",
                "legal_basis": "国办发〔2019〕13号",
                "verification": "official",
                "notes": "",
                "status": "available",
                "sources": [
                    {"parameter": "pension.employer_rate", "level": "national", "effective": "2019-05-01",
                     "doc": "国办发〔2019〕13号", "article": "一", "url": "https://www.gov.cn/<b>x</b>",
                     "verification": "official"},
                ],
            }
        ],
        "obligations_basis": "decided",
        "model": {"version": "test", "sha256": "0" * 64},
        "catalogue_version": "1",
        "as_of": "2025-07-01",
    }
    return Assessment.model_validate(record).model_dump(mode="json")
