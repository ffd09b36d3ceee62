"""Claim strength: how strongly a sentence states a relationship between two things.

The four levels follow Yu, Li & Wang (EMNLP 2019, "Detecting Causal Language Use in Science
Findings"):

- ``"none"``: no relationship is stated ("X was safe and well tolerated"), or its absence is
  stated ("X was not associated with Y", "X had no effect on Y", "retention did not differ");
- ``"correlational"``: an association ("X is associated with Y", "users who watch more
  documentaries have higher retention", "X predicts Y", "Y was higher among those who ...");
- ``"conditional_causal"``: a hedged causal claim ("X may increase Y", "X appears to improve Y",
  "these results suggest that X reduces Y");
- ``"direct_causal"``: an unhedged causal claim ("X increases Y", "X leads to Y", "X is effective
  in reducing Y").

There is no tagger or parser in the pipeline, so this is token-level logic over lowercased lookup
lemmas (``token.norm_``) and the lowercased surface form. Every *cue* (a causal verb, an
association word, a group comparison) is found first; each is then checked for negation
("did not reduce"), for an irrealis frame ("to determine whether X reduces"), for a hedge scoping
over it ("may reduce", "suggest that X reduces") and, for causal words, for sitting inside the
object of an association ("associated with *reduced* mortality"). The sentence takes the strongest
surviving claim: direct causal > conditional causal > correlational > none.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

NONE = "none"
CORRELATIONAL = "correlational"
CONDITIONAL = "conditional_causal"
DIRECT = "direct_causal"
LABELS = (NONE, CORRELATIONAL, CONDITIONAL, DIRECT)

# --------------------------------------------------------------------------------------------
# Lexicons (lemmas as produced by answerlint.nlp, i.e. lowercased lookup lemmas)
# --------------------------------------------------------------------------------------------

# Verbs whose subject is asserted to change, produce or prevent their object. These are the verbs
# of "X increases Y" claims in scientific conclusions and in product write-ups ("the new onboarding
# boosts activation"). Lemmas only: "lower" is the lemma of "lowers/lowered/lowering" but not of
# the adjective "lower" (whose lemma is "low"), so the adjective never lands here.
CAUSAL_VERBS = frozenset({
    # change in amount
    "increase", "decrease", "reduce", "lower", "raise", "boost", "elevate", "diminish", "halve",
    "double", "cut", "shorten", "prolong", "lengthen", "accelerate", "slow", "delay", "hasten",
    "augment", "amplify", "maximize", "minimize", "lessen", "curb",
    # change in quality
    "improve", "enhance", "worsen", "impair", "strengthen", "weaken", "optimize", "restore",
    "normalize", "reverse", "ameliorate", "alleviate", "relieve", "attenuate", "mitigate",
    "exacerbate", "aggravate", "damage", "harm", "hinder", "hamper", "undermine", "compromise",
    "benefit", "cure", "heal", "protect", "safeguard", "stabilize", "destabilize", "alter",
    "modify", "modulate", "regulate", "affect", "influence", "impact",
    # bringing about / stopping
    "cause", "induce", "trigger", "elicit", "evoke", "provoke", "produce", "generate", "create",
    "drive", "promote", "foster", "stimulate", "activate", "facilitate", "enable", "prevent",
    "avert", "inhibit", "suppress", "abolish", "eliminate", "eradicate", "counteract",
    "offset", "deter", "discourage", "encourage", "motivate", "save", "rescue", "precipitate",
    "mediate", "confer", "exert", "shift", "lift", "depress",
    # product analytics
    "cannibalize", "convert", "retain", "churn", "uplift",
})

# Verbs that mean something else when used without an object (a trend, "sales increased in Q3",
# or a state, "symptoms improved"): they count as causal only when transitive, passive with an
# agent, or followed by a temporal cause ("improved after treatment").
CHANGE_VERBS = frozenset({
    "increase", "decrease", "decline", "rise", "fall", "drop", "grow", "improve", "worsen",
    "reduce", "lower", "double", "halve", "shift", "churn", "convert", "retain",
})

# Verbs in CAUSAL_VERBS that are also common nouns ("an increase in", "the benefit of", "the
# impact of"): used after a determiner they are nouns. Nouns of effect/benefit/impact are causal
# cues in their own right (see CAUSAL_NOUNS); nouns of change ("an increase in churn") are not,
# because they describe an observed change without saying what caused it.
VERB_NOUN_HOMOGRAPHS = frozenset({
    "increase", "decrease", "decline", "rise", "fall", "drop", "cut", "lift", "shift", "boost",
    "uplift", "delay", "damage", "harm", "block", "drive", "save", "churn", "double",
})

# Multi-word causal predicates: lemma of the head, then the lemma of the particle that must follow.
CAUSAL_PARTICLE = {
    "lead": {"to"}, "result": {"in"}, "contribute": {"to"}, "give": {"rise"}, "bring": {"about"},
    "translate": {"into"},
}
# Left out on purpose: "determine" (in research prose mostly "find out": "we determined that"),
# "account for" (mostly a share: "accounted for 30% of visits"), "block" (mostly a noun in
# clinical writing: "nerve block").

# Nouns and adjectives that assert a cause: "the effect of X on Y", "X is effective", "a
# protective effect", "the benefit of X". "effect" is guarded against "side effect", "adverse
# effect", "effect size" (see _causal_noun_ok).
CAUSAL_NOUNS = frozenset({
    "effect", "impact", "influence", "benefit", "efficacy", "effectiveness", "efficacious",
    "effective", "beneficial", "protective", "harmful", "detrimental", "deleterious", "causal",
    "causally", "causative", "causation", "causality", "cause", "consequence", "contributor",
    "driver", "determinant", "mediator", "role",
})

# A causal noun that merely names the topic in these frames is not a claim: "effect size",
# "side effects", "adverse effects", "effect modification".
EFFECT_BLOCK_BEFORE = frozenset({"side", "adverse", "toxic", "unwanted", "undesirable", "-"})
EFFECT_BLOCK_AFTER = frozenset({"size", "sizes", "modification", "modifier", "modifiers", "-"})

# "role" is causal only as "play a role" / "have a role" / "role of X in Y" ("X plays a key role
# in Y"); "the role of the nurse" alone is not. "cause"/"causes" also heads "the cause of".
ROLE_VERBS = frozenset({"play", "have", "serve", "hold"})

# Phrases whose predicate links an outcome to its cause: "Y was due to X", "attributable to".
# They need a copula before them; otherwise "deaths due to cancer" just names a category.
CAUSE_OF = {"due": "to", "attributable": "to", "owing": "to", "secondary": "to", "responsible": "for",
            "attributed": "to", "ascribed": "to"}

# Association lemmas. A claim that two quantities go together, with no claim about which drives
# which: the vocabulary of observational studies and of dashboards.
ASSOC_WORDS = frozenset({
    "association", "associations", "correlation", "correlate", "relationship", "relation",
    "link", "predictor", "predictive", "prognostic", "covary", "covariation", "co-occur",
    "concordance", "interrelate", "dose-response", "likelier",
})
# Participles that are associations only with their preposition ("associated with", "linked to",
# "related to", "tied to"); without it they are often adjectives ("associated factors").
ASSOC_WITH_PREP = {
    "associate": {"with"}, "correlate": {"with"}, "link": {"to", "with"}, "relate": {"to", "with"},
    "tie": {"to"}, "connect": {"to", "with"}, "couple": {"with"}, "accompany": {"by"},
    "coincide": {"with"}, "cluster": {"with"}, "co-occur": {"with"}, "track": {"with"},
    "covary": {"with"}, "vary": {"with", "by", "across", "according"}, "differ": {"by", "between", "across", "among", "according", "with"},
    "scale": {"with"}, "correspond": {"to", "with"}, "parallel": {"with"},
    # "Y depends on X", "inversely proportional to": co-variation stated without a mechanism
    "depend": {"on", "upon"}, "dependent": {"on", "upon"}, "proportional": {"to"},
}
# "X predicts Y" (verb); the participle "predicted" after a determiner is an adjective.
PREDICT = "predict"
# "X is a risk factor for Y", "a marker of Y": a statistical association named as a noun phrase.
FACTOR_HEADS = frozenset({"factor", "factors", "marker", "markers", "biomarker", "biomarkers",
                          "indicator", "indicators", "correlate", "correlates", "signal"})
# Effect-size measures of association: "an odds ratio of 2.1", "the hazard ratio for death".
ASSOC_MEASURES = {"odds": "ratio", "hazard": "ratio", "relative": "risk", "risk": "ratio",
                  "rate": "ratio", "prevalence": "ratio"}
FACTOR_MODIFIERS = frozenset({"risk", "protective", "prognostic", "predictive", "independent"})

# Nouns of risk and rate: "higher risk of", "lower odds", "increased likelihood". A comparative
# risk is a statement of association even without an explicit comparison group.
RISK_NOUNS = frozenset({"risk", "risks", "odds", "likelihood", "probability", "hazard", "chance",
                        "chances", "incidence", "prevalence", "rate", "rates", "propensity"})

# Rates that describe a population ("a higher prevalence than previously reported"): they are
# associations only with a comparison group, so they go through the comparative rule instead.
GROUP_RATE_NOUNS = frozenset({"incidence", "prevalence", "rate", "rates"})

# Comparatives that make "group A has higher Y" claims (surface forms, lowercased).
# ("fewer" is left out: it counts things, "fewer visits", rather than comparing a property.)
COMPARATIVES = frozenset({
    "higher", "lower", "greater", "more", "less", "better", "worse", "larger", "smaller",
    "longer", "shorter", "poorer", "stronger", "weaker", "faster", "slower", "lesser", "bigger",
    "richer", "heavier", "increased", "decreased", "reduced", "elevated", "diminished", "improved",
    "worsened", "impaired", "enhanced", "lowered", "raised", "superior", "inferior",
    "more-frequent", "commoner",
})
# Words that, in the same clause, say a comparison is between groups: the group-difference form
# of an association ("users who ..., those with ..., among women, than controls, compared with").
GROUP_NOUNS = frozenset({
    "patient", "people", "person", "individual", "participant", "subject", "user", "customer",
    "member", "woman", "man", "child", "children", "adolescent", "adult", "infant", "girl", "boy",
    "mother", "father", "parent", "smoker", "drinker", "those", "group", "cohort", "viewer",
    "buyer", "player", "student", "worker", "employee", "respondent", "case", "control",
    "veteran", "athlete", "elderly", "survivor", "resident", "household", "family", "consumer",
    "subscriber", "visitor", "shopper", "reader", "listener", "driver", "team", "company",
    "firm", "account", "seller", "merchant", "host", "guest", "rider", "learner", "teen",
    "teenager", "girl", "youth", "senior", "nonsmoker", "non-smoker", "carrier", "men", "women",
    "recipient", "user", "client", "owner", "mouse", "mice", "rat", "animal", "population",
    "country", "region", "hospital", "school", "clinic", "site", "store", "market",
})
GROUP_LINKS = frozenset({"who", "with", "without", "that", "receive", "receiving", "take", "taking",
                         "use", "using", "treat", "treated", "having", "exposed", "assigned",
                         "randomized", "randomised", "on", "in", "from", "whose"})
GROUP_MARKERS = frozenset({"among", "amongst", "than", "compared", "compare", "versus", "vs",
                           "vs.", "relative", "comparison", "whereas"})
# "than expected", "than previously reported": a comparison with a benchmark, not between groups.
THAN_BENCHMARK = frozenset({"expected", "previously", "reported", "anticipated", "predicted",
                            "usual", "normal", "baseline", "before", "average", "recommended",
                            "estimated", "thought", "assumed", "in", "that", "those"})

# Modals and adverbs that hedge the clause after them: "X may reduce Y", "X possibly contributes".
# "could" lemmatizes to "can", so both modal readings are covered by "can": in conclusions
# "X can reduce Y" states a capability, a weaker claim than "X reduces Y".
HEDGES = frozenset({
    "may", "might", "can", "could", "would", "possibly", "possible", "potentially", "potential",
    "perhaps", "maybe", "probably", "probable", "plausibly", "plausible", "presumably",
    "putative", "putatively", "conceivably", "likely", "appear", "seem", "tend", "apparently",
    "speculative", "hypothetical", "promising", "promise", "if", "unless", "hopefully",
    "theoretically", "arguably", "expect", "believe", "think",
})
# Hedges that reach back to a subject noun: "the effect of X on Y may be modest".
FORWARD_HEDGES = frozenset({"may", "might", "could", "would", "likely", "possibly", "potentially",
                            "probably", "appear", "seem", "perhaps"})
# Verbs and nouns that hedge the whole clause they introduce: "these results suggest that ...",
# "we hypothesize that ...", "consistent with the hypothesis that ...".
CLAUSE_HEDGES = frozenset({
    "suggest", "suggestive", "hypothesize", "hypothesise", "hypothesis", "speculate",
    "propose", "postulate", "presume", "imply", "indicative", "raise the possibility",
    "possibility",
})

# Negators: a negated cue states an absence ("did not reduce", "no association", "failed to
# improve", "lack of effect", "X was unrelated to Y"), which is "none" by the definitions.
NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "without", "none", "nothing",
                      "fail", "failure", "lack", "absence", "absent", "unlikely", "unable",
                      "little", "cannot", "null", "non", "irrespective", "regardless",
                      "independent", "independently"})
NEGATION_WINDOW = 5
# "independent of X" and "irrespective of X" negate only the cue they sit right before
# ("independent of age" adjusts, it does not deny the main association).
NEAR_ONLY_NEGATORS = frozenset({"irrespective", "regardless", "independent", "independently", "non", "null"})

@dataclass(frozen=True)
class _Convention:
    negation_is_none: bool
    hedges: frozenset[str]
    clause_hedges: frozenset[str]


# Two annotation conventions that differ on three points.
# - answerlint (default): a stated absence of a relationship ("X did not reduce Y", "no
#   association") is "none"; "can" and "suggest that" are hedges, as in the hedging literature
#   (Hyland 1998) and in how an interviewer reads "documentaries can increase retention".
# - yu2019: the practice of the PubMed corpus of Yu, Li & Wang (2019), measured on it: a negated
#   claim keeps its type ("X was not associated with Y" is correlational), and "can" (read as
#   dynamic, ability modality: "X can reduce Y" asserts a causal capacity) and the reporting verb
#   "suggest" (the default verb of a conclusion section) do not hedge the claim they introduce.
ABILITY_MODALS = frozenset({"can"})
REPORTING_HEDGES = frozenset({"suggest", "suggestive", "imply", "indicative"})
CONVENTIONS = {
    "answerlint": _Convention(True, HEDGES, CLAUSE_HEDGES),
    "yu2019": _Convention(False, HEDGES - ABILITY_MODALS, CLAUSE_HEDGES - REPORTING_HEDGES),
}

# Frames in which a relationship is asked about, wanted or planned rather than asserted:
# "to determine whether X reduces Y", "further studies are needed to assess the effect of X",
# "the effect of X remains unclear". Cues after (or, for the uncertainty words, anywhere in) such
# a clause are not claims.
INQUIRY_VERBS = frozenset({
    "investigate", "examine", "evaluate", "assess", "determine", "explore", "elucidate", "clarify",
    "confirm", "establish", "test", "study", "understand", "identify", "characterize",
    "characterise", "address", "quantify", "validate", "verify", "define", "compare", "measure",
    "analyze", "analyse", "describe", "estimate", "examine", "review", "summarize", "ascertain",
    "delineate", "disentangle", "detect", "replicate", "monitor", "track", "answer",
})
INQUIRY_ING = frozenset({"investigating", "examining", "evaluating", "assessing", "exploring",
                         "elucidating", "addressing", "testing", "studying", "clarifying",
                         "quantifying", "exploring", "analyzing", "analysing", "comparing"})
# Study-description verbs: "we examined the effect of X", "the association was evaluated" report
# what was looked at, not what was found. Only with a study/person subject or in the passive.
DESCRIBE_VERBS = frozenset({"investigate", "examine", "evaluate", "assess", "explore", "analyze",
                            "analyse", "describe", "review", "address", "quantify", "estimate",
                            "measure", "characterize", "characterise", "test", "study", "explore",
                            "report", "summarize", "discuss", "consider", "model", "focus"})
STUDY_SUBJECTS = frozenset({"we", "i", "study", "studies", "paper", "article", "report", "analysis",
                            "analyses", "trial", "review", "authors", "investigators", "researchers",
                            "it", "project", "work", "survey", "experiment", "test", "also"})
IRREALIS = frozenset({"whether", "need", "needed", "warrant", "warranted", "require", "required",
                      "future", "aim", "objective", "purpose", "goal", "question", "unknown",
                      "hypothesis-generating", "plan", "planned", "propose", "proposed"})
UNCERTAIN = frozenset({"unclear", "unknown", "uncertain", "inconclusive", "controversial",
                       "conflicting", "debated", "unresolved", "elusive", "unexplored", "insufficient",
                       "remain", "remains"})
# "remains" only in "remains unclear/to be ...": see _uncertain_clause.

# Verbs before "to <causal verb>" that assert ("was shown to reduce"), hedge ("appears to reduce")
# or negate ("failed to reduce"). Anything else before "to" is a purpose or a plan ("strategies to
# reduce churn", "we aimed to reduce", "is used to prevent"), which asserts nothing.
TO_ASSERT = frozenset({"show", "find", "demonstrate", "prove", "help", "able", "report", "know",
                       "observe", "confirm", "document", "establish", "serve", "act", "continue",
                       "go", "found", "shown", "proven", "help", "seem", "appear", "tend", "likely",
                       "expect", "think", "believe", "suggest", "hypothesize", "predict", "potential",
                       "propose", "postulate", "presume", "unlikely", "fail", "unable", "sufficient",
                       "enough", "due", "lead", "contribute", "relate", "link", "associate",
                       "attribute", "designed"})
TO_HEDGE = frozenset({"seem", "appear", "tend", "likely", "expect", "think", "believe",
                      "suggest", "hypothesize", "predict", "potential", "propose", "postulate",
                      "presume", "speculate", "anticipate", "hope", "designed", "intend", "design"})
TO_NEGATE = frozenset({"fail", "unable", "unlikely"})

# Function words before a participle that make it an adjective ("with reduced mortality",
# "an increased risk", "of improved outcomes") rather than a predicate ("X reduced mortality").
DETERMINERS = frozenset({"a", "an", "the", "this", "these", "those", "that", "its", "their",
                         "his", "her", "our", "your", "my", "any", "some", "no", "each", "every",
                         "such", "both", "all", "much", "many", "several", "either"})
PREPOSITIONS = frozenset({"with", "of", "in", "to", "for", "by", "from", "on", "at", "among",
                          "amongst", "between", "into", "toward", "towards", "against", "than",
                          "despite", "via", "through", "over", "under", "without", "as", "like",
                          "about", "after", "before", "during", "following", "upon", "within",
                          "across", "per", "vs", "versus", "and", "or", "nor", "including"})
# Adjectives/quantifiers typically found before a noun homograph ("a significant increase").
PRENOMINAL = frozenset({"significant", "substantial", "marked", "modest", "slight", "large",
                        "small", "great", "overall", "dramatic", "sharp", "steady", "net",
                        "relative", "absolute", "mean", "average", "median", "further",
                        "additional", "major", "minor", "clinical", "positive", "negative",
                        "similar", "greater", "smaller", "larger", "high", "low", "%",
                        "percent", "fold", "two-fold", "twofold", "threefold", "potential",
                        "possible", "important", "meaningful", "notable", "moderate", "strong",
                        "weak", "rapid", "gradual", "sustained", "long-term", "short-term",
                        "direct", "indirect", "independent", "causal", "main", "total"})
BE = frozenset({"be", "been", "being", "get", "got", "become"})
HAVE = frozenset({"have", "has", "had", "having"})
# Verbs after which a participle names a state the subject is in ("patients showed reduced
# function", "had elevated levels"): a description, not a causal predicate.
STATE_VERBS = frozenset({"show", "exhibit", "display", "demonstrate", "experience", "present",
                         "develop", "report", "see", "observe", "find", "detect", "note", "yield"})
TEMPORAL_CAUSE = frozenset({"after", "following", "upon", "post", "once"})
TREND_AFTER = frozenset({"from", "over", "during", "since", "between", "by", "to", "in", "at",
                         "across", "until", "through", "throughout", "among", "amongst", "for",
                         "within", "each", "every", "per", "annually", "yearly", "steadily", "when",
                         "as", "among", "and", "or", ",", ".", ";", ":", ")", "(", "-", "—", "–"})
HARD_BOUNDARY = frozenset({";", ".", "!", "?", ":", "but", "whereas", "although", "though",
                           "however", "while", "nevertheless", "nonetheless", "yet", "conversely",
                           "in contrast", "–", "—"})
# Where an association's object ends: "associated with reduced Y" absorbs "reduced", but
# ", which may lead to Z" starts a new claim.
ASSOC_OBJECT_END = frozenset({"which", "suggest", "suggesting", "indicating", "indicate", "thus",
                              "thereby", "therefore", "hence", "so"})


def _is_word_adverb(low: str) -> bool:
    return low.endswith("ly") and len(low) > 4 and low not in {"early", "likely", "only", "family",
                                                              "rely", "apply", "supply", "elderly",
                                                              "reply", "fly", "daily", "weekly",
                                                              "monthly", "yearly", "unlikely"}


class _Sent:
    """Token arrays for one analysed text, with clause ids."""

    __slots__ = ("low", "norm", "n", "clause", "clause_start", "months")

    def __init__(self, doc: Doc):
        # One pass over the Doc: creating Token objects is the main cost of the whole analysis.
        low: list[str] = []
        norm: list[str] = []
        months: list[bool] = []
        clause: list[int] = []
        starts = [0]
        cid = 0
        prev_text = ""
        for i, tok in enumerate(doc):
            text = tok.text
            w = text.lower()
            sent_start = tok.is_sent_start
            if i and (sent_start or w in HARD_BOUNDARY):
                cid += 1
                starts.append(i)
            low.append(w)
            norm.append(tok.norm_)
            # "May" capitalized inside a sentence is the month ("in May 2020"), not the modal.
            months.append(text == "May" and i > 0 and not sent_start and prev_text not in '("“:')
            clause.append(cid)
            prev_text = text
        self.low, self.norm, self.months, self.clause, self.clause_start = low, norm, months, clause, starts
        self.n = len(low)

    def prev_content(self, i: int) -> int:
        """Index of the token before i, skipping -ly adverbs and 'not'-free intensifiers."""
        j = i - 1
        low = self.low
        while j >= 0 and (_is_word_adverb(low[j]) or low[j] in {"also", "further", "still", "even",
                                                               "both", "all", "again", "then"}):
            j -= 1
        return j

    def next_content(self, i: int) -> int:
        j = i + 1
        low = self.low
        while j < self.n and (_is_word_adverb(low[j]) or low[j] in {"also", "still", "even", "further"}):
            j += 1
        return j


# --------------------------------------------------------------------------------------------
# Cue detection
# --------------------------------------------------------------------------------------------

def _verb_form(low: str, norm: str) -> str:
    if low.endswith("ing") and low != norm:
        return "ing"
    if low == norm:
        return "base"
    if low.endswith("s") and not low.endswith("ss") and low[:-1] in (norm, norm + "e") or low == norm + "es":
        return "s"
    return "ed"  # -ed and irregular past/participle: led, fell, rose, drove, brought, cut ...


def _has_group(s: _Sent, lo: int, hi: int, i: int) -> bool:
    """A between-groups comparison frame in tokens [lo, hi) for the comparative at i."""
    low, norm = s.low, s.norm
    for j in range(lo, hi):
        w = low[j]
        if w in GROUP_MARKERS:
            if w == "than":
                k = j + 1
                if k < hi and (low[k] in THAN_BENCHMARK or low[k][:1].isdigit()):
                    continue
                if j == i + 1 and low[i] in {"more", "less", "fewer"}:
                    continue
            return True
        if norm[j] in GROUP_NOUNS or w in GROUP_NOUNS:
            nxt = low[j + 1] if j + 1 < s.n else ""
            if nxt in GROUP_LINKS or w == "those":
                if nxt in {"in", "on", "from", "that"} and j > i:
                    # "higher in patients" is handled by the preposition before the noun
                    pass
                else:
                    return True
            if j > i and j - i <= 4 and low[j - 1] in {"in", "among", "for", "amongst"}:
                return True
            if j > i and j - i <= 5 and any(low[k] in {"in", "among", "for"} for k in range(i + 1, j)):
                return True
    return False


def _cues(s: _Sent) -> list[tuple[int, str, bool]]:
    """(token index, kind, hedged_by_infinitive) for every causal ('C') or association ('A') cue.

    The third item is True when the cue is an infinitive after a hedging verb ("appears to
    reduce"); purpose infinitives ("strategies to reduce churn") are dropped here.
    """
    low, norm, n = s.low, s.norm, s.n
    out: list[tuple[int, str, bool]] = []
    for i in range(n):
        w, lem = low[i], norm[i]
        nxt = low[i + 1] if i + 1 < n else ""
        prv = low[i - 1] if i else ""
        if prv == "-" or nxt == "-" and lem not in {"dose-response"}:
            # compounds: "cost-effective", "all-cause", "X-associated", "reduced-fat", "age-related"
            if not (nxt == "-" and i + 2 < n and low[i + 2] in {"term", "based"}):
                continue

        # ---- association words -------------------------------------------------------------
        if lem in ASSOC_WORDS or w in ASSOC_WORDS:
            if lem == "link" and _verb_form(w, lem) in ("ed", "ing") and nxt not in {"to", "with"}:
                continue  # "linked records", "record linking"
            if lem == "correlate" and _verb_form(w, lem) == "ed" and nxt not in {"with", "to"} and not \
                    (i and norm[s.prev_content(i)] in BE):
                continue
            out.append((i, "A", False))
            continue
        if lem in ASSOC_WITH_PREP:
            j = s.next_content(i)
            if j < n and low[j] in ASSOC_WITH_PREP[lem]:
                if lem == "differ" and low[j] == "with":
                    continue
                out.append((i, "A", False))
            continue
        if lem == "difference" or lem == "different":
            j = s.next_content(i)
            p = s.prev_content(i)
            if (j < n and low[j] in {"between", "across", "by", "among", "according"}) or \
                    (lem == "different" and p >= 0 and low[p] in {"significantly", "statistically"}) or \
                    (lem == "difference" and p >= 0 and low[p] in {"significant", "marked", "substantial"}):
                out.append((i, "A", False))
            continue
        if lem == PREDICT or w.startswith("predict"):
            if w.startswith("predict") and lem in {"predict", "prediction"}:
                form = _verb_form(w, "predict")
                p = s.prev_content(i)
                if form == "ed" and (p < 0 or low[p] in DETERMINERS or low[p] in {"as", "than"}):
                    continue
                if lem == "prediction":
                    continue
                out.append((i, "A", False))
            continue
        if w in FACTOR_HEADS and i and low[i - 1] in FACTOR_MODIFIERS:
            # "X is a risk factor for Y" relates two things; "risk factors should be screened"
            # only names a category.
            if nxt in {"for", "of", "in", "among"} or _copula_before(s, i - 1):
                out.append((i, "A", False))
            continue
        if w in ASSOC_MEASURES and nxt == ASSOC_MEASURES[w]:
            out.append((i, "A", False))
            continue
        if w in FACTOR_HEADS and w.rstrip("s") in {"marker", "biomarker", "indicator", "correlate"} \
                and nxt in {"of", "for"}:
            out.append((i, "A", False))
            continue
        if w == "likely" and prv in {"more", "less", "likelier", "twice", "times"}:
            out.append((i, "A", False))
            continue
        if w in RISK_NOUNS and i > 1 and low[i - 1] in {"high", "low"} and low[i - 2] == "at":
            out.append((i, "A", False))  # "patients with X are at high risk of Y"
            continue
        if w in RISK_NOUNS and w not in GROUP_RATE_NOUNS and i and (low[i - 1] in COMPARATIVES or low[i - 1] == "excess"):
            p = i - 1
            if not (low[p] in {"increased", "reduced", "decreased", "lowered", "raised", "elevated"}
                    and _participle_is_predicate(s, p)):
                out.append((i, "A", False))
                continue

        # ---- causal nouns / adjectives -----------------------------------------------------
        if lem in CAUSAL_NOUNS or w in CAUSAL_NOUNS:
            if _causal_noun_ok(s, i):
                out.append((i, "C", False))
            continue
        if w in CAUSE_OF and nxt == CAUSE_OF[w]:
            p = s.prev_content(i)
            while p >= 0 and (low[p] in HEDGES or norm[p] in HEDGES or low[p] in {"not", "largely", "mainly", "partly", "in", "part"}):
                p = s.prev_content(p)
            if w == "responsible" or (p >= 0 and norm[p] in BE):
                out.append((i, "C", False))
            continue
        if w == "result" and nxt == "of" and i and low[i - 1] == "a" and i > 1 and low[i - 2] == "as":
            out.append((i, "C", False))
            continue
        if w == "because" and nxt == "of":
            out.append((i, "C", False))
            continue
        if lem in CAUSAL_PARTICLE:
            j = s.next_content(i)
            if j < n and low[j] in CAUSAL_PARTICLE[lem]:
                p = s.prev_content(i)
                if p >= 0 and (low[p] in DETERMINERS or low[p] in PRENOMINAL) and lem == "result":
                    continue  # "the results in patients", "these results in"
                inf = _infinitive(s, i)
                if inf is None:
                    continue
                out.append((i, "C", inf))
            continue

        # ---- causal verbs --------------------------------------------------------------------
        if lem in CAUSAL_VERBS or lem in CHANGE_VERBS:
            kind = _causal_verb(s, i)
            if kind is None:
                continue
            if kind == "A":
                out.append((i, "A", False))
                continue
            inf = _infinitive(s, i)
            if inf is None:
                continue
            out.append((i, "C", inf))
            continue

    # ---- comparatives between groups ("users who ... have higher retention") ----------------
    norm = s.norm
    for i in range(n):
        w = low[i]
        if w not in COMPARATIVES:
            continue
        if w in {"increased", "decreased", "reduced", "improved", "worsened", "impaired", "enhanced",
                 "lowered", "raised", "elevated", "diminished"} and _participle_is_predicate(s, i) \
                and not _state_participle(s, i):
            # a verb, unless it is a copula + participle before a group: "levels were increased in
            # patients with X" describes a difference between groups
            p = s.prev_content(i)
            j = s.next_content(i)
            if not (p >= 0 and norm[p] in BE and j < n and low[j] in {"in", "among", "amongst"}):
                continue
        nxt = low[i + 1] if i + 1 < n else ""
        if nxt == "than" and i + 2 < n and (low[i + 2][:1].isdigit() or w in {"more", "less", "fewer"}):
            continue  # "more than 50%": a quantity, not a comparison
        if w in {"more", "less"} and (nxt.endswith("s") and not nxt.endswith("ss") and not nxt.endswith("ous")
                                      or nxt[:1].isdigit() or nxt in {"than", "of", "and", "or", ",", "."}):
            continue  # "more patients", "more of": a quantifier, not a comparison of a property
        c = s.clause[i]
        lo = s.clause_start[c]
        hi = s.clause_start[c + 1] if c + 1 < len(s.clause_start) else n
        if _has_group(s, lo, hi, i):
            out.append((i, "G", False))
    return out


def _copula_before(s: _Sent, i: int) -> bool:
    """'X is/was (identified as) a/an (important) ...' right before i: a predicate nominal."""
    j = i - 1
    low, norm = s.low, s.norm
    while j >= 0 and i - j <= 4 and (low[j] in DETERMINERS or low[j] in PRENOMINAL or
                                     _is_word_adverb(low[j]) or low[j] in {"important", "key", "novel",
                                                                          "useful", "strong", "as"}):
        j -= 1
    return j >= 0 and (norm[j] in BE or norm[j] in {"remain", "identify", "emerge", "serve", "represent",
                                                    "constitute", "appear", "seem"})


def _causal_noun_ok(s: _Sent, i: int) -> bool:
    low, norm, n = s.low, s.norm, s.n
    w, lem = low[i], norm[i]
    nxt = low[i + 1] if i + 1 < n else ""
    prv = low[i - 1] if i else ""
    if lem in {"effect", "impact", "influence", "benefit"} or w in {"effects", "impacts", "benefits"}:
        if prv in EFFECT_BLOCK_BEFORE or nxt in EFFECT_BLOCK_AFTER:
            return False
        if lem == "effect" and prv in {"in", "into", "take", "took", "taken", "taking", "went", "go"}:
            return False  # "in effect", "took effect": idioms
        if lem in {"impact", "influence", "benefit"} and _verb_form(w, lem) != "base" and \
                _verb_form(w, lem) != "s":
            return False  # "impacted", "benefiting": handled as verbs
        if lem == "benefit" and nxt in {"from"}:
            return True
        return True
    if lem == "effective" or w == "effective":
        return prv != "cost"
    if lem == "role" or w in {"role", "roles"}:
        for j in range(max(0, i - 4), i):
            if norm[j] in ROLE_VERBS:
                return True
        return nxt in {"of", "for"} and any(low[k] == "in" for k in range(i + 2, min(n, i + 8)))
    if lem == "cause" or w in {"cause", "causes", "caused", "causing"}:
        if w in {"caused", "causing"} or (w in {"cause", "causes"} and prv not in DETERMINERS and prv not in PRENOMINAL and nxt != "of"):
            return _infinitive(s, i) is not None
        if prv in {"leading", "common", "commonest", "frequent", "all"}:
            return False  # "the leading cause of death": a ranking of outcomes, not a claim about X
        return nxt == "of" or prv in {"a", "the", "main", "major", "primary", "important", "principal",
                                      "underlying", "root"}
    if lem == "consequence":
        return nxt == "of"
    if lem in {"contributor", "driver", "determinant", "mediator"}:
        return nxt in {"of", "to", "for"}
    if lem in {"causal", "causally", "causative", "causation", "causality"}:
        return True
    if lem in {"efficacy", "effectiveness", "efficacious", "beneficial", "protective", "harmful",
               "detrimental", "deleterious"}:
        if lem == "protective" and nxt in {"factor", "factors"}:
            return False  # "protective factor": an association (FACTOR_HEADS)
        return True
    return False


def _participle_is_predicate(s: _Sent, i: int) -> bool:
    """For an -ed/-ing form at i: a verb with a subject (True) or an adjective/gerund (False)."""
    low, norm = s.low, s.norm
    p = s.prev_content(i)
    if p < 0 or s.clause[p] != s.clause[i]:
        return False  # clause-initial: "Reduced intake was associated ...", "Increasing age ..."
    pw = low[p]
    if norm[p] in BE or pw in HAVE or pw in {"not"}:
        return True
    if pw in DETERMINERS or pw in PRENOMINAL or pw[:1].isdigit():
        return False
    if pw == "by" and low[i].endswith("ing"):
        return True  # "by reducing Y"
    if pw in PREPOSITIONS or pw in {",", "(", "-"}:
        if pw in {"and", "or"}:
            # coordination inherits from the first conjunct's left context
            q = p - 1
            while q >= 0 and s.clause[q] == s.clause[i] and low[q] not in PREPOSITIONS - {"and", "or"} \
                    and norm[q] not in BE and low[q] not in DETERMINERS and low[q] not in HAVE:
                q -= 1
            if q >= 0 and s.clause[q] == s.clause[i] and (norm[q] in BE or low[q] in HAVE):
                return True
            if q >= 0 and s.clause[q] == s.clause[i] and low[q] in PREPOSITIONS:
                return False
            return True
        if pw == "," and low[i].endswith("ing"):
            return True  # ", thereby reducing Y"
        return False
    return True


def _state_participle(s: _Sent, i: int) -> bool:
    """'patients had/showed reduced function': a participle describing a group's state."""
    p = s.prev_content(i)
    if p < 0:
        return False
    if s.norm[p] in STATE_VERBS:
        return True
    if s.low[p] in HAVE:
        c = s.clause[i]
        lo = s.clause_start[c]
        for j in range(lo, p):
            if s.norm[j] in GROUP_NOUNS or s.low[j] in GROUP_NOUNS:
                return True
    return False


def _causal_verb(s: _Sent, i: int) -> str | None:
    """'C' if the causal/change verb at i is used as a causal predicate, 'A' if it states a
    co-variation ("Y increased with age"), None if it is a noun, adjective or a trend."""
    low, norm, n = s.low, s.norm, s.n
    w, lem = low[i], norm[i]
    form = _verb_form(w, lem)
    p = s.prev_content(i)
    pw = low[p] if p >= 0 else ""
    j = s.next_content(i)
    nw = low[j] if j < n else "."
    if form in ("base", "s"):
        if lem in VERB_NOUN_HOMOGRAPHS or lem in {"increase", "decrease", "decline", "rise", "fall",
                                                   "drop", "impact", "influence", "benefit", "cause", "effect"}:
            if p < 0 or pw in DETERMINERS or pw in PRENOMINAL or pw[:1].isdigit() or pw in PREPOSITIONS - {"to"}:
                return None  # "an increase in", "the drop in"
            if nw in {"in", "of"} and form == "s" and lem in VERB_NOUN_HOMOGRAPHS:
                return None  # "increases in churn were seen"
        if p < 0 and form == "base":
            return None  # imperative / noun at the start: "Reduce churn by ...", "Drop in ..."
    else:
        if form == "ed" and lem in {"affect", "influence", "impact", "determine", "modify", "alter",
                                    "compromise", "regulate", "mediate", "drive", "create",
                                    "generate", "produce", "protect", "save", "shift", "retain",
                                    "convert", "block", "harm", "damage", "depress", "induce"}:
            # "affected patients", "patients affected by X": a passive needs its copula
            if not (p >= 0 and (norm[p] in BE or pw in HAVE)):
                if not (lem in {"induce", "drive", "mediate", "produce", "create", "generate"} and nw == "by"):
                    return None
        if not _participle_is_predicate(s, i):
            return None
        if _state_participle(s, i):
            return None
    # Intransitive change verbs: trends and states.
    if lem in CHANGE_VERBS:
        passive = p >= 0 and norm[p] in BE and form == "ed"
        if passive:
            if nw in {"in", "among", "amongst"}:
                return None  # "levels were increased in patients with X": a group comparison (comparatives)
            if nw == "with" and lem not in {"improve", "worsen"}:
                return "A"
            return "C"
        if nw in TEMPORAL_CAUSE:
            return "C"
        if nw == "with":
            return "C" if lem in {"improve", "worsen", "reduce"} else "A"
        if nw in TREND_AFTER or nw in {"significantly", "markedly", "substantially", "slightly",
                                        "dramatically", "sharply", "steadily"} or nw[:1].isdigit():
            return None
    return "C"


def _infinitive(s: _Sent, i: int) -> bool | None:
    """For a verb at i: None if it is a purpose/plan infinitive, True if hedged ("appears to
    reduce"), False otherwise (not an infinitive, or an asserted one, "was shown to reduce")."""
    low, norm = s.low, s.norm
    if i == 0 or low[i - 1] != "to" or _verb_form(low[i], norm[i]) != "base":
        return False
    p = s.prev_content(i - 1)
    if p < 0:
        return None
    pl, pw = norm[p], low[p]
    if pl in TO_NEGATE or pw in TO_NEGATE:
        return True  # negation is found separately; mark hedged so it is never a direct claim
    if pl in TO_HEDGE or pw in TO_HEDGE:
        return True
    if pl in TO_ASSERT or pw in TO_ASSERT:
        return False
    return None  # a purpose or plan: "strategies to reduce churn", "in order to prevent"


# --------------------------------------------------------------------------------------------
# Scope: negation, irrealis, hedges, absorption
# --------------------------------------------------------------------------------------------

def _negated(s: _Sent, i: int) -> bool:
    low, norm = s.low, s.norm
    c = s.clause[i]
    lo = max(s.clause_start[c], i - NEGATION_WINDOW)
    for j in range(i - 1, lo - 1, -1):
        w = low[j]
        if w in {",", "(", "which", "who", "because", "and"} and j < i - 1:
            break
        if w in NEGATORS or norm[j] in NEGATORS:
            if w in NEAR_ONLY_NEGATORS and i - j > 2:
                continue
            if w in {"independent", "independently", "irrespective", "regardless"}:
                # "independently associated" is an association; "independent of X" only adjusts
                continue
            if w == "not" and j + 1 < s.n and low[j + 1] in {"only", "just", "merely", "simply"}:
                continue
            if w == "no" and j + 1 < s.n and low[j + 1] in {"longer", "doubt"}:
                continue
            if w == "little" and j + 1 < s.n and low[j + 1] not in {"or", "effect", "impact", "benefit",
                                                                     "evidence", "association", "influence"}:
                continue
            return True
    # "no evidence that X reduces Y", "did not find that ...": the negated evidence covers the clause
    lo = s.clause_start[c]
    for j in range(lo, i):
        if low[j] in {"evidence", "support", "indication", "sign", "proof", "data", "find", "found",
                      "show", "shown", "demonstrate", "demonstrated", "confirm", "confirmed", "observe",
                      "observed", "detect", "detected", "suggest", "suggested"}:
            for k in range(max(lo, j - 4), j):
                if low[k] in {"no", "not", "little", "insufficient", "limited", "lack", "nor", "neither", "without"}:
                    return True
    return False


def _irrealis(s: _Sent, i: int) -> bool:
    low, norm = s.low, s.norm
    c = s.clause[i]
    lo = s.clause_start[c]
    hi = s.clause_start[c + 1] if c + 1 < len(s.clause_start) else s.n
    for j in range(lo, i):
        w = low[j]
        if w == "whether" or w in INQUIRY_ING:
            return True
        if w == "to" and j + 1 < i:
            k = s.next_content(j)
            while k < i and low[k] in {"better", "fully", "further", "more", "first"}:
                k += 1
            if k < i and norm[k] in INQUIRY_VERBS:
                return True
        if w in IRREALIS and w not in {"aim", "objective", "purpose", "goal", "question", "plan", "propose",
                                       "proposed", "planned"}:
            if w in {"need", "needed", "require", "required", "warrant", "warranted"}:
                # "further studies are needed to ...", "X reduced the need for Y" (not irrealis)
                nj = low[j + 1] if j + 1 < s.n else ""
                if nj == "for" or (j and low[j - 1] in DETERMINERS):
                    continue
            return True
        if w in {"aim", "aimed", "objective", "purpose", "goal", "planned", "plan", "intend", "intended"}:
            return True
        if w in {"further", "future", "additional", "more", "larger"} and j + 1 < s.n and \
                norm[j + 1] in {"study", "research", "trial", "investigation", "work", "evaluation",
                                "analysis", "data", "evidence"} and j + 1 < i:
            return True
    for j in range(lo, hi):
        w = low[j]
        if j > i and w in {"need", "needs", "needed", "warrant", "warrants", "warranted", "merit", "merits",
                           "deserve", "deserves", "require", "requires", "required"}:
            nj = s.next_content(j)
            if nj < s.n and (low[nj] in {"further", "additional", "more", "larger", "future", "to"} or
                             norm[nj] in {"study", "research", "investigation", "confirmation",
                                          "evaluation", "exploration", "validation", "attention"}):
                return True  # "this association warrants further study"
        if norm[j] in DESCRIBE_VERBS and _verb_form(w, norm[j]) in ("ed", "s") and j:
            pj = s.prev_content(j)
            if pj >= 0 and (low[pj] in STUDY_SUBJECTS or norm[pj] in BE or low[pj] in {"should", "must"}) \
                    and not (j > i and low[pj] in STUDY_SUBJECTS):
                return True
        if w in UNCERTAIN:
            if w in {"remain", "remains"}:
                nj = low[j + 1] if j + 1 < s.n else ""
                if nj in {"to", "unclear", "unknown", "uncertain", "controversial", "elusive", "poorly",
                          "unexplored", "debated", "unresolved"}:
                    return True
                continue
            if w == "insufficient":
                return True
            return True
    return False


def _hedged(s: _Sent, i: int, conv: _Convention) -> bool:
    low, norm = s.low, s.norm
    c = s.clause[i]
    lo = s.clause_start[c]
    hedges, clause_hedges = conv.hedges, conv.clause_hedges
    for j in range(i - 1, lo - 1, -1):
        w, lem = low[j], norm[j]
        if lem in clause_hedges or w in clause_hedges:
            return True
        if i - j > 12:
            continue
        # Surface forms first: "could" has the lemma "can", but is a hedge even where "can" is not.
        if w in hedges or (lem in hedges and lem != "can"):
            if w == "may" and s.months[j]:
                continue  # "in May 2020"
            if w == "likely" and j and low[j - 1] in {"more", "less", "twice", "times", "equally"}:
                continue
            if lem in {"expect", "believe", "think"} and not (j + 1 < s.n and low[j + 1] in {"to", "that"}):
                continue
            if w == "potential" and j + 1 < s.n and low[j + 1] in {"confounders", "confounding", "bias",
                                                                   "limitations", "limitation"}:
                continue
            return True
    if norm[i] in CAUSAL_NOUNS and norm[i] not in {"effective", "efficacious", "beneficial", "protective",
                                                   "harmful", "detrimental", "deleterious"}:
        # A causal noun is often the subject whose predicate carries the hedge: "the effect of X
        # on Y may be modest", "its benefit appears limited to ...".
        hi = s.clause_start[c + 1] if c + 1 < len(s.clause_start) else s.n
        for j in range(i + 1, min(hi, i + 9)):
            w = low[j]
            if w in FORWARD_HEDGES or (norm[j] in FORWARD_HEDGES and norm[j] != "can"):
                if w == "may" and s.months[j]:
                    continue
                return True
            if norm[j] in BE and j + 1 < s.n and low[j + 1] not in FORWARD_HEDGES:
                break  # the predicate has started unhedged: "the effect was small"
    return False


def _absorbed(s: _Sent, i: int, assoc_ok: list[int]) -> bool:
    """A causal word inside an association's object ("associated with reduced mortality") or
    subject ("patients whose treatment reduced X were more likely to ...").

    A clause has one main predicate: when it is an association, other causal-looking words in it
    modify its noun phrases. A new predicate ("... and was effective", ", which may lead to")
    ends the association's reach."""
    low, norm = s.low, s.norm
    c = s.clause[i]
    for a in assoc_ok:
        if s.clause[a] != c or a == i:
            continue
        lo, hi = (a + 1, i) if a < i else (i + 1, a)
        blocked = False
        for k in range(lo, hi):
            w = low[k]
            if w in ASSOC_OBJECT_END:
                blocked = True
                break
            if w in {"and", ",", "or"} and k + 1 < s.n:
                nk = s.next_content(k)
                if nk < s.n and (norm[nk] in BE or low[nk] in HAVE or norm[nk] in HEDGES or
                                 low[nk] in {"it", "this", "they", "which", "we", "thereby", "thus"}):
                    blocked = True
                    break
                if a > i and w == "and":
                    blocked = True  # "X reduced Y and was associated with Z": two predicates
                    break
        if not blocked:
            return True
    return False


def _label(doc: Doc, conv: _Convention) -> str:
    s = _Sent(doc)
    cues = _cues(s)
    if not cues:
        return NONE
    assoc_ok: list[int] = []  # lexical association predicates: they absorb causal words
    group = False  # group comparisons: correlational, but absorb nothing
    causal: list[tuple[int, bool]] = []
    for i, kind, inf_hedged in cues:
        if _irrealis(s, i) or (conv.negation_is_none and _negated(s, i)):
            continue
        if kind == "A":
            assoc_ok.append(i)
        elif kind == "G":
            group = True
        else:
            causal.append((i, inf_hedged))
    best = CORRELATIONAL if assoc_ok or group else NONE
    for i, inf_hedged in causal:
        if _absorbed(s, i, assoc_ok):
            continue
        if inf_hedged or _hedged(s, i, conv):
            best = CONDITIONAL
        else:
            return DIRECT
    return best


def _explain(doc: Doc, convention: str = "answerlint") -> list[tuple[str, str, str]]:
    """(token, kind, fate) for every cue: a debugging aid for lexicon work, not a public API."""
    s = _Sent(doc)
    cues = _cues(s)
    assoc_ok = [i for i, k, _ in cues if k == "A" and not _negated(s, i) and not _irrealis(s, i)]
    out = []
    for i, kind, inf in cues:
        if _negated(s, i):
            fate = "negated"
        elif _irrealis(s, i):
            fate = "irrealis"
        elif kind == "C" and _absorbed(s, i, assoc_ok):
            fate = "absorbed"
        elif kind == "C" and (inf or _hedged(s, i, CONVENTIONS[convention])):
            fate = "hedged"
        else:
            fate = "asserted"
        out.append((s.norm[i], kind, fate))
    return out


def _convention(name: str) -> _Convention:
    try:
        return CONVENTIONS[name]
    except KeyError:
        raise ValueError(f"unknown convention {name!r}; expected one of {sorted(CONVENTIONS)}") from None


def claim_strength(sentence: str, *, convention: str = "answerlint") -> str:
    """The claim strength of one sentence (or short text): "none", "correlational",
    "conditional_causal" or "direct_causal".

    ``convention="answerlint"`` (default): a stated absence ("X did not reduce Y") is "none", and
    "can" and "suggest that" hedge. ``convention="yu2019"``: the annotation practice of the PubMed
    causal-language corpus, where a negated claim keeps its type and "can"/"suggest" do not hedge.
    """
    from .nlp import get_nlp

    return _label(get_nlp()(sentence), _convention(convention))


def claim_strengths(sentences: Iterable[str], *, convention: str = "answerlint",
                    batch_size: int = 256) -> list[str]:
    """claim_strength for many sentences, tokenized in batches with nlp.pipe."""
    from .nlp import get_nlp

    conv = _convention(convention)
    return [_label(doc, conv) for doc in get_nlp().pipe(sentences, batch_size=batch_size)]
