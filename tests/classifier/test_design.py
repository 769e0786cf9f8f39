import numpy as np
import pandas as pd
import pytest

from workstatus.classifier._design import IndicatorDesign


def rows(values, jurisdictions):
    return pd.DataFrame({"work_assigned": values, "registered_business": [0] * len(values),
                         "jurisdiction": jurisdictions})


def test_silence_and_denial_become_different_columns():
    design = IndicatorDesign(min_family_cases=100).fit(rows([1, 0, -1], ["CN"] * 3))
    Z = design.transform(rows([1, 0, -1], ["CN"] * 3))
    stated, denied = list(design.get_feature_names_out()).index("work_assigned=stated"), 1
    assert Z[:, [stated, denied]].tolist() == [[1, 0], [0, 0], [0, 1]]


def test_a_family_with_enough_cases_gets_scaled_copies_and_a_small_one_none():
    frame = rows([1] * 12, ["CN"] * 10 + ["GB"] * 2)
    design = IndicatorDesign(min_family_cases=10, interaction_scale=0.5).fit(frame)
    assert design.families_ == ("cn",)
    names = list(design.get_feature_names_out())
    Z = design.transform(frame)
    assert Z[0, names.index("work_assigned=stated|cn")] == 0.5
    assert Z[11, names.index("work_assigned=stated|cn")] == 0.0


def test_form_indicators_are_scaled_by_form_scale():
    frame = rows([0, 0], ["CN", "CN"]).assign(registered_business=[1, 0])
    design = IndicatorDesign(form_scale=0.3, min_family_cases=100).fit(frame)
    names = list(design.get_feature_names_out())
    assert design.transform(frame)[0, names.index("registered_business=stated")] == pytest.approx(0.3)


def test_unknown_numeric_facts_sit_at_the_training_mean():
    frame = rows([0, 0, 0], ["CN"] * 3).assign(tenure_months=[12.0, np.nan, 36.0])
    design = IndicatorDesign(min_family_cases=100).fit(frame)
    column = list(design.get_feature_names_out()).index("tenure_months")
    assert design.transform(frame)[1, column] == 0.0


def test_rows_missing_an_indicator_column_are_refused_at_fit():
    with pytest.raises(ValueError, match="indicator rows lack the columns monitored"):
        IndicatorDesign(indicators=("work_assigned", "monitored")).fit(rows([1], ["CN"]))
