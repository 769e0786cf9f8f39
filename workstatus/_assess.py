"""``assess`` and ``assess_many``: text or answers in, one Assessment out."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from itertools import islice
from typing import Any, NamedTuple

from workstatus import limits
from workstatus import _clock
from workstatus.limits import MAX_ANSWERS
from workstatus.assessment import DISCLAIMER, Assessment, AssessmentError, Indicator, ModelInfo, ObligationLine
from workstatus.classifier._results import trusted

CHUNK = 128
NOT_CN_NOTE = (
    "Obligations are computed under Chinese law only; this case's jurisdiction is {j}, "
    "so no social-insurance amounts are shown."
)
NO_PROFILE_NOTE = (
    "No obligations computed: give a profile (at least monthly_wage; region and as_of are "
    "recommended) to see who must pay what."
)


class WorkstatusError(ValueError):
    """Input the facade cannot assess; the message says what was received and what is expected."""


@lru_cache(maxsize=4)
def _default_model(path: str | None = None):
    from workstatus import classifier

    model = classifier.load_model(path)
    extractor = getattr(model, "extractor_", None)
    if not _SHIPPED_CATALOGUE and getattr(extractor, "catalogue", "") is None and hasattr(extractor, "catalogue_"):
        _SHIPPED_CATALOGUE.append(extractor.catalogue_)  # the shipped catalogue, already read: not read twice
    # The model, its lexicons and the reference cases live as long as the process (this cache holds
    # them): the collector need not walk their ~150,000 objects again every time the records of a
    # batch pile up (with explanations that walk cost a fifth of the time). Forked batch workers
    # then also leave those pages shared. Loading leaves no cyclic garbage to be frozen with them.
    gc.freeze()
    return model


def load_model(path: str | None = None):
    """The status model at ``path`` (default: the shipped one), verified and cached per process.

    The objects alive once it is loaded are moved out of the cyclic garbage collector's reach
    (``gc.freeze``); they are still freed by reference counting, and ``gc.unfreeze()`` undoes it.
    """
    return _default_model(None if path is None else str(path))


@lru_cache(maxsize=1)
def _parameters_version() -> str:
    """The parameter files' version, read once per process (it hashes every file)."""
    from workstatus import obligations

    return obligations.parameters_version()


_SHIPPED_CATALOGUE: list = []


def _catalogue():
    """The shipped indicator catalogue, read once per process."""
    if not _SHIPPED_CATALOGUE:
        from workstatus.features import load_catalogue

        _SHIPPED_CATALOGUE.append(load_catalogue())
    return _SHIPPED_CATALOGUE[0]


def _indicators(extraction) -> tuple[Indicator, ...]:
    entries = _entries(_catalogue())  # {id: (place, entry)}
    contract, practice = extraction.said("contract"), extraction.said("fact")
    spans: dict[str, list] = {}
    for span in extraction.evidence:  # grouped once, not searched once per indicator
        spans.setdefault(span.indicator, []).append(span)
    row = extraction.row
    # only the indicators the row states or denies, or that have evidence, in catalogue order
    named = [i for i in {*spans, *(k for k, v in row.items() if v)} if i in entries]
    found = []
    for ident in sorted(named, key=lambda i: entries[i][0]):
        entry = entries[ident][1]
        value = int(row.get(ident, 0) or 0)
        own = tuple(spans.get(ident, ()))
        if value == 0 and not own:
            continue
        found.append(trusted(Indicator, {
            "id": ident, "label": dict(entry.label), "family": entry.family, "towards": entry.towards, "value": value,
            "contract": contract.get(ident, 0), "practice": practice.get(ident, 0), "evidence": own}))
    return tuple(found)


_ENTRIES: dict[int, tuple] = {}


def _entries(catalogue) -> dict[str, tuple[int, Any]]:
    """{id: (its place in catalogue order, its entry)}, read once per catalogue."""
    key = id(catalogue)
    if key not in _ENTRIES or _ENTRIES[key][0] is not catalogue:
        _ENTRIES[key] = (catalogue, {ident: (n, catalogue[ident]) for n, ident in enumerate(catalogue.ids)})
    return _ENTRIES[key][1]


def _numeric(extraction) -> dict[str, float | None]:
    from workstatus.features import NUMERIC_FACTS

    facts = {}
    for name in NUMERIC_FACTS:
        value = extraction.row.get(name)
        facts[name] = None if value is None or value != value else float(value)
    return facts


