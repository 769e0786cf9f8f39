"""The cue lexicons: YAML files per language, validated and compiled.

A lexicon folder holds one sub-folder per language (``zh/``, ``en/``). In each:

* ``<family>.yaml`` files map indicator ids to cue patterns: ``for`` (the text
  states the indicator, +1) and ``against`` (the text states its opposite, -1);
* ``_grammar.yaml`` holds the negators, conditions, clause breaks and
  attribution markers of the language;
* ``_facts.yaml`` holds the patterns of the numeric facts.

All patterns of a language are compiled into ONE alternation with a named
group per cue, so a text is scanned once whatever the number of cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workstatus.features import _regex as rx
from workstatus.features._catalogue import Catalogue, unknown_id_message
from workstatus.features._compile import (
    LazyScanner, Scanner, confine_to_sentence, fast_start, literal_filter, lower_pattern,
)
from workstatus.features._errors import CatalogueError
from workstatus.features._plain_files import read_yaml

DEFAULT_LEXICON = Path(__file__).with_name("lexicon")
MAX_GAP = 80
# a cue's gap (".") never crosses these; "." ends an English sentence, not a Chinese one ("4.5吨")
SENTENCE_ENDS = {"zh": "。！？!?；;\n", "en": "。！？!?；;\n."}
SIDES = {"for": 1, "against": -1}
NEGATION_RULES = ("flip", "drop", "keep")
FACT_GROUPS = {
    "tenure_range": {"y1", "m1", "d1", "y2", "m2", "d2"},
    "tenure_span": {"years", "months"},
    "tenure_start": {"y", "m", "d"},
    "tenure_end": {"y", "m", "d"},
    "weekly_hours": {"h", "h2"},
    "daily_hours": {"h", "h2"},
    "days_per_week": {"d", "d2"},
    "income_share": {"pct", "sole"},
}
_FIX = "bound every gap, e.g. .{0,12} instead of .* or .+"


@dataclass(frozen=True)
class Cue:
    """One cue pattern of a lexicon."""

    id: str
    indicator: str
    polarity: int
    pattern: str
    lang: str
    file: str
    on_negation: str = "flip"
    spells_negation: bool = False


@dataclass(frozen=True)
class FactPattern:
    """One pattern of a numeric fact."""

    id: str
    kind: str
    pattern: str
    groups: tuple[str, ...]


@dataclass
class Grammar:
    """The compiled negation, condition, clause and attribution rules of a language."""

    negation: re.Pattern
    negation_window: int
    condition_after: re.Pattern | None
    condition_before: re.Pattern | None
    clause_break: re.Pattern
    list_continuation: re.Pattern | None
    attribution: re.Pattern
    attribution_window: int
    not_attribution_before: re.Pattern | None
    contrast: re.Pattern | None
    contract_terms: re.Pattern | None = None
    #: literal strings one of which every match of ``negation`` / ``attribution`` / ``contract_terms`` holds
    #: (see ``literal_filter``): a window without one needs no search of the whole alternation
    contract_needs: re.Pattern | None = None
    negation_needs: re.Pattern | None = None
    attribution_needs: re.Pattern | None = None
    #: what may stand between two cues of one indicator for the second to share the first's negation ("未要求打卡考勤")
    negation_joiner: re.Pattern | None = None
    #: negated requirements ("不要求", "无需") whose scope is their whole clause, up to ``requirement_window`` characters
    negated_requirement: re.Pattern | None = None
    requirement_window: int = 0
    #: a double negation: an inner negator (``without``, 而不) after an outer negated act (``could not``, 无法)
    #: in its clause negates nothing; the two cancel ("could not refuse trips without penalty")
    double_outer: re.Pattern | None = None
    double_inner: re.Pattern | None = None
    #: a name holding a negator character (花无缺, 未某某): a negator inside one of its matches negates nothing
    names: re.Pattern | None = None
    #: a relative clause ended by a verb of the main clause ("drivers who log in may …"), read from its marker
    condition_closed: re.Pattern | None = None
    #: attribution markers that read past the cue ("以(?=…为由申请仲裁)"), looked for when no other marker holds
    attribution_ahead: re.Pattern | None = None
    #: ``negation`` without the grammar's prohibitions ("could not work for", 不得…其他), for a cue that states a
    #: freedom (polarity -1): forbidding the act denies the freedom, where for a cue that states the
    #: indicator (+1) the prohibition is the indicator itself and negates nothing
    freedom_negation: re.Pattern | None = None

    def negation_of(self, polarity: int) -> re.Pattern:
        """The negation rule for a cue of this polarity (see ``freedom_negation``)."""
        if polarity < 0 and self.freedom_negation is not None:
            return self.freedom_negation
        return self.negation


@dataclass
class LanguageLexicon:
    """Everything one language needs: cues, their one regex, grammar, facts."""

    lang: str
    cues: tuple[Cue, ...]
    scanner: Scanner | LazyScanner
    grammar: Grammar
    facts: tuple[FactPattern, ...] = field(default_factory=tuple)
    facts_scanner: Scanner | LazyScanner | None = None
    #: the cues' patterns then the facts' in one scanner, so that a text is scanned once for both: its cue
    #: ``n`` is cue ``n``, its cue ``len(cues) + n`` fact ``n`` (None: scan with ``scanner`` and ``facts_scanner``)
    joint_scanner: Scanner | LazyScanner | None = None


def load_lexicon(
    catalogue: Catalogue, root: str | Path | None = None, languages: tuple[str, ...] = ("zh", "en")
) -> dict[str, LanguageLexicon]:
    """Load, validate and compile the lexicon of each language.

    Parameters
    ----------
    catalogue : Catalogue
        Every indicator named in a lexicon must be in it.
    root : str or Path, optional
        The lexicon folder; default: the one shipped with the package.
    languages : tuple of str
        The sub-folders to load.

    Raises
    ------
    CatalogueError
        Naming the file, the entry and the fix: an unknown indicator id, a
        side other than for/against, a pattern that does not compile, that
        can match the empty string, that has an unbounded gap (``.*``,
        ``.+``, ``[^x]*``), a nested quantifier, a named group or a
        back-reference.
    """
    base = Path(root) if root is not None else DEFAULT_LEXICON
    result = {}
    for lang in languages:
        folder = base / lang
        if not folder.is_dir():
            raise CatalogueError(f"{folder}: no lexicon folder for language {lang!r}; create it or drop the language.")
        # patterns are checked as written (case-insensitive for Latin scripts)
        # and compiled in lower case against a lower-cased copy of the text
        flags = re.IGNORECASE if lang != "zh" else 0
        cues: list[Cue] = []
        for path in sorted(folder.glob("*.yaml")):
            if path.name.startswith("_"):
                continue
            cues.extend(_read_cue_file(path, lang, catalogue, flags))
        if not cues:
            raise CatalogueError(f"{folder}: no cue files (*.yaml) for language {lang!r}.")
        grammar = _read_grammar(folder / "_grammar.yaml", flags)
        facts = _read_facts(folder / "_facts.yaml", flags)
        cues = [_with_spelling(cue, grammar) for cue in cues]
        fact_patterns = [lower_pattern(f.pattern) for f in facts]
        cue_patterns = [confine_to_sentence(lower_pattern(c.pattern), SENTENCE_ENDS[lang]) for c in cues]
        result[lang] = LanguageLexicon(
            lang=lang, cues=tuple(cues), scanner=LazyScanner(cue_patterns),
            grammar=grammar, facts=tuple(facts), facts_scanner=LazyScanner(fact_patterns) if facts else None,
            joint_scanner=LazyScanner(cue_patterns + fact_patterns),
        )
    return result


_ESCAPES = re.compile(r"\\[bBwWsSdDAZ]|\(\?[:!=<]+|\[\^")


def _with_spelling(cue: Cue, grammar: Grammar) -> Cue:
    """Mark cues that spell a negation themselves ("不得拒单", "without penalty").

    A negator inside the match of such a cue is part of its meaning; inside
    any other cue's match it negates the cue (see _matching.py).
    """
    source = _ESCAPES.sub(" ", cue.pattern)
    spells = any(m.group("neg") for m in grammar.negation.finditer(source))
    return Cue(cue.id, cue.indicator, cue.polarity, cue.pattern, cue.lang, cue.file, cue.on_negation, spells)


def _load_yaml(path: Path) -> object:
    try:
        return read_yaml(path)
    except yaml.YAMLError as err:
        raise CatalogueError(f"{path}: not valid YAML ({err}); fix the syntax (quote patterns that contain ': ' or start with a special character).") from err


def _read_cue_file(path: Path, lang: str, catalogue: Catalogue, flags: int) -> list[Cue]:
    data = _load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping of indicator ids to {{for: [...], against: [...]}}.")
    cues = []
    for indicator, sides in data.items():
        if indicator not in catalogue:
            raise CatalogueError(f"{path}: {unknown_id_message(indicator, catalogue.ids, where='this lexicon')} Fix the id or add it to the catalogue.")
        if not isinstance(sides, dict):
            raise CatalogueError(f"{path}: {indicator}: expected a mapping with 'for' and/or 'against' lists.")
        default_rule = sides.get("on_negation", "flip")
        if default_rule not in NEGATION_RULES:
            raise CatalogueError(f"{path}: {indicator}.on_negation {default_rule!r}; expected one of {', '.join(NEGATION_RULES)}.")
        for side, patterns in sides.items():
            if side == "on_negation":
                continue
            if side not in SIDES:
                raise CatalogueError(f"{path}: {indicator}: unknown side {side!r}; expected 'for' (+1) or 'against' (-1).")
            if patterns is None:
                continue
            if not isinstance(patterns, list):
                raise CatalogueError(f"{path}: {indicator}.{side}: expected a list of patterns.")
            for number, item in enumerate(patterns, start=1):
                name = f"{lang}:{indicator}:{'+' if SIDES[side] > 0 else '-'}{number}"
                pattern, rule = item, default_rule
                if isinstance(item, dict):
                    pattern = item.get("pattern")
                    name = item.get("name", name)
                    rule = item.get("on_negation", default_rule)
                where = f"{path}: {indicator}.{side}[{number}] {pattern!r}"
                if rule not in NEGATION_RULES:
                    raise CatalogueError(f"{where}: on_negation {rule!r}; expected one of {', '.join(NEGATION_RULES)}.")
                check_pattern(pattern, where, flags)
                cues.append(Cue(name, indicator, SIDES[side], pattern, lang, path.name, rule))
    return cues


def check_pattern(pattern: object, where: str, flags: int = 0) -> None:
    """Reject a pattern that is not a safe, bounded regular expression."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise CatalogueError(f"{where}: a pattern must be a non-empty string.")
    try:
        compiled = re.compile(pattern, flags)
    except re.error as err:
        raise CatalogueError(f"{where}: bad regular expression ({err}); fix the pattern.") from err
    if compiled.groupindex:
        raise CatalogueError(f"{where}: named groups are reserved for the compiler; use (...) or (?:...).")
    if compiled.match("") is not None:
        raise CatalogueError(f"{where}: the pattern matches the empty string; make at least one part required.")
    _walk(rx.parse(pattern, flags), where)


