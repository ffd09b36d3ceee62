"""The language server, driven by a real LSP client (pytest-lsp) with the server as a subprocess."""
from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

from answerlint.lsp import TextMap, apply_change, chunk_spans, parse_settings, units  # noqa: E402
from answerlint.ruleset import builtin_rules  # noqa: E402

asyncio_test = pytest.mark.asyncio(loop_scope="function")

SERVER = [sys.executable, "-m", "answerlint", "lsp"]
FAST = {"answerlint": {"classifier": False}}
FIRST_LINT_TIMEOUT = 90  # the first lint of a server loads spaCy
TIMEOUT = 30

# A rule of our own, so the rewrite action does not depend on the wording of a built-in rule.
CUSTOM_RULE = """\
code: TST001
name: very-unique
severity: info
scope: sentence
trigger: filler
suggestion_target: match
what: 'Calling something "very unique".'
why: Unique is absolute; an intensifier makes the claim weaker, not stronger.
message: '"Very unique" weakens the claim.'
suggestion: "unique"
cues:
  filler:
    phrases: ["very unique"]
examples:
  flag: ["This is a [[very unique]] feature."]
  pass: ["This is a unique feature."]
"""


def _make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # every publishDiagnostics, with its version

    def record(ls: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published.append(params)

    client.registrations = []

    def register(ls: LanguageClient, params: lsp.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
                                   lsp.CLIENT_REGISTER_CAPABILITY: register})
    return client


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=_make_client))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def caps(encodings: list[str] | None = None, workspace: lsp.WorkspaceClientCapabilities | None = None):
    general = lsp.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    return lsp.ClientCapabilities(
        general=general,
        workspace=workspace,
        text_document=lsp.TextDocumentClientCapabilities(
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown, lsp.MarkupKind.PlainText]),
            code_action=lsp.CodeActionClientCapabilities(
                code_action_literal_support=lsp.ClientCodeActionLiteralOptions(
                    code_action_kind=lsp.ClientCodeActionKindOptions(value_set=[lsp.CodeActionKind.QuickFix])),
            ),
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        window=lsp.WindowClientCapabilities(show_message=lsp.ShowMessageRequestClientCapabilities()),
    )


async def start(client: LanguageClient, *, encodings=None, options=FAST, root: Path | None = None, workspace=None):
    return await client.initialize_session(lsp.InitializeParams(
        capabilities=caps(encodings, workspace), initialization_options=options,
        root_uri=from_fs_path(str(root)) if root else None))


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1) -> str:
    uri = from_fs_path(str(path))
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


async def wait_for(client: LanguageClient, uri: str, predicate, timeout: float = TIMEOUT, version=None):
    """The latest diagnostics of `uri` once they satisfy `predicate` (and carry `version`, if given)."""
    deadline = time.monotonic() + timeout
    while True:
        mine = [p for p in client.published if p.uri == uri]
        if mine:
            last = mine[-1]
            if (version is None or last.version == version) and predicate(last.diagnostics):
                return list(last.diagnostics)
        if time.monotonic() > deadline:
            got = [(p.version, [(d.code, d.range) for d in p.diagnostics]) for p in mine[-3:]]
            raise AssertionError(f"timed out waiting for diagnostics of {uri}; last: {got}")
        await asyncio.sleep(0.05)


def codes(diags) -> list[str]:
    return [d.code for d in diags]


def with_code(code: str):
    return lambda ds: code in codes(ds)


def apply_edits(text: str, edits: list[lsp.TextEdit], encoding: str = "utf-16") -> str:
    tm = TextMap(text)
    spans = sorted(((tm.offset(e.range.start, encoding), tm.offset(e.range.end, encoding), e.new_text) for e in edits),
                   reverse=True)
    for s, e, new in spans:
        text = text[:s] + new + text[e:]
    return text


