"""Markdown and plain text: what counts as prose, and exact offsets back into the original text."""
from __future__ import annotations

from answerlint.prose import markdown_prose, text_prose
from answerlint.source import LineIndex


def blocks(text, markdown=True):
    index = LineIndex(text)
    prose = markdown_prose(text, index) if markdown else text_prose(text, index)
    return prose, [(b.kind, b.text) for b in prose.blocks]


def test_code_front_matter_html_and_link_targets_are_not_prose():
    text = ("---\ntitle: It depends\n---\n+++\n\n# Title\n\n```\nIt depends on the data.\n```\n\n"
            "    indented code it depends\n\n<div>\nit depends\n</div>\n\n"
            "Read [the memo](https://example.com/it-depends) and `it depends` <https://x.io/a> www.foo.com/b ok.\n")
    _, got = blocks(text)
    joined = " ".join(t for _, t in got)
    assert "depends" not in joined
    assert ("heading", "Title") in got
    assert any("Read the memo and" in t and t.rstrip().endswith("ok.") for _, t in got)


def test_toml_front_matter_is_skipped():
    _, got = blocks("+++\ntitle = 'x'\n+++\nBody text.\n")
    assert got == [("paragraph", "Body text.")]


def test_lists_quotes_and_table_cells_are_prose():
    text = "> quoted claim here\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| cell one | cell two |\n"
    prose, got = blocks(text)
    texts = [t for _, t in got]
    assert "quoted claim here" in texts and "item one" in texts and "cell two" in texts
    kinds = {k for k, _ in got}
    assert "cell" in kinds
    items = [b for b in prose.blocks if b.text.startswith("item")]
    assert items[0].group != items[1].group  # each list item is its own paragraph
    cells = [b for b in prose.blocks if b.kind == "cell"]
    assert len({c.group for c in cells}) == 1  # a table is one unit


def test_offsets_map_back_exactly_with_crlf_tabs_emoji_and_markup():
    text = "# Q 😀\r\n\r\n> **Heavy** users\tchurn *less*,\r\n> so we should `x` push é\u0301 it.\r\n"
    prose, _ = blocks(text)
    for b in prose.blocks:
        for i, ch in enumerate(b.text):
            o = b.offsets[i]
            if o >= 0:
                assert text[o] == ch or (text[o].isspace() and ch == " ")


def test_html_comment_directives_are_collected_only_outside_code():
    text = "<!-- answerlint-disable CAU001, DEC001 -->\npara\n\n```\n<!-- answerlint-enable -->\n```\n"
    prose, _ = blocks(text)
    assert [(d.kind, d.codes) for d in prose.directives] == [("disable", ("CAU001", "DEC001"))]


def test_plain_text_paragraphs_headings_bullets_and_directives():
    text = "# Answer one\nIt depends on the data.\nMore text.\n\n- first bullet\n- second bullet\n\nanswerlint: disable-next-line DEC001\nIt depends.\n"
    prose, got = blocks(text, markdown=False)
    assert got[0] == ("heading", "Answer one")
    assert ("paragraph", "It depends on the data. More text.") in got
    assert ("paragraph", "first bullet") in got and ("paragraph", "second bullet") in got
    assert prose.directives[0].kind == "disable-next-line" and prose.directives[0].codes == ("DEC001",)


def test_identical_paragraphs_map_to_their_own_offsets(rules_only):
    para = "Weekly orders dropped 8% after the fee change. Repeat customers are flat. Basket size went up."
    text = f"# Q1\n\n{para}\n\n# Q2\n\n{para}\n"
    findings = [f for f in rules_only(text, path="n.md") if f.code == "DEC002"]
    assert len(findings) == 2
    assert findings[0].start != findings[1].start
    for f in findings:
        assert text[f.start:f.end] == f.text == "Basket size went up."


def test_long_files_are_linted_in_sections_with_the_same_findings(monkeypatch):
    import answerlint.api as api
    from answerlint.config import Config

    section = ("## Q{n}\n\nWe saw that users who watch more shows have higher retention, so we should promote shows.\n\n"
               "```\nIt depends on the data.\n```\n\nIt depends on the market 😀.\n\n")
    text = "<!-- answerlint-disable DEC001 -->\n\n" + "".join(section.format(n=i) for i in range(12))
    text += "<!-- answerlint-enable -->\n\nHard to say.\n"
    linter = api.Linter(Config(), classifier=False)
    whole = linter.lint_text(text, "long.md")
    monkeypatch.setattr(api, "CHUNK_CHARS", 400)
    linter.engine.clear_caches()
    pieces = linter.lint_text(text, "long.md")
    assert pieces == whole
    assert [f.code for f in whole].count("CAU001") == 12
    assert [f.text for f in whole if f.code == "DEC001"] == ["Hard to say"]  # the range crossed sections
    for f in pieces:
        assert text[f.start:f.end] == f.text