def _walk(items, where: str) -> None:
    for op, av in items:
        if op == rx.REPEAT:
            low, high, sub, _ = av
            if high is None and _is_gap(sub):
                raise CatalogueError(f"{where}: unbounded gap; {_FIX}.")
            if high is not None and high > MAX_GAP and _is_gap(sub):
                raise CatalogueError(f"{where}: gap of up to {high} characters; at most {MAX_GAP} are allowed, so that a cue stays within a clause or two.")
            if (high is None or high > 1) and _has_repeat(sub):
                raise CatalogueError(f"{where}: nested quantifier (a repeated group that itself repeats) can backtrack catastrophically; rewrite it without nesting.")
            _walk(sub, where)
        elif op == rx.GROUP:
            _walk(av[-1], where)
        elif op == rx.BRANCH:
            for branch in av:
                _walk(branch, where)
        elif op in (rx.ASSERT, rx.ASSERT_NOT):
            _walk(av[1], where)
        elif op in (rx.GROUPREF, rx.GROUPREF_EXISTS):
            raise CatalogueError(f"{where}: back-references are not allowed; spell the text out.")


_NEGATED_CATEGORIES = frozenset({"not_space", "not_word", "not_digit"})


def _is_gap(sub) -> bool:
    """One item that matches almost any character: ``.``, ``[^x]``, ``\\S``, ``\\W``, ``\\D``."""
    if len(sub) != 1:
        return False
    op, av = sub[0]
    if op in (rx.ANY, rx.NOT_LITERAL):
        return True
    if op == rx.IN:
        if av and av[0][0] == rx.NEGATE:
            return True
        return any(kind == rx.CATEGORY and value in _NEGATED_CATEGORIES for kind, value in av)
    return False


