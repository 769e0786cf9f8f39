"""A model is saved as JSON and numeric arrays; nothing a user points the loader at is unpickled or executed."""

import copy
import hashlib
import io
import json
import pickle
import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest
from classifier_standin import TokenExtractor

from workstatus import classifier
from workstatus.classifier._persist import model_fingerprint
from workstatus.features._plain_files import npz_bytes


def _load(folder, **kwargs):
    return classifier.load_model(folder, extractor=TokenExtractor(), **kwargs)


def _copy(saved_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(saved_dir, copy)
    return copy


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _vouch(folder):
    """Rewrite the manifest so that it vouches for whatever is in the folder now, as a hostile folder's would."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"] = {name: _sha(folder / name) for name in ("model.json", "model.npz")}
    manifest["sha256"] = model_fingerprint(manifest["files"])
    (folder / "manifest.json").write_text(json.dumps(manifest))


# -- saving and loading --------------------------------------------------------

def test_a_saved_model_loads_and_predicts_the_same(fitted, saved_dir, cases):
    loaded = _load(saved_dir)
    assert np.allclose(loaded.predict_proba(cases), fitted.predict_proba(cases), rtol=0, atol=1e-12)


def test_the_two_stage_family_loads_and_explains_the_same(cases, tmp_path):
    config = {"kind": "two_stage"}
    model = classifier.fit_status_model(cases, config, extractor=TokenExtractor())
    classifier.save_model(model, tmp_path, config=config)
    loaded = _load(tmp_path)
    assert np.allclose(loaded.predict_proba(cases), model.predict_proba(cases), rtol=0, atol=1e-12)
    texts = cases["text"].tolist()[:6]
    for before, after in zip(model.decide_texts(texts), loaded.decide_texts(texts)):
        assert (after.status, after.similar) == (before.status, before.similar)
        assert np.allclose([c.shap for c in after.contributions], [c.shap for c in before.contributions])


def test_a_loaded_model_has_every_fitted_attribute_of_the_fitted_one(fitted, saved_dir):
    loaded = _load(saved_dir)
    for before, after in ((fitted, loaded), (fitted.estimator_, loaded.estimator_),
                          (fitted.estimator_.design_, loaded.estimator_.design_)):
        learned = {k for k in vars(before) if k.endswith("_")}
        assert learned <= set(vars(after)), f"{type(before).__name__}: save_model drops {learned - set(vars(after))}"
    pd.testing.assert_frame_equal(loaded.reference_, fitted.reference_)


def test_saving_writes_json_and_numeric_arrays_only(saved_dir):
    assert sorted(p.name for p in saved_dir.iterdir()) == ["manifest.json", "model.json", "model.npz"]
    with np.load(saved_dir / "model.npz", allow_pickle=False) as archive:
        assert all(not archive[k].dtype.hasobject for k in archive.files)


def test_saving_the_same_model_twice_gives_the_same_bytes(fitted, saved_dir, tmp_path):
    manifest = classifier.read_manifest(saved_dir)
    again = classifier.save_model(fitted, tmp_path, config={"kind": "multinomial"}, catalogue_version="test", n_cases=90)
    assert again["files"] == manifest["files"]


def test_saving_replaces_the_pickle_of_an_older_version(fitted, tmp_path):
    (tmp_path / "model.joblib").write_bytes(b"an old model")
    classifier.save_model(fitted, tmp_path)
    assert not (tmp_path / "model.joblib").exists()
    _load(tmp_path)


def test_a_loaded_model_carries_the_hash_and_version_of_its_manifest(saved_dir):
    manifest = json.loads((saved_dir / "manifest.json").read_text())
    loaded = _load(saved_dir)
    assert loaded.sha256 == manifest["sha256"] == model_fingerprint(manifest["files"])
    assert loaded.version == manifest["version"]


def test_the_manifest_records_files_versions_data_hash_and_date(saved_dir, fitted):
    manifest = json.loads((saved_dir / "manifest.json").read_text())
    assert manifest["format"] == "workstatus-model"
    assert manifest["files"] == {name: _sha(saved_dir / name) for name in ("model.json", "model.npz")}
    assert set(manifest["versions"]) == {"python", "scikit-learn", "numpy", "pandas"}
    assert manifest["training_data_sha256"] == fitted.training_data_sha256_
    assert manifest["catalogue_version"] == "test"
    assert len(manifest["date"]) == 10


def test_the_manifest_date_is_the_day_given_else_the_classifiers_one_clock(fitted, tmp_path, monkeypatch):
    """The date a manifest records comes from the caller, or from one function the tests can fix."""
    import datetime as dt

    from workstatus.classifier import _persist

    monkeypatch.setattr(_persist, "manifest_date", lambda: dt.date(2031, 2, 3))
    assert classifier.save_model(fitted, tmp_path / "a")["date"] == "2031-02-03"
    assert classifier.save_model(fitted, tmp_path / "b", today=dt.date(2030, 1, 2))["date"] == "2030-01-02"


def test_the_shipped_model_holds_no_pickle_and_rebuilds_its_own_extractor():
    assert not [p.name for p in classifier.MODEL_DIR.iterdir() if p.suffix in (".joblib", ".pkl", ".pickle")]
    model = classifier.load_model()
    assert model.manifest_["format"] == "workstatus-model"
    assert model.decide_texts(["骑手必须服从平台派单，拒单会被扣款。"])[0].probabilities


def test_a_model_with_another_parameter_type_is_not_saved(fitted, tmp_path):
    odd = copy.copy(fitted)
    odd.threshold = object()
    with pytest.raises(TypeError, match="StatusModel parameter threshold=.* has the type object; a model is saved as JSON"):
        classifier.save_model(odd, tmp_path)


# -- refusals --------------------------------------------------------------------

def test_a_tampered_model_file_is_refused(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    with (copy / "model.npz").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(classifier.ModelIntegrityError, match="model.npz: sha256 is .* but the manifest says"):
        _load(copy)


def test_an_edited_state_is_refused(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    state = json.loads((copy / "model.json").read_text())
    state["model"]["params"]["threshold"] = 0.0
    (copy / "model.json").write_text(json.dumps(state))
    with pytest.raises(classifier.ModelIntegrityError, match="model.json: sha256 is .* but the manifest says"):
        _load(copy)


def test_a_model_without_manifest_is_refused(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    (copy / "manifest.json").unlink()
    with pytest.raises(classifier.ModelIntegrityError, match="no manifest"):
        _load(copy)


def test_a_model_saved_under_other_library_versions_warns(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["versions"]["scikit-learn"] = "0.1.0"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.warns(classifier.ModelVersionWarning, match="scikit-learn 0.1.0"):
        _load(copy)


def test_a_model_trained_with_another_extractor_needs_it_from_the_caller(saved_dir, monkeypatch):
    monkeypatch.setattr("workstatus.classifier._persist._TRUSTED_EXTRACTORS", {})  # conftest trusts the stand-in
    with pytest.raises(classifier.ModelIntegrityError,
                       match=r"trained with the extractor classifier_standin.TokenExtractor\(\); .*rebuilt only with "
                             r"the shipped workstatus.features.IndicatorExtractor.*pass it yourself: load_model\(path, "
                             r"extractor=TokenExtractor\(...\)\), or register its class with "
                             r"workstatus.classifier.trust_extractor\(TokenExtractor\)"):
        classifier.load_model(saved_dir)


def test_a_trusted_extractor_class_is_rebuilt_from_the_file(fitted, saved_dir, cases):
    loaded = classifier.load_model(saved_dir)  # conftest trusts the stand-in's class
    assert type(loaded.extractor_) is TokenExtractor
    assert np.allclose(loaded.predict_proba(cases), fitted.predict_proba(cases), rtol=0, atol=1e-12)


def test_an_extractor_of_another_class_is_refused(saved_dir):
    from workstatus.features import IndicatorExtractor

    with pytest.raises(classifier.ModelIntegrityError,
                       match=r"trained with the extractor classifier_standin.TokenExtractor\(\), but load_model got "
                             r"features.IndicatorExtractor\("):
        classifier.load_model(saved_dir, extractor=IndicatorExtractor())


UNKNOWN_TYPES = {
    "core": ("estimator", "core", {"type": "sklearn.pipeline.Pipeline", "steps": []},
             "model.estimator.core is of type 'sklearn.pipeline.Pipeline'; expected constant or logistic or two_stage"),
    "design": ("estimator", "design", {"type": "builtins.eval", "source": "__import__('os')"},
               "model.estimator.design is of type 'builtins.eval'; expected IndicatorDesign"),
    "extractor": ("model", "extractor", {"type": "os.system", "params": {"command": "touch owned"},
                                         "feature_names": [], "catalogue_version": None},
                  r"trained with the extractor os.system\(command='touch owned'\); a model file is rebuilt only with"),
}


@pytest.mark.parametrize("name", list(UNKNOWN_TYPES))
def test_an_unknown_type_is_refused_before_anything_is_built(saved_dir, tmp_path, monkeypatch, name):
    parent, key, value, message = UNKNOWN_TYPES[name]
    copy = _copy(saved_dir, tmp_path)
    state = json.loads((copy / "model.json").read_text())
    (state["model"] if parent == "model" else state["model"][parent])[key] = value
    (copy / "model.json").write_text(json.dumps(state))
    _vouch(copy)

    def refuse_to_build(*args, **kwargs):
        raise AssertionError("the loader started to build a model from a file it should have refused")

    monkeypatch.setattr("workstatus.classifier._persist._build_model", refuse_to_build)
    with pytest.raises(classifier.ModelIntegrityError, match=message):
        classifier.load_model(copy)
    assert not (copy / "owned").exists()


MALFORMED_STATES = {
    "an unknown key": (lambda s: s["model"].update(hook="os.system"), "model.hook is not a key this version reads"),
    "a number as text": (lambda s: s["model"]["estimator"].update(temperature=["1.0"]),
                         r"model.estimator.temperature.0: input should be a valid number \(got '1.0'\)"),
    "a boolean as a status": (lambda s: s["model"]["estimator"].update(core={"type": "constant", "status": True}),
                              r"model.estimator.core.status: input should be a valid integer \(got True\)"),
    "a third stage": (lambda s: s["model"]["estimator"].update(
        core={"type": "two_stage", "stages": [{"type": "constant_logit", "score": 0.0}] * 3}),
        "model.estimator.core.stages: list should have at most 2 items"),
    "a split rate past 1": (lambda s: s["model"]["estimator"].update(split_rates=[1.5, 0.1]),
                            r"model.estimator.split_rates.0: input should be less than or equal to 1"),
    "a reference column missing": (lambda s: s["model"]["reference"]["columns"].pop("label"),
                                   r"model.reference: .*expected the columns \['court_outcome'"),
}


@pytest.mark.parametrize("name", list(MALFORMED_STATES))
def test_a_state_outside_the_schema_is_refused_at_its_key(saved_dir, tmp_path, name):
    edit, message = MALFORMED_STATES[name]
    copy = _copy(saved_dir, tmp_path)
    state = json.loads((copy / "model.json").read_text())
    edit(state)
    (copy / "model.json").write_text(json.dumps(state))
    _vouch(copy)
    with pytest.raises(classifier.ModelIntegrityError, match=f"model.json: {message}.*retrain with `workstatus train`"):
        _load(copy)


@pytest.mark.parametrize("split, rates, message", [
    ("rule", None, "a model with cn_split 'rule' needs the rule's split rates"),
    ("learned", [0.6, 0.1], "a model with cn_split 'learned' has no use for the rule's split rates"),
    ("by_sector", None, "cn_split 'by_sector' is not a way to split; expected one of learned, rule"),
])
def test_a_china_split_that_does_not_fit_its_rates_is_refused(saved_dir, tmp_path, split, rates, message):
    copy = _copy(saved_dir, tmp_path)
    state = json.loads((copy / "model.json").read_text())
    state["model"]["estimator"]["params"]["cn_split"] = split
    state["model"]["estimator"]["split_rates"] = rates
    (copy / "model.json").write_text(json.dumps(state))
    _vouch(copy)
    with pytest.raises(classifier.ModelIntegrityError, match=f"malformed .*{message}"):
        _load(copy)


def test_arrays_of_another_shape_than_the_state_names_are_refused(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    with np.load(copy / "model.npz") as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["estimator.background"] = arrays["estimator.background"][:, :-1]
    (copy / "model.npz").write_bytes(npz_bytes(arrays))
    _vouch(copy)
    with pytest.raises(classifier.ModelIntegrityError, match=r"model.npz: array estimator.background has shape "
                                                             r"\(1, \d+\), expected \(1, \d+\) from model.json"):
        _load(copy)


def test_an_oversized_model_file_is_refused_unread(saved_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("workstatus.classifier._persist.MAX_FILE_BYTES", 1000)
    with pytest.raises(classifier.ModelIntegrityError, match=r"model.json: [\d,]+ bytes, over the 1,000 of any model file"):
        _load(_copy(saved_dir, tmp_path))


def test_an_array_that_unpacks_past_the_limit_is_refused_before_it_is_read(saved_dir, tmp_path, monkeypatch):
    copy = _copy(saved_dir, tmp_path)
    monkeypatch.setattr("workstatus.classifier._persist.MAX_FILE_BYTES", (copy / "model.json").stat().st_size + 10)
    with np.load(copy / "model.npz") as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["reference.indicators"] = np.zeros((arrays["reference.indicators"].shape[0], 10_000), dtype=np.int8)
    (copy / "model.npz").write_bytes(npz_bytes(arrays))  # deflates to a few kB
    _vouch(copy)
    with pytest.raises(classifier.ModelIntegrityError, match="reference.indicators.npy unpacks to .* over the"):
        _load(copy)


def test_a_model_file_linked_from_outside_the_folder_is_refused(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    outside = tmp_path / "elsewhere.json"
    (copy / "model.json").rename(outside)
    (copy / "model.json").symlink_to(outside)
    with pytest.raises(classifier.ModelIntegrityError, match="model.json: a link to .*elsewhere.json, outside the model folder"):
        _load(copy)


def test_a_manifest_outside_the_schema_is_refused_at_its_key(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    del manifest["files"]["model.npz"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(classifier.ModelIntegrityError, match="manifest.json: files.model.npz: field required"):
        _load(copy)


# -- a planted pickle is never run ------------------------------------------------

class _Bait:
    """Unpickling this runs code: it writes the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').write('unpickled')",)


@pytest.fixture
def bait(tmp_path):
    marker = tmp_path / "marker"
    return marker, pickle.dumps(_Bait(marker), protocol=pickle.HIGHEST_PROTOCOL)


def test_the_bait_runs_code_when_unpickled(bait):
    marker, payload = bait
    pickle.loads(payload)
    assert marker.read_text() == "unpickled"


def _object_npz(marker, npz):
    """The model's .npz with one array swapped for the bait: ``np.load(allow_pickle=True)`` would unpickle it."""
    member = io.BytesIO()
    with zipfile.ZipFile(npz) as original, zipfile.ZipFile(member, "w") as archive:
        for name in original.namelist():
            array = io.BytesIO()
            if name == "estimator.background.npy":
                np.lib.format.write_array(array, np.array([_Bait(marker)], dtype=object), allow_pickle=True)
            archive.writestr(name, array.getvalue() or original.read(name))
    return member.getvalue()


def _plant_old_layout(folder, payload):
    for name in ("model.json", "model.npz"):
        (folder / name).unlink()
    (folder / "model.joblib").write_bytes(payload)
    manifest = json.loads((folder / "manifest.json").read_text())
    for key in ("format", "format_version", "files"):
        manifest.pop(key)
    manifest.update(file="model.joblib", sha256=hashlib.sha256(payload).hexdigest())
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _plant_arrays(folder, payload):
    (folder / "model.npz").write_bytes(payload)
    _vouch(folder)


def _plant_state(folder, payload):
    (folder / "model.json").write_bytes(payload)
    _vouch(folder)


def _plant_object_array(folder, payload, marker):
    (folder / "model.npz").write_bytes(_object_npz(marker, folder / "model.npz"))
    _vouch(folder)


PLANTINGS = {
    # the layout of the shipped model before this format: model.joblib with a manifest vouching for it
    "old-layout-joblib": (_plant_old_layout, None, "model.joblib, a .joblib file, that is a pickle"),
    "joblib-beside-a-good-model": (lambda f, p: (f / "model.joblib").write_bytes(p), None, "model.joblib, a .joblib file"),
    "pkl-beside-a-good-model": (lambda f, p: (f / "model.pkl").write_bytes(p), None, "model.pkl, a .pkl file"),
    "pickle-under-another-name": (lambda f, p: (f / "card_extra.png").write_bytes(p), None,
                                  "card_extra.png, a pickle \\(it begins with the header of pickle protocol"),
    "pickle-as-model.npz": (_plant_arrays, None, "model.npz, a pickle"),
    "pickle-as-model.json": (_plant_state, None, "model.json, a pickle"),
    "pickle-as-manifest": (lambda f, p: (f / "manifest.json").write_bytes(p), None, "manifest.json, a pickle"),
    "object-array-in-model.npz": (_plant_object_array, None, "dtype object; expected plain numbers"),
    "pointed-at-the-pickle": (lambda f, p: (f / "model.joblib").write_bytes(p), "model.joblib",
                              "model.joblib: a .joblib file, that is a pickle; workstatus never loads a pickle"),
}


@pytest.mark.parametrize("name", list(PLANTINGS))
def test_a_planted_pickle_is_refused_and_never_run(saved_dir, tmp_path, bait, name):
    marker, payload = bait
    plant, target, message = PLANTINGS[name]
    copy = _copy(saved_dir, tmp_path)
    if plant is _plant_object_array:
        plant(copy, payload, marker)
    else:
        plant(copy, payload)
    with pytest.raises(classifier.ModelIntegrityError, match=message) as refused:
        _load(copy / target if target else copy)
    assert "unpickling" in str(refused.value) or "unpickled" in str(refused.value)
    assert "workstatus train" in str(refused.value) or "delete" in str(refused.value)
    assert not marker.exists(), "the loader ran the planted pickle"


@pytest.mark.parametrize("name, message", [
    ("model.json", "model.json: not JSON"),
    ("model.npz", r"model.npz: begins with b'.*', not a NumPy .npz archive"),
    ("manifest.json", "manifest.json: not a JSON manifest"),
])
@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_a_pickle_the_folder_check_misses_is_still_never_opened(saved_dir, tmp_path, monkeypatch, name, message,
                                                                  protocol):
    # Protocols 0 and 1 have no header to recognise; and the refusal should not rest on the folder check alone.
    monkeypatch.setattr("workstatus.classifier._persist._refuse_pickles", lambda folder: None)
    marker = tmp_path / "marker"
    copy = _copy(saved_dir, tmp_path)
    (copy / name).write_bytes(pickle.dumps(_Bait(marker), protocol=protocol))
    if name != "manifest.json":
        _vouch(copy)
    with pytest.raises(classifier.ModelIntegrityError, match=message):
        _load(copy)
    assert not marker.exists()


def test_the_old_manifest_says_pickles_are_no_longer_loaded(saved_dir, tmp_path):
    copy = _copy(saved_dir, tmp_path)
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps({"file": "model.joblib", "sha256": manifest["sha256"]}))
    with pytest.raises(classifier.ModelIntegrityError,
                       match="describes 'model.joblib', a model saved as a pickle by an older workstatus; "
                             "pickles are no longer loaded .* retrain with `workstatus train --out"):
        _load(copy)
