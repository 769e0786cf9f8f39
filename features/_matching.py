"""Scan one text with the compiled lexicons and decide its indicator row.

Decision rules (see README.md):

* claims: evidence inside a party's claim is kept with ``attributed=True``
  but never sets a value;
* conflicts: when unattributed evidence says both +1 and -1 for the same
  indicator, +1 wins (a stated fact of control or dependence is not undone by
  a general denial elsewhere; courts look through the contract's labels).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Iterable, NamedTuple

from workstatus.features._evidence import CUE_SPAN_FIELDS, EXTRACTION_FIELDS, NUMERIC_FACTS, Extraction, Span, trusted
from workstatus.features._lexicon import Grammar, LanguageLexicon
from workstatus.features._text import PreparedText, Sentences, scripts_and_language

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
}
_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def parse_number(token: str | None) -> float | None:
    """Turn ``"12"``, ``"十二"``, ``"两"``, ``"半"`` or ``"three"`` into a number."""
    if token is None or token == "":
        return None
    token = token.strip().lower()
    if token.isdigit():
        return float(token)
    if token == "半":
        return 0.5
    if token in _EN_NUMBERS:
        return float(_EN_NUMBERS[token])
    if "十" in token:
        tens, _, units = token.partition("十")
        value = (_ZH_DIGITS.get(tens, 0) if tens else 1) * 10 + (_ZH_DIGITS.get(units, 0) if units else 0)
        return float(value)
    if all(ch in _ZH_DIGITS for ch in token):
        value = 0
        for ch in token:
            value = value * 10 + _ZH_DIGITS[ch]
        return float(value)
    return None


def _month(token: str | None) -> int | None:
    if token is None:
        return None
    if token.isdigit():
        return int(token)
    return _MONTHS.get(token[:3].lower())


def extract_one(prepared: PreparedText, lexicons: dict[str, LanguageLexicon], ids: tuple[str, ...],
                lang: str | None) -> Extraction:
    """Extract the indicator row and evidence of one text, prepared once (the learned reader reads it after)."""
    text, norm = prepared.text, prepared.norm
    if not text:
        return Extraction(lang=lang or "en", row=_silent_row(ids), evidence=())
    if lang is None:
        has_zh, has_en, dominant = scripts_and_language(norm)
        langs = [code for code, present in (("zh", has_zh), ("en", has_en)) if present and code in lexicons]
    else:
        langs = [lang] if lang in lexicons else []
        dominant = lang
    found: list[_Found] = []
    says: dict = {}  # who says each sentence, found once per sentence (a sentence can hold many cues)
    for code in langs:
        lexicon = lexicons[code]
        matches, fact_matches = _scan(lexicon, norm)
        if not (matches or fact_matches):
            continue
        sentences = prepared.sentences
        negated_until: dict[str, int] = {}  # per indicator, the end of its last negated cue
        for index, start, end in matches:
            cue = lexicon.cues[index]
            item = _cue_span(cue, start, end, lexicon, text, norm, sentences, says)
            if item is not None and not item.negated and cue.on_negation != "keep" and not cue.spells_negation:
                item = _shared_negation(item, cue, negated_until.get(item.indicator), lexicon.grammar, norm)
            if item is not None:
                if item.negated:
                    negated_until[item.indicator] = item.end
                found.append(item)
        if fact_matches:
            found.extend(_fact_spans(fact_matches, lexicon, text, norm, sentences))
    found.sort(key=_position)
    found = _drop_contained(found)
    row = decide(found, ids)
    derived = _continuity_from_tenure(row, found)
    if derived:
        found = sorted(found + derived, key=_position)
    return trusted(Extraction, {"lang": dominant, "row": row, "evidence": tuple(_spans(bounded(found), text)),
                                "text": text}, EXTRACTION_FIELDS)


def _scan(lexicon: LanguageLexicon, norm: str) -> tuple[list, list]:
    """The cue matches and the fact matches of ``norm``, each as ``(index, start, end)`` in text order.

    One scan of the joint scanner finds both (a second anchor search over the text cost 15–25 µs a text);
    a match is a cue's when its index is below the number of cues, and the order of each kind is the order
    its own scanner gives, since the indices of the facts are all shifted by the same number.
    """
    joint = lexicon.joint_scanner
    if joint is None:
        facts = lexicon.facts_scanner
        return lexicon.scanner.matches(norm), facts.matches(norm) if facts is not None else []
    count = len(lexicon.cues)
    both = joint.matches(norm)
    matches = [item for item in both if item[0] < count]
    if len(matches) == len(both):
        return matches, []
    return matches, [(index - count, start, end) for index, start, end in both if index >= count]


def _position(item) -> tuple:
    return item.start, -item.end, item.indicator


class _Found(NamedTuple):
    """A piece of evidence before it becomes a :class:`Span`: offsets only, no copied text.

    Every match of a text is one of these (a text dense in cues has tens of
    thousands); only those kept as evidence become spans, with their strings.
    """

    indicator: str
    polarity: int | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    attributed: bool = False
    says: str = "fact"
    cue: str = ""
    value: float | None = None
    negated: bool = False


def _spans(found: Iterable[_Found], text: str) -> list[Span]:
    """The kept evidence as spans, built without validation (``_evidence.trusted``: every field computed here)."""
    return [trusted(Span, {"indicator": f.indicator, "polarity": f.polarity, "start": f.start, "end": f.end,
                           "text": text[f.start:f.end], "sentence": text[f.sentence_start:f.sentence_end],
                           "sentence_start": f.sentence_start, "sentence_end": f.sentence_end,
                           "attributed": f.attributed, "says": f.says, "cue": f.cue, "value": f.value,
                           "negated": f.negated, "source": "text"}, CUE_SPAN_FIELDS)
            for f in found]


#: evidence kept per indicator (or numeric fact), beyond which only a first span of each new kind is kept
SPANS_PER_INDICATOR = 40


def bounded(found: list) -> list:
    """The evidence kept: the first :data:`SPANS_PER_INDICATOR` of each indicator, in text order.

    A cue repeated ten thousand times ("扣款扣款…") states the indicator once;
    its evidence need not say it ten thousand times. The row is decided on
    all the evidence before this cut, and beyond the cap the first span of
    each (polarity, who says it, attributed) still kept, so that what the
    contract says, what happens in practice and the claims (``Extraction.said``)
    read the same from the kept evidence as from all of it. The decided
    cases have at most 12 spans for one indicator.
    """
    count: dict[str, int] = {}
    kinds: set[tuple] = set()
    kept = []
    for item in found:
        kind = (item.indicator, item.polarity, item.says, item.attributed)
        n = count.get(item.indicator, 0)
        if n < SPANS_PER_INDICATOR or kind not in kinds:
            kept.append(item)
            count[item.indicator] = n + 1
            kinds.add(kind)
    return kept


#: a stated tenure of at least this many months is evidence of continuous work
CONTINUITY_MONTHS = 12


def _continuity_from_tenure(row: dict, spans: list) -> list[_Found]:
    """A stated tenure of a year or more says the work was continuous (+1) when nothing else does."""
    tenure = row.get("tenure_months", math.nan)
    if "continuous_work" not in row or row["continuous_work"] != 0 or math.isnan(tenure) or tenure < CONTINUITY_MONTHS:
        return []
    row["continuous_work"] = 1
    return [
        _Found(indicator="continuous_work", polarity=1, start=s.start, end=s.end, sentence_start=s.sentence_start,
               sentence_end=s.sentence_end, cue=f"derived:tenure_months>={CONTINUITY_MONTHS}")
        for s in spans if s.indicator == "tenure_months"
    ]


def _drop_contained(spans: list) -> list:
    """Drop a span inside an earlier span of the same indicator.

    The longer span read more context ("亦未要求其遵守公司劳动规章制度" holds
    "规章制度"), so its polarity stands.
    """
    reach: dict[tuple[str, bool], int] = {}
    kept = []
    for span in spans:
        key = (span.indicator, span.attributed)
        if span.polarity is not None and reach.get(key, -1) >= span.end:
            continue
        reach[key] = max(reach.get(key, -1), span.end)
        kept.append(span)
    return kept


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A match widened to whole words ("penal" of "penalised" → "penalised"), so a marker never lands mid-word.

    Only letters of alphabetic scripts are joined; Chinese has no word spaces and keeps the match as it is.
    """
    def latin(c: str) -> bool:
        return c.isascii() and c.isalnum()

    while start > 0 and latin(text[start - 1]) and latin(text[start]):
        start -= 1
    while end < len(text) and latin(text[end]) and latin(text[end - 1]):
        end += 1
    return start, end