def _has_repeat(items) -> bool:
    for op, av in items:
        if op == rx.REPEAT:
            if av[1] is None or av[1] > 1:
                return True
            if _has_repeat(av[2]):
                return True
        elif op == rx.GROUP and _has_repeat(av[-1]):
            return True
        elif op == rx.BRANCH and any(_has_repeat(b) for b in av):
            return True
    return False


def _alternation(path: Path, key: str, items: object, flags: int, *, required: bool = True) -> re.Pattern | None:
    if items is None and not required:
        return None
    if not isinstance(items, list) or not items:
        raise CatalogueError(f"{path}: {key} must be a non-empty list of patterns.")
    for number, item in enumerate(items, start=1):
        check_pattern(item, f"{path}: {key}[{number}] {item!r}", flags)
    return re.compile("|".join(f"(?:{lower_pattern(item)})" for item in items))


def _patterns(path: Path, key: str, items: object, flags: int) -> list[str]:
    """An optional list of patterns, each checked (an empty or missing key is no pattern)."""
    items = items or []
    if not isinstance(items, list):
        raise CatalogueError(f"{path}: {key} must be a list of patterns.")
    for number, item in enumerate(items, start=1):
        check_pattern(item, f"{path}: {key}[{number}] {item!r}", flags)
    return items


