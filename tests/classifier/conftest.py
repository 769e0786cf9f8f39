import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classifier_standin import TOWARDS, TokenExtractor, make_cases, write_jsonl  # noqa: E402

from workstatus import classifier  # noqa: E402
from workstatus.classifier._persist import trust_extractor  # noqa: E402

# Saved test models name the stand-in extractor; a model file only names it, so the loader
# (also behind `workstatus evaluate --model`) must be told to trust its class.
trust_extractor(TokenExtractor)


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
