"""Build the train / dev / test splits from corpora/slices/*.jsonl (deterministic, split by answer).

Each answer goes to a split by a salted SHA-256 of its id, so the assignment never changes when
answers are added elsewhere and no answer's sentences leak across splits.
usage: python corpora/build.py
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "answerlint-2026"
SPLITS = (("train", 70), ("dev", 85), ("test", 100))  # cumulative percentages


def split_of(answer_id: str) -> str:
    bucket = int(hashlib.sha256(f"{SEED}:{answer_id}".encode()).hexdigest(), 16) % 100
    return next(name for name, upto in SPLITS if bucket < upto)


def main() -> int:
    slices = sorted((HERE / "slices").glob("*.jsonl"))
    check = subprocess.run([sys.executable, str(HERE / "check_slice.py"), *map(str, slices)])
    if check.returncode:
        return check.returncode
    out = {name: [] for name, _ in SPLITS}
    for f in slices:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[split_of(record["id"])].append(record)
    for name, records in out.items():
        records.sort(key=lambda r: r["id"])
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)} answers")
    return 0



def counts_table() -> str:
    """Markdown table of positives and hard negatives per code and split (for corpora/README.md)."""
    from collections import Counter

    codes = ["CAU001", "CAU002", "CAU003", "MET001", "MET002", "MET003", "DEC001", "DEC003", "TEC001", "COM001",
             "COM002"]
    rows = {}
    totals = {}
    for name, _ in SPLITS:
        pos, hard = Counter(), Counter()
        answers = sentences = dec002 = clean = 0
        for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            answers += 1
            labelled = False
            for para in r["paragraphs"]:
                for s in para:
                    sentences += 1
                    pos.update(s["labels"])
                    hard.update(s.get("hard", []))
                    labelled |= bool(s["labels"])
            dec002 += "DEC002" in r["answer_labels"]
            clean += not labelled and not r["answer_labels"]
        rows[name] = (pos, hard)
        totals[name] = (answers, sentences, dec002, clean)
    out = ["| | " + " | ".join(n for n, _ in SPLITS) + " |", "|---|" + "---|" * len(SPLITS)]
    for label, idx in (("answers", 0), ("sentences", 1), ("DEC002 answers", 2), ("clean answers", 3)):
        out.append(f"| {label} | " + " | ".join(str(totals[n][idx]) for n, _ in SPLITS) + " |")
    for c in codes:
        out.append(f"| {c} positive / hard negative | " + " | ".join(f"{rows[n][0][c]} / {rows[n][1][c]}" for n, _ in SPLITS) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:] == ["--counts"]:
        print(counts_table())
        sys.exit(0)
    sys.exit(main())
