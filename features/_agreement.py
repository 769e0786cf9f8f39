"""An agreement's evidence, read as terms of the worker's work: what is kept, what is left out, and why.

:func:`filter_agreement` takes an extraction of an agreement's text and the
clauses :func:`~workstatus.features.read_clauses` found in it. Definitions,
recitals and boilerplate give no evidence unless the sentence binds or
sanctions the worker; in operative clauses, a sentence that is not about the
worker's work (a customer as its subject, the platform's liability, a
licence, a title, a denial, and the per-indicator shapes of ``clauses.yaml``)
is set aside with its reason. Every sentence is read as the clause reads it:
joined across hard wraps, cut at sentence ends.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from workstatus.features._clauses import _CJK, Agreement, Clause, _Rules, clause_rules, read_clauses
from workstatus.features._evidence import Extraction, Span
from workstatus.features._matching import decide
from workstatus.features._text import normalise


def binds_worker(sentence: str, *, rules: str | None = None) -> bool:
    """True when the sentence imposes an obligation on the worker ("you must…", "乙方应当…")."""
    return clause_rules(rules).obligation.search(normalise(sentence)) is not None


def _role_pattern(words: tuple[str, ...]) -> re.Pattern:
    ascii_words = sorted((w for w in words if w.isascii()), key=len, reverse=True)
    other = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    parts = ([rf"\b(?:{'|'.join(map(re.escape, ascii_words))})s?\b"] if ascii_words else []) + [re.escape(w) for w in other]
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class _Parties:
    """Who is who in one agreement: the role words, and which of them name a customer."""

    roles: re.Pattern
    customers: frozenset[str]

    @classmethod
    def of(cls, rules: _Rules, norm: str) -> _Parties:
        roles = _role_pattern(rules.worker_roles + rules.customer_roles)
        counts = {w: len(re.findall(_role_pattern((w,)), norm)) for w in rules.worker_roles if w not in ("you", "您")}
        own = max(counts, key=counts.get) if counts and max(counts.values()) else None
        return cls(roles, frozenset(w for w in rules.customer_roles if w != own))

    def subject_is_customer(self, modal: re.Pattern | None, sentence: str) -> bool:
        """The role nearest before the sentence's first modal is a customer ("the Passenger may cancel…")."""
        m = modal.search(sentence) if modal is not None else None
        if m is None:
            return False
        last = None
        for last in self.roles.finditer(sentence, 0, m.start()):
            pass
        if last is None or _OWN_VOICE.search(sentence, last.end(), m.start()):
            return False  # "In order to provide reliable services to Passengers, we may…": the platform speaks
        word = last.group(0)
        return word in self.customers or (word.endswith("s") and word[:-1] in self.customers)


_OWN_VOICE = re.compile(r"\bwe\b|我们")
_PRONOUN = re.compile(r"\b(we|you|i|they|it|he|she|their|his|her|its|our|your|my)\b|[我您你他她它]")
_NUMBERING = re.compile(r"[\s\W\d.]*(?:\(?[a-z]{1,4}\)|[a-z]\.\s)?\s*")


def _is_title(rules: _Rules, norm: str, clause: Clause, left: int, right: int) -> bool:
    """A heading that sits in a clause's text, not a term: the agreement's name as an unnumbered line,
    or a heading run into a clause ("4.16. The Driver's authorisation to issue invoices. Bolt may…")."""
    body = norm[left:right].strip().strip(" *_#")
    if not body or (rules.modal is not None and rules.modal.search(body)):
        return False
    if not re.search(r"[.。！？!?；;:：]$", body):  # a line with no sentence end, alone in an unnumbered paragraph
        return "¶" in clause.number and right >= clause.end and len(body) <= (40 if _CJK.search(body) else 100)
    # the first sentence of a clause that goes on: a few words, no modal, no one doing anything
    first = left <= _body_start(norm, clause)
    return (first and norm[right:clause.end].strip() != "" and not _CJK.search(body) and len(body.split()) <= 8
            and not _PRONOUN.search(body))


