"""The rule that turns a decided case into a label (LEGAL.md section 1b), as code.

The tribunal's outcome is the ground truth; the label only translates it:

* a labour relationship (China) or an employee / contract of employment
  (abroad) with any respondent → ``employee``;
* an intermediate status the tribunal itself found → ``third_category``:
  abroad a UK limb (b) worker, Italian etero-organizzata, Spanish TRADE,
  Ontario dependent contractor, German arbeitnehmerähnliche Person; in China
  a tribunal that expressly places the work in 56号文's middle category
  (不完全符合确立劳动关系情形), which LEGAL.md does not foresee: the tribunal's
  own finding is the ground truth, so it is followed rather than the rule
  below;
  every other "not an employee" finding → ``independent``;
* in China, no labour relationship → ``third_category`` when the text states
  at least two distinct management facts and no own-account fact, otherwise
  ``independent``. The facts are recorded in ``rule_facts`` with a short quote
  of the text, so that anyone can check the label.

A finding that does not answer the status question (trade-union-law status
only, a wrong respondent only, tort liability only, no decision) gives no
label, and such a case is not in the corpus.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

#: Findings that give a label, and the label they give (China's no-labour-
#: relationship finding is split by :func:`chinese_rule`).
FINDINGS = {
    "labour_relationship": "employee",
    "employee": "employee",
    "intermediate": "third_category",
    "not_employee": "independent",
    "no_labour_relationship": None,
}
#: Findings that answer no status question; a case with one is left out.
UNLABELLED_FINDINGS = ("union_law_worker", "wrong_respondent_only", "tort_only", "not_decided")

MANAGEMENT_KINDS = {
    "assigns_work": "assigns or dispatches the work, or ranks orders",
    "sets_pay": "sets the price or pay rate unilaterally",
    "rules_sanctions": "imposes rules, time limits, ratings, penalties or deactivation",
    "prescribes_method": "prescribes method, uniform or training",
    "monitors": "monitors the work in real time",
}
OWN_ACCOUNT_KINDS = {
    "own_business": "own customers, brand, shop or employees",
    "sets_price": "sets or negotiates the price",
    "investment_risk": "bears profit and loss on a substantial investment",
    "substitute": "may freely send a substitute",
    "side_line": "this work is a side line to a business of their own",
}
MIN_MANAGEMENT_FACTS = 2


class RuleFact(BaseModel):
    """One fact the rule counts: its kind and a short quote of the case text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: str
    quote: str

    @field_validator("quote")
    @classmethod
    def _short(cls, quote: str) -> str:
        if not quote:
            raise ValueError("quote is empty")
        if len(quote) > 80:
            raise ValueError(f"quote of {len(quote)} characters; quote briefly (80 at most)")
        return quote


class RuleFacts(BaseModel):
    """The management and own-account facts of a Chinese no-labour-relationship case."""

    model_config = ConfigDict(extra="forbid")

    management: list[RuleFact] = []
    own_account: list[RuleFact] = []

    @field_validator("management")
    @classmethod
    def _management_kinds(cls, facts: list[RuleFact]) -> list[RuleFact]:
        return _known_kinds(facts, MANAGEMENT_KINDS, "management")

    @field_validator("own_account")
    @classmethod
    def _own_kinds(cls, facts: list[RuleFact]) -> list[RuleFact]:
        return _known_kinds(facts, OWN_ACCOUNT_KINDS, "own-account")


def _known_kinds(facts: list[RuleFact], kinds: dict[str, str], side: str) -> list[RuleFact]:
    for fact in facts:
        if fact.kind not in kinds:
            raise ValueError(f"{side} kind {fact.kind!r} is not one of {', '.join(kinds)}")
    return facts


def chinese_rule(facts: RuleFacts) -> Literal["third_category", "independent"]:
    """56号文's split, applied to the stated facts: ≥2 management facts and no own-account fact."""
    distinct = {_compact(f.quote) for f in facts.management}
    if len(distinct) >= MIN_MANAGEMENT_FACTS and not facts.own_account:
        return "third_category"
    return "independent"


def rule_label(finding: str, facts: RuleFacts | None = None) -> str | None:
    """The label the rule gives to a tribunal's finding (and, for a Chinese
    no-labour-relationship case, to its facts); ``None`` when the finding
    answers no status question."""
    if finding in UNLABELLED_FINDINGS:
        return None
    if finding not in FINDINGS:
        raise ValueError(f"finding {finding!r} is not one of {', '.join([*FINDINGS, *UNLABELLED_FINDINGS])}")
    if finding == "no_labour_relationship":
        return chinese_rule(facts or RuleFacts())
    return FINDINGS[finding]


def _compact(text: str) -> str:
    return re.sub(r"[\s，。、；：,.;:“”\"'‘’（）()]+", "", text)


def quote_in_text(quote: str, text: str) -> bool:
    """Whether a quote is a passage of the text (spacing and punctuation aside)."""
    return _compact(quote) in _compact(text)


def rule_problems(record: dict) -> list[str]:
    """What is wrong with a case record's label under the rule (empty when it follows it)."""
    finding = record.get("tribunal_finding")
    if not finding:
        return ["no tribunal_finding"]
    try:
        facts = RuleFacts.model_validate(record["rule_facts"]) if record.get("rule_facts") else None
        expected = rule_label(finding, facts)
    except ValueError as err:
        return [str(err)]
    problems = []
    if expected is None:
        problems.append(f"finding {finding!r} answers no status question; the case gives no label")
    elif record.get("label") != expected:
        problems.append(f"label {record.get('label')!r}, but the rule gives {expected!r}")
    if finding == "no_labour_relationship":
        if record.get("jurisdiction") != "CN":
            problems.append("no_labour_relationship is a Chinese finding; abroad use employee, intermediate or not_employee")
        if facts is None:
            problems.append("a Chinese no-labour-relationship case needs rule_facts")
        else:
            for fact in [*facts.management, *facts.own_account]:
                if not quote_in_text(fact.quote, record.get("text", "")):
                    problems.append(f"quote {fact.quote!r} ({fact.kind}) is not in the text")
    elif record.get("rule_facts"):
        problems.append(f"rule_facts are only for no_labour_relationship findings, not {finding!r}")
    return problems
