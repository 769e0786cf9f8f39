"""Files that are read as plain values only: numbers that are never unpickled, YAML without aliases.

``classifier`` (which may import ``features``) uses them for the status
model's folder; ``features._learned`` writes and
reads its weights folder (JSON state + ``.npz``) with :func:`write_weights`
and :func:`read_weights`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

PICKLE_SUFFIXES = (".joblib", ".pkl", ".pickle", ".pck", ".pcl", ".dill", ".sav", ".cloudpickle")


def pickle_reason(file: Path) -> str | None:
    """Why ``file`` is a pickle (its suffix, or the header of a pickle protocol), or None."""
    if file.suffix.lower() in PICKLE_SUFFIXES:
        return f"a {file.suffix} file, that is a pickle"
    try:
        with file.open("rb") as handle:
            head = handle.read(2)
    except OSError:
        return None
    if len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5:
        return f"a pickle (it begins with the header of pickle protocol {head[1]})"
    return None


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` (``np.load`` reads it) whose bytes depend only on the arrays: fixed member dates, sorted names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue(), compresslevel=6)
    return buffer.getvalue()


def write_weights(folder: str | Path, *, state_file: str, arrays_file: str, state: dict,
                  arrays: dict[str, np.ndarray], trained_on: dict | None = None) -> Path:
    """Write ``arrays`` as ``arrays_file`` and ``state``, the arrays' sha256 and ``trained_on`` as JSON ``state_file``.

    The bytes depend only on what is written, so a refit of the same data gives the same files.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = npz_bytes(arrays)
    (folder / arrays_file).write_bytes(data)
    state = {**state, "arrays_sha256": hashlib.sha256(data).hexdigest(), "trained_on": trained_on or {}}
    (folder / state_file).write_text(json.dumps(state, ensure_ascii=False, indent=0, allow_nan=False) + "\n",
                                     encoding="utf-8")
    return folder


def read_weights(folder: Path, *, what: str, state_file: str, arrays_file: str, format: str, version: int,
                 shapes: Callable[[dict], dict[str, tuple]], error: type[Exception],
                 fix: str) -> tuple[dict, dict[str, np.ndarray]]:
    """The JSON state and the numeric arrays of a weights folder written by :func:`write_weights`.

    Nothing is unpickled. Raises ``error`` (naming the file and ``fix``) for no
    such folder or file, a pickle in the folder, another format, arrays whose
    sha256 differs from the state's, arrays that are not plain numbers, or
    arrays missing or not of the ``shapes(state)`` they must have.
    """
    if not folder.is_dir():
        raise error(f"{folder}: no such {what} folder; {fix}")
    pickles = [f"{p.name}, {r}" for p in sorted(folder.iterdir()) if p.is_file() and (r := pickle_reason(p))]
    if pickles:
        raise error(f"{folder}: holds {'; '.join(pickles)}; a {what} folder with a pickle in it is not "
                    f"loaded, since unpickling runs whatever code the file holds — delete it ({fix})")
    try:
        state = json.loads((folder / state_file).read_text(encoding="utf-8"))
        data = (folder / arrays_file).read_bytes()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise error(f"{folder}: cannot read {state_file} and {arrays_file} ({err}); {fix}") from err
    if not isinstance(state, dict) or state.get("format") != format or state.get("format_version") != version:
        raise error(f"{folder / state_file}: not a {format} version {version} file; {fix}")
    if hashlib.sha256(data).hexdigest() != state.get("arrays_sha256"):
        raise error(f"{folder / arrays_file}: its sha256 differs from the one in {state_file} "
                    f"(the file was changed or replaced); {fix}")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (ValueError, OSError, zipfile.BadZipFile) as err:
        raise error(f"{folder / arrays_file}: not plain numeric arrays ({err}); {fix}") from err
    for name, shape in shapes(state).items():
        if name not in arrays or arrays[name].shape != shape or arrays[name].dtype.kind not in "biuf":
            raise error(f"{folder / arrays_file}: {name} is missing or not numbers of shape {shape}; {fix}")
    return state, arrays


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses an alias (``*name``) before it can expand."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not accepted; write each value "
                                              "out where it applies", self.peek_event().start_mark)
        return super().compose_node(parent, index)


def read_yaml(path: Path) -> object:
    """The plain value of a YAML file (a catalogue, a lexicon, rules a user may point at).

    Aliases are refused: a few hundred bytes of them expand into gigabytes, and
    none of these files needs one. ``yaml.YAMLError`` for bad YAML or an alias.
    (``obligations`` has the same loader for parameter files; neither package may import the other.)
    """
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoAliasLoader)  # noqa: S506 — safe, and no aliases
