"""The rule engine: parse prose into sentences, match every rule's cues once, run the rules."""
from __future__ import annotations

import contextlib
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from .checks import CHECKS, Hit
from .cuematch import CueMatcher
from .nlp import get_nlp, norm_of, parse
from .prose import SEPARATOR, Block, Prose, markdown_prose, text_prose
from .ruleset import RuleSpec
from .source import LineIndex

PLACEHOLDER = re.compile(r"<[^<>\n]{1,60}>")
BLOCK_CACHE_CHARS = 300_000  # paragraph text kept parsed and matched between calls (bounds its memory)
ANSWER_CACHE_SIZE = 512  # answers whose rule results are kept between calls


@dataclass
class Sentence:
    index: int
    block: int
    group: int
    span: Span
    base: int  # offset of span.doc's text inside the block text
    heading: bool
    answer: int = 0
    cues: dict[str, list[Span]] = field(default_factory=dict)  # a CueHits from the engine
    text: str = ""


@dataclass
class Answer:
    start: int  # first sentence index
    end: int  # one past the last sentence index
    heading: int | None  # sentence index of the heading, if any


@dataclass
class Analysis:
    """A document split into blocks, sentences and answers, with every rule's cue hits."""

    text: str
    index: LineIndex
    prose: Prose
    sentences: list[Sentence]
    answers: list[Answer]
    by_group: dict[int, list[int]]
    # Where the text sits in a file linted section by section: its offset, and the file's line index
    # (findings are placed in the file).
    origin: int = 0
    file_index: LineIndex | None = None
    memo: dict = field(default_factory=dict)  # what checks work out once per analysis (per answer, say)

    @property
    def blocks(self) -> list[Block]:
        return self.prose.blocks

    def offsets(self, sentence: Sentence, span: Span) -> tuple[int, int]:
        """Original [start, end) of a span of the sentence's doc."""
        block = self.prose.blocks[sentence.block]
        return block.span(sentence.base + span.start_char, sentence.base + span.end_char)

    def sentence_of(self, span: Span) -> Sentence:
        for s in self.sentences:
            if s.span.doc is span.doc and s.span.start <= span.start < s.span.end:
                return s
        raise LookupError("span outside every sentence")

    def window(self, sentence: Sentence, within: str) -> list[Sentence]:
        if within == "sentence":
            return [sentence]
        if within == "answer":
            ans = self.answers[sentence.answer]
            return [s for s in self.sentences[ans.start:ans.end] if not s.heading]
        group = self.by_group[sentence.group]
        pos = group.index(sentence.index)
        if within == "next":
            ids = group[pos:pos + 2]
        elif within == "previous":
            ids = group[max(0, pos - 1):pos + 1]
        elif within == "passage":
            ids = group[max(0, pos - 1):pos + 2]
        else:  # paragraph
            ids = group
        return [self.sentences[i] for i in ids]

    def answer_sentences(self, answer: Answer) -> list[Sentence]:
        return [s for s in self.sentences[answer.start:answer.end] if not s.heading]


class CueHits(dict):
    """A sentence's cue hits: cue key -> Spans of the sentence's doc. The engine stores each hit as
    token offsets; the Span objects are made when a key is first read (most hits never are)."""

    __slots__ = ("doc",)

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.doc = doc

    def get(self, key, default=None):
        found = dict.get(self, key)
        if found is None:
            return default
        if type(found) is tuple:
            doc = self.doc
            found = [Span(doc, s, e) for s, e in found]
            dict.__setitem__(self, key, found)
        return found

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def values(self):
        return [self.get(key) for key in self]

    def items(self):
        return [(key, self.get(key)) for key in self]


class _Fields(string.Formatter):
    """Template fields; a field the hit did not supply becomes a visible <placeholder>."""

    def get_value(self, key, args, kwargs):
        value = kwargs.get(key)
        return f"<{key}>" if value in (None, "") else value


_FORMATTER = _Fields()


def render(template: str, fields: dict[str, str]) -> str:
    return _FORMATTER.vformat(template, (), fields)


@dataclass
class RawHit:
    """A rule's verdict before it becomes a Finding (offsets already in the original text)."""

    rule: RuleSpec
    start: int
    end: int
    message: str
    replacement: str
    target: tuple[int, int]
    confidence: float
    sentence: int | None  # index of the sentence it lies in