def edits_of(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    edit = action.edit
    if edit.changes:
        return list(edit.changes[uri])
    return [e for dc in edit.document_changes for e in dc.edits if dc.text_document.uri == uri]


# --------------------------------------------------------------------------- diagnostics

EMOJI_NOTE = "# Question 1\n\n😀 It depends on the data.\n"


@asyncio_test
async def test_diagnostics_on_open_with_exact_utf16_columns(client: LanguageClient, tmp_path: Path):
    result = await start(client)
    assert result.capabilities.position_encoding in (None, lsp.PositionEncodingKind.Utf16)
    uri = open_doc(client, tmp_path / "q1.md", EMOJI_NOTE)
    diags = await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT, version=1)
    d = next(d for d in diags if d.code == "DEC001")
    # "😀" is one code point but two UTF-16 code units: "It depends" starts at unit 3, not 2.
    assert d.range.start == lsp.Position(line=2, character=3)
    assert d.range.end == lsp.Position(line=2, character=13)
    assert d.severity == lsp.DiagnosticSeverity.Warning
    assert d.source == "answerlint"
    assert d.code_description.href == "https://answerlint.readthedocs.io/en/latest/rules/dec001/"
    assert "Suggested rewrite" in d.message and "if <condition A>" in d.message
    assert d.data["code"] == "DEC001" and d.data["applicable"] is False and d.data["version"] == 1


@asyncio_test
async def test_astral_and_zwj_sequences_before_the_span(client: LanguageClient, tmp_path: Path):
    await start(client)
    prefix = "👩‍👩‍👧 😀 é "
    uri = open_doc(client, tmp_path / "q.md", f"Answer:\n\n{prefix}It depends on the data.\n")
    d = next(d for d in await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT) if d.code == "DEC001")
    assert d.range.start.line == 2
    assert d.range.start.character == len(prefix.encode("utf-16-le")) // 2 == 14
    assert d.range.end.character == d.range.start.character + len("It depends")


@pytest.mark.parametrize("encoding, expected", [("utf-8", 5), ("utf-32", 2)])
@asyncio_test
async def test_negotiated_encoding_changes_the_columns(client: LanguageClient, tmp_path: Path, encoding, expected):
    result = await start(client, encodings=[encoding, "utf-16"])
    assert result.capabilities.position_encoding == encoding
    uri = open_doc(client, tmp_path / "q1.md", EMOJI_NOTE)
    d = next(d for d in await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT) if d.code == "DEC001")
    assert d.range.start == lsp.Position(line=2, character=expected)  # 😀 = 4 UTF-8 bytes, 1 UTF-32 unit
    assert d.range.end.character == expected + len("It depends")


@asyncio_test
async def test_change_updates_diagnostics_without_saving_and_close_clears(client: LanguageClient, tmp_path: Path):
    await start(client)
    uri = open_doc(client, tmp_path / "q2.md", "# Q2\n\nThe launch went fine.\n")
    await wait_for(client, uri, lambda ds: not ds, FIRST_LINT_TIMEOUT, version=1)
    # Type a flagged sentence, in several quick incremental edits: only the last version counts.
    typed = "😀 It depends on the data. "
    for i, ch in enumerate(typed):
        col = units(typed[:i], "utf-16")
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2 + i),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=lsp.Position(line=2, character=col), end=lsp.Position(line=2, character=col)),
                text=ch)]))
    last = 1 + len(typed)
    diags = await wait_for(client, uri, with_code("DEC001"), version=last)
    d = next(d for d in diags if d.code == "DEC001")
    assert d.range.start == lsp.Position(line=2, character=3)
    # The debounce collapsed the burst: no diagnostics were published for most intermediate versions.
    versions = [p.version for p in client.published if p.uri == uri]
    assert len(versions) < len(typed) // 2, versions
    assert versions == sorted(versions)
    # Delete the sentence again (a range over the emoji's two UTF-16 units and the words).
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=last + 1),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=lsp.Position(line=2, character=0),
                            end=lsp.Position(line=2, character=units(typed, "utf-16"))), text="")]))
    await wait_for(client, uri, lambda ds: not ds, version=last + 1)
    # Full-text change, then save: still linted.
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=last + 2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="# Q2\n\nIt depends on the data.\n")]))
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await wait_for(client, uri, with_code("DEC001"), version=last + 2)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await wait_for(client, uri, lambda ds: not ds)
    assert client.published[-1].uri == uri and list(client.published[-1].diagnostics) == []


# --------------------------------------------------------------------------- code actions and hover