def _negation_rule(exceptions: list[str], negators: re.Pattern) -> re.Pattern:
    """The negators, with the exceptions tried first at each position ("无故" is consumed before "无" counts)."""
    return re.compile(
        "|".join([f"(?:{lower_pattern(item)})" for item in exceptions] + [f"(?P<neg>{negators.pattern})"])
    )


def _read_grammar(path: Path, flags: int) -> Grammar:
    if not path.is_file():
        raise CatalogueError(f"{path}: missing; every language needs its negators and attribution markers.")
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping with negation, clause_breaks, attribution.")
    try:
        negation, attribution = data["negation"], data["attribution"]
        clause_breaks = data["clause_breaks"]
    except KeyError as err:
        raise CatalogueError(f"{path}: missing section {err.args[0]!r}.") from None
    negators = _alternation(path, "negation.negators", negation.get("negators"), flags)
    exceptions = _patterns(path, "negation.not_negation", negation.get("not_negation"), flags)
    prohibitions = _patterns(path, "negation.prohibitions", negation.get("prohibitions"), flags)
    negation_rx = _negation_rule(exceptions + prohibitions, negators)
    attribution_rx = _alternation(path, "attribution.markers", attribution.get("markers"), flags)
    contract_rx = _alternation(path, "contract_terms", data.get("contract_terms"), flags, required=False)
    grammar = Grammar(
        negation=negation_rx,
        negation_needs=literal_filter(negation_rx),
        attribution_needs=literal_filter(attribution_rx),
        negation_window=int(negation.get("window", 8)),
        condition_after=_alternation(path, "negation.condition_after", negation.get("condition_after"), flags, required=False),
        condition_before=_alternation(path, "negation.condition_before", negation.get("condition_before"), flags, required=False),
        clause_break=_alternation(path, "clause_breaks", clause_breaks, flags),
        list_continuation=_alternation(path, "list_continuation", [data["list_continuation"]], flags) if data.get("list_continuation") else None,
        attribution=attribution_rx,
        attribution_window=int(attribution.get("window", 300)),
        not_attribution_before=_alternation(path, "attribution.not_after", attribution.get("not_after"), flags, required=False),
        contrast=_alternation(path, "attribution.contrast", attribution.get("contrast"), flags, required=False),
        contract_terms=contract_rx,
        contract_needs=literal_filter(contract_rx) if contract_rx is not None else None,
        negation_joiner=_alternation(path, "negation.joiner", [negation["joiner"]], flags) if negation.get("joiner") else None,
        negated_requirement=_alternation(path, "negation.requirements", negation.get("requirements"), flags, required=False),
        requirement_window=int(negation.get("requirement_window", 0)),
        **_double_negation(path, negation.get("double"), flags),
        names=_alternation(path, "negation.names", negation.get("names"), flags, required=False),
        attribution_ahead=_alternation(path, "attribution.ahead", attribution.get("ahead"), flags, required=False),
        condition_closed=_alternation(path, "negation.condition_closed", negation.get("condition_closed"), flags,
                                      required=False),
        freedom_negation=_negation_rule(exceptions, negators) if prohibitions else None,
    )
    # the same patterns, each led by its possible first characters where ``re`` would try it everywhere
    for name, value in vars(grammar).items():
        if isinstance(value, re.Pattern):
            setattr(grammar, name, fast_start(value))
    return grammar


