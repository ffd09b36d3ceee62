"""The pre-commit hook, run by the real `pre-commit try-repo` against this repository.

`try-repo` clones a git repository at a commit; with a local path it adds *tracked* uncommitted
changes in a temporary commit, but never untracked files. So the test snapshots this repository's
working tree (tracked and untracked, minus ignored files) into a temporary git repository, commits
it, and points `try-repo` at that: what is tested is the hook definition and package as they are on
disk, committed or not, in a checkout or in CI.

pre-commit builds the hook's own virtualenv (`pip install .` of the snapshot), which needs PyPI;
PRE_COMMIT_HOME is a temporary folder shared by the tests of this module, so it is built once.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

ROOT = Path(__file__).resolve().parents[1]
FLAGGED = ("We saw that users who watch more documentaries have higher retention, "
           "so we should promote more documentaries.\n")
CLEAN_EXAMPLE = ROOT / "examples" / "q2-clean.md"  # the project's own clean note (CI's smoke run uses it too)
SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist",
             "node_modules", ".mypy_cache", ".ruff_cache", ".tox", ".nox"}

pytestmark = pytest.mark.slow


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="answerlint tests", GIT_AUTHOR_EMAIL="tests@example.invalid",
               GIT_COMMITTER_NAME="answerlint tests", GIT_COMMITTER_EMAIL="tests@example.invalid",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    return env


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=_git_env(), check=True, capture_output=True,
                          text=True).stdout


def _working_tree_files(root: Path) -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                             env=_git_env(), check=True, capture_output=True, text=True).stdout
        files = [Path(p) for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (an unpacked archive, say)
        files = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            files += [Path(dirpath, f).relative_to(root) for f in filenames if not f.endswith(".pyc")]
    return [p for p in files if (root / p).is_file() and not set(p.parts) & SKIP_DIRS]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert (ROOT / ".pre-commit-hooks.yaml").is_file(), "the hook definition is missing at the repository root"
    repo = tmp_path_factory.mktemp("hook-repo")
    for rel in _working_tree_files(ROOT):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, repo / rel)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot for pre-commit try-repo", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook_repo: Path, home: Path, notes: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    work = tmp_path / "notes-repo"
    work.mkdir()
    git("init", "-q", cwd=work)
    for name, text in notes.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    git("add", "-A", cwd=work)
    env = _git_env()
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "answerlint",
                           "--all-files", "--verbose"], cwd=work, env=env, capture_output=True, text=True,
                          timeout=1800)


def test_flagged_note_fails_the_hook(hook_repo: Path, pre_commit_home: Path, tmp_path: Path):
    proc = try_repo(hook_repo, pre_commit_home, {"notes/q1.md": "# Q1\n\n" + FLAGGED, "notes/q1.txt": FLAGGED,
                                                 "script.py": "print('it depends on the data')\n"}, tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "answerlint" in out and "Failed" in out, out
    assert "notes/q1.md:3:48: CAU001" in out, out  # path:line:col, the code ...
    assert "notes/q1.txt:1:48: CAU001" in out, out
    assert "Association read as a cause" in out and "help" in out, out  # ... the message and the rewrite
    assert "script.py:" not in out, out  # the hook runs on Markdown and plain text only


def test_clean_note_passes_the_hook(hook_repo: Path, pre_commit_home: Path, tmp_path: Path):
    proc = try_repo(hook_repo, pre_commit_home,
                    # Other text files (reStructuredText, a LICENSE) are not the hook's business.
                    {"notes/q2.md": CLEAN_EXAMPLE.read_text(encoding="utf-8"), "README.rst": FLAGGED,
                     "LICENSE": FLAGGED}, tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out, out
