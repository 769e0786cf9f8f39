"""Saving and loading a trained model without pickle, beside a manifest that vouches for it.

A model folder holds

``model.json``
    the configuration and the vocabularies: the indicator ids, the design's
    columns and their sources, the jurisdiction families, the wording's
    n-grams, the similar-case references, and the parameters the indicator
    extractor is rebuilt from (the extractor itself is not stored);
``model.npz``
    the learned numbers (weights, intercepts, IDF, …) as plain
    numeric arrays, read with ``allow_pickle=False``;
``manifest.json``
    the sha256 of both files, the runtime versions, the hash of the training
    data, the configuration and the headline metrics.

Nothing in a model folder is unpickled, imported or executed. The loader
refuses a folder that holds a pickle, files that differ from the manifest's
hashes or are over the size limits, a ``model.json`` or manifest that does not
validate against the closed pydantic models of ``classifier._model_file``, and
an ``.npz`` whose arrays are not plain numbers of the shapes the state names,
before it builds an object; only then does it build the model from this
project's own classes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import io
import json
import math
import platform
import warnings
import zipfile
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from workstatus.classifier._model_file import (
    ARRAYS_FILE, FORMAT, FORMAT_VERSION, MAX_FILE_BYTES, MODEL_FILES, STATE_FILE, Manifest, ModelFile, first_problem,
)
from workstatus.features._plain_files import npz_bytes, pickle_reason

MODEL_DIR = Path(__file__).resolve().parent / "model"
MANIFEST_FILE = "manifest.json"
#: the file name of the pickled models written before this format; ``save_model`` replaces it
OLD_MODEL_FILE = "model.joblib"
#: the extractor a model file may name; any other must be passed to ``load_model(extractor=...)`` or trusted
#: (the name model files have always carried for workstatus.features.IndicatorExtractor)
TRUSTED_EXTRACTOR = "features.IndicatorExtractor"
_TRUSTED_EXTRACTORS: dict[str, type] = {}
_NUMERIC_KINDS = "biuf"
_FIX = "retrain with `workstatus train`"


class ModelIntegrityError(RuntimeError):
    """A model folder that is missing, holds a pickle, has no manifest, or does not match its manifest."""


class ModelVersionWarning(UserWarning):
    """The model was saved under other versions of Python, the numeric libraries or the indicator catalogue."""


def file_sha256(path: str | Path) -> str:
    """sha256 of a file, read in blocks."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def model_fingerprint(files: dict[str, str]) -> str:
    """The model's sha256: of the ``sha256sum`` listing of its files (``sha256sum model.json model.npz | sha256sum``)."""
    listing = "".join(f"{files[name]}  {name}\n" for name in MODEL_FILES)
    return hashlib.sha256(listing.encode("ascii")).hexdigest()


def runtime_versions() -> dict[str, str]:
    """Versions that the saved arrays are interpreted under."""
    import numpy
    import pandas
    import sklearn

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
    }


def trust_extractor(cls: type) -> None:
    """Let model files name the extractor class ``cls`` too, for this process (e.g. a stand-in in tests).

    A file only names an extractor and its JSON parameters; the loader builds
    it from a class the program registered here, never from a module the file
    names. Without registration, a model trained with another extractor loads
    only with ``load_model(path, extractor=...)``.
    """
    _TRUSTED_EXTRACTORS[_qualified_name(cls)] = cls


# -- saving --------------------------------------------------------------------

def manifest_date() -> dt.date:
    """The date a saved model's manifest records when the caller names none: the classifier's one reading
    of the clock. The facade's ``workstatus._clock`` is not importable here (``classifier`` imports only
    ``features``), and a manifest's date is a record of when the file was written, not a date rules apply at."""
    return dt.date.today()


