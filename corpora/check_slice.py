"""Validate one or more corpus slice files and print per-code counts (used while writing corpora)."""
import json, sys, collections
CODES = {"CAU001","CAU002","CAU003","MET001","MET002","MET003","DEC001","DEC003","TEC001","COM001","COM002"}
def main(paths):
    pos = collections.Counter(); hard = collections.Counter(); n_ans = n_sent = dec002 = clean = 0
    ids = set(); ok = True
    for p in paths:
        for i, line in enumerate(open(p, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                a = json.loads(line)
                assert set(a) <= {"id","domain","question","paragraphs","answer_labels","hard_negatives"}, f"keys {set(a)}"
                assert a["id"] not in ids, "duplicate id"; ids.add(a["id"])
                assert isinstance(a["paragraphs"], list) and a["paragraphs"]
                labs_in_answer = set()
                for para in a["paragraphs"]:
                    for s in para:
                        assert set(s) <= {"text","labels","hard"}, f"sentence keys {set(s)}"
                        assert isinstance(s["text"], str) and s["text"].strip()
                        for l in s["labels"]:
                            assert l in CODES, f"bad label {l}"
                            pos[l] += 1; labs_in_answer.add(l)
                        for h in s.get("hard", []):
                            assert h in CODES, f"bad hard {h}"
                            hard[h] += 1
                        n_sent += 1
                assert set(a["answer_labels"]) <= {"DEC002"}
                dec002 += "DEC002" in a["answer_labels"]
                clean += (not labs_in_answer and not a["answer_labels"])
                n_ans += 1
            except Exception as e:  # noqa
                ok = False; print(f"{p}:{i}: {e!r}")
    print(f"answers={n_ans} sentences={n_sent} dec002={dec002} clean={clean}")
    for c in sorted(CODES):
        print(f"  {c}: positive={pos[c]} hard_negative={hard[c]}")
    return 0 if ok else 1
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
