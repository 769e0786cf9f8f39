"""Saving and loading a trained model beside a manifest that vouches for it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import warnings
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"


class ModelIntegrityError(RuntimeError):
    """A model file that is missing, has no manifest, or does not match its manifest's hash."""


class ModelVersionWarning(UserWarning):
    """The model was saved under other versions of Python or of the numeric libraries."""


def file_sha256(path: str | Path) -> str:
    """sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def runtime_versions() -> dict[str, str]:
    """Versions that a pickled model depends on."""
    import numpy
    import pandas
    import sklearn

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
    }


def save_model(model, folder: str | Path, *, metrics: dict | None = None, config: dict | None = None,
               catalogue_version: str | None = None, n_cases: int | None = None,
               today: dt.date | None = None) -> dict:
    """Write ``model.joblib`` and ``manifest.json`` into ``folder``; return the manifest.

    The manifest records the file's sha256, the runtime versions, the hash of
    the training data, the catalogue version, the training configuration, the
    headline metrics and the date.
    """
    import joblib

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    joblib.dump(model, path, compress=3)
    manifest = {
        "file": MODEL_FILE,
        "sha256": file_sha256(path),
        "version": model.version,
        "date": (today or dt.date.today()).isoformat(),
        "versions": runtime_versions(),
        "training_data_sha256": model.training_data_sha256_,
        "n_training_cases": n_cases,
        "catalogue_version": catalogue_version,
        "config": config or {},
        "metrics": metrics or {},
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read_manifest(folder: str | Path | None = None) -> dict:
    """The manifest of a model folder (default: the shipped model)."""
    folder = Path(folder) if folder is not None else MODEL_DIR
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelIntegrityError(
            f"{manifest_path}: no manifest; a model is loaded only beside the manifest written by "
            "`workstatus train` (retrain, or point --model at a folder holding model.joblib and manifest.json)"
        )
    try:
        return json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelIntegrityError(f"{manifest_path}: not valid JSON ({err.msg}); retrain with `workstatus train`") from err


def load_model(path: str | Path | None = None):
    """Load a model folder (default: the shipped ``classifier/model/``), verified against its manifest.

    Raises
    ------
    ModelIntegrityError
        The folder has no model or manifest, or the file's sha256 differs from the manifest's.

    Warns
    -----
    ModelVersionWarning
        The model was saved under another Python, scikit-learn, numpy or pandas version.
    """
    import joblib

    folder = Path(path) if path is not None else MODEL_DIR
    if folder.is_file():
        folder = folder.parent
    manifest = read_manifest(folder)
    model_path = folder / manifest.get("file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelIntegrityError(f"{model_path}: no model file; retrain with `workstatus train --out {folder}`")
    actual = file_sha256(model_path)
    if actual != manifest.get("sha256"):
        raise ModelIntegrityError(
            f"{model_path}: sha256 is {actual[:16]}…, but the manifest says {str(manifest.get('sha256'))[:16]}…; "
            "the file changed after training and will not be loaded — restore it or retrain with `workstatus train`"
        )
    saved, current = manifest.get("versions", {}), runtime_versions()
    differing = [f"{k} {saved.get(k)} (now {v})" for k, v in current.items()
                 if _release(saved.get(k), k) != _release(v, k)]
    if differing:
        warnings.warn(
            f"{model_path} was saved under {', '.join(differing)}; predictions may differ — "
            "retrain with `workstatus train` to be sure",
            ModelVersionWarning,
            stacklevel=2,
        )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
        model = joblib.load(model_path)
    model.sha256_ = actual
    model.version_ = manifest.get("version")
    model.manifest_ = manifest
    return model


def _release(version, name):
    if version is None:
        return None
    parts = str(version).split(".")
    return tuple(parts[:2]) if name == "python" else tuple(parts[:3])