def _cue_span(cue, start: int, end: int, lexicon: LanguageLexicon, text: str, norm: str, sentences: Sentences,
              says: dict | None = None) -> _Found | None:
    start, end = _whole_words(text, start, end)
    s_start, s_end = sentences.around(start, end)
    grammar = lexicon.grammar
    negated = False
    if cue.on_negation != "keep":
        negated = _negated(grammar, norm, start, s_start, cue.polarity)
        if not cue.spells_negation and _inner_negated(grammar, norm, start, end, s_start, cancel=not negated):
            negated = not negated
        elif cue.spells_negation and not negated and _spelt_negation_cancelled(grammar, norm, start, end, s_start):
            # "could not refuse trips without penalty": the cue spells "without penalty", the act is not possible
            negated = True
    if negated and cue.on_negation == "drop":
        return None
    polarity = -cue.polarity if negated else cue.polarity
    attributed = _attributed(grammar, norm, start, s_start)
    if attributed:
        who = "claim"
    else:
        key = (lexicon.lang, s_start, s_end)
        who = says.get(key) if says is not None else None
        if who is None:
            who = _says(grammar, norm, s_start, s_end)
            if says is not None:
                says[key] = who
    return _Found(
        indicator=cue.indicator, polarity=polarity, start=start, end=end, sentence_start=s_start, sentence_end=s_end,
        attributed=attributed, cue=cue.id, negated=negated, says=who,
    )