@asyncio_test
async def test_code_action_disable_next_line_markdown(client: LanguageClient, tmp_path: Path):
    await start(client)
    text = "# Q3\n\n- Pricing:\n  😀 It depends on the data.\n"
    uri = open_doc(client, tmp_path / "q3.md", text)
    diags = await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT)
    d = next(d for d in diags if d.code == "DEC001")
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    titles = [a.title for a in actions]
    assert "Disable DEC001 for the next line" in titles
    assert "Rewrite as suggested (DEC001)" not in titles  # the rewrite has <placeholders>
    action = next(a for a in actions if a.title == "Disable DEC001 for the next line")
    assert action.kind == lsp.CodeActionKind.QuickFix
    (edit,) = edits_of(action, uri)
    assert edit.range.start == edit.range.end == lsp.Position(line=3, character=0)
    assert edit.new_text == "  <!-- answerlint-disable-next-line DEC001 -->\n"
    # Applying it silences the finding.
    new_text = apply_edits(text, [edit])
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=new_text)]))
    await wait_for(client, uri, lambda ds: "DEC001" not in codes(ds), version=2)


@asyncio_test
async def test_code_action_disable_next_line_plain_text_without_context(client: LanguageClient, tmp_path: Path):
    await start(client)
    text = "Q4\r\n\r\n\tIt depends on the data.\r\n"
    uri = open_doc(client, tmp_path / "q4.txt", text, language="plaintext")
    await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT)
    # No diagnostics in the context (some clients send none): the server uses its own for the range.
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        range=lsp.Range(start=lsp.Position(line=2, character=5), end=lsp.Position(line=2, character=5)),
        context=lsp.CodeActionContext(diagnostics=[])))
    action = next(a for a in actions if a.title == "Disable DEC001 for the next line")
    (edit,) = edits_of(action, uri)
    assert edit.new_text == "\tanswerlint: disable-next-line DEC001\r\n"
    assert edit.range.start == lsp.Position(line=2, character=0)


@asyncio_test
async def test_rewrite_action_and_workspace_config(client: LanguageClient, tmp_path: Path):
    (tmp_path / "lint-rules").mkdir()
    (tmp_path / "lint-rules" / "TST001.yaml").write_text(CUSTOM_RULE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.answerlint]\nrule-dirs = ["lint-rules"]\n', encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    await start(client, root=tmp_path)
    text = "Our 😀 feed is a very unique feature.\n"
    uri = open_doc(client, notes / "q5.md", text)
    diags = await wait_for(client, uri, with_code("TST001"), FIRST_LINT_TIMEOUT)
    d = next(d for d in diags if d.code == "TST001")
    assert d.severity == lsp.DiagnosticSeverity.Information
    assert d.range.start == lsp.Position(line=0, character=17)  # after the emoji's 2 units
    assert "Suggested rewrite: unique" in d.message
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    rewrite = next(a for a in actions if a.title == "Rewrite as suggested (TST001)")
    assert rewrite.is_preferred
    (edit,) = edits_of(rewrite, uri)
    assert edit.new_text == "unique"
    assert apply_edits(text, [edit]) == "Our 😀 feed is a unique feature.\n"
    # Only quick fixes are offered: a request for refactorings gets none.
    only = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d], only=[lsp.CodeActionKind.Refactor])))
    assert list(only) == []
    # Client settings override the workspace config.
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"answerlint": {"classifier": False, "ignore": ["TST001"]}}))
    await wait_for(client, uri, lambda ds: "TST001" not in codes(ds))


@asyncio_test
async def test_hover_shows_rule(client: LanguageClient, tmp_path: Path):
    await start(client)
    uri = open_doc(client, tmp_path / "q6.md", EMOJI_NOTE)
    await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT)
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=2, character=6)))
    assert hover is not None
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    value = hover.contents.value
    rule = next(r for r in builtin_rules() if r.code == "DEC001")
    assert "**DEC001**" in value and "unresolved-it-depends" in value
    assert "**What:**" in value and "**Why:**" in value and "**Suggested rewrite:**" in value
    assert rule.what.split("(")[0].strip() in value
    assert " ".join(rule.why.split()).split(",")[0] in value
    assert hover.range == lsp.Range(start=lsp.Position(line=2, character=3), end=lsp.Position(line=2, character=13))
    nothing = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=1)))
    assert nothing is None