def _profile(profile: Any) -> tuple[Any | None, str | None]:
    """A validated ``obligations.Profile`` (as_of defaults to today here, never inside rules), or None."""
    if profile is None:
        return None, None
    from workstatus import obligations

    if isinstance(profile, obligations.Profile):
        return profile, None
    if not isinstance(profile, Mapping):
        raise WorkstatusError(f"profile must be a mapping or obligations.Profile, got {type(profile).__name__}")
    fields = {k: v for k, v in profile.items() if v not in (None, "") and k != "jurisdiction"}
    if "monthly_wage" not in fields:
        return None, NO_PROFILE_NOTE
    fields["as_of"] = _clock.as_of(fields.get("as_of"))
    try:
        return obligations.as_profile(fields), None  # obligations' own validation, in its own words
    except obligations.ProfileError as err:
        raise WorkstatusError(str(err)) from err


def _duties(decision, as_of):
    """The decided status's duties besides money (none abroad)."""
    from workstatus import obligations

    if decision.status not in obligations.STATUSES or not obligations.covers(decision.jurisdiction):
        return ()
    return tuple(obligations.duties_for(decision.status, as_of))


def _waiver(extraction, jurisdiction, as_of):
    """The provision voiding a stated agreement not to pay social insurance, when the facts state one."""
    from workstatus import obligations

    if int(extraction.row.get("social_insurance_waived", 0) or 0) != 1 or not obligations.covers(jurisdiction):
        return None
    return obligations.void_waiver(as_of)


class DecisionObligations(NamedTuple):
    """What a decision means in money: the lines, how they were chosen, the expected liability, a note."""

    lines: tuple[ObligationLine, ...]
    basis: str  # "decided", "expected" or "none"
    liability: Decimal | None
    note: str | None


def obligations_of(decision, profile, note=None, jurisdiction=None) -> DecisionObligations:
    """The obligations that follow from one decision under a validated profile (the audit re-uses it)."""
    from workstatus import obligations

    if profile is None:
        return DecisionObligations((), "none", None, note or NO_PROFILE_NOTE)
    if not obligations.covers(jurisdiction):
        return DecisionObligations((), "none", None, NOT_CN_NOTE.format(j=jurisdiction))

    expected = obligations.expected_obligations(decision.probabilities, profile)
    liability = expected.enterprise_monthly
    note = None if expected.complete else (
        "Some amounts are unknown for this date and region (" + ", ".join(expected.unknown)
        + "); the expected liability is a lower bound."
    )
    if decision.status == "undetermined":
        lines = tuple(
            ObligationLine.of(r.obligation, weight=float(r.probability), for_status=r.worker_status)
            for r in expected.rows
        )
        return DecisionObligations(lines, "expected", liability, note)
    return DecisionObligations(_decided_lines(decision.status, profile), "decided", liability, note)


#: the lines of recent (status, profile, parameter set): a batch often gives one profile to thousands of rows;
#: lines are frozen records, so assessments can share them. The parameter set is kept in the value, so that a
#: reused id() never returns another set's lines.
_LINES: dict = {}
_LINES_MAX = 256


def _decided_lines(status: str, profile) -> tuple[ObligationLine, ...]:
    from workstatus import obligations

    parameters = obligations.load_parameters()
    key = (status, profile, id(parameters))
    hit = _LINES.get(key)
    if hit is None or hit[0] is not parameters:
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        lines = tuple(ObligationLine.of(o, for_status=status) for o in obligations.obligations_for(status, profile))
        hit = _LINES[key] = (parameters, lines)
    return hit[1]