def _body_start(norm: str, clause: Clause) -> int:
    """Where the clause's words begin, after its number ("4.16.", "(a)", "第三条")."""
    m = _NUMBERING.match(norm, clause.start, clause.end)
    return m.end() if m else clause.start


def _not_the_work(rules: _Rules, parties: _Parties, span: Span, sentence: str, title: bool = False,
                  at: int | None = None, heading: str = "") -> str | None:
    """Why a sentence says nothing of the worker's work for the span's indicator (a reason id), or None.

    A cue read through a negation is left out too: an agreement's denials ("will not collect a
    commission", "does not guarantee…") seldom state the indicator's opposite; so is a cue a denied
    requirement covers ("has no right to require you to … display its logo"), ``at`` being the
    span's offset in the sentence, and a cue inside one of the ``phrases`` of ``clauses.yaml``.
    ``sentence`` is flat (:func:`_flat`) and ``at`` an offset in it; ``heading`` is the clause's heading, normalised,
    where the classes marked ``in_heading`` are looked for too.
    """
    indicator = span.indicator
    if span.negated or (at is not None and span.polarity == 1 and _under_denial(rules, sentence, at)):
        return "negated"
    if title:
        return "title"
    if at is not None and indicator in rules.conditional and _CONDITION_BEFORE.search(sentence[:at]):
        return "condition"
    reason = _topic_not_the_work(rules, indicator, sentence, heading)
    if reason is not None:
        return reason
    if at is not None:  # a cue inside a phrase that means something else ("the agreed location", "non-attendance fee")
        for name, indicators, pattern in rules.phrases:
            if indicator in indicators and any(m.start() <= at < m.end() for m in pattern.finditer(sentence)):
                return name
    reason, pattern = (rules.requires or {}).get(indicator, (None, None))
    if pattern is not None and not pattern.search(sentence):
        return reason
    if parties.subject_is_customer(rules.modal, sentence):
        return "about_others"
    return None


def _topic_not_the_work(rules: _Rules, indicator: str, sentence: str, heading: str) -> str | None:
    """The first ``not_the_work`` class of the indicator whose pattern is in the sentence (or, if marked so, the heading)."""
    for name, indicators, pattern in rules.not_the_work:
        if (indicator in indicators or "all" in indicators) and pattern is not None and (
                pattern.search(sentence) or (heading and name in rules.in_heading and pattern.search(heading))):
            return name
    return None


def _under_denial(rules: _Rules, sentence: str, at: int) -> bool:
    """A denied requirement ("no right to require", "not required to", "无需") before ``at``, no contrast between."""
    if rules.denial_scope is None:
        return False
    for m in rules.denial_scope.finditer(sentence, 0, max(0, at)):
        if rules.denial_contrast is None or rules.denial_contrast.search(sentence, m.end(), at) is None:
            return True
    return False


@dataclass(frozen=True)
class ReadAgreement:
    """An extraction read as an agreement: the kept evidence, the clauses, and what was left out.

    Attributes
    ----------
    extraction
        The row recomputed from the kept evidence only; every span is a
        contract term (``says="contract"``) unless it is a party's claim.
    agreement
        The clauses of the text.
    dropped
        The spans left out, each with the clause it sat in (a definition, recital or boilerplate).
    reversed
        The spans read against their cue (own-expense equipment), as re-signed.
    set_aside
        The spans of operative clauses left out because their sentence is not about the worker's
        work, each with its clause and the reason (``about_others``, ``liability``… of ``clauses.yaml``);
        and the spans in a heading, outside any clause (clause None, reason ``heading``).
    """

    extraction: Extraction
    agreement: Agreement
    dropped: tuple[tuple[Span, Clause], ...]
    reversed: tuple[Span, ...]
    set_aside: tuple[tuple[Span, Clause | None, str], ...] = ()

    def clause_of(self, span: Span) -> Clause | None:
        return self.agreement.at(span.start) if span.start >= 0 else None

    def ranked(self, spans) -> list[Span]:
        """The spans in text order, an answer after the text: the first quoted is the agreement's own clause."""
        return sorted(spans, key=lambda s: s.source == "answer")