def save_model(model, folder: str | Path, *, metrics: dict | None = None, config: dict | None = None,
               catalogue_version: str | None = None, n_cases: int | None = None,
               today: dt.date | None = None) -> dict:
    """Write ``model.json``, ``model.npz`` and ``manifest.json`` into ``folder``; return the manifest.

    A ``model.joblib`` left by an older version in ``folder`` is removed: it is
    the model being replaced, and the loader refuses a folder holding a pickle.
    The manifest records the sha256 of each file and the model's fingerprint
    over both (``sha256``), the runtime versions, the hash of the training
    data, the catalogue version, the training configuration, the headline
    metrics and the date.

    Raises
    ------
    TypeError
        A parameter of the model or of its extractor is not a JSON value.
    """
    state, arrays = model_state(model)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STATE_FILE).write_text(json.dumps(state, indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                                     encoding="utf-8")
    (folder / ARRAYS_FILE).write_bytes(npz_bytes(arrays))
    (folder / OLD_MODEL_FILE).unlink(missing_ok=True)
    files = {name: file_sha256(folder / name) for name in MODEL_FILES}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "files": files,
        "sha256": model_fingerprint(files),
        "version": model.version,
        "date": (today or manifest_date()).isoformat(),
        "versions": runtime_versions(),
        "training_data_sha256": model.training_data_sha256_,
        "n_training_cases": n_cases,
        "catalogue_version": catalogue_version,
        "config": config or {},
        "metrics": metrics or {},
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def model_state(model) -> tuple[dict, dict[str, np.ndarray]]:
    """A fitted :class:`~classifier.StatusModel` as JSON-able state plus named numeric arrays."""
    arrays: dict[str, np.ndarray] = {}
    params = model.get_params(deep=False)
    given_extractor = params.pop("extractor") is not None
    state = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": {
            "type": "StatusModel",
            "params": _json_params(params, "StatusModel"),
            "extractor": _extractor_state(model.extractor_),
            "extractor_given": given_extractor,
            "indicators": [str(i) for i in model.indicators_],
            "training_data_sha256": model.training_data_sha256_,
            "reference": _reference_state(model.reference_, model.indicators_, arrays),
            "estimator": _row_classifier_state(model.estimator_, arrays),
        },
    }
    return state, arrays


def _qualified_name(cls) -> str:
    from workstatus.features import IndicatorExtractor

    return TRUSTED_EXTRACTOR if cls is IndicatorExtractor else f"{cls.__module__}.{cls.__qualname__}"


def _extractor_state(extractor) -> dict:
    catalogue = getattr(extractor, "catalogue_", None)
    return {
        "type": _qualified_name(type(extractor)),
        "params": _json_params(extractor.get_params(deep=False), f"extractor {type(extractor).__name__}"),
        "feature_names": [str(n) for n in extractor.get_feature_names_out()],
        "catalogue_version": getattr(catalogue, "version", None),
    }


def _reference_state(reference, indicators, arrays) -> dict:
    from workstatus.classifier._model import REFERENCE_KEYS

    arrays["reference.indicators"] = reference[list(indicators)].to_numpy(dtype=np.int8)
    return {
        "columns": {k: [_json_value(v) for v in reference[k]] for k in (*REFERENCE_KEYS, "label")},
        "indicators": "reference.indicators",
    }


def _row_classifier_state(estimator, arrays) -> dict:
    arrays["estimator.background"] = np.asarray(estimator.background_, dtype=np.float64)
    return {
        "type": "RowStatusClassifier",
        "params": _json_params(estimator.get_params(deep=False), "RowStatusClassifier"),
        "design": _design_state(estimator.design_, arrays),
        "background": "estimator.background",
        "temperature": [float(t) for t in estimator.temperature_],
        "split_rates": None if getattr(estimator, "split_rates_", None) is None
        else [float(r) for r in estimator.split_rates_],
        "core": _core_state(estimator.core_, arrays),
    }


def _design_state(design, arrays) -> dict:
    wording = None
    if design.vectorizer_ is not None:
        arrays["design.idf"] = np.asarray(design.vectorizer_.idf_, dtype=np.float64)
        wording = {"type": "TfidfVectorizer",
                   "terms": [str(t) for t in design.vectorizer_.get_feature_names_out()], "idf": "design.idf"}
    return {
        "type": "IndicatorDesign",
        "params": _json_params(design.get_params(deep=False), "IndicatorDesign"),
        "indicators": [str(i) for i in design.indicators_],
        "numeric": [str(n) for n in design.numeric_],
        "numeric_mean": {k: float(v) for k, v in design.numeric_mean_.items()},
        "numeric_std": {k: float(v) for k, v in design.numeric_std_.items()},
        "families": [str(f) for f in design.families_],
        "feature_names": [str(n) for n in design.feature_names_out_],
        "sources": [str(s) for s in design.sources_],
        "wording": wording,
    }


