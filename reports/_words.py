"""The reports' own words in Chinese and English: one table, picked by language.

Each entry is a ``(zh, en)`` pair, as on the service's pages
(:mod:`workstatus.reports.service` keeps its page words in the same shape and
picks them with :func:`pick`). Catalogue labels and duty descriptions are
bilingual in their own data and are not repeated here. The English words are
the ones the reports have always printed, so an English report reads as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

LANGUAGES = ("zh", "en")

#: the toolkit's disclaimer: the Assessment carries the English one; the Chinese report and pages show this
DISCLAIMER_ZH = "决策辅助，不是法律裁决：劳动关系由法院或仲裁委员会根据案件全部事实认定。"

#: the three statuses of 人社部发〔2021〕56号 (and the abstention), as a report's heading names them
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "employee": ("劳动关系（符合确立劳动关系情形）", "Employee (labour relationship)"),
    "third_category": ("不完全符合确立劳动关系情形（企业进行劳动管理，第三类）",
                       "Third category (managed, not fully a labour relationship)"),
    "independent": ("民事关系（依托平台自主经营）", "Independent"),
    "undetermined": ("无法确定", "Undetermined"),
}

#: codes the English report prints as they are (``third category``, ``work_injury``…) and the Chinese one names
TERMS_ZH: dict[str, dict[str, str]] = {
    "short": {"employee": "劳动关系", "third_category": "第三类", "independent": "民事关系", "undetermined": "无法确定",
              "not_employee": "非劳动关系"},
    "scheme": {"pension": "职工基本养老保险", "medical": "职工基本医疗保险", "work_injury": "工伤保险",
               "unemployment": "失业保险", "occupational_injury": "职业伤害保障", "housing_fund": "住房公积金",
               "resident_pension": "城乡居民基本养老保险", "resident_medical": "城乡居民基本医疗保险"},
    "payer": {"employer": "用人单位", "employee": "职工个人", "worker": "劳动者本人", "platform": "平台企业"},
    "grade": {"official": "官方文本", "text": "原文转载", "secondary": "二手资料", "unverified": "未核实"},
    "value_status": {"available": "已计算", "missing": "缺少数值", "unverified": "数值未核实", "not_applicable": "不适用"},
    "level": {"national": "全国", "national guidance": "全国指导值"},
    "family": {"algorithmic_control": "算法控制", "economic_dependence": "经济从属性",
               "organisational_subordination": "组织从属性", "independence": "独立经营", "form": "合同形式"},
    "input_kind": {"text": "文字", "answers": "问卷答案", "agreement": "平台协议"},
    "numeric": {"tenure_months": "工作时长（月）", "weekly_hours": "每周工时", "income_share": "收入占比"},
    "lang": {"zh": "中文", "en": "英文"},
}

#: every fixed word of the case report (HTML, Markdown, text)
CASE_WORDS: dict[str, tuple[str, str]] = {
    "title": ("用工性质评估", "Status assessment"),
    "colon": ("：", ": "),
    "full_stop": ("。", "."),
    "page_title": ("评估", "assessment"),
    "as_of": ("适用日期", "As of"),
    "as_of_lower": ("适用日期", "as of"),
    "language": ("语言", "language"),
    "jurisdiction": ("法域", "jurisdiction"),
    "input": ("输入", "input"),
    "undetermined": ("证据不足以得出可靠结论；最可能的是：", "the evidence does not support a confident answer; most probable: "),
    "most_probable": ("最可能的是：", "most probable: "),
    "probabilities": ("概率", "probabilities"),
    "status": ("结论", "status"),
    "probability": ("概率", "probability"),
    "why": ("理由：影响最大的指标", "Why: the indicators that weighed most"),
    "chart_alt": ("各指标的 SHAP 贡献", "SHAP contributions of the indicators"),
    "model_output": ("模型输出", "model output"),
    "chart_caption": ("SHAP 贡献（{output}）；基准值 {base}（同一法域、没有任何事实的案件）。红色推向“{target}”，蓝色反之。",
                      "SHAP contributions ({output}); base value {base} (a case of the same legal family with no facts). "
                      "Red pushed towards {target}, blue away from it."),
    "source": ("来源", "source"),
    "duties": ("金钱以外的义务", "Owed besides money"),
    "paper": ("协议与实际", "Paper and practice"),
    "indicators": ("发现的指标", "Indicators found"),
    "indicator": ("指标", "Indicator"),
    "value": ("取值", "Value"),
    "evidence": ("证据", "Evidence"),
    "stated": ("存在", "stated"),
    "denied": ("否认", "denied"),
    "silent": ("未提及", "silent"),
    "unknown": ("未知", "unknown"),
    "answer": ("问卷答案：", "questionnaire answer: "),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "attributed": ("（转述：一方主张或裁决）", " (attributed: a claim or a decision)"),
    "learned": ("（由学习模型读出）", " (read by the learned reader)"),
    "inferred": ("推断存在", "inferred"),
    "inferred denied": ("推断否认", "inferred denied"),
    "inferred_note": ("（无明确表述，由学习模型据措辞推断）", " (no cue states it: the learned reader infers it from the wording)"),
    "no_indicator": ("输入中未发现任何指标。", "No indicator was found in the input."),
    "numeric_facts": ("数值事实：", "Numeric facts: "),
    "text_marked": ("原文（标出证据）", "The text, with the evidence marked"),
    "similar": ("相似的已决案例", "Similar decided cases"),
    "case": ("案例", "Case"),
    "label": ("结论", "Label"),
    "outcome": ("裁判结果", "Tribunal's outcome"),
    "similarity": ("相似度", "Similarity"),
    "shared": ("共有指标", "Shared indicators"),
    "shared_short": ("共有指标", "shared"),
    "obligations": ("社会保险义务", "Social-insurance obligations"),
    "scheme": ("险种", "Scheme"),
    "if": ("假设结论", "If"),
    "weight": ("权重", "Weight"),
    "payer": ("缴费方", "Payer"),
    "mandatory": ("强制", "Mandatory"),
    "voluntary": ("自愿", "voluntary"),
    "base": ("缴费基数", "Base"),
    "rate": ("费率", "Rate"),
    "monthly": ("每月金额（元）", "Monthly (yuan)"),
    "basis": ("法律依据", "Legal basis"),
    "grade": ("核实等级", "Grade"),
    "liability": ("企业预期月度责任：", "Expected monthly liability of the enterprise: "),
    "yuan": ("元", " yuan"),
    "sources": ("数据来源", "Sources of the figures"),
    "in_force": ("施行日期", "in force from"),
    "no_obligations": ("未计算义务（请提供劳动者情况：地区、工资、日期）。",
                       "No obligations computed (give a profile: region, wage, date)."),
    "no_obligations_short": ("未计算义务。", "No obligations computed."),
    "model": ("模型", "Model"),
    "catalogue": ("指标目录", "indicator catalogue"),
    "catalogue_short": ("指标目录", "catalogue"),
    "parameters": ("法律参数", "legal parameters"),
    "parameters_short": ("法律参数", "parameters"),
    "top_reasons": ("主要理由", "Top reasons"),
    "shap": ("SHAP", "SHAP"),
    "other_way": ("不利于“{target}”的因素：", "What pushes away from {target}:"),
    "towards_employee": ("有利于劳动关系的因素：", "What pushes towards employment:"),
    "split_title": ("第三类还是民事关系（LEGAL.md 1b，依人社部发〔2021〕56号）",
                    "Third category or independent (LEGAL.md 1b, after 人社部发〔2021〕56号)"),
    "split_rule": ("{management} 项不同的劳动管理事实、{own} 项自主经营事实 → {outcome}（至少两项管理事实且没有自主经营事实为第三类，否则为民事关系）；"
                   "训练案例中得出此结论的，{share} 被认定为第三类。",
                   "{management} distinct management facts and {own} own-account facts → {outcome} (at least two "
                   "management facts and no own-account fact make the third category; otherwise independent); "
                   "of the training cases the rule answers so, {share} were labelled third category."),
    "split_side": ("劳动管理", "management"),
    "split_side_own": ("自主经营", "own account"),
    "split_none": ("文字未陈述规则所计的事实。", "The text states none of the facts the rule counts."),
    "no_fact": ("没有案件事实影响结论。", "No fact of the case pushed the status either way."),
    "no_explanation": ("未计算理由。", "No explanation was computed."),
    "style": ("文本风格（模型对措辞的解读，不是案件事实）：",
              "Style of the text (the model's reading of the wording, not a fact of the case): "),
    "paper_form": ("协议将这项工作描述为劳动关系以外的关系，但实际上：{practice}。",
                   "The agreement describes the work as something other than employment, but in practice: {practice}."),
    "paper_yes": ("协议规定如此", "the agreement says so"),
    "paper_no": ("协议规定并非如此", "the agreement says not"),
    "practice_yes": ("实际情况如此", "in practice it is so"),
    "practice_no": ("实际并非如此", "in practice it is not"),
    "paper_line": ("{label}：{paper}，但{practice}。", "{label}: {paper}, but {practice}."),
    "list_sep": ("；", "; "),
    "waiver": ("案件事实表明存在不缴纳社会保险费（或以现金代替）的约定或承诺：该约定自 {effective} 起无效（{doc}{article}；{verification}）。",
               "The facts state an agreement or promise not to pay social insurance (or cash in lieu of it): such an "
               "agreement is void from {effective} ({doc}{article}; {verification})."),
    "article": ("第{article}条", " art. {article}"),
    # the terminal view's own
    "t_thin": ("证据不足以得出可靠结论；最可能的是：", "the evidence is too thin for a confident answer; most probable: "),
    "t_why": ("为何是“{target}”（SHAP，{output}）：", "Why {target} (SHAP, {output}):"),
    "t_style": ("文本风格（不是案件事实）：", "Style of the text (not a fact of the case): "),
    "t_duties": ("金钱以外的义务：", "Owed besides money:"),
    "t_paper": ("协议与实际：", "Paper and practice:"),
    "t_indicators": ("发现的指标：", "Indicators found:"),
    "t_other": ("其余证据：", "Other evidence:"),
    "t_similar": ("相似的已决案例：", "Similar decided cases:"),
    "t_obligations": ("社会保险义务（{basis}）：", "Social-insurance obligations ({basis}):"),
    "t_expected": ("按概率加权的预期义务", "expected, weighted by probability"),
    "t_decided": ("按所判结论", "for the decided status"),
    "t_monthly": ("每月", "monthly"),
    "t_liability": ("企业预期月度责任：{amount} 元", "expected monthly liability of the enterprise: {amount} yuan"),
    "t_sources": ("来源：", "sources:"),
    "t_from": ("，自 {date} 起", ", from {date}"),
    "t_footer": ("模型 {model} · 指标目录 {catalogue} · 适用日期 {as_of}", "Model {model} · catalogue {catalogue} · as of {as_of}"),
}

#: sentences the pipeline writes in English into an Assessment (notes, the explained output), in Chinese;
#: ``{name}`` is a part copied from the English sentence. A sentence not listed stays as it came.
SENTENCES_ZH: tuple[tuple[str, str], ...] = (
    ("no facts of the working relationship found: the text states none of the indicators",
     "未发现劳动关系方面的事实：文字未涉及任何指标"),
    ("Obligations are computed under Chinese law only; this case's jurisdiction is {j}, "
     "so no social-insurance amounts are shown.",
     "义务仅按中国法律计算；本案法域为 {j}，因此不显示社会保险金额。"),
    ("No obligations computed: give a profile (at least monthly_wage; region and as_of are "
     "recommended) to see who must pay what.",
     "未计算义务：请提供劳动者情况（至少月工资 monthly_wage；建议同时提供地区 region 和适用日期 as_of），以查看谁应缴纳多少。"),
    ("Some amounts are unknown for this date and region ({unknown}); the expected liability is a lower bound.",
     "该日期和地区的部分金额未知（{unknown}）；预期责任为下限。"),
    ("stage-1 logit: log-odds of employee vs not employee (temperature-scaled)",
     "第一阶段 logit：劳动关系相对于非劳动关系的对数几率（经温度校准）"),
    ("stage-2 logit: log-odds of third_category vs independent, given not employee (temperature-scaled)",
     "第二阶段 logit：在非劳动关系前提下，第三类相对于民事关系的对数几率（经温度校准）"),
    ("minus stage-2 logit: log-odds of third_category vs independent, given not employee (temperature-scaled)",
     "第二阶段 logit 的相反数：在非劳动关系前提下，第三类相对于民事关系的对数几率（经温度校准）"),
    ("minus the centred logit of employee: what pushes away from a labour relationship (third category or "
     "independent then follows LEGAL.md 1b's rule)",
     "劳动关系中心化 logit 的相反数：不利于劳动关系的因素（第三类还是民事关系，再按 LEGAL.md 1b 的规则区分）"),
    ("minus the stage-1 logit: what pushes away from a labour relationship (third category or independent then "
     "follows LEGAL.md 1b's rule)",
     "第一阶段 logit 的相反数：不利于劳动关系的因素（第三类还是民事关系，再按 LEGAL.md 1b 的规则区分）"),
    ("centred logit of {status}: log p({status}) minus the mean of the three log-probabilities",
     "{status}的中心化 logit：log p({status}) 减去三个对数概率的均值"),
)


def check_language(lang: str) -> str:
    """``lang`` if a report can be written in it; otherwise a ValueError saying what is expected."""
    if lang not in LANGUAGES:
        raise ValueError(f"report language {lang!r} is not available; expected one of {', '.join(LANGUAGES)}")
    return lang


def pick(table: Mapping[str, tuple[str, str]], lang: str) -> dict[str, str]:
    """The words of a ``(zh, en)`` table in ``lang``; any other language gets the English words."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 1
    return {key: pair[index] for key, pair in table.items()}


