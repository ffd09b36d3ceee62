"""The command line as a user drives it: formats, exit codes, config, stdin, suppression, rule folders."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from answerlint.cli import main

from conftest import SHARED

CAUSAL = "We saw that users who watch more documentaries have higher retention, so we should promote more documentaries."
NOTE = (
    "---\r\ntitle: prep 🎬\r\n---\r\n\r\n# Q1: documentaries 🎬\r\n\r\n"
    "```\r\nIt depends on the distribution of the data.\r\n```\r\n\r\n"
    f"{CAUSAL}\r\n\r\n## Metric 📈\r\n\r\nIt depends on the distribution of the data.\r\n"
)
CLEAN = "# Plan\n\nI would run a holdout on new members and compare 60-day retention.\n"


def run(runner, args, **kw):
    return runner.invoke(main, ["check", "--no-classifier", *args], catch_exceptions=False, **kw)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    (tmp_path / "q1.md").write_bytes(NOTE.encode("utf-8"))
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_json_on_markdown_note_with_front_matter_code_crlf_and_emoji(runner, notes):
    res = run(runner, [str(notes / "q1.md"), "--format", "json", "--no-config"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    text = (notes / "q1.md").read_bytes().decode("utf-8")
    diags = data["files"][0]["diagnostics"]
    assert {d["code"] for d in diags} == {"CAU001", "DEC001"}
    fence = text.index("```")
    fence_end = text.index("```", fence + 3)
    for d in diags:
        s, e = d["range"]["start"]["offset"], d["range"]["end"]["offset"]
        assert text[s:e] == d["text"]
        assert not (fence <= s < fence_end), "nothing inside code is flagged"
        assert d["suggestion"]["replacement"]
        assert d["source"] == "rule" and 0 < d["confidence"] <= 1
    dec = [d for d in diags if d["code"] == "DEC001"]
    assert len(dec) == 1 and dec[0]["range"]["start"]["line"] == 15 and dec[0]["range"]["start"]["column"] == 1
    assert data["summary"] == {"files": 1, "diagnostics": 2, "by_code": {"CAU001": 1, "DEC001": 1}}
    assert data["version"].startswith("answerlint ")


def test_clean_note_exits_zero(runner, notes):
    res = run(runner, [str(notes / "clean.md"), "--no-config"])
    assert res.exit_code == 0 and "All clear" in res.output


def test_unknown_config_key_exits_2_with_one_line(runner, notes):
    (notes / ".answerlint.toml").write_text('selectt = ["CAU"]\n')
    res = run(runner, [str(notes / "clean.md")])
    assert res.exit_code == 2
    err = [ln for ln in res.stderr.splitlines() if ln]
    assert len(err) == 1 and ".answerlint.toml: selectt: unknown key" in err[0]


def test_pyproject_config_selects_and_severity(runner, notes):
    (notes / "pyproject.toml").write_text(
        '[tool.answerlint]\nselect = ["DEC"]\nseverity = {DEC001 = "info"}\n')
    res = run(runner, [str(notes / "q1.md"), "--format", "json"])
    codes = {d["code"] for d in json.loads(res.stdout)["files"][0]["diagnostics"]}
    assert codes == {"DEC001"}
    assert res.exit_code == 0  # info is below the default fail-on (warning)
    res = run(runner, [str(notes / "q1.md"), "--fail-on", "info"])
    assert res.exit_code == 1


def test_per_file_ignores(runner, notes):
    (notes / ".answerlint.toml").write_text('[per-file-ignores]\n"q1.md" = ["CAU001"]\n')
    res = run(runner, [str(notes / "q1.md"), "--format", "json"])
    codes = {d["code"] for d in json.loads(res.stdout)["files"][0]["diagnostics"]}
    assert codes == {"DEC001"}


@pytest.mark.parametrize("flag,value,expected", [
    ("--select", "CAU", {"CAU001"}), ("--select", "unresolved-it-depends", {"DEC001"}),
    ("--ignore", "DEC001,CAU001", set()), ("--select", "DEC001", {"DEC001"}),
])
def test_select_and_ignore_by_code_prefix_or_name(runner, notes, flag, value, expected):
    res = run(runner, [str(notes / "q1.md"), "--format", "json", "--no-config", flag, value])
    assert {d["code"] for d in json.loads(res.stdout)["files"][0]["diagnostics"]} == expected


def test_unknown_selector_is_a_usage_error(runner, notes):
    res = run(runner, [str(notes / "q1.md"), "--select", "XYZ9", "--no-config"])
    assert res.exit_code == 2 and "unknown rule or prefix" in res.stderr


def test_stdin_with_filename_uses_text_mode_and_config(runner, notes, monkeypatch):
    monkeypatch.chdir(notes)
    res = run(runner, ["-", "--stdin-filename", "notes/x.txt", "--format", "concise"], input="It depends.\n")
    assert res.exit_code == 1
    assert res.output.strip() == 'notes/x.txt:1:1: DEC001 "It depends" is left unresolved: name the factor and say what you would do in each case.'


def test_bad_path_and_bad_encoding_exit_2_after_linting_the_rest(runner, notes):
    (notes / "latin1.md").write_bytes("caf\xe9 it depends".encode("latin-1"))
    res = run(runner, [str(notes / "missing.md"), str(notes / "latin1.md"), str(notes / "q1.md"),
                       "--format", "concise", "--no-config"])
    assert res.exit_code == 2
    assert "CAU001" in res.output  # the good file was still linted
    errs = res.stderr.strip().splitlines()
    assert len(errs) == 2 and all(e.startswith("answerlint: error: ") for e in errs)
    assert "not valid UTF-8" in res.stderr and "no such file" in res.stderr


def test_directory_walk_respects_gitignore_and_exclude(runner, notes):
    sub = notes / "drafts"
    sub.mkdir()
    (sub / "a.md").write_text("It depends.\n")
    (notes / "b.txt").write_text("It depends.\n")
    (notes / "c.rst").write_text("It depends.\n")
    (notes / ".gitignore").write_text("drafts/\n")
    res = run(runner, [str(notes), "--format", "json", "--no-config", "--exclude", "clean.md"])
    paths = sorted(Path(f["path"]).name for f in json.loads(res.stdout)["files"])
    assert paths == ["b.txt", "q1.md"]


def test_disable_next_line_and_ranges(runner, tmp_path):
    text = ("<!-- answerlint-disable-next-line DEC001 -->\nIt depends.\n\nIt depends.\n\n"
            "<!-- answerlint-disable -->\nHard to say.\n<!-- answerlint-enable -->\n\n"
            "<!-- answerlint-disable-next-line CAU001 -->\nIt is anyone's guess.\n")
    f = tmp_path / "s.md"
    f.write_text(text)
    res = run(runner, [str(f), "--format", "json", "--no-config", "--warn-unused-suppressions"])
    diags = json.loads(res.stdout)["files"][0]["diagnostics"]
    got = sorted((d["code"], d["range"]["start"]["line"]) for d in diags)
    assert got == [("DEC001", 4), ("DEC001", 11), ("SUP001", 10)]


def test_plain_text_suppression_comment(runner, tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("answerlint: disable-next-line DEC001\nIt depends.\n\nIt depends.\n")
    res = run(runner, [str(f), "--format", "concise", "--no-config"])
    assert res.output.count("DEC001") == 1 and ":4:1:" in res.output


def test_github_format_emits_workflow_commands(runner, notes):
    res = run(runner, [str(notes / "q1.md"), "--format", "github", "--no-config"])
    lines = res.output.strip().splitlines()
    assert len(lines) == 2
    assert all(ln.startswith("::warning file=") and ",line=" in ln and ",endColumn=" in ln for ln in lines)
    assert "title=DEC001 unresolved-it-depends::" in res.output


def test_sarif_validates_against_the_2_1_0_schema(runner, notes):
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = SHARED / "data" / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_file.exists():
        pytest.skip("../shared/data/sarif is not present; cannot validate SARIF")
    res = run(runner, [str(notes / "q1.md"), "--format", "sarif", "--no-config"])
    log = json.loads(res.stdout)
    jsonschema.Draft4Validator(json.loads(schema_file.read_text())).validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"CAU001", "DEC001"}
    assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} >= {"CAU001", "DEC001", "DEC002"}


def test_statistics_and_exit_zero(runner, notes):
    res = run(runner, [str(notes / "q1.md"), "--statistics", "--exit-zero", "--no-config"])
    assert res.exit_code == 0
    assert "CAU001  causal-from-correlation" in res.output


def test_text_format_underlines_and_shows_help(runner, notes):
    res = run(runner, [str(notes / "q1.md"), "--no-config", "--color", "never"])
    assert "q1.md:15:1: DEC001 [unresolved-it-depends]" in res.output
    assert "| ^^^^^^^^^^" in res.output and "help (fill in the <placeholders>):" in res.output
    assert "Found 2 findings in 1 file" in res.output


def test_color_always_and_no_color(runner, notes, monkeypatch):
    res = run(runner, [str(notes / "q1.md"), "--no-config", "--color", "always"])
    assert "\x1b[" in res.output
    monkeypatch.setenv("NO_COLOR", "1")
    res = run(runner, [str(notes / "q1.md"), "--no-config"])
    assert "\x1b[" not in res.output


def test_rules_and_explain(runner):
    res = runner.invoke(main, ["rules"])
    assert res.exit_code == 0 and "CAU001" in res.output and "causal-from-correlation" in res.output
    res = runner.invoke(main, ["explain", "unresolved-it-depends"])
    assert res.exit_code == 0
    for section in ("What it does", "Why is this bad?", "Example", "Suggested rewrite", "Clean example"):
        assert section in res.output
    assert runner.invoke(main, ["explain", "NOPE001"]).exit_code == 2


USER_RULE = """\
code: USR001
name: weasel-everyone-knows
severity: info
what: Appeals to what everyone knows instead of evidence.
why: Saying everyone knows something skips the evidence the interviewer wants.
message: "'{match}' replaces evidence with consensus."
suggestion: "<the evidence for it>"
cues:
  weasel:
    phrases: ["everyone knows", "it is well known", "obviously"]