def filter_agreement(extraction: Extraction, ids: tuple[str, ...], *, rules: str | None = None) -> ReadAgreement:
    """Leave the evidence of definitions, recitals and boilerplate out, unless the sentence binds the worker.

    Every kept span is a term of the agreement (``says="contract"``): the
    whole text is the paper, whatever its sentences' grammar. An
    equipment cue whose sentence has the worker supply the equipment at their
    own expense is re-signed −1 (the catalogue's meaning of −1); the lexicon's
    cue ("provide and maintain all equipment") reads it the other way.

    Parameters
    ----------
    extraction
        From ``IndicatorExtractor.extract`` on the agreement's text.
    ids
        The indicator ids of the row, in order.
    """
    compiled = clause_rules(rules)
    agreement = read_clauses(extraction.text, rules=rules)
    kept, dropped, flipped, aside = [], [], [], []
    norm = normalise(extraction.text)
    parties = _Parties.of(compiled, norm)
    for span in extraction.evidence:
        clause = agreement.at(span.start) if span.start >= 0 else None
        left, right = _sentence_in(norm, clause, span) if clause is not None else (0, 0)
        sentence, origin = _flat(norm[left:right])  # once per span: every rule below reads the flat sentence
        if clause is not None and clause.kind != "operative" and not _binds_here(compiled, clause, sentence):
            dropped.append((span, clause))
            continue
        if clause is None:
            why = "heading" if span.start >= 0 else None  # a heading or the agreement's name: no sentence, no term
        else:
            why = _not_the_work(compiled, parties, span, sentence, _is_title(compiled, norm, clause, left, right),
                                at=bisect.bisect_right(origin, span.start - left) - 1, heading=normalise(clause.heading))
        if why is not None and span.polarity is not None:
            aside.append((span, clause, why))
            continue
        if span.says == "fact":
            span = span.model_copy(update={"says": "contract"})
        if (clause is not None and span.sentence_start >= 0 and left <= span.sentence_start and span.sentence_end <= right
                and (left, right) != (span.sentence_start, span.sentence_end) and right - left <= _QUOTE_LIMIT):
            # quote the sentence the clause reads, not a fragment cut at a hard wrap or an "i.e."
            span = span.model_copy(update={"sentence": extraction.text[left:right], "sentence_start": left,
                                           "sentence_end": right})
        # own expense is looked for in the clause's whole sentence, read past a hard wrap ("at your\nown expense")
        if (span.indicator == compiled.own_expense_indicator and span.polarity == 1 and span.sentence_start >= 0
                and compiled.own_expense.search(sentence if clause is not None
                                                else _flat(norm[span.sentence_start:span.sentence_end])[0])):
            span = span.model_copy(update={"polarity": -1})
            flipped.append(span)
            kept.extend(_own_costs(compiled, span, kept))
        kept.append(span)
    kept = _stated_terms(compiled, parties, agreement, extraction.text, norm, kept, aside)
    row = decide(kept, ids)
    for name, value in extraction.row.items():
        if name not in ids and name not in row:
            row[name] = value
    return ReadAgreement(extraction.model_copy(update={"row": row, "evidence": tuple(kept)}), agreement,
                         tuple(dropped), tuple(flipped), tuple(aside))


_ACTOR_CUT = re.compile(r"\b(?:that|whether)\b|[,;:，；：]")
# "If we withdraw your right to use…", "In case Preply suspends your account…": the condition's own verb, not a term
_CONDITION_BEFORE = re.compile(r"(?:\b(?:if|when|whenever|once|after|upon|in case|in the event)\s+(?:\w+\s+){0,2}|(?:如果|若|如)\S{0,4})$")
_SPACES = re.compile(r"\s+")


