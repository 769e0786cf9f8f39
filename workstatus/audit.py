"""A platform's self-audit: the agreement read clause by clause, set against practice, and what would change it.

The agreement is read as an agreement (``features.read_clauses``): its
definitions, recitals and boilerplate give no indicators unless they bind the
worker, and every piece of evidence keeps its clause's number and heading.
Questionnaire answers beside it (``answers=``) state the practice; where paper
and practice disagree the audit says so, quoting the clause, and the practice
stands (courts look through the label).

For each employment-leaning practice (an indicator at +1) the model is asked
how the probabilities and the expected liability move if it did not exist
(−1, as the questionnaire records a "no"); the changes are ranked by effect,
each with its clause and a suggested redraft (``features/remedies.yaml``). A
path then applies the changes a redraft can make, greedily, with the status
and obligations at each step; and the practices that keep the status at
employee whatever the paper says are listed. Every counterfactual goes
through ``StatusModel.what_if``: the text's wording is read once, and each
step's variants are decided in one model call.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from workstatus import Assessed, WorkstatusError, assess_records
from workstatus._assess import one_record
from workstatus.assessment import Assessment, ObligationLine

_SENTENCE = 400
# A change that moves P(employee) and P(independent) by less than half a percentage point each rounds to 0 % in
# every report: it is listed apart ("no measurable effect"), not among the changes a redraft should make.
MIN_EFFECT = 0.005


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ClauseEvidence(_Frozen):
    """A sentence that states an indicator, with the clause it sits in (or the answer that states it)."""

    clause: str | None = None
    heading: str = ""
    kind: str = "operative"
    sentence: str = ""
    start: int = -1
    end: int = -1
    polarity: int
    says: str = "contract"
    source: str = "text"


class Change(_Frozen):
    """The effect of one practice not existing, with the clause that states it and what a redraft could say."""

    indicator: str
    label: dict[str, str]
    evidence: tuple[ClauseEvidence, ...] = ()
    stated_in: str = "paper"  # "paper", "practice" or "both"
    remedy: dict[str, str] = {}
    changeable: bool = True
    probabilities: dict[str, float]
    status: str
    delta_employee: float
    delta_independent: float
    expected_monthly_liability: str | None = None
    delta_liability: str | None = None


class PathStep(_Frozen):
    """One step of the path: the practices changed so far and where that leaves the status."""

    removed: tuple[str, ...]
    probabilities: dict[str, float]
    status: str
    obligations: tuple[ObligationLine, ...] = ()
    expected_monthly_liability: str | None = None


class Disagreement(_Frozen):
    """An indicator on which the agreement and the practice (the answers) differ."""

    indicator: str
    label: dict[str, str]
    paper: int
    practice: int
    evidence: ClauseEvidence | None = None
    summary: str


class LeftOut(_Frozen):
    """Evidence the clause reader left out: a definition, recital or boilerplate that binds no one to work,
    or a sentence of an operative clause that is not about the worker's work (``reason``, of ``clauses.yaml``)."""

    indicator: str
    polarity: int
    clause: str
    heading: str = ""
    kind: str
    topic: str | None = None
    reason: str | None = None
    sentence: str


class WhateverThePaper(_Frozen):
    """The status with every term only the paper states redrafted, the practice as it is."""

    probabilities: dict[str, float]
    status: str
    practices: tuple[str, ...]


