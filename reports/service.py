"""The service's web pages (Assess, Triage, Self-audit), in Chinese or English.

Pages are rendered from results as data, like every report; the case report
on the Assess page is the standalone report's own body.
"""

from __future__ import annotations

from collections.abc import Mapping

from workstatus.reports._render import as_data, html_environment
from workstatus.reports._words import DISCLAIMER_ZH, LANGUAGES, pick
from workstatus.reports.case import case_context

#: every word of the pages' own, in both languages (catalogue labels come from the catalogue)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("workstatus — 平台劳动者用工性质判断", "workstatus — employment status of platform workers"),
    "tab_assess": ("评估", "Assess"),
    "tab_triage": ("批量分流", "Triage"),
    "tab_audit": ("平台自查", "Self-audit"),
    "other_language": ("English", "中文"),
    "disclaimer": (DISCLAIMER_ZH,
                   "Decision support, not a legal ruling: a court or arbitration commission decides on all the facts."),
    "input": ("输入", "Input"),
    "by_text": ("粘贴或上传文字（投诉、案情摘要、协议）", "Paste or upload a text (complaint, case summary, agreement)"),
    "by_answers": ("填写问卷（按指标目录）", "Fill in the questionnaire (from the indicator catalogue)"),
    "text": ("案情文字", "The facts"),
    "text_file": ("或上传 UTF-8 文本文件", "or upload a UTF-8 text file"),
    "questionnaire": ("问卷：每个指标选 是 / 否 / 不清楚", "Questionnaire: yes / no / unknown for each indicator"),
    "yes": ("是", "yes"), "no": ("否", "no"), "unknown": ("不清楚", "unknown"),
    "profile": ("劳动者情况（计算社保义务）", "The worker (for the social-insurance obligations)"),
    "wage": ("月工资（元）", "Monthly wage (yuan)"),
    "region": ("地区代码（GB/T 2260）", "Region code (GB/T 2260)"),
    "as_of": ("适用日期", "Date the rules apply at"),
    "sector": ("行业", "Sector"),
    "platform": ("平台", "Platform"),
    "jurisdiction": ("法域", "Jurisdiction"),
    "national": ("全国规则", "national rules"),
    "explain": ("计算理由与相似案例（较慢）", "Compute reasons and similar cases (slower)"),
    "submit_assess": ("评估", "Assess"),
    "errors": ("请更正以下内容", "Please correct"),
    "upload_table": ("上传表格（CSV、JSON Lines 或 Parquet）", "Upload a table (CSV, JSON Lines or Parquet)"),
    "text_column": ("文字所在列", "Text column"),
    "id_column": ("编号所在列", "Id column"),
    "fast": ("快速（不计算理由）", "Fast (no reasons)"),
    "submit_triage": ("开始", "Start"),
    "job": ("任务", "Job"),
    "progress": ("进度", "Progress"),
    "rows": ("行", "rows"),
    "state_queued": ("排队中", "queued"), "state_running": ("运行中", "running"),
    "state_interrupted": ("已中断，将继续", "interrupted, will resume"), "state_done": ("已完成", "done"),
    "state_failed": ("失败", "failed"),
    "download": ("下载结果（CSV）", "Download the results (CSV)"),
    "full_report": ("打开完整分流报告（可筛选）", "Open the full triage report (with filters)"),
    "ranked": ("按 错误分类风险 × 预期责任 排序", "Ranked by misclassification risk × expected liability"),
    "case": ("案件", "Case"), "status": ("结论", "Status"), "risk": ("风险", "Risk"),
    "liability": ("预期月度责任（元）", "Expected monthly liability (yuan)"), "reasons": ("主要理由", "Top reasons"),
    "error": ("错误", "error"),
    "audit_input": ("上传平台协议（.txt）或问卷答案（.yaml/.json），或粘贴协议文字",
                    "Upload an agreement (.txt) or answers (.yaml/.json), or paste the agreement"),
    "submit_audit": ("自查", "Audit"),
    "as_things_stand": ("现状", "As things stand"),
    "what_changes": ("去掉每项做法会怎样", "What removing each practice would change"),
    "practice": ("做法", "Practice"), "after": ("去掉后", "Without it"),
    "delta_employee": ("P(劳动关系) 变化", "Change in P(employee)"),
    "delta_liability": ("月度责任变化（元）", "Change in monthly liability (yuan)"),
    "path": ("逐步去掉（影响最大的先去）", "A path (the most decisive practice first)"),
    "removed": ("已去掉", "Removed"), "obligations": ("义务", "Obligations"),
    "none_found": ("输入中没有发现倾向劳动关系的做法。", "No employment-leaning practice was found in the input."),
    "api": ("REST 接口文档", "REST API docs"),
}


def words(lang: str) -> dict[str, str]:
    """The pages' words in ``lang`` (``zh`` or ``en``)."""
    return pick(WORDS, lang)


def render_page(page: str, *, lang: str, **context) -> str:
    """One of the service's pages: ``assess``, ``triage``, ``job`` or ``audit``."""
    lang = lang if lang in LANGUAGES else "en"
    template = html_environment().get_template(f"service_{page}.html.j2")
    return template.render(page=page, lang=lang, w=words(lang), **{"errors": (), **context})


def assess_page(*, lang: str, catalogue: Mapping, form: Mapping, sectors, errors=(), result=None) -> str:
    """The Assess page: the form as the user filled it in and, once assessed, the case report in the page's language."""
    case = None
    if result is not None:
        case = case_context(result, lang=lang if lang in LANGUAGES else "en")
    return render_page("assess", lang=lang, catalogue=catalogue, form=form, sectors=sectors, errors=errors,
                       **(case or {"a": None}), case=case is not None)


def audit_page(*, lang: str, form: Mapping, errors=(), audit=None) -> str:
    """The Self-audit page: the form and, once run, the practices ranked and the path."""
    return render_page("audit", lang=lang, form=form, errors=errors,
                       audit=None if audit is None else as_data(audit, "an Audit"))


def job_page(*, lang: str, job: Mapping, ranked=(), top: int = 50) -> str:
    """A batch job's page: its progress and, when done, the top of the ranked list with links."""
    return render_page("job", lang=lang, job=job, ranked=list(ranked)[:top])