def _core_state(core, arrays) -> dict:
    from workstatus.classifier._estimators import ConstantCore, LogisticCore, TwoStageCore

    if isinstance(core, ConstantCore):
        return {"type": "constant", "status": int(core.status)}
    if isinstance(core, LogisticCore):
        return {"type": "logistic", **_logistic_state(core.model, "core", arrays)}
    if isinstance(core, TwoStageCore):
        return {"type": "two_stage", "stages": [_stage_state(core.employee, "stage1", arrays),
                                                _stage_state(core.third, "stage2", arrays)]}
    raise TypeError(f"a row classifier core {type(core).__name__} cannot be saved; "
                    "expected ConstantCore, LogisticCore or TwoStageCore")


def _stage_state(stage, prefix, arrays) -> dict:
    from workstatus.classifier._estimators import ConstantStage

    if isinstance(stage, ConstantStage):
        return {"type": "constant_logit", "score": float(stage.score)}
    return {"type": "logistic", **_logistic_state(stage, prefix, arrays)}


def _logistic_state(model, prefix, arrays) -> dict:
    arrays[f"{prefix}.coef"] = np.asarray(model.coef_, dtype=np.float64)
    arrays[f"{prefix}.intercept"] = np.asarray(model.intercept_, dtype=np.float64)
    return {"classes": [int(c) for c in model.classes_], "coef": f"{prefix}.coef", "intercept": f"{prefix}.intercept"}


def _json_value(value):
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # a numpy scalar
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _json_params(params: dict, owner: str) -> dict:
    """Estimator parameters as JSON values (tuples as lists, paths as strings); anything else is an error."""
    def plain(name, value):
        if isinstance(value, Path):
            return str(value)
        if isinstance(value, (tuple, list)):
            return [plain(name, v) for v in value]
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return {k: plain(name, v) for k, v in value.items()}
        if value is None or isinstance(value, (str, bool, int)) or (isinstance(value, float) and math.isfinite(value)):
            return value
        raise TypeError(
            f"{owner} parameter {name}={value!r:.60} has the type {type(value).__name__}; a model is saved as JSON and "
            "numeric arrays, so parameters must be None, numbers, strings, paths, or lists and str-keyed dicts of them"
        )

    return {name: plain(name, value) for name, value in params.items()}


# -- loading ---------------------------------------------------------------------

def read_manifest(folder: str | Path | None = None) -> dict:
    """The manifest of a model folder (default: the shipped model)."""
    folder = Path(folder) if folder is not None else MODEL_DIR
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelIntegrityError(
            f"{manifest_path}: no manifest; a model is loaded only beside the manifest written by "
            f"`workstatus train` (retrain, or point --model at a folder holding {', '.join(MODEL_FILES)} and {MANIFEST_FILE})"
        )
    try:
        manifest = json.loads(_read(manifest_path, folder))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelIntegrityError(
            f"{manifest_path}: not a JSON manifest ({_reason(err)}); retrain with `workstatus train --out {folder}`"
        ) from err
    if not isinstance(manifest, dict):
        raise ModelIntegrityError(
            f"{manifest_path}: a JSON {type(manifest).__name__}, expected an object; retrain with `workstatus train --out {folder}`"
        )
    return manifest