def _assessment(extraction, decision, *, model, profile, note, case_id, text, kind, info=None) -> Assessment:
    """The extraction, decision and obligations composed into one record: their own records, embedded.

    ``info``: the model's :class:`ModelInfo`, made once per chunk (a frozen record its assessments share).
    """
    lines, basis, liability, obligations_note = obligations_of(decision, profile, note, decision.jurisdiction)
    as_of = _clock.as_of(None if profile is None else profile.as_of)
    # every part is a record its own package validated, or a value computed here of the field's type:
    # the whole is put together as it is, not validated a second time (tests/workstatus pins it equal)
    return trusted(Assessment, {
        "case_id": None if case_id is None else str(case_id),
        "language": extraction.lang,
        "jurisdiction": decision.jurisdiction,
        "input_kind": kind,
        "text": text,
        "indicators": _indicators(extraction),
        "numeric_facts": _numeric(extraction),
        "probabilities": dict(decision.probabilities),
        "most_probable": decision.most_probable,
        "status": decision.status,
        "status_note": decision.note,
        "explained_output": decision.explained_output,
        "base_value": decision.base_value,
        "contributions": decision.contributions or None,
        "similar_cases": decision.similar or None,
        "split": decision.split,
        "obligations": lines,
        "obligations_basis": basis,
        "expected_monthly_liability": None if liability is None else Decimal(liability),
        "obligations_note": obligations_note,
        "duties": _duties(decision, as_of),
        "waiver_void": _waiver(extraction, decision.jurisdiction, as_of),
        "model": info if info is not None else _model_info(model),
        "catalogue_version": _catalogue().version,
        "parameters_version": _parameters_version(),
        "as_of": as_of,
        "disclaimer": DISCLAIMER,
    })


def _model_info(model) -> ModelInfo:
    return ModelInfo(version=model.version, sha256=model.sha256 or "unsaved")


def _extract(item, lang, model):
    """(extraction, text or None, kind, prepared text or None) for a text or a mapping of answers.

    Texts go through the model's own fitted extractor, so that the indicators
    are those the model was trained on, whatever model the caller passes; its
    learned reader (when on) reads them afterwards, a chunk at a time (:func:`_read_texts`),
    from the text as the cues read it (normalised and cut into sentences once).
    """
    from workstatus.features import read_answers

    if isinstance(item, str):
        prepared = model.extractor_.prepare(item)
        return model.extractor_.extract(prepared, lang=lang, cues_only=True), item, "text", prepared
    return read_answers(item), None, "answers", None


def _agreement(text: str, answers, lang, model):
    """(extraction, reading) of an agreement read clause by clause, with the answers' practice beside its paper.

    Definitions, recitals and boilerplate give no indicators unless they bind
    the worker; what the answers say happens in practice stands over what the
    paper says where they differ, as courts look through a label.
    """
    from workstatus.features import filter_agreement, read_answers

    reading = filter_agreement(model.extractor_.extract(text, lang=lang, cues_only=True), _catalogue().ids)
    paper = reading.extraction
    if answers is None:
        return paper, reading
    practice = read_answers(answers)
    row = dict(paper.row)
    for name, value in practice.row.items():
        if value != 0 and value == value:  # stated or denied (not silent, not NaN)
            row[name] = value
    evidence = tuple(paper.evidence) + tuple(practice.evidence)
    return paper.model_copy(update={"row": row, "evidence": evidence}), reading


def assess(
    text_or_answers: str | Mapping,
    *,
    profile: Mapping | Any | None = None,
    model: Any | None = None,
    case_id: str | None = None,
    jurisdiction: str | None = None,
    lang: str | None = None,
    explain: bool = True,
) -> Assessment:
    """Assess one case: indicators with evidence, status, reasons, similar cases, obligations.

    Parameters
    ----------
    text_or_answers
        A description of the facts (case summary, complaint, agreement), or
        questionnaire answers keyed by indicator id (``yes``/``no``/``unknown``).
    profile
        The worker's profile for the obligations (``monthly_wage`` required;
        ``region``, ``as_of``, ``sector``, ``platform``, ``monthly_orders``,
        ``work_injury_class``); without it no amounts are computed.
    model
        A loaded ``classifier.StatusModel`` (default: the shipped model).
    jurisdiction
        ``CN``, ``GB``, ``US-CA``…; inferred from the language when omitted.
    explain
        Compute SHAP contributions and similar cases (slower).

    Raises
    ------
    WorkstatusError
        When the input or the profile cannot be assessed (the message says why),
        including the limits of ``workstatus.limits``.
    workstatus.features.FeaturesError
        When questionnaire answers name an unknown indicator or give an unknown answer.
    workstatus.obligations.ObligationsError
        When a profile value is outside what the law's parameters cover.
    """
    record = one_record(text_or_answers, case_id=case_id, jurisdiction=jurisdiction, lang=lang)
    (outcome,) = assess_records([record], profile=profile, model=model, explain=explain, raise_errors=True)
    return outcome.assessment


