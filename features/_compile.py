"""Compile a language's cues into a scanner that reads each text once.

Python's ``re`` tries every alternative of a big alternation at every
position, which is slow for hundreds of cues. Instead, each cue is reduced to
its *anchors*: the literal strings one of which every match must contain,
with the largest number of characters a match can hold before the anchor. One
regex of the anchors' first characters (plain literals, which ``re`` scans
fast) is searched once per place where an anchor may start; the string it
returns there names the cues of every short anchor starting there (looked up
once per string, not walked per character), a character trie continues only
the anchors longer than the regex's prefixes (walked, or, after a prefix found
often, one regex of their rests: :class:`_Deeper`), and only the cues owning an
anchor found there are tried, in a bounded window — and not at all in a text
lacking a string every match of the cue needs. A cue whose anchors are
everywhere ("a", "on" of "on commission") has its own anchor set, searched
only in a text holding the longer string all its matches need. Each cue's own regex is compiled the first time a
text reaches it, and a language's scanner is built the first time a text in
that script needs it (:class:`LazyScanner`). Cues without an anchor go into one fallback alternation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workstatus.features import _regex as rx

MAX_WINDOW = 400
#: the most characters a run of word characters or digits (``\\w*``, ``\\d+``) is taken to hold before an
#: anchor, so that a cue such as ``earn\\w* commission`` is anchored on " commission", not on every "a ":
#: a match whose word before the anchor is longer is not found (no word or number of a real text is)
WORD_RUN = 40
#: characters of each anchor the first-pass regex looks for (see ``build_scanner``)
ANCHOR_PREFIX = 6


def lower_pattern(pattern: str) -> str:
    """Lower the letters of a pattern, leaving escapes such as ``\\B`` and ``\\W`` intact."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if pattern.startswith("(?P<", index):
            end = pattern.index(">", index)
            out.append(pattern[index:end + 1])
            index = end + 1
            continue
        out.append(char.lower())
        index += 1
    return "".join(out)


def confine_to_sentence(pattern: str, sentence_ends: str) -> str:
    """Replace every unescaped ``.`` outside a class by ``[^<sentence ends>]``.

    A gap such as ``拒单.{0,50}罚款`` then never runs into the next sentence.
    """
    cls = "[^" + "".join("\\" + c if c in "]\\^-" else c for c in sentence_ends) + "]"
    out = []
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index:index + 2])
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            out.append(char)
            index += 1
            if index < len(pattern) and pattern[index] in "^]":
                out.append(pattern[index])
                index += 1
            continue
        elif char == ".":
            out.append(cls)
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


_MAX_SET = 64


def _literal_set(op, av) -> frozenset[str] | None:
    """The finite set of strings one parsed item matches, or None (at most 64)."""
    if op == rx.LITERAL:
        return frozenset({av})
    if op == rx.GROUP:
        return _sequence_set(av[-1])
    if op == rx.BRANCH:
        result: set[str] = set()
        for branch in av:
            part = _sequence_set(branch)
            if part is None:
                return None
            result |= part
        return frozenset(result) if len(result) <= _MAX_SET else None
    if op == rx.IN and len(av) <= 8 and all(kind == rx.LITERAL for kind, _ in av):
        return frozenset(value for _, value in av)
    if op == rx.REPEAT and av[3] != "possessive" and av[0] == 0 and av[1] == 1:
        inner = _sequence_set(av[2])
        return None if inner is None else inner | {""}
    return None