def load_model(path: str | Path | None = None, *, extractor=None):
    """Load a model folder (default: the shipped ``classifier/model/``), verified against its manifest.

    Nothing in the folder is unpickled, imported or executed. Before building
    anything the loader checks that the folder holds no pickle, that the
    manifest validates and that ``model.json`` and ``model.npz`` have its
    sha256, that ``model.json`` validates against ``classifier._model_file.ModelFile``
    (only this project's types, closed keys, strict types, bounded sizes), and
    that ``model.npz`` holds exactly the plain numeric arrays it names, of the
    shapes it implies.

    Parameters
    ----------
    path
        A model folder written by :func:`save_model` (or a file in it).
    extractor
        An unfitted extractor for a model trained with one other than the
        shipped ``features.IndicatorExtractor()``, of the class and with the
        parameters it was trained with: a file only names its extractor, the
        code comes from the caller (or from a class given to
        :func:`trust_extractor`).

    Raises
    ------
    ModelIntegrityError
        The folder holds a pickle, has no model or manifest, a file's sha256
        differs from the manifest's, a file is over the size limits, or
        ``model.json`` names a type, key, array or extractor this version does
        not build.

    Warns
    -----
    ModelVersionWarning
        The model was saved under another Python, scikit-learn, numpy or
        pandas version, or trained on another version of the indicator catalogue.
    """
    folder = _model_folder(path)
    _refuse_pickles(folder)
    manifest = read_manifest(folder)
    checked = _check_manifest(manifest, folder)
    data = {}
    for name in MODEL_FILES:  # each file is read once: what is parsed is what was hashed
        file = folder / name
        if not file.is_file():
            raise ModelIntegrityError(f"{file}: no model file; retrain with `workstatus train --out {folder}`")
        data[name] = _read(file, folder)
        actual = hashlib.sha256(data[name]).hexdigest()
        if actual != checked.hashes[name]:
            raise ModelIntegrityError(
                f"{file}: sha256 is {actual[:16]}…, but the manifest says {checked.hashes[name][:16]}…; "
                "the file changed after training and will not be loaded — restore it or retrain with `workstatus train`"
            )
    fingerprint = model_fingerprint(checked.hashes)
    if checked.sha256 != fingerprint:
        raise ModelIntegrityError(
            f"{folder / MANIFEST_FILE}: sha256 is {checked.sha256[:16]}…, but its files give "
            f"{fingerprint[:16]}…; the manifest was edited — restore it or retrain with `workstatus train`"
        )
    state = _read_state(data[STATE_FILE], folder / STATE_FILE)
    arrays = _read_arrays(data[ARRAYS_FILE], state.arrays(), folder / ARRAYS_FILE)
    _check_extractor(state.model.extractor, extractor, folder / STATE_FILE)
    _warn_versions(manifest, folder)
    try:
        model = _build_model(state.model, arrays, extractor, folder / STATE_FILE)
    except (KeyError, IndexError, TypeError, ValueError) as err:
        raise ModelIntegrityError(
            f"{folder / STATE_FILE}: malformed ({type(err).__name__}: {err}); "
            f"retrain with `workstatus train --out {folder}`"
        ) from err
    model.sha256_ = fingerprint
    model.version_ = checked.version
    model.manifest_ = manifest
    return model


def _model_folder(path) -> Path:
    folder = Path(path) if path is not None else MODEL_DIR
    if folder.is_file():
        if pickle_reason(folder):
            raise ModelIntegrityError(
                f"{folder}: {pickle_reason(folder)}; workstatus never loads a pickle, since unpickling a file runs "
                f"whatever code it holds — expected a model folder with {', '.join(MODEL_FILES)} and {MANIFEST_FILE}: "
                "point --model at a folder written by `workstatus train`, or retrain with `workstatus train --out DIR`"
            )
        folder = folder.parent
    if not folder.is_dir():
        raise ModelIntegrityError(
            f"{folder}: no such model folder; expected a folder written by `workstatus train --out {folder}`"
        )
    return folder


def _refuse_pickles(folder: Path) -> None:
    found = [(entry.name, reason) for entry in sorted(folder.iterdir())
             if entry.is_file() and (reason := pickle_reason(entry))]
    if found:
        names = ", ".join(name for name, _ in found)
        raise ModelIntegrityError(
            f"{folder}: holds {'; '.join(f'{name}, {reason}' for name, reason in found)}; a model folder with a pickle "
            f"in it is not loaded, since unpickling a file runs whatever code it holds — expected "
            f"{', '.join(MODEL_FILES)}, {MANIFEST_FILE} and the card's files, never a pickle: delete {names} "
            f"(if it was your model, retrain with `workstatus train --out {folder}`)"
        )


def _read(file: Path, folder: Path) -> bytes:
    """A file's bytes, refused unread when it is larger than any model file (or a link out of the folder)."""
    if file.resolve().parent != folder.resolve():
        raise ModelIntegrityError(f"{file}: a link to {file.resolve()}, outside the model folder; expected the "
                                  f"file itself — {_FIX} --out {folder}`")
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelIntegrityError(f"{file}: {size:,} bytes, over the {MAX_FILE_BYTES:,} of any model file; {_FIX}")
    return file.read_bytes()


