"""The command line: parse options, call the library, print with a formatter, pick the exit code."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .__about__ import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _fail(message: str) -> None:
    click.echo(f"answerlint: error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="answerlint")
def main() -> None:
    """Lint written answers to product-sense and data-science questions for reasoning anti-patterns."""


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes (CAU) or names; comma-separated.")
@click.option("--ignore", multiple=True, help="Rules to skip (same forms as --select).")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of each finding.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this config file (pyproject.toml or .answerlint.toml) for every file.")
@click.option("--no-config", is_flag=True, help="Ignore every config file.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--stdin-filename", default=None, help="Name to lint stdin as (Markdown detection, config, ignores).")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip (repeatable).")
@click.option("--warn-unused-suppressions", is_flag=True, help="Report suppression comments that silence nothing.")
@click.option("--no-classifier", is_flag=True, help="Run the rules only, without the trained classifier.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Use the classifier in this directory (written by `answerlint train`).")
def check(paths, fmt, select, ignore, extend_select, fail_on, exit_zero, statistics, config_path, no_config,
          color, stdin_filename, exclude, warn_unused_suppressions, no_classifier, model_dir):
    """Lint files, folders (recursively: *.md, *.markdown, *.txt) or - for stdin."""
    from . import formats
    from .api import FileResult, LinterPool, meets
    from .config import Config, ConfigError, load_file
    from .discovery import PathError, iter_files
    from .ruleset import RuleFileError
    from .classifier import ModelError
    from .source import InputError, decode, read_file

    overrides = {"select": _split(select), "ignore": _split(ignore), "extend_select": _split(extend_select)}
    explicit = None
    if config_path and not no_config:
        try:
            explicit = load_file(Path(config_path)) or Config()
        except ConfigError as exc:
            _fail(str(exc))
            sys.exit(EXIT_ERROR)
    pool = LinterPool(explicit, no_config=no_config, overrides=overrides,
                      classifier=False if no_classifier else None, model_dir=model_dir,
                      warn_unused_suppressions=warn_unused_suppressions)
    linter_for = pool.for_path

    results: list[FileResult] = []
    sources: dict[str, str] = {}
    errors: list[str] = []
    fail_levels: dict[str, str] = {}

    def lint_one(label: str, read, name_for_config: str | None) -> None:
        try:
            linter = linter_for(name_for_config)
            text = read()
        except (ConfigError, RuleFileError, InputError, ModelError) as exc:
            errors.append(str(exc))
            results.append(FileResult(label, error=str(exc)))
            return
        findings = linter.lint_text(text, name_for_config or label)
        results.append(FileResult(label, findings))
        sources[label] = text
        fail_levels[label] = fail_on or linter.config.fail_on

    targets = list(paths) or ["."]
    file_targets = [p for p in targets if p != "-"]
    if "-" in targets:
        label = stdin_filename or "<stdin>"
        lint_one(label, lambda: decode(sys.stdin.buffer.read(), label), stdin_filename)
    for item in iter_files([Path(p) for p in file_targets], exclude=list(exclude)):
        if isinstance(item, PathError):
            errors.append(item.message)
            results.append(FileResult(item.path, error=item.message))
            continue
        lint_one(str(item), lambda item=item: read_file(item), str(item))

    style = formats.Style(_use_color(color))
    first = next(iter(pool), None)
    rules = first.rules if first is not None else {}
    shown = [r for r in results if not r.error]
    if statistics:
        out = formats.statistics(shown, rules)
    elif fmt == "json":
        out = formats.render_json(results)
    elif fmt == "sarif":
        out = formats.render_sarif(shown, rules)
    elif fmt == "github":
        out = formats.render_github(results)
    elif fmt == "concise":
        out = formats.render_concise(shown, style)
    else:
        out = formats.render_text(shown, sources, style)
        out = (out + "\n" if out else "") + formats.summary_line(results, style)
    if out:
        click.echo(out, color=style.color)
    for e in errors:
        _fail(e)
    if errors:
        sys.exit(EXIT_ERROR)
    failing = any(meets(f, fail_levels.get(r.path, "warning")) for r in shown for f in r.findings)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@main.command("rules")
@click.option("--check", "check_dir", type=click.Path(file_okay=False), default=None,
              help="Validate the rule files in DIR and run their examples.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules_cmd(check_dir, fmt):
    """List the rules, or check a folder of rule files (schema + every example)."""
    import json

    from .ruleset import RuleFileError, builtin_rules, load_rule_dir

    if check_dir:
        from .examples import run_examples

        try:
            specs = load_rule_dir(Path(check_dir))
        except RuleFileError as exc:
            _fail(str(exc))
            sys.exit(EXIT_ERROR)
        failures = 0
        total = 0
        for spec in specs:
            for outcome in run_examples(spec, extra=specs):
                total += 1
                if not outcome.ok:
                    failures += 1
                    click.echo(f"FAIL {spec.code} {outcome.kind} example {outcome.number}: {outcome.problem}")
        click.echo(f"{len(specs)} rule file{'s' * (len(specs) != 1)}, {total} examples: "
                   f"{total - failures} passed, {failures} failed")
        sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)
    specs = builtin_rules()
    if fmt == "json":
        click.echo(json.dumps([{"code": s.code, "name": s.name, "severity": s.severity, "what": s.what,
                                "url": s.doc_url} for s in specs], indent=2))
        return
    width = max(len(s.name) for s in specs)
    click.echo(f"{'code':<7} {'name':<{width}} {'severity':<8} what")
    for s in specs:
        click.echo(f"{s.code:<7} {s.name:<{width}} {s.severity:<8} {s.what}")


@main.command()
@click.argument("rule")
def explain(rule):
    """Explain a rule (by code or name): what, why, an example, its rewrite, a clean example."""
    from .examples import explain_text
    from .ruleset import builtin_rules

    specs = builtin_rules()
    spec = next((s for s in specs if rule.upper() == s.code or rule.lower() == s.name), None)
    if spec is None:
        _fail(f"unknown rule {rule!r} (see `answerlint rules`)")
        sys.exit(EXIT_ERROR)
    click.echo(explain_text(spec))


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default="corpora", show_default=True,
              help="Folder with train.jsonl and dev.jsonl.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the model (default: the model shipped inside the package).")
def train(corpus_dir, out_dir):
    """Train the sentence classifier and write its artifact and manifest (deterministic)."""
    from .classifier import shipped_dir
    from .train import train as run_training

    out = Path(out_dir) if out_dir else shipped_dir()
    try:
        manifest = run_training(Path(corpus_dir), out, echo=lambda m: click.echo(m, err=True))
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    combined = manifest["dev_scores"]["combined"]["micro"]
    rules = manifest["dev_scores"]["rules"]["micro"]
    click.echo(f"wrote {out}/ (sha256 {manifest['sha256'][:12]}...)")
    click.echo(f"dev micro: rules P={rules['precision']:.3f} R={rules['recall']:.3f} F1={rules['f1']:.3f}; "
               f"combined P={combined['precision']:.3f} R={combined['recall']:.3f} F1={combined['f1']:.3f}")


@main.command("evaluate")
@click.argument("corpus_file", type=click.Path(dir_okay=False))
@click.option("--no-classifier", is_flag=True, help="Score the rules alone.")
@click.option("--no-rules", is_flag=True, help="Score the classifier alone.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Score this model directory instead of the shipped one.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate_cmd(corpus_file, no_classifier, no_rules, model_dir, fmt):
    """Per-code precision / recall / F1 (and micro / macro) on a labelled JSON Lines corpus."""
    import json

    from .api import Linter
    from .classifier import ModelError
    from .config import Config, ConfigError
    from .corpus import ANSWER_CODES, SENTENCE_CODES, load
    from .evaluate import evaluate, table

    if no_classifier and no_rules:
        _fail("--no-classifier and --no-rules leave nothing to evaluate")
        sys.exit(EXIT_ERROR)
    try:
        answers = load(Path(corpus_file))
        linter = Linter(Config(), classifier=not no_classifier, model_dir=model_dir, use_rules=not no_rules)
    except (OSError, ValueError, ModelError, ConfigError) as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    codes = list(SENTENCE_CODES + ANSWER_CODES)
    if no_rules:
        codes = list(SENTENCE_CODES)
    scores = evaluate(answers, lambda t: linter.lint_text(t, markdown=False), codes)
    if fmt == "json":
        rows = {c: dict(zip(("precision", "recall", "f1", "support"), scores.prf(c))) for c in codes}
        rows["micro"] = dict(zip(("precision", "recall", "f1", "support"), scores.prf()))
        rows["macro"] = dict(zip(("precision", "recall", "f1"), scores.macro(codes)))
        click.echo(json.dumps(rows, indent=2))
    else:
        mode = "rules only" if no_classifier else "classifier only" if no_rules else "rules + classifier"
        click.echo(f"{corpus_file}: {len(answers)} answers, {mode}")
        click.echo(table(scores, codes))


@main.command()
@click.option("--tcp", "tcp", default=None, metavar="HOST:PORT", help="Serve over TCP instead of stdio.")
def lsp(tcp):
    """Run the language server (stdio by default)."""
    _long_running()
    try:
        from .lsp import serve
    except ImportError as exc:
        _fail(f"the language server needs the lsp extra: pip install 'answerlint[lsp]' ({exc})")
        sys.exit(EXIT_ERROR)
    host = port = None
    if tcp:
        host, _, port_s = tcp.rpartition(":")
        if not host or not port_s.isdigit():
            _fail(f"--tcp: expected HOST:PORT, got {tcp!r}")
            sys.exit(EXIT_ERROR)
        port = int(port_s)
    serve(host=host, port=port)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="JSON Lines output file.")
@click.option("--text-field", default="text", show_default=True)
@click.option("--id-field", default="id", show_default=True)
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--resume", is_flag=True, help="Skip ids already present in OUTPUT and append the rest.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Run on a Dask distributed cluster.")
@click.option("--no-classifier", is_flag=True)
@click.option("--chunk-size", type=int, default=64, show_default=True, help="Records per task.")
def batch(inputs, output, text_field, id_field, jobs, resume, scheduler, no_classifier, chunk_size):
    """Lint many answers: JSON Lines records or folders of files, streamed to JSON Lines."""
    _long_running()
    from .batch import BatchError, run_batch

    try:
        summary = run_batch(
            [Path(p) for p in inputs], Path(output), text_field=text_field, id_field=id_field, jobs=jobs,
            resume=resume, scheduler=scheduler, classifier=not no_classifier, chunk_size=chunk_size,
        )
    except BatchError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    click.echo(summary, err=True)


# Start-up (spaCy, the rule matchers, the model's vocabularies) allocates a few hundred thousand
# long-lived objects; with the default generation-0 threshold of 700 the collector runs hundreds of
# times over them for nothing, about a tenth of a short run. A larger threshold still collects cycles.
# Long-running commands (the language server, batch) freeze what start-up made and go back to the
# default thresholds.
GC_THRESHOLDS = (50_000, 20, 20)


def _long_running() -> None:
    import gc

    if gc.get_threshold() == GC_THRESHOLDS:
        gc.freeze()
        gc.set_threshold(700, 10, 10)


def run() -> None:
    """Entry point wrapper: never a traceback for the user."""
    import gc

    if os.environ.get("ANSWERLINT_GC_DEFAULT", "") in ("", "0"):
        gc.set_threshold(*GC_THRESHOLDS)
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _fail("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line for the user, the traceback on request
        if os.environ.get("ANSWERLINT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set ANSWERLINT_DEBUG=1 for details)")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    run()
