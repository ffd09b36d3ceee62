"""Batch linting as a platform runs it: thousands of answers in, one record out per answer, any engine."""
from __future__ import annotations

import io
import json
import logging
import random
import sys
from pathlib import Path

import pytest

from answerlint import batch
from answerlint.batch import BatchError, Progress, run_batch
from answerlint.cli import main

CAUSAL = ("We saw that users who watch more documentaries have higher retention, "
          "so we should promote more documentaries.")
HEDGE = "It depends on the data."
CLEAN = [
    "I would run a holdout on new members and compare 60-day retention.",
    "The primary metric is weekly active viewers; the guardrail is churn.",
    "First I would size the market, then pick one segment to test.",
    "If retention rises by {n}% in the treatment group, we ship it to everyone.",
    "We randomised {n} thousand users into two arms for four weeks.",
]
FLAGGED = [CAUSAL, HEDGE, "It depends on the market, honestly.",
           "Users who read {n} articles a week renew more often, so we should push articles harder."]

N_ANSWERS = 3000
BROKEN_LINE = 501  # 1-based line of the invalid JSON record
NO_TEXT_LINE = 2001  # 1-based line of the record without a text field


def answer_text(rng: random.Random) -> str:
    """One or two sentences, about a third flagged, some Markdown; varied numbers so answers differ."""
    sentences = []
    for _ in range(rng.choice((1, 1, 2))):
        pool = FLAGGED if rng.random() < 0.35 else CLEAN
        sentences.append(rng.choice(pool).format(n=rng.randint(2, 90)))
    text = " ".join(sentences)
    if rng.random() < 0.1:
        text = f"# Answer\n\n{text}\n"
    return text


def input_lines() -> list[str]:
    rng = random.Random(6)
    lines = []
    for i in range(N_ANSWERS):
        lines.append(json.dumps({"id": f"ans-{i:04d}", "text": answer_text(rng), "author": rng.choice(["llm", "human"]),
                                 "meta": {"n": i, "tags": ["prep"]}}))
    lines.insert(BROKEN_LINE - 1, '{"id": "ans-broken", "text": "unterminated')
    lines.insert(NO_TEXT_LINE - 1, json.dumps({"id": "ans-no-text", "question": "Why did retention drop?"}))
    return lines


def expected_ids(lines: list[str]) -> list:
    ids = []
    for n, line in enumerate(lines, 1):
        try:
            ids.append(json.loads(line)["id"])
        except ValueError:
            ids.append(f"line:{n}")
    return ids


