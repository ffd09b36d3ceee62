"""Instruction counts under valgrind: a speed figure that does not drift with a shared machine's load.

Wall-clock ratios on the shared development VM swing by a third between runs of the same code. The
number of instructions a run executes does not. For the floor (spaCy's blank English pipeline
tokenizing the corpus's paragraphs, cold, as `speed.py` times it) and for answerlint (warm, rules only
and with the classifier, after linting a 2,000-word note as `speed.py` does), this counts the
instructions of one run on the same slice of the benchmark corpus: a process that stops just before
the run is subtracted from one that completes it, so imports and start-up cancel out (so does the
tokenizer's one-off loading of its special cases). It prints instructions per word and the ratio to
the floor.

An instruction ratio is not the wall-clock ratio the targets are stated in (numpy and the tokenizer
execute more work per instruction than the interpreter loop does), but it moves with every change to
answerlint's own code and with nothing else, which is what comparing two commits needs.

usage: python benchmarks/instructions.py [--chars N]   (needs valgrind; about ten minutes)
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_CHARS = 60_000
MODES = {"floor": "spaCy blank English tokenizer (the floor)", "rules": "answerlint warm, rules only",
         "combined": "answerlint warm, rules + classifier"}


def child(mode: str, runs: int, chars: int) -> None:
    """What runs under valgrind: set up, then do the measured run `runs` times (0 or 1)."""
    from speed import clear_caches, corpus_markdown

    corpus = corpus_markdown(chars)[:chars]
    if mode == "floor":
        import spacy

        paragraphs = [p for p in corpus.split("\n\n") if p.strip()]
        fresh = [spacy.blank("en") for _ in range(2)]  # built whether or not it runs: only the run differs
        for nlp in fresh[:runs]:
            for _ in nlp.pipe(paragraphs):
                pass
        return
    from answerlint.api import Linter
    from answerlint.config import Config

    linter = Linter(Config(), classifier=mode == "combined")
    note = " ".join(corpus_markdown(13_000).split(" ")[:2000])
    linter.lint_text(note, "warmup.md")
    # The tokenizer adds its special cases at the first long text, once per process: set-up, not the
    # per-word work this compares (on 1 MB it is 2% of the time, on this slice a large part).
    load_all = getattr(linter.engine.nlp.tokenizer, "load_all", None)
    if load_all is not None:
        load_all()
    clear_caches(linter)  # as speed.py does: nothing of the corpus is cached before its run
    for _ in range(runs):
        linter.lint_text(corpus, "corpus.md")


def instructions(mode: str, runs: int, chars: int) -> subprocess.Popen:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           "--child", mode, str(runs), str(chars)]
    # A fixed hash seed: set and dict orders (and so the instructions) are the same in every process.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def collected(proc: subprocess.Popen) -> int:
    _, err = proc.communicate()
    found = re.search(r"Collected : (\d+)", err)
    if proc.returncode or not found:
        raise SystemExit(f"valgrind failed: {err.strip().splitlines()[-1] if err.strip() else proc.returncode}")
    return int(found.group(1))


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--child"]:
        child(args[1], int(args[2]), int(args[3]))
        return 0
    chars = int(args[args.index("--chars") + 1]) if "--chars" in args else DEFAULT_CHARS
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count")
        return 0
    from speed import corpus_markdown, words

    n_words = words(corpus_markdown(chars)[:chars])
    print(f"corpus slice: {chars:,} characters, {n_words:,} words; instructions of one run (valgrind)\n")
    per_word: dict[str, float] = {}
    for mode, label in MODES.items():
        # The two processes of a mode run side by side (counts do not depend on the machine's load).
        before, after = instructions(mode, 0, chars), instructions(mode, 1, chars)
        count = collected(after) - collected(before)
        per_word[mode] = count / n_words
        ratio = "" if mode == "floor" else f"{per_word['floor'] / per_word[mode]:.2f}x floor"
        print(f"{label:<44} {count / 1e6:>10,.0f} M  {per_word[mode]:>9,.0f} per word   {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