trigger: weasel
examples:
  flag:
    - "[[Everyone knows]] that onboarding drives retention."
  pass:
    - "Everyone who joined in May got the new onboarding."
"""


def test_rules_check_runs_a_user_folder(runner, tmp_path):
    (tmp_path / "USR001.yaml").write_text(USER_RULE)
    res = runner.invoke(main, ["rules", "--check", str(tmp_path)])
    assert res.exit_code == 0 and "2 examples: 2 passed, 0 failed" in res.output
    (tmp_path / "USR001.yaml").write_text(USER_RULE.replace("[[Everyone knows]]", "Everyone [[knows]]"))
    res = runner.invoke(main, ["rules", "--check", str(tmp_path)])
    assert res.exit_code == 1 and "FAIL USR001 flag example 1" in res.output


def test_rules_check_reports_file_field_problem(runner, tmp_path):
    (tmp_path / "USR001.yaml").write_text(USER_RULE.replace("severity: info", "severity: info\nsevrity: x"))
    res = runner.invoke(main, ["rules", "--check", str(tmp_path)])
    assert res.exit_code == 2
    assert res.stderr.strip().endswith("USR001.yaml: sevrity: unknown key")


def test_user_rule_dirs_from_config(runner, tmp_path):
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "USR001.yaml").write_text(USER_RULE)
    (tmp_path / ".answerlint.toml").write_text('rule-dirs = ["myrules"]\n')
    note = tmp_path / "n.md"
    note.write_text("Obviously the new feed is better.\n")
    res = run(runner, [str(note), "--format", "concise"])
    assert "USR001" in res.output and res.exit_code == 0  # info < warning


def test_python_module_entry_point_runs():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "answerlint", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("answerlint, version")
