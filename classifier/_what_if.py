"""``WhatIf``: one case decided under changed indicator values, its wording read once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from workstatus.classifier._design import WORDING_SOURCE
from workstatus.classifier._results import Decision

if TYPE_CHECKING:
    from workstatus.classifier._model import StatusModel


@dataclass(frozen=True)
class WhatIf:
    """The counterfactuals of one case (from :meth:`StatusModel.what_if`).

    Attributes
    ----------
    model
        The fitted model.
    frame
        The case's one-row frame (indicators, numeric facts, jurisdiction, text).
    design
        The case's design row; its wording columns are shared by every variant.
    """

    model: "StatusModel"
    frame: pd.DataFrame
    design: np.ndarray

    def decide(self, changes: Sequence[Mapping[str, int]]) -> list[Decision]:
        """One decision (no explanation) per mapping of indicator id to its changed value, in one model call.

        Parameters
        ----------
        changes
            E.g. ``[{"refusal_penalised": -1}, {"refusal_penalised": -1, "monitored": -1}]``;
            an id the model does not know is an error, not a silent no-op.
        """
        changes = list(changes)
        if not changes:
            return []
        unknown = sorted({k for c in changes for k in c} - set(self.model.indicators_))
        if unknown:
            raise ValueError(f"what-if changes name {', '.join(unknown)}, which the model does not know; "
                             "expected indicator ids of its catalogue")
        frame = self.frame.loc[[0] * len(changes)].reset_index(drop=True)
        for ident in {k for c in changes for k in c}:
            frame[ident] = [c.get(ident, v) for c, v in zip(changes, frame[ident])]
        # the wording is the case's own in every variant: transform the rows without the text and
        # copy its wording columns in, rather than re-reading a long text once per variant
        frame["text"] = ""
        design_ = self.model.estimator_.design_
        rows = self.model.rows(frame)
        design = design_.transform(rows)
        wording = design_.sources_ == WORDING_SOURCE
        if wording.any():
            design[:, wording] = self.design[wording]
        return self.model.decide_rows(rows, explain=False, design=design)
