"""Out-of-domain benchmark for answerlint.claims on PubMed conclusion sentences.

Data: ../shared/data/causal-language/pubmed_causal_language_use.csv (relative to the repository
root; columns sentence,label with 0 none, 1 direct causal, 2 conditional causal, 3 correlational),
from Yu, Li & Wang (EMNLP 2019). It is GPL-licensed and used here for evaluation only: nothing from
it is copied into the project, and this script prints only aggregate figures, never sentences.

    /work/venv/bin/python benchmarks/causal_language.py

Prints accuracy, per-class precision/recall/F1, macro-F1, a confusion matrix and throughput
(cold: pipeline load plus the first pass; warm: the first pass alone; steady: a second pass),
first for answerlint's default convention (a negated claim is "none"; "can" and "suggest" hedge)
and then for the corpus's own annotation convention (convention="yu2019"), because the two
disagree on those points; see answerlint.claims.CONVENTIONS.
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "causal-language" / "pubmed_causal_language_use.csv"

# Dataset label -> answerlint.claims label.
LABEL_OF = {"0": "none", "1": "direct_causal", "2": "conditional_causal", "3": "correlational"}
ORDER = ["none", "correlational", "conditional_causal", "direct_causal"]
SHORT = {"none": "none", "correlational": "corr", "conditional_causal": "cond", "direct_causal": "direct"}


def load(path: Path) -> tuple[list[str], list[str]]:
    sentences, gold = [], []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sentences.append(row["sentence"])
            gold.append(LABEL_OF[row["label"].strip()])
    return sentences, gold


def report(gold: list[str], pred: list[str]) -> dict[str, float]:
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, pred)) / n
    print(f"sentences: {n}")
    print(f"accuracy:  {acc:.3f}")
    print()
    print(f"{'class':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    f1s = []
    for c in ORDER:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        n_pred = sum(p == c for p in pred)
        n_gold = sum(g == c for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        print(f"{c:<20}{prec:>10.3f}{rec:>10.3f}{f1:>10.3f}{n_gold:>10}")
    macro = sum(f1s) / len(f1s)
    print(f"{'macro-F1':<20}{'':>10}{'':>10}{macro:>10.3f}")
    print()
    print("confusion matrix (rows gold, columns predicted)")
    print(f"{'':<10}" + "".join(f"{SHORT[c]:>9}" for c in ORDER))
    for g in ORDER:
        row = [sum(gg == g and p == c for gg, p in zip(gold, pred)) for c in ORDER]
        print(f"{SHORT[g]:<10}" + "".join(f"{v:>9}" for v in row))
    return {"accuracy": acc, "macro_f1": macro}


def main() -> int:
    if not DATA.is_file():
        print(f"causal-language benchmark skipped: data not found at {DATA}\n"
              "(expected the shared evaluation data next to the repository, ../shared/data/causal-language/)")
        return 0
    sentences, gold = load(DATA)

    t0 = time.perf_counter()
    from answerlint.claims import claim_strengths
    from answerlint.nlp import get_nlp

    get_nlp()
    t1 = time.perf_counter()
    pred = claim_strengths(sentences)
    t2 = time.perf_counter()
    again = claim_strengths(sentences)
    t3 = time.perf_counter()
    assert again == pred

    print("== convention='answerlint' (default)")
    report(gold, pred)
    print()
    print("== convention='yu2019' (the corpus's practice on negation, 'can' and 'suggest')")
    report(gold, claim_strengths(sentences, convention="yu2019"))
    n = len(sentences)
    print()
    print(f"pipeline load:           {t1 - t0:.2f} s")
    print(f"cold (load + 1st pass):  {n / (t2 - t0):,.0f} sentences/s")
    print(f"warm (1st pass only):    {n / (t2 - t1):,.0f} sentences/s")
    print(f"steady (2nd pass):       {n / (t3 - t2):,.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
