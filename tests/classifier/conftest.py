import sys
from pathlib import Path

import pandas as pd
import pytest

# The stand-in extractor must be importable by name: saved test models pickle its class.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from classifier_standin import TOWARDS, TokenExtractor, make_cases, write_jsonl  # noqa: E402

import classifier  # noqa: E402


@pytest.fixture(scope="session")
def cases() -> pd.DataFrame:
    return pd.DataFrame(make_cases())


@pytest.fixture(scope="session")
def cases_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cases")
    write_jsonl(folder / "test_cases.jsonl", make_cases())
    return folder


@pytest.fixture(scope="session")
def fitted(cases) -> classifier.StatusModel:
    return classifier.fit_status_model(cases, {"threshold": 0.5}, extractor=TokenExtractor())


@pytest.fixture(scope="session")
def saved_dir(fitted, tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    classifier.save_model(fitted, folder, config={"kind": "multinomial"}, catalogue_version="test", n_cases=90)
    return folder


@pytest.fixture(scope="session")
def towards():
    return TOWARDS
