"""Files of numbers that are never unpickled: the checks and the writer the reader and the model share.

``classifier`` (which may import ``features``) uses them for the status
model's folder, ``features._learned`` for the reader's.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

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
