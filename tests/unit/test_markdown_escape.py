"""escape_markdown: a learner string rendered by a CommonMark + GFM renderer reads as typed,
and ordinary punctuation gets no backslash (the forum post must not look over-escaped).

The renderer is markdown-it-py (CommonMark, with GFM tables and strikethrough enabled, raw HTML
allowed as on most forums).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from adapters.exports.markdown import md_text
from domain.text import escape_markdown
from tests.corpus import hostile_strings

RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown: str) -> tuple[str, set[str]]:
    reader = _Reader()
    reader.feed(RENDERER.render(markdown))
    reader.close()
    return " ".join("".join(reader.text).split()), set(reader.tags)


def plain(value: str) -> str:
    return " ".join(value.split())


ORDINARY = [
    "Charenton-le-Pont (94220), Val-de-Marne, Île-de-France.",
    "Une association qui fait découvrir les métiers ! Pourquoi ? Parce que : 100 % + 2 = 3.",
    "Paris Est Marne & Bois — l’alliance « Vitawin » {13 communes} #ESS",
    "snake_case et mot-composé, 3.5 km, 1) non, https://www.example.org/a-b_c",
    "Une citation coupée […] puis reprise [sic].",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_punctuation_gets_no_backslash(text: str):
    assert "\\" not in escape_markdown(text)
    assert rendered(escape_markdown(text))[0] == plain(text)


TRICKY = [
    "# pas un titre",
    "- pas une liste",
    "+ non plus",
    "1. pas une liste numérotée",
    "> pas une citation",
    "---",
    "===",
    "**pas gras** *ni italique* _ni ça_ ~~ni barré~~",
    "[pas un lien](https://evil.test) ![ni une image](x.png) [ref]",
    "`pas de code` et <b>pas de HTML</b> ni <https://auto.link>",
    "a | b | c",
    "&amp; reste &amp; et &#123; aussi",
    "\\*déjà échappé\\*",
    "[x]: https://evil.test",
    "voir [x] et [y][x] et [^1]",
    "[^1]: une note",
    "a :red[rouge] et :material/home: et :smile:",
]


@pytest.mark.parametrize(
    "text", TRICKY + hostile_strings(), ids=[str(i) for i in range(len(TRICKY + hostile_strings()))]
)
def test_a_learner_string_renders_as_typed(text: str):
    for markdown in (escape_markdown(" ".join(text.split())), md_text(text)):
        shown, tags = rendered(markdown)
        assert shown == plain(text.replace("\0", "\ufffd")), markdown
        assert tags <= {"p", "br"}, (markdown, tags)


def test_table_cells_keep_their_pipes():
    cell = escape_markdown("a | b")
    table = f"| x |\n| --- |\n| {cell} |"
    assert "<td>a | b</td>" in RENDERER.render(table)