_KEYS: dict[str, dict[str, str]] = {}  # code -> cue name -> cue key


class Context:
    """What a check sees: the sentence (or answer), its rule, and cue hits around it."""

    def __init__(self, engine: "Engine", analysis: Analysis, rule: RuleSpec, sentence: Sentence | None,
                 answer: Answer | None = None) -> None:
        self.engine = engine
        self.analysis = analysis
        self.rule = rule
        self.sentence = sentence
        self.answer = answer

    def key(self, cue: str, code: str | None = None) -> str:
        code = code or self.rule.code
        keys = _KEYS.get(code)
        if keys is None:
            keys = _KEYS[code] = {}
        key = keys.get(cue)
        if key is None:
            key = keys[cue] = f"{code}.{cue}"
        return key

    def cues(self, cue: str, within: str = "sentence", *, code: str | None = None,
             sentence: Sentence | None = None) -> list[Span]:
        key = self.key(cue, code)
        sent = sentence or self.sentence
        if sent is None:
            return []
        if within == "sentence":
            return list(sent.cues.get(key, ()))
        out: list[Span] = []
        for s in self.analysis.window(sent, within):
            out.extend(s.cues.get(key, ()))
        return out

    def has(self, cue: str, within: str = "sentence", *, code: str | None = None,
            sentence: Sentence | None = None) -> bool:
        """Whether the cue occurs in the window (without making its Span objects)."""
        key = self.key(cue, code)
        sent = sentence or self.sentence
        if sent is None:
            return False
        if within == "sentence":
            return key in sent.cues
        return any(key in s.cues for s in self.analysis.window(sent, within))

    def neighbour(self, step: int) -> Sentence | None:
        """The sentence `step` places away in the same paragraph, if any."""
        sent = self.sentence
        group = self.analysis.by_group[sent.group]
        pos = group.index(sent.index) + step
        if 0 <= pos < len(group):
            return self.analysis.sentences[group[pos]]
        return None


