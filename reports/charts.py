"""Figures drawn from results; they are returned, never shown."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from workstatus.reports._render import state

if TYPE_CHECKING:
    from matplotlib.figure import Figure

POSITIVE, NEGATIVE = "#b4413c", "#3c6eb4"


def _label(contribution: Mapping) -> str:
    label = contribution.get("label") or {}
    name = label.get("en") or contribution["indicator"]
    value = contribution.get("value")
    if contribution["indicator"] == "wording":
        return "style of the text (not a fact)"
    return f"{name} ({state(value)})"


def contributions_chart(assessment: Mapping, *, top: int = 8) -> "Figure":
    """A horizontal bar chart of the strongest SHAP contributions of the facts the input states or denies.

    Bars to the right pushed towards the decided (or most probable) status,
    bars to the left away from it. Silent indicators and the jurisdiction are
    left out; the wording, if the model reads it, is one bar labelled as the
    style of the text.
    """
    from matplotlib.figure import Figure

    from workstatus.reports.case import _is_fact

    shown = [c for c in assessment.get("contributions") or [] if c["indicator"] == "wording" or _is_fact(c)]
    contributions = sorted(shown, key=lambda c: -abs(c["shap"]))[:top]
    contributions.reverse()
    target = assessment["status"] if assessment["status"] != "undetermined" else assessment["most_probable"]
    figure = Figure(figsize=(7, 0.45 * max(len(contributions), 1) + 1.2), dpi=110)
    axes = figure.add_subplot()
    values = [c["shap"] for c in contributions]
    axes.barh([_label(c) for c in contributions], values, color=[POSITIVE if v > 0 else NEGATIVE for v in values])
    axes.axvline(0, color="#444", linewidth=0.8)
    axes.set_xlabel(f"SHAP: push towards {target.replace('_', ' ')}")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=9)
    figure.tight_layout()
    return figure


def figure_data_uri(figure: "Figure") -> str:
    """A PNG ``data:`` URI of the figure, for self-contained HTML."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