def _flat(sentence: str) -> tuple[str, list[int]]:
    """The sentence with every run of white space as one space (a hard wrap is a space), and where each character was.

    ``origin[i]`` is the offset in ``sentence`` of the flat text's ``i``-th character, ``origin[len(flat)]``
    the sentence's length: the rules' patterns write one space between words, and a hard-wrapped agreement
    breaks its lines anywhere ("Preply does not provide\\n\\nlanguage teaching").
    """
    flat, origin, last = [], [], 0
    for m in _SPACES.finditer(sentence):
        flat.append(sentence[last:m.start()])
        origin.extend(range(last, m.start()))
        flat.append(" ")
        origin.append(m.start())
        last = m.end()
    flat.append(sentence[last:])
    origin.extend(range(last, len(sentence)))
    origin.append(len(sentence))
    return "".join(flat), origin


_NEGATOR_BEFORE = re.compile(r"(?:\b(?:not|no|never|cannot|can't|won't|neither|nor|without)\b[^,;.]{0,25}|(?:不|未|无权|不得|禁止)[^，；。]{0,6})$")


def _stated_terms(rules: _Rules, parties: _Parties, agreement: Agreement, text: str, norm: str,
                  kept: list[Span], aside: list) -> list[Span]:
    """Add what the ``states`` shapes of ``clauses.yaml`` say, sentence by sentence, to the kept evidence.

    A shape reads its sentence as a whole: a kept cue of the same indicator with the other sign in
    that sentence gives way to it (moved to ``aside`` with the shape's name as the reason). A shape
    in a definition, recital or boilerplate counts only where the sentence binds the worker, and a
    sentence that is not about the worker's work (``not_the_work``, a customer as subject) states none.
    """
    if not rules.states:
        return kept
    actors = _role_pattern(rules.worker_roles + ("either party", "each party", "both parties", "the parties", "we", "us"))
    added: list[Span] = []
    for clause in agreement.clauses:
        body, heading = _body_start(norm, clause), normalise(clause.heading)
        left = body
        for end in [m.end() for m in _SENTENCE_END.finditer(norm, body, clause.end)] + [clause.end]:
            if end <= left:
                continue
            sentence, origin = _flat(norm[left:end])
            if clause.kind == "operative" or _binds_here(rules, clause, sentence):
                added.extend(_shapes_in(rules, parties, actors, text, sentence, origin, left, end, heading))
            left = end
    if not added:
        return kept
    out = []
    for span in kept:
        if span.polarity is not None and any(
                s.indicator == span.indicator and s.polarity != span.polarity
                and s.sentence_start <= span.start < s.sentence_end for s in added):
            aside.append((span, agreement.at(span.start), "sentence_states_otherwise"))
            continue
        out.append(span)
    for span in added:
        if not any(s.indicator == span.indicator and s.polarity == span.polarity
                   and span.sentence_start <= s.start < span.sentence_end for s in out):
            out.append(span)
    return sorted(out, key=lambda s: (s.start, s.end))


def _shapes_in(rules: _Rules, parties: _Parties, actors: re.Pattern, text: str, sentence: str, origin: list[int],
               left: int, right: int, heading: str = "") -> list[Span]:
    """The shapes' spans in one flat sentence (``origin`` maps it back to ``norm[left:right]``, :func:`_flat`)."""
    out = []
    for rule in rules.states:
        for m in rule.pattern.finditer(sentence):
            before = sentence[:m.start()]
            if (rule.unless_negated and _NEGATOR_BEFORE.search(before)) or _CONDITION_BEFORE.search(before):
                continue
            if rule.platform_acts or rule.worker_acts:
                cut = _last_cut(before)
                who = list(actors.finditer(before, cut))
                if rule.worker_acts and not who:  # "配送员看到订单后，由其本人决定…": the worker named earlier
                    who = list(actors.finditer(before))
                platform = not who or who[-1].group(0) in ("we", "us")
                if (rule.platform_acts and not platform) or (rule.worker_acts and (platform or _is_party(who[-1]))):
                    continue
            start, end = left + origin[m.start()], left + origin[m.end() - 1] + 1
            spans = [Span(indicator=ident, polarity=sign, start=start, end=end, text=text[start:end],
                          sentence=text[left:right], sentence_start=left, sentence_end=right, says="contract",
                          cue=f"clauses:{rule.name}") for ident, sign in ((rule.indicator, rule.polarity), *rule.also)]
            out.extend(span for span in spans if _shape_not_the_work(rules, parties, span, sentence, heading) is None)
            break
    return out