@asyncio_test
async def test_config_file_changes_and_pulled_settings_relint(client: LanguageClient, tmp_path: Path):
    config = tmp_path / ".answerlint.toml"
    config.write_text('ignore = ["DEC001"]\n', encoding="utf-8")
    await start(client, root=tmp_path, workspace=lsp.WorkspaceClientCapabilities(
        configuration=True,
        did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))
    uri = open_doc(client, tmp_path / "q9.md", EMOJI_NOTE)
    await wait_for(client, uri, lambda ds: not ds, FIRST_LINT_TIMEOUT, version=1)
    assert [r.method for r in client.registrations] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    # The config file changes on disk; the client tells the server, which re-lints the open note.
    n = len(client.published)
    config.write_text("ignore = []\n", encoding="utf-8")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=from_fs_path(str(config)), type=lsp.FileChangeType.Changed)]))
    await wait_for(client, uri, with_code("DEC001"))
    assert len(client.published) > n
    # A didChangeConfiguration without settings: the server asks for the `answerlint` section.
    client.set_configuration({"classifier": False, "ignore": ["DEC"]}, section="answerlint")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await wait_for(client, uri, lambda ds: not ds)


@asyncio_test
async def test_classifier_on(client: LanguageClient, tmp_path: Path):
    await start(client, options=None)  # the config's default: rules + classifier
    uri = open_doc(client, tmp_path / "q7.md", EMOJI_NOTE)
    await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT)


# --------------------------------------------------------------------------- robustness

@asyncio_test
async def test_bad_config_logs_and_publishes_nothing(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".answerlint.toml").write_text('selekt = ["DEC"]\n', encoding="utf-8")
    await start(client)
    uri = open_doc(client, tmp_path / "q8.md", EMOJI_NOTE)
    await wait_for(client, uri, lambda ds: not ds, FIRST_LINT_TIMEOUT, version=1)
    logged = [m.message for m in client.log_messages]
    assert any(".answerlint.toml: selekt: unknown key" in m for m in logged), logged
    # Fixing the file is picked up on the next lint.
    (tmp_path / ".answerlint.toml").write_text('select = ["DEC"]\n', encoding="utf-8")
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=EMOJI_NOTE + "\n")]))
    await wait_for(client, uri, with_code("DEC001"), FIRST_LINT_TIMEOUT, version=2)
    # Bad client settings: an unknown rule is reported, and there are no diagnostics until it is fixed.
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"answerlint": {"classifier": False, "select": ["NOPE"]}}))
    await wait_for(client, uri, lambda ds: not ds)
    assert any("NOPE" in m.message for m in client.log_messages)


def _garbage(n: int, seed: int) -> str:
    rnd = random.Random(seed)
    pools = [(1, 0x80), (0x80, 0xD800), (0xD800, 0xE000), (0xE000, 0x110000)]  # lone surrogates included
    return "".join(chr(rnd.randrange(*rnd.choice(pools))) for _ in range(n))