def _double_negation(path: Path, double: object, flags: int) -> dict[str, re.Pattern | None]:
    """The ``negation.double`` section: ``outer`` and ``inner`` pattern lists, both or neither."""
    if double is None:
        return {"double_outer": None, "double_inner": None}
    if not isinstance(double, dict) or set(double) != {"outer", "inner"}:
        raise CatalogueError(f"{path}: negation.double must be a mapping with the two lists outer and inner; "
                             f"got {double!r}.")
    return {
        "double_outer": _alternation(path, "negation.double.outer", double["outer"], flags),
        "double_inner": _alternation(path, "negation.double.inner", double["inner"], flags),
    }


def _read_facts(path: Path, flags: int) -> list[FactPattern]:
    if not path.is_file():
        return []
    data = _load_yaml(path) or {}
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping of fact kinds ({', '.join(FACT_GROUPS)}) to pattern lists.")
    facts = []
    for kind, patterns in data.items():
        if kind not in FACT_GROUPS:
            raise CatalogueError(f"{path}: unknown fact kind {kind!r}; expected one of {', '.join(FACT_GROUPS)}.")
        if not isinstance(patterns, list):
            raise CatalogueError(f"{path}: {kind}: expected a list of patterns.")
        for number, pattern in enumerate(patterns, start=1):
            where = f"{path}: {kind}[{number}] {pattern!r}"
            if not isinstance(pattern, str):
                raise CatalogueError(f"{where}: a pattern must be a string.")
            try:
                compiled = re.compile(pattern, flags)
            except re.error as err:
                raise CatalogueError(f"{where}: bad regular expression ({err}); fix the pattern.") from err
            groups = set(compiled.groupindex)
            if not groups or not groups <= FACT_GROUPS[kind]:
                raise CatalogueError(f"{where}: named groups {sorted(groups)} are not those of {kind}; use {sorted(FACT_GROUPS[kind])}.")
            if compiled.match("") is not None:
                raise CatalogueError(f"{where}: the pattern matches the empty string.")
            _walk(rx.parse(pattern, flags), where)
            facts.append(FactPattern(f"{path.parent.name}:{kind}:{number}", kind, pattern, tuple(sorted(groups))))
    return facts