class Audit(_Frozen):
    """The self-audit: the assessment, paper against practice, changes ranked, a path, and what no redraft changes."""

    assessment: Assessment
    changes: tuple[Change, ...]
    path: tuple[PathStep, ...]
    no_effect: tuple[Change, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    whatever_the_paper: WhateverThePaper | None = None
    clauses: dict[str, int] = {}
    left_out: tuple[LeftOut, ...] = ()
    method: str = (
        "The agreement is split into clauses; definitions, recitals and boilerplate (governing law, IP, privacy, "
        "payment processing, disputes, notices) give no indicators unless the sentence binds the worker, and nor "
        "does a sentence that is not about the worker's work (a customer's part, the platform's liability, a "
        "licence, a title, a denial). Answers "
        "state the practice, which stands over the paper where they differ. Each change sets one employment-leaning "
        "indicator to −1 (the practice does not exist) and re-runs the model. Changes are ranked by the fall in the "
        "enterprise's expected monthly liability when a profile with a wage is given, else by the fall in "
        "P(employee). A change that moves P(employee) and P(independent) by under half a percentage point each is listed "
        "apart as having no measurable effect. The path applies the changes a redraft can make, the one that most "
        "raises P(independent) first."
    )


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= _SENTENCE else text[: _SENTENCE - 1] + "…"


def _evidence(span, reading) -> ClauseEvidence:
    clause = reading.clause_of(span) if reading is not None else None
    return ClauseEvidence(
        clause=clause.number if clause else None, heading=clause.heading if clause else "",
        kind=clause.kind if clause else "operative", sentence=_short(span.sentence), start=span.start, end=span.end,
        polarity=int(span.polarity or 0), says=span.says, source=span.source,
    )


def audit(
    agreement_or_answers: str | Mapping, *, answers: Mapping | None = None, profile: Mapping | None = None,
    model: Any | None = None, jurisdiction: str | None = None, max_steps: int = 8, min_effect: float = MIN_EFFECT,
) -> Audit:
    """Audit a platform's agreement (and, beside it, answers on its practice), or its answers alone.

    Parameters
    ----------
    agreement_or_answers
        The agreement's text, or questionnaire answers alone (indicator id → yes/no/unknown).
    answers
        Questionnaire answers on the practice, beside an agreement.
    profile
        As for :func:`workstatus.assess`; with a wage, changes are ranked by expected liability.
    max_steps
        The most changes the path applies.
    min_effect
        A change moving P(employee) and P(independent) each by less than this goes to ``no_effect``,
        not ``changes`` (default half a percentage point: it would print as 0 %). The path and
        "whatever the paper says" still weigh every change.

    Raises
    ------
    WorkstatusError
        When the input or profile cannot be assessed.
    """
    if answers is not None and not isinstance(agreement_or_answers, str):
        raise WorkstatusError("answers= goes beside an agreement's text; the first argument is already answers")
    record = one_record(agreement_or_answers, jurisdiction=jurisdiction, read_as="agreement", answers=answers)
    (one,) = assess_records([record], profile=profile, model=model, explain=True, raise_errors=True)
    base, reading = one.assessment, one.reading
    from workstatus.features import load_remedies

    remedies = load_remedies()
    what_if = one.model.what_if(one.extraction, base.jurisdiction)
    p0, base_liability = base.probabilities, base.expected_monthly_liability
    practices = [i for i in base.indicators if i.value == 1 and i.towards == "employment"]
    changes = []
    for ind, decision in zip(practices, what_if.decide([{i.id: -1} for i in practices])):
        liability = one.obligations_of(decision).liability
        spans = [s for s in ind.evidence if s.polarity == 1]
        spans = reading.ranked(spans) if reading is not None else spans  # the agreement's clauses first, answers after
        spans = _one_per_sentence(spans)
        stated = {"contract" if s.source == "text" else "fact" for s in spans}
        remedy = remedies.get(ind.id)
        changes.append(Change(
            indicator=ind.id, label=dict(ind.label), evidence=tuple(_evidence(s, reading) for s in spans[:3]),
            stated_in="both" if len(stated) == 2 else ("practice" if stated == {"fact"} else "paper"),
            remedy=dict(remedy.text) if remedy else {}, changeable=remedy.changeable if remedy else True,
            probabilities=decision.probabilities, status=decision.status,
            delta_employee=decision.probabilities["employee"] - p0["employee"],
            delta_independent=decision.probabilities["independent"] - p0["independent"],
            expected_monthly_liability=None if liability is None else str(liability),
            delta_liability=None if liability is None or base_liability is None else str(liability - base_liability),
        ))
    if changes and all(c.delta_liability is not None for c in changes):
        changes.sort(key=lambda c: (Decimal(c.delta_liability), c.delta_employee))
    else:
        changes.sort(key=lambda c: c.delta_employee)
    measurable = [c for c in changes if abs(c.delta_employee) >= min_effect or abs(c.delta_independent) >= min_effect]
    return Audit(
        assessment=base, changes=tuple(measurable),
        no_effect=tuple(c for c in changes if c not in measurable),
        path=tuple(_path(one, changes, what_if, max_steps)),
        disagreements=_disagreements(base, reading), whatever_the_paper=_whatever_the_paper(base, changes, what_if),
        clauses=_clause_counts(reading), left_out=_left_out(reading),
    )


def _one_per_sentence(spans) -> list:
    """The spans with one quote per sentence: two cues of one sentence ("fines, penalties…") would quote it twice and
    leave out the next clause that states the practice. An answer has no sentence and is always kept."""
    seen, out = set(), []
    for span in spans:
        key = (span.source, span.sentence_start, span.sentence_end) if span.sentence_start >= 0 else None
        if key is None or key not in seen:
            out.append(span)
        if key is not None:
            seen.add(key)
    return out


def _path(one: Assessed, changes, what_if, max_steps) -> list[PathStep]:
    """Greedy: at each step, of the redraftable changes left, the one that most raises P(independent)."""
    base = one.assessment
    path = [_step((), base.probabilities, base.status, base.obligations, base.expected_monthly_liability)]
    removed: list[str] = []
    remaining = [c.indicator for c in changes if c.changeable]
    while remaining and len(path) <= max_steps:
        trials = what_if.decide([{i: -1 for i in (*removed, ident)} for ident in remaining])
        k = max(range(len(remaining)), key=lambda n: trials[n].probabilities["independent"])
        removed.append(remaining.pop(k))
        decision = trials[k]
        money = one.obligations_of(decision)
        path.append(_step(tuple(removed), decision.probabilities, decision.status, money.lines, money.liability))
        if decision.status == "independent":
            break
    return path


def _step(removed, probabilities, status, lines, liability) -> PathStep:
    return PathStep(removed=removed, probabilities=probabilities, status=status, obligations=tuple(lines),
                    expected_monthly_liability=None if liability is None else str(liability))


def _disagreements(base: Assessment, reading) -> tuple[Disagreement, ...]:
    """Where the agreement states one thing and the answers the other (in the reports' words)."""
    from workstatus.reports.audit import disagreement_summary

    out = []
    for ind in base.indicators:
        if not ind.contract or not ind.practice or ind.contract == ind.practice:
            continue
        span = next((s for s in ind.evidence if s.source == "text" and s.polarity == ind.contract), None)
        evidence = _evidence(span, reading) if span is not None else None
        summary = disagreement_summary(ind.label["en"], ind.contract, ind.practice,
                                       evidence.model_dump() if evidence else None)
        out.append(Disagreement(indicator=ind.id, label=dict(ind.label), paper=ind.contract, practice=ind.practice,
                                evidence=evidence, summary=summary))
    return tuple(out)


def _whatever_the_paper(base: Assessment, changes, what_if) -> WhateverThePaper | None:
    """The status with every paper-only employment term gone and the paper calling it independence; the practice kept.

    Only meaningful when the practice is stated (answers); None otherwise.
    """
    in_practice = [c for c in changes if c.stated_in in ("practice", "both")]
    if not in_practice:
        return None
    redraft = {c.indicator: -1 for c in changes if c.stated_in == "paper"}
    redraft["contract_denies_employment"] = 1
    (decision,) = what_if.decide([redraft])
    strongest = sorted(in_practice, key=lambda c: c.delta_employee)
    return WhateverThePaper(probabilities=decision.probabilities, status=decision.status,
                            practices=tuple(c.indicator for c in strongest))


def _clause_counts(reading) -> dict[str, int]:
    if reading is None:
        return {}
    counts = {"clauses": len(reading.agreement.clauses), "operative": 0, "definition": 0, "recital": 0, "boilerplate": 0}
    for clause in reading.agreement.clauses:
        counts[clause.kind] = counts.get(clause.kind, 0) + 1
    return counts


def _left_out(reading) -> tuple[LeftOut, ...]:
    if reading is None:
        return ()
    held = [(span, clause, None) for span, clause in reading.dropped] + list(reading.set_aside)
    out = {}
    for span, clause, why in held:
        if span.polarity is None:
            continue
        item = LeftOut(indicator=span.indicator, polarity=int(span.polarity), clause=clause.number if clause else "",
                       heading=clause.heading if clause else "", kind=clause.kind if clause else "heading",
                       topic=clause.topic if clause else None, reason=why, sentence=_short(span.sentence))
        out.setdefault((item.clause, item.indicator, item.polarity, item.sentence), item)  # one row per sentence
    return tuple(out.values())