def _shared_negation(item: _Found, cue, negated_end: int | None, grammar: Grammar, norm: str) -> _Found | None:
    """A cue joined to a negated cue of the same indicator shares its negation.

    In "未要求骑手每天打卡考勤" the negator stands too far before "考勤" for the
    window, but "考勤" is the second member of the thing not required; likewise
    "no timesheets or rosters". Only a joiner of the grammar ("、", "和", "or"…, or
    nothing) may stand between them, in the same sentence.
    """
    joiner = grammar.negation_joiner
    if joiner is None or negated_end is None or negated_end > item.start or negated_end < item.sentence_start:
        return item
    if item.start > negated_end and joiner.fullmatch(norm, negated_end, item.start) is None:
        return item
    if cue.on_negation == "drop":
        return None
    return item._replace(polarity=-item.polarity, negated=True)


def _says(grammar: Grammar, norm: str, s_start: int, s_end: int) -> str:
    """``"contract"`` when the sentence states a term of an agreement or the platform's rules, else ``"fact"``."""
    terms = grammar.contract_terms
    if terms is None:
        return "fact"
    needs = grammar.contract_needs
    if needs is not None and needs.search(norm, s_start, s_end) is None:
        return "fact"  # no string every match holds: the alternation (30 µs a sentence in English) cannot match
    if terms.search(norm, s_start, s_end):
        return "contract"
    return "fact"


def _clause_start(grammar: Grammar, norm: str, low: int, high: int) -> int:
    """The offset where the clause holding ``high`` starts (at least ``low``)."""
    last = low
    listing = grammar.list_continuation
    for match in grammar.clause_break.finditer(norm, low, high):
        if listing is not None and listing.match(norm, match.end(), match.end() + 40):
            continue
        last = match.end()
    return last


def _inner_negated(grammar: Grammar, norm: str, start: int, end: int, floor: int, *, cancel: bool = True) -> bool:
    """A negator inside the gap of a cue ("拒单，不受任何处罚") negates it.

    With ``cancel``, the inner half of a double negation (:func:`_cancelled`) does not: the caller passes
    ``cancel=False`` when the outer negation already counted before the cue ("were not able to decline trips
    without being deactivated": the two flips cancel as they are).
    """
    last = _last_negator(grammar, norm, start, end)
    if last is None:
        return False
    if grammar.condition_after is not None and grammar.condition_after.search(norm[start:end], last[1] - start):
        return False
    return not (cancel and _cancelled(grammar, norm, last[0], last[1], floor))