def one_record(item, *, case_id=None, jurisdiction=None, lang=None, read_as=None, answers=None) -> dict:
    """The record of one case given as a text or as questionnaire answers; a clear error for anything else.

    ``read_as="agreement"``: a text is read clause by clause as the paper, with ``answers`` (optional) beside it
    as the practice (the self-audit's record).
    """
    if isinstance(item, str) and read_as == "agreement":
        return {"id": case_id, "text": item, "answers": answers, "read_as": read_as, "jurisdiction": jurisdiction,
                "lang": lang}
    if isinstance(item, str):
        key = "text"
    elif isinstance(item, Mapping):
        key = "answers"
    else:
        raise WorkstatusError(
            f"expected a case text (str) or questionnaire answers (a mapping of indicator id to yes/no/unknown), "
            f"got {type(item).__name__}"
        )
    return {"id": case_id, key: item, "jurisdiction": jurisdiction, "lang": lang}


@dataclass(frozen=True)
class Assessed:
    """One assessed record and what it was computed from.

    ``extraction`` is the indicator row with its evidence and ``profile`` the
    validated obligations profile (None without a wage): the self-audit
    re-decides from them with practices removed, and prices each of those
    decisions with :meth:`obligations_of`. ``reading`` is the
    agreement's clauses (``features.ReadAgreement``) when the record was read
    as an agreement (``read_as="agreement"``), else None.
    """

    assessment: Assessment
    extraction: Any
    profile: Any
    note: str | None
    model: Any
    reading: Any = None

    def obligations_of(self, decision) -> DecisionObligations:
        """What another decision on this record (a counterfactual's) means in money, under its own profile."""
        return obligations_of(decision, self.profile, self.note, self.assessment.jurisdiction)


def _record(item, n: int) -> dict:
    if isinstance(item, str):
        return {"id": n, "text": item}
    if isinstance(item, Mapping):
        return dict(item)
    return {"id": n, "error": f"record {n}: expected a text or a mapping with 'id' and 'text', got {type(item).__name__}"}


def _error_text(err: Exception) -> str:
    """The reason for an error row: the message only, never the case text."""
    message = str(err).splitlines()[0] if str(err) else type(err).__name__
    return message[:300]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str) -> None:
    """Refuse a text that holds no facts to read, or that is not text, or is over the documented limit."""
    if len(text) > limits.MAX_TEXT_CHARS:
        raise WorkstatusError(f"the text has {len(text):,} characters, over the limit of {limits.MAX_TEXT_CHARS:,}; "
                              "split it into the parts that state the facts, or raise WORKSTATUS_MAX_TEXT_CHARS")
    if not text.replace("\x00", "").strip():
        raise WorkstatusError("the text is empty (or only spaces and NUL bytes); give the facts of the case")
    found = _LONE_SURROGATE.search(text)
    if found:
        raise WorkstatusError(f"the text holds a lone surrogate (U+{ord(found.group()):04X}) at character "
                              f"{found.start()}, which is not a character; decode the input as UTF-8 first")


class _Read(NamedTuple):
    """One record read and checked, waiting for the model's decision."""

    n: int  # its place among the records
    case_id: Any
    extraction: Any
    text: str | None  # None for questionnaire answers
    kind: str  # "text", "answers" or "agreement"
    profile: Any  # the validated obligations profile, or None
    note: str | None  # why no obligations are computed, when none are
    jurisdiction: str | None
    reading: Any  # the agreement's clauses (features.ReadAgreement), when read as an agreement
    prepared: Any = None  # a text as the cues read it (features' PreparedText), for the learned reader


def _check_answers(answers) -> None:
    if not isinstance(answers, Mapping):
        raise WorkstatusError(f"answers is {type(answers).__name__}, not a mapping of indicator id to yes/no/unknown")