@asyncio_test
async def test_garbage_huge_documents_and_bad_messages_do_not_kill_the_server(client: LanguageClient, tmp_path: Path):
    await start(client)
    # Binary (NUL bytes): not linted, a log message says why.
    binary = bytes(random.Random(1).randrange(256) for _ in range(20_000)).decode("latin-1")
    bin_uri = open_doc(client, tmp_path / "blob.md", "\x00" + binary)
    await wait_for(client, bin_uri, lambda ds: not ds, FIRST_LINT_TIMEOUT)
    assert any("binary" in m.message for m in client.log_messages)
    # Random code points, lone surrogates included: linted, whatever it finds.
    junk_uri = open_doc(client, tmp_path / "junk.md", _garbage(30_000, 2))
    await wait_for(client, junk_uri, lambda ds: True, FIRST_LINT_TIMEOUT)
    # A 5 MB note: the server keeps answering while it works through it.
    paragraph = ("It depends on the data. We saw that users who watch more documentaries have higher retention, "
                 "so we should promote more documentaries. ") * 20
    huge = "\n\n".join(f"## Question {i}\n\n{paragraph}" for i in range(5_000_000 // (len(paragraph) + 20)))
    assert len(huge) > 4_900_000
    huge_uri = open_doc(client, tmp_path / "huge.md", huge)
    small_uri = open_doc(client, tmp_path / "small.md", EMOJI_NOTE)
    started = time.monotonic()
    await wait_for(client, small_uri, with_code("DEC001"), timeout=20)
    hover = await asyncio.wait_for(client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=small_uri), position=lsp.Position(line=2, character=4))), 10)
    assert hover is not None
    assert time.monotonic() - started < 20
    # An unknown method gets an error response.
    with pytest.raises(JsonRpcMethodNotFound):
        await asyncio.wait_for(client.protocol.send_request_async("answerlint/noSuchMethod", {"x": 1}), 10)
    # A request whose params do not fit the method gets an error response too.
    # (Written by hand: the client would refuse to serialize such params.)
    answer = asyncio.get_running_loop().create_future()
    client.protocol._request_futures["bad-params-1"] = answer
    body = json.dumps({"jsonrpc": "2.0", "id": "bad-params-1", "method": lsp.TEXT_DOCUMENT_HOVER,
                       "params": {"bogus": True}}).encode()
    client.protocol.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(answer, 10)
    # A body that is not JSON at all, and a notification for a document that is not open: logged, ignored.
    client.protocol.writer.write(b"Content-Length: 12\r\n\r\n{not json!!}")
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=from_fs_path(str(tmp_path / "nope.md")), version=3),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="x")]))
    # Editing and closing the huge note cancels its stale run; the server still answers.
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=huge_uri, version=2),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0)),
            text="# Notes\n\n")]))
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=huge_uri)))
    await wait_for(client, huge_uri, lambda ds: not ds)
    hover = await asyncio.wait_for(client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=small_uri), position=lsp.Position(line=2, character=4))), 10)
    assert hover is not None and "DEC001" in hover.contents.value


# --------------------------------------------------------------------------- pure helpers

def test_textmap_round_trips_in_every_encoding():
    text = "a😀b\r\né\rx👩‍👩‍👧y\n\nlast"
    tm = TextMap(text)
    assert tm.line_count == 5
    for enc in ("utf-8", "utf-16", "utf-32"):
        for off in range(len(text) + 1):
            if text[off - 1:off] == "\r" and text[off:off + 1] == "\n":
                continue  # between CR and LF is not a position a client can name
            assert tm.offset(tm.position(off, enc), enc) == off, (enc, off)
    assert tm.position(2, "utf-16") == lsp.Position(line=0, character=3)
    assert tm.position(2, "utf-8") == lsp.Position(line=0, character=5)
    assert tm.offset(lsp.Position(line=0, character=99), "utf-16") == 3  # clamped to the line
    assert tm.offset(lsp.Position(line=99, character=0), "utf-16") == len(text)
    # U+2028 and form feed are not line breaks in LSP.
    assert TextMap("a\u2028b\x0cc\nd").line_count == 2


def test_apply_change_and_settings():
    change = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(line=0, character=3), end=lsp.Position(line=0, character=4)), text="\ud800")
    assert apply_change("a😀bc", change, "utf-16") == "a😀\ufffdc"
    s, problems = parse_settings({"answerlint": {"select": "CAU,DEC", "classifier": False, "bogus": 1}})
    assert s.select == ("CAU", "DEC") and s.classifier is False and len(problems) == 1
    s, problems = parse_settings({"ignore": ["DEC001"], "unrelated": True})
    assert s.ignore == ("DEC001",) and problems == []
    assert parse_settings(None)[0].select is None


def test_chunks_cover_the_text_and_cut_before_headings():
    block = "## Q\n\n" + "It depends on the data. " * 400 + "\n\n```\ncode\n\nmore code\n```\n\n"
    text = block * 200
    spans = chunk_spans(text)
    assert len(spans) > 10
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s:].startswith("## Q") for s, _ in spans)
    one_line = "x" * 300_000
    spans = chunk_spans(one_line)
    assert "".join(one_line[s:e] for s, e in spans) == one_line