class Engine:
    """Compiled rules. Build once (it compiles every cue into one Matcher) and reuse."""

    def __init__(self, rules: Sequence[RuleSpec]) -> None:
        self.rules = tuple(rules)
        self.nlp = get_nlp()
        vocab = self.nlp.vocab
        self._cues = CueMatcher(vocab)
        self._spacy = Matcher(vocab)  # patterns CueMatcher does not implement
        self._keys: dict[int, str] = {}
        words = _PhraseWords(self.nlp)
        for rule in self.rules:
            for name, cue in rule.cues.items():
                key = f"{rule.code}.{name}"
                self._keys[vocab.strings.add(key)] = key
                for pat in cue.patterns:
                    as_phrases = _as_phrases(pat)
                    if as_phrases is not None:
                        attr, seqs = as_phrases
                        self._cues.add_phrases(key, attr, [tuple(w.lower() for w in seq) if attr == "LOWER" else seq
                                                           for seq in seqs])
                    elif not self._cues.add_pattern(key, pat):
                        self._spacy.add(key, [pat])
                if cue.phrases:
                    self._cues.add_phrases(key, "NORM", [words.norms(p) for p in cue.phrases])
                if cue.exact:
                    self._cues.add_phrases(key, "LOWER", [words.lowers(p) for p in cue.exact])
        self._key_names = sorted(self._keys.values())  # every cue key, in name order, and its rank
        self._key_rank = {key: i for i, key in enumerate(self._key_names)}
        self._cue_ranks = np.array([self._key_rank[k] for k in self._cues.key_names], dtype=np.int64)
        # Each rule's trigger cue keys, and per key the positions of the rules it triggers.
        self._trigger_keys = [[f"{rule.code}.{t}" for t in rule.triggers] for rule in self.rules]
        self._trigger_rules: dict[str, tuple[int, ...]] = {}
        for r, keys in enumerate(self._trigger_keys):
            for key in keys:
                self._trigger_rules[key] = (*self._trigger_rules.get(key, ()), r)
        self._block_cache: dict[str, list[tuple[int, Span, str, CueHits]]] = {}
        self._answer_cache: dict[tuple, list[tuple]] = {}
        self._cache_chars = 0

    # ------------------------------------------------------------------ analysis
    def analyse(self, text: str, *, markdown: bool) -> Analysis:
        index = LineIndex(text)
        prose = markdown_prose(text, index) if markdown else text_prose(text, index)
        sentences: list[Sentence] = []
        by_group: dict[int, list[int]] = defaultdict(list)
        for bi, (block, pieces) in enumerate(zip(prose.blocks, self._parse_blocks([b.text for b in prose.blocks]))):
            for base, sent, sent_text, cues in pieces:
                # Cue lists are shared with the paragraph cache: checks only read them.
                s = Sentence(len(sentences), bi, block.group, sent, base, block.kind == "heading", 0, cues, sent_text)
                sentences.append(s)
                by_group[block.group].append(s.index)
        answers = _answers(prose.blocks, sentences)
        return Analysis(text, index, prose, sentences, answers, by_group)

    @contextlib.contextmanager
    def memory_zone(self):
        """spaCy's memory zone for long runs: strings and lexemes added inside are freed when it closes.
        Docs made inside die with it, so the paragraph cache is emptied as the zone closes."""
        zone = getattr(self.nlp, "memory_zone", None)
        load_all = getattr(self.nlp.tokenizer, "load_all", None)
        if zone is not None and load_all is not None:
            load_all()  # a special case first added inside the zone would be freed with it
        try:
            if zone is None:
                yield
            else:
                with zone():
                    yield
        finally:
            self.clear_caches()

    def clear_caches(self) -> None:
        self._block_cache.clear()
        self._answer_cache.clear()
        self._cache_chars = 0

    def _parse_blocks(self, texts: list[str]) -> list[list[tuple[int, Span, str, CueHits]]]:
        """Parsed and matched blocks. A block's result depends only on its text, so results are kept
        in a bounded cache: relinting an edited note redoes only the paragraphs that changed."""
        cache = self._block_cache
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        fresh: dict[str, list] = {}
        if missing:
            # Every piece of every block: (block text, offset in it, its text, doc).
            docs = []
            for text, pieces in zip(missing, parse(missing)):
                ends = [base for base, _ in pieces[1:]] + [len(text)]
                docs.extend((text, base, text[base:end], doc) for (base, doc), end in zip(pieces, ends))
            tables = [self._cues.read(doc, ("IS_PUNCT", "IS_SPACE")) if len(doc) else {} for *_, doc in docs]
            for (text, base, piece, doc), table, hits in zip(docs, tables, self._match_all(docs, tables)):
                fresh.setdefault(text, []).extend(self._sentences(base, doc, piece, table, hits))
        out = []
        for t in texts:
            entry = fresh.get(t)
            if entry is None:
                entry = cache.pop(t)
            else:
                self._cache_chars += len(t) if t not in cache else 0
            cache[t] = entry  # most recently used last
            out.append(entry)
        while self._cache_chars > BLOCK_CACHE_CHARS and len(cache) > 1:
            old = next(iter(cache))
            cache.pop(old)
            self._cache_chars -= len(old)
        return out

    def _sentences(self, base: int, doc: Doc, text: str, table: dict, hits: list[tuple[int, int, str]]
                   ) -> list[tuple[int, Span, str, "CueHits"]]:
        """(base, sentence, its text, its cue hits) for every non-empty sentence of a parsed piece whose
        text (the doc's, at `base` in the block) is `text`, given its columns and its cue hits."""
        if not len(doc):
            return []
        blank = (table["IS_PUNCT"] | table["IS_SPACE"]).tolist()
        out = []
        h = 0
        n_hits = len(hits)
        for sent in doc.sents:
            start, end = sent.start, sent.end
            while h < n_hits and hits[h][0] < start:
                h += 1
            if all(blank[start:end]):
                continue
            sent_text = text[sent.start_char:sent.end_char]  # Span.text would make a Token per word
            if not sent_text.strip():
                continue
            cues = CueHits(doc)
            while h < n_hits and hits[h][0] < end:
                s, e, key = hits[h]
                found = dict.get(cues, key)
                if found is None:
                    dict.__setitem__(cues, key, ((s, e),))
                else:
                    dict.__setitem__(cues, key, (*found, (s, e)))
                h += 1
            out.append((base, sent, sent_text, cues))
        return out

    def _match_all(self, docs: list[tuple], tables: list[dict]) -> list[list[tuple[int, int, str]]]:
        """Per doc, every cue's matches as (start, end, key), sorted. Per cue, overlapping matches are
        resolved as spaCy's filter_spans does: longest first, then earliest. The grouping, overlap
        test and sorting run in numpy (about one match per word; a Python pass per match cost more
        than the matching)."""
        (ks, ss, es), starts = self._cues.matches_all(tables)
        names, rank = self._key_names, self._key_rank
        ks = self._cue_ranks[ks]
        if len(self._spacy):
            more = [(rank[self._keys[k]], s + first, e + first)
                    for (*_, doc), first in zip(docs, starts) for k, s, e in self._spacy(doc)]
            if more:
                ks, ss, es = (np.concatenate((a, np.array(b, dtype=np.int64))) for a, b in zip((ks, ss, es), zip(*more)))
        if not len(ks):
            return [[] for _ in starts]
        order = np.lexsort((es, ss, ks))  # by key, then start, then end
        ks, ss, es = ks[order], ss[order], es[order]
        fresh = np.ones(len(ks), dtype=bool)  # the matcher may list a match twice
        fresh[1:] = (ks[1:] != ks[:-1]) | (ss[1:] != ss[:-1]) | (es[1:] != es[:-1])
        ks, ss, es = ks[fresh], ss[fresh], es[fresh]
        # Runs of overlapping matches of one key: a match overlaps its run when it starts before the
        # furthest end so far. Offsetting every key past the previous key's positions keeps runs
        # within a key. A match alone in its run stays; longer runs are resolved one by one (no
        # decision depends on matches outside the run, nor outside the doc).
        offset = ks * (int(es.max()) + 1)
        reach = np.maximum.accumulate(es + offset)
        opens = np.ones(len(ks), dtype=bool)
        opens[1:] = ss[1:] + offset[1:] >= reach[:-1]
        heads = np.flatnonzero(opens)
        sizes = np.diff(np.append(heads, len(ks)))
        keep = np.zeros(len(ks), dtype=bool)
        keep[heads[sizes == 1]] = True
        extra: list[tuple[int, int, int]] = []
        for head, size in zip(heads[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
            run = list(zip(ss[head:head + size].tolist(), es[head:head + size].tolist()))
            _keep_longest(run, int(ks[head]), extra)
        if extra:
            more_s, more_e, more_k = (np.array(c, dtype=np.int64) for c in zip(*extra))
            ss, es, ks = (np.concatenate((a[keep], b)) for a, b in ((ss, more_s), (es, more_e), (ks, more_k)))
        else:
            ss, es, ks = ss[keep], es[keep], ks[keep]
        order = np.lexsort((ks, es, ss))  # by start, end, then key name (ranks follow name order)
        ss, es, ks = ss[order].tolist(), es[order].tolist(), ks[order].tolist()
        cuts = np.searchsorted(np.array(ss, dtype=np.int64), starts[1:]).tolist()
        per_doc: list[list[tuple[int, int, str]]] = []
        lo = 0
        for first, hi in zip(starts, [*cuts, len(ss)]):
            per_doc.append([(s - first, e - first, names[k]) for s, e, k in zip(ss[lo:hi], es[lo:hi], ks[lo:hi])])
            lo = hi
        return per_doc

    # ------------------------------------------------------------------ rules
    def run(self, analysis: Analysis, codes: Iterable[str] | None = None) -> list[RawHit]:
        """Every selected rule's hits. Rules never look past the answer a sentence belongs to, so the
        hits of an answer are cached by its text and layout: relinting an edited note reruns the
        rules on the edited answer only."""
        wanted = frozenset(codes) if codes is not None else frozenset(r.code for r in self.rules)
        hits: list[RawHit] = []
        cache = self._answer_cache
        for answer in analysis.answers:
            if answer.start >= answer.end:
                continue
            key, base = _answer_key(analysis, answer, wanted)
            cached = cache.pop(key, None)
            if cached is None:
                found = self._run_answer(analysis, answer, wanted)
                cached = [(h.rule, h.start - base, h.end - base, h.message, h.replacement,
                           (h.target[0] - base, h.target[1] - base), h.confidence,
                           None if h.sentence is None else h.sentence - answer.start) for h in found]
            cache[key] = cached  # most recently used last
            for rule, start, end, message, replacement, target, confidence, sent in cached:
                hits.append(RawHit(rule, start + base, end + base, message, replacement,
                                   (target[0] + base, target[1] + base), confidence,
                                   None if sent is None else sent + answer.start))
        while len(cache) > ANSWER_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        return _dedupe(hits)

    def _run_answer(self, analysis: Analysis, answer: Answer, wanted: frozenset[str]) -> list[RawHit]:
        hits: list[RawHit] = []
        sentences = analysis.sentences[answer.start:answer.end]
        # The sentences each rule's triggers occur in, from one pass over the sentences' cue keys.
        triggered: dict[int, list[Sentence]] = defaultdict(list)  # rule position -> sentences
        trigger_rules = self._trigger_rules
        for sent in sentences:
            found: set[int] = set()
            for key in sent.cues:
                found.update(trigger_rules.get(key, ()))
            for r in found:
                triggered[r].append(sent)
        for r, rule in enumerate(self.rules):
            if rule.code not in wanted:
                continue
            if rule.scope == "answer":
                ctx = Context(self, analysis, rule, None, answer)
                for hit in CHECKS[rule.check](ctx):
                    sent = hit.sentence if hit.sentence is not None else analysis.sentence_of(hit.span)
                    hits.append(self._raw(analysis, rule, sent, hit))
                continue
            trigger_keys = self._trigger_keys[r]
            for sent in triggered.get(r, ()) if trigger_keys else sentences:
                ctx = Context(self, analysis, rule, sent)
                if not all(ctx.has(c.cue, c.within) for c in rule.requires):
                    continue
                if any(ctx.has(c.cue, c.within) for c in rule.unless):
                    continue
                if rule.check:
                    produced = CHECKS[rule.check](ctx)
                else:
                    spans = [sp for k in trigger_keys for sp in sent.cues.get(k, ())]
                    first = max(spans, key=lambda s: (len(s), -s.start))
                    produced = [Hit(first, {"match": first.text})]
                for hit in produced:
                    hits.append(self._raw(analysis, rule, sent, hit))
        return hits

    def _raw(self, analysis: Analysis, rule: RuleSpec, sent: Sentence, hit: Hit) -> RawHit:
        start, end = analysis.offsets(sent, hit.span)
        fields = {"match": analysis.text[start:end], "sentence": sent.text, **hit.fields}
        if hit.target is not None:
            target = analysis.offsets(sent, hit.target)
        elif rule.suggestion_target == "match":
            target = (start, end)
        else:
            target = analysis.offsets(sent, sent.span)
        replacement = hit.replacement or render(rule.suggestion, fields)
        return RawHit(
            rule=rule,
            start=start,
            end=end,
            message=render(rule.message, fields),
            replacement=replacement,
            target=target,
            confidence=hit.confidence if hit.confidence is not None else rule.confidence,
            sentence=sent.index,
        )


def _keep_longest(run: list[tuple[int, int]], key: int, out: list) -> None:
    """Add the matches of a run of overlapping ones that filter_spans keeps: longest first, then
    earliest, skipping any that overlaps one already kept."""
    taken: set[int] = set()
    for s, e in sorted(set(run), key=lambda m: (m[0] - m[1], m[0])):
        if any(t in taken for t in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append((s, e, key))


def _as_phrases(pattern: list[dict], limit: int = 400) -> tuple[str, list[tuple[str, ...]]] | None:
    """A token pattern that is only fixed words (NORM or LOWER values, no operators) is a phrase list,
    found by a lookup of its first word."""
    import itertools

    attr = None
    options: list[tuple[str, ...]] = []
    for spec in pattern:
        if set(spec) - {"NORM", "LOWER"} or len(spec) != 1:
            return None
        (a, value), = spec.items()
        if attr is not None and a != attr:
            return None
        attr = a
        if isinstance(value, str):
            options.append((value,))
        elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            options.append(tuple(value["IN"]))
        else:
            return None
    total = 1
    for o in options:
        total *= len(o)
    if not options or total > limit:
        return None
    return attr, list(itertools.product(*options))


class _PhraseWords:
    """A rule phrase's tokens, as the tokenizer would cut them, as norms or lowercase words. Phrases
    of plain words joined by single spaces are split directly (tokenizing every phrase into a Doc
    took about 0.2 s of start-up); words the tokenizer treats specially ("cannot") go through it."""

    _PLAIN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.special = frozenset(k for k in nlp.Defaults.tokenizer_exceptions if self._PLAIN.fullmatch(k))

    def words(self, text: str) -> list[str]:
        if self._PLAIN.fullmatch(text):
            words = text.split(" ")
            if not any(w in self.special for w in words):
                return words
        return [t.text for t in self.nlp.make_doc(text)]

    def norms(self, text: str) -> tuple[str, ...]:
        return tuple(norm_of(w) for w in self.words(text))

    def lowers(self, text: str) -> tuple[str, ...]:
        return tuple(w.lower() for w in self.words(text))


def _answer_key(analysis: Analysis, answer: Answer, codes: frozenset[str]) -> tuple[tuple, int]:
    """What an answer's rule results depend on, relative to where it starts: the selected codes, its
    original text, and the layout of its prose (blocks, groups, sentence positions)."""
    sentences = analysis.sentences[answer.start:answer.end]
    blocks = analysis.prose.blocks
    first_block = blocks[sentences[0].block]
    base = next((o for _, o in first_block.runs if o != SEPARATOR), 0)
    layout = []
    seen: set[int] = set()
    group0 = sentences[0].group
    for s in sentences:
        if s.block not in seen:
            seen.add(s.block)
            b = blocks[s.block]
            relative = tuple((pos, SEPARATOR if o == SEPARATOR else o - base) for pos, o in b.runs)
            layout.append((b.kind, b.level, b.group - group0, b.text, relative))
        layout.append((s.heading, s.base, s.span.start_char, s.span.end_char))
    last = blocks[sentences[-1].block]
    # The largest offset of the last block (SEPARATOR, -1, is below any offset).
    top = max((o + length - 1 for _, o, length in last.run_lengths() if o != SEPARATOR), default=SEPARATOR)
    end = (top if top != SEPARATOR else base) + 1
    return (codes, analysis.text[base:end], tuple(layout)), base


def _dedupe(hits: list[RawHit]) -> list[RawHit]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for h in hits:
        key = (h.rule.code, h.start, h.end)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


_PART_HEADINGS = re.compile(
    r"^(?:my |our |the )?(?:recommendations?|decisions?|next steps?|answers?|conclusions?|plan|summary|metrics?|"
    r"approach|analysis|trade-?offs|risks?|context|data|findings|hypothes[ie]s|experiment(?: design)?|"
    r"launch plan|tl;?dr|notes?|follow-?ups?|results?|goals?|solution|options?|assumptions?|why|how|what)\W*$",
    re.IGNORECASE,
)


def _answers(blocks: list[Block], sentences: list[Sentence]) -> list[Answer]:
    """Split sentences into answers at the shallowest heading level that occurs more than once
    (the level that separates questions); with no such level the file is one answer. Headings
    that name a part of an answer ("Recommendation", "Metrics") do not start a new one."""
    levels = [b.level for b in blocks if b.kind == "heading" and not _PART_HEADINGS.match(b.text.strip())]
    counts: dict[int, int] = defaultdict(int)
    for lv in levels:
        counts[lv] += 1
    repeated = [lv for lv, n in counts.items() if n > 1]
    split_level = min(repeated) if repeated else None
    answers: list[Answer] = []
    start = 0
    heading: int | None = None
    for s in sentences:
        block = blocks[s.block]
        if s.heading and split_level is not None and block.level <= split_level and not _PART_HEADINGS.match(
            block.text.strip()
        ) and (
            s.index == 0 or sentences[s.index - 1].block != s.block
        ):
            if s.index > start:
                answers.append(Answer(start, s.index, heading))
            start, heading = s.index, s.index
    answers.append(Answer(start, len(sentences), heading))
    for ai, ans in enumerate(answers):
        for s in sentences[ans.start:ans.end]:
            s.answer = ai
    return answers


def is_applicable(replacement: str) -> bool:
    return not PLACEHOLDER.search(replacement)