def _read_input(record: dict, *, lang, model) -> tuple[Any, str | None, str, Any, Any]:
    """(extraction, text or None, kind, agreement reading or None, prepared text or None) of one record's text or
    answers, or raise."""
    lang = record.get("lang") or lang
    if record.get("read_as") == "agreement":
        text, answers = record.get("text"), record.get("answers")
        if not isinstance(text, str):
            raise WorkstatusError(f"the agreement is {type(text).__name__}, not a text")
        check_text(text)
        if answers is not None:
            _check_answers(answers)
        extraction, reading = _agreement(text, answers, lang, model)
        return extraction, text, "agreement", reading, None
    if "answers" in record:
        item = record["answers"]
        _check_answers(item)
        if len(item) > MAX_ANSWERS:
            raise WorkstatusError(f"the answers have {len(item):,} keys, over the limit of {MAX_ANSWERS}; "
                                  "answer each indicator of the catalogue once")
    elif "text" in record:
        item = record["text"]
        if not isinstance(item, str):
            raise WorkstatusError(f"text is {type(item).__name__}, not a string")
        check_text(item)
    else:
        raise WorkstatusError("the record has neither 'text' nor 'answers'")
    extraction, text, kind, prepared = _extract(item, lang, model)
    return extraction, text, kind, None, prepared


def _read_record(n: int, record: dict, *, profile, lang, model) -> _Read:
    """One record read: its extraction, checked profile and jurisdiction; or raise."""
    if record.get("error"):
        raise WorkstatusError(record["error"])
    extraction, text, kind, reading, prepared = _read_input(record, lang=lang, model=model)
    own = record.get("profile") or {}
    if profile is not None and not isinstance(profile, Mapping):  # an obligations.Profile, used as given
        merged = profile
    else:
        merged = {**(profile or {}), **own} if (profile or own) else None
    checked, note = _profile(merged)
    given = merged if isinstance(merged, Mapping) else {}
    jurisdiction = record.get("jurisdiction") or given.get("jurisdiction") or None
    if jurisdiction is not None:
        from workstatus.classifier import check_jurisdiction

        if not isinstance(jurisdiction, str):
            raise WorkstatusError(f"jurisdiction is {type(jurisdiction).__name__}, not a code such as CN or US-CA")
        try:
            jurisdiction = check_jurisdiction(jurisdiction)
        except ValueError as err:
            raise WorkstatusError(str(err)) from None
    return _Read(n, record.get("id"), extraction, text, kind, checked, note, jurisdiction, reading, prepared)


def assess_records(records: list[dict], *, profile=None, model=None, explain: bool = True, lang=None,
                 raise_errors: bool = False) -> list[Assessed | AssessmentError]:
    """The one pipeline: read → extract → profile → decide → assemble, for a list of records.

    Every entry point (``assess``, ``assess_many``, ``batch``, the audit) calls
    it. A record is a mapping with ``id`` and ``text`` (or ``answers``),
    optionally ``jurisdiction``, ``lang`` and ``profile`` (merged over the
    shared ``profile``). With ``read_as="agreement"`` the text is read clause
    by clause as the paper, and ``answers`` beside it (optional) as the practice. Records are decided together, so a chunk costs one
    model call. A record that fails becomes an :class:`AssessmentError` in its
    place (or, with ``raise_errors``, raises), never a lost row.
    """
    model = model if model is not None else load_model()
    results: list[Assessed | AssessmentError | None] = [None] * len(records)
    ready = []
    for n, record in enumerate(records):
        try:
            ready.append(_read_record(n, record, profile=profile, lang=lang, model=model))
        except Exception as err:  # one bad record becomes an error row, never a lost row
            if raise_errors:
                raise
            results[n] = _failed(record.get("id"), err)
    ready = _read_texts(ready, results, model, raise_errors)
    if ready:
        decisions = model.decide([r.extraction for r in ready], [r.jurisdiction for r in ready], explain=explain)
        info = _model_info(model)
        for r, decision in zip(ready, decisions):
            try:
                assessment = _assessment(r.extraction, decision, model=model, profile=r.profile, note=r.note,
                                         case_id=r.case_id, text=r.text, kind=r.kind, info=info)
                results[r.n] = Assessed(assessment, r.extraction, r.profile, r.note, model, r.reading)
            except Exception as err:
                if raise_errors:
                    raise
                results[r.n] = _failed(r.case_id, err)
    return results  # type: ignore[return-value]


