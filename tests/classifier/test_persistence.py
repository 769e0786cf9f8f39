import json
import shutil

import numpy as np
import pytest

import classifier


def test_a_saved_model_loads_and_predicts_the_same(fitted, saved_dir, cases):
    loaded = classifier.load_model(saved_dir)
    assert np.allclose(loaded.predict_proba(cases), fitted.predict_proba(cases))


def test_a_loaded_model_carries_the_hash_and_version_of_its_manifest(saved_dir):
    manifest = json.loads((saved_dir / "manifest.json").read_text())
    loaded = classifier.load_model(saved_dir)
    assert loaded.sha256 == manifest["sha256"]
    assert loaded.version == manifest["version"]


def test_the_manifest_records_versions_data_hash_and_date(saved_dir, fitted):
    manifest = json.loads((saved_dir / "manifest.json").read_text())
    assert set(manifest["versions"]) == {"python", "scikit-learn", "numpy", "pandas"}
    assert manifest["training_data_sha256"] == fitted.training_data_sha256_
    assert manifest["catalogue_version"] == "test"
    assert len(manifest["date"]) == 10


def test_a_tampered_model_file_is_refused(saved_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(saved_dir, copy)
    with (copy / "model.joblib").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(classifier.ModelIntegrityError, match="sha256 is .* but the manifest says"):
        classifier.load_model(copy)


def test_a_model_without_manifest_is_refused(saved_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(saved_dir, copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(classifier.ModelIntegrityError, match="no manifest"):
        classifier.load_model(copy)


def test_a_model_saved_under_other_library_versions_warns(saved_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(saved_dir, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["versions"]["scikit-learn"] = "0.1.0"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.warns(classifier.ModelVersionWarning, match="scikit-learn 0.1.0"):
        classifier.load_model(copy)
