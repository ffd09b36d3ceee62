"""Speed and memory of answerlint against its floor (spaCy's blank tokenizer) and its peers.

Prints, in one run on the same inputs: tokenizer words/s (the floor); answerlint warm words/s,
rules only and with the classifier; cold start of `answerlint check note.md` against
`python -c "import spacy"`; peak RSS on a 5 MB Markdown file; relint latency after a one-character
edit of a 2,000-word note; batch throughput with 1 and 2 jobs; and proselint / write-good on the
same corpus when they are installed. Each figure is printed with its target.

usage: python benchmarks/speed.py [--quick]
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from answerlint.api import Linter  # noqa: E402
from answerlint.config import Config  # noqa: E402
from answerlint.corpus import load  # noqa: E402

QUICK = "--quick" in sys.argv


def corpus_markdown(target_chars: int) -> str:
    """Markdown built from the corpus answers (one section per answer), repeated up to the size."""
    answers = [a for f in sorted((ROOT / "corpora" / "slices").glob("*.jsonl")) for a in load(f)]
    parts: list[str] = []
    size = 0
    round_ = 0
    while size < target_chars:
        for a in answers:
            text = a.text
            if round_:  # later rounds get their own wording so no paragraph is a repeat (caches stay honest)
                text = "\n\n".join(f"{p.rstrip()} (Take {round_}.)" for p in a.text.split("\n\n"))
            part = f"## {a.id} ({round_})\n\n{text}\n"
            parts.append(part)
            size += len(part)
            if size >= target_chars:
                break
        round_ += 1
    return "\n".join(parts)


def words(text: str) -> int:
    return len(text.split())


def clear_caches(linter: Linter) -> None:
    linter.engine.clear_caches()
    if linter.classifier is not None:
        linter.classifier.cache.clear()


def throughput(linter: Linter, text: str) -> float:
    clear_caches(linter)
    start = time.perf_counter()
    linter.lint_text(text, "corpus.md")
    return words(text) / (time.perf_counter() - start)


def floor_words_per_second(text: str) -> float:
    import spacy

    nlp = spacy.blank("en")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    start = time.perf_counter()
    for _ in nlp.pipe(paragraphs):
        pass
    return words(text) / (time.perf_counter() - start)


# Commands run as an installed tool runs: with bytecode caches (pip compiles them at install time;
# some shells set PYTHONDONTWRITEBYTECODE, which would make every run recompile our sources).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_command(cmd: list[str], runs: int = 5, warmup: bool = True) -> float:
    if warmup:  # writes bytecode caches and warms the OS file cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=_ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(cmd: list[str]) -> float:
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def relint_p50_ms(linter: Linter, note: str, edits: int = 30) -> float:
    linter.lint_text(note, "note.md")  # the editor opened the note
    latencies = []
    for i in range(edits):
        pos = len(note) // 3 + i * 41
        edited = note[:pos] + "x" + note[pos:]
        start = time.perf_counter()
        linter.lint_text(edited, "note.md")
        latencies.append((time.perf_counter() - start) * 1000)
    return statistics.median(latencies)


def batch_seconds(records: Path, jobs: int) -> float:
    out = records.with_suffix(f".out{jobs}.jsonl")
    if out.exists():
        out.unlink()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "answerlint", "batch", str(records), "-o", str(out), "--jobs", str(jobs),
                    "--chunk-size", "32"], check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def row(label: str, value: str, target: str = "") -> None:
    print(f"{label:<52} {value:>14}   {target}")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="answerlint-bench-"))
    corpus = corpus_markdown(250_000 if QUICK else 1_000_000)
    note_2000 = corpus_markdown(13_000)
    note_2000 = " ".join(note_2000.split(" ")[:2000])
    (work / "corpus.md").write_text(corpus, encoding="utf-8")
    (work / "note.md").write_text((ROOT / "examples" / "q1-documentaries.md").read_text(encoding="utf-8"))
    (work / "big.md").write_text(corpus_markdown(5_000_000 if not QUICK else 1_000_000), encoding="utf-8")

    print(f"corpus: {len(corpus) / 1e6:.2f} MB, {words(corpus):,} words; machine: {os.cpu_count()} cores\n")
    floor = floor_words_per_second(corpus)
    row("spaCy blank English tokenizer (the floor)", f"{floor:,.0f} w/s")

    rules = Linter(Config(), classifier=False)
    rules.lint_text(note_2000, "warmup.md")
    r = throughput(rules, corpus)
    row("answerlint warm, rules only", f"{r:,.0f} w/s", f"{r / floor:.2f}x floor (target >= 0.5x)")
    combined = Linter(Config())
    if combined.classifier is not None:
        combined.lint_text(note_2000, "warmup.md")
        c = throughput(combined, corpus)
        row("answerlint warm, rules + classifier", f"{c:,.0f} w/s", f"{c / floor:.2f}x floor (target >= 0.5x)")

    cli = shutil.which("answerlint") or ""
    base_cmd = [cli] if cli else [sys.executable, "-m", "answerlint"]
    spacy_s = timed_command([sys.executable, "-c", "import spacy"])
    check_s = timed_command([*base_cmd, "check", str(work / "note.md")])
    check_rules_s = timed_command([*base_cmd, "check", "--no-classifier", str(work / "note.md")])
    row('cold: python -c "import spacy"', f"{spacy_s * 1000:,.0f} ms")
    row("cold: answerlint check note.md", f"{check_s * 1000:,.0f} ms", f"{check_s / spacy_s:.2f}x (target <= 1.5x)")
    row("cold: answerlint check --no-classifier note.md", f"{check_rules_s * 1000:,.0f} ms",
        f"{check_rules_s / spacy_s:.2f}x")

    rss = peak_rss_mb([*base_cmd, "check", "--format", "concise", str(work / "big.md")])
    big_mb = (work / "big.md").stat().st_size / 1e6
    row(f"peak RSS, check on {big_mb:.1f} MB of Markdown", f"{rss:,.0f} MB", "(target <= 400 MB on 5 MB)")

    p50 = relint_p50_ms(combined if combined.classifier is not None else rules, note_2000)
    row("relint after a one-character edit, 2,000 words (p50)", f"{p50:,.1f} ms", "(target <= 30 ms)")

    records = work / "answers.jsonl"
    answers = [a for f in sorted((ROOT / "corpora" / "slices").glob("*.jsonl")) for a in load(f)]
    n = 600 if QUICK else 2000
    with records.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a = answers[i % len(answers)]
            fh.write(json.dumps({"id": f"{a.id}-{i}", "text": a.text}) + "\n")
    # Best of two runs each: on a shared 2-core machine one run can lose seconds to a neighbour.
    one = min(batch_seconds(records, 1) for _ in range(2))
    two = min(batch_seconds(records, 2) for _ in range(2))
    row(f"batch, {n} answers, --jobs 1", f"{n / one:,.0f} ans/s")
    row(f"batch, {n} answers, --jobs 2", f"{n / two:,.0f} ans/s", f"{one / two:.2f}x one job (target >= 1.6x)")

    peers = [("proselint", [shutil.which("proselint") or "", "check", str(work / "corpus.md")]),
             ("write-good", [shutil.which("write-good") or "", str(work / "corpus.md")])]
    ours = timed_command([*base_cmd, "check", "--format", "concise", str(work / "corpus.md")], runs=1, warmup=False)
    row("answerlint check on the corpus (one process)", f"{ours:,.1f} s")
    for name, cmd in peers:
        if not cmd[0]:
            row(f"{name} on the corpus", "not installed")
            continue
        t = timed_command(cmd, runs=1, warmup=False)
        row(f"{name} on the corpus", f"{t:,.1f} s", f"answerlint is {t / ours:.2f}x its speed")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