def _check_manifest(manifest: dict, folder: Path) -> Manifest:
    where = folder / MANIFEST_FILE
    if "file" in manifest and "files" not in manifest:
        raise ModelIntegrityError(
            f"{where}: describes {manifest['file']!r}, a model saved as a pickle by an older workstatus; "
            f"pickles are no longer loaded (unpickling runs code) — expected {FORMAT} {FORMAT_VERSION} "
            f"({', '.join(MODEL_FILES)}): retrain with `workstatus train --out {folder}`"
        )
    try:
        return Manifest.model_validate(manifest)
    except ValidationError as err:
        raise ModelIntegrityError(f"{where}: {first_problem(err)}; expected the manifest of {FORMAT!r} version "
                                  f"{FORMAT_VERSION} — retrain with `workstatus train --out {folder}`") from None


def _read_state(data: bytes, path: Path) -> ModelFile:
    try:
        state = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelIntegrityError(
            f"{path}: not JSON ({_reason(err)}); expected the model state written by `workstatus train`"
        ) from err
    try:
        return ModelFile.model_validate(state)
    except ValidationError as err:
        raise ModelIntegrityError(f"{path}: {first_problem(err)} — {_FIX}") from None


def _read_arrays(data: bytes, expected: dict[str, tuple[int, ...]], path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz``, refused unless they are exactly the plain numeric arrays ``expected`` names,
    of those shapes (``np.load(allow_pickle=False)`` itself refuses an array of objects, unread)."""
    head = data[:4]
    if head != b"PK\x03\x04":
        raise ModelIntegrityError(f"{path}: begins with {head!r}, not a NumPy .npz archive (b'PK\\x03\\x04'); {_FIX}")
    arrays = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".npy") or "/" in info.filename or "\\" in info.filename:
                    raise ModelIntegrityError(f"{path}: holds {info.filename!r}; expected only top-level .npy arrays; {_FIX}")
                if info.file_size > MAX_FILE_BYTES:
                    raise ModelIntegrityError(f"{path}: {info.filename} unpacks to {info.file_size:,} bytes, over the "
                                              f"{MAX_FILE_BYTES:,} of any model array; {_FIX}")
            names = {info.filename[:-len(".npy")] for info in archive.infolist()}
        missing, unused = sorted(set(expected) - names), sorted(names - set(expected))
        if missing or unused:
            raise ModelIntegrityError(
                f"{path}: lacks the arrays {missing} that {STATE_FILE} names, and holds {unused} that it does not "
                f"name; expected the two files of one model — {_FIX}"
            )
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            for name in archive.files:
                try:
                    arrays[name] = archive[name]
                except ValueError as err:
                    if "allow_pickle" in str(err):  # numpy's own refusal of an array of objects, unread
                        raise _not_numbers(path, name, "object") from None
                    raise
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ModelIntegrityError(f"{path}: not a readable .npz archive ({err}); {_FIX}") from err
    for name, array in arrays.items():
        if array.dtype.kind not in _NUMERIC_KINDS:
            raise _not_numbers(path, name, array.dtype)
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise ModelIntegrityError(f"{path}: array {name} has shape {arrays[name].shape}, expected {shape} from "
                                      f"{STATE_FILE}; {_FIX}")
    return arrays


def _not_numbers(path: Path, name: str, dtype) -> ModelIntegrityError:
    return ModelIntegrityError(f"{path}: {name}.npy has dtype {dtype}; expected plain numbers (no objects, which "
                               f"would be unpickled) — {_FIX}")


def _warn_versions(manifest: dict, folder: Path) -> None:
    saved, current = manifest.get("versions", {}), runtime_versions()
    differing = [f"{k} {saved.get(k)} (now {v})" for k, v in current.items()
                 if _release(saved.get(k), k) != _release(v, k)]
    if differing:
        warnings.warn(
            f"{folder} was saved under {', '.join(differing)}; predictions may differ — "
            "retrain with `workstatus train` to be sure",
            ModelVersionWarning,
            stacklevel=3,
        )


def _release(version, name):
    if version is None:
        return None
    parts = str(version).split(".")
    return tuple(parts[:2]) if name == "python" else tuple(parts[:3])


def _reason(err) -> str:
    return err.msg if isinstance(err, json.JSONDecodeError) else str(err)


# -- building (after every check has passed) -------------------------------------

def _build_model(state, arrays: dict, extractor, path: Path):
    import pandas as pd
    from sklearn.base import clone

    from workstatus.classifier._design import NUMERIC_FACTS
    from workstatus.classifier._model import REFERENCE_KEYS, StatusModel
    from workstatus.classifier._vocab import STATUSES

    extractor_ = _build_extractor(state.extractor, extractor, path)
    indicators = tuple(state.indicators)
    if list(indicators) != [str(n) for n in extractor_.get_feature_names_out() if n not in NUMERIC_FACTS]:
        raise ValueError("the model's indicators are not the extractor's indicator columns")
    model = StatusModel(**_params(StatusModel, state.params, exclude={"extractor"}),
                        extractor=clone(extractor_) if state.extractor_given else None)
    model.extractor_ = extractor_
    model.indicators_ = indicators
    model.estimator_ = _build_row_classifier(state.estimator, arrays)
    model.classes_ = np.array(STATUSES, dtype=object)
    reference = pd.DataFrame({k: list(state.reference.columns[k]) for k in (*REFERENCE_KEYS, "label")})
    matrix = arrays[state.reference.indicators].astype(np.int8)
    model.reference_ = pd.concat([reference, pd.DataFrame(matrix, columns=list(indicators))], axis=1)
    model.training_data_sha256_ = state.training_data_sha256
    return model


def _check_extractor(spec, given, path: Path) -> None:
    """Refuse an extractor the file names but this loader may not build, or that differs from the caller's."""
    name, params = spec.type, spec.params
    if given is not None:
        got = _qualified_name(type(given))
        got_params = _json_params(given.get_params(deep=False), f"extractor {type(given).__name__}")
        if got != name or got_params != params:
            raise ModelIntegrityError(
                f"{path}: the model was trained with the extractor {name}({_call_args(params)}), "
                f"but load_model got {got}({_call_args(got_params)}); pass the extractor it was trained with"
            )
    elif name in _TRUSTED_EXTRACTORS:
        _params(_TRUSTED_EXTRACTORS[name], params)
    elif name != TRUSTED_EXTRACTOR or not _shipped_extractor_params(params):
        short = str(name).rsplit(".", 1)[-1]
        raise ModelIntegrityError(
            f"{path}: the model was trained with the extractor {name}({_call_args(params)}); a model file is "
            f"rebuilt only with the shipped workstatus.features.IndicatorExtractor(lang=None|'zh'|'en', learned=False|True), since a file may name "
            f"data but not code — pass it yourself: load_model(path, extractor={short}(...)), or register its "
            f"class with workstatus.classifier.trust_extractor({short})"
        )


def _build_extractor(spec, given, path: Path):
    from sklearn.base import clone

    if given is not None:
        extractor = clone(given).fit([])
    elif spec.type in _TRUSTED_EXTRACTORS:
        extractor = _TRUSTED_EXTRACTORS[spec.type](**spec.params).fit([])
    else:
        from workstatus.features import IndicatorExtractor

        extractor = IndicatorExtractor(**spec.params).fit([])
    names = [str(n) for n in extractor.get_feature_names_out()]
    if names != spec.feature_names:
        missing = sorted(set(spec.feature_names) - set(names))[:5]
        added = sorted(set(names) - set(spec.feature_names))[:5]
        raise ModelIntegrityError(
            f"{path}: the extractor now gives {len(names)} columns, the model was trained on "
            f"{len(spec.feature_names)} (missing {missing}, new {added}, or another order): the indicator catalogue "
            "changed after training — retrain with `workstatus train`"
        )
    now = getattr(getattr(extractor, "catalogue_", None), "version", None)
    if spec.catalogue_version is not None and now != spec.catalogue_version:
        warnings.warn(
            f"{path} was trained on indicator catalogue {spec.catalogue_version}, the installed one is {now}; "
            "extraction may differ — retrain with `workstatus train` to be sure",
            ModelVersionWarning,
            stacklevel=4,
        )
    return extractor


def _shipped_extractor_params(params: dict) -> bool:
    return (set(params) <= {"lang", "catalogue", "lexicon", "learned"}
            and params.get("lang") in (None, "zh", "en") and isinstance(params.get("learned", False), bool)
            and params.get("catalogue") is None and params.get("lexicon") is None)


def _call_args(params: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


def _build_row_classifier(state, arrays: dict):
    from workstatus.classifier._estimators import RowStatusClassifier
    from workstatus.classifier._vocab import STATUSES

    estimator = RowStatusClassifier(**_params(RowStatusClassifier, state.params, tuples={"indicators"}))
    estimator.classes_ = np.array(STATUSES, dtype=object)
    estimator.design_ = _build_design(state.design, arrays)
    estimator.background_ = arrays[state.background]
    estimator.temperature_ = tuple(state.temperature)
    if len(estimator.temperature_) != (2 if estimator.kind == "two_stage" else 1):
        raise ValueError(f"{len(estimator.temperature_)} temperatures for a {estimator.kind} model")
    from workstatus.classifier._estimators import check_cn_split

    check_cn_split(estimator.cn_split)
    estimator.split_rates_ = None if state.split_rates is None else tuple(state.split_rates)
    if (estimator.split_rates_ is None) != (estimator.cn_split != "rule"):
        raise ValueError(f"a model with cn_split {estimator.cn_split!r} "
                         f"{'needs' if estimator.cn_split == 'rule' else 'has no use for'} the rule's split rates")
    estimator.core_ = _build_core(state.core, arrays, estimator, len(state.design.feature_names))
    return estimator


def _build_core(core, arrays: dict, estimator, width: int):
    from workstatus.classifier._estimators import ConstantCore, ConstantStage, LogisticCore, TwoStageCore

    if core.type == "constant":
        return ConstantCore(core.status)
    if core.type == "logistic":
        return LogisticCore(_build_logistic(core, arrays, estimator, width))
    employee, third = (ConstantStage(s.score) if s.type == "constant_logit"
                       else _build_logistic(s, arrays, estimator, width) for s in core.stages)
    return TwoStageCore(employee=employee, third=third)


def _build_design(state, arrays: dict):
    from workstatus.classifier._design import IndicatorDesign, wording_vectorizer

    design = IndicatorDesign(**_params(IndicatorDesign, state.params, tuples={"indicators"}))
    design.indicators_ = tuple(state.indicators)
    design.numeric_ = tuple(state.numeric)
    design.numeric_mean_ = dict(state.numeric_mean)
    design.numeric_std_ = dict(state.numeric_std)
    design.families_ = tuple(state.families)
    design.vectorizer_ = None
    if state.wording is not None:
        vectorizer = wording_vectorizer(design.text_features)
        vectorizer.vocabulary_ = {t: j for j, t in enumerate(state.wording.terms)}
        vectorizer.fixed_vocabulary_ = False
        vectorizer.idf_ = arrays[state.wording.idf]
        design.vectorizer_ = vectorizer
    design.feature_names_out_ = np.asarray(state.feature_names, dtype=object)
    design.sources_ = np.asarray(state.sources, dtype=object)
    return design


def _build_logistic(state, arrays: dict, estimator, width: int):
    from workstatus.classifier._estimators import logistic_regression

    model = logistic_regression(estimator.C, estimator.class_weight)
    model.classes_ = np.array(state.classes)
    model.coef_ = arrays[state.coef]
    model.intercept_ = arrays[state.intercept]
    model.n_features_in_ = width
    return model


def _params(cls, params: dict, *, tuples=frozenset(), exclude=frozenset()) -> dict:
    """``params`` checked against ``cls.__init__``'s keyword names, lists turned back into tuples."""
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self"} - set(exclude)
    if not set(params) <= accepted:
        raise ModelIntegrityError(
            f"{cls.__name__} parameters {sorted(set(params) - accepted)!r} are not parameters of this version's "
            f"{cls.__name__} (expected some of {sorted(accepted)}); retrain with `workstatus train`"
        )
    return {k: tuple(v) if k in tuples and isinstance(v, list) else v for k, v in params.items()}