@cache
def case_words(lang: str) -> dict:
    """Everything a case report in ``lang`` says of its own: the words, the status names, the named codes.

    ``names`` holds the codes' names by kind (``names.scheme``, ``names.payer``…); in English these
    tables are empty, so a template shows a code as it always did.
    """
    lang = check_language(lang)
    names = TERMS_ZH if lang == "zh" else {kind: {} for kind in TERMS_ZH}
    return {**pick(CASE_WORDS, lang), "status_name": pick(STATUS_WORDS, lang), "names": names,
            "disclaimer": DISCLAIMER_ZH if lang == "zh" else None}


@cache
def _sentence_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    def pattern(english: str) -> re.Pattern:
        parts = re.split(r"\{(\w+)\}", english)
        # even parts are fixed words, odd parts the names of what is copied; a name used twice must match the same
        out, seen = [], set()
        for i, part in enumerate(parts):
            if i % 2 == 0:
                out.append(re.escape(part))
            else:
                out.append(f"(?P={part})" if part in seen else f"(?P<{part}>.+?)")
                seen.add(part)
        return re.compile("".join(out) + r"\Z", re.S)

    return tuple((pattern(en), zh) for en, zh in SENTENCES_ZH)


def translate(sentence: str | None, lang: str) -> str | None:
    """A sentence the pipeline wrote in English, in ``lang`` when it is one the table knows; else as it came."""
    if not sentence or lang == "en":
        return sentence
    for pattern, zh in _sentence_patterns():
        found = pattern.match(sentence)
        if found:
            return zh.format(**{k: TERMS_ZH["short"].get(v, v) for k, v in found.groupdict().items()})
    return sentence