def _sequence_set(items) -> frozenset[str] | None:
    result = frozenset({""})
    for op, av in items:
        if op in rx.ZERO_WIDTH:
            continue
        part = _literal_set(op, av)
        if part is None:
            return None
        result = frozenset(a + b for a in result for b in part)
        if len(result) > _MAX_SET:
            return None
    return result


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that start with another member: finding the shorter one suffices.

    In sorted order every string between a member and a longer string it starts starts with it too, so a
    string starts with another member exactly when it starts with the last member kept before it.
    """
    kept: list[str] = []
    for string in sorted(strings):
        if not kept or not string.startswith(kept[-1]):
            kept.append(string)
    return frozenset(kept)


def _anchors(items) -> tuple[frozenset[str], int] | None:
    """The most selective (anchor strings, max characters before them) of a parsed pattern.

    Every match of the pattern contains one of the anchor strings, starting at
    most ``prefix`` characters after the match's start. None when no bounded
    literal part exists (the cue then goes to the fallback alternation).
    """
    return _most_selective(_candidates(items))


def _candidates(items) -> list[tuple[frozenset[str], int]]:
    """Every (literal strings, max characters before them) of a parsed pattern that each of its matches holds
    one of: its runs of literals, and those of its groups, repeats taken at least once and alternations."""
    candidates: list[tuple[frozenset[str], int]] = []
    prefix = 0
    run: frozenset[str] | None = None
    run_prefix = 0
    for op, av in items:
        if op in rx.ZERO_WIDTH:
            continue
        part = _literal_set(op, av)
        if part is not None:
            if run is None:
                run, run_prefix = part, prefix
            else:
                joined = frozenset(a + b for a in run for b in part)
                if len(joined) <= _MAX_SET:
                    run = joined
                else:
                    candidates.append((run, run_prefix))
                    run, run_prefix = part, prefix
        else:
            if run is not None:
                candidates.append((run, run_prefix))
                run = None
            if op == rx.GROUP or (op == rx.REPEAT and av[3] != "possessive" and av[0] >= 1):
                inner = _anchors(av[-1] if op == rx.GROUP else av[2])
                if inner is not None:
                    candidates.append((inner[0], prefix + inner[1]))
            elif op == rx.BRANCH:
                results = [_anchors(branch) for branch in av]
                if all(r is not None for r in results):
                    candidates.append((frozenset().union(*(r[0] for r in results)), prefix + max(r[1] for r in results)))
        width = rx.width([(op, av)], word_run=WORD_RUN)[1]
        if width >= rx.UNBOUNDED:
            break
        prefix += width
    if run is not None:
        candidates.append((run, run_prefix))
    return candidates


def _most_selective(candidates: list[tuple[frozenset[str], int]]) -> tuple[frozenset[str], int] | None:
    """The candidate whose shortest string is longest (then the one of fewest strings), its strings cut to
    those no other of them starts; None when none has a non-empty string."""
    best = None
    for strings, offset in candidates:
        strings = _minimal(strings)
        if "" in strings or not strings:
            continue
        score = (min(len(s) for s in strings), -len(strings))
        if best is None or score > best[0]:
            best = (score, strings, offset)
    return None if best is None else (best[1], best[2])


def _required_literal(items) -> str:
    """The longest string every match of a parsed pattern contains ("" when none is known).

    Only mandatory parts are read: runs of literals in a sequence, the
    inside of a group, the body of a repeat taken at least once.
    """
    best = ""
    run = ""
    for op, av in items:
        if op == rx.LITERAL:
            run += av
            continue
        if len(run) > len(best):
            best = run
        run = ""
        if op in rx.ZERO_WIDTH:
            continue
        inner = ""
        if op == rx.GROUP and not av[1] and not av[2]:  # flags switched inside a group change how it matches
            inner = _required_literal(av[-1])
        elif op == rx.REPEAT and av[0] >= 1:
            inner = _required_literal(av[2])
        if len(inner) > len(best):
            best = inner
    return run if len(run) > len(best) else best


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")


class _AnchorSet:
    """The anchor regex and trie of some cues, with what each string the regex finds stands for."""

    def __init__(self, by_anchor: dict[str, list[int]]):
        self.by_anchor = {anchor: tuple(owners) for anchor, owners in by_anchor.items()}
        # The regex only has to stop at every place where an anchor may start: the trie walk
        # checks the whole anchor. Anchors cut to their first characters make a regex a tenth the
        # size (the English one compiled in 0.4 s) that finds the same places as fast.
        self.regex = re.compile(trie_pattern({a[:ANCHOR_PREFIX] for a in by_anchor}))
        # a character trie of the anchors; the key None holds the cues owning an anchor ending there
        self.trie: dict = {}
        for anchor, owners in self.by_anchor.items():
            node = self.trie
            for char in anchor:
                node = node.setdefault(char, {})
            node[None] = owners
        self.found_at: dict[str, tuple[tuple[int, ...], _Deeper | None]] = {}
        #: texts scanned, stops made and stops that looked further, until the second regex is decided on
        #: (:data:`WHOLE_REGEX_AFTER`, :data:`WHOLE_REGEX_LOOKS`)
        self.scans = self.stopped = self.looked = 0
        self.deciding = True
        self.whole: re.Pattern | None = None
        self.whole_found: dict[str, tuple[tuple[int, ...], _Deeper | None]] = {}

    def stops(self, norm: str):
        """``(position, cues)`` at every place where an anchor of the set starts in ``norm``, in text order:
        the cues owning every anchor that starts there.

        At first the regex of the anchors' first :data:`ANCHOR_PREFIX` characters finds the places (cheap to
        compile: a cold ``assess`` of one text needs nothing more), and a longer anchor is checked after it
        (:class:`_Deeper`); that regex also stops where only the first characters of an anchor stand (" the c"
        of " the company" in English: 66,000 stops on the 2,000 texts of ``assess_speed.py``, 62,000 of them
        looking further, for 26,000 places an anchor starts), and each of those stops costs a Python step and
        a look further. After :data:`WHOLE_REGEX_AFTER` texts, the regex of the anchors' first
        :data:`WHOLE_PREFIX` characters takes over (0.1 s to compile in English; the whole anchors' took 0.27 s
        for 300 fewer stops): 26,300 stops, 2,300 of them looking further — when at least
        :data:`WHOLE_REGEX_LOOKS` of the stops so far looked further (93 % in English; in Chinese, 8,700 stops
        either way, the compile would be paid for nothing). Both find the same places and cues.
        """
        counting = self.deciding
        if counting:
            self.scans += 1
            if self.scans > WHOLE_REGEX_AFTER:
                self.deciding = counting = False
                if self.looked >= WHOLE_REGEX_LOOKS * max(self.stopped, 1):
                    self.whole = re.compile(trie_pattern({a[:WHOLE_PREFIX] for a in self.by_anchor}))
        stopped = looked = 0
        if self.whole is not None:
            search, found_at, size = self.whole.search, self.whole_found, WHOLE_PREFIX
        else:
            search, found_at, size = self.regex.search, self.found_at, ANCHOR_PREFIX
        hit = search(norm)
        while hit is not None:
            position = hit.start()
            entry = found_at.get(hit.group())
            if entry is None:
                entry = self.at(hit.group(), size, found_at)
            owners, deeper = entry
            if deeper is not None:  # anchors longer than the regex's prefixes: the longest rest found after it
                looked += 1
                rest = deeper.rest(norm, position + size)
                if rest is not None:
                    owners = deeper.owners(rest)
            stopped += 1
            yield position, owners
            hit = search(norm, position + 1)
        if counting:
            self.stopped += stopped
            self.looked += looked

    def at(self, prefix: str, size: int = ANCHOR_PREFIX, found_at: dict | None = None
           ) -> tuple[tuple[int, ...], "_Deeper | None"]:
        """The cues of every anchor that ``prefix`` starts with, and the trie node where it ends.

        The anchor regex (of the anchors' first ``size`` characters) returns, at a position, the longest
        anchor prefix found there; every anchor of at most that many characters that starts there is one
        of its prefixes, and a longer anchor continues its trie node (:class:`_Deeper`, looked for after
        the prefix). Kept in ``found_at`` (the regex's own table; ``self.found_at`` by default).
        """
        owners: list[int] = []
        node = self.trie
        for char in prefix:
            node = node[char]
            owners.extend(node.get(None, ()))
        owners = tuple(dict.fromkeys(owners))
        deeper = _Deeper(node, owners) if len(prefix) == size and len(node) > (None in node) else None
        result = (owners, deeper)
        (self.found_at if found_at is None else found_at)[prefix] = result
        return result


class _Deeper:
    """The anchors longer than the anchor regex's prefixes that continue one prefix, found after it.

    Every anchor found there is the prefix and a prefix of the longest rest found, so the cues tried
    there are looked up once per rest found. A prefix found often (:data:`DEEPER_REGEX_AFTER` times) has
    its rests made into one trie regex (:func:`trie_pattern`), which finds the longest in one call where
    a walk of the trie takes a Python step per character; a rarer one is walked, since compiling the
    regex costs as much as a few hundred walks (on the 2,000 texts of ``assess_speed.py`` 1,113 prefixes
    have longer anchors, and compiling them all took 0.3 s, paid again by every new process).
    """

    def __init__(self, node: dict, owners: tuple[int, ...]):
        self.node = node
        self.base = owners
        self.owners_of: dict[str, tuple[int, ...]] = {}
        self.walks = 0
        self.match = None

    def rest(self, norm: str, at: int) -> str | None:
        """The longest rest of an anchor that stands at ``at`` (where the prefix ends), or None."""
        if self.match is not None:
            found = self.match(norm, at)
            return None if found is None else found.group()
        self.walks += 1
        if self.walks >= DEEPER_REGEX_AFTER:
            self.match = re.compile(trie_pattern(self._rests())).match
        node, cursor, length, best = self.node, at, len(norm), at
        while cursor < length:
            node = node.get(norm[cursor])
            if node is None:
                break
            cursor += 1
            if None in node:
                best = cursor
        return norm[at:best] if best > at else None

    def _rests(self) -> dict[str, tuple[int, ...]]:
        rests: dict[str, tuple[int, ...]] = {}
        stack = [(self.node, "")]
        while stack:
            here, path = stack.pop()
            for char, child in here.items():
                if char is not None:
                    if None in child:
                        rests[path + char] = child[None]
                    stack.append((child, path + char))
        return rests

    def owners(self, rest: str) -> tuple[int, ...]:
        """The cues of the prefix and of every anchor it continues into ``rest`` (the longest rest found)."""
        found = self.owners_of.get(rest)
        if found is None:
            more = list(self.base)
            node = self.node
            for char in rest:
                node = node[char]
                more.extend(node.get(None, ()))
            found = self.owners_of[rest] = tuple(dict.fromkeys(more))
        return found


#: walks of a prefix's longer anchors after which they are found by a regex of their rests (:class:`_Deeper`)
DEEPER_REGEX_AFTER = 16
#: texts an anchor set scans with the regex of its anchors' first characters before it compiles the regex of
#: its anchors' first :data:`WHOLE_PREFIX` characters (:meth:`_AnchorSet.stops`)
WHOLE_REGEX_AFTER = 64
#: characters of each anchor the second regex looks for
WHOLE_PREFIX = 16
#: share of the first regex's stops that must look further (an anchor longer than its prefix) for the second
#: regex to be compiled
WHOLE_REGEX_LOOKS = 0.5


@dataclass
class Scanner:
    """Anchor sets, per-cue regexes and the fallback alternation of one language."""

    anchors: _AnchorSet | None
    cue_regexes: tuple[re.Pattern, ...]
    prefixes: tuple[int, ...]
    widths: tuple[int, ...]
    fallback: re.Pattern | None
    #: per cue, a string every match holds that its anchors do not (None: nothing to check)
    required: tuple[str | None, ...] = ()
    #: per cue found in a window before its anchor, the regex of other strings one of which each of its matches
    #: holds (made into a regex on first use; empty when none, or the cue is tried at its anchor) and how far past
    #: the anchor they end at most (0: no such strings) — :func:`_window_needs`
    window_needs: tuple = ()
    window_reach: tuple[int, ...] = ()
    #: (string, anchor set) of cues whose anchors are everywhere ("a", "on") but whose matches all
    #: hold that string: their anchors are looked for only in a text holding it
    gated: tuple[tuple[str, _AnchorSet], ...] = ()
    #: strings one of which every match of the fallback holds (empty: no such strings known)
    fallback_needs: tuple[str, ...] = ()
    #: the cues of the fallback alternation
    fallback_cues: tuple[int, ...] = ()

    def matches(self, norm: str) -> list[tuple[int, int, int]]:
        """All (cue index, start, end) found in ``norm``, each once."""
        found: set[tuple[int, int, int]] = set()
        present: dict[int, bool] = {}  # per cue: does the text hold the string every match needs?
        if self.anchors is not None:
            self._try_anchors(self.anchors, norm, found, present)
        for needed, anchors in self.gated:
            if needed in norm:
                self._try_anchors(anchors, norm, found, present)
        if self.fallback is not None and (not self.fallback_needs or any(n in norm for n in self.fallback_needs)):
            # the alternation stops at each place where some cue matches; every cue is tried there,
            # since an alternation reports only the first of several cues matching at one place
            search, regexes = self.fallback.search, self.cue_regexes
            match = search(norm, 0)
            while match is not None:
                position = match.start()
                for index in self.fallback_cues:
                    hit = regexes[index].match(norm, position)
                    if hit is not None and hit.end() > position:
                        found.add((index, position, hit.end()))
                match = search(norm, position + 1)
        return sorted(found, key=lambda item: (item[1], -item[2], item[0]))

    def _try_anchors(self, anchors: _AnchorSet, norm: str, found: set, present: dict) -> None:
        """Try the cues of every anchor of the set found in ``norm``; add their matches to ``found``.

        A cue's try depends only on the cue and the anchor's position, so the
        order of the tries, and of the anchor sets, does not change what is found.
        """
        regexes, prefixes, widths, required = self.cue_regexes, self.prefixes, self.widths, self.required
        needs_of, reach_of = self.window_needs, self.window_reach or (0,) * len(prefixes)
        needs_compiled = getattr(needs_of, "_compiled", None)
        compiled = getattr(regexes, "_compiled", None)  # those compiled already, without a call per look-up
        length = len(norm)
        # one stop per place where an anchor may start: the regex (in C) skips the rest
        for position, owners in anchors.stops(norm):
            for index in owners:
                needed = required[index]
                if needed is not None:
                    ok = present.get(index)
                    if ok is None:
                        ok = present[index] = needed in norm
                    if not ok:
                        continue
                before = prefixes[index]
                high = min(length, position + widths[index])
                regex = compiled[index] if compiled is not None else None
                if regex is None:
                    regex = regexes[index]
                if before == 0:  # the match can only start at the anchor
                    match = regex.match(norm, position, high)
                    if match is not None and match.end() > position:
                        found.add((index, position, match.end()))
                    continue
                # every match starting up to ``before`` characters earlier that holds the anchor
                low = max(0, position - before)
                reach = reach_of[index]
                if reach:
                    needs = needs_compiled[index] if needs_compiled is not None else None
                    if needs is None:
                        needs = needs_of[index]
                    if needs.search(norm, low, min(high, position + reach)) is None:
                        continue  # no match kept could hold one of these strings where it must
                match = regex.search(norm, low, high)
                while match is not None and match.start() <= position:
                    if match.end() > position:
                        found.add((index, match.start(), match.end()))
                    match = regex.search(norm, match.start() + 1, high)


def literal_filter(pattern: re.Pattern) -> re.Pattern | None:
    """A regex of literal strings one of which every match of ``pattern`` holds, or None when none is known.

    Searching a window for these strings (``re`` skips to them fast) is cheaper
    than running a big alternation over it; where none is found, ``pattern``
    cannot match inside that window either.
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or _INLINE_FLAGS.search(pattern.pattern):
        return None
    result = _anchors(rx.parse(pattern.pattern))
    return None if result is None else re.compile(trie_pattern(result[0]))


def fast_start(pattern: re.Pattern | None) -> re.Pattern | None:
    """``pattern`` led by a lookahead of the characters its matches start with, when ``re`` cannot skip to them.

    ``re`` skips fast to the places where a match may start only when every alternative of the pattern
    begins with a literal character; an alternation whose alternatives begin with ``\\b``, a lookbehind, a
    group or a class is tried whole at every position (the English negators: about 1 µs a character).
    ``(?=[…])`` of the possible first characters (:func:`_regex.first_characters`) leaves every match, its
    groups and offsets as they were (it only passes over places where no match can start) and makes
    those places cost one class test. Returned unchanged when ``re`` has its fast start already, when
    the first characters are not known, or for a pattern with flags.
    """
    if pattern is None or pattern.flags & (re.IGNORECASE | re.VERBOSE) or _INLINE_FLAGS.search(pattern.pattern):
        return pattern
    items = rx.parse(pattern.pattern)
    first = rx.first_characters(items)
    if first is None or _starts_with_literal(items):
        return pattern
    cls = "".join(re.escape(char) for char in sorted(first))
    return re.compile(f"(?=[{cls}])(?:{pattern.pattern})")


def _starts_with_literal(items) -> bool:
    """True when ``re`` finds the places a match may start itself: the pattern (past leading groups without
    flags) begins with a literal or a class, or with an alternation each of whose alternatives begins with a
    literal (what ``re`` reads as the pattern's first characters)."""
    while items and items[0][0] == rx.GROUP and not items[0][1][1] and not items[0][1][2]:
        items = items[0][1][-1]
    if not items:
        return False
    op, av = items[0]
    if op in (rx.LITERAL, rx.IN):
        return True
    return op == rx.BRANCH and all(branch and branch[0][0] == rx.LITERAL for branch in av)


def trie_pattern(words) -> str:
    """One regex for many literal strings, shaped as a trie so that ``re`` checks
    one character per level instead of every string at every position."""
    end = object()
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[end] = True

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(
            ((c, n) for c, n in node.items() if c is not end), key=lambda item: item[0])]
        if not branches:
            return ""
        if len(branches) == 1:
            body = branches[0]
        else:
            singles = [b for b in branches if len(b) == 1 or (len(b) == 2 and b[0] == "\\")]
            others = [b for b in branches if b not in singles]
            parts = others + ([f"[{''.join(singles)}]"] if len(singles) > 1 else singles)
            body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if end in node else body

    return build(root)


class LazyScanner:
    """A :class:`Scanner` built on first use.

    Building a language's scanner (reading every cue's anchors, compiling the
    anchor regex) took most of a cold ``workstatus assess``; a Chinese text
    never needs the English one. The patterns were validated when the lexicon
    was loaded, so a bad cue is still reported then, not here.
    """

    def __init__(self, patterns: list[str]):
        self.patterns = list(patterns)
        self._scanner: Scanner | None = None

    def built(self) -> Scanner:
        if self._scanner is None:
            self._scanner = build_scanner(self.patterns)
        return self._scanner

    def matches(self, norm: str) -> list[tuple[int, int, int]]:
        return self.built().matches(norm)

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("patterns", "_scanner"):
            raise AttributeError(name)
        return getattr(self.built(), name)

    def __getstate__(self) -> dict:
        return {"patterns": self.patterns, "_scanner": None}  # rebuilt where it is used


class _Compiled(tuple):
    """The cue regexes of a scanner, each compiled the first time a text reaches its cue.

    A cue with characters before its anchor (``searched``) is tried with ``search`` over a window that starts
    up to that many characters before the anchor; led by :func:`fast_start`, ``re`` passes over the places
    where none of its matches can start with one class test each instead of trying the whole cue there
    (``\\b(a|an) [\\w -]{0,40}\\b(delivery|courier|…)`` at every character of 60). The matches, their
    groups and offsets are the same.
    """

    def __new__(cls, patterns: list[str], searched: frozenset[int] = frozenset()):
        made = super().__new__(cls, patterns)
        made._compiled = [None] * len(patterns)
        made.searched = frozenset(searched)
        return made

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = self._compile(index)
        return compiled

    def _compile(self, index: int) -> re.Pattern:
        compiled = re.compile(tuple.__getitem__(self, index))
        return fast_start(compiled) if index in self.searched else compiled

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __reduce__(self):
        return (type(self), (list(tuple.__iter__(self)), self.searched))


class _Tries(_Compiled):
    """Per cue, the strings of its window check (:func:`_window_needs`), made into one trie regex the first time
    a text reaches the cue (making them all took 10–20 ms of building the English scanner)."""

    def _compile(self, index: int) -> re.Pattern:
        return re.compile(trie_pattern(tuple.__getitem__(self, index)))


def _window_needs(candidates: list, anchors: frozenset[str], pattern: str) -> tuple[frozenset[str], int]:
    """The regex of the most selective strings, other than its anchors, one of which every match of a cue holds,
    and how far past the match's start such a string ends at most.

    A cue with characters before its anchor is searched for over a window of up to a few hundred characters
    around each anchor found, and ``re`` tries it at each place there where it may start, most of them past the
    anchor (where no match kept can start: a match is kept when it starts at or before the anchor and ends
    after it). Such a match lies inside the window and holds one of these strings, ending at most that many
    characters past its start, so past the anchor; where none stands there, the search would keep nothing,
    and a search of a few literals (which ``re`` skips to fast) spares it. ``(frozenset(), 0)`` when there are
    none (``candidates``: the cue's, :func:`_candidates`; a regex with inline flags has no literal strings).
    """
    if _INLINE_FLAGS.search(pattern):
        return frozenset(), 0
    best = _most_selective([(strings, offset) for strings, offset in candidates if _minimal(strings) != anchors])
    if best is None or min(map(len, best[0])) < WINDOW_NEEDS_LENGTH:
        return frozenset(), 0
    strings, offset = best
    return strings, offset + max(map(len, strings))


#: the shortest string a cue's window check (:func:`_window_needs`) may look for: a shorter one stands in nearly
#: every window
WINDOW_NEEDS_LENGTH = 3
#: a cue with an anchor this short is looked for only in texts holding a longer string all its matches need
GATED_ANCHOR = 2
#: ... when that string has at least this many characters (rare enough for the check to pay)
GATE_LITERAL = 4


def build_scanner(patterns: list[str]) -> Scanner:
    """Compile lowered cue patterns (already validated) into a ``Scanner``."""
    by_anchor: dict[str, list[int]] = {}
    gated: dict[str, dict[str, list[int]]] = {}
    prefixes, widths, fallback = [], [], []
    required: list[str | None] = [None] * len(patterns)
    window_needs: list[tuple[frozenset[str], int]] = [(frozenset(), 0)] * len(patterns)
    regexes = _Compiled(patterns)
    for index, pattern in enumerate(patterns):
        parsed = rx.parse(pattern)
        # the window must hold what a lookahead at the end of the cue reads, not only the match
        widths.append(min(rx.reach(parsed), MAX_WINDOW))
        candidates = _candidates(parsed)
        result = _most_selective(candidates)
        if result is None or result[1] > MAX_WINDOW:
            prefixes.append(0)
            fallback.append(index)
            continue
        anchors, prefix = result
        prefixes.append(prefix)
        if prefix > 0:
            window_needs[index] = _window_needs(candidates, anchors, pattern)
        # a cue tried at every "a " or "by " but needing " commiss" is skipped in a text without it
        needed = "" if _INLINE_FLAGS.search(pattern) else _required_literal(parsed)
        if needed and not all(needed in anchor for anchor in anchors):
            required[index] = needed
        target = by_anchor
        if required[index] is not None and len(needed) >= GATE_LITERAL and min(map(len, anchors)) <= GATED_ANCHOR:
            target = gated.setdefault(needed, {})
        for anchor in anchors:
            target.setdefault(anchor, []).append(index)
    fallback_regex = None
    # the fallback is searched through the whole text; a text holding none of the strings its cues need is spared
    fallback_needs = tuple(dict.fromkeys(
        "" if _INLINE_FLAGS.search(patterns[i]) else _required_literal(rx.parse(patterns[i])) for i in fallback))
    if "" in fallback_needs:
        fallback_needs = ()
    if fallback:
        fallback_regex = re.compile(
            "|".join(f"(?P<c{i}>{patterns[i].replace('(?P<', f'(?P<c{i}_')})" for i in fallback)
        )
    regexes.searched = frozenset(index for index, before in enumerate(prefixes) if before > 0)
    return Scanner(
        anchors=_AnchorSet(by_anchor) if by_anchor else None,
        cue_regexes=regexes, prefixes=tuple(prefixes), widths=tuple(widths),
        fallback=fallback_regex, required=tuple(required),
        window_needs=_Tries([needs for needs, _ in window_needs]), window_reach=tuple(r for _, r in window_needs),
        fallback_needs=fallback_needs,
        fallback_cues=tuple(fallback),
        gated=tuple((needed, _AnchorSet(group)) for needed, group in gated.items()),
    )