def run(inputs, output, **kw) -> str:
    kw.setdefault("classifier", False)
    kw.setdefault("jobs", 1)
    return run_batch([Path(p) for p in inputs], Path(output), **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The 3,002-line input and its output from an uninterrupted in-process run, shared by the tests."""
    folder = tmp_path_factory.mktemp("batch")
    lines = input_lines()
    source = folder / "answers.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "jobs1.jsonl"
    summary = run([source], out, jobs=1)
    return {"folder": folder, "lines": lines, "input": source, "output": out.read_bytes(), "summary": summary}


def read_records(data: bytes) -> list[dict]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_every_answer_gets_one_record_in_input_order_with_errors_in_place(corpus):
    records = read_records(corpus["output"])
    assert len(records) == N_ANSWERS + 2
    assert [r["id"] for r in records] == expected_ids(corpus["lines"])

    broken = records[BROKEN_LINE - 1]
    assert broken == {"id": f"line:{BROKEN_LINE}", "error": broken["error"]}
    assert broken["error"].startswith(f"line {BROKEN_LINE}: invalid JSON")
    no_text = records[NO_TEXT_LINE - 1]
    assert no_text == {"id": "ans-no-text", "error": f"line {NO_TEXT_LINE}: no 'text' field"}
    assert sum("error" in r for r in records) == 2

    good = [r for r in records if "error" not in r]
    assert all(list(r) == ["id", "author", "meta", "diagnostics", "summary"] for r in good)
    assert good[7]["meta"]["n"] == 7 and good[7]["meta"]["tags"] == ["prep"]
    codes = {d["code"] for r in good for d in r["diagnostics"]}
    assert {"CAU001", "DEC001"} <= codes
    assert 0 < sum(bool(r["diagnostics"]) for r in good) < len(good)
    for r in good:
        assert r["summary"]["diagnostics"] == len(r["diagnostics"])
        assert sum(r["summary"]["by_code"].values()) == len(r["diagnostics"])

    assert "3,002 records" in corpus["summary"] and "2 errors" in corpus["summary"]
    assert "CAU001" in corpus["summary"] and "causal-from-correlation" in corpus["summary"]


def test_diagnostics_are_the_json_contract_form_of_the_linters_findings(corpus):
    linter = batch._linter(False)
    records = read_records(corpus["output"])
    for n in range(0, len(records), 10):
        if "error" in records[n]:
            continue
        text = json.loads(corpus["lines"][n])["text"]
        assert records[n]["diagnostics"] == [f.model_dump(mode="json") for f in linter.lint_text(text)]


def test_new_words_do_not_pile_up_in_a_workers_vocabulary():
    linter = batch._linter(False)
    strings = linter.engine.nlp.vocab.strings
    before = len(strings)
    words = " ".join(f"zorblat{i}x" for i in range(500))
    items = [("json", 1, json.dumps({"id": 1, "text": f"{HEDGE} {words} {CAUSAL}"}).encode())]
    result = batch.lint_chunk(items, batch.Options(classifier=False, text_field="text", id_field="id"))
    assert result.by_code["CAU001"] == 1
    assert len(strings) == before
    # The same answer in a later chunk (a cache hit for the engine, were its cache not emptied) lints the same.
    again = batch.lint_chunk(items, batch.Options(classifier=False, text_field="text", id_field="id"))
    assert again.lines == result.lines


def test_two_jobs_give_the_same_bytes_as_one_whatever_the_chunk_size(corpus, tmp_path):
    out = tmp_path / "jobs2.jsonl"
    run([corpus["input"]], out, jobs=2, chunk_size=37)
    assert out.read_bytes() == corpus["output"]


def test_a_dask_cluster_gives_the_same_bytes_as_a_local_run(corpus, tmp_path):
    pytest.importorskip("dask.distributed", reason="dask is an optional extra: pip install 'answerlint[dask]'")
    from dask.distributed import LocalCluster

    out = tmp_path / "dask.jsonl"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        run([corpus["input"]], out, scheduler=cluster.scheduler_address, chunk_size=100)
    assert out.read_bytes() == corpus["output"]


def test_resume_after_a_run_cut_off_mid_line_completes_without_duplicates(corpus, tmp_path):
    first = tmp_path / "first-1000.jsonl"
    first.write_text("\n".join(corpus["lines"][:1000]) + "\n", encoding="utf-8")
    out = tmp_path / "resumed.jsonl"
    run([first], out, jobs=2)
    data = out.read_bytes()
    assert data.count(b"\n") == 1000
    # Kill mid-write: keep 700 whole records (the broken one among them) and half of the next one.
    cut = 0
    for _ in range(700):
        cut = data.index(b"\n", cut) + 1
    out.write_bytes(data[:cut + 40])

    summary = run([corpus["input"]], out, jobs=2, resume=True)
    assert out.read_bytes() == corpus["output"]
    assert "700 already in the output, skipped" in summary
    assert "2,302 records" in summary

    # Resuming a finished run adds nothing.
    summary = run([corpus["input"]], out, jobs=1, resume=True)
    assert out.read_bytes() == corpus["output"]
    assert "0 records" in summary and "3,002 already in the output" in summary


def test_an_interrupted_run_leaves_whole_records_and_resume_finishes_it(monkeypatch, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": [HEDGE, CAUSAL, CLEAN[0]][i % 3]}) + "\n"
                              for i in range(40)))
    whole = tmp_path / "whole.jsonl"
    run([source], whole, chunk_size=8)
    out = tmp_path / "out.jsonl"
    real_update = Progress.update

    def ctrl_c_after_three_chunks(self, answers, nbytes):
        real_update(self, answers, nbytes)
        if self.answers >= 24:
            raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "update", ctrl_c_after_three_chunks)
    with pytest.raises(KeyboardInterrupt):
        run([source], out, chunk_size=8)
    assert [r["id"] for r in read_records(out.read_bytes())] == list(range(24))
    monkeypatch.setattr(Progress, "update", real_update)
    run([source], out, chunk_size=8, resume=True)
    assert out.read_bytes() == whole.read_bytes()


def test_resume_with_no_output_yet_is_a_plain_run(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": HEDGE}) + "\n" + json.dumps({"id": "1", "text": CAUSAL}) + "\n")
    out = tmp_path / "out.jsonl"
    run([source], out, resume=True)
    first = out.read_bytes()
    assert [r["id"] for r in read_records(first)] == [1, "1"]
    # 1 and "1" are different ids: resuming after the first record must still lint the second.
    out.write_bytes(first.split(b"\n")[0] + b"\n")
    run([source], out, resume=True)
    assert out.read_bytes() == first


def test_resume_refuses_an_output_that_is_not_a_batch_file(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": HEDGE}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("not json\n{}\n")
    with pytest.raises(BatchError, match="line 1 is not an answerlint batch record"):
        run([source], out, resume=True)


def test_a_folder_of_markdown_and_text_files_is_one_record_per_file(tmp_path):
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "a.md").write_text(f"# Q1\n\n{CAUSAL}\n", encoding="utf-8")
    (notes / "sub" / "b.txt").write_text(HEDGE + "\n", encoding="utf-8")
    (notes / "sub" / "c.md").write_bytes(b"caf\xe9 is not UTF-8\n")
    (notes / "skip.rst").write_text(HEDGE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run([notes], out)
    records = read_records(out.read_bytes())
    assert [r["id"] for r in records] == ["a.md", "sub/b.txt", "sub/c.md"]
    assert [d["code"] for d in records[0]["diagnostics"]] == ["CAU001"]
    assert [d["code"] for d in records[1]["diagnostics"]] == ["DEC001"]
    assert "not valid UTF-8" in records[2]["error"] and "\n" not in records[2]["error"]
    assert "3 records" in summary and "1 error" in summary

    # A single Markdown or text file is one answer, its id the path as given.
    run([notes / "a.md", notes / "sub" / "b.txt"], out)
    assert [r["id"] for r in read_records(out.read_bytes())] == [str(notes / "a.md"), str(notes / "sub" / "b.txt")]


def test_custom_text_and_id_fields_and_other_bad_records(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([
        json.dumps({"uid": "a", "answer": HEDGE, "text": "kept as a passthrough field"}).encode(),
        b"",  # a blank line is no record
        json.dumps({"uid": "b", "answer": 42}).encode(),
        json.dumps([1, 2]).encode(),
        json.dumps({"answer": CAUSAL}).encode(),
        b'{"uid": "c", "answer": "caf\xe9"}',
        b"[" * 100_000,
    ]) + b"\n")
    out = tmp_path / "out.jsonl"
    run([source], out, text_field="answer", id_field="uid")
    records = read_records(out.read_bytes())
    assert [r["id"] for r in records] == ["a", "b", "line:4", "line:5", "line:6", "line:7"]
    assert records[0]["text"] == "kept as a passthrough field"
    assert records[0]["summary"] == {"diagnostics": 1, "by_code": {"DEC001": 1}}
    assert records[1]["error"] == "line 3: field 'answer' is a number, not a string"
    assert records[2]["error"] == "line 4: expected a JSON object, got an array"
    assert records[3]["summary"]["by_code"] == {"CAU001": 1}
    assert records[4]["error"].startswith("line 6: not valid UTF-8")
    assert records[5]["error"] == "line 7: invalid JSON (nested too deeply)"


def test_a_record_that_crashes_the_linter_is_an_error_and_the_run_goes_on(monkeypatch, tmp_path):
    real = batch._linter(False)

    class Fragile:
        def lint_text(self, text, path=None, *, markdown=None):
            if "boom" in text:
                raise RuntimeError("boom\nwith a second line")
            return real.lint_text(text, path, markdown=markdown)

    monkeypatch.setitem(batch._LINTERS, False, Fragile())
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate([HEDGE, "boom", HEDGE])))
    out = tmp_path / "out.jsonl"
    summary = run([source], out)
    records = read_records(out.read_bytes())
    assert records[1] == {"id": 1, "error": "internal error: RuntimeError: boom with a second line"}
    assert [r["summary"]["diagnostics"] for r in (records[0], records[2])] == [1, 1]
    assert "1 error" in summary


def test_with_the_classifier_records_match_the_linter(tmp_path):
    from answerlint.api import Linter
    from answerlint.config import Config

    texts = [CAUSAL, HEDGE, CLEAN[0], f"# Plan\n\n{CLEAN[1]} {HEDGE}\n"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out.jsonl"
    run([source], out, classifier=True)
    linter = Linter(Config(), classifier=True)
    for record, text in zip(read_records(out.read_bytes()), texts, strict=True):
        assert record["diagnostics"] == [f.model_dump(mode="json") for f in linter.lint_text(text)]


def test_the_cli_prints_the_summary_on_stderr_and_is_quiet_off_a_terminal(runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "q", "text": CAUSAL}) + "\n")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["batch", str(source), "-o", str(out), "--jobs", "1", "--no-classifier"])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert "1 record" in res.stderr and "CAU001" in res.stderr and "\r" not in res.stderr
    assert len(read_records(out.read_bytes())) == 1


def test_usage_errors_are_one_line_and_leave_the_output_alone(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    res = runner.invoke(main, ["batch", str(tmp_path / "missing.jsonl"), "-o", str(out), "--no-classifier"])
    assert res.exit_code == 2
    assert "missing.jsonl: no such file or directory" in res.stderr
    with pytest.raises(BatchError, match="chunk-size"):
        run([out], tmp_path / "other.jsonl", chunk_size=0)
    with pytest.raises(BatchError, match="cannot also be an input"):
        run([out], out)
    assert out.read_text() == "precious\n"


def test_a_scheduler_without_dask_installed_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "q", "text": HEDGE}) + "\n")
    out = tmp_path / "out.jsonl"
    with pytest.raises(BatchError, match=r"answerlint\[dask\]"):
        run([source], out, scheduler="tcp://127.0.0.1:8786")
    assert not out.exists()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_answers_per_second_and_eta_on_a_terminal(monkeypatch, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": HEDGE}) + "\n" for i in range(10)))
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run([source], tmp_path / "out.jsonl", chunk_size=3)
    shown = terminal.getvalue()
    assert shown.startswith("\r") and shown.endswith("\n")
    last = shown.rstrip("\n").split("\r")[-1].strip()
    assert last.startswith("batch: 10 answers |") and "answers/s" in last and "100%" in last and "ETA 0:00" in last

    bar = Progress(FakeTerminal(), total_bytes=1000)
    bar.start = 0.0
    bar.update(50, 250, now=10.0)
    assert bar.line(10.0) == "batch: 50 answers | 5 answers/s |  25% | ETA 0:30"
    bar.update(50, 250, now=12.0)  # warm: the rate counts from the first chunk on
    assert bar.line(12.0) == "batch: 100 answers | 25 answers/s |  50% | ETA 0:04"