def _last_negator(grammar: Grammar, norm: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of the last negator inside a cue's match, not at its first character."""
    if grammar.negation_needs is not None and grammar.negation_needs.search(norm, start, end) is None:
        return None  # no negator can stand in the gap
    last = None
    for match in grammar.negation.finditer(norm[start:end]):
        if match.group("neg") is not None and match.start() > 0 and not _in_name(grammar, norm, start + match.start(),
                                                                                   start + match.end()):
            last = match
    return None if last is None else (start + last.start(), start + last.end())


#: how many characters before a negator a name holding it may start (a role, a surname: "申请人花无缺")
_NAME_REACH = 6


def _in_name(grammar: Grammar, norm: str, neg_start: int, neg_end: int) -> bool:
    """The negator is a character of a name ("骑手花无缺", "王无忌", "未某某"), not a negation."""
    names = grammar.names
    if names is None:
        return False
    return any(m.start() <= neg_start and m.end() >= neg_end
               for m in names.finditer(norm, max(0, neg_start - _NAME_REACH), neg_end + 2))


def _spelt_negation_cancelled(grammar: Grammar, norm: str, start: int, end: int, floor: int) -> bool:
    """A cue that spells its own negation ("decline … without penalty") after an outer negated act."""
    last = _last_negator(grammar, norm, start, end)
    return last is not None and _cancelled(grammar, norm, last[0], last[1], floor)


#: how many characters before a negator its inner form (the 而 of 而不) may start
_INNER_REACH = 4


def _cancelled(grammar: Grammar, norm: str, neg_start: int, neg_end: int, floor: int) -> bool:
    """The negator is the inner half of a double negation, so it negates nothing.

    "Drivers could not refuse trips without penalty", "骑手无法拒单而不受处罚", "骑手无法在不被罚款的情况下拒单":
    an act that cannot happen without a consequence brings the consequence. The negator must be the end of
    one of the grammar's ``double.inner`` forms (``without``, 而不, 在不) and one of its ``double.outer``
    negations of an act (``could not``, ``may not``, 无法, 不能) must stand before that form in its clause.
    """
    inner, outer = grammar.double_inner, grammar.double_outer
    if inner is None or outer is None:
        return False
    form_start = next((at for at in range(neg_start, max(floor, neg_start - _INNER_REACH) - 1, -1)
                       if inner.fullmatch(norm, at, neg_end)), None)
    if form_start is None:
        return False
    low = _clause_start(grammar, norm, max(floor, form_start - 3 * grammar.negation_window), form_start)
    return outer.search(norm, low, form_start) is not None


def _negated(grammar: Grammar, norm: str, start: int, floor: int, polarity: int = 1) -> bool:
    if _near_negated(grammar, norm, start, floor, polarity):
        return True
    return _requirement_negated(grammar, norm, start, floor)


def _requirement_negated(grammar: Grammar, norm: str, start: int, floor: int) -> bool:
    """A negated requirement ("不要求骑手每月完成最低单量") scopes over its clause, past the negation window."""
    rule = grammar.negated_requirement
    if rule is None or grammar.requirement_window <= grammar.negation_window:
        return False
    low = _clause_start(grammar, norm, max(floor, start - grammar.requirement_window), start)
    last = None
    for match in rule.finditer(norm, low, start):
        last = match
    if last is None:
        return False
    return grammar.condition_after is None or grammar.condition_after.search(norm, last.end(), start) is None


def _near_negated(grammar: Grammar, norm: str, start: int, floor: int, polarity: int = 1) -> bool:
    needs = grammar.negation_needs
    if needs is not None and needs.search(norm, max(floor, start - grammar.negation_window), start + 6) is None:
        return False  # no negator anywhere in the widest window looked at below
    low = _clause_start(grammar, norm, max(floor, start - grammar.negation_window), start)
    segment = norm[low:start]
    # look a little past the cue's start, so that an exception such as
    # "不得拒" that straddles it is consumed, but count only negators before it
    extended = norm[low:start + 6]
    last = None
    for match in grammar.negation_of(polarity).finditer(extended):
        if (match.group("neg") is not None and match.start() < len(segment)
                and not _in_name(grammar, norm, low + match.start(), low + match.end())):
            last = match
    if last is not None and last.end() > len(segment):
        last = None
    if last is None:
        return False
    if _cancelled(grammar, norm, low + last.start(), low + last.end(), floor):
        return False
    if grammar.condition_after is not None and grammar.condition_after.search(segment, last.end()):
        return False
    if grammar.condition_before is not None and segment[last.end():].strip():
        # look further back in the clause for "if", "who", "如果" before the negator
        wide_low = _clause_start(grammar, norm, max(floor, start - 3 * grammar.negation_window), start)
        wide = norm[wide_low:start]
        negator_at = len(wide) - (len(segment) - last.start())
        condition = None
        for condition in grammar.condition_before.finditer(wide, 0, max(negator_at, 0)):
            pass
        # "drivers who log in may work without a uniform": the relative clause ended before the negator
        closed = grammar.condition_closed
        if condition is not None and (closed is None or closed.match(wide, condition.start(), negator_at) is None):
            return False
    return True


def _attributed(grammar: Grammar, norm: str, start: int, floor: int) -> bool:
    low = max(floor, start - grammar.attribution_window)
    if grammar.attribution_needs is not None and grammar.attribution_needs.search(norm, low, start) is None:
        return _attributed_ahead(grammar, norm, start, low)  # no marker of a claim in the window
    segment = norm[low:start]
    last = None
    for match in grammar.attribution.finditer(segment):
        last = match
    if last is None:
        return _attributed_ahead(grammar, norm, start, low)
    if grammar.not_attribution_before is not None:
        # "法院认为", "the tribunal found": a finding, not a party's claim
        before = segment[max(0, last.start() - 16):last.end()]
        if grammar.not_attribution_before.search(before):
            return False
    if grammar.contrast is not None and grammar.contrast.search(segment, last.end()):
        return False
    return True


#: how far past a cue an ``attribution.ahead`` marker may read
_AHEAD_REACH = 60


def _attributed_ahead(grammar: Grammar, norm: str, start: int, low: int) -> bool:
    """A marker that reads past the cue ("原告以被告未缴纳社保为由申请仲裁": the ground of a claim is claimed)."""
    ahead = grammar.attribution_ahead
    if ahead is None:
        return False
    end = min(len(norm), start + _AHEAD_REACH)
    for match in ahead.finditer(norm, low, end):
        if match.end() <= start and (grammar.contrast is None or grammar.contrast.search(norm, match.end(), start) is None):
            return True
    return False


def decide(spans: Iterable, ids: tuple[str, ...]) -> dict[str, float]:
    """The row from the evidence: unattributed evidence only; +1 wins a conflict."""
    row: dict[str, float] = _silent_row(ids)
    for span in spans:
        if span.polarity is None:
            if span.value is not None and span.indicator in row and math.isnan(row[span.indicator]):
                row[span.indicator] = span.value
            continue
        if span.attributed or span.indicator not in row:
            continue
        if span.polarity > 0 or row[span.indicator] == 0:
            row[span.indicator] = int(span.polarity)
    return row


def _silent_row(ids: tuple[str, ...]) -> dict[str, float]:
    row: dict[str, float] = {name: 0 for name in ids}
    row.update({name: math.nan for name in NUMERIC_FACTS})
    return row


def _fact_spans(matches: list[tuple[int, int, int]], lexicon: LanguageLexicon, text: str, norm: str, sentences: Sentences) -> list[_Found]:
    """Numeric facts: conservative, NaN unless a pattern states them plainly."""
    found: dict[str, list[tuple[float, re.Match, str]]] = {}
    joint = lexicon.joint_scanner
    regexes, shift = (lexicon.facts_scanner.cue_regexes, 0) if joint is None else (joint.cue_regexes, len(lexicon.cues))
    for index, start, end in matches:
        fact = lexicon.facts[index]
        match = regexes[index + shift].match(norm, start, end)
        if match is None:
            continue
        # a claimed period ("请求确认…期间存在劳动关系") is not a stated fact
        if _attributed(lexicon.grammar, norm, start, sentences.around(start, end)[0]):
            continue
        groups = {name: match.group(name) for name in fact.groups}
        value = _fact_value(fact.kind, groups)
        if value is not None:
            found.setdefault(fact.kind, []).append((value, match, fact.id))
    results: list[tuple[str, float, list[tuple[re.Match, str]]]] = []
    spans_of = lambda kind: [(m, cue) for _, m, cue in found.get(kind, [])]  # noqa: E731
    if "tenure_span" in found:
        value = max(v for v, _, _ in found["tenure_span"])
        results.append(("tenure_months", value, spans_of("tenure_span")))
    elif "tenure_range" in found:
        value = max(v for v, _, _ in found["tenure_range"])
        results.append(("tenure_months", value, spans_of("tenure_range")))
    elif "tenure_start" in found and "tenure_end" in found:
        # the work started on one stated date and stopped at a later event (injury, dismissal…)
        start_value, start_match, start_cue = min(found["tenure_start"], key=lambda item: item[0])
        ends = [item for item in found["tenure_end"] if item[0] > start_value and item[1].start() > start_match.start()]
        if ends:
            end_value, end_match, end_cue = max(ends, key=lambda item: item[0])
            months = max(1.0, float(round((end_value - start_value) / 30.4375)))
            if months < 600:
                results.append(("tenure_months", months, [(start_match, start_cue), (end_match, end_cue)]))
    if "weekly_hours" in found:
        value = found["weekly_hours"][0][0]
        results.append(("weekly_hours", value, spans_of("weekly_hours")[:1]))
    elif "daily_hours" in found and "days_per_week" in found:
        value = found["daily_hours"][0][0] * found["days_per_week"][0][0]
        if 0 < value <= 168:
            results.append(("weekly_hours", value, spans_of("daily_hours")[:1] + spans_of("days_per_week")[:1]))
    if "income_share" in found:
        results.append(("income_share", found["income_share"][0][0], spans_of("income_share")[:1]))
    spans = []
    for name, value, evidence in results:
        for match, cue in evidence:
            start, end = match.span()
            s_start, s_end = sentences.around(start, end)
            spans.append(_Found(
                indicator=name, polarity=None, start=start, end=end, sentence_start=s_start, sentence_end=s_end,
                cue=cue, value=float(value),
            ))
    return spans


def _mid(low: float | None, high: float | None) -> float | None:
    if low is None:
        return None
    if high is None or high < low:
        return low
    return (low + high) / 2


def _fact_value(kind: str, groups: dict[str, str | None]) -> float | None:
    if kind == "tenure_range":
        try:
            y1, y2 = int(groups["y1"]), int(groups["y2"])
            m1, m2 = _month(groups.get("m1")) or 1, _month(groups.get("m2")) or 1  # a year alone starts in January
            d1 = int(groups.get("d1") or 1)
            d2 = int(groups.get("d2") or 1)
            first, last = date(y1, m1, d1), date(y2, m2, d2)
        except (TypeError, ValueError):
            return None
        months = max(1.0, float(round((last - first).days / 30.4375)))
        return months if last > first and months < 600 else None
    if kind in ("tenure_start", "tenure_end"):
        try:
            return float(date(int(groups["y"]), _month(groups.get("m")) or 1, int(groups.get("d") or 1)).toordinal())
        except (TypeError, ValueError):
            return None
    if kind == "tenure_span":
        years = parse_number(groups.get("years"))
        months = parse_number(groups.get("months"))
        value = years * 12 if years is not None else months
        return value if value is not None and 0 < value < 600 else None
    if kind in ("weekly_hours", "daily_hours"):
        value = _mid(parse_number(groups.get("h")), parse_number(groups.get("h2")))
        limit = 168 if kind == "weekly_hours" else 24
        return value if value is not None and 0 < value <= limit else None
    if kind == "days_per_week":
        value = _mid(parse_number(groups.get("d")), parse_number(groups.get("d2")))
        return value if value is not None and 0 < value <= 7 else None
    if kind == "income_share":
        if groups.get("sole"):
            return 1.0
        pct = parse_number(groups.get("pct"))
        return pct / 100 if pct is not None and 0 < pct <= 100 else None
    return None