def _last_cut(before: str) -> int:
    """Where the part of the sentence before a shape begins: after its last comma, "that" or "whether", unless
    that cut sits inside brackets ("if the Transport Operator (or any of its Employed Drivers, if applicable) does
    not provide…": the bracket's comma does not end the subject)."""
    depth, last = 0, 0
    cuts = {m.start(): m.end() for m in _ACTOR_CUT.finditer(before)}
    for i, ch in enumerate(before):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif i in cuts and depth == 0:
            last = cuts[i]
    return last


def _is_party(match: re.Match) -> bool:
    return match.group(0) in ("either party", "each party", "both parties", "the parties")


def _shape_not_the_work(rules: _Rules, parties: _Parties, span: Span, sentence: str, heading: str = "") -> str | None:
    """As :func:`_not_the_work` for a shape's span: the sentence's topic and subject, not the cue's shape checks."""
    reason = _topic_not_the_work(rules, span.indicator, sentence, heading)
    if reason is not None:
        return reason
    if parties.subject_is_customer(rules.modal, sentence):
        return "about_others"
    return None


def _own_costs(rules: _Rules, span: Span, kept: list[Span]) -> list[Span]:
    """The cost side of an own-expense sentence: paying for one's own equipment is bearing the costs of the work.

    The catalogue reads "you provide and maintain all equipment at your own expense" twice: no equipment
    provided (−1, the re-signed span) and the worker bearing costs (+1). The lexicon's cue gives only
    the first; this adds the second once per sentence.
    """
    ident = rules.own_expense_costs
    if not ident or any(s.indicator == ident and s.sentence_start == span.sentence_start for s in kept):
        return []
    return [span.model_copy(update={"indicator": ident, "polarity": 1, "cue": "clauses:own_expense", "negated": False})]


_SENTENCE_END = re.compile(r"(?<!\bi\.e)(?<!\be\.g)(?<!\binc)(?<!\bltd)(?<!\bno)(?<!\bvs)(?<!\bcf)"
                           r"[.!?](?=[\s*_)\]\"”’]*(\s|$))|[。！？；]")
_QUOTE_LIMIT = 1200  # a clause-level sentence longer than this is a run-on list: keep the extractor's sentence


def _sentence_in(norm: str, clause: Clause, span: Span) -> tuple[int, int]:
    """The span's sentence as the clause reads it (offsets): lines joined across hard wraps, cut at sentence ends."""
    body = _body_start(norm, clause)
    before = None
    for before in _SENTENCE_END.finditer(norm, body, max(body, span.start)):
        pass
    after = _SENTENCE_END.search(norm, min(max(span.end, body), clause.end), clause.end)
    return (before.end() if before is not None else body), (after.end() if after is not None else clause.end)


def _binds_here(rules: _Rules, clause: Clause, sentence: str) -> bool:
    """A sentence of a definition, recital or boilerplate that still states a term of the work.

    A sanction on the worker always does; an obligation does unless the sentence is about the
    boilerplate's own topic ("you are required to accept promo codes" in the payment clauses).
    ``sentence`` is flat (:func:`_flat`).
    """
    if rules.sanction is not None and rules.sanction.search(sentence):
        return True
    if rules.obligation.search(sentence) is None:
        return False
    heading = rules.topics.get(clause.topic or "", (None, None))[0]
    return heading is None or heading.search(sentence) is None
