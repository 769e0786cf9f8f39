"""Rendering: one assessment, a batch triage, a model card.

Every function here takes results as data (the JSON form of an Assessment,
rows of a batch, the metrics a training run wrote) and returns text or a
figure; nothing here computes a status or an amount. Templates use Jinja2
with autoescape, so whatever the user supplied renders as text.
"""

from workstatus.reports.audit import render_audit_html, render_audit_markdown, render_audit_text
from workstatus.reports.case import render_case_html, render_case_markdown, render_case_summary, render_case_text
from workstatus.reports.charts import contributions_chart, figure_data_uri
from workstatus.reports.highlight import highlight_segments
from workstatus.reports.triage import render_triage_html, triage_score

__all__ = [
    "render_audit_html",
    "render_audit_markdown",
    "render_audit_text",
    "contributions_chart",
    "figure_data_uri",
    "highlight_segments",
    "render_case_html",
    "render_case_markdown",
    "render_case_summary",
    "render_case_text",
    "render_triage_html",
    "triage_score",
]