def _read_texts(ready: list[_Read], results: list, model, raise_errors: bool) -> list[_Read]:
    """``ready`` with the learned reader's values added to the extractions of its texts, read together.

    Should the chunk fail, each text is read alone, so that only the one that fails becomes an error row.
    """
    texts = [n for n, entry in enumerate(ready) if entry.kind == "text"]
    if not texts:
        return ready
    extractor = model.extractor_
    try:
        read = extractor.read_many([ready[n].extraction for n in texts], [ready[n].prepared for n in texts])
    except Exception:
        read = None
    entries: list[_Read | None] = list(ready)
    for at, n in enumerate(texts):
        try:
            extraction = (read[at] if read is not None
                          else extractor.read_many([ready[n].extraction], [ready[n].prepared])[0])
        except Exception as err:
            if raise_errors:
                raise
            results[ready[n].n] = _failed(ready[n].case_id, err)
            entries[n] = None
            continue
        entries[n] = ready[n]._replace(extraction=extraction)
    return [entry for entry in entries if entry is not None]


def _failed(case_id, err: Exception) -> AssessmentError:
    return AssessmentError(case_id=None if case_id is None else str(case_id), error=_error_text(err))


def map_chunks(work, chunks: Iterable[list], *, jobs: int = 1, initializer=None) -> Iterator[tuple[list, list]]:
    """``(chunk, work(chunk))`` for every chunk, in input order, in this process or in ``jobs`` processes.

    At most ``2 × jobs`` chunks are in flight, so memory stays flat however
    long the input. ``initializer`` runs once per worker process (or once
    here when ``jobs <= 1``); where workers are forked it also runs here
    first, so that they inherit what it loads.
    """
    import multiprocessing

    # forked workers inherit what the initializer loaded here (the model, its compiled lexicon):
    # each worker's own call then finds it loaded instead of reading and compiling it again
    if initializer and (jobs <= 1 or multiprocessing.get_start_method() == "fork"):
        initializer()
    if jobs <= 1:
        for chunk in chunks:
            yield chunk, work(chunk)
        return
    import os
    from concurrent.futures import ProcessPoolExecutor

    start = (os.getpid(), initializer)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=start) as pool:
        pending: list = []
        for chunk in chunks:
            pending.append((chunk, pool.submit(work, chunk)))
            if len(pending) >= 2 * jobs:
                head, future = pending.pop(0)
                yield head, future.result()
        for head, future in pending:
            yield head, future.result()


def _start_worker(parent: int, initializer) -> None:
    """A worker ends when the process that started it dies, even by SIGKILL, which leaves no time to stop it."""
    import os
    import signal
    import threading
    import time

    try:  # Linux: the kernel sends the signal the moment the parent dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # elsewhere, and for a parent that died before prctl: look once a second
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="workstatus-parent-watch", daemon=True).start()
    if initializer:
        initializer()


def assess_many(
    records: Iterable[str | Mapping],
    *,
    explain: bool = True,
    profile: Mapping | None = None,
    jobs: int = 1,
    model: Any | None = None,
) -> Iterator[Assessment | AssessmentError]:
    """Assess many records, streaming: one result per record, in input order.

    A record is a text, or a mapping with ``id`` and ``text`` (or ``answers``),
    optionally ``jurisdiction``, ``lang`` and ``profile``. A record that fails
    yields an :class:`AssessmentError` with its id and the reason. Records
    are decided in chunks; with ``jobs > 1`` chunks run in that many processes.
    """
    numbered = (_record(item, n) for n, item in enumerate(records, 1))
    chunks = iter(lambda: list(islice(numbered, CHUNK)), [])
    work = partial(assessments, explain=explain, profile=profile, model=model)
    for _, results in map_chunks(work, chunks, jobs=jobs):
        yield from results


def assessments(records: list[dict], *, model, explain: bool, profile=None) -> list[Assessment | AssessmentError]:
    """The public results of :func:`assess_records`: per record its Assessment, or the AssessmentError in its place."""
    outcomes = assess_records(records, profile=profile, model=model, explain=explain)
    return [o.assessment if isinstance(o, Assessed) else o for o in outcomes]


# -- batch workers: module-level so that processes can run them ----------------
_WORKER: dict = {}


def init_worker(model_path: str | None = None, explain: bool = True) -> None:
    """Load the model once in this process (the initializer of batch workers)."""
    _WORKER.update(model=load_model(model_path), explain=explain)


def assess_chunk(records: list[dict]) -> list[Assessment | AssessmentError]:
    """Assess one chunk of batch records with the model loaded by :func:`init_worker` (a process's work)."""
    if "model" not in _WORKER:
        init_worker()
    return assessments(records, explain=_WORKER["explain"], model=_WORKER["model"])
